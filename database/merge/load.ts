import Database from 'better-sqlite3'
import { AppError } from '../domain/errors'
import { hardenConnection, registerAppFunctions } from '../file/app-schema'
import { openAmifFile } from '../file'
import { migrate } from '../file/migrate'
import { LATEST_VERSION } from '../migrations'
import { parseVv, sumVv, type Vv } from './vv'

/**
 * Reading the two sides of a merge into memory, table by table (one query per table, never one
 * per record), and what the schema says about them: which tables are synced, their foreign keys
 * and unique indexes. The schema is read from the open file itself (PRAGMA), so a table a later
 * migration adds is merged without a change here.
 */

/** The schema version that introduced version vectors and tombstones (migration 004). */
export const SYNC_SCHEMA_VERSION = 4

/** Tables a merge adds rows to by id and never changes. */
export const APPEND_ONLY_TABLES = ['audit_log', 'handovers', 'sync_merges'] as const
export type AppendOnlyTable = (typeof APPEND_ONLY_TABLES)[number]

/**
 * Columns of a synced table that are this file's own and never merged: where a record came from
 * (migration 006). They are neither compared nor copied; the merge sets them itself.
 */
export const LOCAL_COLUMNS: Readonly<Record<string, readonly string[]>> = { documents: ['received_from_file_id'] }

export interface ForeignKey {
  column: string
  parent: string
  parentColumn: string
  /** `CASCADE`, `SET NULL`, `RESTRICT`, `NO ACTION`... as PRAGMA foreign_key_list spells it. */
  onDelete: string
}

export interface TableSchema {
  name: string
  /** The merged columns (this file's own, LOCAL_COLUMNS, aside). */
  columns: string[]
  /** This file's own columns the table has (LOCAL_COLUMNS). */
  local: string[]
  /** This table's own foreign keys (to synced tables). */
  fks: ForeignKey[]
  /** The foreign key that makes a row part of its parent (the first ON DELETE CASCADE one), if any. */
  owner: ForeignKey | null
  /** Column lists of its unique indexes, the primary key excepted. */
  uniques: string[][]
}

/** The synced tables, parents before children, and the foreign keys pointing at each. */
export interface MergeSchema {
  tables: TableSchema[]
  byName: Map<string, TableSchema>
  /** For each table, the foreign keys of other tables that reference it. */
  referencedBy: Map<string, { table: string; fk: ForeignKey }[]>
}

export type RowValues = Record<string, unknown>

/** A row as read, with its effective vector (row ⊕ tombstone when an id was deleted and made again). */
export interface LoadedRow {
  values: RowValues
  vv: Vv
  /** A tombstone of the same id that the row outlived: removed when the merge writes the row. */
  staleTomb: boolean
}

export interface LoadedTomb {
  vv: Vv
  deletedAt: string
}

export interface TableSide {
  rows: Map<string, LoadedRow>
  tombs: Map<string, LoadedTomb>
}

/** One file as the merge sees it. */
export interface Side {
  fileId: string
  tables: Map<string, TableSide>
  /** Ids of the append-only tables' rows. */
  appendIds: Record<AppendOnlyTable, Set<string>>
}

