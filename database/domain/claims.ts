import { daysBetween, addDays } from './dates'
import { applyRate, computeBudget, type BudgetLineInput, type CostOptions, type FlatRateAmount } from './money'
import { ERROR_TYPES, type BudgetCategory, type ClaimLineKind, type CostModel, type ErrorType, type LineOutcome, type SamplingMethod } from './vocabulary'

/**
 * The money and the clock of a payment claim (issue 15), pure: the declared amount of a line, the
 * 80-day payment clock, and the result of a verification (accepted, ineligible by error type, the
 * sample's error extrapolated, flat rates on the accepted base, the EU share, advances cleared,
 * the amount payable within the EU contribution). The budget's own rule (money.ts) computes the
 * flat rates, so a claim and its budget never count them differently.
 */

/** CPR Art. 74(1)(b): the authority pays within 80 days of the claim's submission. */
export const PAYMENT_DEADLINE_DAYS = 80

/** What a line declares, as stored or typed; the amount is computed from it, never typed. */
export interface DeclaredLine {
  kind: ClaimLineKind
  amountExclCents: number | null
  amountInclCents: number | null
  vatEligible: boolean
  hoursHundredths: number | null
  hourlyRateCents: number | null
  units: number | null
}

/** The budget line a claim line is declared against: its unit cost and lump sum. */
export interface BudgetLineFacts {
  costModel: CostModel
  amountCents: number | null
  unitCostCents: number | null
}

/**
 * The declared amount of a line: the VAT-inclusive amount when VAT is eligible (not recoverable)
 * or the amount without it; hours × hourly rate (Art. 55(2)); units × the budget line's unit
 * cost; the budget line's lump sum, claimed whole. Null when the line lacks what its kind needs.
 */
export function declaredCents(line: DeclaredLine, budgetLine: BudgetLineFacts): number | null {
  switch (line.kind) {
    case 'actual':
      if (line.amountExclCents === null || line.amountInclCents === null) return null
      return line.vatEligible ? line.amountInclCents : line.amountExclCents
    case 'staff':
      if (line.hoursHundredths === null || line.hourlyRateCents === null) return null
      return Math.floor((line.hoursHundredths * line.hourlyRateCents) / 100)
    case 'unit':
      if (line.units === null || budgetLine.costModel !== 'unit_cost' || budgetLine.unitCostCents === null) return null
      return line.units * budgetLine.unitCostCents
    case 'lump_sum':
      if (budgetLine.costModel !== 'lump_sum' || budgetLine.amountCents === null) return null
      return budgetLine.amountCents
  }
}

/** A time the claim was returned for information. */
export interface Suspension {
  stoppedOn: string
  resumedOn: string | null
}

/** Where the 80-day clock of a claim stands on a day. */
export interface ClaimClock {
  /** Days the clock has run: from submission to today (or to the end), less the days it was stopped. */
  runDays: number
  stoppedDays: number
  /** Days left before the 80th; negative when overdue. */
  daysLeft: number
  /** The day payment is due if the clock runs on from today without stopping. */
  dueOn: string
  /** True while the claim is returned for information. */
  stopped: boolean
  overdue: boolean
}

/**
 * The 80-day clock on `today`: it runs from the submission, stops on the day a claim is returned
 * for information and runs again from the day it comes back; `endedOn` (paid, withdrawn) stops it
 * for good. Days are calendar days.
 */
export function claimClock(submittedOn: string, suspensions: readonly Suspension[], today: string, endedOn: string | null = null): ClaimClock {
  const until = endedOn !== null && endedOn < today ? endedOn : today
  const total = Math.max(0, daysBetween(submittedOn, until))
  let stoppedDays = 0
  let stopped = false
  for (const s of suspensions) {
    const from = s.stoppedOn < submittedOn ? submittedOn : s.stoppedOn
    if (from > until) continue
    const to = s.resumedOn === null || s.resumedOn > until ? until : s.resumedOn
    if (s.resumedOn === null || s.resumedOn > until) stopped = true
    stoppedDays += Math.max(0, daysBetween(from, to))
  }
  const runDays = Math.max(0, total - stoppedDays)
  const daysLeft = PAYMENT_DEADLINE_DAYS - runDays
  return { runDays, stoppedDays, daysLeft, dueOn: addDays(until, daysLeft), stopped: stopped && endedOn === null, overdue: daysLeft < 0 }
}

