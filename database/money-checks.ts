import { rateAboveCeiling } from './domain/cofinancing'
import { needsSimplifiedCosts, scheduleState, SCO_REQUIRED_UP_TO_CENTS, type BudgetLineInput, type CostOptions } from './domain/money'
import type { RateGround } from './domain/vocabulary'

/**
 * What the law says a project's money must be, checked on what the file holds (a file made by an
 * earlier version may hold anything): the project page shows each warning, the agreement check
 * lists them before producing the document. Nothing is changed: the officer corrects.
 */

export type MoneyCheckCode = 'rate_above_ceiling' | 'sco_required' | 'indirect_flat_rate_twice' | 'schedule_incomplete' | 'schedule_above_eu' | 'paid_above_eu'

/** One warning with the values its message names (cents end in `Cents`, rates in `Bp`). */
export interface MoneyCheck {
  code: MoneyCheckCode
  params: Record<string, string | number>
}

export interface MoneyCheckInput {
  euRateBp: number
  rateGround: RateGround | null
  lines: readonly BudgetLineInput[]
  options: CostOptions
  scoExemption: string | null
  eligibleCents: number
  euCents: number
  /** What the schedule plans in all (payments not cancelled; see plannedTotalCents). */
  plannedCents: number
  /** Whether the project has any payment not cancelled. */
  hasPayments: boolean
  paidCents: number
}

/** The warnings of a project's money, in a stable order. */
export function moneyChecks(input: MoneyCheckInput): MoneyCheck[] {
  const checks: MoneyCheck[] = []
  const above = rateAboveCeiling(input.euRateBp, input.rateGround)
  if (above)
    checks.push({ code: 'rate_above_ceiling', params: { rateBp: input.euRateBp, ceilingBp: above.ceilingBp, article: above.article, ground: above.ground } })
  if (needsSimplifiedCosts(input.eligibleCents, input.lines, input.options, input.scoExemption)) {
    checks.push({ code: 'sco_required', params: { eligibleCents: input.eligibleCents, limitCents: SCO_REQUIRED_UP_TO_CENTS } })
  }
  const indirectRates =
    input.lines.filter((l) => l.costModel === 'flat_rate_7_direct' || l.costModel === 'flat_rate_15_staff').length + (input.options.indirect ? 1 : 0)
  if (indirectRates > 1) checks.push({ code: 'indirect_flat_rate_twice', params: { count: indirectRates } })
  if (input.euCents > 0 || input.hasPayments) {
    const schedule = scheduleState(input.plannedCents, input.euCents)
    if (schedule.state === 'incomplete')
      checks.push({ code: 'schedule_incomplete', params: { plannedBp: schedule.plannedBp, missingCents: schedule.gapCents } })
    if (schedule.state === 'above') checks.push({ code: 'schedule_above_eu', params: { excessCents: schedule.gapCents } })
  }
  if (input.paidCents > input.euCents) checks.push({ code: 'paid_above_eu', params: { excessCents: input.paidCents - input.euCents } })
  return checks
}
