import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { Kysely, SqliteDialect } from 'kysely'
import { describe, expect, it } from 'vitest'
import { loadDemoData } from '../../database/demo'
import { finalizeDocument, produceDocument, type NameDocument, type RenderDocument } from '../../database/documents'
import { hardenConnection, registerAppFunctions } from '../../database/file/app-schema'
import { createAmifFile, openAmifFile } from '../../database/file'
import { migrate, schemaVersion } from '../../database/file/migrate'
import { LATEST_VERSION, MIGRATIONS } from '../../database/migrations'
import { STRICT_TABLES, STRICT_VOCABULARIES } from '../../database/migrations/005_strict'
import type { DB } from '../../database/schema'
import { asWritable, type WritableDb } from '../../database/writable'
import * as vocabulary from '../../database/domain/vocabulary'
import { DOC_LANGUAGES } from '../../templates/types'
import { referenceId } from '../../database/migrations/data/reference-2021-2027'
import { copyRowsInto } from './file-helpers'
import { APP_VERSION, makeAmifFile, makeFileAtVersion, OFFICER, ok, openNewFile, refused, tempDir, testWorkspace } from './helpers'

/**
 * Migration 005: every table STRICT with CHECKs, so the file itself refuses what no app version
 * writes (a colleague's file, a hand-edited one), and every row of an existing file kept as it was.
 */

const TODAY = '2026-03-15'
const OTHER_FILE = '99999999-9999-4999-8999-999999999999'

const render: RenderDocument = async (stamp) => ({ bytes: Buffer.from(`%PDF-1.7\n% ${stamp.status} v${stamp.version}\n%%EOF\n`), pageCount: 2 })
const name: NameDocument = (version, status) => ({
  reference: `AMIF/TEST/${version}`,
  title: 'Convention de subvention',
  fileName: `Convention v${version}${status === 'draft' ? ' (projet)' : ''}.pdf`,
})

/** Runs `work` on a file through Kysely, as the app's queries would (no migration on open). */
async function withDb(filePath: string, work: (db: WritableDb, sqlite: Database.Database) => Promise<void>): Promise<void> {
  const sqlite = new Database(filePath)
  sqlite.pragma('foreign_keys = ON')
  // The test's own connection, which writes what no app version would.
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: sqlite }) }) as WritableDb
  try {
    await work(db, sqlite)
  } finally {
    await db.destroy()
  }
}

/**
 * A file as an app at schema `version` (3 or 4) left it after some use: the demonstration data,
 * documents (a final one, drafts), and from version 4 edits (vectors), deletions (tombstones), a
 * vector that knows a colleague's file, a handover and a merge.
 *
 * The file must be what an app at that version could have written, whatever today's code writes:
 * the demonstration data and documents are made by today's code in a file at the latest version
 * (today's queries name columns a version 3 or 4 file does not have), then the rows of the tables
 * and columns both schemas have are copied into a file made at `version`. Later migrations adding
 * columns or tables then leave this file as it is.
 */
