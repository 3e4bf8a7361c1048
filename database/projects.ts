import { sql, type AliasedRawBuilder, type Expression, type Kysely, type RawBuilder, type SelectQueryBuilder, type Transaction } from 'kysely'
import type {
  BudgetLineValues,
  CostOptionValues,
  PaymentValues,
  ProjectPageQuery,
  ProjectPartnerValues,
  ProjectQuery,
  ProjectValues,
} from './domain/schemas/projects'
import { AppError } from './domain/errors'
import type { Officer } from './audit'
import { addDays } from './domain/dates'
import { budgetLineInput, costOptionsOf, whereKept, type KeptColumn, type ProjectFigures } from './figures'
import {
  computeBudget,
  excessOverEu,
  isFlatRate,
  plannedPaymentCents,
  plannedTotalCents,
  usesSimplifiedCosts,
  type CostOptions,
  type FlatRateAmount,
} from './domain/money'
import { moneyChecks, type MoneyCheck } from './money-checks'
import { listProjectIndicators, projectMilestones, type MilestoneRow, type ProjectIndicatorRow } from './progress'
import { JUDGED_STATUSES, ragOfFacts, type RagReason } from './domain/rag'
import { afterSql, cutPage, keyColumns, orderSql, type Page, type SortPart } from './paging'
import { checkNotStale, deleteRecord, insertRecord, recordRow, updateRecord, type NewRecord, type RecordTarget } from './records'
import type { DB } from './schema'
import { searchPattern } from './search'
import { compiledOnce, type ParameterOf } from './compiled-once'
import { jsonRows, jsonValues, parseRows, type RowOf } from './json-rows'
import { organisationsFound } from './organisation-search'
import {
  DELETABLE_STATUSES,
  PROJECT_TRANSITIONS,
  type BudgetCategory,
  type ClaimKind,
  type CostModel,
  type ObjectiveCode,
  type PaymentKind,
  type PaymentStatus,
  type ProjectPartnerRole,
  type ProjectStatus,
  type RagStatus,
  type RateGround,
  type Strand,
} from './domain/vocabulary'
import type { WritableDb, WriteTrx } from './writable'

export interface ProjectListRow extends ProjectFigures {
  id: string
  code: string
  title: string
  beneficiaryId: string
  beneficiaryName: string
  beneficiaryAcronym: string | null
  strand: Strand
  objectiveCode: ObjectiveCode
  callId: string | null
  callReference: string | null
  status: ProjectStatus
  startDate: string
  endDate: string
  officerName: string | null
  rag: RagStatus
  /** Why the light is amber or red (empty when green or not judged). */
  ragReasons: RagReason[]
  lateMilestones: number
  updatedAt: string
}

export interface ProjectPartnerRow {
  id: string
  organisationId: string
  name: string
  acronym: string | null
  role: ProjectPartnerRole
  budgetShareCents: number
  updatedAt: string
}

export interface StatusChangeRow {
  id: string
  status: ProjectStatus
  changedOn: string
  note: string | null
  updatedBy: string
}

export interface BudgetLineRow {
  id: string
  category: BudgetCategory
  costModel: CostModel
  description: string
  amountCents: number | null
  units: number | null
  unitCostCents: number | null
  publicProcurement: boolean
  computedCents: number
  sortOrder: number
  updatedAt: string
}

export interface BudgetSummary {
  lines: BudgetLineRow[]
  byCategory: { category: BudgetCategory; cents: number }[]
  directCents: number
  staffCents: number
  indirectCents: number
  remainingCents: number
  /** Each flat rate with the base it is computed on (Articles 54-56 CPR). */
  flatRates: FlatRateAmount[]
  /** The flat rates the project chose, the 54(c) justification and the 53(2) reason. */
  options: CostOptions & { indirectJustification: string | null; scoExemption: string | null }
  /** Whether the budget uses a simplified cost option (Article 53(1)(b)-(d)). */
  usesSimplifiedCosts: boolean
  eligibleCents: number
  euRateBp: number
  euCents: number
  ownCents: number
}

/** What names a claim to the officer: its kind, the beneficiary's reference (if any) and the period it covers. */
export interface PaymentClaim {
  id: string
  kind: ClaimKind
  reference: string | null
  periodStart: string
  periodEnd: string
}

export interface PaymentRow {
  id: string
  kind: PaymentKind
  plannedDate: string
  plannedCents: number | null
  plannedRateBp: number | null
  plannedAmountCents: number
  status: PaymentStatus
  paidDate: string | null
  paidCents: number | null
  note: string | null
  /** The claim whose approval created this payment (it is changed through the claim, never deleted alone); null for one planned by hand. */
  claim: PaymentClaim | null
  /** Planned or requested, dated within the next 30 days or earlier. */
  due: boolean
  /** Planned or requested, and its date has passed. */
  overdue: boolean
  updatedAt: string
}

export interface ProjectDetail extends ProjectListRow {
  description: string | null
  strandObjectiveId: string | null
  /** The plaque or poster requirements the agreement sets (security or public order only); null: none. */
  visibilityAdaptation: string | null
  rateGround: RateGround | null
  rateJustification: string | null
  partners: ProjectPartnerRow[]
  targetGroupIds: string[]
  statusChanges: StatusChangeRow[]
  allowedTransitions: ProjectStatus[]
  budget: BudgetSummary
  payments: PaymentRow[]
  paymentSummary: { plannedCents: number; paidCents: number; toPayCents: number }
  /** What the law says the money must be and the file does not hold (see money-checks.ts). */
  moneyChecks: MoneyCheck[]
  indicators: ProjectIndicatorRow[]
  milestones: MilestoneRow[]
  ragDetail: { status: RagStatus; reasons: RagReason[] }
}

/** Filters shared by the projects list, the milestones list and the dashboard. */
export interface ProjectFilters {
  objective?: readonly ObjectiveCode[]
  strand?: readonly Strand[]
  status?: readonly ProjectStatus[]
  partnerId?: string
  officer?: string
  callId?: string
  /** The project's period overlaps [from, to]. */
  from?: string
  to?: string
}

