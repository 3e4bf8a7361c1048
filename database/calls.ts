import { sql, type Kysely } from 'kysely'
import { AppError } from './domain/errors'
import type { CallValues } from './domain/schemas/projects'
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

/** Every call (or those whose reference or title match `q`), newest first, with its projects counted and its commitment computed. */
export async function listCalls(db: Kysely<DB>, q?: string): Promise<CallRow[]> {
  let query = db.selectFrom('calls').selectAll()
  const search = searchPattern(q)
  if (search) {
    const pattern = sql`${search} escape '\\'`
    query = query.where((eb) => eb.or([eb(sql`amif_fold(reference)`, 'like', pattern), eb(sql`amif_fold(title)`, 'like', pattern)]))
  }
  const calls = await query.orderBy('opens_on', 'desc').orderBy('reference').execute()
  // Each project's EU contribution and payments as kept in project_figures (database/figures.ts).
  const projects = await db
    .selectFrom('projects as p')
    .leftJoin('project_figures as f', 'f.project_id', 'p.id')
    .select(['p.id', 'p.call_id', 'p.status', 'f.eu_cents', 'f.paid_cents'])
    .where('p.call_id', 'is not', null)
    .execute()
  const byCall = new Map<string, typeof projects>()
  for (const p of projects) {
    const list = byCall.get(p.call_id!) ?? []
    list.push(p)
    byCall.set(p.call_id!, list)
  }
  return calls.map((c) => {
    const own = byCall.get(c.id) ?? []
    const committedCents = own.reduce((sum, p) => {
      if (COMMITTED_STATUSES.includes(p.status)) return sum + (p.eu_cents ?? 0)
      if (p.status === 'terminated') return sum + (p.paid_cents ?? 0)
      return sum
    }, 0)
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
      projectCount: own.length,
      committedCents,
      updatedAt: c.updated_at,
    }
  })
}

/** One call (NOT_FOUND if it is gone). */
export async function getCall(db: Kysely<DB>, id: string): Promise<CallRow> {
  const call = (await listCalls(db)).find((c) => c.id === id)
  if (!call) throw new AppError('NOT_FOUND', `No call ${id}`, { entity: 'call', id })
  return call
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
