import type BetterSqlite3 from 'better-sqlite3'
import { CompiledQuery, type Kysely } from 'kysely'
import { achievementPercent, JUDGED_STATUSES, meanAchievement, ragOfFacts, type RagFacts } from './domain/rag'
import { addDays, daysBetween } from './domain/dates'
import { foldForSearch } from './search'
import type { WriteTrx } from './writable'
import { computeBudget, type BudgetLineInput, type CostOptions } from './domain/money'
import { FEW_PROJECTS } from './rag'
import type { DB } from './schema'
import type { BudgetCategory, CostModel, IndirectFlatRate, ProjectStatus, RateGround } from './domain/vocabulary'

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
 * What `project_figures` keeps of a project: its money and the one input of its traffic light that
 * does not depend on today and is not a project column, the mean achievement of its indicators
 * (migration 011); and what its list sorts and filters by (migration 015): copies of its columns,
 * its texts folded for search and sort, and the days its traffic light turns amber and red. This
 * file's own derived data: never synced, never merged, rebuilt.
 */
export interface KeptFigures {
  eligibleCents: number
  euCents: number
  ownCents: number
  paidCents: number
  toPayCents: number
  /** meanAchievement() of the project's indicators with a target; null without any. */
  indicatorMeanPct: number | null
}

/** The list's columns of a project (migration 015): what a page of the list is found by, without reading `projects`. */
export interface KeptListKeys {
  code: string
  /** foldForSearch of the code, the title and the beneficiary's acronym (or name). */
  codeKey: string
  titleKey: string
  beneficiaryId: string
  beneficiaryKey: string
  objectiveCode: string
  strand: string
  status: string
  startDate: string
  endDate: string
  officerName: string | null
  callId: string | null
  /** The first day the light is amber or red, and the first day it is red (null: not before its records change). */
  ragAmberOn: string | null
  ragRedOn: string | null
}

/** Every kept column of a project (what `check` compares with a full computation). */
export type KeptProject = KeptFigures & Partial<KeptListKeys>

/** A day before any date a file holds: the light is already that colour whatever the day. */
export const ALWAYS = '0000-01-01'

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
  openMilestones: (one: boolean) =>
    `SELECT project_id, due_date FROM milestones WHERE status NOT IN ('done', 'cancelled')${one ? ' AND project_id = ?' : ''} ORDER BY project_id, due_date`,
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
    objective_code: string
    strand: string
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
  openMilestones: { project_id: string; due_date: string }
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

/**
 * The first day on which a project's light is at least `level` (amber: amber or red), its records
 * as they are: null if never, ALWAYS if already before any of its dates. The rule (ragOfFacts) only
 * darkens as days pass with the same records (more milestones late and for longer, payments
 * overdue for longer, more of the period elapsed, the end further behind), so the day is found by
 * halving, each day judged by the rule itself; the list then judges a whole portfolio on any day
 * with two comparisons in SQL (ragStatusSql).
 */
export function ragTurnsOn(facts: RagRecords, level: 'amber' | 'red'): string | null {
  const at = (day: string) => {
    const status = ragOfFacts(factsOn(facts, day), day).status
    return status === 'red' || (level === 'amber' && status === 'amber')
  }
  const dues = facts.openMilestoneDueDates
  const pays = facts.openPaymentDates
  // Before the earliest of its dates nothing is late nor elapsed; after the latest change of each part, nothing changes.
  const first = [facts.startDate, facts.endDate, dues[0], pays[0]].filter((d): d is string => d !== undefined).sort()[0]!
  const last = [addDays(facts.endDate, 91), dues[0] && addDays(dues[0], 31), dues[2] && addDays(dues[2], 1), pays[0] && addDays(pays[0], 61)]
    .filter((d): d is string => typeof d === 'string')
    .sort()
    .reverse()[0]!
  let lo = addDays(first, -1)
  if (at(lo)) return ALWAYS
  let hi = addDays(last, 1)
  if (!at(hi)) return null
  // at(lo) is false, at(hi) true: halve the days between.
  let span = daysBetween(lo, hi)
  while (span > 1) {
    const mid = addDays(lo, Math.floor(span / 2))
    if (at(mid)) hi = mid
    else lo = mid
    span = daysBetween(lo, hi)
  }
  return hi
}

