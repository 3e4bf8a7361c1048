import { sql, type Kysely } from 'kysely'
import type { DashboardQuery } from './domain/schemas/projects'
import { addDays } from './domain/dates'
import { listMilestones, type MilestoneListRow } from './progress'
import { listProjects, whereProject, type ProjectFilters } from './projects'
import { achievementPercent, type RagReason } from './domain/rag'
import type { DB } from './schema'
import { OBJECTIVE_CODES, type ObjectiveCode, type PaymentKind, type RagStatus } from './domain/vocabulary'
import { plannedPaymentCents } from './domain/money'
import { recommendationsDue, visitRanking, type OpenRecommendationRow, type RankingRow } from './visits'
import { claimClocksOf } from './claim-result'
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
    if (measured.length) {
      const mean = measured.reduce((s, i) => s + Math.min(100, i.achievementPct!), 0) / measured.length
      byObjective.get(code)!.indicatorAchievementPct = Math.round(mean * 10) / 10
    }
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
