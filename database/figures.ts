import type BetterSqlite3 from 'better-sqlite3'
import { CompiledQuery, type Kysely, type SelectQueryBuilder } from 'kysely'
import { achievementPercent, meanAchievement, ragThresholds } from './domain/rag'
import type { WriteTrx } from './writable'
import { computeBudget, type BudgetLineInput, type CostOptions } from './domain/money'
import { FEW_PROJECTS } from './rag'
import type { ProjectFilters } from './projects'
import type { DB } from './schema'
import type { BudgetCategory, CostModel, IndirectFlatRate, MilestoneStatus, ObjectiveCode, ProjectStatus, RateGround, Strand } from './domain/vocabulary'

/** A project's money as every list, the dashboard and the command line show it. */
export interface ProjectFigures {
  eligibleCents: number
  euRateBp: number
  euCents: number
  ownCents: number
  paidCents: number
}

/** Budget lines as the money rule reads them, from a stored row. */
export function budgetLineInput(r: {
  category: BudgetCategory
  cost_model: CostModel
  amount_cents: number | null
  units: number | null
  unit_cost_cents: number | null
  public_procurement?: number
}): BudgetLineInput {
  return {
    category: r.category,
    costModel: r.cost_model,
    amountCents: r.amount_cents,
    units: r.units,
    unitCostCents: r.unit_cost_cents,
    publicProcurement: r.public_procurement === 1,
  }
}

/** The project columns that hold its flat rates (migration 007). */
export const COST_OPTION_COLUMNS = ['indirect_flat_rate', 'indirect_rate_bp', 'staff_flat_rate_bp', 'remaining_flat_rate_bp'] as const

/** A project's flat rates as the money rule reads them, from a stored row. */
export function costOptionsOf(r: {
  indirect_flat_rate: IndirectFlatRate | null
  indirect_rate_bp: number | null
  staff_flat_rate_bp: number | null
  remaining_flat_rate_bp: number | null
}): CostOptions {
  return {
    indirect: r.indirect_flat_rate,
    indirectRateBp: r.indirect_flat_rate ? r.indirect_rate_bp : null,
    staffRateBp: r.staff_flat_rate_bp,
    remainingRateBp: r.remaining_flat_rate_bp,
  }
}

/**
 * The figures of every project, or of a few, computed from all their records in three queries:
 * the full computation the kept figures (project_figures, below) are tested against.
 */
export async function loadProjectFigures(db: Kysely<DB>, projectIds?: readonly string[]): Promise<Map<string, ProjectFigures>> {
  // A few projects (a project page, a document) are read by id through the project indexes.
  const byId = projectIds !== undefined && projectIds.length <= FEW_PROJECTS ? [...projectIds, ''] : null
  let projectQuery = db.selectFrom('projects').select(['id', 'eu_rate_bp', ...COST_OPTION_COLUMNS])
  let lineQuery = db
    .selectFrom('budget_lines')
    .select(['project_id', 'category', 'cost_model', 'amount_cents', 'units', 'unit_cost_cents', 'public_procurement'])
  let paidQuery = db
    .selectFrom('payments')
    .select(['project_id', (eb) => eb.fn.sum<number>('paid_cents').as('paid')])
    .where('status', '=', 'paid')
  if (byId) {
    projectQuery = projectQuery.where('id', 'in', byId)
    lineQuery = lineQuery.where('project_id', 'in', byId)
    paidQuery = paidQuery.where('project_id', 'in', byId)
  }
  const projects = await projectQuery.execute()
  const lines = await lineQuery.orderBy('project_id').orderBy('sort_order').execute()
  const paid = await paidQuery.groupBy('project_id').execute()

  const linesByProject = new Map<string, BudgetLineInput[]>()
  for (const l of lines) {
    const list = linesByProject.get(l.project_id) ?? []
    list.push(budgetLineInput(l))
    linesByProject.set(l.project_id, list)
  }
  const paidByProject = new Map(paid.map((p) => [p.project_id, Number(p.paid ?? 0)]))

  const figures = new Map<string, ProjectFigures>()
  for (const p of projects) {
    const budget = computeBudget(linesByProject.get(p.id) ?? [], p.eu_rate_bp, costOptionsOf(p))
    figures.set(p.id, {
      eligibleCents: budget.eligibleCents,
      euRateBp: p.eu_rate_bp,
      euCents: budget.euCents,
      ownCents: budget.ownCents,
      paidCents: paidByProject.get(p.id) ?? 0,
    })
  }
  return figures
}

/**
 * What `project_figures` keeps of a project (migrations 011 and 016): its money, the inputs of its
 * traffic light that do not depend on today, and what the dashboard counts (issue 13 §1): the
 * project's columns it filters and groups by, its milestones by status, the dates of its open
 * milestones and payments, its indicators' achievement and the days its light turns amber and
 * red. This file's own derived data: never synced, never merged, rebuilt.
 */
