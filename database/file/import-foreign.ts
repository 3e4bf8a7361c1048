import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { AppError } from '../domain/errors'
import { appSchemaAt, compareSchema, hardenConnection, registerAppFunctions, schemaObjects, tablesAreTheApps, type SchemaDeviation } from './app-schema'
import type { Officer } from '../audit'
import { nowTimestamp } from '../domain/dates'
import { APPLICATION_ID, createAmifFile, readRawCopy } from './index'
import { newId } from '../ids'
import { asWritable } from '../writable'
import { applyMerge } from '../merge'
import { migrate } from './migrate'
import { rebuildProjectFigures } from '../figures'
import { LATEST_VERSION } from '../migrations'
import { fsyncFile, isSameFile, moveIntoPlace } from './snapshot'

/**
 * "Import its records into a new file": the way out for a file refused because its schema is not
 * the app's. Its rows are read as data from a copy in memory (nothing of its schema runs), only
 * from real tables the app knows and only in the columns the app knows; they go row by row into a
 * clean file the migrations build at the file's version, where the app's own constraints refuse
 * what they refuse; that clean copy is brought to the latest version and merged, with the merge
 * engine and its checks, into a new file the app creates. The refused file is never changed.
 */

/** Why a row was not imported. */
export type RefusalReason = 'type' | 'check' | 'foreign_key' | 'not_null' | 'duplicate' | 'invalid'

/** Rows of one table refused for one reason. */
export interface RefusedRows {
  table: string
  reason: RefusalReason
  count: number
  /** The first refused rows' ids (at most 20). */
  ids: string[]
  /** SQLite's message for the first one. */
  message: string
}

/** A table of the app the file does not hold as a real table (a view in its place, a virtual table, none). */
export interface TableLeftOut {
  table: string
  found: 'view' | 'virtual table' | 'missing'
}

export interface ImportReport {
  /** The new file. */
  path: string
  source: { path: string; schemaVersion: number; fileId: string | null }
  /** What the refused file held that is not the app's: none of it is in the new file. */
  removed: SchemaDeviation[]
  /** Rows read into the clean copy, per table. */
  imported: Record<string, number>
  importedTotal: number
  refused: RefusedRows[]
  refusedTotal: number
  /** Columns the file's tables have that the app does not: not imported. */
  unknownColumns: { table: string; column: string }[]
  tablesLeftOut: TableLeftOut[]
  /** What the merge into the new file did. */
  merge: { added: number; updated: number; deleted: number; conflicts: number; appendOnly: { auditEntries: number; handovers: number; merges: number } }
}

export interface ImportOptions {
  appVersion: string
  officer: Officer
}

const MAX_IDS = 20

