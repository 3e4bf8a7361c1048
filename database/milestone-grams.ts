import type BetterSqlite3 from 'better-sqlite3'
import { CompiledQuery, sql, type Kysely } from 'kysely'
import { foldForSearch } from './search'
import type { DB } from './schema'
import type { WriteTrx } from './writable'

/**
 * How many milestones each one- and two-character piece of folded text finds (migration 017):
 * `milestone_grams` counts, for every gram (a letter or digit, or two in a row, of a milestone's
 * folded title or of its project's folded code or title: what a milestone search matches), the
 * milestones that hold it by whether they are open (planned or in progress) and by the month they
 * are due, and under the empty gram '' every milestone. A search of one or two characters, and the
 * list with no search nor filter, then counts what it finds, and the late ones on any day, from a
 * few rows instead of reading every milestone; a longer one with a gram no milestone
 * holds finds nothing at once. This file's own derived data like `milestone_search`: never synced,
 * never merged; kept by the record writer (records.ts) in the write's transaction and by a merge
 * for the milestones and projects it touched (shiftCountedGrams), rebuilt with the kept figures
 * (rebuildProjectFigures) after a migration or an import.
 */

/** The statuses of a milestone that can be late (the lists' open ones). */
const OPEN = new Set(['planned', 'in_progress'])

/**
 * The grams of folded texts: each character and each pair of characters in a row, spaces left out
 * (a folded search of one or two characters never holds one). By code point, as SQLite's LIKE reads text.
 */
export function gramsOf(texts: readonly string[], into: Set<string> = new Set()): Set<string> {
  for (const text of texts) {
    // By code point: only a text with a character outside the Basic Multilingual Plane is split.
    const chars = /[\uD800-\uDFFF]/.test(text) ? Array.from(text) : text
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i]!
      if (c === ' ') continue
      into.add(c)
      const next = chars[i + 1]
      if (next !== undefined && next !== ' ') into.add(c + next)
    }
  }
  return into
}

/** A milestone as its grams count it: its folded title, its project's folded code and title, whether it is open, the month it is due. */
interface Counted {
  title_key: string
  code_key: string
  project_title_key: string
  status: string
  due_date: string
}

/** The row key of a gram for a milestone: gram, open (1/0), month (YYYY-MM). */
const keyOf = (gram: string, m: Counted) => `${gram}\u0000${OPEN.has(m.status) ? 1 : 0}\u0000${m.due_date.slice(0, 7)}`

/** Adds a milestone's grams to `deltas` with `sign` (+1 counted, -1 no longer). */
function addDeltas(deltas: Map<string, number>, m: Counted, sign: number): void {
  // The empty gram: every milestone.
  for (const gram of gramsOf([m.title_key, m.code_key, m.project_title_key], new Set(['']))) {
    const key = keyOf(gram, m)
    deltas.set(key, (deltas.get(key) ?? 0) + sign)
  }
}

/** Rows per statement, under SQLite's limit of bound parameters. */
const CHUNK = 2000

/**
 * The statements that apply deltas: more to each row (made when new: an upsert, whose CHECK sees the
 * delta, so only for additions), less by an update, then the rows no milestone holds any more dropped.
 */
