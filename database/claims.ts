import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely'
import type { Officer } from './audit'
import { claimClockOf, claimClocksOf, claimResultOf } from './claim-result'
import { keepClaimFiguresAfter } from './claim-figures'
import { declaredCents, PAYMENT_DEADLINE_DAYS, type ClaimClock, type ClaimResult } from './domain/claims'
import { addDays } from './domain/dates'
import { AppError } from './domain/errors'
import type { ClaimLineValues, ClaimQuery, ClaimStatusChange, ClaimValues } from './domain/schemas/claims'
import {
  CLAIM_STATUSES,
  CLAIM_TRANSITIONS,
  type BudgetCategory,
  type ClaimKind,
  type ClaimLineKind,
  type ClaimStatus,
  type CostModel,
  type ErrorType,
  type LineOutcome,
  type PaymentKind,
  type PaymentStatus,
} from './domain/vocabulary'
import { checkNotStale, deleteRecord, insertRecord, recordRow, updateRecord, type NewRecord, type RecordTarget } from './records'
import type { DB } from './schema'
import { jsonValues } from './json-rows'
import type { PageCursor } from './domain/schemas/paging'
import { afterSql, cutPage, keyColumns, type Page, type SortPart } from './paging'
import { searchPattern } from './search'
import type { WritableDb, WriteTrx } from './writable'

/**
 * Payment claims as the officer records them (issue 15): a claim and its declared lines, its
 * status moved by hand with the 80-day clock stopped while it is returned for information, and
 * the list of every claim across projects by days left. The verification (outcomes, sample,
 * approval) is database/verification.ts; the result and the clock are read through
 * claim-result.ts only.
 */

/** While a claim is in one of these, its header and its lines without an outcome may change. */
export const EDITABLE_CLAIM_STATUSES: readonly ClaimStatus[] = ['received', 'under_verification', 'returned']

/** A claim as lists show it. */
export interface ClaimListRow {
  id: string
  projectId: string
  projectCode: string
  projectTitle: string
  beneficiaryName: string
  beneficiaryAcronym: string | null
  kind: ClaimKind
  reference: string | null
  periodStart: string
  periodEnd: string
  submittedOn: string
  status: ClaimStatus
  lineCount: number
  /** The sum of the declared lines. */
  declaredCents: number
  /** From the verification result (claimResultOf, kept in claim_figures for the list): the direct costs accepted and the amount payable. */
  acceptedCents: number
  ineligibleCents: number
  payableCents: number
  clock: ClaimClock
  updatedAt: string
}

/** A page of the claims list; the first page also says how many claims match and what they declare in all. */
export interface ClaimList extends Page<ClaimListRow> {
  /** Declared on every matching claim (first page only, null after it). */
  declaredCents: number | null
}

/** A declared line with its budget line. */
export interface ClaimLineRow {
  id: string
  lineNo: number
  kind: ClaimLineKind
  budgetLineId: string
  budgetLineDescription: string
  budgetLineCategory: BudgetCategory
  budgetLineCostModel: CostModel
  expenseDate: string | null
  supplier: string | null
  reference: string | null
  description: string | null
  amountExclCents: number | null
  amountInclCents: number | null
  vatEligible: boolean
  paymentDate: string | null
  personName: string | null
  hoursHundredths: number | null
  annualGrossCents: number | null
  hourlyRateCents: number | null
  units: number | null
  declaredCents: number
  inSample: boolean
  outcome: LineOutcome | null
  acceptedCents: number | null
  errorType: ErrorType | null
  outcomeComment: string | null
  verifiedBy: string | null
  verifiedAt: string | null
  updatedAt: string
}

export interface ClaimSuspensionRow {
  id: string
  stoppedOn: string
  reason: string
  resumedOn: string | null
}

/** A claim with everything its page shows. */
export interface ClaimDetail extends ClaimListRow {
  note: string | null
  withdrawnReason: string | null
  preparedBy: string | null
  approvedBy: string | null
  approvedAt: string | null
  /** The moves the officer may make by hand from the current status. */
  allowedTransitions: ClaimStatus[]
  /** Whether the claim and its lines without an outcome may still be changed. */
  editable: boolean
  /** Whether the claim may be deleted (nothing of it verified or paid). */
  deletable: boolean
  lines: ClaimLineRow[]
  suspensions: ClaimSuspensionRow[]
  result: ClaimResult
  /** The payment the claim's approval created. */
  payment: {
    id: string
    kind: PaymentKind
    status: PaymentStatus
    plannedDate: string
    plannedCents: number | null
    paidDate: string | null
    paidCents: number | null
  } | null
}