/** Applies the shared filters to a query over `projects as p` (each backed by an index). */
export function whereProject<QB extends SelectQueryBuilder<DB & { p: DB['projects'] }, 'p', object>>(qb: QB, f: ProjectFilters): QB {
  let q = qb
  if (f.objective?.length) q = q.where('p.objective_code', 'in', f.objective) as QB
  if (f.strand?.length) q = q.where('p.strand', 'in', f.strand) as QB
  if (f.status?.length) q = q.where('p.status', 'in', f.status) as QB
  if (f.officer) q = q.where('p.officer_name', '=', f.officer) as QB
  if (f.callId) q = q.where('p.call_id', '=', f.callId) as QB
  if (f.from) q = q.where('p.end_date', '>=', f.from) as QB
  if (f.to) q = q.where('p.start_date', '<=', f.to) as QB
  if (f.partnerId) {
    const partnerId = f.partnerId
    q = q.where((eb) =>
      eb.or([
        eb('p.beneficiary_id', '=', partnerId),
        eb.exists(eb.selectFrom('project_partners as pp').select('pp.id').whereRef('pp.project_id', '=', 'p.id').where('pp.organisation_id', '=', partnerId)),
      ]),
    ) as QB
  }
  return q
}

/** Today's date, or the parameter standing for it in a query compiled once (the project page's). */
type Today = string | Expression<string>

/** What depends on today, counted in SQL by each project's index of open milestones and payments (migration 011). */
function todayFacts(today: Today) {
  return {
    late: sql<number>`(select count(*) from milestones m where m.project_id = p.id and m.status not in ('done', 'cancelled') and m.due_date < ${today})`,
    oldestLate: sql<
      string | null
    >`(select min(m.due_date) from milestones m where m.project_id = p.id and m.status not in ('done', 'cancelled') and m.due_date < ${today})`,
    overdue: sql<number>`(select count(*) from payments y where y.project_id = p.id and y.status in ('planned', 'requested') and y.planned_date < ${today})`,
    oldestOverdue: sql<
      string | null
    >`(select min(y.planned_date) from payments y where y.project_id = p.id and y.status in ('planned', 'requested') and y.planned_date < ${today})`,
  }
}

/**
 * The traffic light on `today` in SQL, from the first days it turns amber and red that
 * project_figures keeps (ragThresholds in domain/rag.ts applies ragOfFacts; null never or not
 * judged, RAG_ALWAYS always): two comparisons a project, whatever the size of the list; a project
 * not judged is `none` (the dashboard counts its lights by the same comparisons, lightSql).
 */
function ragSql(today: Today, status: RawBuilder<unknown> = sql`p.status`) {
  const judged = sql.join(JUDGED_STATUSES.map((s) => sql.lit(s)))
  return sql<RagStatus>`(case when ${status} not in (${judged}) then 'none' when f.rag_red_on <= ${today} then 'red' when f.rag_amber_on <= ${today} then 'amber' else 'green' end)`
}

/** The traffic light as a sort key: red first, as before. */
function ragOrderSql(today: string, status?: RawBuilder<unknown>) {
  return sql`(case ${ragSql(today, status)} when 'red' then 0 when 'amber' then 1 when 'green' then 2 else 3 end)`
}

/** Each sort key as a SQL expression that is never NULL (red first when sorting by traffic light, as before). */
function sortKeySql(key: ProjectQuery['sort']['key'], today: string) {
  switch (key) {
    case 'code':
      return sql`p.code`
    case 'title':
      return sql`amif_fold(p.title)`
    case 'beneficiary':
      return sql`amif_fold(coalesce(o.acronym, o.name))`
    case 'objective':
      return sql`p.objective_code`
    case 'strand':
      return sql`p.strand`
    case 'status':
      return sql`p.status`
    case 'startDate':
      return sql`p.start_date`
    case 'endDate':
      return sql`p.end_date`
    case 'eligible':
      return sql`coalesce(f.eligible_cents, 0)`
    case 'eu':
      return sql`coalesce(f.eu_cents, 0)`
    case 'paid':
      return sql`coalesce(f.paid_cents, 0)`
    case 'rag':
      return ragOrderSql(today)
  }
}

/** The same sort keys from the copies project_figures keeps (the same values), for a page found in that table alone. */
function keptSortKeySql(key: ProjectQuery['sort']['key'], today: string) {
  switch (key) {
    case 'code':
      return sql`f.code`
    case 'title':
      return sql`f.title_key`
    case 'beneficiary':
      return sql`f.beneficiary_key`
    case 'objective':
      return sql`f.objective_code`
    case 'strand':
      return sql`f.strand`
    case 'status':
      return sql`f.status`
    case 'startDate':
      return sql`f.start_date`
    case 'endDate':
      return sql`f.end_date`
    case 'eligible':
      return sql`f.eligible_cents`
    case 'eu':
      return sql`f.eu_cents`
    case 'paid':
      return sql`f.paid_cents`
    case 'rag':
      return ragOrderSql(today, sql`f.status`)
  }
}

/** The list's order: the sort key, then the code (unique, ascending whatever the order, as the list always did), then the id. */
function projectOrder(sort: ProjectQuery['sort'], today: string, kept = false): SortPart[] {
  const code = kept ? sql`f.code` : sql`p.code`
  const tail: SortPart[] = [
    { expr: code, desc: false },
    { expr: kept ? sql`f.project_id` : sql`p.id`, desc: false },
  ]
  if (sort.key === 'code') return [{ expr: code, desc: sort.order === 'desc' }, tail[1]!]
  return [{ expr: (kept ? keptSortKeySql : sortKeySql)(sort.key, today), desc: sort.order === 'desc' }, ...tail]
}

/** Up to this many projects found by a search are read by id; more are found walking the order's index. */
const FEW_FOUND = 2000

/** The column of project_figures each order's index leads with (migration 015). */
const LEADING_COLUMN: Record<ProjectQuery['sort']['key'], string | null> = {
  code: 'code',
  title: 'title_key',
  beneficiary: 'beneficiary_key',
  objective: 'objective_code',
  strand: 'strand',
  status: 'status',
  startDate: 'start_date',
  endDate: 'end_date',
  eligible: 'eligible_cents',
  eu: 'eu_cents',
  paid: 'paid_cents',
  rag: null,
}