function deltaStatements(deltas: Map<string, number>): { sql: string; params: unknown[] }[] {
  const changed = [...deltas].filter(([, n]) => n !== 0).map(([key, n]) => [...key.split('\u0000'), n] as [string, string, string, number])
  const out: { sql: string; params: unknown[] }[] = []
  const rows = (part: typeof changed, withN: boolean) => ({
    values: part.map(() => (withN ? '(?, ?, ?, ?)' : '(?, ?, ?)')).join(', '),
    params: part.flatMap(([gram, open, month, n]) => (withN ? [gram, Number(open), month, n] : [gram, Number(open), month])),
  })
  for (let i = 0; i < changed.length; i += CHUNK) {
    const part = changed.slice(i, i + CHUNK)
    const more = part.filter(([, , , n]) => n > 0)
    const fewer = part.filter(([, , , n]) => n < 0)
    if (more.length) {
      const r = rows(more, true)
      out.push({
        sql: `INSERT INTO milestone_grams (gram, open, month, n) VALUES ${r.values} ON CONFLICT (gram, open, month) DO UPDATE SET n = n + excluded.n`,
        params: r.params,
      })
    }
    if (fewer.length) {
      const r = rows(fewer, true)
      out.push({
        sql: `UPDATE milestone_grams AS g SET n = g.n + d.column4 FROM (VALUES ${r.values}) AS d
          WHERE g.gram = d.column1 AND g.open = d.column2 AND g.month = d.column3`,
        params: r.params,
      })
      const k = rows(fewer, false)
      out.push({ sql: `DELETE FROM milestone_grams WHERE n = 0 AND (gram, open, month) IN (VALUES ${k.values})`, params: k.params })
    }
  }
  return out
}

// A milestone as counted, from milestone_search (kept in the same transaction) and its project.
const COUNTED = `SELECT s.milestone_id AS id, s.title_key, s.status, s.due_date, p.code, p.title
  FROM milestone_search s JOIN projects p ON p.id = s.project_id`
const OF_MILESTONE = 's.milestone_id = ?'
// Through the milestones' index by project (milestone_search has none).
const OF_PROJECT = 's.milestone_id IN (SELECT id FROM milestones WHERE project_id = ?)'

type CountedRow = { id: string; title_key: string; status: string; due_date: string; code: string; title: string }

/** Folds a project's texts once for all its milestones. */
function countedRows(rows: CountedRow[]): Counted[] {
  const folded = new Map<string, [string, string]>()
  return rows.map((r) => {
    const key = `${r.code}\u0000${r.title}`
    let f = folded.get(key)
    if (!f) folded.set(key, (f = [foldForSearch(r.code), foldForSearch(r.title)]))
    return { title_key: r.title_key, status: r.status, due_date: r.due_date, code_key: f[0], project_title_key: f[1] }
  })
}

async function shift(trx: WriteTrx, where: string, id: string, sign: 1 | -1): Promise<void> {
  const rows = (await trx.executeQuery(CompiledQuery.raw(`${COUNTED} WHERE ${where}`, [id]))).rows as CountedRow[]
  const deltas = new Map<string, number>()
  for (const m of countedRows(rows)) addDeltas(deltas, m, sign)
  for (const s of deltaStatements(deltas)) await trx.executeQuery(CompiledQuery.raw(s.sql, s.params))
}

/**
 * Counts a milestone's grams (+1) or takes them back (-1) as milestone_search and its project hold
 * it now: the writer takes them back before a change and counts them after it.
 */
export async function shiftMilestoneGrams(trx: WriteTrx, milestoneId: string, sign: 1 | -1): Promise<void> {
  await shift(trx, OF_MILESTONE, milestoneId, sign)
}

/** The same for every milestone of a project: around a change of its code or title, before it is deleted. */
export async function shiftProjectGrams(trx: WriteTrx, projectId: string, sign: 1 | -1): Promise<void> {
  await shift(trx, OF_PROJECT, projectId, sign)
}

/** Milestones as their grams count them (milestone_search and its project), by id. */
export type CountedMilestones = Map<string, CountedRow>

/**
 * How these milestones and every milestone of these projects are counted now (read synchronously,
 * in the caller's transaction): what a merge reads before its writing and again after it.
 */
export function countedMilestones(sqlite: BetterSqlite3.Database, milestoneIds: Iterable<string>, projectIds: Iterable<string>): CountedMilestones {
  const out: CountedMilestones = new Map()
  const byMilestone = sqlite.prepare(`${COUNTED} WHERE ${OF_MILESTONE}`)
  const byProject = sqlite.prepare(`${COUNTED} WHERE ${OF_PROJECT}`)
  for (const id of new Set(milestoneIds)) for (const row of byMilestone.all(id) as CountedRow[]) out.set(row.id, row)
  for (const id of new Set(projectIds)) for (const row of byProject.all(id) as CountedRow[]) out.set(row.id, row)
  return out
}