const claimTarget = (projectId: string): RecordTarget<'claims'> => ({ table: 'claims', entity: 'claim', parentId: projectId })
const lineTarget = (projectId: string): RecordTarget<'claim_lines'> => ({ table: 'claim_lines', entity: 'claim_line', parentId: projectId })
const suspensionTarget = (projectId: string): RecordTarget<'claim_suspensions'> => ({
  table: 'claim_suspensions',
  entity: 'claim_suspension',
  parentId: projectId,
})

/** The days left the order gives a claim whose clock ended: beyond any open one's. */
const ENDED_DAYS_LEFT = 1_000_000_000

/** The three parts of the list: ever returned for information, open and never returned, clock ended. */
type ClaimGroup = 'returned' | 'plain' | 'ended'

/**
 * Days left on the 80-day clock of a claim still open, in SQL, as claimClock counts them on
 * `today`: from the submission, less the days stopped while returned for information (for a
 * claim never returned, none: the submission day alone decides them).
 */
function daysLeftSql(today: string, returned: boolean) {
  const from = sql`max(s.stopped_on, c.submitted_on)`
  const to = sql`(case when s.resumed_on is null or s.resumed_on > ${today} then ${today} else s.resumed_on end)`
  const stopped = returned
    ? sql`coalesce((select sum(max(0, julianday(${to}) - julianday(${from}))) from claim_suspensions s where s.claim_id = c.id and ${from} <= ${today}), 0)`
    : sql`0`
  return sql`cast(${PAYMENT_DEADLINE_DAYS} - max(0, max(0, julianday(${today}) - julianday(c.submitted_on)) - ${stopped}) as integer)`
}

/**
 * The list's order, within one of its groups: open clocks first, the fewest days left first (then
 * the earliest submitted); claims whose clock ended (paid, withdrawn) last, newest first; then the
 * project code and the id. Two numbers carry the groups across: ended claims take a days-left
 * beyond any, and their submission day negated (the keys are those of one order for every claim).
 */
function claimOrder(today: string, group: ClaimGroup): SortPart[] {
  const day = sql`cast(replace(c.submitted_on, '-', '') as integer)`
  const ended = group === 'ended'
  return [
    { expr: ended ? sql`${sql.lit(ENDED_DAYS_LEFT)}` : daysLeftSql(today, group === 'returned'), desc: false },
    { expr: ended ? sql`-${day}` : day, desc: false },
    { expr: sql`p.code`, desc: false },
    { expr: sql`c.id`, desc: false },
  ]
}

/** How many keys the order has (days left, day, code, id): the last is the id. */
const KEY_WIDTH = 4

/** Claims with their projects, as the list filters and orders them. */
const claimsWithProjects = (db: Kysely<DB>) => db.selectFrom('claims as c').innerJoin('projects as p', 'p.id', 'c.project_id')
type ClaimSource = ReturnType<typeof claimsWithProjects>

/** Statuses whose clock still runs (or stopped while returned): listed first, by days left. */
const CLOCK_OPEN: readonly ClaimStatus[] = CLAIM_STATUSES.filter((s) => s !== 'paid' && s !== 'withdrawn')

/** SQLite's order of two text keys (BINARY: UTF-8 bytes), or of two numbers. */
function compareKey(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b
  const x = String(a)
  const y = String(b)
  return x === y ? 0 : Buffer.compare(Buffer.from(x), Buffer.from(y))
}

/**
 * The first `count` claims after the cursor in claimOrder, without computing the order's keys
 * for every claim: a claim open and never returned has days left that only its submission day
 * decides (the earlier, the fewer), so those are read per status down the (status, submitted_on)
 * index; the few ever returned are scored in SQL; claims whose clock ended are read newest first,
 * only when the open ones do not fill the count. The three are merged on their keys.
 */