/**
 * The projects of a search and filters as project_figures keeps them (migration 015): the same
 * rows as filteredProjects, found in that one narrow table through its indexes.
 */
function keptProjects(
  db: Kysely<DB>,
  q: ProjectQuery,
  today: string,
  how: { order?: ProjectQuery['sort']['key']; found?: readonly string[]; index?: string } = {},
) {
  const { order, found } = how
  // A page walks the index of its order: the filters on other columns are kept from choosing an
  // index (`+column`), for the sampled statistics take each objective, strand or status for a few
  // rows (see filteredMilestones in progress.ts).
  const leading = order === undefined ? undefined : LEADING_COLUMN[order]
  const column: KeptColumn = (name) => (order !== undefined && leading !== name ? sql.raw(`+f.${name}`) : sql.ref(`f.${name}`))
  // Named, the index the caller knows holds every column read (the planner would look each row up in the table).
  let query = how.index
    ? db.selectFrom(sql`project_figures as f indexed by ${sql.id(how.index)}` as unknown as AliasedRawBuilder<DB['project_figures'], 'f'>)
    : db.selectFrom('project_figures as f')
  if (q.objective.length) query = query.where(column('objective_code'), 'in', q.objective)
  if (q.status.length) query = query.where(column('status'), 'in', q.status)
  // The strand, officer, call and period as the dashboard filters them.
  query = whereKept(query, q, column)
  if (q.partnerId) {
    const partnerId = q.partnerId
    query = query.where((eb) =>
      eb.or([
        eb('f.beneficiary_id', '=', partnerId),
        eb.exists(
          eb.selectFrom('project_partners as pp').select('pp.id').whereRef('pp.project_id', '=', 'f.project_id').where('pp.organisation_id', '=', partnerId),
        ),
      ]),
    )
  }
  const search = searchPattern(q.q)
  // The projects a search found (with every filter), read by id (see pageProjects).
  if (found) return query.where('f.project_id', 'in', jsonValues(found))
  if (search) {
    const pattern = sql`${search} escape '\\'`
    query = query.where((eb) =>
      eb.or([eb(sql`f.code_key`, 'like', pattern), eb(sql`f.title_key`, 'like', pattern), eb(sql`f.beneficiary_id`, 'in', organisationsFound(pattern))]),
    )
  }
  if (q.rag.length) query = query.where(sql`${ragSql(today, sql`f.status`)}`, 'in', q.rag)
  return query
}

/** The projects of a search and filters (traffic light included, judged in SQL on `today`), before any column is chosen. */
function filteredProjects(db: Kysely<DB>, q: ProjectQuery & { ids?: readonly string[] }, today: Today) {
  let query = whereProject(
    db.selectFrom('projects as p').innerJoin('organisations as o', 'o.id', 'p.beneficiary_id').leftJoin('project_figures as f', 'f.project_id', 'p.id'),
    q,
  )
  if (q.ids) query = query.where('p.id', 'in', jsonValues(q.ids))
  const search = searchPattern(q.q)
  if (search) {
    const pattern = sql`${search} escape '\\'`
    query = query.where((eb) =>
      eb.or([
        eb(sql`amif_fold(p.code)`, 'like', pattern),
        eb(sql`amif_fold(p.title)`, 'like', pattern),
        // The beneficiaries found by name or acronym are looked up once, not again for each of their projects.
        eb(sql`p.beneficiary_id`, 'in', organisationsFound(pattern)),
      ]),
    )
  }
  if (q.rag.length) query = query.where(sql`${ragSql(today)}`, 'in', q.rag)
  return query
}

/** Every column a list row shows, with the facts its traffic light is judged from. */
function withListColumns(query: ReturnType<typeof filteredProjects>, today: Today) {
  const f = todayFacts(today)
  return query
    .leftJoin('calls as c', 'c.id', 'p.call_id')
    .select([
      'p.id',
      'p.code',
      'p.title',
      'p.beneficiary_id',
      'o.name as beneficiary_name',
      'o.acronym as beneficiary_acronym',
      'p.strand',
      'p.objective_code',
      'p.call_id',
      'c.reference as call_reference',
      'p.status',
      'p.start_date',
      'p.end_date',
      'p.officer_name',
      'p.updated_at',
      'p.eu_rate_bp',
      'p.rate_ground',
      'f.eligible_cents',
      'f.eu_cents',
      'f.own_cents',
      'f.paid_cents',
      'f.indicator_mean_pct',
      f.late.as('late'),
      f.oldestLate.as('oldest_late'),
      f.overdue.as('overdue'),
      f.oldestOverdue.as('oldest_overdue'),
    ])
}

type ListColumns = Awaited<ReturnType<ReturnType<typeof withListColumns>['execute']>>[number]

/** A list row from its columns: kept figures as they are, the light judged by the one rule with its reasons. */
function toListRow(r: ListColumns, today: string): ProjectListRow {
  const rag = ragOfFacts(
    {
      status: r.status,
      startDate: r.start_date,
      endDate: r.end_date,
      lateMilestones: Number(r.late),
      oldestLateDueDate: r.oldest_late,
      indicatorMeanPct: r.indicator_mean_pct,
      overduePayments: Number(r.overdue),
      oldestOverdueDate: r.oldest_overdue,
      euRateBp: r.eu_rate_bp,
      rateGround: r.rate_ground,
    },
    today,
  )
  return {
    id: r.id,
    code: r.code,
    title: r.title,
    beneficiaryId: r.beneficiary_id,
    beneficiaryName: r.beneficiary_name,
    beneficiaryAcronym: r.beneficiary_acronym,
    strand: r.strand,
    objectiveCode: r.objective_code,
    callId: r.call_id,
    callReference: r.call_reference,
    status: r.status,
    startDate: r.start_date,
    endDate: r.end_date,
    officerName: r.officer_name,
    // Kept figures (project_figures, database/figures.ts): what the money rule gives.
    eligibleCents: r.eligible_cents ?? 0,
    euRateBp: r.eu_rate_bp,
    euCents: r.eu_cents ?? 0,
    ownCents: r.own_cents ?? 0,
    paidCents: r.paid_cents ?? 0,
    rag: rag.status,
    ragReasons: rag.reasons,
    lateMilestones: Number(r.late),
    updatedAt: r.updated_at,
  }
}

