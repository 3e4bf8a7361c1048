import type BetterSqlite3 from 'better-sqlite3'
import { CompiledQuery, sql, type Kysely, type RawBuilder, type SelectQueryBuilder } from 'kysely'
import { achievementPercent, meanAchievement, ragThresholds } from './domain/rag'
import { foldForSearch } from './search'
import { rebuildMilestoneGrams } from './milestone-grams'
import { rebuildOrganisationSearch } from './organisation-search'
import { refreshKeptRows } from './kept-rows'
import { rebuildClaimFigures } from './claim-figures'
import type { ProjectLinkedTable } from './record-projects'
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
 * What `project_figures` keeps of a project: its money and the mean achievement of its indicators
 * (migration 011); what its list sorts and filters by (migration 015): copies of its columns and
 * its texts folded for search and sort; what the dashboard counts (migration 016): its milestones
 * by status, the dates of its open milestones and payments, its indicators' achievement in tenths;
 * and the first days its traffic light is amber and red, which the list, the dashboard and the
 * visit ranking compare with today. This file's own derived data: never synced, never merged, rebuilt.
 */
export interface KeptFigures {
  eligibleCents: number
  euCents: number
  ownCents: number
  paidCents: number
  toPayCents: number
  /** meanAchievement() of the project's indicators with a target; null without any. */
  indicatorMeanPct: number | null
  // The project's own columns the lists, the dashboard and the visit ranking filter, group and order by (copied, so that they read one table).
  code: string
  /** foldForSearch of the code, the title and the beneficiary's acronym (or name). */
  codeKey: string
  titleKey: string
  beneficiaryId: string
  beneficiaryKey: string
  objectiveCode: ObjectiveCode
  strand: Strand
  status: ProjectStatus
  startDate: string
  endDate: string
  officerName: string | null
  callId: string | null
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
  /**
   * The first day the light is amber or red, and the first day it is red (ragThresholds): null
   * never (or a status not judged), RAG_ALWAYS (rag.ts) already on any day; `<= today` in SQL.
   */
  ragAmberOn: string | null
  ragRedOn: string | null
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
    `SELECT p.id, p.eu_rate_bp, p.indirect_flat_rate, p.indirect_rate_bp, p.staff_flat_rate_bp, p.remaining_flat_rate_bp, p.code, p.title,
       p.beneficiary_id, (SELECT coalesce(o.acronym, o.name) FROM organisations o WHERE o.id = p.beneficiary_id) AS beneficiary_label,
       p.objective_code, p.strand, p.status, p.start_date, p.end_date, p.officer_name, p.call_id, p.rate_ground
     FROM projects p${one ? ' WHERE p.id = ?' : ''}`,
  lines: (one: boolean) =>
    `SELECT project_id, category, cost_model, amount_cents, units, unit_cost_cents, public_procurement FROM budget_lines${one ? ' WHERE project_id = ?' : ''} ORDER BY project_id, sort_order`,
  paid: (one: boolean) =>
    `SELECT project_id, sum(paid_cents) AS paid FROM payments WHERE status = 'paid'${one ? ' AND project_id = ?' : ''} GROUP BY project_id`,
  indicators: (one: boolean) =>
    `SELECT pi.project_id, pi.target,
       (SELECT m.value FROM indicator_measurements m WHERE m.project_indicator_id = pi.id ORDER BY m.measured_on DESC, m.created_at DESC LIMIT 1) AS achieved
     FROM project_indicators pi WHERE pi.target > 0${one ? ' AND pi.project_id = ?' : ''} ORDER BY pi.project_id, pi.rowid`,
  milestones: (one: boolean) => `SELECT project_id, status, due_date FROM milestones${one ? ' WHERE project_id = ?' : ''} ORDER BY project_id, due_date`,
  openPayments: (one: boolean) =>
    `SELECT project_id, planned_date FROM payments WHERE status IN ('planned', 'requested')${one ? ' AND project_id = ?' : ''} ORDER BY project_id, planned_date`,
} as const