async function firstInOrder(
  filtered: ClaimSource,
  statuses: readonly ClaimStatus[],
  today: string,
  count: number,
  after: PageCursor | undefined,
): Promise<Record<string, unknown>[]> {
  const wanted = (group: readonly ClaimStatus[]) => group.filter((s) => !statuses.length || statuses.includes(s))
  const inOrder = (query: ClaimSource, group: ClaimGroup) => {
    const order = claimOrder(today, group)
    return (after ? query.where(afterSql(order, after)) : query).select(keyColumns(order))
  }
  const first = after?.[0]
  const ended = typeof first === 'number' && first >= ENDED_DAYS_LEFT
  const rows: Record<string, unknown>[] = []
  const open = wanted(CLOCK_OPEN)
  if (open.length && !ended) {
    // Never returned: days left = 80 less the days since submission, so the order is the submission's.
    // After a cursor, only those with at least its days left (submitted since the day that gives them).
    const since = typeof first === 'number' && first <= PAYMENT_DEADLINE_DAYS ? addDays(today, first - PAYMENT_DEADLINE_DAYS) : null
    if (typeof first !== 'number' || first <= PAYMENT_DEADLINE_DAYS) {
      for (const status of open) {
        let query = filtered.where('c.status', '=', status).where(sql<boolean>`not exists (select 1 from claim_suspensions s where s.claim_id = c.id)`)
        if (since) query = query.where('c.submitted_on', '>=', since)
        rows.push(...(await inOrder(query, 'plain').orderBy('c.submitted_on').orderBy('p.code').orderBy('c.id').limit(count).execute()))
      }
    }
    rows.sort(byKeys(KEY_WIDTH))
    rows.splice(count)
    // Ever returned: the clock only stops, so they have at least the days left their submission
    // day alone gives; once the page is full, none submitted after the day that gives its last
    // row's can come before that row.
    const last = rows.length === count ? rows[count - 1]!.k0 : null
    let returned = filtered.where('c.status', 'in', open).where(sql<boolean>`c.id in (select claim_id from claim_suspensions)`)
    if (typeof last === 'number' && last < PAYMENT_DEADLINE_DAYS)
      returned = returned.where('c.submitted_on', '<=', addDays(today, last - PAYMENT_DEADLINE_DAYS))
    rows.push(
      ...(await inOrder(returned, 'returned')
        .orderBy(sql`k0, k1, k2, k3`)
        .limit(count)
        .execute()),
    )
  }
  rows.sort(byKeys(KEY_WIDTH))
  rows.splice(count)
  const closed = wanted(['paid', 'withdrawn'])
  if (rows.length < count && closed.length) {
    // Newest first; after a cursor among them, only those submitted on its day or before.
    const until = ended && typeof after?.[1] === 'number' ? dayOf(-after[1]) : null
    const missing = count - rows.length
    for (const status of closed) {
      let query = filtered.where('c.status', '=', status)
      if (until) query = query.where('c.submitted_on', '<=', until)
      rows.push(...(await inOrder(query, 'ended').orderBy('c.submitted_on', 'desc').orderBy('p.code').orderBy('c.id').limit(missing).execute()))
    }
    rows.sort(byKeys(KEY_WIDTH))
    rows.splice(count)
  }
  return rows
}

/** Rows with the keys k0.. compared in turn, as the SQL order does (every part ascending). */
const byKeys =
  (width: number) =>
  (a: Record<string, unknown>, b: Record<string, unknown>): number => {
    for (let i = 0; i < width; i++) {
      const d = compareKey(a[`k${i}`], b[`k${i}`])
      if (d !== 0) return d
    }
    return 0
  }

/** The ISO day of a yyyymmdd number (the order's submission day). */
const dayOf = (n: number) =>
  `${String(Math.floor(n / 10000)).padStart(4, '0')}-${String(Math.floor(n / 100) % 100).padStart(2, '0')}-${String(n % 100).padStart(2, '0')}`

/** What every line of the claims read by `claims` (a parenthesized subquery; of every claim: null) declares, from the index on (claim_id, declared_cents) alone (migration 018). */
async function declaredOf(db: Kysely<DB>, claims: RawBuilder<unknown> | null): Promise<number> {
  let lines = db.selectFrom('claim_lines as l').select(sql<number>`coalesce(sum(l.declared_cents), 0)`.as('d'))
  if (claims) lines = lines.where(sql<boolean>`l.claim_id in ${claims}`)
  const row = await lines.executeTakeFirstOrThrow()
  return Number(row.d)
}

/**
 * How many claims match and what they declare in all: for every claim or a few statuses from the
 * indexes alone (what the statuses left out declare taken from the whole when they are fewer),
 * for the claims a search found from their ids.
 */
