import type { Kysely } from 'kysely'
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
export function costOptionsOf(r: { indirect_flat_rate: IndirectFlatRate | null; indirect_rate_bp: number | null; staff_flat_rate_bp: number | null; remaining_flat_rate_bp: number | null }): CostOptions {
  return {
    indirect: r.indirect_flat_rate,
    indirectRateBp: r.indirect_flat_rate ? r.indirect_rate_bp : null,
    staffRateBp: r.staff_flat_rate_bp,
    remainingRateBp: r.remaining_flat_rate_bp,
  }
}

/**
 * The figures of every project, or of a few (the one place money totals come from), in three
 * queries.
 */
export async function loadProjectFigures(db: Kysely<DB>, projectIds?: readonly string[]): Promise<Map<string, ProjectFigures>> {
  // A few projects (a project page, a document) are read by id through the project indexes.
  const byId = projectIds !== undefined && projectIds.length <= FEW_PROJECTS ? [...projectIds, ''] : null
  let projectQuery = db.selectFrom('projects').select(['id', 'eu_rate_bp', ...COST_OPTION_COLUMNS])
  let lineQuery = db.selectFrom('budget_lines').select(['project_id', 'category', 'cost_model', 'amount_cents', 'units', 'unit_cost_cents', 'public_procurement'])
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