async function usedFileAt(filePath: string, version: 3 | 4): Promise<string> {
  const latest = path.join(path.dirname(filePath), `latest-${path.basename(filePath)}`)
  const file = asWritable(createAmifFile(latest, { appVersion: APP_VERSION }))
  try {
    await loadDemoData(file.db, OFFICER, TODAY)
    const projects = file.sqlite.prepare("SELECT id FROM projects WHERE status <> 'draft' ORDER BY code").pluck().all() as string[]
    const draft = await produceDocument(file.db, OFFICER, {
      kind: 'agreement',
      projectId: projects[0],
      language: 'fr',
      data: { title: 'Accueil' },
      params: { signatoryId: null },
      name,
      render,
    })
    await finalizeDocument(file.db, OFFICER, draft.id, name, render)
    await produceDocument(file.db, OFFICER, { kind: 'report', projectId: projects[1], language: 'nl', data: { score: 3 }, params: null, name, render })
    await produceDocument(file.db, OFFICER, { kind: 'programme', projectId: null, language: 'en', data: { from: null }, params: null, name, render })
  } finally {
    await file.close()
  }
  makeFileAtVersion(filePath, version)
  copyRowsInto(latest, filePath)
  fs.rmSync(latest, { force: true })
  if (version < 4) return filePath
  await withDb(filePath, async (_db, sqlite) => {
    const fileId = sqlite.prepare('SELECT file_id FROM meta').pluck().get() as string
    sqlite.exec(`
      UPDATE organisations SET notes = 'Revu' WHERE rowid % 2 = 0;
      UPDATE projects SET title = title || ' (bis)' WHERE rowid % 3 = 0;
      UPDATE contacts SET sync_vv = '{"${OTHER_FILE}":2}' WHERE rowid % 5 = 0;
      DELETE FROM milestones WHERE rowid % 4 = 0;
      DELETE FROM projects WHERE status = 'draft';
    `)
    sqlite
      .prepare(
        'INSERT INTO handovers (id, at, from_officer, from_email, to_name, note, open_items_json, source_file_id, copy_file_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        '0c0c0c0c-0000-4000-8000-000000000001',
        '2026-03-14T16:30:12.345Z',
        OFFICER.name,
        OFFICER.email,
        'Pieter',
        'Dossiers en cours :\n- AMIF-2025',
        '[]',
        fileId,
        OTHER_FILE,
      )
    sqlite
      .prepare(
        'INSERT INTO sync_merges (id, at, officer_name, into_file_id, from_file_id, from_name, added, updated, deleted, conflicts, resolutions_json, backup_path) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        '0d0d0d0d-0000-4000-8000-000000000001',
        '2026-03-15T09:00:00.000Z',
        OFFICER.name,
        fileId,
        OTHER_FILE,
        'theirs.amif',
        3,
        2,
        1,
        1,
        '{"projects:x":{"resolution":"unresolved"}}',
        'C:\\AMIF\\mine.before-merge.amif',
      )
  })
  return filePath
}

/** Migrates the file to exactly `version` through a connection set up as the app's, returning the versions applied. */
function migrateFileTo(filePath: string, version: number): number[] {
  const sqlite = new Database(filePath)
  try {
    hardenConnection(sqlite)
    sqlite.pragma('foreign_keys = ON')
    registerAppFunctions(sqlite)
    const applied = migrate(sqlite, version)
    expect(schemaVersion(sqlite)).toBe(version)
    return applied
  } finally {
    sqlite.close()
  }
}

/** Every row of every table with its rowid, each value with its SQLite storage class. */
function everyRow(filePath: string): Record<string, unknown[]> {
  const db = new Database(filePath, { readonly: true, fileMustExist: true })
  try {
    const out: Record<string, unknown[]> = {}
    for (const table of db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
      .pluck()
      .all() as string[]) {
      const columns = (db.prepare(`PRAGMA table_info("${table}")`).all() as { name: string }[]).map((c) => c.name)
      const select = columns.flatMap((c) => [`"${c}"`, `typeof("${c}") AS "${c}:type"`]).join(', ')
      out[table] = db.prepare(`SELECT rowid AS "rowid:", ${select} FROM "${table}" ORDER BY rowid`).all()
    }
    return out
  } finally {
    db.close()
  }
}