/** A declared line as the verification sees it. */
export interface VerifiedLine {
  category: BudgetCategory
  /** Bought through public procurement: outside the 55(1) base, as in the budget. */
  publicProcurement: boolean
  declaredCents: number
  inSample: boolean
  outcome: LineOutcome | null
  acceptedCents: number | null
  errorType: ErrorType | null
}

/** What the verification of a claim needs besides its lines. */
export interface ClaimResultInput {
  lines: readonly VerifiedLine[]
  /** The project's budget lines of an earlier version that are flat rates (flat_rate_7_direct...). */
  flatRateLines: readonly BudgetLineInput[]
  costOptions: CostOptions
  euRateBp: number
  /** How the lines to check were chosen: null when no sample was drawn (every line is checked). */
  samplingMethod: SamplingMethod | null
  sampleThresholdCents: number | null
  applyExtrapolation: boolean
  /** The project's EU contribution (its budget's EU share). */
  euContributionCents: number
  /** The EU share of the project's earlier approved claims. */
  earlierEuShareCents: number
  /** Everything paid to the project so far (advances and earlier claims), this claim's payment excluded. */
  paidCents: number
}

/** The extrapolation of the error found in the random part of a sample to the lines not checked. */
export interface Extrapolation {
  /** Declared and found in error in the randomly drawn lines (lines above the threshold are checked in full, not extrapolated). */
  randomDeclaredCents: number
  randomErrorCents: number
  /** The error rate found, in basis points (rounded down), for display; the correction uses the exact fraction. */
  errorRateBp: number
  uncheckedDeclaredCents: number
  /** The error projected on the lines not checked. */
  projectedCents: number
  applied: boolean
}

/** The result of a claim's verification, every amount in cents. */
export interface ClaimResult {
  declaredCents: number
  /** Declared on lines checked, and accepted of them. */
  checkedDeclaredCents: number
  checkedAcceptedCents: number
  /** Declared on lines in the sample not yet checked: the verification is not complete while it is above 0. */
  pendingCents: number
  /** Declared on lines not in the sample, taken as declared (less the extrapolated correction when applied). */
  uncheckedCents: number
  ineligibleByType: Record<ErrorType, number>
  ineligibleCents: number
  extrapolation: Extrapolation | null
  /** The flat correction deducted (the projected error, when the officer applies it). */
  correctionCents: number
  /** The direct costs accepted: lines checked as accepted, lines not checked, less the correction. */
  acceptedDirectCents: number
  flatRates: FlatRateAmount[]
  flatRateCents: number
  eligibleCents: number
  euRateBp: number
  euShareCents: number
  /** Paid before beyond the EU share of earlier claims (advances not yet cleared), cleared by this claim. */
  advanceClearedCents: number
  /** The EU contribution less everything paid: no claim is paid above it. */
  remainingBalanceCents: number
  payableCents: number
  /** True when the amount payable was cut to the remaining balance. */
  cappedByBalance: boolean
}

/** Whether a line is checked in full whatever the sample: at or above the sampling threshold. */
export function aboveThreshold(declared: number, thresholdCents: number | null): boolean {
  return thresholdCents !== null && declared >= thresholdCents
}

/**
 * The result of a verification. Lines checked count at their accepted amount, lines outside the
 * sample at their declared amount; with a threshold-and-random sample, the error rate found in
 * the random part is projected on the lines not checked and, when the officer applies it,
 * deducted from each of them (so the flat rates computed on them follow). Flat rates are the
 * budget's own rule on the accepted base; the EU share is at the project's rate; whatever was paid
 * beyond the EU share of earlier claims (an advance) is cleared first; the amount payable never
 * exceeds what is left of the EU contribution.
 */