/** Every project of a search, filters and sort, with money and traffic light (the dashboard, exports, a call's projects). */
export async function listProjects(db: Kysely<DB>, q: ProjectQuery & { ids?: readonly string[] }, today: string): Promise<ProjectListRow[]> {
  const rows = await withListColumns(filteredProjects(db, q, today), today)
    .orderBy(orderSql(projectOrder(q.sort, today)))
    .execute()
  return rows.map((r) => toListRow(r, today))
}

/** The money of a filtered list, summed over every project in it (not only the page shown). */
export interface ProjectSums {
  eligibleCents: number
  euCents: number
  ownCents: number
  paidCents: number
}

/** A page of the projects list, with the count and the sums of the whole filtered list. */
export interface ProjectPage extends Page<ProjectListRow> {
  /** Null on the pages after the first (see Page). */
  sums: ProjectSums | null
}

/**
 * The index the count and sums of a filtered list are read from alone: project_figures_sums holds
 * the objective, status, strand, period, traffic light and money (its leading columns skipped
 * through for a strand or a period); undefined (the planner's choice) for the other filters.
 */
function totalsIndex(q: ProjectPageQuery): string | undefined {
  return searchPattern(q.q) || q.officer || q.callId || q.partnerId ? undefined : 'project_figures_sums'
}

/**
 * One page of the projects list: the ids and sort values of the page are found in project_figures
 * alone (keptProjects, through its indexes), then the page's rows are read whole by id, so a page
 * costs what its rows cost whatever the list's size. The first page also counts and sums the whole
 * filtered list, in one aggregate over the same table (or over the few projects a search found, as
 * read); the pages after it do not count it again.
 */
export async function pageProjects(db: Kysely<DB>, q: ProjectPageQuery, today: string): Promise<ProjectPage> {
  const order = projectOrder(q.sort, today, true)
  // A search reads every project's texts: what it finds, up to FEW_FOUND, is read once and then by
  // id; more are found walking the order's index (a match comes every few rows).
  const probe = searchPattern(q.q)
    ? await keptProjects(db, q, today).select(['f.project_id', 'f.eligible_cents', 'f.eu_cents', 'f.own_cents', 'f.paid_cents']).limit(FEW_FOUND).execute()
    : null
  const few = probe && probe.length < FEW_FOUND ? probe : undefined
  const found = few?.map((r) => r.project_id)
  let keys = keptProjects(db, q, today, found ? { found } : { order: q.sort.key }).select(keyColumns(order))
  if (q.after) keys = keys.where(afterSql(order, q.after))
  const keyRows = (await keys
    .orderBy(orderSql(order))
    .limit(q.limit + 1)
    .execute()) as Record<string, unknown>[]
  const page = cutPage(keyRows, q.limit, order.length)
  // The id is the order's last part.
  const pageIds = page.rows.map((r) => r[`k${order.length - 1}`] as string)
  const byId = new Map(
    (pageIds.length ? await withListColumns(filteredProjects(db, { ...DEFAULT_QUERY, ids: pageIds }, today), today).execute() : []).map((r) => [r.id, r]),
  )
  const rows = pageIds.map((id) => toListRow(byId.get(id)!, today))
  if (q.after) return { rows, next: page.next, total: null, sums: null }
  // The few projects a search found are the whole filtered list: counted and summed as read (from the search's index).
  if (few) {
    const sum = (column: 'eligible_cents' | 'eu_cents' | 'own_cents' | 'paid_cents') => few.reduce((total, r) => total + r[column], 0)
    const sums = { eligibleCents: sum('eligible_cents'), euCents: sum('eu_cents'), ownCents: sum('own_cents'), paidCents: sum('paid_cents') }
    return { rows, next: page.next, total: few.length, sums }
  }
  const totals = await keptProjects(db, q, today, { index: totalsIndex(q) })
    .select([
      sql<number>`count(*)`.as('n'),
      sql<number>`coalesce(sum(f.eligible_cents), 0)`.as('eligible'),
      sql<number>`coalesce(sum(f.eu_cents), 0)`.as('eu'),
      sql<number>`coalesce(sum(f.own_cents), 0)`.as('own'),
      sql<number>`coalesce(sum(f.paid_cents), 0)`.as('paid'),
    ])
    .executeTakeFirstOrThrow()
  return {
    rows,
    next: page.next,
    total: Number(totals.n),
    sums: { eligibleCents: Number(totals.eligible), euCents: Number(totals.eu), ownCents: Number(totals.own), paidCents: Number(totals.paid) },
  }
}

/** Distinct officer names of the file's projects (for filters). */
export async function listOfficers(db: Kysely<DB>): Promise<string[]> {
  const rows = await db.selectFrom('projects').select('officer_name').distinct().where('officer_name', 'is not', null).orderBy('officer_name').execute()
  return rows.map((r) => r.officer_name as string)
}

const DEFAULT_QUERY: ProjectQuery = { q: '', objective: [], strand: [], status: [], rag: [], sort: { key: 'code', order: 'asc' } }

async function projectRow(db: Kysely<DB>, id: string) {
  const row = await db.selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row) throw new AppError('NOT_FOUND', `No project ${id}`, { entity: 'project', id })
  return row
}

/** A payment as the project page shows it, with its planned amount and whether it is due. */
function toPayment(r: RowOf<ProjectPageRow['payments']>, euCents: number, today: string): PaymentRow {
  const open = r.status === 'planned' || r.status === 'requested'
  return {
    id: r.id,
    kind: r.kind,
    plannedDate: r.planned_date,
    plannedCents: r.planned_cents,
    plannedRateBp: r.planned_rate_bp,
    plannedAmountCents: plannedPaymentCents({ plannedCents: r.planned_cents, plannedRateBp: r.planned_rate_bp }, euCents),
    status: r.status,
    paidDate: r.paid_date,
    paidCents: r.paid_cents,
    note: r.note,
    claim:
      r.claim_id === null
        ? null
        : { id: r.claim_id, kind: r.claim_kind!, reference: r.claim_reference, periodStart: r.claim_period_start!, periodEnd: r.claim_period_end! },
    due: open && r.planned_date <= addDays(today, 30),
    overdue: open && r.planned_date < today,
    updatedAt: r.updated_at,
  }
}

