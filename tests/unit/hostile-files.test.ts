import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { appSchemaAt, compareSchema, normalizeSql, schemaObjects } from '../../database/app-schema'
import { openAmifFile } from '../../database/file'
import { LATEST_VERSION } from '../../database/migrations'
import { AppError } from '../../electron/api/errors'
import { ATTACKER_IBAN, HOSTILE_FILES, type HostileFile } from '../fixtures/hostile-files'
import {
  dumpTables,
  expectUntouched,
  makeAmifFile,
  makeFileAtVersion,
  ok,
  refused,
  schemaOf,
  sha256,
  snapshot,
  tempDir,
  testWorkspace,
} from './helpers'

function codeOf(fn: () => unknown): string {
  try {
    fn()
  } catch (err) {
    return err instanceof AppError ? err.code : `not an AppError: ${String(err)}`
  }
  return 'no error'
}

/** A hostile file in a folder of its own, with what its folder looked like once made. */
async function made(h: HostileFile) {
  const dir = tempDir('amif-hostile-')
  const filePath = await h.make(dir)
  return { dir, filePath, before: snapshot(filePath) }
}

/** The IBANs of the organisations, read as data with a plain connection (nothing of the file runs on a read). */
function ibans(filePath: string): Record<string, string | null> {
  const db = new Database(filePath, { readonly: true, fileMustExist: true })
  try {
    const rows = db.prepare('SELECT id, iban FROM organisations').all() as { id: string; iban: string | null }[]
    return Object.fromEntries(rows.map((r) => [r.id, r.iban]))
  } finally {
    db.close()
  }
}

describe('hostile files: refused on open, byte for byte as they were', () => {
  for (const h of HOSTILE_FILES) {
    it(`refuses ${h.label} (${h.codes.join(' or ')}), for writing, read-only and for inspection`, async () => {
      const { filePath, before } = await made(h)
      for (const options of [{}, { readOnly: true }, { inspectOnly: true }]) {
        expect(h.codes).toContain(codeOf(() => openAmifFile(filePath, options)))
      }
      expectUntouched(filePath, before)
    })
  }

  it('says what differs: the added trigger by name, a view in place of the clauses table, the changed payments table', async () => {
    const details = async (label: string) => {
      const h = HOSTILE_FILES.find((x) => x.label.startsWith(label))!
      const { filePath } = await made(h)
      try {
        openAmifFile(filePath)
      } catch (err) {
        return ((err as AppError).details as { deviations: { kind: string; type: string; name: string; expectedType?: string }[] }).deviations
      }
      throw new Error('opened')
    }
    expect(await details('a trigger that rewrites')).toEqual([
      expect.objectContaining({ kind: 'unexpected', type: 'trigger', name: 'organisations_iban_insert' }),
      expect.objectContaining({ kind: 'unexpected', type: 'trigger', name: 'organisations_iban_update' }),
    ])
    expect(await details('the clauses table')).toContainEqual(expect.objectContaining({ kind: 'changed', type: 'view', name: 'agreement_clauses', expectedType: 'table' }))
    expect(await details('a changed column')).toEqual([expect.objectContaining({ kind: 'changed', type: 'table', name: 'payments' })])
    expect((await details('a virtual table')).map((d) => d.name)).toContain('notes_search')
  })

  it('refuses through the workspace, keeping the file that was open', async () => {
    const { ws, dir } = testWorkspace()
    const mine = await makeAmifFile(path.join(dir, 'mine.amif'), { demo: true })
    await ws.open(mine)
    const { filePath, before } = await made(HOSTILE_FILES[0])
    await expect(ws.open(filePath)).rejects.toMatchObject({ code: 'FOREIGN_SCHEMA' })
    expect(ws.file().path).toBe(mine)
    expectUntouched(filePath, before)
  })
})

