import { daysBetween } from './dates'

/**
 * The risk score that ranks projects to visit on the spot (CPR Art. 74(2): on-the-spot
 * verifications may be chosen by risk). A score from 0 to 100, the sum of four factors, each
 * shown with its points so that the officer sees why a project comes first:
 *
 * - amount (up to 30): the EU contribution at stake, on a log scale: 0 at €10 000 or less,
 *   30 at €5 000 000 or more (each tenfold increase adds about 11 points).
 * - errorRate (up to 30): the project's own error rate, what was found ineligible over what was
 *   checked on its verified (approved) claims; 0 % gives 0, 10 % or more gives 30, linear
 *   between. No verified claim yet gives 0 (nothing spent has been checked, so nothing found).
 * - partner (up to 20): the beneficiary's history on its other projects: their error rate
 *   (0 to 10 points, as above), 5 points per high-severity finding of a done visit, and 5 points
 *   per recommendation still open after its due date on any of its projects (this one included);
 *   capped at 20.
 * - lastVisit (up to 20): time since the last done visit, 20 points at three years or more and
 *   for a project never visited, linear between.
 *
 * Points are whole numbers (each factor rounded down), so the score is exactly their sum. Ties
 * go to the larger EU contribution.
 */

export const RISK_WEIGHTS = { amount: 30, errorRate: 30, partner: 20, lastVisit: 20 } as const
export type RiskFactorKey = keyof typeof RISK_WEIGHTS

/** Below this EU contribution a project scores no amount points; at the top one it scores all. */
export const RISK_AMOUNT_FLOOR_CENTS = 1_000_000
export const RISK_AMOUNT_TOP_CENTS = 500_000_000
/** The error rate (basis points) that scores the full points: 10 %. */
export const RISK_ERROR_FULL_BP = 1000
/** Points the partner factor gives per high-severity finding and per overdue open recommendation. */
export const RISK_POINTS_PER_HIGH_FINDING = 5
export const RISK_POINTS_PER_OVERDUE_RECOMMENDATION = 5
/** The partner's error rate on its other projects counts up to this many points. */
export const RISK_PARTNER_ERROR_POINTS = 10
/** Days since the last visit that score the full points (three years). */
export const RISK_VISIT_FULL_DAYS = 1095

/** What the score of one project needs, as the file gives it. */
export interface RiskInput {
  euCents: number
  /** Declared on checked lines of the project's verified claims, and found ineligible of it. */
  checkedDeclaredCents: number
  ineligibleCents: number
  partner: {
    /** The same, on the beneficiary's other projects. */
    checkedDeclaredCents: number
    ineligibleCents: number
    /** High-severity findings of done visits on the beneficiary's other projects. */
    highFindings: number
    /** Recommendations still open after their due date, on any project of the beneficiary. */
    overdueRecommendations: number
  }
  /** The day of the last done visit, or null when never visited. */
  lastVisitOn: string | null
}

export interface RiskFactor {
  key: RiskFactorKey
  points: number
  max: number
}

export interface RiskScore {
  score: number
  factors: RiskFactor[]
  /** The project's error rate in basis points; null without any checked line. */
  errorRateBp: number | null
  partnerErrorRateBp: number | null
  /** Days since the last done visit; null when never visited. */
  daysSinceVisit: number | null
}

/** An error rate in basis points (rounded down); null when nothing was checked. */
export function errorRateBp(ineligibleCents: number, checkedDeclaredCents: number): number | null {
  return checkedDeclaredCents > 0 ? Math.floor((ineligibleCents * 10000) / checkedDeclaredCents) : null
}

const clamp01 = (x: number) => Math.min(1, Math.max(0, x))

/** The amount factor's points for an EU contribution (see the rule above). */
export function amountPoints(euCents: number): number {
  const share =
    euCents <= RISK_AMOUNT_FLOOR_CENTS
      ? 0
      : clamp01(Math.log10(euCents / RISK_AMOUNT_FLOOR_CENTS) / Math.log10(RISK_AMOUNT_TOP_CENTS / RISK_AMOUNT_FLOOR_CENTS))
  return Math.floor(RISK_WEIGHTS.amount * share)
}

/** The risk score of a project on `today` (see the rule above). */
export function visitRisk(input: RiskInput, today: string): RiskScore {
  const amount = amountPoints(input.euCents)

  const rate = errorRateBp(input.ineligibleCents, input.checkedDeclaredCents)
  const errorRate = rate === null ? 0 : Math.floor(RISK_WEIGHTS.errorRate * clamp01(rate / RISK_ERROR_FULL_BP))

  const partnerRate = errorRateBp(input.partner.ineligibleCents, input.partner.checkedDeclaredCents)
  const partnerPoints =
    (partnerRate === null ? 0 : Math.floor(RISK_PARTNER_ERROR_POINTS * clamp01(partnerRate / RISK_ERROR_FULL_BP))) +
    RISK_POINTS_PER_HIGH_FINDING * input.partner.highFindings +
    RISK_POINTS_PER_OVERDUE_RECOMMENDATION * input.partner.overdueRecommendations
  const partner = Math.min(RISK_WEIGHTS.partner, partnerPoints)

  const days = input.lastVisitOn === null ? null : Math.max(0, daysBetween(input.lastVisitOn, today))
  const lastVisit = days === null ? RISK_WEIGHTS.lastVisit : Math.floor(RISK_WEIGHTS.lastVisit * clamp01(days / RISK_VISIT_FULL_DAYS))

  const factors: RiskFactor[] = [
    { key: 'amount', points: amount, max: RISK_WEIGHTS.amount },
    { key: 'errorRate', points: errorRate, max: RISK_WEIGHTS.errorRate },
    { key: 'partner', points: partner, max: RISK_WEIGHTS.partner },
    { key: 'lastVisit', points: lastVisit, max: RISK_WEIGHTS.lastVisit },
  ]
  return {
    score: factors.reduce((sum, f) => sum + f.points, 0),
    factors,
    errorRateBp: rate,
    partnerErrorRateBp: partnerRate,
    daysSinceVisit: days,
  }
}
