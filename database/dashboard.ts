import { sql, type Kysely, type RawBuilder } from 'kysely'
import type { DashboardQuery } from './domain/schemas/projects'
import { addDays } from './domain/dates'
import { listMilestones, type MilestoneListRow } from './progress'
import { listProjects, whereProject, type ProjectFilters } from './projects'
import { achievementPercent, JUDGED_STATUSES, type RagReason } from './domain/rag'
import type { DB } from './schema'
import { OBJECTIVE_CODES, type ObjectiveCode, type PaymentKind, type RagStatus } from './domain/vocabulary'
import { plannedPaymentCents } from './domain/money'
import { recommendationsDue, visitRanking, type OpenRecommendationRow, type RankingRow } from './visits'
import { claimClocksOf } from './claim-result'
import { cappedTenths, meanOfTenths, whereKept, type KeptFilters } from './figures'
import type { ClaimClock } from './domain/claims'
import type { ClaimKind, ClaimStatus } from './domain/vocabulary'

/**
 * The home screen's figures: per specific objective, every project matching the filters counts,
 * whatever its status (so the command line's `summary` adds up to its `projects`).
 */

export interface Figures {
  projects: number
  eligibleCents: number
  euCents: number
  paidCents: number
  milestones: { total: number; done: number; late: number; inProgress: number; planned: number; cancelled: number }
  rag: Record<RagStatus, number>
}

export interface ObjectiveFigures extends Figures {
  code: ObjectiveCode
  /** Mean achievement (each capped at 100 %) of the measured indicators, one decimal; null if none. */
  indicatorAchievementPct: number | null
}

export interface DashboardSummary {
  today: string
  objectives: ObjectiveFigures[]
  totals: Figures
  attention: {
    lateMilestones: MilestoneListRow[]
    dueSoon: MilestoneListRow[]
    agreementsNotSigned: { projectId: string; code: string; title: string; status: 'selected'; since: string | null; startDate: string }[]
    paymentsDue: {
      paymentId: string
      projectId: string
      code: string
      title: string
      kind: PaymentKind
      plannedDate: string
      amountCents: number
      overdue: boolean
    }[]
    red: { projectId: string; code: string; title: string; reasons: RagReason[] }[]
    /** Open recommendations of visits due within 14 days or overdue: the first ones, and how many in all. */
    recommendationsDue: { rows: OpenRecommendationRow[]; total: number }
    /** The top of the visit ranking, and how many projects it ranks. */
    visitRanking: { rows: RankingRow[]; total: number }
    /** Claims received or under verification, the fewest days left on the 80-day clock first: the first ATTENTION_CLAIMS and how many in all. */
    claimsWaiting: { rows: ClaimAttentionRow[]; total: number }
    /** Claims returned for information (their clock stopped), the fewest days left first. */
    claimsReturned: { rows: ClaimAttentionRow[]; total: number }
  }
}

/** A claim in the needs-attention list. */
export interface ClaimAttentionRow {
  claimId: string
  projectId: string
  code: string
  title: string
  kind: ClaimKind
  reference: string | null
  status: ClaimStatus
  submittedOn: string
  clock: ClaimClock
}

/** How many claims of each kind the needs-attention list shows (the count says how many there are). */
export const ATTENTION_CLAIMS = 10

/** How many of each list the dashboard shows (the count says how many there are). */
const RECOMMENDATIONS_SHOWN = 20
const RANKING_SHOWN = 3

function emptyFigures(): Figures {
  return {
    projects: 0,
    eligibleCents: 0,
    euCents: 0,
    paidCents: 0,
    milestones: { total: 0, done: 0, late: 0, inProgress: 0, planned: 0, cancelled: 0 },
    rag: { green: 0, amber: 0, red: 0, none: 0 },
  }
}