/** What ragTurnsOn reads of a project: its columns and the dates of its open milestones and payments, sorted. */
export interface RagRecords {
  status: ProjectStatus
  startDate: string
  endDate: string
  openMilestoneDueDates: readonly string[]
  openPaymentDates: readonly string[]
  indicatorMeanPct: number | null
  euRateBp: number
  rateGround: RateGround | null
}

/** A project's facts on a day, from its sorted open dates (as the list counts them in SQL). */
function factsOn(r: RagRecords, day: string): RagFacts {
  const late = r.openMilestoneDueDates.filter((d) => d < day)
  const overdue = r.openPaymentDates.filter((d) => d < day)
  return {
    status: r.status,
    startDate: r.startDate,
    endDate: r.endDate,
    lateMilestones: late.length,
    oldestLateDueDate: late[0] ?? null,
    indicatorMeanPct: r.indicatorMeanPct,
    overduePayments: overdue.length,
    oldestOverdueDate: overdue[0] ?? null,
    euRateBp: r.euRateBp,
    rateGround: r.rateGround,
  }
}

/** The one computation of kept figures, from the source rows (the money rule of money.ts, the indicators' mean and the light of rag.ts). */
function keptFiguresFrom(read: Read, withListKeys: boolean): Map<string, KeptProject> {
  const lines = byProject(read('lines'), budgetLineInput)
  const paid = new Map(read('paid').map((p) => [p.project_id, Number(p.paid ?? 0)]))
  const achievements = byProject(read('indicators'), (i) => achievementPercent(i.achieved, i.target))
  const dues = withListKeys ? byProject(read('openMilestones'), (m) => m.due_date) : new Map<string, string[]>()
  const pays = withListKeys ? byProject(read('openPayments'), (p) => p.planned_date) : new Map<string, string[]>()
  const kept = new Map<string, KeptProject>()
  for (const p of read('projects')) {
    const budget = computeBudget(lines.get(p.id) ?? [], p.eu_rate_bp, costOptionsOf(p))
    const paidCents = paid.get(p.id) ?? 0
    const indicatorMeanPct = meanAchievement(achievements.get(p.id) ?? [])
    const figures: KeptProject = {
      eligibleCents: budget.eligibleCents,
      euCents: budget.euCents,
      ownCents: budget.ownCents,
      paidCents,
      toPayCents: Math.max(0, budget.euCents - paidCents),
      indicatorMeanPct,
    }
    if (withListKeys) {
      const records: RagRecords = {
        status: p.status,
        startDate: p.start_date,
        endDate: p.end_date,
        openMilestoneDueDates: dues.get(p.id) ?? [],
        openPaymentDates: pays.get(p.id) ?? [],
        indicatorMeanPct,
        euRateBp: p.eu_rate_bp,
        rateGround: p.rate_ground,
      }
      const judged = JUDGED_STATUSES.includes(p.status)
      Object.assign(figures, {
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
        ragAmberOn: judged ? ragTurnsOn(records, 'amber') : null,
        ragRedOn: judged ? ragTurnsOn(records, 'red') : null,
      } satisfies KeptListKeys)
    }
    kept.set(p.id, figures)
  }
  return kept
}

const MONEY_COLUMNS = ['eligible_cents', 'eu_cents', 'own_cents', 'paid_cents', 'to_pay_cents', 'indicator_mean_pct'] as const
const LIST_COLUMNS = [
  'code',
  'code_key',
  'title_key',
  'beneficiary_id',
  'beneficiary_key',
  'objective_code',
  'strand',
  'status',
  'start_date',
  'end_date',
  'officer_name',
  'call_id',
  'rag_amber_on',
  'rag_red_on',
] as const

function upsertSql(withListKeys: boolean): string {
  const columns = ['project_id', ...MONEY_COLUMNS, ...(withListKeys ? LIST_COLUMNS : [])]
  return `INSERT INTO project_figures (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})
  ON CONFLICT (project_id) DO UPDATE SET ${columns
    .slice(1)
    .map((c) => `${c} = excluded.${c}`)
    .join(', ')}`
}
const UPSERT = upsertSql(true)