describe('hostile files: refused as a merge source, the officer’s own file unchanged', () => {
  for (const h of HOSTILE_FILES) {
    it(`refuses to merge ${h.label}`, async () => {
      const { ws, dir, dialogs } = testWorkspace()
      const mine = await makeAmifFile(path.join(dir, 'mine.amif'), { demo: true })
      const mineBefore = sha256(mine)
      await ws.open(mine)
      const { filePath, before } = await made(h)
      dialogs.nextOpenPath = filePath
      expect(h.codes).toContain((await refused(ws, 'merge.preview', {})).code)
      expect(ws.mergeSource).toBeNull()
      await ws.close()
      expect(sha256(mine)).toBe(mineBefore)
      expect(fs.readdirSync(dir).filter((n) => n.includes('before-merge'))).toEqual([])
      expectUntouched(filePath, before)
    })
  }
})

describe('copies, backups and handovers only from a verified file', () => {
  /** The open file, changed by another program after it was opened: a trigger slipped in. */
  async function tamperedAfterOpening() {
    const t = testWorkspace()
    const filePath = await makeAmifFile(path.join(t.dir, 'mine.amif'), { demo: true })
    await t.ws.open(filePath)
    const other = new Database(filePath)
    other.exec(`CREATE TRIGGER organisations_iban AFTER UPDATE ON organisations BEGIN UPDATE organisations SET iban = '${ATTACKER_IBAN}' WHERE id = NEW.id; END;`)
    other.close()
    return { ...t, filePath }
  }

  it('Save a copy refuses with FOREIGN_SCHEMA and writes nothing', async () => {
    const { ws, dir, dialogs } = await tamperedAfterOpening()
    const dest = path.join(dir, 'copy.amif')
    dialogs.nextSavePath = dest
    expect((await refused(ws, 'file.saveCopy', {})).code).toBe('FOREIGN_SCHEMA')
    expect(fs.readdirSync(dir).filter((n) => n.startsWith('copy') || n.endsWith('.tmp'))).toEqual([])
  })

  it('the handover refuses with FOREIGN_SCHEMA and writes no copy', async () => {
    const { ws, dir, dialogs } = await tamperedAfterOpening()
    const out = path.join(dir, 'out')
    fs.mkdirSync(out)
    dialogs.nextSavePath = path.join(out, 'handover.amif')
    const error = await refused(ws, 'handover.write', { values: { toName: 'Pieter', note: 'Voici le fichier.' }, language: 'fr', today: '2026-03-15' })
    expect(error.code).toBe('FOREIGN_SCHEMA')
    expect(fs.readdirSync(out)).toEqual([])
  })
})

describe('the app’s own schema', () => {
  it('a file created at any older version and migrated has exactly the schema of a new file', async () => {
    const dir = tempDir()
    for (let v = 0; v < LATEST_VERSION; v++) {
      const filePath = makeFileAtVersion(path.join(dir, `v${v}.amif`), v)
      const file = openAmifFile(filePath)
      expect(file.schemaVersion).toBe(LATEST_VERSION)
      await file.close()
      expect(compareSchema(schemaObjects(new Database(filePath, { readonly: true })), LATEST_VERSION)).toEqual([])
      // And it opens again, now at the latest version.
      await openAmifFile(filePath).close()
    }
    const fresh = await makeAmifFile(path.join(dir, 'fresh.amif'))
    expect(schemaOf(path.join(dir, 'v1.amif'))).toEqual(schemaOf(fresh))
  })

  it('allows SQLite’s own statistics tables (ANALYZE) and nothing else of SQLite’s', async () => {
    const dir = tempDir()
    const filePath = await makeAmifFile(path.join(dir, 'analyzed.amif'), { demo: true })
    const db = new Database(filePath)
    db.exec('ANALYZE')
    db.close()
    await openAmifFile(filePath).close()
  })

  it('compares definitions as SQLite reads them: spacing, comments, case and quotes of plain names aside', () => {
    expect(normalizeSql('CREATE TABLE "t" (\n  a  TEXT -- note\n, b INTEGER /* x */ CHECK (b >= 0))')).toBe(normalizeSql('create table t(a text,b integer check(b >= 0))'))
    expect(normalizeSql("CHECK (kind IN ('ngo'))")).not.toBe(normalizeSql("CHECK (kind IN ('NGO'))"))
    expect(normalizeSql('CHECK (b >= 0)')).not.toBe(normalizeSql('CHECK (b > 0)'))
    expect(appSchemaAt(LATEST_VERSION).size).toBeGreaterThan(20)
  })
})