/** The dashboard for the filters, on `today`. */
export async function dashboardSummary(db: Kysely<DB>, q: DashboardQuery, today: string): Promise<DashboardSummary> {
  const filters = { strand: q.strand ? [q.strand] : [], callId: q.callId, officer: q.officer, from: q.from, to: q.to } satisfies ProjectFilters
  const projects = await listProjects(db, { q: '', objective: [], status: [], rag: [], ...filters, sort: { key: 'code', order: 'asc' } }, today)
  const inSet = new Set(projects.map((p) => p.id))
  const byObjective = new Map<ObjectiveCode, ObjectiveFigures>(
    OBJECTIVE_CODES.map((code) => [code, { code, ...emptyFigures(), indicatorAchievementPct: null }]),
  )
  const totals = emptyFigures()

  for (const p of projects) {
    for (const f of [byObjective.get(p.objectiveCode)!, totals]) {
      f.projects += 1
      f.eligibleCents += p.eligibleCents
      f.euCents += p.euCents
      f.paidCents += p.paidCents
      f.rag[p.rag] += 1
    }
  }

  // Milestones counted in SQL under their project's objective (thousands of rows never leave SQLite).
  const counts = await whereProject(
    db
      .selectFrom('milestones as m')
      .innerJoin('projects as p', 'p.id', 'm.project_id')
      .select([
        'p.objective_code',
        'm.status',
        (eb) => eb.fn.countAll<number>().as('n'),
        sql<number>`sum(case when m.status not in ('done', 'cancelled') and m.due_date < ${today} then 1 else 0 end)`.as('late'),
      ])
      .groupBy(['p.objective_code', 'm.status']),
    filters,
  ).execute()
  for (const c of counts) {
    for (const f of [byObjective.get(c.objective_code)!, totals]) {
      const n = Number(c.n)
      f.milestones.total += n
      f.milestones.late += Number(c.late)
      if (c.status === 'done') f.milestones.done += n
      if (c.status === 'in_progress') f.milestones.inProgress += n
      if (c.status === 'planned') f.milestones.planned += n
      if (c.status === 'cancelled') f.milestones.cancelled += n
    }
  }

  // Each indicator's latest value and target only (not every measurement), by its index.
  const projectObjective = new Map(projects.map((p) => [p.id, p.objectiveCode]))
  const indicatorRows = await db
    .selectFrom('project_indicators as pi')
    .innerJoin('indicators as i', 'i.id', 'pi.indicator_id')
    .select([
      'pi.project_id',
      'pi.target',
      sql<
        number | null
      >`(select m.value from indicator_measurements m where m.project_indicator_id = pi.id order by m.measured_on desc, m.created_at desc limit 1)`.as(
        'achieved',
      ),
    ])
    .orderBy('i.code')
    .execute()
  const indicators = indicatorRows
    .filter((i) => inSet.has(i.project_id))
    .map((i) => ({ projectId: i.project_id, achievementPct: achievementPercent(i.achieved, i.target) }))
  for (const code of OBJECTIVE_CODES) {
    const measured = indicators.filter((i) => projectObjective.get(i.projectId) === code && i.achievementPct !== null)
    // Added up in whole tenths (each achievement has one decimal), so the mean does not hang on the order of the sum.
    const tenths = measured.reduce((s, i) => s + cappedTenths(i.achievementPct!), 0)
    byObjective.get(code)!.indicatorAchievementPct = meanOfTenths(tenths, measured.length)
  }

  const soon = addDays(today, 30)
  const lateMilestones = (await listMilestones(db, { projectFilters: filters, lateOnly: true }, today)).sort((a, b) => b.daysLate - a.daysLate)
  const dueSoon = await listMilestones(db, { projectFilters: filters, status: ['planned', 'in_progress'], from: today, to: soon }, today)

  const selected = projects.filter((p) => p.status === 'selected')
  const since = selected.length
    ? await db
        .selectFrom('project_status_changes')
        .select(['project_id', (eb) => eb.fn.max('changed_on').as('since')])
        .where('status', '=', 'selected')
        .where(
          'project_id',
          'in',
          selected.map((p) => p.id),
        )
        .groupBy('project_id')
        .execute()
    : []
  const sinceBy = new Map(since.map((s) => [s.project_id, s.since as string | null]))

  const payments = (
    await db
      .selectFrom('payments')
      .selectAll()
      .where('status', 'in', ['planned', 'requested'])
      .where('planned_date', '<=', soon)
      .orderBy('planned_date')
      .orderBy('id')
      .execute()
  ).filter((pay) => inSet.has(pay.project_id))
  const projectBy = new Map(projects.map((p) => [p.id, p]))
  const red = projects.filter((p) => p.rag === 'red')
  const claims = await claimsNeedingAttention(db, filters, today)

  return {
    today,
    objectives: OBJECTIVE_CODES.map((c) => byObjective.get(c)!),
    totals,
    attention: {
      lateMilestones,
      dueSoon,
      agreementsNotSigned: selected.map((p) => ({
        projectId: p.id,
        code: p.code,
        title: p.title,
        status: 'selected',
        since: sinceBy.get(p.id) ?? null,
        startDate: p.startDate,
      })),
      paymentsDue: payments.map((pay) => {
        const p = projectBy.get(pay.project_id)!
        return {
          paymentId: pay.id,
          projectId: p.id,
          code: p.code,
          title: p.title,
          kind: pay.kind,
          plannedDate: pay.planned_date,
          amountCents: plannedPaymentCents({ plannedCents: pay.planned_cents, plannedRateBp: pay.planned_rate_bp }, p.euCents),
          overdue: pay.planned_date < today,
        }
      }),
      red: red.map((p) => ({ projectId: p.id, code: p.code, title: p.title, reasons: p.ragReasons })),
      recommendationsDue: await recommendationsDue(db, filters, today, RECOMMENDATIONS_SHOWN),
      visitRanking: await visitRanking(db, { filters, limit: RANKING_SHOWN }, today),
      ...claims,
    },
  }
}

