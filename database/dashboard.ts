import type { Kysely } from 'kysely'
import type { DashboardQuery } from '../electron/api/schemas/projects'
import { addDays } from './dates'
import { listMilestones, listProjectIndicatorsOf, type MilestoneListRow } from './progress'
import { listProjects } from './projects'
import { loadRag, type RagReason } from './rag'
import type { DB } from './schema'
import { OBJECTIVE_CODES, type ObjectiveCode, type PaymentKind, type RagStatus } from './vocabulary'
import { plannedPaymentCents } from './money'

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
    paymentsDue: { paymentId: string; projectId: string; code: string; title: string; kind: PaymentKind; plannedDate: string; amountCents: number; overdue: boolean }[]
    red: { projectId: string; code: string; title: string; reasons: RagReason[] }[]
  }
}

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
  const projects = await listProjects(
    db,
    { q: '', objective: [], status: [], rag: [], strand: q.strand ? [q.strand] : [], callId: q.callId, officer: q.officer, from: q.from, to: q.to, sort: { key: 'code', order: 'asc' } },
    today,
  )
  const ids = projects.map((p) => p.id)
  // The same filters as the projects above (an id list of thousands would be slower).
  const milestones = await listMilestones(db, { projectFilters: { strand: q.strand ? [q.strand] : [], callId: q.callId, officer: q.officer, from: q.from, to: q.to } }, today)
  const indicators = await listProjectIndicatorsOf(db, ids)
  const byObjective = new Map<ObjectiveCode, ObjectiveFigures>(OBJECTIVE_CODES.map((code) => [code, { code, ...emptyFigures(), indicatorAchievementPct: null }]))
  const totals = emptyFigures()

  const projectObjective = new Map(projects.map((p) => [p.id, p.objectiveCode]))
  for (const p of projects) {
    for (const f of [byObjective.get(p.objectiveCode)!, totals]) {
      f.projects += 1
      f.eligibleCents += p.eligibleCents
      f.euCents += p.euCents
      f.paidCents += p.paidCents
      f.rag[p.rag] += 1
    }
  }
  // Milestones count under the project's objective, so each objective's "done of all" is its projects'.
  for (const m of milestones) {
    const code = projectObjective.get(m.projectId)
    if (!code) continue
    for (const f of [byObjective.get(code)!, totals]) {
      f.milestones.total += 1
      if (m.status === 'done') f.milestones.done += 1
      if (m.status === 'in_progress') f.milestones.inProgress += 1
      if (m.status === 'planned') f.milestones.planned += 1
      if (m.status === 'cancelled') f.milestones.cancelled += 1
      if (m.late) f.milestones.late += 1
    }
  }
  for (const code of OBJECTIVE_CODES) {
    const measured = indicators.filter((i) => projectObjective.get(i.projectId) === code && i.achievementPct !== null)
    if (measured.length) {
      const mean = measured.reduce((s, i) => s + Math.min(100, i.achievementPct!), 0) / measured.length
      byObjective.get(code)!.indicatorAchievementPct = Math.round(mean * 10) / 10
    }
  }

  const soon = addDays(today, 30)
  const lateMilestones = milestones.filter((m) => m.late).sort((a, b) => b.daysLate - a.daysLate)
  const dueSoon = milestones.filter((m) => m.status !== 'done' && m.status !== 'cancelled' && m.dueDate >= today && m.dueDate <= soon)

  const selected = projects.filter((p) => p.status === 'selected')
  const since = selected.length
    ? await db
        .selectFrom('project_status_changes')
        .select(['project_id', (eb) => eb.fn.max('changed_on').as('since')])
        .where('status', '=', 'selected')
        .where('project_id', 'in', selected.map((p) => p.id))
        .groupBy('project_id')
        .execute()
    : []
  const sinceBy = new Map(since.map((s) => [s.project_id, s.since as string | null]))

  const payments = ids.length
    ? await db
        .selectFrom('payments')
        .selectAll()
        .where('status', 'in', ['planned', 'requested'])
        .where('planned_date', '<=', soon)
        .where('project_id', 'in', ids)
        .orderBy('planned_date')
        .execute()
    : []
  const projectBy = new Map(projects.map((p) => [p.id, p]))
  const red = projects.filter((p) => p.rag === 'red')
  const rags = red.length ? await loadRag(db, today, red.map((p) => p.id)) : new Map()

  return {
    today,
    objectives: OBJECTIVE_CODES.map((c) => byObjective.get(c)!),
    totals,
    attention: {
      lateMilestones,
      dueSoon,
      agreementsNotSigned: selected.map((p) => ({ projectId: p.id, code: p.code, title: p.title, status: 'selected', since: sinceBy.get(p.id) ?? null, startDate: p.startDate })),
      paymentsDue: payments.map((pay) => {
        const p = projectBy.get(pay.project_id)!
        return {
          paymentId: pay.id,
          projectId: p.id,
          code: p.code,
          title: p.title,
          kind: pay.kind as PaymentKind,
          plannedDate: pay.planned_date,
          amountCents: plannedPaymentCents({ plannedCents: pay.planned_cents, plannedRateBp: pay.planned_rate_bp }, p.euCents),
          overdue: pay.planned_date < today,
        }
      }),
      red: red.map((p) => ({ projectId: p.id, code: p.code, title: p.title, reasons: rags.get(p.id)?.reasons ?? [] })),
    },
  }
}
