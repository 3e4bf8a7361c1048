import Database from 'better-sqlite3'
import { AppError } from '../domain/errors'
import { migrate } from './migrate'
import { foldForSearch } from '../search'
import { ragOfFacts } from '../domain/rag'
import type { ProjectStatus, RateGround } from '../domain/vocabulary'

/**
 * The schema is the app's, always. A file's `sqlite_master` (tables, their columns, indexes,
 * triggers, views) must be exactly what the app's own migrations create at the file's
 * `user_version`: a trigger, a view, a virtual table or a changed definition someone added by
 * hand would run inside the app with the officer's data (rewrite IBANs, erase audit rows, forge
 * documents), so such a file is refused before anything of it runs.
 */

/** One entry of `sqlite_master`. */
export interface SchemaObject {
  type: string
  name: string
  tblName: string
  sql: string | null
}

/** How a file's schema differs from the app's at its version. */
export interface SchemaDeviation {
  /** `unexpected`: not the app's; `missing`: the app's, absent; `changed`: the app's name, another definition or kind. */
  kind: 'unexpected' | 'missing' | 'changed'
  /** The object's type in the file (for `missing`, the app's). */
  type: string
  name: string
  table: string
  /** For `changed`: the app's type when it is another one (a view in place of a table). */
  expectedType?: string
  /** The file's definition, shortened (for `unexpected` and `changed`). */
  sql?: string | null
}

/**
 * SQLite's own tables, which SQLite itself may add to any file: `sqlite_sequence` (AUTOINCREMENT)
 * and the planner's statistics (`ANALYZE`). Allowed only with SQLite's own definition.
 */
const SQLITE_INTERNAL: Record<string, string> = {
  sqlite_sequence: 'CREATE TABLE sqlite_sequence(name,seq)',
  sqlite_stat1: 'CREATE TABLE sqlite_stat1(tbl,idx,stat)',
  sqlite_stat4: 'CREATE TABLE sqlite_stat4(tbl,idx,neq,nlt,ndlt,sample)',
}

/** How long a definition shown in a deviation may be. */
const SHOWN_SQL = 400

/**
 * Settings every connection to a file gets, whatever it is for: functions and virtual tables of
 * the schema run only if harmless (`trusted_schema = OFF`), and a damaged cell is reported as
 * damage instead of being read past (`cell_size_check = ON`).
 */
export function hardenConnection(sqlite: Database.Database): void {
  sqlite.pragma('trusted_schema = OFF')
  sqlite.pragma('cell_size_check = ON')
}

/** How many folded texts a connection keeps (titles and names of a large file, a few tens of MB at most). */
const FOLD_CACHE_SIZE = 300_000

/** The app's SQL functions, which its queries (and possibly its migrations) use. */
export function registerAppFunctions(sqlite: Database.Database): void {
  // Search as you type folds the same titles and names at every keystroke: each text is folded
  // once (Unicode normalisation and two regular expressions per call otherwise), the cache
  // emptied when it grows large.
  const folded = new Map<string, string>()
  sqlite.function('amif_fold', { deterministic: true }, (value: unknown) => {
    if (typeof value !== 'string') return value
    let f = folded.get(value)
    if (f === undefined) {
      if (folded.size >= FOLD_CACHE_SIZE) folded.clear()
      f = foldForSearch(value)
      folded.set(value, f)
    }
    return f
  })
  // The traffic light from a project's facts on a day (the one rule, ragOfFacts), so that a list
  // can filter and sort by it in SQL and read only a page.
  sqlite.function(
    'amif_rag',
    { deterministic: true },
    (status, startDate, endDate, late, oldestLate, mean, overdue, oldestOverdue, euRateBp, rateGround, today) =>
      ragOfFacts(
        {
          status: status as ProjectStatus,
          startDate: startDate as string,
          endDate: endDate as string,
          lateMilestones: Number(late),
          oldestLateDueDate: oldestLate as string | null,
          indicatorMeanPct: mean as number | null,
          overduePayments: Number(overdue),
          oldestOverdueDate: oldestOverdue as string | null,
          euRateBp: Number(euRateBp),
          rateGround: rateGround as RateGround | null,
        },
        today as string,
      ).status,
  )
}

/**
 * A definition written so that texts SQLite reads the same way compare equal: comments and
 * runs of white space dropped or made one space, ASCII letters lower-cased and quotes taken off
 * plain identifiers outside string literals (which are kept exactly).
 */