/** How many rows of each needs-attention list the dashboard shows (the most urgent ones); the full list is a link away. */
export const ATTENTION_TOP = 10

/** A needs-attention list: all its rows, or the first rows of a longer one with how many there are in all. */
type AttentionList = unknown[] | { rows: unknown[]; total: number }

/** How many rows a needs-attention list has in all. */
export function attentionCount(list: AttentionList): number {
  return Array.isArray(list) ? list.length : list.total
}

/** Each needs-attention list cut to its first `top` rows (they come most urgent first), with how many there are in all. */
export type DashboardView = DashboardSummary & { attentionCounts: Record<keyof DashboardSummary['attention'], number> }

/** The dashboard as the window shows it: every figure, and the needs-attention lists cut to their most urgent rows with their counts. */
export function topOfAttention(summary: DashboardSummary, top: number = ATTENTION_TOP): DashboardView {
  const lists = Object.entries(summary.attention) as [keyof DashboardSummary['attention'], AttentionList][]
  const cut = (list: AttentionList) => (Array.isArray(list) ? list.slice(0, top) : { ...list, rows: list.rows.slice(0, top) })
  return {
    ...summary,
    attention: Object.fromEntries(lists.map(([key, list]) => [key, cut(list)])) as unknown as DashboardSummary['attention'],
    attentionCounts: Object.fromEntries(lists.map(([key, list]) => [key, attentionCount(list)])) as DashboardView['attentionCounts'],
  }
}

/**
 * The claims waiting for the officer (received or under verification: the clock runs) and those
 * returned for information (the clock stopped), for the projects the filters keep. Every such
 * claim's clock is read (three queries), only the first ATTENTION_CLAIMS of each are returned.
 */