function upsertParams(id: string, k: KeptProject, withListKeys: boolean): unknown[] {
  const money = [id, k.eligibleCents, k.euCents, k.ownCents, k.paidCents, k.toPayCents, k.indicatorMeanPct]
  if (!withListKeys) return money
  return [
    ...money,
    k.code,
    k.codeKey,
    k.titleKey,
    k.beneficiaryId,
    k.beneficiaryKey,
    k.objectiveCode,
    k.strand,
    k.status,
    k.startDate,
    k.endDate,
    k.officerName,
    k.callId,
    k.ragAmberOn,
    k.ragRedOn,
  ]
}

/** Every project's figures as computed now from its records (what `project_figures` must hold). */
export function computeAllKeptFigures(sqlite: BetterSqlite3.Database, withListKeys = true): Map<string, KeptProject> {
  return keptFiguresFrom((source) => sqlite.prepare(FIGURE_SOURCES[source](false)).all() as never, withListKeys)
}

/**
 * Rebuilds `project_figures` (and `milestone_search`) for every project, synchronously,
 * inside the caller's transaction: after a migration, a merge, an import, the demo loader.
 * `shape` 'money' fills only what migration 011 created (the file at that version).
 */
export function rebuildProjectFigures(sqlite: BetterSqlite3.Database, shape: 'money' | 'full' = 'full'): void {
  const full = shape === 'full'
  const kept = computeAllKeptFigures(sqlite, full)
  sqlite.prepare('DELETE FROM project_figures').run()
  const insert = sqlite.prepare(upsertSql(full))
  for (const [id, k] of kept) insert.run(...upsertParams(id, k, full))
  if (full) rebuildMilestoneSearch(sqlite)
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

/** Computes one project's kept figures again and stores them, in the write transaction that changed its records. */
export async function refreshProjectFigures(trx: WriteTrx, projectId: string): Promise<void> {
  const rows: Partial<Record<keyof SourceRows, unknown[]>> = {}
  for (const source of Object.keys(FIGURE_SOURCES) as (keyof SourceRows)[]) {
    rows[source] = (await trx.executeQuery(CompiledQuery.raw(FIGURE_SOURCES[source](true), [projectId]))).rows
  }
  const kept = keptFiguresFrom((source) => rows[source] as never, true).get(projectId)
  if (!kept) {
    await trx.executeQuery(CompiledQuery.raw('DELETE FROM project_figures WHERE project_id = ?', [projectId]))
    return
  }
  await trx.executeQuery(CompiledQuery.raw(UPSERT, upsertParams(projectId, kept, true)))
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

/** The tables whose records feed a project's kept figures, and how a record names its project. */
export const FIGURE_TABLES: Readonly<Record<string, 'id' | 'project_id' | 'project_indicator_id'>> = {
  projects: 'id',
  budget_lines: 'project_id',
  payments: 'project_id',
  project_indicators: 'project_id',
  indicator_measurements: 'project_indicator_id',
  // Open milestones' due dates: when the light turns.
  milestones: 'project_id',
}

/** A project whose kept figures are not what its records give (null: no row, or no project). */
export interface FigureDifference {
  projectId: string
  kept: KeptProject | null
  computed: KeptProject | null
}

const camelColumn = (c: string) => c.replace(/_([a-z])/g, (_m, x: string) => x.toUpperCase())

/** Projects whose kept figures differ from a full recomputation (the command line's `check`). */
export function keptFiguresDifferences(sqlite: BetterSqlite3.Database): FigureDifference[] {
  const computed = computeAllKeptFigures(sqlite)
  const rows = sqlite.prepare('SELECT * FROM project_figures').all() as Record<string, unknown>[]
  const kept = new Map<string, KeptProject>(
    rows.map((r) => [
      r.project_id as string,
      Object.fromEntries([...MONEY_COLUMNS, ...LIST_COLUMNS].map((c) => [camelColumn(c), r[c]])) as unknown as KeptProject,
    ]),
  )
  const out: FigureDifference[] = []
  for (const id of new Set([...computed.keys(), ...kept.keys()])) {
    const a = kept.get(id) ?? null
    const b = computed.get(id) ?? null
    if (JSON.stringify(a) !== JSON.stringify(b)) out.push({ projectId: id, kept: a, computed: b })
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