function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`
}

/** The storage classes a column of this declared type takes (SQLite's affinity rules); null: any. */
function acceptedTypes(declared: string): string[] | null {
  const d = declared.toUpperCase()
  if (d.includes('INT')) return ['integer']
  if (d.includes('CHAR') || d.includes('CLOB') || d.includes('TEXT')) return ['text']
  if (d.includes('BLOB')) return ['blob']
  if (d.includes('REAL') || d.includes('FLOA') || d.includes('DOUB')) return ['real', 'integer']
  return null
}

function reasonOf(err: unknown): RefusalReason {
  const code = (err as { code?: unknown }).code
  switch (code) {
    case 'SQLITE_CONSTRAINT_CHECK':
      return 'check'
    case 'SQLITE_CONSTRAINT_FOREIGNKEY':
      return 'foreign_key'
    case 'SQLITE_CONSTRAINT_NOTNULL':
      return 'not_null'
    case 'SQLITE_CONSTRAINT_UNIQUE':
    case 'SQLITE_CONSTRAINT_PRIMARYKEY':
      return 'duplicate'
    default:
      return 'invalid'
  }
}

interface Column {
  name: string
  accepted: string[] | null
}

/** The app's columns of a table (generated ones aside), with their types. */
function columnsOf(sqlite: Database.Database, table: string): Column[] {
  const rows = sqlite.prepare(`PRAGMA main.table_xinfo(${quote(table)})`).all() as { name: string; type: string; hidden: number }[]
  return rows.filter((r) => r.hidden === 0).map((r) => ({ name: r.name, accepted: acceptedTypes(r.type) }))
}

/** The app's tables at the clean copy's version, parents before children. */
function tablesInOrder(clean: Database.Database): string[] {
  const names = clean.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid").pluck().all() as string[]
  const parents = new Map(
    names.map((n) => [n, (clean.prepare(`PRAGMA foreign_key_list(${quote(n)})`).all() as { table: string }[]).map((f) => f.table).filter((p) => p !== n)]),
  )
  const done = new Set<string>()
  const out: string[] = []
  const pending = [...names]
  while (pending.length > 0) {
    const i = pending.findIndex((n) => parents.get(n)!.every((p) => done.has(p) || !parents.has(p)))
    const next = pending.splice(i < 0 ? 0 : i, 1)[0]
    done.add(next)
    out.push(next)
  }
  return out
}

/** Collects refused rows per table and reason. */
class Refusals {
  private readonly byKey = new Map<string, RefusedRows>()
  add(table: string, reason: RefusalReason, id: string | null, message: string): void {
    const key = `${table}\u0000${reason}`
    let entry = this.byKey.get(key)
    if (!entry) {
      entry = { table, reason, count: 0, ids: [], message }
      this.byKey.set(key, entry)
    }
    entry.count++
    if (id !== null && entry.ids.length < MAX_IDS) entry.ids.push(id)
  }
  list(): RefusedRows[] {
    return [...this.byKey.values()]
  }
}

interface CopyResult {
  imported: Record<string, number>
  refused: RefusedRows[]
  unknownColumns: { table: string; column: string }[]
  tablesLeftOut: TableLeftOut[]
  fileId: string | null
}

/**
 * Copies the rows of the app's real tables from `raw` (the refused file in memory) into `clean`
 * (the app's schema at the same version), row by row; a row SQLite or the type check refuses is
 * counted, with its table and reason, and left out.
 */
function copyRows(raw: Database.Database, clean: Database.Database, appVersion: string): CopyResult {
  const found = new Map(schemaObjects(raw).map((o) => [o.name.toLowerCase(), o]))
  const refusals = new Refusals()
  const imported: Record<string, number> = {}
  const unknownColumns: { table: string; column: string }[] = []
  const tablesLeftOut: TableLeftOut[] = []
  const tables = tablesInOrder(clean)
  const hasTombstones = tables.includes('sync_tombstones')

  /** Reads one table of the file as data: its real rows, in the app's columns it has. */
  const readable = (table: string): { columns: Column[]; rows: () => IterableIterator<unknown[]> } | null => {
    const o = found.get(table.toLowerCase())
    if (!o || o.type !== 'table' || /^\s*create\s+virtual\b/i.test(o.sql ?? '')) {
      tablesLeftOut.push({ table, found: !o ? 'missing' : o.type === 'view' ? 'view' : o.type === 'table' ? 'virtual table' : 'missing' })
      return null
    }
    const theirs = columnsOf(raw, o.name)
    const theirNames = new Set(theirs.map((c) => c.name.toLowerCase()))
    const ours = columnsOf(clean, table)
    const ourNames = new Set(ours.map((c) => c.name.toLowerCase()))
    for (const c of theirs) if (!ourNames.has(c.name.toLowerCase())) unknownColumns.push({ table, column: c.name })
    const columns = ours.filter((c) => theirNames.has(c.name.toLowerCase()))
    if (columns.length === 0) return { columns, rows: () => [][Symbol.iterator]() }
    const list = [...columns.map((c) => quote(c.name)), ...columns.map((c) => `typeof(${quote(c.name)})`)].join(', ')
    const stmt = raw
      .prepare(`SELECT ${list} FROM main.${quote(o.name)}`)
      .raw(true)
      .safeIntegers(true)
    return { columns, rows: () => stmt.iterate() as IterableIterator<unknown[]> }
  }

  const idOf = (columns: Column[], values: unknown[]): string | null => {
    const at = columns.findIndex((c) => c.name === 'id')
    if (at >= 0) return String(values[at])
    const name = columns.findIndex((c) => c.name === 'table_name')
    const record = columns.findIndex((c) => c.name === 'record_id')
    return name >= 0 && record >= 0 ? `${String(values[name])}:${String(values[record])}` : null
  }

  /** Inserts the rows of one table; rows waiting for a parent of the same table are tried again. */
  const copyTable = (table: string) => {
    const source = readable(table)
    if (!source || source.columns.length === 0) return
    const { columns } = source
    const insert = clean.prepare(
      `INSERT INTO main.${quote(table)} (${columns.map((c) => quote(c.name)).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
    )
    let count = 0
    let waiting: { values: unknown[]; err: unknown }[] = []
    const attempt = (values: unknown[]): unknown => {
      try {
        insert.run(...values)
        count++
        return null
      } catch (err) {
        return err
      }
    }
    for (const row of source.rows()) {
      const values = row.slice(0, columns.length)
      const types = row.slice(columns.length) as string[]
      const wrong = columns.findIndex((c, i) => types[i] !== 'null' && c.accepted !== null && !c.accepted.includes(types[i]))
      if (wrong >= 0) {
        refusals.add(table, 'type', idOf(columns, values), `${columns[wrong].name} is ${types[wrong]}, not ${columns[wrong].accepted!.join(' or ')}`)
        continue
      }
      const err = attempt(values)
      if (err === null) continue
      if (reasonOf(err) === 'foreign_key') waiting.push({ values, err })
      else refusals.add(table, reasonOf(err), idOf(columns, values), (err as Error).message)
    }
    // A row whose parent is a later row of the same table (a self-reference) gets in on a later pass.
    for (let progress = true; progress && waiting.length > 0;) {
      const still = waiting.filter((w) => (w.err = attempt(w.values)) !== null)
      progress = still.length < waiting.length
      waiting = still
    }
    for (const w of waiting) refusals.add(table, reasonOf(w.err), idOf(columns, w.values), (w.err as Error).message)
    imported[table] = count
  }

  // The identity first: the app's triggers (tombstones) read it.
  clean.pragma('foreign_keys = OFF')
  if (tables.includes('meta')) {
    copyTable('meta')
    if (!clean.prepare('SELECT 1 FROM meta WHERE id = 1').get()) {
      clean.prepare('INSERT INTO meta (id, file_id, created_at, created_with_version) VALUES (1, ?, ?, ?)').run(newId(), nowTimestamp(), appVersion)
    }
  }
  const fileId = tables.includes('meta') ? ((clean.prepare('SELECT file_id FROM meta WHERE id = 1').pluck().get() as string | undefined) ?? null) : null
  // What the migrations put in (the reference data) gives way to the file's own rows.
  clean.transaction(() => {
    for (const t of [...tables].reverse()) if (t !== 'meta') clean.exec(`DELETE FROM main.${quote(t)}`)
    if (hasTombstones) clean.exec('DELETE FROM main.sync_tombstones')
  })()
  clean.pragma('foreign_keys = ON')
  clean.transaction(() => {
    for (const t of tables) if (t !== 'meta') copyTable(t)
  })()
  return { imported, refused: refusals.list(), unknownColumns, tablesLeftOut, fileId }
}