export interface KeptFigures {
  eligibleCents: number
  euCents: number
  ownCents: number
  paidCents: number
  toPayCents: number
  /** meanAchievement() of the project's indicators with a target; null without any. */
  indicatorMeanPct: number | null
  // The project's own columns the dashboard and the visit ranking filter, group and order by (copied, so that they read one table).
  code: string
  beneficiaryId: string
  objectiveCode: ObjectiveCode
  strand: Strand
  status: ProjectStatus
  officerName: string | null
  callId: string | null
  startDate: string
  endDate: string
  milestonesTotal: number
  milestonesDone: number
  milestonesInProgress: number
  milestonesPlanned: number
  milestonesCancelled: number
  /** The earliest and latest due dates of the milestones not done or cancelled (planned or in progress). */
  firstOpenDue: string | null
  lastOpenDue: string | null
  /** Payments planned or requested: how many, the earliest and latest planned dates. */
  openPayments: number
  firstOpenPayment: string | null
  lastOpenPayment: string | null
  /** Indicators with a target and a measurement, and the sum of their achievements (each capped at 100 %) in tenths of a percent. */
  indicatorsMeasured: number
  indicatorTenths: number
  /** The first day the light is amber or worse, and red (ragThresholds); null: never, or not judged. */
  amberFrom: string | null
  redFrom: string | null
}

/** An indicator's achievement capped at 100 %, in whole tenths of a percent (achievementPercent has one decimal), so that means add up exactly. */
export function cappedTenths(achievementPct: number): number {
  return Math.round(Math.min(100, achievementPct) * 10)
}

/** The mean of achievements given in tenths, in percent with one decimal (half up); null without any. */
export function meanOfTenths(tenths: number, count: number): number | null {
  return count > 0 ? Math.round(tenths / count) / 10 : null
}

// The rows the kept figures are computed from, as SQL shared by the synchronous rebuild (migration,
// merge, import) and the refresh in a write transaction: `?` is one project's id, or none for all.
const FIGURE_SOURCES = {
  projects: (one: boolean) =>
    `SELECT id, eu_rate_bp, indirect_flat_rate, indirect_rate_bp, staff_flat_rate_bp, remaining_flat_rate_bp,
       code, beneficiary_id, objective_code, strand, status, officer_name, call_id, start_date, end_date, rate_ground FROM projects${one ? ' WHERE id = ?' : ''}`,
  lines: (one: boolean) =>
    `SELECT project_id, category, cost_model, amount_cents, units, unit_cost_cents, public_procurement FROM budget_lines${one ? ' WHERE project_id = ?' : ''} ORDER BY project_id, sort_order`,
  paid: (one: boolean) =>
    `SELECT project_id, sum(paid_cents) AS paid FROM payments WHERE status = 'paid'${one ? ' AND project_id = ?' : ''} GROUP BY project_id`,
  indicators: (one: boolean) =>
    `SELECT pi.project_id, pi.target,
       (SELECT m.value FROM indicator_measurements m WHERE m.project_indicator_id = pi.id ORDER BY m.measured_on DESC, m.created_at DESC LIMIT 1) AS achieved
     FROM project_indicators pi WHERE pi.target > 0${one ? ' AND pi.project_id = ?' : ''} ORDER BY pi.project_id, pi.rowid`,
  milestones: (one: boolean) => `SELECT project_id, status, due_date FROM milestones${one ? ' WHERE project_id = ?' : ''}`,
  openPayments: (one: boolean) => `SELECT project_id, planned_date FROM payments WHERE status IN ('planned', 'requested')${one ? ' AND project_id = ?' : ''}`,
} as const

type SourceRows = {
  projects: Parameters<typeof costOptionsOf>[0] & {
    id: string
    eu_rate_bp: number
    code: string
    beneficiary_id: string
    objective_code: ObjectiveCode
    strand: Strand
    status: ProjectStatus
    officer_name: string | null
    call_id: string | null
    start_date: string
    end_date: string
    rate_ground: RateGround | null
  }
  lines: Parameters<typeof budgetLineInput>[0] & { project_id: string }
  paid: { project_id: string; paid: number | null }
  indicators: { project_id: string; target: number; achieved: number | null }
  milestones: { project_id: string; status: MilestoneStatus; due_date: string }
  openPayments: { project_id: string; planned_date: string }
}
type Read = <K extends keyof SourceRows>(source: K) => SourceRows[K][]

/** Rows grouped by their project. */
function byProject<T extends { project_id: string }>(rows: T[]): Map<string, T[]> {
  const out = new Map<string, T[]>()
  for (const r of rows) {
    const list = out.get(r.project_id)
    if (list) list.push(r)
    else out.set(r.project_id, [r])
  }
  return out
}