async function claimSums(db: Kysely<DB>, filtered: ClaimSource, q: ClaimQuery, matched: string[] | null): Promise<{ n: number; declared: number }> {
  if (matched) return { n: matched.length, declared: await declaredOf(db, jsonValues(matched)) }
  if (q.projectId) {
    const row = await filtered
      .select([
        sql<number>`count(*)`.as('n'),
        sql<number>`coalesce(sum((select coalesce(sum(l.declared_cents), 0) from claim_lines l where l.claim_id = c.id)), 0)`.as('declared'),
      ])
      .executeTakeFirstOrThrow()
    return { n: Number(row.n), declared: Number(row.declared) }
  }
  const counts = await db
    .selectFrom('claims')
    .select(['status', sql<number>`count(*)`.as('n')])
    .groupBy('status')
    .execute()
  const inside = (status: ClaimStatus) => !q.status.length || q.status.includes(status)
  const n = counts.reduce((sum, c) => sum + (inside(c.status) ? Number(c.n) : 0), 0)
  const all = counts.reduce((sum, c) => sum + Number(c.n), 0)
  // Every line has its claim: the whole from the index alone.
  const total = await declaredOf(db, null)
  if (n === all) return { n, declared: total }
  const others = CLAIM_STATUSES.filter((s) => !inside(s))
  if (n <= all - n) return { n, declared: await declaredOf(db, sql`(select id from claims where status in (${sql.join(q.status)}))`) }
  return { n, declared: total - (await declaredOf(db, sql`(select id from claims where status in (${sql.join(others)}))`)) }
}

/**
 * A page of the claims across projects for the filters, sorted by days left on the 80-day clock:
 * the order and the declared sums come from SQL, the clock is read and the kept figures
 * (claim_figures) for the rows of the page only; the first page counts the matching claims and sums what they declare.
 */
export async function pageClaims(db: Kysely<DB>, q: ClaimQuery, today: string): Promise<ClaimList> {
  let filtered = claimsWithProjects(db)
  if (q.status.length) filtered = filtered.where('c.status', 'in', q.status)
  if (q.projectId) filtered = filtered.where('c.project_id', '=', q.projectId)
  const search = searchPattern(q.q)
  if (search) {
    const pattern = sql`${search} escape '\\'`
    // The projects whose code or title, as the kept figures hold them folded, match: found once, not per claim.
    const projects = sql`select f.project_id from project_figures f where f.code_key like ${pattern} or f.title_key like ${pattern}`
    filtered = filtered.where((eb) => eb.or([eb(sql`c.project_id`, 'in', sql`(${projects})`), eb(sql`amif_fold(coalesce(c.reference, ''))`, 'like', pattern)]))
  }
  // The claims found, once (the fold of each reference the most): the order's queries and the
  // sums then read those only.
  const matched = search ? (await filtered.select('c.id').execute()).map((r) => r.id) : null
  if (matched) filtered = claimsWithProjects(db).where('c.id', 'in', jsonValues(matched))
  const found = await firstInOrder(filtered, q.status, today, q.limit + 1, q.after)
  const page = cutPage(found, q.limit, KEY_WIDTH)
  const ids = page.rows.map((r) => r[`k${KEY_WIDTH - 1}`] as string)
  const sums = q.after ? null : await claimSums(db, filtered, q, matched)
  const read = ids.length
    ? await db
        .selectFrom('claims as c')
        .innerJoin('projects as p', 'p.id', 'c.project_id')
        .innerJoin('organisations as o', 'o.id', 'p.beneficiary_id')
        .innerJoin('claim_figures as k', 'k.claim_id', 'c.id')
        .select([
          'c.id',
          'c.project_id',
          'p.code',
          'p.title',
          'o.name as beneficiary_name',
          'o.acronym as beneficiary_acronym',
          'c.kind',
          'c.reference',
          'c.period_start',
          'c.period_end',
          'c.submitted_on',
          'c.status',
          'c.updated_at',
          'k.line_count',
          'k.declared_cents',
          'k.accepted_cents',
          'k.ineligible_cents',
          'k.payable_cents',
        ])
        .where('c.id', 'in', ids)
        .execute()
    : []
  const byId = new Map(read.map((r) => [r.id, r]))
  const rows = ids.map((id) => {
    const r = byId.get(id)
    // Kept by the record writer with the claim (claim-figures.ts); `check` names a claim without them.
    if (!r) throw new AppError('INTERNAL', `The kept figures of claim ${id} are missing`, { entity: 'claim_figures', id })
    return r
  })
  const clocks = await claimClocksOf(db, rows, today)
  const out: ClaimListRow[] = []
  for (const r of rows) {
    out.push({
      id: r.id,
      projectId: r.project_id,
      projectCode: r.code,
      projectTitle: r.title,
      beneficiaryName: r.beneficiary_name,
      beneficiaryAcronym: r.beneficiary_acronym,
      kind: r.kind,
      reference: r.reference,
      periodStart: r.period_start,
      periodEnd: r.period_end,
      submittedOn: r.submitted_on,
      status: r.status,
      lineCount: r.line_count,
      declaredCents: r.declared_cents,
      acceptedCents: r.accepted_cents,
      ineligibleCents: r.ineligible_cents,
      payableCents: r.payable_cents,
      clock: clocks.get(r.id)!,
      updatedAt: r.updated_at,
    })
  }
  return { rows: out, next: page.next, total: sums ? Number(sums.n) : null, declaredCents: sums ? Number(sums.declared) : null }
}