/**
 * Imports the records of the file at `sourcePath` (typically one refused with FOREIGN_SCHEMA)
 * into a new file at `destPath`, never over an existing file, and reports what was imported and
 * what was refused. The source is only read; the new file is made by the app (createAmifFile)
 * and filled by the merge engine.
 */
export async function importRecords(sourcePath: string, destPath: string, options: ImportOptions): Promise<ImportReport> {
  const source = path.resolve(sourcePath)
  const dest = path.resolve(destPath)
  if (isSameFile(source, dest)) throw new AppError('SAME_FILE', 'The new file cannot be the file itself', { path: dest })
  if (fs.existsSync(dest)) throw new AppError('FILE_EXISTS', `${dest} already exists`, { path: dest })

  const raw = readRawCopy(source)
  let clean: Database.Database | null = null
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'amif-import-'))
  const tmpNew = path.join(path.dirname(dest), `.${path.basename(dest)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`)
  try {
    const version = raw.pragma('user_version', { simple: true }) as number
    if (version < 1) throw new AppError('CORRUPT', `${source} has no records (its schema was never created)`, { path: source })
    let removed: SchemaDeviation[]
    let copied: CopyResult
    try {
      removed = compareSchema(schemaObjects(raw), version)
      appSchemaAt(version)
      clean = new Database(':memory:')
      hardenConnection(clean)
      registerAppFunctions(clean)
      clean.pragma(`application_id = ${APPLICATION_ID}`)
      migrate(clean, version)
      copied = copyRows(raw, clean, options.appVersion)
    } catch (err) {
      if (err instanceof AppError) throw err
      throw new AppError('CORRUPT', `The records of ${source} cannot be read: ${(err as Error).message}`, { path: source })
    }
    try {
      if (version < LATEST_VERSION) migrate(clean)
      // Figures kept by the other file are not taken on trust: computed again from its records.
      rebuildProjectFigures(clean)
    } catch (err) {
      throw new AppError('CORRUPT', `The records of ${source} cannot be brought up to date: ${(err as Error).message}`, { path: source })
    }
    const cleanPath = path.join(work, 'records.amif')
    fs.writeFileSync(cleanPath, clean.serialize())
    clean.close()
    clean = null

    fs.mkdirSync(path.dirname(dest), { recursive: true })
    const created = createAmifFile(tmpNew, { appVersion: options.appVersion })
    let merged
    try {
      merged = await applyMerge(asWritable(created), cleanPath, { officer: options.officer, resolutions: {}, prefer: 'theirs', backup: false })
    } finally {
      await created.close()
    }
    fsyncFile(tmpNew)
    moveIntoPlace(tmpNew, dest, false)
    const refusedTotal = copied.refused.reduce((n, r) => n + r.count, 0)
    return {
      path: dest,
      source: { path: source, schemaVersion: version, fileId: copied.fileId },
      removed,
      imported: copied.imported,
      importedTotal: Object.values(copied.imported).reduce((n, c) => n + c, 0),
      refused: copied.refused,
      refusedTotal,
      unknownColumns: copied.unknownColumns,
      tablesLeftOut: copied.tablesLeftOut,
      merge: { added: merged.added, updated: merged.updated, deleted: merged.deleted, conflicts: merged.conflicts.length, appendOnly: merged.appendOnly },
    }
  } finally {
    clean?.close()
    raw.close()
    fs.rmSync(work, { recursive: true, force: true })
    fs.rmSync(tmpNew, { force: true })
    fs.rmSync(`${tmpNew}-journal`, { force: true })
  }
}