/**
 * The project page's one query (compiled once): the project, the columns of its list row (money
 * and the facts of its light on `today`) and its short lists, each as one JSON array.
 */
const projectPageQuery = compiledOnce((db, value: ParameterOf<{ id: string; today: string }>) => {
  const id = value('id')
  return withListColumns(filteredProjects(db, DEFAULT_QUERY, value('today')), value('today'))
    .select([
      'p.description',
      'p.strand_objective_id',
      'p.visibility_adaptation',
      'p.rate_justification',
      'p.indirect_justification',
      'p.sco_exemption',
      'p.indirect_flat_rate',
      'p.indirect_rate_bp',
      'p.staff_flat_rate_bp',
      'p.remaining_flat_rate_bp',
    ])
    .select([
      jsonRows(
        db
          .selectFrom('project_partners as pp')
          .innerJoin('organisations as o', 'o.id', 'pp.organisation_id')
          .select(['pp.id', 'pp.organisation_id', 'o.name', 'o.acronym', 'pp.role', 'pp.budget_share_cents', 'pp.updated_at'])
          .where('pp.project_id', '=', id),
        ['name'],
      ).as('partners'),
      // In the order of their index, as they were always read.
      jsonRows(db.selectFrom('project_target_groups').select('target_group_id').where('project_id', '=', id), ['target_group_id']).as('target_groups'),
      jsonRows(
        db.selectFrom('project_status_changes').select(['id', 'status', 'changed_on', 'note', 'updated_by', 'created_at']).where('project_id', '=', id),
        ['created_at', 'changed_on'],
      ).as('status_changes'),
      jsonRows(
        db
          .selectFrom('budget_lines')
          .select([
            'id',
            'category',
            'cost_model',
            'description',
            'amount_cents',
            'units',
            'unit_cost_cents',
            'public_procurement',
            'sort_order',
            'updated_at',
            'created_at',
          ])
          .where('project_id', '=', id),
        ['sort_order', 'created_at'],
      ).as('budget_lines'),
      jsonRows(
        db
          .selectFrom('payments as y')
          .leftJoin('claims as c', 'c.id', 'y.claim_id')
          .select([
            'y.id',
            'y.kind',
            'y.planned_date',
            'y.planned_cents',
            'y.planned_rate_bp',
            'y.status',
            'y.paid_date',
            'y.paid_cents',
            'y.note',
            'y.claim_id',
            'y.updated_at',
            'y.created_at',
            'c.kind as claim_kind',
            'c.reference as claim_reference',
            'c.period_start as claim_period_start',
            'c.period_end as claim_period_end',
          ])
          .where('y.project_id', '=', id),
        ['planned_date', 'created_at'],
      ).as('payments'),
    ])
    .where('p.id', '=', id)
})

type ProjectPageRow = Awaited<ReturnType<typeof projectPageQuery>>[number]
/** A project with everything its page shows. */
export async function getProject(db: Kysely<DB>, id: string, today: string): Promise<ProjectDetail> {
  const [p] = await projectPageQuery(db, { id, today })
  if (!p) throw new AppError('NOT_FOUND', `No project ${id}`, { entity: 'project', id })
  const row = toListRow(p, today)
  const partners = parseRows(p.partners)
  const changes = parseRows(p.status_changes)
  const lines = parseRows(p.budget_lines)
  const lineInputs = lines.map(budgetLineInput)
  const options = costOptionsOf(p)
  const totals = computeBudget(lineInputs, p.eu_rate_bp, options)
  const payments = parseRows(p.payments).map((r) => toPayment(r, totals.euCents, today))
  const plannedCents = plannedTotalCents(
    payments.filter((x) => x.status !== 'cancelled'),
    totals.euCents,
  )
  const checks = moneyChecks({
    euRateBp: p.eu_rate_bp,
    rateGround: p.rate_ground,
    lines: lineInputs,
    options,
    scoExemption: p.sco_exemption,
    eligibleCents: totals.eligibleCents,
    euCents: totals.euCents,
    plannedCents,
    hasPayments: payments.some((x) => x.status !== 'cancelled'),
    paidCents: row.paidCents,
  })
  return {
    ...row,
    description: p.description,
    strandObjectiveId: p.strand_objective_id,
    visibilityAdaptation: p.visibility_adaptation,
    rateGround: p.rate_ground,
    rateJustification: p.rate_justification,
    partners: partners.map((r) => ({
      id: r.id,
      organisationId: r.organisation_id,
      name: r.name,
      acronym: r.acronym,
      role: r.role,
      budgetShareCents: r.budget_share_cents,
      updatedAt: r.updated_at,
    })),
    targetGroupIds: parseRows(p.target_groups).map((t) => t.target_group_id),
    statusChanges: changes.map((c) => ({ id: c.id, status: c.status, changedOn: c.changed_on, note: c.note, updatedBy: c.updated_by })),
    allowedTransitions: [...PROJECT_TRANSITIONS[p.status]],
    budget: {
      lines: lines.map((l, i) => ({
        id: l.id,
        category: l.category,
        costModel: l.cost_model,
        description: l.description,
        amountCents: l.amount_cents,
        units: l.units,
        unitCostCents: l.unit_cost_cents,
        publicProcurement: l.public_procurement === 1,
        computedCents: totals.lineCents[i],
        sortOrder: l.sort_order,
        updatedAt: l.updated_at,
      })),
      byCategory: totals.byCategory,
      directCents: totals.directCents,
      staffCents: totals.staffCents,
      indirectCents: totals.indirectCents,
      remainingCents: totals.remainingCents,
      flatRates: totals.flatRates,
      options: { ...options, indirectJustification: p.indirect_justification, scoExemption: p.sco_exemption },
      usesSimplifiedCosts: usesSimplifiedCosts(lineInputs, options),
      eligibleCents: totals.eligibleCents,
      euRateBp: totals.euRateBp,
      euCents: totals.euCents,
      ownCents: totals.ownCents,
    },
    payments,
    paymentSummary: { plannedCents, paidCents: row.paidCents, toPayCents: Math.max(0, totals.euCents - row.paidCents) },
    moneyChecks: checks,
    indicators: await listProjectIndicators(db, id),
    milestones: (await projectMilestones(db, id, today)).map(({ projectCode: _c, projectTitle: _t, strand: _s, officerName: _o, ...m }) => m),
    // The list row already holds the light and its reasons.
    ragDetail: { status: row.rag, reasons: row.ragReasons },
  }
}