async function claimRow(db: Kysely<DB>, id: string) {
  const row = await db.selectFrom('claims').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row) throw new AppError('NOT_FOUND', `No claim ${id}`, { entity: 'claims', id })
  return row
}

/** A claim with its lines, suspensions, clock, result and payment. */
export async function getClaim(db: Kysely<DB>, id: string, today: string): Promise<ClaimDetail> {
  const c = await claimRow(db, id)
  const head = await db
    .selectFrom('projects as p')
    .innerJoin('organisations as o', 'o.id', 'p.beneficiary_id')
    .select(['p.code', 'p.title', 'o.name', 'o.acronym'])
    .where('p.id', '=', c.project_id)
    .executeTakeFirstOrThrow()
  const lines = await db
    .selectFrom('claim_lines as l')
    .innerJoin('budget_lines as b', 'b.id', 'l.budget_line_id')
    .selectAll('l')
    .select(['b.description as budget_description', 'b.category as budget_category', 'b.cost_model as budget_cost_model'])
    .where('l.claim_id', '=', id)
    .orderBy('l.line_no')
    .execute()
  const suspensions = await db.selectFrom('claim_suspensions').selectAll().where('claim_id', '=', id).orderBy('stopped_on').orderBy('created_at').execute()
  const payment = await db.selectFrom('payments').selectAll().where('claim_id', '=', id).orderBy('created_at').executeTakeFirst()
  const result = await claimResultOf(db, id)
  const clock = await claimClockOf(db, id, today)
  const verifiedSome = lines.some((l) => l.outcome !== null)
  return {
    id: c.id,
    projectId: c.project_id,
    projectCode: head.code,
    projectTitle: head.title,
    beneficiaryName: head.name,
    beneficiaryAcronym: head.acronym,
    kind: c.kind,
    reference: c.reference,
    periodStart: c.period_start,
    periodEnd: c.period_end,
    submittedOn: c.submitted_on,
    status: c.status,
    lineCount: lines.length,
    declaredCents: lines.reduce((sum, l) => sum + l.declared_cents, 0),
    acceptedCents: result.acceptedDirectCents,
    ineligibleCents: result.ineligibleCents,
    payableCents: result.payableCents,
    clock,
    updatedAt: c.updated_at,
    note: c.note,
    withdrawnReason: c.withdrawn_reason,
    preparedBy: c.prepared_by,
    approvedBy: c.approved_by,
    approvedAt: c.approved_at,
    allowedTransitions: [...CLAIM_TRANSITIONS[c.status]],
    editable: EDITABLE_CLAIM_STATUSES.includes(c.status),
    deletable: c.status !== 'verified' && c.status !== 'paid' && !verifiedSome && !payment,
    lines: lines.map((l) => ({
      id: l.id,
      lineNo: l.line_no,
      kind: l.kind,
      budgetLineId: l.budget_line_id,
      budgetLineDescription: l.budget_description,
      budgetLineCategory: l.budget_category,
      budgetLineCostModel: l.budget_cost_model,
      expenseDate: l.expense_date,
      supplier: l.supplier,
      reference: l.reference,
      description: l.description,
      amountExclCents: l.amount_excl_cents,
      amountInclCents: l.amount_incl_cents,
      vatEligible: l.vat_eligible === 1,
      paymentDate: l.payment_date,
      personName: l.person_name,
      hoursHundredths: l.hours_hundredths,
      annualGrossCents: l.annual_gross_cents,
      hourlyRateCents: l.hourly_rate_cents,
      units: l.units,
      declaredCents: l.declared_cents,
      inSample: l.in_sample === 1,
      outcome: l.outcome,
      acceptedCents: l.accepted_cents,
      errorType: l.error_type,
      outcomeComment: l.outcome_comment,
      verifiedBy: l.verified_by,
      verifiedAt: l.verified_at,
      updatedAt: l.updated_at,
    })),
    suspensions: suspensions.map((s) => ({ id: s.id, stoppedOn: s.stopped_on, reason: s.reason, resumedOn: s.resumed_on })),
    result,
    payment: payment
      ? {
          id: payment.id,
          kind: payment.kind,
          status: payment.status,
          plannedDate: payment.planned_date,
          plannedCents: payment.planned_cents,
          paidDate: payment.paid_date,
          paidCents: payment.paid_cents,
        }
      : null,
  }
}