type SourceRows = {
  projects: Parameters<typeof costOptionsOf>[0] & {
    id: string
    eu_rate_bp: number
    code: string
    title: string
    beneficiary_id: string
    beneficiary_label: string | null
    objective_code: ObjectiveCode
    strand: Strand
    status: ProjectStatus
    start_date: string
    end_date: string
    officer_name: string | null
    call_id: string | null
    rate_ground: RateGround | null
  }
  lines: Parameters<typeof budgetLineInput>[0] & { project_id: string }
  paid: { project_id: string; paid: number | null }
  indicators: { project_id: string; target: number; achieved: number | null }
  milestones: { project_id: string; status: MilestoneStatus; due_date: string }
  openPayments: { project_id: string; planned_date: string }
}
type Read = <K extends keyof SourceRows>(source: K) => SourceRows[K][]

/** Groups rows by their project. */
function byProject<R extends { project_id: string }, V>(rows: R[], value: (r: R) => V): Map<string, V[]> {
  const out = new Map<string, V[]>()
  for (const r of rows) {
    const list = out.get(r.project_id) ?? []
    list.push(value(r))
    out.set(r.project_id, list)
  }
  return out
}

/** The one computation of kept figures, from the source rows (the money rule of money.ts, the indicators' mean and the light of rag.ts). */
function keptFiguresFrom(read: Read): Map<string, KeptFigures> {
  const lines = byProject(read('lines'), budgetLineInput)
  const paid = new Map(read('paid').map((p) => [p.project_id, Number(p.paid ?? 0)]))
  const achievements = byProject(read('indicators'), (i) => achievementPercent(i.achieved, i.target))
  const milestones = byProject(read('milestones'), (m) => m)
  const pays = byProject(read('openPayments'), (p) => p.planned_date)
  const kept = new Map<string, KeptFigures>()
  for (const p of read('projects')) {
    const budget = computeBudget(lines.get(p.id) ?? [], p.eu_rate_bp, costOptionsOf(p))
    const paidCents = paid.get(p.id) ?? 0
    const own = milestones.get(p.id) ?? []
    const count = (status: MilestoneStatus) => own.filter((m) => m.status === status).length
    // Due dates in order (the source sorts them), as ragThresholds reads them.
    const openDue = own.filter((m) => m.status !== 'done' && m.status !== 'cancelled').map((m) => m.due_date)
    const paymentDates = pays.get(p.id) ?? []
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
      codeKey: foldForSearch(p.code),
      titleKey: foldForSearch(p.title),
      beneficiaryId: p.beneficiary_id,
      beneficiaryKey: foldForSearch(p.beneficiary_label ?? ''),
      objectiveCode: p.objective_code,
      strand: p.strand,
      status: p.status,
      startDate: p.start_date,
      endDate: p.end_date,
      officerName: p.officer_name,
      callId: p.call_id,
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
      ragAmberOn: light.amberOn,
      ragRedOn: light.redOn,
    })
  }
  return kept
}