const PROJECT: RecordTarget<'projects'> = { table: 'projects', entity: 'project', parentId: null }

function projectColumns(v: ProjectValues): Omit<NewRecord<'projects'>, 'status'> {
  return {
    code: v.code,
    title: v.title,
    description: v.description,
    beneficiary_id: v.beneficiaryId,
    strand: v.strand,
    strand_objective_id: v.strandObjectiveId,
    objective_code: v.objectiveCode,
    call_id: v.callId,
    start_date: v.startDate,
    end_date: v.endDate,
    officer_name: v.officerName,
    visibility_adaptation: v.visibilityAdaptation,
    eu_rate_bp: v.euRateBp,
    // The ground is kept whatever the rate: a 75 % project may be an Annex IV action too.
    rate_ground: v.rateGround,
    rate_justification: v.rateJustification,
  }
}

/** Refuses values that point at records that do not exist or do not fit (a strand objective of another strand). */
async function checkProjectReferences(trx: Transaction<DB>, v: ProjectValues, exceptId?: string): Promise<void> {
  let dup = trx.selectFrom('projects').select('id').where('code', '=', v.code)
  if (exceptId) dup = dup.where('id', '!=', exceptId)
  if (await dup.executeTakeFirst()) throw new AppError('DUPLICATE', `Project code ${v.code} is already used`, { field: 'code' })
  if (!(await trx.selectFrom('organisations').select('id').where('id', '=', v.beneficiaryId).executeTakeFirst())) {
    throw new AppError('VALIDATION', 'Unknown beneficiary', { issues: [{ path: 'values.beneficiaryId', message: 'invalid' }] })
  }
  if (v.callId) await recordRow(trx, 'calls', v.callId)
  if (v.strandObjectiveId) {
    const so = await trx.selectFrom('strand_objectives').select('strand').where('id', '=', v.strandObjectiveId).executeTakeFirst()
    if (!so || so.strand !== v.strand) {
      throw new AppError('VALIDATION', 'Strand objective of another strand', { issues: [{ path: 'values.strandObjectiveId', message: 'strandObjective' }] })
    }
  }
  if (v.targetGroupIds.length) {
    const found = await trx.selectFrom('target_groups').select('id').where('id', 'in', v.targetGroupIds).execute()
    if (found.length !== new Set(v.targetGroupIds).size) {
      throw new AppError('VALIDATION', 'Unknown target group', { issues: [{ path: 'values.targetGroupIds', message: 'invalid' }] })
    }
  }
}

async function setTargetGroups(trx: WriteTrx, officer: Officer, projectId: string, ids: readonly string[]): Promise<void> {
  const current = await trx.selectFrom('project_target_groups').select(['id', 'target_group_id']).where('project_id', '=', projectId).execute()
  const wanted = new Set(ids)
  const target: RecordTarget<'project_target_groups'> = { table: 'project_target_groups', entity: 'project_target_group', parentId: projectId }
  for (const c of current) if (!wanted.has(c.target_group_id)) await deleteRecord(trx, officer, target, c.id)
  const have = new Set(current.map((c) => c.target_group_id))
  for (const id of wanted) if (!have.has(id)) await insertRecord(trx, officer, target, { project_id: projectId, target_group_id: id })
}

/** Creates a project in `draft`, with its first status change dated `today`. */
export async function createProject(db: WritableDb, officer: Officer, v: ProjectValues, today: string): Promise<string> {
  return db.transaction().execute(async (trx) => {
    await checkProjectReferences(trx, v)
    const id = await insertRecord(trx, officer, PROJECT, { ...projectColumns(v), status: 'draft' })
    await insertRecord(
      trx,
      officer,
      { table: 'project_status_changes', entity: 'project_status_change', parentId: id },
      { project_id: id, status: 'draft', changed_on: today, note: null },
    )
    await setTargetGroups(trx, officer, id, v.targetGroupIds)
    return id
  })
}

/** Updates a project's fields and target groups (STALE-checked). */
export async function updateProject(db: WritableDb, officer: Officer, id: string, v: ProjectValues, expectedUpdatedAt?: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await checkProjectReferences(trx, v, id)
    await updateRecord(trx, officer, PROJECT, id, projectColumns(v), expectedUpdatedAt)
    await setTargetGroups(trx, officer, id, v.targetGroupIds)
  })
}

/** Moves a project to a status its current one allows, recording the date; TRANSITION_NOT_ALLOWED otherwise. */
export async function setProjectStatus(
  db: WritableDb,
  officer: Officer,
  input: { id: string; status: ProjectStatus; changedOn: string; note: string | null; expectedUpdatedAt?: string },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const p = await projectRow(trx, input.id)
    checkNotStale(p, input.expectedUpdatedAt, input.id)
    const from = p.status
    if (!PROJECT_TRANSITIONS[from].includes(input.status)) {
      throw new AppError('TRANSITION_NOT_ALLOWED', `A project cannot go from ${from} to ${input.status}`, {
        from,
        to: input.status,
        allowed: PROJECT_TRANSITIONS[from],
      })
    }
    await updateRecord(trx, officer, PROJECT, input.id, { status: input.status })
    await insertRecord(
      trx,
      officer,
      { table: 'project_status_changes', entity: 'project_status_change', parentId: input.id },
      { project_id: input.id, status: input.status, changed_on: input.changedOn, note: input.note },
    )
  })
}