/** Refuses a change to a claim no longer open to it (verified, paid, withdrawn): CLAIM_LOCKED. */
function checkEditable(c: { id: string; status: ClaimStatus }): void {
  if (!EDITABLE_CLAIM_STATUSES.includes(c.status)) {
    throw new AppError('CLAIM_LOCKED', `Claim ${c.id} is ${c.status}: it can no longer be changed`, { status: c.status })
  }
}

/** Records a new claim (received) or edits one still open; returns its id. */
export async function saveClaim(
  db: WritableDb,
  officer: Officer,
  input: { projectId: string; id?: string; expectedUpdatedAt?: string; values: ClaimValues },
): Promise<string> {
  return db.transaction().execute(async (trx) => {
    await recordRow(trx, 'projects', input.projectId)
    const v = input.values
    const columns = {
      kind: v.kind,
      reference: v.reference,
      period_start: v.periodStart,
      period_end: v.periodEnd,
      submitted_on: v.submittedOn,
      note: v.note,
    }
    if (input.id) {
      const c = await claimRow(trx, input.id)
      if (c.project_id !== input.projectId) throw new AppError('NOT_FOUND', `No claim ${input.id} in this project`, { entity: 'claims', id: input.id })
      checkNotStale(c, input.expectedUpdatedAt, input.id)
      checkEditable(c)
      // The clock cannot have stopped before the claim was submitted.
      const first = await trx
        .selectFrom('claim_suspensions')
        .select((eb) => eb.fn.min('stopped_on').as('d'))
        .where('claim_id', '=', c.id)
        .executeTakeFirst()
      if (first?.d && first.d < v.submittedOn) {
        throw new AppError('VALIDATION', 'Submitted after the claim was returned', { issues: [{ path: 'values.submittedOn', message: 'afterSuspension' }] })
      }
      await updateRecord(trx, officer, claimTarget(input.projectId), input.id, columns)
      return input.id
    }
    return insertRecord(trx, officer, claimTarget(input.projectId), { project_id: input.projectId, ...columns, status: 'received' })
  })
}

/** Deletes a claim with its lines and suspensions while nothing of it is verified or paid; CLAIM_LOCKED otherwise. */
export async function deleteClaim(db: WritableDb, officer: Officer, id: string): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const c = await claimRow(trx, id)
    const verified = await trx.selectFrom('claim_lines').select('id').where('claim_id', '=', id).where('outcome', 'is not', null).executeTakeFirst()
    const payment = await trx.selectFrom('payments').select('id').where('claim_id', '=', id).executeTakeFirst()
    if (c.status === 'verified' || c.status === 'paid' || verified || payment) {
      throw new AppError('CLAIM_LOCKED', `Claim ${id} has verified lines or a payment: it cannot be deleted`, { status: c.status })
    }
    // Each record with its own audit row: the history shows what went with the claim (the project's kept figures computed once, after).
    await keepClaimFiguresAfter(trx, async () => {
      const lines = await trx.selectFrom('claim_lines').select('id').where('claim_id', '=', id).execute()
      for (const l of lines) await deleteRecord(trx, officer, lineTarget(c.project_id), l.id)
      const suspensions = await trx.selectFrom('claim_suspensions').select('id').where('claim_id', '=', id).execute()
      for (const s of suspensions) await deleteRecord(trx, officer, suspensionTarget(c.project_id), s.id)
      const checks = await trx.selectFrom('claim_checks').select('id').where('claim_id', '=', id).execute()
      for (const k of checks) await deleteRecord(trx, officer, { table: 'claim_checks', entity: 'claim_check', parentId: c.project_id }, k.id)
      await deleteRecord(trx, officer, claimTarget(c.project_id), id)
    })
    return c.project_id
  })
}