/** Each table's STRICT flag, read from an open connection or from a file (read-only). */
function strictness(from: Database.Database | string): { name: string; strict: number }[] {
  const db = typeof from === 'string' ? new Database(from, { readonly: true, fileMustExist: true }) : from
  try {
    return db
      .prepare("SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
      .all() as {
      name: string
      strict: number
    }[]
  } finally {
    if (typeof from === 'string') db.close()
  }
}

describe('the tables', () => {
  it('are all STRICT, in a new file and in a migrated one', async () => {
    // Migration 005 made every table of its time STRICT, in a new file...
    const at5 = new Database(':memory:')
    migrate(at5, 5)
    const tablesAt5 = strictness(at5)
    at5.close()
    expect(tablesAt5.map((t) => t.name)).toEqual([...STRICT_TABLES].sort())
    expect(tablesAt5.filter((t) => t.strict !== 1)).toEqual([])
    // ...and every table of a new file at the latest version is STRICT too (later migrations may add tables).
    const fresh = new Database(':memory:')
    migrate(fresh)
    const tables = strictness(fresh)
    fresh.close()
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining([...STRICT_TABLES]))
    expect(tables.filter((t) => t.strict !== 1)).toEqual([])

    // A used version 4 file: the same STRICT tables at version 5, and the same as a new file at the latest.
    const old = await usedFileAt(path.join(tempDir(), 'v4.amif'), 4)
    expect(migrateFileTo(old, 5)).toEqual([5])
    expect(strictness(old)).toEqual(tablesAt5)
    await openAmifFile(old).close()
    expect(strictness(old)).toEqual(tables)
  })

  it('check their closed vocabularies against the app’s own', () => {
    expect(STRICT_VOCABULARIES).toEqual({
      organisationKinds: vocabulary.ORGANISATION_KINDS,
      strands: vocabulary.STRANDS,
      partnerRoles: vocabulary.PARTNER_ROLES,
      partnershipStatuses: vocabulary.PARTNERSHIP_STATUSES,
      contactLanguages: vocabulary.CONTACT_LANGUAGES,
      objectiveCodes: vocabulary.OBJECTIVE_CODES,
      projectStatuses: vocabulary.PROJECT_STATUSES,
      projectPartnerRoles: vocabulary.PROJECT_PARTNER_ROLES,
      budgetCategories: vocabulary.BUDGET_CATEGORIES,
      costModels: vocabulary.COST_MODELS,
      rateGrounds: vocabulary.RATE_GROUNDS,
      paymentKinds: vocabulary.PAYMENT_KINDS,
      paymentStatuses: vocabulary.PAYMENT_STATUSES,
      milestoneStatuses: vocabulary.MILESTONE_STATUSES,
      indicatorTypes: vocabulary.INDICATOR_TYPES,
      documentKinds: ['agreement', 'report', 'programme', 'handover'],
      documentStatuses: ['draft', 'final'],
      documentLanguages: DOC_LANGUAGES,
      auditActions: ['create', 'update', 'archive', 'restore', 'delete', 'import'],
    })
  })
})