async function claimsNeedingAttention(
  db: Kysely<DB>,
  filters: ProjectFilters,
  today: string,
): Promise<Pick<DashboardSummary['attention'], 'claimsWaiting' | 'claimsReturned'>> {
  const rows = await whereProject(
    db
      .selectFrom('claims as c')
      .innerJoin('projects as p', 'p.id', 'c.project_id')
      .select(['c.id', 'c.project_id', 'p.code', 'p.title', 'c.kind', 'c.reference', 'c.status', 'c.submitted_on', 'c.updated_at'])
      .where('c.status', 'in', ['received', 'under_verification', 'returned']),
    filters,
  ).execute()
  const clocks = await claimClocksOf(db, rows, today)
  const all = rows.map((r): ClaimAttentionRow => ({
    claimId: r.id,
    projectId: r.project_id,
    code: r.code,
    title: r.title,
    kind: r.kind,
    reference: r.reference,
    status: r.status,
    submittedOn: r.submitted_on,
    clock: clocks.get(r.id)!,
  }))
  const byDaysLeft = (a: ClaimAttentionRow, b: ClaimAttentionRow) => a.clock.daysLeft - b.clock.daysLeft || a.code.localeCompare(b.code)
  const waiting = all.filter((c) => c.status !== 'returned').sort(byDaysLeft)
  const returned = all.filter((c) => c.status === 'returned').sort(byDaysLeft)
  return {
    claimsWaiting: { rows: waiting.slice(0, ATTENTION_CLAIMS), total: waiting.length },
    claimsReturned: { rows: returned.slice(0, ATTENTION_CLAIMS), total: returned.length },
  }
}

// ---------------------------------------------------------------------------------------------
// The dashboard at any portfolio size (issue 13): figures from the kept per-project table in one
// grouped pass, what depends on today compared with today in SQL, and of each needs-attention
// list only its most urgent rows with how many there are in all.

/** The filters the dashboard takes. */
export type DashboardFilters = KeptFilters

const OPEN_MILESTONE = sql<boolean>`m.status not in ('done', 'cancelled')`
const OPEN_PAYMENT = sql<boolean>`y.status in ('planned', 'requested')`

/**
 * A project's open milestones due before `before` (or from `from` on): none or all of them from
 * its kept first and last due dates, counted by its index of open milestones only when the day
 * falls between them.
 */
function openMilestonesSql(range: { from?: string; to?: string; before?: string }) {
  const conditions = [sql`m.project_id = f.project_id`, OPEN_MILESTONE]
  if (range.from) conditions.push(sql`m.due_date >= ${range.from}`)
  if (range.to) conditions.push(sql`m.due_date <= ${range.to}`)
  if (range.before) conditions.push(sql`m.due_date < ${range.before}`)
  const none = [sql`f.first_open_due is null`]
  const all = []
  if (range.from) {
    none.push(sql`f.last_open_due < ${range.from}`)
    all.push(sql`f.first_open_due >= ${range.from}`)
  }
  if (range.to) {
    none.push(sql`f.first_open_due > ${range.to}`)
    all.push(sql`f.last_open_due <= ${range.to}`)
  }
  if (range.before) {
    none.push(sql`f.first_open_due >= ${range.before}`)
    all.push(sql`f.last_open_due < ${range.before}`)
  }
  return sql<number>`(case when ${sql.join(none, sql` or `)} then 0 when ${sql.join(all, sql` and `)} then f.milestones_planned + f.milestones_in_progress
    else (select count(*) from milestones m where ${sql.join(conditions, sql` and `)}) end)`
}

/** A project's payments planned or requested and dated on or before `by`, the same way. */
function openPaymentsBySql(by: string) {
  return sql<number>`(case when f.first_open_payment is null or f.first_open_payment > ${by} then 0 when f.last_open_payment <= ${by} then f.open_payments
    else (select count(*) from payments y where y.project_id = f.project_id and ${OPEN_PAYMENT} and y.planned_date <= ${by}) end)`
}

/**
 * How many projects are at least amber, red, and not judged on `today`, from the first days each
 * is amber and red (kept; only judged projects have them, and red comes no earlier than amber).
 */