function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`
}

/** Reads which tables are synced (they have `sync_vv`), their keys and indexes, in dependency order. */
export function readSchema(sqlite: Database.Database): MergeSchema {
  const names = (
    sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid").all() as { name: string }[]
  ).map((r) => r.name)
  const info = new Map<string, { columns: string[]; local: string[]; pk: string }>()
  for (const name of names) {
    const cols = sqlite.prepare(`PRAGMA table_info(${quote(name)})`).all() as { name: string; pk: number }[]
    if (name === 'sync_tombstones' || !cols.some((c) => c.name === 'sync_vv')) continue
    const pk = cols.filter((c) => c.pk > 0)
    if (pk.length !== 1 || pk[0].name !== 'id') throw new AppError('INTERNAL', `Synced table ${name} must have an id primary key`)
    const local = LOCAL_COLUMNS[name] ?? []
    info.set(name, {
      columns: cols.map((c) => c.name).filter((c) => !local.includes(c)),
      local: cols.map((c) => c.name).filter((c) => local.includes(c)),
      pk: 'id',
    })
  }
  const tables: TableSchema[] = []
  for (const [name, { columns, local }] of info) {
    const fkRows = sqlite.prepare(`PRAGMA foreign_key_list(${quote(name)})`).all() as {
      id: number
      seq: number
      table: string
      from: string
      to: string | null
      on_delete: string
    }[]
    if (fkRows.some((f) => f.seq > 0)) throw new AppError('INTERNAL', `Synced table ${name} has a foreign key over several columns`)
    const fks = fkRows
      .filter((f) => info.has(f.table))
      .map((f) => ({ column: f.from, parent: f.table, parentColumn: f.to ?? 'id', onDelete: f.on_delete.toUpperCase() }))
    const uniques: string[][] = []
    for (const idx of sqlite.prepare(`PRAGMA index_list(${quote(name)})`).all() as { name: string; unique: number; origin: string }[]) {
      if (!idx.unique || idx.origin === 'pk') continue
      const cols = (sqlite.prepare(`PRAGMA index_info(${quote(idx.name)})`).all() as { name: string | null }[]).map((c) => c.name)
      // An index on an expression cannot be checked here; the transaction would still refuse a clash.
      if (cols.every((c): c is string => c !== null)) uniques.push(cols)
    }
    const owner = fks.find((f) => f.onDelete === 'CASCADE' && f.parent !== name) ?? null
    tables.push({ name, columns, local, fks, owner, uniques })
  }
  const ordered = topological(tables)
  const referencedBy = new Map<string, { table: string; fk: ForeignKey }[]>(ordered.map((t) => [t.name, []]))
  for (const t of ordered) for (const fk of t.fks) referencedBy.get(fk.parent)?.push({ table: t.name, fk })
  return { tables: ordered, byName: new Map(ordered.map((t) => [t.name, t])), referencedBy }
}

/** Parents before children (a table's reference to itself aside), otherwise in creation order. */
function topological(tables: TableSchema[]): TableSchema[] {
  const done = new Set<string>()
  const out: TableSchema[] = []
  const pending = [...tables]
  while (pending.length > 0) {
    const i = pending.findIndex((t) => t.fks.every((f) => f.parent === t.name || done.has(f.parent)))
    // A cycle between tables cannot be ordered: keep creation order for what is left.
    const next = pending.splice(i < 0 ? 0 : i, 1)[0]
    done.add(next.name)
    out.push(next)
  }
  return out
}

/** One synced table of a side; a table the schema does not list is a bug in the merge, said plainly. */
export function tableOf(side: Pick<Side, 'tables'>, name: string): TableSide {
  const table = side.tables.get(name)
  if (!table) throw new AppError('INTERNAL', `The merge has no rows loaded for table ${name}`)
  return table
}

/** One synced table's schema; a table the schema does not list is a bug in the merge, said plainly. */
export function tableSchemaOf(schema: MergeSchema, name: string): TableSchema {
  const table = schema.byName.get(name)
  if (!table) throw new AppError('INTERNAL', `The merge has no schema for table ${name}`)
  return table
}

/** Reads every synced table and the tombstones of a file. */
export function loadSide(sqlite: Database.Database, schema: MergeSchema): Side {
  const meta = sqlite.prepare('SELECT file_id FROM meta WHERE id = 1').get() as { file_id: string } | undefined
  if (!meta) throw new AppError('CORRUPT', 'The file has no identity record')
  const tables = new Map<string, TableSide>()
  for (const t of schema.tables) tables.set(t.name, { rows: new Map(), tombs: new Map() })
  const tombRows = sqlite.prepare('SELECT table_name, record_id, sync_vv, deleted_at FROM sync_tombstones').all() as {
    table_name: string
    record_id: string
    sync_vv: string
    deleted_at: string
  }[]
  for (const r of tombRows) tables.get(r.table_name)?.tombs.set(r.record_id, { vv: parseVv(r.sync_vv), deletedAt: r.deleted_at })
  for (const t of schema.tables) {
    const side = tableOf({ tables }, t.name)
    const list = t.columns.map(quote).join(', ')
    for (const values of sqlite.prepare(`SELECT ${list} FROM ${quote(t.name)}`).all() as RowValues[]) {
      const id = values.id as string
      const own = parseVv(values.sync_vv as string)
      const tomb = side.tombs.get(id)
      side.rows.set(id, { values, vv: tomb ? sumVv(tomb.vv, own) : own, staleTomb: tomb !== undefined })
    }
    // A tombstone whose id lives again is part of the row's history, not a deletion.
    for (const id of side.rows.keys()) side.tombs.delete(id)
  }
  const appendIds = {} as Record<AppendOnlyTable, Set<string>>
  for (const name of APPEND_ONLY_TABLES) {
    appendIds[name] = new Set(sqlite.prepare(`SELECT id FROM ${name}`).pluck().all() as string[])
  }
  return { fileId: meta.file_id, tables, appendIds }
}

/** The colleague's file, opened read-only (migrated in memory when older): never changed. */
export interface TheirsFile {
  path: string
  sqlite: Database.Database
  /** The schema version of the file on disk (before any migration in memory). */
  schemaVersion: number
  /** True when `sqlite` reads the file on disk (at the latest schema), false for a copy migrated in memory. */
  onDisk: boolean
  /** False when the check of its pages is left to the caller (a large file: see openTheirs). */
  pagesChecked: boolean
  close(): Promise<void>
}

/**
 * Opens the file to merge from: read-only, checked as any file is (identity, version) and with the
 * full integrity check; a file at an older schema is migrated in a copy in memory, never on disk.
 */
export async function openTheirs(filePath: string, integrity: 'quick' | 'full' | 'full-deferred' = 'full'): Promise<TheirsFile> {
  // A merge gets the full integrity check, indexes against tables: whatever is merged is read
  // through them. A preview, which writes nothing, the quick one (every page and record). For a
  // large file either is left to the caller (`pagesChecked` false), in a worker thread
  // (source-check.ts): beside the preview's reading, before the merge's.
  const file = openAmifFile(filePath, { inspectOnly: true, integrity: integrity === 'quick' ? 'deferred' : integrity })
  if (file.schemaVersion >= LATEST_VERSION) {
    const onDisk = !file.interruptedTransaction
    return { path: file.path, sqlite: file.sqlite, schemaVersion: file.schemaVersion, onDisk, pagesChecked: file.pagesChecked, close: () => file.close() }
  }
  const version = file.schemaVersion
  let copy: Database.Database
  try {
    if (version < 1) throw new AppError('CORRUPT', `${file.path} has no records (its schema was never created)`, { path: file.path })
    copy = new Database(file.sqlite.serialize())
    hardenConnection(copy)
    registerAppFunctions(copy)
    copy.pragma('foreign_keys = ON')
  } finally {
    await file.close()
  }
  try {
    migrate(copy)
  } catch (err) {
    copy.close()
    throw err
  }
  return {
    path: file.path,
    sqlite: copy,
    schemaVersion: version,
    onDisk: false,
    pagesChecked: true,
    close: async () => {
      copy.close()
    },
  }
}

/** Reads rows of an append-only table by id (one query, the ids passed as a JSON array). */
export function readAppendRows(sqlite: Database.Database, table: AppendOnlyTable, ids: string[]): RowValues[] {
  if (ids.length === 0) return []
  return sqlite.prepare(`SELECT * FROM ${table} WHERE id IN (SELECT value FROM json_each(?)) ORDER BY rowid`).all(JSON.stringify(ids)) as RowValues[]
}

/** Both sides of a merge read in part, and the history rows of theirs that mine lacks. */
export interface ChangedSides {
  mine: Side
  theirs: Side
  missingAppend: Record<AppendOnlyTable, string[]>
}

/** The name the open file is attached under on their file's connection while the differences are found. */
const MINE_ALIAS = 'merge_mine'

/**
 * Reads both sides of a merge in part, for a colleague's file at the latest schema (the preview
 * of a large file): a record both files hold with the very same values (its vector included)
 * and no tombstone on either side has nothing to merge, so only the records that differ (found
 * in SQL, with mine attached read-only to their file's connection) and every tombstone are read,
 * with around them every record the plan consults: their parents (up to the top, for labels and
 * references), the records that depend on them (for deletions and families), and the records
 * holding the same unique values (with what depends on those). A table referenced by another
 * column than its id (the specific objectives, four rows) is read whole. The plan built on
 * these sides is the one built on whole sides.
 */
export function loadChangedSides(mineDb: Database.Database, minePath: string, theirsDb: Database.Database, schema: MergeSchema): ChangedSides {
  theirsDb.prepare(`ATTACH DATABASE ? AS ${MINE_ALIAS}`).run(minePath)
  try {
    return readChanged(mineDb, theirsDb, schema)
  } finally {
    theirsDb.exec(`DETACH DATABASE ${MINE_ALIAS}`)
  }
}

function readChanged(mineDb: Database.Database, theirsDb: Database.Database, schema: MergeSchema): ChangedSides {
  const fileIdOf = (db: Database.Database) => {
    const meta = db.prepare('SELECT file_id FROM meta WHERE id = 1').get() as { file_id: string } | undefined
    if (!meta) throw new AppError('CORRUPT', 'The file has no identity record')
    return meta.file_id
  }
  const sides = { mine: { db: mineDb, fileId: fileIdOf(mineDb) }, theirs: { db: theirsDb, fileId: fileIdOf(theirsDb) } }
  const tombsOf = (db: Database.Database) => {
    const tombs = new Map<string, Map<string, LoadedTomb>>(schema.tables.map((t) => [t.name, new Map()]))
    const rows = db.prepare('SELECT table_name, record_id, sync_vv, deleted_at FROM main.sync_tombstones').all() as {
      table_name: string
      record_id: string
      sync_vv: string
      deleted_at: string
    }[]
    for (const r of rows) tombs.get(r.table_name)?.set(r.record_id, { vv: parseVv(r.sync_vv), deletedAt: r.deleted_at })
    return tombs
  }
  const mineTombs = tombsOf(mineDb)
  const theirsTombs = tombsOf(theirsDb)
  // Tables read whole: those another table references by a column other than the id.
  const whole = new Set<string>()
  for (const t of schema.tables) for (const fk of t.fks) if (fk.parentColumn !== 'id') whole.add(fk.parent)

  /** Rows read so far, per table and side (null: the side has no row of that id). */
  const read = new Map<string, { mine: Map<string, RowValues | null>; theirs: Map<string, RowValues | null> }>(
    schema.tables.map((t) => [t.name, { mine: new Map(), theirs: new Map() }]),
  )
  const descended = new Set<string>()
  let frontier: { table: string; id: string; down: boolean }[] = []
  const want = (table: string, id: string, down: boolean) => {
    if (read.get(table)!.mine.has(id) && (!down || descended.has(`${table}\u0000${id}`))) return
    frontier.push({ table, id, down })
  }

  for (const t of schema.tables) {
    const q = quote(t.name)
    if (whole.has(t.name)) {
      for (const side of [mineDb, theirsDb]) for (const id of side.prepare(`SELECT id FROM main.${q}`).pluck().all() as string[]) want(t.name, id, false)
    }
    const differs = t.columns.map((c) => `t.${quote(c)} IS NOT m.${quote(c)}`).join(' OR ')
    const changed = theirsDb
      .prepare(
        `SELECT t.id FROM main.${q} t LEFT JOIN ${MINE_ALIAS}.${q} m ON m.id = t.id WHERE m.id IS NULL OR ${differs}
         UNION ALL
         SELECT m.id FROM ${MINE_ALIAS}.${q} m WHERE NOT EXISTS (SELECT 1 FROM main.${q} t WHERE t.id = m.id)`,
      )
      .pluck()
      .all() as string[]
    for (const id of changed) want(t.name, id, true)
    for (const id of mineTombs.get(t.name)!.keys()) want(t.name, id, true)
    for (const id of theirsTombs.get(t.name)!.keys()) want(t.name, id, true)
  }

  const rowStatements = new Map<string, Database.Statement>()
  /** Where each row read lies in its file: the sides list rows in that order, as a whole table is read. */
  const rowids = { mine: new Map<string, number>(), theirs: new Map<string, number>() }
  const rowsById = (db: Database.Database, side: 'mine' | 'theirs', t: TableSchema, ids: string[]): RowValues[] => {
    const key = `${side}:${t.name}`
    let stmt = rowStatements.get(key)
    if (!stmt) {
      stmt = db.prepare(`SELECT rowid, ${t.columns.map(quote).join(', ')} FROM main.${quote(t.name)} WHERE id IN (SELECT value FROM json_each(?))`)
      rowStatements.set(key, stmt)
    }
    return (stmt.all(JSON.stringify(ids)) as RowValues[]).map(({ rowid, ...values }) => {
      rowids[side].set(`${t.name}\u0000${values.id as string}`, rowid as number)
      return values
    })
  }
  const idsWhere = (db: Database.Database, table: string, columns: string[], keys: unknown[][]): string[] => {
    if (keys.length === 0) return []
    const match =
      columns.length === 1
        ? `${quote(columns[0])} IN (SELECT value FROM json_each(?))`
        : `(${columns.map(quote).join(', ')}) IN (SELECT ${columns.map((_c, i) => `json_extract(value, '$[${i}]')`).join(', ')} FROM json_each(?))`
    const values = columns.length === 1 ? keys.map((k) => k[0]) : keys
    return db
      .prepare(`SELECT id FROM main.${quote(table)} WHERE ${match}`)
      .pluck()
      .all(JSON.stringify(values)) as string[]
  }

  while (frontier.length > 0) {
    const batch = frontier
    frontier = []
    const byTable = new Map<string, { ids: Set<string>; down: Set<string> }>()
    for (const w of batch) {
      let entry = byTable.get(w.table)
      if (!entry) byTable.set(w.table, (entry = { ids: new Set(), down: new Set() }))
      entry.ids.add(w.id)
      if (w.down) entry.down.add(w.id)
    }
    for (const [table, entry] of byTable) {
      const t = tableSchemaOf(schema, table)
      const got = read.get(table)!
      const missing = [...entry.ids].filter((id) => !got.mine.has(id))
      if (missing.length > 0) {
        for (const [name, side] of Object.entries(sides) as ['mine' | 'theirs', { db: Database.Database }][]) {
          for (const id of missing) got[name].set(id, null)
          for (const values of rowsById(side.db, name, t, missing)) got[name].set(values.id as string, values)
        }
      }
      const rows = (ids: Iterable<string>) => [...ids].flatMap((id) => [got.mine.get(id), got.theirs.get(id)].filter((r): r is RowValues => !!r))
      // Up: the parents of every row read (labels, references), whatever their state.
      for (const row of rows(missing)) {
        for (const fk of t.fks) {
          const value = row[fk.column]
          if (fk.parentColumn === 'id' && typeof value === 'string') want(fk.parent, value, false)
        }
      }
      // Down: what depends on a changed record, and the records holding its unique values.
      const down = [...entry.down].filter((id) => !descended.has(`${table}\u0000${id}`))
      if (down.length === 0) continue
      for (const id of down) descended.add(`${table}\u0000${id}`)
      const downRows = rows(down)
      for (const columns of t.uniques) {
        const keys = downRows.map((r) => columns.map((c) => r[c])).filter((k) => k.every((v) => v !== null && v !== undefined))
        for (const side of [mineDb, theirsDb]) for (const id of idsWhere(side, table, columns, keys)) want(table, id, true)
      }
      for (const { table: child, fk } of schema.referencedBy.get(table) ?? []) {
        const keys = downRows.map((r) => [r[fk.parentColumn]]).filter((k) => k[0] !== null && k[0] !== undefined)
        for (const side of [mineDb, theirsDb]) for (const id of idsWhere(side, child, [fk.column], keys)) want(child, id, true)
      }
    }
  }

  const sideOf = (name: 'mine' | 'theirs', tombs: Map<string, Map<string, LoadedTomb>>): Side => {
    const tables = new Map<string, TableSide>()
    for (const t of schema.tables) {
      const tableTombs = tombs.get(t.name)!
      const rows = new Map<string, LoadedRow>()
      const found = [...read.get(t.name)![name]].filter((e): e is [string, RowValues] => e[1] !== null)
      const at = (id: string) => rowids[name].get(`${t.name}\u0000${id}`)!
      found.sort((a, b) => at(a[0]) - at(b[0]))
      for (const [id, values] of found) {
        const own = parseVv(values.sync_vv as string)
        const tomb = tableTombs.get(id)
        rows.set(id, { values, vv: tomb ? sumVv(tomb.vv, own) : own, staleTomb: tomb !== undefined })
      }
      // A tombstone whose id lives again is part of the row's history, not a deletion.
      for (const id of rows.keys()) tableTombs.delete(id)
      tables.set(t.name, { rows, tombs: tableTombs })
    }
    const empty = Object.fromEntries(APPEND_ONLY_TABLES.map((a) => [a, new Set<string>()])) as Record<AppendOnlyTable, Set<string>>
    return { fileId: sides[name].fileId, tables, appendIds: empty }
  }
  const missingAppend = {} as Record<AppendOnlyTable, string[]>
  for (const a of APPEND_ONLY_TABLES) {
    missingAppend[a] = theirsDb.prepare(`SELECT id FROM main.${a} EXCEPT SELECT id FROM ${MINE_ALIAS}.${a}`).pluck().all() as string[]
  }
  return { mine: sideOf('mine', mineTombs), theirs: sideOf('theirs', theirsTombs), missingAppend }
}