/** Each kept figure's column in `project_figures`, in the table's order (migration 016). */
const KEPT_COLUMNS: readonly (readonly [keyof KeptFigures, string])[] = [
  ['eligibleCents', 'eligible_cents'],
  ['euCents', 'eu_cents'],
  ['ownCents', 'own_cents'],
  ['paidCents', 'paid_cents'],
  ['toPayCents', 'to_pay_cents'],
  ['indicatorMeanPct', 'indicator_mean_pct'],
  ['code', 'code'],
  ['codeKey', 'code_key'],
  ['titleKey', 'title_key'],
  ['beneficiaryId', 'beneficiary_id'],
  ['beneficiaryKey', 'beneficiary_key'],
  ['objectiveCode', 'objective_code'],
  ['strand', 'strand'],
  ['status', 'status'],
  ['startDate', 'start_date'],
  ['endDate', 'end_date'],
  ['officerName', 'officer_name'],
  ['callId', 'call_id'],
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
  ['ragAmberOn', 'rag_amber_on'],
  ['ragRedOn', 'rag_red_on'],
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
 * Rebuilds `project_figures` and `milestone_search` for every project (and from migration 017 on
 * `milestone_grams` and `organisation_search`, from 019 on `claim_figures` and `project_risk`), synchronously, inside the caller's transaction:
 * after migration 016 (which makes the table as it is now), a merge, an import, the demo loader.
 */
export function rebuildProjectFigures(sqlite: BetterSqlite3.Database): void {
  const kept = computeAllKeptFigures(sqlite)
  sqlite.prepare('DELETE FROM project_figures').run()
  const insert = sqlite.prepare(UPSERT)
  for (const [id, k] of kept) insert.run(...upsertParams(id, k))
  rebuildMilestoneSearch(sqlite)
  rebuildShortSearch(sqlite)
  rebuildClaimFigures(sqlite)
}

/**
 * Fills the short searches' kept rows (milestone_grams, organisation_search) from every record,
 * from migration 017 on (016 rebuilds the figures before the tables exist; 017 fills them): after
 * a migration or an import, where every record is new (about a second at 100 times a real
 * portfolio). A merge keeps only the rows of the records it touched (merge/write.ts, keepShortSearch).
 */
export function rebuildShortSearch(sqlite: BetterSqlite3.Database): void {
  if (!sqlite.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'milestone_grams'").get()) return
  rebuildMilestoneGrams(sqlite)
  rebuildOrganisationSearch(sqlite)
}

const MILESTONE_SEARCH_SOURCE = 'SELECT id, project_id, title, objective_code, status, due_date FROM milestones'
const MILESTONE_SEARCH_UPSERT = `INSERT INTO milestone_search (milestone_id, project_id, title_key, objective_code, status, due_date) VALUES (?, ?, ?, ?, ?, ?)
  ON CONFLICT (milestone_id) DO UPDATE SET project_id = excluded.project_id, title_key = excluded.title_key,
    objective_code = excluded.objective_code, status = excluded.status, due_date = excluded.due_date`
type MilestoneSource = { id: string; project_id: string; title: string; objective_code: string; status: string; due_date: string }
const milestoneSearchParams = (m: MilestoneSource) => [m.id, m.project_id, foldForSearch(m.title), m.objective_code, m.status, m.due_date]

/** Fills `milestone_search` (migration 015) from every milestone. */
function rebuildMilestoneSearch(sqlite: BetterSqlite3.Database): void {
  sqlite.prepare('DELETE FROM milestone_search').run()
  const insert = sqlite.prepare(MILESTONE_SEARCH_UPSERT)
  for (const m of sqlite.prepare(MILESTONE_SEARCH_SOURCE).all() as MilestoneSource[]) insert.run(...milestoneSearchParams(m))
}

/**
 * Computes these projects' kept figures again (a project gone loses its row), and the search rows
 * of these milestones, synchronously inside the caller's transaction: the records a merge changed.
 * The same source rows, for one project at a time, as refreshProjectFigures.
 */
export function refreshKeptFigures(sqlite: BetterSqlite3.Database, projectIds: Iterable<string>, milestoneIds: Iterable<string>): void {
  const sources = Object.fromEntries((Object.keys(FIGURE_SOURCES) as (keyof SourceRows)[]).map((k) => [k, sqlite.prepare(FIGURE_SOURCES[k](true))]))
  const upsert = sqlite.prepare(UPSERT)
  const drop = sqlite.prepare('DELETE FROM project_figures WHERE project_id = ?')
  for (const id of new Set(projectIds)) {
    const kept = keptFiguresFrom((source) => sources[source].all(id) as never).get(id)
    if (kept) upsert.run(...upsertParams(id, kept))
    else drop.run(id)
  }
  refreshKeptRows(sqlite, milestoneIds, {
    source: `${MILESTONE_SEARCH_SOURCE} WHERE id = ?`,
    upsert: MILESTONE_SEARCH_UPSERT,
    params: milestoneSearchParams,
    drop: 'DELETE FROM milestone_search WHERE milestone_id = ?',
  })
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

/** Keeps a milestone's row of `milestone_search` in the transaction that wrote it; gone with the milestone. */
export async function refreshMilestoneSearch(trx: WriteTrx, milestoneId: string): Promise<void> {
  const m = (await trx.executeQuery(CompiledQuery.raw(`${MILESTONE_SEARCH_SOURCE} WHERE id = ?`, [milestoneId]))).rows[0] as MilestoneSource | undefined
  if (!m) {
    await trx.executeQuery(CompiledQuery.raw('DELETE FROM milestone_search WHERE milestone_id = ?', [milestoneId]))
    return
  }
  await trx.executeQuery(CompiledQuery.raw(MILESTONE_SEARCH_UPSERT, milestoneSearchParams(m)))
}

/** Keeps the beneficiary's folded label of its projects when an organisation's name or acronym changes, in that transaction. */
export async function refreshBeneficiaryKeys(trx: WriteTrx, organisationId: string): Promise<void> {
  const o = await trx.selectFrom('organisations').select(['name', 'acronym']).where('id', '=', organisationId).executeTakeFirst()
  if (!o) return
  await trx.executeQuery(
    CompiledQuery.raw('UPDATE project_figures SET beneficiary_key = ? WHERE beneficiary_id = ?', [foldForSearch(o.acronym ?? o.name), organisationId]),
  )
}

/** The tables whose records feed a project's kept figures (record-projects.ts says how each names its project). */
export const FIGURE_TABLES: readonly ProjectLinkedTable[] = [
  'projects',
  'budget_lines',
  'payments',
  'project_indicators',
  'indicator_measurements',
  // Milestones by status, and the open ones' due dates: when the light turns.
  'milestones',
]

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
  // Every kept column, in one order whatever the object's.
  const values = (k: KeptFigures | null) => JSON.stringify(k && KEPT_COLUMNS.map(([key]) => k[key]))
  const out: FigureDifference[] = []
  for (const id of new Set([...computed.keys(), ...kept.keys()])) {
    const a = kept.get(id) ?? null
    const b = computed.get(id) ?? null
    if (values(a) !== values(b)) out.push({ projectId: id, kept: a, computed: b })
  }
  return out
}

/** Milestones whose row of `milestone_search` is missing or not what the milestone gives, and rows of no milestone. */
export function milestoneSearchDifferences(sqlite: BetterSqlite3.Database): string[] {
  const kept = new Map(
    (sqlite.prepare('SELECT * FROM milestone_search').all() as Record<string, unknown>[]).map((r) => [
      r.milestone_id as string,
      JSON.stringify([r.milestone_id, r.project_id, r.title_key, r.objective_code, r.status, r.due_date]),
    ]),
  )
  const out: string[] = []
  for (const m of sqlite.prepare(MILESTONE_SEARCH_SOURCE).all() as MilestoneSource[]) {
    if (kept.get(m.id) !== JSON.stringify(milestoneSearchParams(m))) out.push(m.id)
    kept.delete(m.id)
  }
  return [...out, ...kept.keys()]
}

/** The filters of the dashboard and the visit ranking, which read the kept figures. */
export type KeptFilters = Pick<ProjectFilters, 'strand' | 'callId' | 'officer' | 'from' | 'to'>

/**
 * How a filter names a column of `f`: as itself, or as `+f.column` where a page walks another
 * column's index (the projects list), which keeps the planner from choosing this column's.
 */
export type KeptColumn = (name: 'objective_code' | 'strand' | 'status' | 'start_date' | 'end_date') => RawBuilder<unknown>

const asItself: KeptColumn = (name) => sql.ref(`f.${name}`)

/** Those filters on `project_figures as f`, which keeps the project columns whereProject filters on (the same conditions). */
export function whereKept<QB extends SelectQueryBuilder<DB & { f: DB['project_figures'] }, 'f', object>>(
  qb: QB,
  f: KeptFilters,
  column: KeptColumn = asItself,
): QB {
  let q = qb
  if (f.strand?.length) q = q.where(column('strand'), 'in', f.strand) as QB
  if (f.officer) q = q.where('f.officer_name', '=', f.officer) as QB
  if (f.callId) q = q.where('f.call_id', '=', f.callId) as QB
  if (f.from) q = q.where(column('end_date'), '>=', f.from) as QB
  if (f.to) q = q.where(column('start_date'), '<=', f.to) as QB
  return q
}