function lightSql(today: string) {
  const judged = sql.join(JUDGED_STATUSES.map((s) => sql.lit(s)))
  return {
    amberOrRed: sql<number>`sum(f.rag_amber_on <= ${today})`,
    red: sql<number>`sum(f.rag_red_on <= ${today})`,
    none: sql<number>`sum(f.status not in (${judged}))`,
  }
}

/** How many rows each needs-attention list has in all, for the filters (those the figures' pass counts). */
interface AttentionTotals {
  lateMilestones: number
  dueSoon: number
  agreementsNotSigned: number
  paymentsDue: number
  red: number
}

/**
 * The dashboard's figures per specific objective and in total for the filters on `today`, in one
 * grouped pass over the kept figures, with how many late milestones, milestones due soon,
 * agreements not signed, payments due and red projects there are.
 */
export async function dashboardFigures(
  db: Kysely<DB>,
  filters: DashboardFilters,
  today: string,
): Promise<{ objectives: ObjectiveFigures[]; totals: Figures; attention: AttentionTotals }> {
  const soon = addDays(today, 30)
  const light = lightSql(today)
  const filtered = Boolean(filters.strand?.length || filters.officer || filters.callId || filters.from || filters.to)
  const rows = await whereKept(db.selectFrom('project_figures as f'), filters)
    .select([
      'f.objective_code',
      sql<number>`count(*)`.as('projects'),
      sql<number>`sum(f.eligible_cents)`.as('eligible'),
      sql<number>`sum(f.eu_cents)`.as('eu'),
      sql<number>`sum(f.paid_cents)`.as('paid'),
      sql<number>`sum(f.milestones_total)`.as('m_total'),
      sql<number>`sum(f.milestones_done)`.as('m_done'),
      sql<number>`sum(f.milestones_in_progress)`.as('m_in_progress'),
      sql<number>`sum(f.milestones_planned)`.as('m_planned'),
      sql<number>`sum(f.milestones_cancelled)`.as('m_cancelled'),
      sql<number>`sum(${openMilestonesSql({ before: today })})`.as('m_late'),
      // Unfiltered, these two are counted by their date indexes below.
      (filtered ? sql<number>`sum(${openMilestonesSql({ from: today, to: soon })})` : sql<number>`0`).as('m_due_soon'),
      (filtered ? sql<number>`sum(${openPaymentsBySql(soon)})` : sql<number>`0`).as('payments_due'),
      sql<number>`sum(f.status = 'selected')`.as('selected'),
      light.amberOrRed.as('amber_or_red'),
      light.red.as('red'),
      light.none.as('none'),
      sql<number>`sum(f.indicators_measured)`.as('measured'),
      sql<number>`sum(f.indicator_tenths)`.as('tenths'),
    ])
    .groupBy('f.objective_code')
    .execute()
  if (!filtered) {
    const dueSoon = await db
      .selectFrom('milestones as m')
      .select(sql<number>`count(*)`.as('n'))
      .where(OPEN_MILESTONE)
      .where('m.due_date', '>=', today)
      .where('m.due_date', '<=', soon)
      .executeTakeFirstOrThrow()
    const paymentsDue = await db
      .selectFrom('payments as y')
      .select(sql<number>`count(*)`.as('n'))
      .where(OPEN_PAYMENT)
      .where('y.planned_date', '<=', soon)
      .executeTakeFirstOrThrow()
    // Counted once, on the first objective's row: only their totals are shown.
    if (rows[0]) Object.assign(rows[0], { m_due_soon: dueSoon.n, payments_due: paymentsDue.n })
  }
  const byCode = new Map(rows.map((r) => [r.objective_code, r]))
  const totals = emptyFigures()
  const attention: AttentionTotals = { lateMilestones: 0, dueSoon: 0, agreementsNotSigned: 0, paymentsDue: 0, red: 0 }
  const objectives = OBJECTIVE_CODES.map((code): ObjectiveFigures => {
    const r = byCode.get(code)
    const n = (v: unknown) => Number(v ?? 0)
    const f: ObjectiveFigures = {
      code,
      projects: n(r?.projects),
      eligibleCents: n(r?.eligible),
      euCents: n(r?.eu),
      paidCents: n(r?.paid),
      milestones: {
        total: n(r?.m_total),
        done: n(r?.m_done),
        late: n(r?.m_late),
        inProgress: n(r?.m_in_progress),
        planned: n(r?.m_planned),
        cancelled: n(r?.m_cancelled),
      },
      rag: {
        green: n(r?.projects) - n(r?.none) - n(r?.amber_or_red),
        amber: n(r?.amber_or_red) - n(r?.red),
        red: n(r?.red),
        none: n(r?.none),
      },
      indicatorAchievementPct: meanOfTenths(n(r?.tenths), n(r?.measured)),
    }
    totals.projects += f.projects
    totals.eligibleCents += f.eligibleCents
    totals.euCents += f.euCents
    totals.paidCents += f.paidCents
    for (const k of Object.keys(totals.milestones) as (keyof Figures['milestones'])[]) totals.milestones[k] += f.milestones[k]
    for (const k of Object.keys(totals.rag) as RagStatus[]) totals.rag[k] += f.rag[k]
    attention.lateMilestones += f.milestones.late
    attention.dueSoon += n(r?.m_due_soon)
    attention.agreementsNotSigned += n(r?.selected)
    attention.paymentsDue += n(r?.payments_due)
    attention.red += f.rag.red
    return f
  })
  return { objectives, totals, attention }
}

