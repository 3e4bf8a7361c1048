import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { appSchemaAt, compareSchema, normalizeSql, schemaObjects } from '../../database/file/app-schema'
import { openAmifFile } from '../../database/file'
import { LATEST_VERSION } from '../../database/migrations'
import { AppError } from '../../database/domain/errors'
import { ATTACKER_IBAN, HOSTILE_FILES, type HostileFile } from '../fixtures/hostile-files'
import { dumpTables, expectUntouched, makeAmifFile, makeFileAtVersion, ok, refused, schemaOf, sha256, snapshot, tempDir, testWorkspace } from './helpers'
import { runHere } from './cli-helpers'
import { folderState, makeHotJournalFile } from './file-helpers'

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
    expect(await details('the clauses table')).toContainEqual(
      expect.objectContaining({ kind: 'changed', type: 'view', name: 'agreement_clauses', expectedType: 'table' }),
    )
    expect(await details('a changed column')).toEqual([expect.objectContaining({ kind: 'changed', type: 'table', name: 'payments' })])
    expect((await details('a virtual table')).map((d) => d.name)).toContain('notes_search')
  })

  it('refuses a file with a crash’s journal before rolling it back in the file: file and journal stay as they are', async () => {
    const dir = tempDir()
    const hot = await makeHotJournalFile(path.join(dir, 'hot.amif'), (db) =>
      db.exec(
        `CREATE TRIGGER organisations_iban AFTER UPDATE ON organisations BEGIN UPDATE organisations SET iban = '${ATTACKER_IBAN}' WHERE id = NEW.id; END;`,
      ),
    )
    const before = folderState(dir)
    for (const options of [{}, { readOnly: true }, { inspectOnly: true }]) {
      expect(codeOf(() => openAmifFile(hot.path, options))).toBe('FOREIGN_SCHEMA')
    }
    expect(folderState(dir)).toEqual(before)
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
    other.exec(
      `CREATE TRIGGER organisations_iban AFTER UPDATE ON organisations BEGIN UPDATE organisations SET iban = '${ATTACKER_IBAN}' WHERE id = NEW.id; END;`,
    )
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
    // Every version migrated and opened twice: 12 s on a quiet 2-core machine.
  }, 60_000)

  it('allows SQLite’s own statistics tables (ANALYZE) and nothing else of SQLite’s', async () => {
    const dir = tempDir()
    const filePath = await makeAmifFile(path.join(dir, 'analyzed.amif'), { demo: true })
    const db = new Database(filePath)
    db.exec('ANALYZE')
    db.close()
    await openAmifFile(filePath).close()
  })

  it('compares definitions as SQLite reads them: spacing, comments, case and quotes of plain names aside', () => {
    expect(normalizeSql('CREATE TABLE "t" (\n  a  TEXT -- note\n, b INTEGER /* x */ CHECK (b >= 0))')).toBe(
      normalizeSql('create table t(a text,b integer check(b >= 0))'),
    )
    expect(normalizeSql("CHECK (kind IN ('ngo'))")).not.toBe(normalizeSql("CHECK (kind IN ('NGO'))"))
    expect(normalizeSql('CHECK (b >= 0)')).not.toBe(normalizeSql('CHECK (b > 0)'))
    expect(appSchemaAt(LATEST_VERSION).size).toBeGreaterThan(20)
  })
})

