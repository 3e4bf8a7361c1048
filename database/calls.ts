import { sql, type Kysely } from 'kysely'
import { AppError } from './domain/errors'
import type { CallPageQuery, CallValues } from './domain/schemas/projects'
import { afterSql, cutPage, keyColumns, orderSql, type Page, type SortPart } from './paging'
import type { Officer } from './audit'
import { deleteRecord, insertRecord, updateRecord, type NewRecord, type RecordTarget } from './records'
import type { DB } from './schema'
import { searchPattern } from './search'
import type { ObjectiveCode, ProjectStatus, Strand } from './domain/vocabulary'
import type { WritableDb } from './writable'

/** Calls for projects and how much of each envelope is committed. */

export interface CallRow {
  id: string
  reference: string
  title: string
  strand: Strand
  objectiveCode: ObjectiveCode
  opensOn: string
  closesOn: string
  envelopeCents: number
  notes: string | null
  projectCount: number
  /** EU contribution of the call's projects selected or beyond; what was paid of terminated ones. */
  committedCents: number
  updatedAt: string
}

/** Statuses whose EU contribution is committed against the call's envelope. */
export const COMMITTED_STATUSES: readonly ProjectStatus[] = ['selected', 'agreement_signed', 'running', 'final_report_received', 'closed']

const CALL = (id?: string): RecordTarget<'calls'> => ({ table: 'calls', entity: 'call', parentId: id ?? null })

/** The calls' order: newest opening first, then by reference, the id last (the order is total). */
const CALL_ORDER: readonly SortPart[] = [
  { expr: sql`c.opens_on`, desc: true },
  { expr: sql`c.reference`, desc: false },
  { expr: sql`c.id`, desc: false },
]

/** The calls of a search (reference or title, accents, case and punctuation ignored), before any column is chosen. */
function filteredCalls(db: Kysely<DB>, q?: string) {
  let query = db.selectFrom('calls as c')
  const search = searchPattern(q)
  if (search) {
    const pattern = sql`${search} escape '\\'`
    query = query.where((eb) => eb.or([eb(sql`amif_fold(c.reference)`, 'like', pattern), eb(sql`amif_fold(c.title)`, 'like', pattern)]))
  }
  return query
}

/**
 * A call's columns with its projects counted and its commitment summed in SQL from the kept
 * figures (project_figures, database/figures.ts), through the projects' call index.
 */
function withCallColumns(query: ReturnType<typeof filteredCalls>) {
  const committed = sql.join(COMMITTED_STATUSES.map((s) => sql`${s}`))
  return query.selectAll('c').select([
    sql<number>`(select count(*) from projects p where p.call_id = c.id)`.as('project_count'),
    sql<number>`(select coalesce(sum(case when p.status in (${committed}) then coalesce(f.eu_cents, 0) when p.status = 'terminated' then coalesce(f.paid_cents, 0) else 0 end), 0)
      from projects p left join project_figures f on f.project_id = p.id where p.call_id = c.id)`.as('committed_cents'),
  ])
}

function toCallRow(c: Awaited<ReturnType<ReturnType<typeof withCallColumns>['execute']>>[number]): CallRow {
  return {
    id: c.id,
    reference: c.reference,
    title: c.title,
    strand: c.strand,
    objectiveCode: c.objective_code,
    opensOn: c.opens_on,
    closesOn: c.closes_on,
    envelopeCents: c.envelope_cents,
    notes: c.notes,
    projectCount: Number(c.project_count),
    committedCents: Number(c.committed_cents),
    updatedAt: c.updated_at,
  }
}

/** Every call (or those whose reference or title match `q`), newest first, with its projects counted and its commitment computed. */
export async function listCalls(db: Kysely<DB>, q?: string): Promise<CallRow[]> {
  const rows = await withCallColumns(filteredCalls(db, q)).orderBy(orderSql(CALL_ORDER)).execute()
  return rows.map(toCallRow)
}

/** One page of the calls (newest first), with the count of the whole filtered list on the first page. */
export async function pageCalls(db: Kysely<DB>, q: CallPageQuery): Promise<Page<CallRow>> {
  let keys = filteredCalls(db, q.q).select(keyColumns(CALL_ORDER))
  // The first page counts the whole filtered list in the same pass; the pages after it do not count it again.
  if (!q.after) keys = keys.select(sql<number>`count(*) over ()`.as('total_n'))
  else keys = keys.where(afterSql(CALL_ORDER, q.after))
  const found = (await keys
    .orderBy(orderSql(CALL_ORDER))
    .limit(q.limit + 1)
    .execute()) as Record<string, unknown>[]
  const page = cutPage(found, q.limit, CALL_ORDER.length)
  const pageIds = page.rows.map((r) => r[`k${CALL_ORDER.length - 1}`] as string)
  const byId = new Map((pageIds.length ? await withCallColumns(db.selectFrom('calls as c')).where('c.id', 'in', pageIds).execute() : []).map((r) => [r.id, r]))
  return { rows: pageIds.map((id) => toCallRow(byId.get(id)!)), next: page.next, total: q.after ? null : Number(found[0]?.total_n ?? 0) }
}

/** One call (NOT_FOUND if it is gone). */
export async function getCall(db: Kysely<DB>, id: string): Promise<CallRow> {
  const call = await withCallColumns(db.selectFrom('calls as c')).where('c.id', '=', id).executeTakeFirst()
  if (!call) throw new AppError('NOT_FOUND', `No call ${id}`, { entity: 'call', id })
  return toCallRow(call)
}

function callColumns(v: CallValues): NewRecord<'calls'> {
  return {
    reference: v.reference,
    title: v.title,
    strand: v.strand,
    objective_code: v.objectiveCode,
    opens_on: v.opensOn,
    closes_on: v.closesOn,
    envelope_cents: v.envelopeCents,
    notes: v.notes,
  }
}

/** Creates or updates a call; its reference is unique (DUPLICATE). */
export async function saveCall(db: WritableDb, officer: Officer, input: { id?: string; expectedUpdatedAt?: string; values: CallValues }): Promise<string> {
  return db.transaction().execute(async (trx) => {
    let dup = trx.selectFrom('calls').select('id').where('reference', '=', input.values.reference)
    if (input.id) dup = dup.where('id', '!=', input.id)
    if (await dup.executeTakeFirst()) throw new AppError('DUPLICATE', `Call reference ${input.values.reference} is already used`, { field: 'reference' })
    if (input.id) {
      await updateRecord(trx, officer, CALL(), input.id, callColumns(input.values), input.expectedUpdatedAt)
      return input.id
    }
    return insertRecord(trx, officer, CALL(), callColumns(input.values))
  })
}

/** Deletes a call no project belongs to; IN_USE otherwise. */
export async function deleteCall(db: WritableDb, officer: Officer, id: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const n = await trx
      .selectFrom('projects')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('call_id', '=', id)
      .executeTakeFirstOrThrow()
    if (Number(n.n) > 0) throw new AppError('IN_USE', `Call ${id} has projects`, { projects: Number(n.n) })
    await deleteRecord(trx, officer, CALL(), id)
  })
}