/** How many of the portfolio's first late milestones or payments due are read to find the filters' first ones, before reading them by project. */
const FIRST_ROWS = 400

/** Milestones as the lists show them, by id, in the order of the ids. */
async function milestonesById(db: Kysely<DB>, rows: { id: string; project_id: string }[], today: string): Promise<MilestoneListRow[]> {
  if (!rows.length) return []
  const all = await listMilestones(db, { projectIds: [...new Set(rows.map((r) => r.project_id))] }, today)
  const byId = new Map(all.map((m) => [m.id, m]))
  return rows.map((r) => byId.get(r.id)!)
}

/**
 * The day before which the `top` most urgent rows of a list of dated rows are: the `top`-th
 * earliest of the filtered projects' first dates (their kept first open milestone or payment),
 * so that only the projects whose first date is on or before it are read; null: read them all.
 */
async function candidateDay(
  db: Kysely<DB>,
  filters: DashboardFilters,
  column: 'f.first_open_due' | 'f.first_open_payment',
  top: number,
): Promise<string | null> {
  const row = await whereKept(db.selectFrom('project_figures as f'), filters)
    .select(sql<string>`${sql.ref(column)}`.as('day'))
    .where(column, 'is not', null)
    .orderBy(column)
    .limit(1)
    .offset(top - 1)
    .executeTakeFirst()
  return row?.day ?? null
}

/** A needs-attention list of open dated rows, read the most urgent first: late milestones, payments due. */
interface DatedList {
  /** The rows' table and its alias in `open`. */
  table: 'milestones' | 'payments'
  alias: 'm' | 'y'
  /** The open rows, and their partial index by date. */
  open: RawBuilder<boolean>
  index: 'milestones_open_due' | 'payments_open_due'
  date: 'due_date' | 'planned_date'
  /** Each project's kept first date of its open rows. */
  first: 'f.first_open_due' | 'f.first_open_payment'
  /** The rows dated before `day` (late) or on or before it (due by then). */
  until: '<' | '<='
  day: string
  /** How many rows of the list match the filters (the figures' pass). */
  count: number
}

/**
 * The `top` first rows of a dated list (by date, then id) among the filtered projects: mostly the
 * portfolio's first ones by the open rows' date index hold them; else those of the projects whose
 * kept first date comes first.
 */
