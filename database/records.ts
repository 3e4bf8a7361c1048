import type { Insertable, Selectable, Transaction, Updateable } from 'kysely'
import { AppError } from './domain/errors'
import { writeAudit, type Officer } from './audit'
import { nowTimestamp } from './domain/dates'
import { newId } from './ids'
import type { DB } from './schema'
import type { WriteTrx } from './writable'
import { FIGURE_TABLES, refreshMilestoneSearch, refreshProjectFigures } from './figures'
import { shiftMilestoneGrams, shiftProjectGrams } from './milestone-grams'
import { refreshClaimFigures } from './claim-figures'
import { projectsOfRows } from './record-projects'

/**
 * Insert, update and delete for the records a project (or the reference) holds, each with its
 * audit row in the caller's transaction, the officer's stamp and the STALE check. One way to
 * write a child record, so every table behaves the same.
 */

type StampedTable = Exclude<
  keyof DB,
  | 'meta'
  | 'audit_log'
  | 'organisations'
  | 'contacts'
  | 'partnerships'
  | 'sync_tombstones'
  | 'handovers'
  | 'sync_merges'
  | 'project_figures'
  | 'milestone_search'
  | 'milestone_grams'
  | 'organisation_search'
  | 'claim_figures'
  | 'project_risk'
>
/** Columns the writer sets itself (the version vector is the triggers'). */
type WriterColumns = 'id' | 'created_at' | 'updated_at' | 'updated_by' | 'sync_vv'
/** The columns of a new record of table T: all it requires but the stamps; `id` only where the record's identity is a fact. */
export type NewRecord<T extends StampedTable> = Omit<Insertable<DB[T]>, WriterColumns> & { id?: string }
/** The columns an edit of a record of table T may change. */
export type RecordChanges<T extends StampedTable> = Omit<Updateable<DB[T]>, WriterColumns>
type Row = Record<string, unknown> & { id: string; updated_at: string }
// Kysely cannot type a table chosen at run time: the callers' columns are typed by the signatures below.
type LooseTrx = Transaction<Record<string, Record<string, unknown>>>
const loose = (trx: Transaction<DB>) => trx as unknown as LooseTrx

/** A stored row with camelCase keys, as the history panel reads audit values (the version vector is bookkeeping, not history). */
function camel(row: Record<string, unknown>, omit: readonly string[] = []): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(row)
      .filter(([k]) => k !== 'sync_vv' && !omit.includes(k))
      .map(([k, v]) => [k.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase()), v]),
  )
}

export interface RecordTarget<T extends StampedTable = StampedTable> {
  table: T
  /** The audit log's entity name (`budget_line`, `milestone`...). */
  entity: string
  /** The record the history of which shows this change (the project), if any. */
  parentId: string | null
  /** Columns the history never holds (an attachment's bytes: its SHA-256 names them). */
  omit?: readonly string[]
}

/** Reads a record or refuses with NOT_FOUND. */
export async function recordRow<T extends StampedTable>(trx: Transaction<DB>, table: T, id: string): Promise<Selectable<DB[T]>> {
  return (await looseRow(trx, table, id)) as Selectable<DB[T]>
}

async function looseRow(trx: Transaction<DB>, table: StampedTable, id: string): Promise<Row> {
  const row = (await loose(trx).selectFrom(table).selectAll().where('id', '=', id).executeTakeFirst()) as Row | undefined
  if (!row) throw new AppError('NOT_FOUND', `No ${table} record ${id}`, { entity: table, id })
  return row
}

/** Refuses with STALE when the record changed since the caller read it. */
export function checkNotStale(row: { updated_at: string }, expectedUpdatedAt: string | undefined, id: string): void {
  if (expectedUpdatedAt !== undefined && row.updated_at !== expectedUpdatedAt) {
    throw new AppError('STALE', `Record ${id} was changed meanwhile`, { id, updatedAt: row.updated_at })
  }
}

/**
 * Inserts a record with its stamps and a `create` audit row; returns its id. A new UUID, unless
 * `columns.id` gives one: records whose identity is a fact (the grantor, a clause edit, a
 * project's evaluation) have ids that two files share.
 */