export function claimResult(input: ClaimResultInput): ClaimResult {
  const ineligibleByType = Object.fromEntries(ERROR_TYPES.map((t) => [t, 0])) as Record<ErrorType, number>
  const sampled = input.samplingMethod !== null
  const isChecked = (l: VerifiedLine) => !sampled || input.samplingMethod === 'all' || l.inSample
  let declared = 0
  let checkedDeclared = 0
  let checkedAccepted = 0
  let pending = 0
  let unchecked = 0
  let randomDeclared = 0
  let randomError = 0
  for (const l of input.lines) {
    declared += l.declaredCents
    if (!isChecked(l)) {
      unchecked += l.declaredCents
      continue
    }
    if (l.outcome === null || l.acceptedCents === null) {
      pending += l.declaredCents
      continue
    }
    checkedDeclared += l.declaredCents
    checkedAccepted += l.acceptedCents
    const error = l.declaredCents - l.acceptedCents
    if (error > 0) ineligibleByType[l.errorType ?? 'other'] += error
    if (input.samplingMethod === 'threshold_random' && !aboveThreshold(l.declaredCents, input.sampleThresholdCents)) {
      randomDeclared += l.declaredCents
      randomError += error
    }
  }
  let extrapolation: Extrapolation | null = null
  // The correction of each line not checked, in the exact fraction of the error found (rounded down per line).
  const correctionOf = (l: VerifiedLine): number =>
    extrapolation?.applied && randomDeclared > 0 ? Number((BigInt(l.declaredCents) * BigInt(randomError)) / BigInt(randomDeclared)) : 0
  if (input.samplingMethod === 'threshold_random') {
    const projected = randomDeclared > 0 ? Number((BigInt(unchecked) * BigInt(randomError)) / BigInt(randomDeclared)) : 0
    extrapolation = {
      randomDeclaredCents: randomDeclared,
      randomErrorCents: randomError,
      errorRateBp: randomDeclared > 0 ? Math.floor((randomError * 10000) / randomDeclared) : 0,
      uncheckedDeclaredCents: unchecked,
      projectedCents: projected,
      applied: input.applyExtrapolation && projected > 0,
    }
  }
  let correction = 0
  const base: BudgetLineInput[] = []
  for (const l of input.lines) {
    let amount: number
    if (!isChecked(l)) {
      const c = correctionOf(l)
      correction += c
      amount = l.declaredCents - c
    } else amount = l.outcome === null || l.acceptedCents === null ? 0 : l.acceptedCents
    base.push({
      category: l.category,
      costModel: 'actual_costs',
      amountCents: amount,
      units: null,
      unitCostCents: null,
      publicProcurement: l.publicProcurement,
    })
  }
  const budget = computeBudget([...base, ...input.flatRateLines], input.euRateBp, input.costOptions)
  const flatRateCents = budget.flatRates.reduce((sum, f) => sum + f.cents, 0)
  const euShare = applyRate(budget.eligibleCents, input.euRateBp)
  const notYetCleared = Math.max(0, input.paidCents - input.earlierEuShareCents)
  const advanceCleared = Math.min(euShare, notYetCleared)
  const remainingBalance = Math.max(0, input.euContributionCents - input.paidCents)
  const due = euShare - advanceCleared
  const payable = Math.min(due, remainingBalance)
  return {
    declaredCents: declared,
    checkedDeclaredCents: checkedDeclared,
    checkedAcceptedCents: checkedAccepted,
    pendingCents: pending,
    uncheckedCents: unchecked,
    ineligibleByType,
    ineligibleCents: Object.values(ineligibleByType).reduce((a, b) => a + b, 0),
    extrapolation,
    correctionCents: correction,
    acceptedDirectCents: budget.directCents - budget.flatRates.filter((f) => f.kind === 'art55').reduce((sum, f) => sum + f.cents, 0),
    flatRates: budget.flatRates,
    flatRateCents,
    eligibleCents: budget.eligibleCents,
    euRateBp: input.euRateBp,
    euShareCents: euShare,
    advanceClearedCents: advanceCleared,
    remainingBalanceCents: remainingBalance,
    payableCents: payable,
    cappedByBalance: payable < due,
  }
}
