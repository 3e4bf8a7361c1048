import type Database from 'better-sqlite3'
import { AppError } from '../domain/errors'
import { APPEND_ONLY_TABLES, tableOf, tableSchemaOf, type AppendOnlyTable, type MergeSchema, type RowValues, type Side } from './load'
import type { Effect, Ref } from './plan'
import { vvText } from './vv'
import { FIGURE_TABLES, rebuildProjectFigures, refreshKeptFigures } from '../figures'
import { countedMilestones, shiftCountedGrams } from '../milestone-grams'
import { refreshOrganisationSearchRows } from '../organisation-search'
import { claimFigureProjects, refreshClaimFiguresOf } from '../claim-figures'
import { projectsOfRecords } from '../record-projects'

/**
 * Writes a resolved merge into my file in one transaction: deletions (children first), updates,
 * insertions (parents first), vectors, tombstones, the rows of the append-only tables, the audit
 * rows and the record of the merge. Foreign keys are deferred to the commit (a new organisation
 * and its new project can come in any order) and checked before it; anything unexpected rolls
 * the whole merge back.
 */

export interface WriteStep {
  ref: Ref
  effect: Effect
}

export interface WriteInput {
  sqlite: Database.Database
  schema: MergeSchema
  mine: Side
  theirs: Side
  steps: WriteStep[]
  append: Record<AppendOnlyTable, RowValues[]>
  /** The merge's own audit rows (one per record changed), written after their history. */
  audit: RowValues[]
  /** The `sync_merges` row; false when the merge only copies their history. */
  merge: RowValues | false
  now: string
  /** Their file's id: where a document they send and the history rows copied come from. */
  fromFileId: string
  /**
   * The kept figures after the writing: 'refresh' those of the projects the merge touches (and the
   * search rows of its milestones), 'rebuild' every project's (both sides read whole, as before).
   */
  figures: 'refresh' | 'rebuild'
}