/** Deletes a project not yet selected (everything it holds goes with it); IN_USE otherwise. */
export async function deleteProject(db: WritableDb, officer: Officer, id: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const p = await projectRow(trx, id)
    if (!DELETABLE_STATUSES.includes(p.status)) {
      throw new AppError('IN_USE', `Project ${p.code} is ${p.status}: only draft, submitted or rejected projects can be deleted`, { status: p.status })
    }
    await deleteRecord(trx, officer, PROJECT, id)
  })
}

/** Adds or updates another partner of a project (not its beneficiary, once each). */
export async function saveProjectPartner(
  db: WritableDb,
  officer: Officer,
  input: { projectId: string; id?: string; expectedUpdatedAt?: string; values: ProjectPartnerValues },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const p = await projectRow(trx, input.projectId)
    const v = input.values
    if (v.organisationId === p.beneficiary_id) {
      throw new AppError('VALIDATION', 'The beneficiary is already the project’s first partner', {
        issues: [{ path: 'values.organisationId', message: 'beneficiaryAsPartner' }],
      })
    }
    let dup = trx.selectFrom('project_partners').select('id').where('project_id', '=', input.projectId).where('organisation_id', '=', v.organisationId)
    if (input.id) dup = dup.where('id', '!=', input.id)
    if (await dup.executeTakeFirst()) throw new AppError('DUPLICATE', 'This organisation is already a partner of the project', { field: 'organisationId' })
    const target: RecordTarget<'project_partners'> = { table: 'project_partners', entity: 'project_partner', parentId: input.projectId }
    const columns: Omit<NewRecord<'project_partners'>, 'project_id'> = {
      organisation_id: v.organisationId,
      role: v.role,
      budget_share_cents: v.budgetShareCents,
    }
    if (input.id) await updateRecord(trx, officer, target, input.id, columns, input.expectedUpdatedAt)
    else await insertRecord(trx, officer, target, { project_id: input.projectId, ...columns })
  })
}

/** The project a child record belongs to (NOT_FOUND when the record is gone). */
export async function projectOf(
  db: Kysely<DB>,
  table: 'project_partners' | 'budget_lines' | 'payments' | 'project_indicators' | 'milestones',
  id: string,
): Promise<string> {
  const row = await db.selectFrom(table).select('project_id').where('id', '=', id).executeTakeFirst()
  if (!row) throw new AppError('NOT_FOUND', `No ${table} record ${id}`, { entity: table, id })
  return row.project_id
}

/** Removes a child record of a project (partner, budget line, payment...) with its audit row. */
export async function deleteProjectItem(
  db: WritableDb,
  officer: Officer,
  table: 'project_partners' | 'budget_lines' | 'payments' | 'project_indicators' | 'milestones',
  entity: string,
  id: string,
): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const projectId = await projectOf(trx, table, id)
    if (table === 'payments') {
      // The payment an approved claim created goes with the approval (verification.undoApproval), not alone.
      const p = await trx.selectFrom('payments').select('claim_id').where('id', '=', id).executeTakeFirstOrThrow()
      if (p.claim_id !== null)
        throw new AppError('PAYMENT_OF_CLAIM', `Payment ${id} was created by the approval of claim ${p.claim_id}`, { claimId: p.claim_id })
    }
    if (table === 'budget_lines') {
      // Declared expenditure points at its budget line: the line stays while a claim declares against it.
      const used = await trx
        .selectFrom('claim_lines')
        .select(sql<number>`count(*)`.as('n'))
        .where('budget_line_id', '=', id)
        .executeTakeFirstOrThrow()
      if (Number(used.n) > 0) throw new AppError('IN_USE', `Budget line ${id} has ${used.n} declared claim line(s)`, { claimLines: Number(used.n) })
    }
    await deleteRecord(trx, officer, { table, entity, parentId: projectId }, id)
    return projectId
  })
}

/** Adds or updates a budget line (appended at the end of the budget). */
export async function saveBudgetLine(
  db: WritableDb,
  officer: Officer,
  input: { projectId: string; id?: string; expectedUpdatedAt?: string; values: BudgetLineValues },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const p = await projectRow(trx, input.projectId)
    const v = input.values
    if (isFlatRate(v.costModel)) await checkOneIndirectFlatRate(trx, input.projectId, p.indirect_flat_rate, input.id ?? null, 'values.costModel')
    const target: RecordTarget<'budget_lines'> = { table: 'budget_lines', entity: 'budget_line', parentId: input.projectId }
    const columns: Omit<NewRecord<'budget_lines'>, 'project_id' | 'sort_order'> = {
      category: v.category,
      cost_model: v.costModel,
      description: v.description,
      amount_cents: v.amountCents,
      units: v.units,
      unit_cost_cents: v.unitCostCents,
      public_procurement: v.publicProcurement ? 1 : 0,
    }
    if (input.id) {
      await updateRecord(trx, officer, target, input.id, columns, input.expectedUpdatedAt)
    } else {
      const last = await trx
        .selectFrom('budget_lines')
        .select((eb) => eb.fn.max('sort_order').as('n'))
        .where('project_id', '=', input.projectId)
        .executeTakeFirst()
      await insertRecord(trx, officer, target, { project_id: input.projectId, ...columns, sort_order: Number(last?.n ?? 0) + 1 })
    }
  })
}

/**
 * At most one indirect-cost flat rate per project (Article 54 CPR): the project's chosen one, or a
 * flat-rate budget line of an earlier version. Refuses a second one (`exceptLineId`: the line
 * being edited).
 */
async function checkOneIndirectFlatRate(
  trx: Transaction<DB>,
  projectId: string,
  chosen: string | null,
  exceptLineId: string | null,
  path: string,
): Promise<void> {
  let q = trx
    .selectFrom('budget_lines')
    .select('id')
    .where('project_id', '=', projectId)
    .where('cost_model', 'in', ['flat_rate_7_direct', 'flat_rate_15_staff'])
  if (exceptLineId) q = q.where('id', '!=', exceptLineId)
  const lines = await q.execute()
  if (lines.length > 0 || chosen !== null)
    throw new AppError('VALIDATION', 'A project has one indirect-cost flat rate at most', { issues: [{ path, message: 'indirectFlatRateTwice' }] })
}