describe('hostile files: their records imported into a new file, without what the app did not create', () => {
  for (const h of HOSTILE_FILES.filter((x) => x.kind === 'schema')) {
    it(`imports ${h.label}: a clean file, the same records, the refused file unchanged`, async () => {
      const { filePath, before, dir } = await made(h)
      const { ws, dialogs } = testWorkspace()
      await expect(ws.open(filePath)).rejects.toMatchObject({ code: 'FOREIGN_SCHEMA' })
      ws.rememberPicked(filePath)
      const dest = path.join(dir, 'imported.amif')
      dialogs.nextSavePath = dest
      const result = await ok(ws, 'file.importForeign', { path: filePath })
      if (result.cancelled) throw new Error('cancelled')
      const { report } = result
      expectUntouched(filePath, { ...before, siblings: [...before.siblings, 'imported.amif', 'imported.amif.lock'].sort() })

      // The new file is open like any file, and its schema is exactly a new file's.
      expect(ws.file().path).toBe(dest)
      expect(result.file.path).toBe(dest)
      const fresh = await makeAmifFile(path.join(tempDir(), 'fresh.amif'))
      expect(schemaOf(dest)).toEqual(schemaOf(fresh))
      const names = schemaOf(dest).map((o) => o.name)
      for (const o of h.objects.filter((n) => n !== 'agreement_clauses' && n !== 'payments')) expect(names).not.toContain(o)
      expect(report.removed.map((d) => d.name)).toEqual(expect.arrayContaining([...h.objects]))

      // The records are there, the IBANs as the officer saved them.
      const source = ibans(filePath)
      expect(ibans(dest)).toEqual(source)
      expect(Object.values(source).filter((v) => v !== null).length).toBeGreaterThan(3)
      expect(Object.values(ibans(dest))).not.toContain(ATTACKER_IBAN)
      const tables = ['organisations', 'contacts', 'partnerships', 'projects', 'milestones', 'budget_lines']
      expect(dumpTables(dest, tables)).toEqual(dumpTables(filePath, tables))

      // Saving an organisation in the new file runs nothing of the refused one.
      const partner = (await ok(ws, 'partners.list', { archived: 'all' })).rows.find((r) => source[r.id])!
      const detail = await ok(ws, 'partners.get', { id: partner.id })
      await ok(ws, 'partners.update', {
        id: partner.id,
        expectedUpdatedAt: detail.updatedAt,
        values: { ...partnerValues(detail), notes: 'Vérifié après import.' },
      })
      expect(ibans(dest)[partner.id]).toBe(source[partner.id])
    })
  }

  it('leaves out the view put in place of the clauses table: its "pay to BE71…" article is not imported', async () => {
    const { filePath, dir } = await made(HOSTILE_FILES.find((x) => x.objects.includes('agreement_clauses'))!)
    const { ws, dialogs } = testWorkspace()
    ws.rememberPicked(filePath)
    dialogs.nextSavePath = path.join(dir, 'imported.amif')
    const result = await ok(ws, 'file.importForeign', { path: filePath })
    if (result.cancelled) throw new Error('cancelled')
    expect(result.report.tablesLeftOut).toEqual([{ table: 'agreement_clauses', found: 'view' }])
    const clauses = await ok(ws, 'clauses.list', { language: 'fr' })
    expect(JSON.stringify(clauses)).not.toContain('BE71')
  })

  it('offers the way out from the merge too: the colleague’s file refused by merge.preview can be imported', async () => {
    const { filePath, dir } = await made(HOSTILE_FILES[1])
    const { ws, dialogs } = testWorkspace()
    await ws.open(await makeAmifFile(path.join(dir, 'mine.amif'), { demo: true }))
    dialogs.nextOpenPath = filePath
    expect((await refused(ws, 'merge.preview', {})).code).toBe('FOREIGN_SCHEMA')
    dialogs.nextSavePath = path.join(dir, 'imported.amif')
    const result = await ok(ws, 'file.importForeign', { path: filePath })
    if (result.cancelled) throw new Error('cancelled')
    expect(result.report.importedTotal).toBeGreaterThan(100)
    expect(result.report.refusedTotal).toBe(0)
    expect(result.report.merge.added).toBeGreaterThan(50)
    expect(ws.file().path).toBe(path.join(dir, 'imported.amif'))
  })

  it('refuses, counted with its table and reason, the row only the changed definition let in', async () => {
    const { filePath, dir } = await made(HOSTILE_FILES.find((x) => x.objects.includes('payments'))!)
    const { ws, dialogs } = testWorkspace()
    ws.rememberPicked(filePath)
    dialogs.nextSavePath = path.join(dir, 'imported.amif')
    const result = await ok(ws, 'file.importForeign', { path: filePath })
    if (result.cancelled) throw new Error('cancelled')
    expect(result.report.refused).toEqual([
      expect.objectContaining({ table: 'payments', reason: 'check', count: 1, ids: ['ffffffff-0000-4000-8000-00000000dead'] }),
    ])
    expect(result.report.refusedTotal).toBe(1)
    const db = new Database(path.join(dir, 'imported.amif'), { readonly: true })
    expect(db.prepare('SELECT count(*) FROM payments WHERE paid_cents < 0').pluck().get()).toBe(0)
    expect(db.prepare('SELECT count(*) FROM payments').pluck().get()).toBe(countIn(filePath, 'payments') - 1)
    db.close()
  })

  it('imports a hostile file at an older schema version: the records brought up to date, the trigger gone', async () => {
    const dir = tempDir()
    const filePath = makeFileAtVersion(path.join(dir, 'old.amif'), 2)
    const db = new Database(filePath)
    db.prepare(
      "INSERT INTO organisations (id, name, kind, iban, created_at, updated_at, updated_by) VALUES ('11111111-2222-4333-8444-555555555555', 'CPAS de Namur', 'public_authority', 'BE68539007547034', '2022-01-01T00:00:00.000Z', '2022-01-01T00:00:00.000Z', 'Ancien')",
    ).run()
    db.exec(`CREATE TRIGGER organisations_iban AFTER UPDATE ON organisations BEGIN UPDATE organisations SET iban = '${ATTACKER_IBAN}' WHERE id = NEW.id; END;`)
    db.close()
    const before = snapshot(filePath)
    const { ws, dialogs } = testWorkspace()
    await expect(ws.open(filePath)).rejects.toMatchObject({ code: 'FOREIGN_SCHEMA' })
    expect(fs.readdirSync(dir).filter((n) => n.includes('before-v'))).toEqual([])
    ws.rememberPicked(filePath)
    dialogs.nextSavePath = path.join(dir, 'new.amif')
    const result = await ok(ws, 'file.importForeign', { path: filePath })
    if (result.cancelled) throw new Error('cancelled')
    expect(result.report.source.schemaVersion).toBe(2)
    expect(result.file.schemaVersion).toBe(LATEST_VERSION)
    expect(ibans(path.join(dir, 'new.amif'))).toEqual({ '11111111-2222-4333-8444-555555555555': 'BE68539007547034' })
    expectUntouched(filePath, { ...before, siblings: [...before.siblings, 'new.amif', 'new.amif.lock'].sort() })
  })

  it('only takes a file the officer opened or picked, and never writes over an existing file', async () => {
    const { filePath, dir } = await made(HOSTILE_FILES[0])
    const { ws, dialogs } = testWorkspace()
    expect((await refused(ws, 'file.importForeign', { path: filePath })).code).toBe('VALIDATION')
    ws.rememberPicked(filePath)
    const existing = await makeAmifFile(path.join(dir, 'existing.amif'))
    const existingBefore = snapshot(existing)
    dialogs.nextSavePath = existing
    expect((await refused(ws, 'file.importForeign', { path: filePath })).code).toBe('FILE_EXISTS')
    expectUntouched(existing, existingBefore)
    dialogs.nextSavePath = null
    expect(await ok(ws, 'file.importForeign', { path: filePath })).toEqual({ cancelled: true })
  })
})

