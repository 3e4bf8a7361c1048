import type { Kysely } from 'kysely'
import { computeBudget, type BudgetLineInput } from './money'
import type { DB } from './schema'
import type { BudgetCategory, CostModel } from './vocabulary'

/** A project's money as every list, the dashboard and the command line show it. */
export interface ProjectFigures {
  eligibleCents: number
  euRateBp: number
  euCents: number
  ownCents: number
  paidCents: number
}

/** Budget lines as the money rule reads them, from a stored row. */
export function budgetLineInput(r: { category: string; cost_model: string; amount_cents: number | null; units: number | null; unit_cost_cents: number | null }): BudgetLineInput {
  return {
    category: r.category as BudgetCategory,
    costModel: r.cost_model as CostModel,
    amountCents: r.amount_cents,
    units: r.units,
    unitCostCents: r.unit_cost_cents,
  }
}

/** The figures of every project (the one place money totals come from), in three queries. */
export async function loadProjectFigures(db: Kysely<DB>): Promise<Map<string, ProjectFigures>> {
  const projects = await db.selectFrom('projects').select(['id', 'eu_rate_bp']).execute()
  const lines = await db
    .selectFrom('budget_lines')
    .select(['project_id', 'category', 'cost_model', 'amount_cents', 'units', 'unit_cost_cents'])
    .orderBy('project_id')
    .orderBy('sort_order')
    .execute()
  const paid = await db
    .selectFrom('payments')
    .select(['project_id', (eb) => eb.fn.sum<number>('paid_cents').as('paid')])
    .where('status', '=', 'paid')
    .groupBy('project_id')
    .execute()

  const linesByProject = new Map<string, BudgetLineInput[]>()
  for (const l of lines) {
    const list = linesByProject.get(l.project_id) ?? []
    list.push(budgetLineInput(l))
    linesByProject.set(l.project_id, list)
  }
  const paidByProject = new Map(paid.map((p) => [p.project_id, Number(p.paid ?? 0)]))

  const figures = new Map<string, ProjectFigures>()
  for (const p of projects) {
    const budget = computeBudget(linesByProject.get(p.id) ?? [], p.eu_rate_bp)
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