/** The one computation of kept figures, from the source rows (the money rule of money.ts, the indicators' mean and the light of rag.ts). */
function keptFiguresFrom(read: Read): Map<string, KeptFigures> {
  const lines = new Map<string, BudgetLineInput[]>()
  for (const l of read('lines')) {
    const list = lines.get(l.project_id) ?? []
    list.push(budgetLineInput(l))
    lines.set(l.project_id, list)
  }
  const paid = new Map(read('paid').map((p) => [p.project_id, Number(p.paid ?? 0)]))
  const achievements = new Map<string, (number | null)[]>()
  for (const i of read('indicators')) {
    const list = achievements.get(i.project_id) ?? []
    list.push(achievementPercent(i.achieved, i.target))
    achievements.set(i.project_id, list)
  }
  const milestones = byProject(read('milestones'))
  const openPayments = byProject(read('openPayments'))
  const kept = new Map<string, KeptFigures>()
  for (const p of read('projects')) {
    const budget = computeBudget(lines.get(p.id) ?? [], p.eu_rate_bp, costOptionsOf(p))
    const paidCents = paid.get(p.id) ?? 0
    const own = milestones.get(p.id) ?? []
    const count = (status: MilestoneStatus) => own.filter((m) => m.status === status).length
    const openDue = own
      .filter((m) => m.status !== 'done' && m.status !== 'cancelled')
      .map((m) => m.due_date)
      .sort()
    const paymentDates = (openPayments.get(p.id) ?? []).map((y) => y.planned_date).sort()
    const measured = (achievements.get(p.id) ?? []).filter((a): a is number => a !== null)
    const indicatorMeanPct = meanAchievement(achievements.get(p.id) ?? [])
    const light = ragThresholds({
      status: p.status,
      startDate: p.start_date,
      endDate: p.end_date,
      openMilestoneDueDates: openDue,
      indicatorMeanPct,
      openPaymentDates: paymentDates,
      euRateBp: p.eu_rate_bp,
      rateGround: p.rate_ground,
    })
    kept.set(p.id, {
      eligibleCents: budget.eligibleCents,
      euCents: budget.euCents,
      ownCents: budget.ownCents,
      paidCents,
      toPayCents: Math.max(0, budget.euCents - paidCents),
      indicatorMeanPct,
      code: p.code,
      beneficiaryId: p.beneficiary_id,
      objectiveCode: p.objective_code,
      strand: p.strand,
      status: p.status,
      officerName: p.officer_name,
      callId: p.call_id,
      startDate: p.start_date,
      endDate: p.end_date,
      milestonesTotal: own.length,
      milestonesDone: count('done'),
      milestonesInProgress: count('in_progress'),
      milestonesPlanned: count('planned'),
      milestonesCancelled: count('cancelled'),
      firstOpenDue: openDue[0] ?? null,
      lastOpenDue: openDue[openDue.length - 1] ?? null,
      openPayments: paymentDates.length,
      firstOpenPayment: paymentDates[0] ?? null,
      lastOpenPayment: paymentDates[paymentDates.length - 1] ?? null,
      indicatorsMeasured: measured.length,
      indicatorTenths: measured.reduce((sum, a) => sum + cappedTenths(a), 0),
      amberFrom: light.amberFrom,
      redFrom: light.redFrom,
    })
  }
  return kept
}

/** Each kept figure's column in `project_figures`, in the table's order. */
const KEPT_COLUMNS: readonly (readonly [keyof KeptFigures, string])[] = [
  ['eligibleCents', 'eligible_cents'],
  ['euCents', 'eu_cents'],
  ['ownCents', 'own_cents'],
  ['paidCents', 'paid_cents'],
  ['toPayCents', 'to_pay_cents'],
  ['indicatorMeanPct', 'indicator_mean_pct'],
  ['code', 'code'],
  ['beneficiaryId', 'beneficiary_id'],
  ['objectiveCode', 'objective_code'],
  ['strand', 'strand'],
  ['status', 'status'],
  ['officerName', 'officer_name'],
  ['callId', 'call_id'],
  ['startDate', 'start_date'],
  ['endDate', 'end_date'],
  ['milestonesTotal', 'milestones_total'],
  ['milestonesDone', 'milestones_done'],
  ['milestonesInProgress', 'milestones_in_progress'],
  ['milestonesPlanned', 'milestones_planned'],
  ['milestonesCancelled', 'milestones_cancelled'],
  ['firstOpenDue', 'first_open_due'],
  ['lastOpenDue', 'last_open_due'],
  ['openPayments', 'open_payments'],
  ['firstOpenPayment', 'first_open_payment'],
  ['lastOpenPayment', 'last_open_payment'],
  ['indicatorsMeasured', 'indicators_measured'],
  ['indicatorTenths', 'indicator_tenths'],
  ['amberFrom', 'amber_from'],
  ['redFrom', 'red_from'],
]