export async function insertRecord<T extends StampedTable>(
  trx: WriteTrx,
  officer: Officer,
  target: RecordTarget<T>,
  columns: NoInfer<NewRecord<T>>,
  at = nowTimestamp(),
): Promise<string> {
  const id = typeof columns.id === 'string' ? columns.id : newId()
  const row = { ...columns, id, created_at: at, updated_at: at, updated_by: officer.name }
  await loose(trx).insertInto(target.table).values(row).execute()
  await writeAudit(trx, officer, { entity: target.entity, recordId: id, parentId: target.parentId, action: 'create', after: camel(row, target.omit) }, at)
  await refreshFigures(trx, target.table, [row])
  await refreshClaimFigures(trx, target.table, [row])
  if (target.table === 'milestones') {
    await refreshMilestoneSearch(trx, id)
    await shiftMilestoneGrams(trx, id, 1)
  }
  return id
}

/** Updates a record's columns (STALE-checked) with an `update` audit row holding before and after. */
export async function updateRecord<T extends StampedTable>(
  trx: WriteTrx,
  officer: Officer,
  target: RecordTarget<T>,
  id: string,
  columns: NoInfer<RecordChanges<T>>,
  expectedUpdatedAt?: string,
): Promise<void> {
  const before = await looseRow(trx, target.table, id)
  checkNotStale(before, expectedUpdatedAt, id)
  // The milestone grams count what a search matches: taken back before the change, counted again after it.
  const grams = gramsChange(trx, target.table, before, columns)
  if (grams) await grams(-1)
  const at = nowTimestamp()
  await loose(trx)
    .updateTable(target.table as StampedTable)
    .set({ ...columns, updated_at: at, updated_by: officer.name })
    .where('id', '=', id)
    .execute()
  const after = await looseRow(trx, target.table, id)
  await writeAudit(
    trx,
    officer,
    { entity: target.entity, recordId: id, parentId: target.parentId, action: 'update', before: camel(before, target.omit), after: camel(after, target.omit) },
    at,
  )
  await refreshFigures(trx, target.table, [before, after])
  await refreshClaimFigures(trx, target.table, [before, after])
  if (target.table === 'milestones') await refreshMilestoneSearch(trx, id)
  if (grams) await grams(1)
}

/**
 * How an update shifts the milestone grams (milestone-grams.ts): a milestone's own, or every
 * milestone of a project whose code or title changes (a search matches them too); null when it does not.
 */
function gramsChange(trx: WriteTrx, table: StampedTable, before: Row, columns: Record<string, unknown>): ((sign: 1 | -1) => Promise<void>) | null {
  if (table === 'milestones') return (sign) => shiftMilestoneGrams(trx, before.id, sign)
  if (table === 'projects' && (['code', 'title'] as const).some((c) => c in columns && columns[c] !== before[c])) {
    return (sign) => shiftProjectGrams(trx, before.id, sign)
  }
  return null
}

/** Deletes a record with a `delete` audit row holding what it was. */
export async function deleteRecord<T extends StampedTable>(trx: WriteTrx, officer: Officer, target: RecordTarget<T>, id: string): Promise<Selectable<DB[T]>> {
  const before = await looseRow(trx, target.table, id)
  // Its milestones' grams go with a milestone or a project (milestone_search goes by ON DELETE CASCADE).
  if (target.table === 'milestones') await shiftMilestoneGrams(trx, id, -1)
  if (target.table === 'projects') await shiftProjectGrams(trx, id, -1)
  await loose(trx)
    .deleteFrom(target.table as StampedTable)
    .where('id', '=', id)
    .execute()
  await writeAudit(trx, officer, { entity: target.entity, recordId: id, parentId: target.parentId, action: 'delete', before: camel(before, target.omit) })
  // A project deleted takes its kept figures along (ON DELETE CASCADE).
  if (target.table !== 'projects') await refreshFigures(trx, target.table, [before])
  await refreshClaimFigures(trx, target.table, [before])
  return before as Selectable<DB[T]>
}

/**
 * Keeps `project_figures` true in the writer's transaction: a write to a record that feeds a
 * project's money or indicators computes that project's figures again (before and after, should
 * a record move to another project).
 */
async function refreshFigures(trx: WriteTrx, table: StampedTable, rows: Record<string, unknown>[]): Promise<void> {
  const projects = await projectsOfRows(trx, FIGURE_TABLES, table, rows)
  for (const projectId of projects) await refreshProjectFigures(trx, projectId)
}