/** Records a project's simplified cost options (flat rates and the 53(2) reason), STALE-checked. */
export async function saveCostOptions(
  db: WritableDb,
  officer: Officer,
  input: { projectId: string; expectedUpdatedAt?: string; values: CostOptionValues },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const v = input.values
    if (v.indirect !== null) await checkOneIndirectFlatRate(trx, input.projectId, null, null, 'values.indirect')
    await updateRecord(
      trx,
      officer,
      PROJECT,
      input.projectId,
      {
        indirect_flat_rate: v.indirect,
        indirect_rate_bp: v.indirect ? v.indirectRateBp : null,
        indirect_justification: v.indirect ? v.indirectJustification : null,
        staff_flat_rate_bp: v.staffRateBp,
        remaining_flat_rate_bp: v.remainingRateBp,
        sco_exemption: v.scoExemption,
      },
      input.expectedUpdatedAt,
    )
  })
}

/**
 * Refuses a payment that would take the schedule, or the sum paid, above the EU contribution,
 * with the excess (in cents) for the message. Cancelled payments do not count.
 */
async function checkPaymentCap(trx: Transaction<DB>, projectId: string, exceptId: string | null, v: PaymentValues): Promise<void> {
  const p = await projectRow(trx, projectId)
  const lines = await trx.selectFrom('budget_lines').selectAll().where('project_id', '=', projectId).execute()
  const { euCents } = computeBudget(lines.map(budgetLineInput), p.eu_rate_bp, costOptionsOf(p))
  let q = trx
    .selectFrom('payments')
    .select(['planned_cents', 'planned_rate_bp', 'status', 'paid_cents'])
    .where('project_id', '=', projectId)
    .where('status', '!=', 'cancelled')
  if (exceptId) q = q.where('id', '!=', exceptId)
  const others = await q.execute()
  if (v.status === 'cancelled') return
  const planned = plannedTotalCents([...others.map((o) => ({ plannedCents: o.planned_cents, plannedRateBp: o.planned_rate_bp })), v], euCents)
  const plannedExcess = excessOverEu(planned, euCents)
  if (plannedExcess > 0) {
    throw new AppError('VALIDATION', `The payments planned exceed the EU contribution by ${plannedExcess} cents`, {
      issues: [
        { path: v.plannedCents !== null ? 'values.plannedCents' : 'values.plannedRateBp', message: 'paymentAboveEu', params: { excessCents: plannedExcess } },
      ],
    })
  }
  const paid = others.reduce((sum, o) => sum + (o.status === 'paid' ? (o.paid_cents ?? 0) : 0), 0) + (v.status === 'paid' ? (v.paidCents ?? 0) : 0)
  const paidExcess = excessOverEu(paid, euCents)
  if (paidExcess > 0) {
    throw new AppError('VALIDATION', `The payments made exceed the EU contribution by ${paidExcess} cents`, {
      issues: [{ path: 'values.paidCents', message: 'paidAboveEu', params: { excessCents: paidExcess } }],
    })
  }
}

/** Adds or updates a payment of the schedule. */
export async function savePayment(
  db: WritableDb,
  officer: Officer,
  input: { projectId: string; id?: string; expectedUpdatedAt?: string; values: PaymentValues },
): Promise<void> {
  await db.transaction().execute((trx) => writePayment(trx, officer, input))
}

/**
 * Writes a payment in the caller's transaction, within the EU contribution (checkPaymentCap).
 * `claimId` links a new payment to the claim whose approval creates it (`newId`: its id). A
 * payment linked to a claim carries the claim along: marked paid, the claim is `paid`; moved
 * back, the claim is `verified` again (issue 15).
 */
export async function writePayment(
  trx: WriteTrx,
  officer: Officer,
  input: { projectId: string; id?: string; expectedUpdatedAt?: string; values: PaymentValues; claimId?: string; newId?: string },
): Promise<string> {
  const v = input.values
  await checkPaymentCap(trx, input.projectId, input.id ?? null, v)
  const paid = v.status === 'paid'
  const target: RecordTarget<'payments'> = { table: 'payments', entity: 'payment', parentId: input.projectId }
  const columns: Omit<NewRecord<'payments'>, 'project_id'> = {
    kind: v.kind,
    planned_date: v.plannedDate,
    planned_cents: v.plannedCents,
    planned_rate_bp: v.plannedRateBp,
    status: v.status,
    paid_date: paid ? v.paidDate : null,
    paid_cents: paid ? v.paidCents : null,
    note: v.note,
    ...(input.claimId !== undefined ? { claim_id: input.claimId } : {}),
  }
  let id = input.id
  if (id) await updateRecord(trx, officer, target, id, columns, input.expectedUpdatedAt)
  else id = await insertRecord(trx, officer, target, { project_id: input.projectId, ...columns, ...(input.newId ? { id: input.newId } : {}) })
  const row = await trx.selectFrom('payments').select('claim_id').where('id', '=', id).executeTakeFirstOrThrow()
  if (row.claim_id !== null) {
    const claim = await trx.selectFrom('claims').select(['status']).where('id', '=', row.claim_id).executeTakeFirst()
    const status = paid ? 'paid' : 'verified'
    if (claim && (claim.status === 'verified' || claim.status === 'paid') && claim.status !== status)
      await updateRecord(trx, officer, { table: 'claims', entity: 'claim', parentId: input.projectId }, row.claim_id, { status })
  }
  return id
}

/** How many projects refer to an organisation (beneficiary, partner, milestone responsible): a subquery of the partner page. */
export function projectsReferringTo(db: Kysely<DB>, organisationId: Expression<string>) {
  // The projects of each role through its own index, counted once each (a project may hold several).
  return db
    .selectFrom(
      db
        .selectFrom('projects')
        .select('id')
        .where('beneficiary_id', '=', organisationId)
        .union(db.selectFrom('project_partners').select('project_id as id').where('organisation_id', '=', organisationId))
        .union(db.selectFrom('milestones').select('project_id as id').where('responsible_id', '=', organisationId))
        .as('refs'),
    )
    .select(sql<number>`count(*)`.as('n'))
}