describe('the file itself refuses values no app version writes', () => {
  async function demoFile() {
    const filePath = await makeAmifFile(path.join(tempDir(), 'demo.amif'), { demo: true })
    await withDb(filePath, async (db, sqlite) => {
      const project = sqlite.prepare('SELECT id FROM projects ORDER BY code').pluck().get() as string
      await produceDocument(db, OFFICER, { kind: 'agreement', projectId: project, language: 'fr', data: {}, params: null, name, render })
    })
    return new Database(filePath)
  }

  const FORGED: [table: string, column: string, value: unknown, why: string][] = [
    ['budget_lines', 'amount_cents', 1.5, 'a fraction of a cent'],
    ['budget_lines', 'amount_cents', 1e300, 'an amount beyond any budget'],
    ['budget_lines', 'amount_cents', -50_000, 'a negative amount'],
    ['budget_lines', 'amount_cents', 100_000_000_000_000, 'more than 1 000 billion euros'],
    ['payments', 'paid_cents', 'abc', 'text as an amount'],
    ['projects', 'eu_rate_bp', 10_001, 'a rate above 100 %'],
    ['projects', 'end_date', '9999-99-99', 'a date that does not exist'],
    ['projects', 'end_date', '2027-02-30', 'a 30 February'],
    ['projects', 'end_date', '31/12/2027', 'a date in another format'],
    ['projects', 'end_date', '2027-13-01', 'a thirteenth month'],
    ['projects', 'end_date', '2027-00-10', 'a month zero'],
    ['projects', 'status', 'approved', 'a status the app does not know'],
    ['projects', 'title', '\u0000Convention', 'a text starting with NUL'],
    ['projects', 'title', 'Convention\u0000' + 'x'.repeat(50), 'a NUL hiding the rest of a text'],
    ['projects', 'title', 'W'.repeat(40_000), 'a 40 000-character title'],
    ['organisations', 'name', 'n'.repeat(301), 'a name longer than any the window accepts'],
    ['organisations', 'country', 'Belgique', 'a country that is not a code'],
    ['organisations', 'working_languages', '["fr"', 'malformed JSON'],
    ['organisations', 'sync_vv', 'not json', 'a version vector that is not JSON'],
    ['organisations', 'sync_vv', '[1,2]', 'a version vector that is not an object'],
    ['organisations', 'updated_at', '9999-99-99T00:00:00.000Z', 'a timestamp that does not exist'],
    ['organisations', 'updated_at', '2026-03-15 10:00', 'a timestamp in another format'],
    ['organisations', 'updated_at', '2026-19-15T10:00:00.000Z', 'a timestamp in a nineteenth month'],
    ['organisations', 'updated_at', '2026-03-15T24:00:00.000Z', 'a timestamp at hour 24'],
    ['organisations', 'archived', 2, 'a flag other than 0 or 1'],
    ['project_indicators', 'target', 1e300, 'an indicator target beyond reason'],
    ['project_indicators', 'target', 'many', 'text as a quantity'],
    ['audit_log', 'after_json', '{"name":', 'malformed JSON in the history'],
    ['audit_log', 'at', '9999-12-31', 'a date where an instant belongs'],
    ['audit_log', 'action', 'approve', 'an action the app does not write'],
    ['documents', 'pdf', '%PDF-1.7 as text', 'a PDF that is not bytes'],
    ['documents', 'sha256', 'z'.repeat(64), 'a SHA-256 that is not hexadecimal'],
    ['documents', 'byte_size', 1, 'a size that is not the size of the bytes'],
    ['documents', 'data_json', '{', 'malformed document data'],
  ]

  it('refuses each forged value, and the record stays as it was', async () => {
    const sqlite = await demoFile()
    for (const [table, column, value, why] of FORGED) {
      const row = sqlite.prepare(`SELECT rowid AS r, * FROM ${table} WHERE ${column} IS NOT NULL ORDER BY rowid LIMIT 1`).get() as Record<string, unknown> & {
        r: number
      }
      expect(row, `${table} has a row with ${column}`).toBeDefined()
      const before = sqlite.prepare(`SELECT * FROM ${table} WHERE rowid = ?`).get(row.r)
      expect(() => sqlite.prepare(`UPDATE ${table} SET ${column} = ? WHERE rowid = ?`).run(value, row.r), `${table}.${column}: ${why}`).toThrow(
        /constraint failed|cannot store/,
      )
      expect(sqlite.prepare(`SELECT * FROM ${table} WHERE rowid = ?`).get(row.r)).toEqual(before)
    }
    sqlite.close()
  })

  it('refuses a forged audit row or handover note as a whole, and takes what the app writes', async () => {
    const sqlite = await demoFile()
    const audit = sqlite.prepare(
      'INSERT INTO audit_log (id, at, officer_name, officer_email, entity, record_id, parent_id, action, before_json, after_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    )
    const good = ['a1', '2026-03-15T10:00:00.000Z', 'Pieter', null, 'project', 'p1', null, 'update', '{"title":"A"}', '{"title":"B"}']
    expect(() => audit.run(...good.slice(0, 9), '{"title":')).toThrow(/constraint failed/)
    expect(() => audit.run('a2', ...good.slice(1, 4), 'Project!', ...good.slice(5))).toThrow(/constraint failed/)
    audit.run(...good)
    const note = sqlite.prepare(
      'INSERT INTO handovers (id, at, from_officer, from_email, to_name, note, open_items_json, source_file_id, copy_file_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    )
    expect(() => note.run('h1', '9999-12-31T23:59:59.999Z+', 'Pieter', null, 'Élise', 'Bonjour', '[]', 'f1', 'f2')).toThrow(/constraint failed/)
    expect(() => note.run('h1', '2026-03-15T10:00:00.000Z', 'Pieter', null, 'Élise', 'Bonjour', '[{', 'f1', 'f2')).toThrow(/constraint failed/)
    note.run('h1', '2026-03-15T10:00:00.000Z', 'Pieter', null, 'Élise', 'Bonjour', '[]', 'f1', 'f2')
    expect(sqlite.prepare("SELECT count(*) FROM audit_log WHERE id LIKE 'a%' AND length(id) = 2").pluck().get()).toBe(1)
    sqlite.close()
  })

  it('refuses a stored PDF over 50 MB', async () => {
    const sqlite = await demoFile()
    const big = Buffer.alloc(50 * 1024 * 1024 + 1, 0x20)
    expect(() => sqlite.prepare('UPDATE documents SET pdf = ?, byte_size = ? WHERE rowid = (SELECT min(rowid) FROM documents)').run(big, big.length)).toThrow(
      /constraint failed/,
    )
    sqlite.close()
  })
})

describe('the window', () => {
  it('refuses an indicator value the file would refuse with a validation message, not an internal error', async () => {
    const { ws, dir } = testWorkspace()
    await openNewFile(ws, path.join(dir, 'demo.amif'), { demo: true })
    const project = (await ok(ws, 'projects.list', {})).rows[0]
    const values = { indicatorId: referenceId('indicator', 'O.3.3'), unit: 'persons' }
    const tooMany = await refused(ws, 'indicators.saveForProject', { projectId: project.id, values: { ...values, target: 1e13 } })
    expect(tooMany.code).toBe('VALIDATION')
    const pi = await ok(ws, 'indicators.saveForProject', {
      projectId: project.id,
      values: { ...values, indicatorId: referenceId('indicator', 'O.3.1'), target: 1e12 },
    })
    const measured = await refused(ws, 'indicators.addMeasurement', {
      projectIndicatorId: pi.id,
      values: { measuredOn: '2026-03-01', value: 1e300, source: 'Rapport' },
    })
    expect(measured.code).toBe('VALIDATION')
  })
})

describe('a file written by an earlier version', () => {
  it('keeps every row of a used version 4 file as it was: ids, vectors, tombstones, history, documents', async () => {
    const old = await usedFileAt(path.join(tempDir(), 'v4.amif'), 4)
    const before = everyRow(old)
    // The file holds what the comparison is meant to cover.
    expect(before.sync_tombstones.length).toBeGreaterThan(0)
    expect(before.documents.length).toBe(3)
    expect(before.handovers.length).toBe(1)
    expect(before.sync_merges.length).toBe(1)
    expect(JSON.stringify(before.contacts)).toContain(OTHER_FILE)

    // Migration 005 exactly: later migrations may add columns and reword reference rows.
    expect(migrateFileTo(old, 5)).toEqual([5])
    expect(everyRow(old)).toEqual(before)
  })

  it('keeps every row of a version 3 file with documents, and of an early version 1 file', async () => {
    const v3 = await usedFileAt(path.join(tempDir(), 'v3.amif'), 3)
    const before = everyRow(v3)
    expect(migrateFileTo(v3, 5)).toEqual([4, 5])
    const after = everyRow(v3)
    // Migration 004 gave every record an empty vector; nothing else changed.
    const withoutVectors = (rows: Record<string, unknown[]>) =>
      Object.fromEntries(
        Object.entries(rows)
          .filter(([t]) => t in before)
          .map(([t, list]) => [
            t,
            list.map((r) => Object.fromEntries(Object.entries(r as object).filter(([k]) => !k.startsWith('sync_vv') && !k.startsWith('parent_file_id')))),
          ]),
      )
    expect(withoutVectors(after)).toEqual(withoutVectors(before))
    expect(after.documents.length).toBe(3)

    const v1 = makeFileAtVersion(path.join(tempDir(), 'v1.amif'), 1)
    const sqlite = new Database(v1)
    sqlite.exec(`
      INSERT INTO organisations (id, name, kind, country, working_languages, archived, created_at, updated_at, updated_by)
      VALUES ('6c0f7b6e-0000-4000-8000-000000000001', 'Croix-Rouge', 'ngo', 'BE', '["fr","nl"]', 0, '2021-09-01T10:00:00.000Z', '2021-09-01T10:00:00.000Z', 'Élise');
      INSERT INTO audit_log (id, at, officer_name, entity, record_id, action, after_json)
      VALUES ('6c0f7b6e-0000-4000-8000-0000000000a1', '2021-09-01T10:00:00.000Z', 'Élise', 'organisation', '6c0f7b6e-0000-4000-8000-000000000001', 'create', '{"name":"Croix-Rouge"}');
    `)
    sqlite.close()
    expect(migrateFileTo(v1, 5)).toEqual([2, 3, 4, 5])
    const rows = everyRow(v1)
    expect(rows.organisations).toHaveLength(1)
    expect(rows.audit_log).toHaveLength(1)
  })

  it('still bumps vectors, leaves tombstones and cascades after the rebuild', async () => {
    const old = await usedFileAt(path.join(tempDir(), 'v4.amif'), 4)
    expect(migrateFileTo(old, 5)).toEqual([5])
    const sqlite = new Database(old)
    const fileId = sqlite.prepare('SELECT file_id FROM meta').pluck().get() as string
    const project = sqlite.prepare('SELECT id, sync_vv FROM projects WHERE id IN (SELECT project_id FROM milestones) ORDER BY code LIMIT 1').get() as {
      id: string
      sync_vv: string
    }
    sqlite.prepare("UPDATE projects SET title = 'Nouveau titre' WHERE id = ?").run(project.id)
    const vv = JSON.parse(sqlite.prepare('SELECT sync_vv FROM projects WHERE id = ?').pluck().get(project.id) as string)
    expect(vv[fileId]).toBe((JSON.parse(project.sync_vv)[fileId] ?? 0) + 1)
    const milestones = sqlite.prepare('SELECT count(*) FROM milestones WHERE project_id = ?').pluck().get(project.id) as number
    expect(milestones).toBeGreaterThan(0)
    const tombs = sqlite.prepare('SELECT count(*) FROM sync_tombstones').pluck().get() as number
    sqlite.prepare("UPDATE projects SET status = 'draft' WHERE id = ?").run(project.id)
    sqlite.prepare('DELETE FROM documents WHERE project_id = ?').run(project.id)
    sqlite.prepare('DELETE FROM projects WHERE id = ?').run(project.id)
    expect(sqlite.prepare('SELECT count(*) FROM milestones WHERE project_id = ?').pluck().get(project.id)).toBe(0)
    expect(sqlite.prepare("SELECT count(*) FROM sync_tombstones WHERE table_name = 'milestones'").pluck().get() as number).toBeGreaterThanOrEqual(milestones)
    expect(sqlite.prepare('SELECT count(*) FROM sync_tombstones').pluck().get() as number).toBeGreaterThan(tombs + milestones)
    expect(sqlite.pragma('foreign_key_check')).toEqual([])
    sqlite.close()
  })

  it('is not migrated when it holds a value the app never writes, and says which record', async () => {
    const old = await usedFileAt(path.join(tempDir(), 'forged.amif'), 4)
    const sqlite = new Database(old)
    const line = sqlite.prepare('SELECT id FROM budget_lines WHERE amount_cents IS NOT NULL ORDER BY rowid LIMIT 1 OFFSET 5').pluck().get() as string
    sqlite.prepare('UPDATE budget_lines SET amount_cents = 1.5 WHERE id = ?').run(line)
    sqlite.close()
    const before = everyRow(old)
    expect(() => openAmifFile(old)).toThrow(
      expect.objectContaining({ message: expect.stringContaining(`budget_lines record ${line} cannot be kept: cannot store REAL value in INTEGER column`) }),
    )
    const after = new Database(old, { readonly: true })
    expect(schemaVersion(after)).toBe(4)
    after.close()
    expect(everyRow(old)).toEqual(before)
  })

  it('migrates to the latest version with the same schema text as a new file', async () => {
    const dir = tempDir()
    const old = await usedFileAt(path.join(dir, 'v4.amif'), 4)
    const file = openAmifFile(old)
    expect(file.migrated).toEqual(MIGRATIONS.map((m) => m.version).filter((v) => v > 4))
    await file.close()
    const fresh = new Database(':memory:')
    migrate(fresh)
    const schema = (db: Database.Database) =>
      db.prepare("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_stat%' ORDER BY type, name").all()
    const migrated = new Database(old, { readonly: true })
    expect(schemaVersion(migrated)).toBe(LATEST_VERSION)
    expect(schema(migrated)).toEqual(schema(fresh))
    // The rebuilt tables' old pages are not left behind as free space (the file is vacuumed).
    expect(migrated.pragma('freelist_count', { simple: true })).toBe(0)
    migrated.close()
    fresh.close()
  })
})