const UPSERT = `INSERT INTO project_figures (project_id, ${KEPT_COLUMNS.map(([, c]) => c).join(', ')})
  VALUES (?${', ?'.repeat(KEPT_COLUMNS.length)})
  ON CONFLICT (project_id) DO UPDATE SET ${KEPT_COLUMNS.map(([, c]) => `${c} = excluded.${c}`).join(', ')}`
const upsertParams = (id: string, k: KeptFigures) => [id, ...KEPT_COLUMNS.map(([key]) => k[key])]

/** Every project's figures as computed now from its records (what `project_figures` must hold). */
export function computeAllKeptFigures(sqlite: BetterSqlite3.Database): Map<string, KeptFigures> {
  return keptFiguresFrom((source) => sqlite.prepare(FIGURE_SOURCES[source](false)).all() as never)
}

/**
 * Rebuilds `project_figures` for every project, synchronously, inside the caller's transaction:
 * after the migration that creates it, a merge, an import, the demo loader.
 */
export function rebuildProjectFigures(sqlite: BetterSqlite3.Database): void {
  const kept = computeAllKeptFigures(sqlite)
  sqlite.prepare('DELETE FROM project_figures').run()
  const insert = sqlite.prepare(UPSERT)
  for (const [id, k] of kept) insert.run(...upsertParams(id, k))
}

/** Computes one project's kept figures again and stores them, in the write transaction that changed its records. */
export async function refreshProjectFigures(trx: WriteTrx, projectId: string): Promise<void> {
  const rows: Partial<Record<keyof SourceRows, unknown[]>> = {}
  for (const source of Object.keys(FIGURE_SOURCES) as (keyof SourceRows)[]) {
    rows[source] = (await trx.executeQuery(CompiledQuery.raw(FIGURE_SOURCES[source](true), [projectId]))).rows
  }
  const kept = keptFiguresFrom((source) => rows[source] as never).get(projectId)
  if (!kept) {
    await trx.executeQuery(CompiledQuery.raw('DELETE FROM project_figures WHERE project_id = ?', [projectId]))
    return
  }
  await trx.executeQuery(CompiledQuery.raw(UPSERT, upsertParams(projectId, kept)))
}

/** The tables whose records feed a project's kept figures, and how a record names its project. */
export const FIGURE_TABLES: Readonly<Record<string, 'id' | 'project_id' | 'project_indicator_id'>> = {
  projects: 'id',
  budget_lines: 'project_id',
  payments: 'project_id',
  project_indicators: 'project_id',
  indicator_measurements: 'project_indicator_id',
  milestones: 'project_id',
}

/** A project whose kept figures are not what its records give (null: no row, or no project). */
export interface FigureDifference {
  projectId: string
  kept: KeptFigures | null
  computed: KeptFigures | null
}

/** Projects whose kept figures differ from a full recomputation (the command line's `check`). */
export function keptFiguresDifferences(sqlite: BetterSqlite3.Database): FigureDifference[] {
  const computed = computeAllKeptFigures(sqlite)
  const rows = sqlite.prepare('SELECT * FROM project_figures').all() as Record<string, unknown>[]
  const kept = new Map<string, KeptFigures>(
    rows.map((r) => [r.project_id as string, Object.fromEntries(KEPT_COLUMNS.map(([key, column]) => [key, r[column]])) as unknown as KeptFigures]),
  )
  const out: FigureDifference[] = []
  for (const id of new Set([...computed.keys(), ...kept.keys()])) {
    const a = kept.get(id) ?? null
    const b = computed.get(id) ?? null
    const values = (k: KeptFigures | null) => JSON.stringify(k && KEPT_COLUMNS.map(([key]) => k[key]))
    if (values(a) !== values(b)) out.push({ projectId: id, kept: a, computed: b })
  }
  return out
}

/** The filters of the dashboard and the visit ranking, which read the kept figures. */
export type KeptFilters = Pick<ProjectFilters, 'strand' | 'callId' | 'officer' | 'from' | 'to'>

/** Those filters on `project_figures as f`, which keeps the project columns whereProject filters on (the same conditions). */
export function whereKept<QB extends SelectQueryBuilder<DB & { f: DB['project_figures'] }, 'f', object>>(qb: QB, f: KeptFilters): QB {
  let q = qb
  if (f.strand?.length) q = q.where('f.strand', 'in', f.strand) as QB
  if (f.officer) q = q.where('f.officer_name', '=', f.officer) as QB
  if (f.callId) q = q.where('f.call_id', '=', f.callId) as QB
  if (f.from) q = q.where('f.end_date', '>=', f.from) as QB
  if (f.to) q = q.where('f.start_date', '<=', f.to) as QB
  return q
}