function countIn(filePath: string, table: string): number {
  const db = new Database(filePath, { readonly: true })
  try {
    return db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number
  } finally {
    db.close()
  }
}

/** The values `partners.update` takes, from a partner as `partners.get` returns it. */
function partnerValues(p: Awaited<ReturnType<typeof ok<'partners.get'>>>) {
  return {
    name: p.name,
    acronym: p.acronym,
    kind: p.kind,
    enterpriseNumber: p.enterpriseNumber,
    foreignRegistration: p.foreignRegistration,
    vatNumber: p.vatNumber,
    street: p.street,
    postcode: p.postcode,
    city: p.city,
    country: p.country,
    website: p.website,
    iban: p.iban,
    bic: p.bic,
    workingLanguages: p.workingLanguages,
    notes: p.notes,
  }
}

describe('the command line: check and import', () => {
  it('check reports the schema ("ok") and the foreign keys of an app file', async () => {
    const filePath = await makeAmifFile(path.join(tempDir(), 'good.amif'), { demo: true })
    const run = await runHere(['check', filePath])
    expect(run.code).toBe(0)
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: true, schema: 'ok', integrity: 'ok', foreignKeys: [] })
  })

  it('check lists what differs in a file with a foreign schema, exit 2, running nothing and changing nothing', async () => {
    for (const h of HOSTILE_FILES.filter((x) => x.kind === 'schema')) {
      const { filePath, before } = await made(h)
      const run = await runHere(['check', filePath])
      expect(run.code).toBe(2)
      const out = JSON.parse(run.stdout)
      expect(out).toMatchObject({ ok: false, code: 'FOREIGN_SCHEMA', schemaVersion: LATEST_VERSION })
      expect(out.schema.map((d: { name: string }) => d.name)).toEqual(expect.arrayContaining([...h.objects]))
      // Only added triggers or views: SQLite's own checks run (they evaluate nothing of the file's); otherwise not.
      const onlyTriggers = h.objects.every((o) => o.endsWith('_insert') || o.endsWith('_update') || o === 'audit_log_keep' || o === 'documents_swap')
      expect(out.integrity).toBe(onlyTriggers ? 'ok' : 'not checked')
      expect(out.foreignKeys).toEqual(onlyTriggers ? [] : 'not checked')
      expectUntouched(filePath, before)
    }
  })

  it('check reports rows whose foreign key points at nothing', async () => {
    const filePath = await makeAmifFile(path.join(tempDir(), 'orphans.amif'), { demo: true })
    const db = new Database(filePath)
    db.pragma('foreign_keys = OFF')
    db.exec("UPDATE contacts SET organisation_id = 'gone' WHERE rowid = (SELECT min(rowid) FROM contacts)")
    db.close()
    const run = await runHere(['check', filePath])
    expect(JSON.parse(run.stdout).foreignKeys).toEqual([expect.objectContaining({ table: 'contacts', parent: 'organisations' })])
  })

  it('import <file> --out <new> --json imports the records into a new file that opens like any other', async () => {
    const { filePath, before, dir } = await made(HOSTILE_FILES[0])
    const out = path.join(dir, 'clean.amif')
    const run = await runHere(['import', filePath, '--out', out, '--json', '--officer', 'Test'])
    expect(run.code).toBe(0)
    const report = JSON.parse(run.stdout)
    expect(report).toMatchObject({ ok: true, path: out, refusedTotal: 0 })
    expect(report.removed.map((d: { name: string }) => d.name)).toEqual(['organisations_iban_insert', 'organisations_iban_update'])
    expect(ibans(out)).toEqual(ibans(filePath))
    expectUntouched(filePath, { ...before, siblings: [...before.siblings, 'clean.amif'].sort() })
    const check = await runHere(['check', out])
    expect(JSON.parse(check.stdout)).toMatchObject({ ok: true, schema: 'ok', integrity: 'ok', foreignKeys: [] })
    // Never over an existing file.
    const again = await runHere(['import', filePath, '--out', out, '--json'])
    expect(again.code).toBe(2)
    expect(JSON.parse(again.stdout).code).toBe('FILE_EXISTS')
  })
})
