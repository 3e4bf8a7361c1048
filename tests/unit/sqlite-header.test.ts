import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { readSqliteHeader } from '../../database/file/sqlite-header'
import { APPLICATION_ID } from '../../database/file'
import { LATEST_VERSION } from '../../database/migrations'
import { makeAmifFile, tempDir } from './helpers'

describe('readSqliteHeader', () => {
  it('reads what SQLite itself says of a file, and a write moves the change counter', async () => {
    const filePath = await makeAmifFile(path.join(tempDir('amif-header-'), 'file.amif'))
    const header = readSqliteHeader(filePath)
    const db = new Database(filePath)
    try {
      expect(header).toMatchObject({
        pageSize: db.pragma('page_size', { simple: true }),
        pageCount: db.pragma('page_count', { simple: true }),
        pageCountValid: true,
        userVersion: LATEST_VERSION,
        applicationId: APPLICATION_ID,
      })
      expect(header.stat.size).toBe(header.pageSize * header.pageCount)
      db.prepare("UPDATE meta SET created_with_version = 'header test' WHERE id = 1").run()
    } finally {
      db.close()
    }
    expect(readSqliteHeader(filePath).changeCounter).toBe(header.changeCounter + 1)
  })

  const refusals: { label: string; code: string; make(dir: string): string }[] = [
    { label: 'a missing file', code: 'FILE_NOT_FOUND', make: (dir) => path.join(dir, 'missing.amif') },
    {
      label: 'a zero-length file',
      code: 'FILE_EMPTY',
      make: (dir) => {
        fs.writeFileSync(path.join(dir, 'empty.amif'), '')
        return path.join(dir, 'empty.amif')
      },
    },
    {
      label: 'a text file',
      code: 'NOT_SQLITE',
      make: (dir) => {
        fs.writeFileSync(path.join(dir, 'notes.amif'), 'Partenaires AMIF : Fedasil, Caritas, OIM\n')
        return path.join(dir, 'notes.amif')
      },
    },
    {
      label: 'a folder',
      code: 'NOT_SQLITE',
      make: (dir) => {
        fs.mkdirSync(path.join(dir, 'folder.amif'))
        return path.join(dir, 'folder.amif')
      },
    },
    {
      label: 'a file cut inside the header',
      code: 'FILE_TRUNCATED',
      make: (dir) => {
        fs.writeFileSync(path.join(dir, 'cut.amif'), Buffer.concat([Buffer.from('SQLite format 3\0', 'latin1'), Buffer.alloc(44)]))
        return path.join(dir, 'cut.amif')
      },
    },
    {
      label: 'a header with an impossible page size',
      code: 'FILE_TRUNCATED',
      make: (dir) => {
        const header = Buffer.concat([Buffer.from('SQLite format 3\0', 'latin1'), Buffer.alloc(84)])
        header.writeUInt16BE(1000, 16)
        fs.writeFileSync(path.join(dir, 'page-size.amif'), header)
        return path.join(dir, 'page-size.amif')
      },
    },
  ]
  for (const { label, code, make } of refusals) {
    it(`refuses ${label} with ${code}, naming the path it is shown as`, () => {
      const filePath = make(tempDir('amif-header-'))
      expect(() => readSqliteHeader(filePath, 'shown.amif')).toThrow(
        expect.objectContaining({ code, details: expect.objectContaining({ path: 'shown.amif' }) }),
      )
    })
  }
})