/** True when a milestone gives the same grams under the same open flag and month in both states. */
function countedAlike(a: CountedRow, b: CountedRow): boolean {
  return (
    a.title_key === b.title_key &&
    a.code === b.code &&
    a.title === b.title &&
    OPEN.has(a.status) === OPEN.has(b.status) &&
    a.due_date.slice(0, 7) === b.due_date.slice(0, 7)
  )
}

/**
 * Takes back from `milestone_grams` the grams of the milestones counted `before` and counts those
 * `after` (both read by countedMilestones, around a merge's writing), for the milestones counted
 * differently only, synchronously in the caller's transaction: a merge keeps the grams of what it
 * touched as the record writer does (shiftMilestoneGrams), where a rebuild would read every milestone.
 */
export function shiftCountedGrams(sqlite: BetterSqlite3.Database, before: CountedMilestones, after: CountedMilestones): void {
  const gone: CountedRow[] = []
  const come: CountedRow[] = []
  for (const [id, was] of before) {
    const now = after.get(id)
    if (now && countedAlike(was, now)) continue
    gone.push(was)
    if (now) come.push(now)
  }
  for (const [id, now] of after) if (!before.has(id)) come.push(now)
  const deltas = new Map<string, number>()
  for (const m of countedRows(gone)) addDeltas(deltas, m, -1)
  for (const m of countedRows(come)) addDeltas(deltas, m, 1)
  for (const s of deltaStatements(deltas)) sqlite.prepare(s.sql).run(...s.params)
}

/**
 * What `milestone_grams` must hold, computed from every milestone (milestone_search) and project:
 * a project's own grams are counted once for all its milestones of a month (open or not), each
 * milestone's title adding only the grams its project does not hold.
 */
function computeGrams(sqlite: BetterSqlite3.Database): Map<string, number> {
  const projects = new Map<string, { own: Set<string>; months: Map<string, number> }>()
  for (const [id, code, title] of sqlite.prepare('SELECT id, code, title FROM projects').raw().iterate() as IterableIterator<[string, string, string]>) {
    // The empty gram, held by every milestone, counted with the project's own.
    projects.set(id, { own: gramsOf([foldForSearch(code), foldForSearch(title)], new Set([''])), months: new Map() })
  }
  // By open-and-month, then by gram (no key made for each gram of each milestone).
  const byMonth = new Map<string, Map<string, number>>()
  const counter = (at: string) => {
    let c = byMonth.get(at)
    if (!c) byMonth.set(at, (c = new Map()))
    return c
  }
  const milestones = sqlite.prepare('SELECT project_id, title_key, status, due_date FROM milestone_search').raw().all() as [string, string, string, string][]
  const seen = new Set<string>()
  for (const [projectId, titleKey, status, dueDate] of milestones) {
    const p = projects.get(projectId)
    if (!p) continue // no project: no milestone (a foreign key)
    const at = `\u0000${OPEN.has(status) ? 1 : 0}\u0000${dueDate.slice(0, 7)}`
    p.months.set(at, (p.months.get(at) ?? 0) + 1)
    const c = counter(at)
    seen.clear()
    for (const gram of gramsOf([titleKey], seen)) if (!p.own.has(gram)) c.set(gram, (c.get(gram) ?? 0) + 1)
  }
  for (const p of projects.values()) {
    for (const [at, n] of p.months) {
      const c = counter(at)
      for (const gram of p.own) c.set(gram, (c.get(gram) ?? 0) + n)
    }
  }
  const counts = new Map<string, number>()
  for (const [at, c] of byMonth) for (const [gram, n] of c) counts.set(gram + at, n)
  return counts
}

