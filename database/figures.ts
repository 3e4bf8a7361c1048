import type BetterSqlite3 from 'better-sqlite3'
import { CompiledQuery, type Kysely } from 'kysely'
import { achievementPercent, meanAchievement } from './domain/rag'
import type { WriteTrx } from './writable'
import { computeBudget, type BudgetLineInput, type CostOptions } from './domain/money'
import { FEW_PROJECTS } from './rag'
import type { DB } from './schema'
import type { BudgetCategory, CostModel, IndirectFlatRate } from './domain/vocabulary'

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
 * What `project_figures` keeps of a project (migration 011): its money and the one input of its
 * traffic light that does not depend on today and is not a project column (the mean achievement
 * of its indicators). This file's own derived data: never synced, never merged, rebuilt.
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

// The rows the kept figures are computed from, as SQL shared by the synchronous rebuild (migration,
// merge, import) and the refresh in a write transaction: `?` is one project's id, or none for all.
const FIGURE_SOURCES = {
  projects: (one: boolean) =>
    `SELECT id, eu_rate_bp, indirect_flat_rate, indirect_rate_bp, staff_flat_rate_bp, remaining_flat_rate_bp FROM projects${one ? ' WHERE id = ?' : ''}`,
  lines: (one: boolean) =>
    `SELECT project_id, category, cost_model, amount_cents, units, unit_cost_cents, public_procurement FROM budget_lines${one ? ' WHERE project_id = ?' : ''} ORDER BY project_id, sort_order`,
  paid: (one: boolean) =>
    `SELECT project_id, sum(paid_cents) AS paid FROM payments WHERE status = 'paid'${one ? ' AND project_id = ?' : ''} GROUP BY project_id`,
  indicators: (one: boolean) =>
    `SELECT pi.project_id, pi.target,
       (SELECT m.value FROM indicator_measurements m WHERE m.project_indicator_id = pi.id ORDER BY m.measured_on DESC, m.created_at DESC LIMIT 1) AS achieved
     FROM project_indicators pi WHERE pi.target > 0${one ? ' AND pi.project_id = ?' : ''} ORDER BY pi.project_id, pi.rowid`,
} as const

type SourceRows = {
  projects: Parameters<typeof costOptionsOf>[0] & { id: string; eu_rate_bp: number }
  lines: Parameters<typeof budgetLineInput>[0] & { project_id: string }
  paid: { project_id: string; paid: number | null }
  indicators: { project_id: string; target: number; achieved: number | null }
}
type Read = <K extends keyof SourceRows>(source: K) => SourceRows[K][]

/** The one computation of kept figures, from the source rows (the money rule of money.ts, the indicators' mean of rag.ts). */
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
  const kept = new Map<string, KeptFigures>()
  for (const p of read('projects')) {
    const budget = computeBudget(lines.get(p.id) ?? [], p.eu_rate_bp, costOptionsOf(p))
    const paidCents = paid.get(p.id) ?? 0
    kept.set(p.id, {
      eligibleCents: budget.eligibleCents,
      euCents: budget.euCents,
      ownCents: budget.ownCents,
      paidCents,
      toPayCents: Math.max(0, budget.euCents - paidCents),
      indicatorMeanPct: meanAchievement(achievements.get(p.id) ?? []),
    })
  }
  return kept
}

const UPSERT = `INSERT INTO project_figures (project_id, eligible_cents, eu_cents, own_cents, paid_cents, to_pay_cents, indicator_mean_pct)
  VALUES (?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (project_id) DO UPDATE SET eligible_cents = excluded.eligible_cents, eu_cents = excluded.eu_cents, own_cents = excluded.own_cents,
    paid_cents = excluded.paid_cents, to_pay_cents = excluded.to_pay_cents, indicator_mean_pct = excluded.indicator_mean_pct`
const upsertParams = (id: string, k: KeptFigures) => [id, k.eligibleCents, k.euCents, k.ownCents, k.paidCents, k.toPayCents, k.indicatorMeanPct]

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
  const rows = sqlite.prepare('SELECT * FROM project_figures').all() as {
    project_id: string
    eligible_cents: number
    eu_cents: number
    own_cents: number
    paid_cents: number
    to_pay_cents: number
    indicator_mean_pct: number | null
  }[]
  const kept = new Map<string, KeptFigures>(
    rows.map((r) => [
      r.project_id,
      {
        eligibleCents: r.eligible_cents,
        euCents: r.eu_cents,
        ownCents: r.own_cents,
        paidCents: r.paid_cents,
        toPayCents: r.to_pay_cents,
        indicatorMeanPct: r.indicator_mean_pct,
      },
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