/** What `check` says of a file refused for its schema, found without running anything of it. */
export interface RefusedFileInspection {
  path: string
  schemaVersion: number
  applicationId: number
  deviations: SchemaDeviation[]
  /** `ok`, SQLite's problems, or `not checked` when the file's own tables or indexes would be evaluated. */
  integrity: 'ok' | 'not checked' | string[]
  foreignKeys: ForeignKeyProblem[] | 'not checked'
  fileId: string | null
}

/** A row whose foreign key points at nothing (PRAGMA foreign_key_check). */
export interface ForeignKeyProblem {
  table: string
  rowid: number | null
  parent: string
}

/** The foreign-key problems of a connection, at most `limit` of them. */
export function foreignKeyProblems(sqlite: Database.Database, limit = 100): ForeignKeyProblem[] {
  const out: ForeignKeyProblem[] = []
  for (const r of sqlite.prepare('PRAGMA main.foreign_key_check').iterate() as IterableIterator<{ table: string; rowid: number | null; parent: string }>) {
    out.push({ table: r.table, rowid: r.rowid, parent: r.parent })
    if (out.length >= limit) break
  }
  return out
}

/**
 * Inspects a file whose schema is not the app's, from a copy in memory: what differs, and,
 * when its tables and indexes are the app's own (only triggers or views added), SQLite's
 * integrity and foreign-key checks, which then evaluate nothing the file brought.
 */
export function inspectRefusedFile(filePath: string): RefusedFileInspection {
  const raw = readRawCopy(filePath)
  try {
    const schemaVersion = raw.pragma('user_version', { simple: true }) as number
    const deviations = compareSchema(schemaObjects(raw), schemaVersion)
    const safe = tablesAreTheApps(deviations)
    let integrity: RefusedFileInspection['integrity'] = 'not checked'
    if (safe) {
      const messages = (raw.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check)
      integrity = messages.length === 1 && messages[0] === 'ok' ? 'ok' : messages
    }
    const meta = schemaObjects(raw).find((o) => o.name === 'meta')
    const fileId =
      meta && meta.type === 'table' && !deviations.some((d) => d.name === 'meta')
        ? ((raw.prepare('SELECT file_id FROM main.meta WHERE id = 1').pluck().get() as string | undefined) ?? null)
        : null
    return {
      path: path.resolve(filePath),
      schemaVersion,
      applicationId: raw.pragma('application_id', { simple: true }) as number,
      deviations,
      integrity,
      foreignKeys: safe ? foreignKeyProblems(raw) : 'not checked',
      fileId,
    }
  } finally {
    raw.close()
  }
}