/** Which cost model of a budget line each kind of declared line needs. */
function fitsCostModel(kind: ClaimLineKind, model: CostModel): boolean {
  if (kind === 'unit') return model === 'unit_cost'
  if (kind === 'lump_sum') return model === 'lump_sum'
  // Invoices and staff time are actual costs; flat rates are never declared, they follow the accepted base.
  return model === 'actual_costs'
}

/** The hourly rate of a staff line: Art. 55(2) annual gross employment costs / 1 720 h when they are given. */
export function staffHourlyRateCents(v: { annualGrossCents: number | null; hourlyRateCents: number | null }): number | null {
  return v.annualGrossCents !== null ? Math.floor(v.annualGrossCents / 1720) : v.hourlyRateCents
}

async function lineColumns(trx: Transaction<DB>, projectId: string, claimId: string, lineId: string | null, v: ClaimLineValues) {
  const b = await trx.selectFrom('budget_lines').selectAll().where('id', '=', v.budgetLineId).executeTakeFirst()
  if (!b) throw new AppError('VALIDATION', 'Unknown budget line', { issues: [{ path: 'values.budgetLineId', message: 'invalid' }] })
  if (b.project_id !== projectId) {
    throw new AppError('CLAIM_LINE_OTHER_PROJECT', 'The budget line belongs to another project', { budgetLineId: b.id, path: 'values.budgetLineId' })
  }
  if (!fitsCostModel(v.kind, b.cost_model)) {
    throw new AppError('CLAIM_LINE_COST_MODEL', `A ${v.kind} line cannot be declared on a ${b.cost_model} budget line`, {
      kind: v.kind,
      costModel: b.cost_model,
      path: 'values.budgetLineId',
    })
  }
  if (v.kind === 'lump_sum') {
    // A lump sum is claimed whole, once: not again in this claim nor in another one still standing.
    let dup = trx
      .selectFrom('claim_lines as l')
      .innerJoin('claims as c', 'c.id', 'l.claim_id')
      .select('l.id')
      .where('l.budget_line_id', '=', b.id)
      .where('c.status', '!=', 'withdrawn')
    if (lineId) dup = dup.where('l.id', '!=', lineId)
    if (await dup.executeTakeFirst()) throw new AppError('DUPLICATE', 'This lump sum is already claimed', { field: 'budgetLineId', claimId })
  }
  const staff = v.kind === 'staff'
  const actual = v.kind === 'actual'
  const line = {
    kind: v.kind,
    amountExclCents: actual ? v.amountExclCents : null,
    amountInclCents: actual ? v.amountInclCents : null,
    vatEligible: actual && v.vatEligible,
    hoursHundredths: staff ? v.hoursHundredths : null,
    hourlyRateCents: staff ? staffHourlyRateCents(v) : null,
    units: v.kind === 'unit' ? v.units : null,
  }
  const declared = declaredCents(line, { costModel: b.cost_model, amountCents: b.amount_cents, unitCostCents: b.unit_cost_cents })
  if (declared === null) throw new AppError('VALIDATION', 'The line lacks what its kind needs', { issues: [{ path: 'values.kind', message: 'invalid' }] })
  return {
    budget_line_id: b.id,
    kind: v.kind,
    expense_date: v.expenseDate,
    supplier: staff ? null : v.supplier,
    reference: v.reference,
    description: v.description,
    amount_excl_cents: line.amountExclCents,
    amount_incl_cents: line.amountInclCents,
    vat_eligible: line.vatEligible ? 1 : 0,
    payment_date: v.paymentDate,
    person_name: staff ? v.personName : null,
    hours_hundredths: line.hoursHundredths,
    annual_gross_cents: staff ? v.annualGrossCents : null,
    hourly_rate_cents: line.hourlyRateCents,
    units: line.units,
    declared_cents: declared,
  } satisfies Omit<NewRecord<'claim_lines'>, 'claim_id' | 'line_no'>
}

/** Refuses a change to a line the verification already judged: CLAIM_LOCKED. */
function checkLineOpen(l: { id: string; outcome: LineOutcome | null }): void {
  if (l.outcome !== null) throw new AppError('CLAIM_LOCKED', `Line ${l.id} is verified: it can no longer be changed`, { outcome: l.outcome })
}

/**
 * Adds a declared line (numbered after the last) or edits one, its declared amount computed from
 * its kind and budget line, which must be of the claim's project and of a fitting cost model.
 */