function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`
}

/** A SQLite constraint error a later step may clear (a unique value another update frees...). */
function isConstraint(err: unknown): boolean {
  return typeof (err as { code?: unknown }).code === 'string' && (err as { code: string }).code.startsWith('SQLITE_CONSTRAINT')
}

/**
 * Runs operations in order; one refused by a constraint (two codes swapped between projects, a
 * value freed by a later update) is tried again after the others, until none makes progress.
 */
function runAll(ops: (() => void)[]): void {
  let pending = ops
  while (pending.length > 0) {
    const retry: (() => void)[] = []
    let lastError: unknown
    for (const op of pending) {
      try {
        op()
      } catch (err) {
        if (!isConstraint(err)) throw err
        retry.push(op)
        lastError = err
      }
    }
    if (retry.length === pending.length) throw lastError
    pending = retry
  }
}

type FkProblem = { table: string; rowid: number; parent: string; fkid: number }
const fkKey = (p: FkProblem) => `${p.table}:${p.rowid}:${p.parent}:${p.fkid}`

/** Writes the merge; throws (and changes nothing) if any statement or final check fails. */
export function writeMerge(input: WriteInput): void {
  const { sqlite, schema, mine, theirs } = input
  const order = new Map(schema.tables.map((t, i) => [t.name, i]))
  const byOrder = (dir: 1 | -1) => (a: WriteStep, b: WriteStep) => dir * (order.get(a.ref.table)! - order.get(b.ref.table)!)
  const statements = new Map<string, Database.Statement>()
  const stmt = (key: string, sql: () => string) => {
    let s = statements.get(key)
    if (!s) {
      s = sqlite.prepare(sql())
      statements.set(key, s)
    }
    return s
  }
  const columnsOf = (table: string) => tableSchemaOf(schema, table).columns
  /** This file's own columns a put sets: a document that comes from their file is received from it. */
  const localOf = (table: string): string[] => tableSchemaOf(schema, table).local.filter((c) => c === 'received_from_file_id')
  const params = (table: string, row: RowValues, vv: string) => columnsOf(table).map((c) => (c === 'sync_vv' ? vv : row[c]))
  const tombUpsert = () =>
    stmt(
      'tomb',
      () => `INSERT INTO sync_tombstones (table_name, record_id, sync_vv, deleted_at) VALUES (?, ?, ?, ?)
        ON CONFLICT (table_name, record_id) DO UPDATE SET sync_vv = excluded.sync_vv, deleted_at = excluded.deleted_at`,
    )
  const tombDelete = () => stmt('untomb', () => 'DELETE FROM sync_tombstones WHERE table_name = ? AND record_id = ?')
  const mineRow = (ref: Ref) => tableOf(mine, ref.table).rows.get(ref.id)
  const hadTomb = (ref: Ref) => tableOf(mine, ref.table).tombs.has(ref.id) || (mineRow(ref)?.staleTomb ?? false)
  /** An explicit vector keeps the update trigger out; an unchanged one would let it count a change. */
  const checkedVv = (ref: Ref, vv: string) => {
    const before = mineRow(ref)?.values.sync_vv
    if (before === vv) throw new AppError('INTERNAL', `Merge would write an unchanged vector to ${ref.table} ${ref.id}`)
    return vv
  }

  const removes: (() => void)[] = []
  const updates: (() => void)[] = []
  const inserts: (() => void)[] = []
  const vectors: (() => void)[] = []
  // Rows each table gains or loses; its count before comes from the file (a side holds only the rows read).
  const expected = new Map<string, number>(schema.tables.map((t) => [t.name, 0]))

  for (const s of [...input.steps].sort(byOrder(-1))) {
    if (s.effect.kind !== 'remove') continue
    const { ref } = s
    const { vv, deletedAt } = s.effect
    expected.set(ref.table, expected.get(ref.table)! - 1)
    removes.push(() => {
      stmt(`delete:${ref.table}`, () => `DELETE FROM ${quote(ref.table)} WHERE id = ?`).run(ref.id)
      // The delete trigger wrote a tombstone counting a change of mine; the plan's vector replaces it.
      tombUpsert().run(ref.table, ref.id, vvText(vv), deletedAt ?? input.now)
    })
  }
  for (const s of [...input.steps].sort(byOrder(1))) {
    const { ref, effect } = s
    if (effect.kind === 'put') {
      const row = tableOf(theirs, ref.table).rows.get(ref.id)!.values
      const vv = vvText(effect.vv)
      const untomb = hadTomb(ref)
      const local = localOf(ref.table)
      if (mineRow(ref)) {
        const cols = [...columnsOf(ref.table).filter((c) => c !== 'id'), ...local]
        updates.push(() => {
          stmt(`update:${ref.table}`, () => `UPDATE ${quote(ref.table)} SET ${cols.map((c) => `${quote(c)} = ?`).join(', ')} WHERE id = ?`).run(
            ...cols.map((c) => (c === 'sync_vv' ? checkedVv(ref, vv) : local.includes(c) ? input.fromFileId : row[c])),
            ref.id,
          )
          if (untomb) tombDelete().run(ref.table, ref.id)
        })
      } else {
        expected.set(ref.table, expected.get(ref.table)! + 1)
        const cols = [...columnsOf(ref.table), ...local]
        inserts.push(() => {
          stmt(`insert:${ref.table}`, () => `INSERT INTO ${quote(ref.table)} (${cols.map(quote).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`).run(
            ...params(ref.table, row, vv),
            ...local.map(() => input.fromFileId),
          )
          // The insert trigger counts a creation with the empty vector as mine: a merge keeps theirs.
          if (vv === '{}') stmt(`unbump:${ref.table}`, () => `UPDATE ${quote(ref.table)} SET sync_vv = '{}' WHERE id = ?`).run(ref.id)
          if (untomb) tombDelete().run(ref.table, ref.id)
        })
      }
    } else if (effect.kind === 'keep') {
      const vv = vvText(effect.vv)
      const untomb = hadTomb(ref)
      vectors.push(() => {
        stmt(`vv:${ref.table}`, () => `UPDATE ${quote(ref.table)} SET sync_vv = ? WHERE id = ?`).run(checkedVv(ref, vv), ref.id)
        if (untomb) tombDelete().run(ref.table, ref.id)
      })
    } else if (effect.kind === 'tomb') {
      const { deletedAt } = effect
      const vv = vvText(effect.vv)
      vectors.push(() => tombUpsert().run(ref.table, ref.id, vv, deletedAt ?? input.now))
    }
  }

  const run = sqlite.transaction(() => {
    for (const [table, change] of expected) expected.set(table, change + countRows(sqlite, table))
    const touched =
      input.figures === 'refresh'
        ? {
            figures: figureRecords(sqlite, input.steps),
            shortSearch: keepShortSearch(sqlite, input.steps),
            claimProjects: claimFigureProjects(
              sqlite,
              input.steps.map((s) => s.ref),
            ),
          }
        : null
    sqlite.pragma('defer_foreign_keys = ON')
    const before = new Set((sqlite.pragma('foreign_key_check') as FkProblem[]).map(fkKey))
    runAll(removes)
    runAll([...updates, ...inserts])
    runAll(vectors)
    const received = { received_from_file_id: input.fromFileId, received_at: input.now }
    // A row their file received from a third keeps that origin; the time is always this file's own.
    for (const table of APPEND_ONLY_TABLES)
      insertRows(
        sqlite,
        table,
        input.append[table].map((r) => ({ ...r, ...received, received_from_file_id: r.received_from_file_id ?? input.fromFileId })),
      )
    insertRows(sqlite, 'audit_log', input.audit)
    if (input.merge) insertRows(sqlite, 'sync_merges', [input.merge])
    // Kept figures are this file's own derived data: computed again from the merged records, for
    // every project whose records the merge changed, before or after (see figureRecords), and the
    // short searches' rows of what it changed (after milestone_search, which the grams count from).
    if (touched) {
      const after = figureRecords(sqlite, input.steps)
      refreshKeptFigures(sqlite, [...touched.figures.projects, ...after.projects], [...touched.figures.milestones, ...after.milestones])
      touched.shortSearch()
      refreshClaimFiguresOf(
        sqlite,
        new Set([
          ...touched.claimProjects,
          ...claimFigureProjects(
            sqlite,
            input.steps.map((s) => s.ref),
          ),
        ]),
      )
    } else rebuildProjectFigures(sqlite)

    const problems = (sqlite.pragma('foreign_key_check') as FkProblem[]).filter((p) => !before.has(fkKey(p)))
    if (problems.length > 0) {
      throw new AppError('INTERNAL', `The merge would leave ${problems.length} broken references (first: ${problems[0].table} → ${problems[0].parent})`, {
        problems: problems.slice(0, 20),
      })
    }
    // A cascade the plan did not foresee would remove records silently: refuse it.
    for (const [table, count] of expected) {
      const actual = countRows(sqlite, table)
      if (actual !== count) throw new AppError('INTERNAL', `The merge would leave ${actual} rows in ${table} instead of ${count}`)
    }
  })
  run.immediate()
}

/** Inserts rows with the columns the table has (append-only tables take them as they are). */
function insertRows(sqlite: Database.Database, table: string, rows: RowValues[]): void {
  if (rows.length === 0) return
  const cols = (sqlite.prepare(`PRAGMA table_info(${quote(table)})`).all() as { name: string }[]).map((c) => c.name)
  const insert = sqlite.prepare(`INSERT INTO ${quote(table)} (${cols.map(quote).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`)
  for (const row of rows) insert.run(...cols.map((c) => row[c] ?? null))
}

function countRows(sqlite: Database.Database, table: string): number {
  return (sqlite.prepare(`SELECT count(*) AS n FROM ${quote(table)}`).get() as { n: number }).n
}

/**
 * The projects whose kept figures the merge's records feed, and its milestones, as the file holds
 * them now: read before the writing (where a record was) and after it (where it is): a record
 * of a table of FIGURE_TABLES names its project, an organisation the projects it is the
 * beneficiary of (their folded label).
 */
function figureRecords(sqlite: Database.Database, steps: WriteStep[]): { projects: Set<string>; milestones: Set<string> } {
  const projects = projectsOfRecords(
    sqlite,
    FIGURE_TABLES,
    steps.map((s) => s.ref),
  )
  const milestones = new Set<string>()
  const beneficiaryOf = sqlite.prepare('SELECT id FROM projects WHERE beneficiary_id = ?').pluck()
  for (const { ref } of steps) {
    if (ref.table === 'organisations') for (const p of beneficiaryOf.all(ref.id) as string[]) projects.add(p)
    if (ref.table === 'milestones') milestones.add(ref.id)
  }
  return { projects, milestones }
}

/**
 * Keeps the short searches' rows (milestone_grams, organisation_search) of the milestones, projects
 * and organisations the merge writes or deletes, as the record writer does: reads, before the
 * writing, how those milestones and every milestone of those projects are counted; the function
 * returned, run after the writing, counts again those counted differently and makes the
 * organisations' rows again. A step that only changes a vector or a tombstone changes no text.
 */
function keepShortSearch(sqlite: Database.Database, steps: WriteStep[]): () => void {
  const written = (table: string) => steps.filter((s) => s.ref.table === table && (s.effect.kind === 'put' || s.effect.kind === 'remove')).map((s) => s.ref.id)
  const [milestones, projects, organisations] = [written('milestones'), written('projects'), written('organisations')]
  const before = countedMilestones(sqlite, milestones, projects)
  return () => {
    shiftCountedGrams(sqlite, before, countedMilestones(sqlite, milestones, projects))
    refreshOrganisationSearchRows(sqlite, organisations)
  }
}