async function firstDatedRows(db: Kysely<DB>, filters: DashboardFilters, list: DatedList, top: number): Promise<{ id: string; project_id: string }[]> {
  const ref = (name: string) => sql.ref<string>(`${list.alias}.${name}`)
  const [id, date] = [ref('id'), ref(list.date)]
  // One alias for the builder's types: the list's columns are named through `ref`, by the alias itself.
  const alias = list.alias as 'r'
  // Named: without statistics the planner would take the index by status and sort every open row.
  const first = sql<{ id: string; project_id: string }>`(select ${id}, ${ref('project_id')}, ${date}
      from ${sql.table(list.table)} as ${sql.id(list.alias)} indexed by ${sql.id(list.index)}
      where ${list.open} and ${date} ${sql.raw(list.until)} ${list.day} order by ${date}, ${id} limit ${FIRST_ROWS})`
  const chosen = [sql<string>`${ref('id')}`.as('id'), sql<string>`${ref('project_id')}`.as('project_id')]
  const rows = await whereKept(db.selectFrom(first.as(alias)).crossJoin('project_figures as f'), filters)
    .where('f.project_id', '=', ref('project_id'))
    .select(chosen)
    .orderBy(date)
    .orderBy(id)
    .limit(top)
    .execute()
  if (rows.length >= Math.min(top, list.count)) return rows
  const last = await candidateDay(db, filters, list.first, top)
  let query = whereKept(db.selectFrom('project_figures as f').crossJoin(sql.table(list.table).as(alias)), filters)
    .select(chosen)
    .where(list.first, list.until, list.day)
    .where(ref('project_id'), '=', sql.ref<string>('f.project_id'))
    .where(list.open)
    .where(date, list.until, list.day)
  // The rows shown are dated on or before it: of the projects tied on that day, only those dated that day are read.
  if (last !== null) query = query.where(list.first, '<=', last).where(date, '<=', last)
  return query.orderBy(date).orderBy(id).limit(top).execute()
}