export async function saveClaimLine(
  db: WritableDb,
  officer: Officer,
  input: { claimId: string; id?: string; expectedUpdatedAt?: string; values: ClaimLineValues },
): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const c = await claimRow(trx, input.claimId)
    checkEditable(c)
    const columns = await lineColumns(trx, c.project_id, c.id, input.id ?? null, input.values)
    if (input.id) {
      const l = await recordRow(trx, 'claim_lines', input.id)
      if (l.claim_id !== c.id) throw new AppError('NOT_FOUND', `No line ${input.id} in this claim`, { entity: 'claim_lines', id: input.id })
      checkNotStale(l, input.expectedUpdatedAt, input.id)
      checkLineOpen(l)
      await updateRecord(trx, officer, lineTarget(c.project_id), input.id, columns)
      return input.id
    }
    const last = await trx
      .selectFrom('claim_lines')
      .select((eb) => eb.fn.max('line_no').as('n'))
      .where('claim_id', '=', c.id)
      .executeTakeFirst()
    return insertRecord(trx, officer, lineTarget(c.project_id), { claim_id: c.id, line_no: Number(last?.n ?? 0) + 1, ...columns })
  })
}

/** Deletes a declared line not yet verified of a claim still open; returns the claim's id. */
export async function deleteClaimLine(db: WritableDb, officer: Officer, id: string): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const l = await recordRow(trx, 'claim_lines', id)
    const c = await claimRow(trx, l.claim_id)
    checkEditable(c)
    checkLineOpen(l)
    await deleteRecord(trx, officer, lineTarget(c.project_id), id)
    return c.id
  })
}

/**
 * Moves a claim by hand along CLAIM_TRANSITIONS (CLAIM_MOVE_NOT_ALLOWED otherwise). Returned for
 * information: the clock stops on `on` with the reason (a suspension). Back under verification
 * from returned: the clock runs again from `on`. Withdrawn: with the reason.
 */
export async function setClaimStatus(db: WritableDb, officer: Officer, input: { id: string; expectedUpdatedAt?: string } & ClaimStatusChange): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const c = await claimRow(trx, input.id)
    checkNotStale(c, input.expectedUpdatedAt, input.id)
    if (!CLAIM_TRANSITIONS[c.status].includes(input.status)) {
      throw new AppError('CLAIM_MOVE_NOT_ALLOWED', `A claim cannot go from ${c.status} to ${input.status}`, {
        from: c.status,
        to: input.status,
        allowed: CLAIM_TRANSITIONS[c.status],
      })
    }
    if (input.on < c.submitted_on) {
      throw new AppError('VALIDATION', 'Before the claim was submitted', { issues: [{ path: 'on', message: 'beforeSubmission' }] })
    }
    const open = await trx
      .selectFrom('claim_suspensions')
      .selectAll()
      .where('claim_id', '=', c.id)
      .where('resumed_on', 'is', null)
      .orderBy('stopped_on', 'desc')
      .executeTakeFirst()
    if (input.status === 'returned') await stopClock(trx, officer, c, input.on, input.reason!)
    if (c.status === 'returned' && input.status === 'under_verification' && open) {
      if (input.on < open.stopped_on) {
        throw new AppError('VALIDATION', 'Resumed before it was returned', { issues: [{ path: 'on', message: 'beforeReturn' }] })
      }
      await updateRecord(trx, officer, suspensionTarget(c.project_id), open.id, { resumed_on: input.on })
    }
    await updateRecord(trx, officer, claimTarget(c.project_id), c.id, {
      status: input.status,
      withdrawn_reason: input.status === 'withdrawn' ? input.reason : null,
    })
  })
}

/** Stops the clock on `on` (a suspension with its reason), not before an earlier return came back. */
async function stopClock(trx: WriteTrx, officer: Officer, c: { id: string; project_id: string }, on: string, reason: string): Promise<void> {
  const last = await trx
    .selectFrom('claim_suspensions')
    .select((eb) => eb.fn.max('resumed_on').as('d'))
    .where('claim_id', '=', c.id)
    .executeTakeFirst()
  if (last?.d && on < last.d) {
    throw new AppError('VALIDATION', 'Returned before the last return came back', { issues: [{ path: 'on', message: 'beforeResume' }] })
  }
  await insertRecord(trx, officer, suspensionTarget(c.project_id), { claim_id: c.id, stopped_on: on, reason, resumed_on: null })
}