/** Fills `milestone_grams` from every milestone, inside the caller's transaction (after milestone_search is rebuilt). */
export function rebuildMilestoneGrams(sqlite: BetterSqlite3.Database): void {
  sqlite.prepare('DELETE FROM milestone_grams').run()
  for (const s of deltaStatements(computeGrams(sqlite))) sqlite.prepare(s.sql).run(...s.params)
}

/** Rows of `milestone_grams` that are not what the milestones give (gram, open, month: kept and computed counts), for `check`. */
export function milestoneGramDifferences(sqlite: BetterSqlite3.Database): { gram: string; open: number; month: string; kept: number; computed: number }[] {
  const computed = computeGrams(sqlite)
  const kept = new Map(
    (sqlite.prepare('SELECT gram, open, month, n FROM milestone_grams').all() as { gram: string; open: number; month: string; n: number }[]).map((r) => [
      `${r.gram}\u0000${r.open}\u0000${r.month}`,
      r.n,
    ]),
  )
  const out: { gram: string; open: number; month: string; kept: number; computed: number }[] = []
  for (const key of new Set([...computed.keys(), ...kept.keys()])) {
    const a = kept.get(key) ?? 0
    const b = computed.get(key) ?? 0
    if (a !== b) {
      const [gram, open, month] = key.split('\u0000') as [string, string, string]
      out.push({ gram, open: Number(open), month, kept: a, computed: b })
    }
  }
  return out
}

/** What the grams tell of a search (folded; '' for none): nothing found, or how many and how many late (up to two characters, no filter). */
export type GramFacts = { none: true } | { none: false; total: number; late: number } | null

/**
 * Looks a folded search up in `milestone_grams`: `none` when some gram of it no milestone holds
 * (it can then find none); for a search of up to two characters ('': every milestone), how many milestones it finds
 * and how many of them are late on `today` (open, due before today): the months before today's
 * from the counts, today's month from its open milestones due before today (a few, by the index
 * of open milestones by due date). Null when the grams cannot tell (a longer search they do not rule out).
 */
export async function gramFacts(db: Kysely<DB>, folded: string, today: string): Promise<GramFacts> {
  const grams = [...gramsOf([folded])]
  const chars = Array.from(folded)
  if (chars.length <= 2 && !folded.includes(' ')) {
    const month = today.slice(0, 7)
    const c = await db
      .selectFrom('milestone_grams')
      .select([
        sql<number>`coalesce(sum(n), 0)`.as('total'),
        sql<number>`coalesce(sum(case when open = 1 and month < ${month} then n end), 0)`.as('late'),
        sql<number>`coalesce(sum(case when open = 1 and month = ${month} then n end), 0)`.as('this_month'),
      ])
      .where('gram', '=', folded)
      .executeTakeFirstOrThrow()
    if (Number(c.total) === 0) return { none: true }
    let late = Number(c.late)
    // The open ones due this month before today: found as the search finds them (title, project's code or title); all of them for ''.
    if (Number(c.this_month) > 0 && today > `${month}-01`) {
      const pattern = sql`${`%${folded}%`} escape '\\'`
      const due = sql`m.status not in ('done', 'cancelled') and m.due_date >= ${`${month}-01`} and m.due_date < ${today}`
      const tail = folded
        ? await sql<{ n: number }>`select count(*) as n from milestones m
              join milestone_search s on s.milestone_id = m.id
              left join project_figures f on f.project_id = s.project_id
            where ${due} and (s.title_key like ${pattern} or f.code_key like ${pattern} or f.title_key like ${pattern})`.execute(db)
        : await sql<{ n: number }>`select count(*) as n from milestones m where ${due}`.execute(db)
      late += Number(tail.rows[0]?.n ?? 0)
    }
    return { none: false, total: Number(c.total), late }
  }
  const held = await db.selectFrom('milestone_grams').select('gram').distinct().where('gram', 'in', grams).execute()
  return held.length < grams.length ? { none: true } : null
}