export function normalizeSql(sql: string | null): string | null {
  if (sql === null) return null
  const tokens: string[] = []
  let i = 0
  let spaced = false
  const push = (token: string) => {
    const prev = tokens[tokens.length - 1]
    // A space matters only between two words; around ( ) , ; it never does.
    if (spaced && prev !== undefined && !/[(),;]$/.test(prev) && !/^[(),;]/.test(token)) tokens.push(' ')
    tokens.push(token)
    spaced = false
  }
  const lower = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase())
  while (i < sql.length) {
    const c = sql[i]
    if (/\s/.test(c)) {
      spaced = true
      i++
    } else if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i)
      i = end < 0 ? sql.length : end + 1
      spaced = true
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2)
      i = end < 0 ? sql.length : end + 2
      spaced = true
    } else if (c === "'") {
      let j = i + 1
      while (j < sql.length && !(sql[j] === "'" && sql[j + 1] !== "'")) j += sql[j] === "'" ? 2 : 1
      push(sql.slice(i, j + 1))
      i = j + 1
    } else if (c === '"' || c === '`' || c === '[') {
      const close = c === '[' ? ']' : c
      let j = i + 1
      let inner = ''
      while (j < sql.length) {
        if (sql[j] === close) {
          if (close !== ']' && sql[j + 1] === close) {
            inner += close
            j += 2
            continue
          }
          break
        }
        inner += sql[j++]
      }
      push(/^[A-Za-z_][A-Za-z0-9_]*$/.test(inner) ? lower(inner) : `"${lower(inner).replace(/"/g, '""')}"`)
      i = j + 1
    } else if (/[A-Za-z0-9_$]/.test(c)) {
      let j = i
      while (j < sql.length && /[A-Za-z0-9_$]/.test(sql[j])) j++
      push(lower(sql.slice(i, j)))
      i = j
    } else {
      push(c)
      i++
    }
  }
  return tokens.join('')
}

/** Tables, views and indexes share one namespace in SQLite; triggers have their own. */
function keyOf(o: { type: string; name: string }): string {
  return `${o.type === 'trigger' ? 'trigger' : 'object'}:${o.name.toLowerCase()}`
}

/** Every entry of a connection's `sqlite_master`: read as data, nothing in it runs. */
export function schemaObjects(sqlite: Database.Database): SchemaObject[] {
  const rows = sqlite.prepare('SELECT type, name, tbl_name, sql FROM main.sqlite_master').all() as {
    type: string
    name: string
    tbl_name: string
    sql: string | null
  }[]
  return rows.map((r) => ({ type: r.type, name: r.name, tblName: r.tbl_name, sql: r.sql }))
}

const references = new Map<number, Map<string, SchemaObject>>()

/**
 * The schema the app creates at `version`, built once per version in memory through the
 * migrations themselves: a migration added later is part of it without a change here.
 */
export function appSchemaAt(version: number): Map<string, SchemaObject> {
  const cached = references.get(version)
  if (cached) return cached
  const db = new Database(':memory:')
  try {
    hardenConnection(db)
    registerAppFunctions(db)
    db.pragma('foreign_keys = ON')
    migrate(db, version)
    const objects = new Map(schemaObjects(db).map((o) => [keyOf(o), o]))
    references.set(version, objects)
    return objects
  } finally {
    db.close()
  }
}

function shown(sql: string | null): string | null {
  return sql === null || sql.length <= SHOWN_SQL ? sql : `${sql.slice(0, SHOWN_SQL)}…`
}

/** How the objects of a file at `version` differ from the app's; empty when the schema is the app's. */
export function compareSchema(found: SchemaObject[], version: number): SchemaDeviation[] {
  const expected = appSchemaAt(version)
  const deviations: SchemaDeviation[] = []
  const seen = new Set<string>()
  for (const o of found) {
    const key = keyOf(o)
    seen.add(key)
    const app = expected.get(key)
    if (!app) {
      const internal = SQLITE_INTERNAL[o.name]
      if (o.type === 'table' && internal !== undefined && normalizeSql(o.sql) === normalizeSql(internal) && o.tblName === o.name) continue
      deviations.push({ kind: 'unexpected', type: o.type, name: o.name, table: o.tblName, sql: shown(o.sql) })
      continue
    }
    // The same text (the usual case) needs no normalising.
    const sameSql = app.sql === o.sql || normalizeSql(app.sql) === normalizeSql(o.sql)
    if (app.type !== o.type || app.tblName.toLowerCase() !== o.tblName.toLowerCase() || !sameSql) {
      deviations.push({
        kind: 'changed',
        type: o.type,
        name: o.name,
        table: o.tblName,
        ...(app.type !== o.type ? { expectedType: app.type } : {}),
        sql: shown(o.sql),
      })
    }
  }
  for (const [key, app] of expected) {
    if (!seen.has(key)) deviations.push({ kind: 'missing', type: app.type, name: app.name, table: app.tblName })
  }
  return deviations
}

/** The deviations of an open connection's schema from the app's at its `user_version`. */
export function schemaDeviations(sqlite: Database.Database): SchemaDeviation[] {
  const version = sqlite.pragma('user_version', { simple: true }) as number
  return compareSchema(schemaObjects(sqlite), version)
}

/** Refuses with FOREIGN_SCHEMA, listing what differs, a file whose schema is not the app's. */
export function assertAppSchema(sqlite: Database.Database, filePath: string): void {
  const deviations = schemaDeviations(sqlite)
  if (deviations.length === 0) return
  const version = sqlite.pragma('user_version', { simple: true }) as number
  throw new AppError('FOREIGN_SCHEMA', `${filePath} holds ${deviations.length} database object(s) that AMIF Desk did not create`, {
    path: filePath,
    schemaVersion: version,
    deviations,
  })
}

/**
 * True when the deviations leave every table and index the app's own (only triggers or views
 * added, or objects missing): SQLite's integrity and foreign-key checks then evaluate nothing
 * the file brought (a CHECK, an index expression, a virtual table's code).
 */
export function tablesAreTheApps(deviations: SchemaDeviation[]): boolean {
  return deviations.every((d) => d.kind === 'missing' || ((d.type === 'trigger' || d.type === 'view') && d.expectedType === undefined))
}