/** The dashboard as the window shows it (what topOfAttention gives of dashboardSummary), read at the cost of its rows shown, whatever the portfolio's size. */
export async function dashboardView(db: Kysely<DB>, q: DashboardQuery, today: string, top: number = ATTENTION_TOP): Promise<DashboardView> {
  const filters: DashboardFilters = { strand: q.strand ? [q.strand] : [], callId: q.callId, officer: q.officer, from: q.from, to: q.to }
  const soon = addDays(today, 30)
  const { objectives, totals, attention: counts } = await dashboardFigures(db, filters, today)

  // Late milestones, the longest late first.
  let lateMilestones: MilestoneListRow[] = []
  if (counts.lateMilestones > 0) {
    const late = { table: 'milestones', alias: 'm', open: OPEN_MILESTONE, index: 'milestones_open_due', date: 'due_date' } as const
    const ids = await firstDatedRows(db, filters, { ...late, first: 'f.first_open_due', until: '<', day: today, count: counts.lateMilestones }, top)
    lateMilestones = await milestonesById(db, ids, today)
  }

  // Due within 30 days: the few weeks' milestones by their date index, each checked against the filters.
  let dueSoon: MilestoneListRow[] = []
  if (counts.dueSoon > 0) {
    const ids = await whereKept(db.selectFrom('milestones as m').crossJoin('project_figures as f'), filters)
      .whereRef('f.project_id', '=', 'm.project_id')
      .select(['m.id', 'm.project_id'])
      .where('m.status', 'in', ['planned', 'in_progress'])
      .where('m.due_date', '>=', today)
      .where('m.due_date', '<=', soon)
      .orderBy('m.due_date')
      .orderBy('m.id')
      .limit(top)
      .execute()
    dueSoon = await milestonesById(db, ids, today)
  }

  let agreementsNotSigned: DashboardSummary['attention']['agreementsNotSigned'] = []
  if (counts.agreementsNotSigned > 0) {
    // In code order from the kept figures' index, each project's title then read by id.
    const selected = await whereKept(db.selectFrom('project_figures as f').crossJoin('projects as p'), filters)
      .whereRef('p.id', '=', 'f.project_id')
      .select(['p.id', 'p.code', 'p.title', 'p.start_date'])
      .where('f.status', '=', 'selected')
      .orderBy('f.code')
      .limit(top)
      .execute()
    const since = await db
      .selectFrom('project_status_changes')
      .select(['project_id', (eb) => eb.fn.max('changed_on').as('since')])
      .where('status', '=', 'selected')
      .where('project_id', 'in', [...selected.map((p) => p.id), ''])
      .groupBy('project_id')
      .execute()
    const sinceBy = new Map(since.map((s) => [s.project_id, s.since as string | null]))
    agreementsNotSigned = selected.map((p) => ({
      projectId: p.id,
      code: p.code,
      title: p.title,
      status: 'selected',
      since: sinceBy.get(p.id) ?? null,
      startDate: p.start_date,
    }))
  }

  // Payments due, the earliest first, the same way.
  let paymentsDue: DashboardSummary['attention']['paymentsDue'] = []
  if (counts.paymentsDue > 0) {
    const due = { table: 'payments', alias: 'y', open: OPEN_PAYMENT, index: 'payments_open_due', date: 'planned_date' } as const
    const ids = await firstDatedRows(db, filters, { ...due, first: 'f.first_open_payment', until: '<=', day: soon, count: counts.paymentsDue }, top)
    const rows = await db
      .selectFrom('payments as y')
      .innerJoin('project_figures as f', 'f.project_id', 'y.project_id')
      .innerJoin('projects as p', 'p.id', 'y.project_id')
      .select(['y.id', 'y.kind', 'y.planned_date', 'y.planned_cents', 'y.planned_rate_bp', 'f.project_id', 'f.eu_cents', 'p.code', 'p.title'])
      .where('y.id', 'in', [...ids.map((r) => r.id), ''])
      .execute()
    const byId = new Map(rows.map((r) => [r.id, r]))
    paymentsDue = ids.map(({ id }) => {
      const pay = byId.get(id)!
      return {
        paymentId: pay.id,
        projectId: pay.project_id,
        code: pay.code,
        title: pay.title,
        kind: pay.kind,
        plannedDate: pay.planned_date,
        amountCents: plannedPaymentCents({ plannedCents: pay.planned_cents, plannedRateBp: pay.planned_rate_bp }, pay.eu_cents),
        overdue: pay.planned_date < today,
      }
    })
  }

  let red: DashboardSummary['attention']['red'] = []
  if (counts.red > 0) {
    const ids = await whereKept(db.selectFrom('project_figures as f'), filters)
      .select('f.project_id as id')
      .where('f.rag_red_on', '<=', today)
      .orderBy('f.code')
      .limit(top)
      .execute()
    const rows = await listProjects(
      db,
      { q: '', objective: [], strand: [], status: [], rag: [], ids: ids.map((r) => r.id), sort: { key: 'code', order: 'asc' } },
      today,
    )
    red = rows.map((p) => ({ projectId: p.id, code: p.code, title: p.title, reasons: p.ragReasons }))
  }

  const summary: DashboardSummary = {
    today,
    objectives,
    totals,
    attention: {
      lateMilestones,
      dueSoon,
      agreementsNotSigned,
      paymentsDue,
      red,
      recommendationsDue: await recommendationsDue(db, filters, today, RECOMMENDATIONS_SHOWN),
      visitRanking: await visitRanking(db, { filters, limit: RANKING_SHOWN }, today),
      ...(await claimsNeedingAttention(db, filters, today)),
    },
  }
  const view = topOfAttention(summary, top)
  // The lists read only their first rows: their counts are those of the figures' pass.
  return { ...view, attentionCounts: { ...view.attentionCounts, ...counts } }
}
