import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { APPLICATION_ID, createAmifFile, openAmifFile } from '../../database/file'
import { LATEST_VERSION } from '../../database/migrations'
import { fileMeta } from '../../database/stats'
import { AppError } from '../../database/domain/errors'
import { APP_VERSION, BAD_FILES, expectUntouched, makeAmifFile, ok, pragmasOf, refused, snapshot, tempDir, testWorkspace } from './helpers'

function codeOf(fn: () => unknown): string {
  try {
    fn()
  } catch (err) {
    expect(err).toBeInstanceOf(AppError)
    return (err as AppError).code
  }
  throw new Error('expected a refusal')
}

describe('a created file', () => {
  it('carries the AMIF application id, the latest schema version and a rollback journal', async () => {
    const filePath = path.join(tempDir(), 'new.amif')
    const file = createAmifFile(filePath, { appVersion: APP_VERSION })
    expect(file.sqlite.pragma('application_id', { simple: true })).toBe(0x414d4946)
    expect(APPLICATION_ID).toBe(0x414d4946)
    expect(Buffer.from('AMIF', 'ascii').readInt32BE(0)).toBe(APPLICATION_ID)
    expect(file.sqlite.pragma('user_version', { simple: true })).toBe(LATEST_VERSION)
    expect(file.sqlite.pragma('journal_mode', { simple: true })).toBe('delete')
    expect(file.sqlite.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(file.sqlite.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0)
    expect(file.schemaVersion).toBe(LATEST_VERSION)
    await file.close()

    // What is on disk, seen by a plain connection, and again after reopening through the app.
    expect(pragmasOf(filePath)).toEqual({ applicationId: APPLICATION_ID, userVersion: LATEST_VERSION, journalMode: 'delete' })
    const reopened = openAmifFile(filePath)
    expect(reopened.sqlite.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(reopened.migrated).toEqual([])
    await reopened.close()
    expect(fs.readdirSync(path.dirname(filePath))).toEqual(['new.amif'])
  })

  it('has a meta record: file UUID, creation time, app version', async () => {
    const before = new Date().toISOString()
    const file = createAmifFile(path.join(tempDir(), 'meta.amif'), { appVersion: '9.8.7' })
    const meta = await fileMeta(file.db)
    await file.close()
    expect(meta.fileId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(meta.createdAt >= before && meta.createdAt <= new Date().toISOString()).toBe(true)
    expect(meta.createdWithVersion).toBe('9.8.7')
  })

  it('gives every file its own UUID', async () => {
    const dir = tempDir()
    const a = createAmifFile(path.join(dir, 'a.amif'), { appVersion: APP_VERSION })
    const b = createAmifFile(path.join(dir, 'b.amif'), { appVersion: APP_VERSION })
    expect((await fileMeta(a.db)).fileId).not.toBe((await fileMeta(b.db)).fileId)
    await a.close()
    await b.close()
  })

  it('is never created over an existing file, which stays as it was', async () => {
    const dir = tempDir()
    const existing = await makeAmifFile(path.join(dir, 'mine.amif'), { demo: true })
    const text = path.join(dir, 'notes.amif')
    fs.writeFileSync(text, 'not mine to overwrite')
    for (const p of [existing, text]) {
      const before = snapshot(p)
      expect(codeOf(() => createAmifFile(p, { appVersion: APP_VERSION }))).toBe('FILE_EXISTS')
      expectUntouched(p, before)
    }
  })

  it('creates its folder when needed', async () => {
    const filePath = path.join(tempDir(), 'Documents', 'AMIF Desk', 'x.amif')
    const file = createAmifFile(filePath, { appVersion: APP_VERSION })
    await file.close()
    expect(fs.existsSync(filePath)).toBe(true)
  })
})

describe('refused files', () => {
  for (const bad of BAD_FILES) {
    it(`refuses ${bad.label} with ${bad.code} and leaves it byte-identical`, async () => {
      const dir = tempDir()
      const filePath = await bad.make(dir)
      const before = snapshot(filePath)
      expect(codeOf(() => openAmifFile(filePath))).toBe(bad.code)
      expectUntouched(filePath, before)
      expect(codeOf(() => openAmifFile(filePath, { readOnly: true }))).toBe(bad.code)
      expectUntouched(filePath, before)
      expect(codeOf(() => openAmifFile(filePath, { inspectOnly: true }))).toBe(bad.code)
      expectUntouched(filePath, before)
    })
  }

  it('refuses through the workspace too, keeping the file that was open', async () => {
    const { ws, dir } = testWorkspace()
    const good = await makeAmifFile(path.join(dir, 'good.amif'))
    await ws.open(good)
    for (const bad of BAD_FILES) {
      const filePath = await bad.make(dir)
      const before = snapshot(filePath)
      await expect(ws.open(filePath)).rejects.toMatchObject({ code: bad.code })
      expectUntouched(filePath, before)
      expect((await ok(ws, 'file.info', {})).path).toBe(good)
    }
    expect(ws.settings().lastFile).toBe(good)
  })

  it('explains a refusal with the path and, for a newer file, both versions', async () => {
    const newer = BAD_FILES.find((b) => b.code === 'NEWER_VERSION')!
    const filePath = await newer.make(tempDir())
    try {
      openAmifFile(filePath)
      expect.unreachable()
    } catch (err) {
      expect((err as AppError).details).toMatchObject({ path: filePath, fileVersion: LATEST_VERSION + 1, appVersion: LATEST_VERSION })
    }
  })

  it('refuses a corrupt file listing what integrity_check found', async () => {
    const corrupt = BAD_FILES.find((b) => b.code === 'CORRUPT')!
    const filePath = await corrupt.make(tempDir())
    try {
      openAmifFile(filePath)
      expect.unreachable()
    } catch (err) {
      const problems = ((err as AppError).details as { problems: string[] }).problems
      expect(problems.length).toBeGreaterThan(0)
      expect(problems.join('\n')).toMatch(/organisations_name/)
    }
  })
})

describe('read-only files', () => {
  it('opens a current file read-only without changing it', async () => {
    const { ws, dir } = testWorkspace()
    const filePath = await makeAmifFile(path.join(dir, 'ro.amif'), { demo: true })
    const before = snapshot(filePath)
    await ws.open(filePath, { readOnly: true })
    const list = await ok(ws, 'partners.list', { search: 'caritas' })
    expect(list.rows.map((r) => r.acronym)).toEqual(['Caritas'])
    expect((await refused(ws, 'demo.load', {})).code).toBe('READ_ONLY')
    await ws.close()
    expectUntouched(filePath, before)
  })
})
