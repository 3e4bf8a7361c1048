import type { BudgetCategory, CostModel } from './vocabulary'

/**
 * The one money rule of AMIF Desk.
 * - Amounts are integer euro cents; rates are basis points (7500 = 75 %).
 * - A line's amount: actual costs and lump sums are their amount; a unit cost is units × unit cost.
 * - Flat rates (category `indirect`): 7 % of direct costs (every line that is not a flat rate), or
 *   15 % of direct staff costs (staff lines that are not a flat rate) — Regulation (EU) 2021/1060, art. 54.
 * - Eligible cost = direct + indirect. EU contribution = eligible × rate. Own (national) contribution =
 *   eligible − EU contribution.
 * - Every computed amount is rounded DOWN to the cent, in integer arithmetic (never floating point):
 *   the EU never pays a fraction of a cent more than its rate, and the remainder falls to the own
 *   contribution, so EU + own = eligible exactly.
 */

/** Whole cents of `cents × bp / 10000`, rounded down (exact for any amount: BigInt). */
export function applyRate(cents: number, bp: number): number {
  return Number((BigInt(cents) * BigInt(bp)) / 10000n)
}

/** What a budget line holds (as stored). */
export interface BudgetLineInput {
  category: BudgetCategory
  costModel: CostModel
  amountCents: number | null
  units: number | null
  unitCostCents: number | null
}

export const FLAT_RATE_BP: Record<'flat_rate_7_direct' | 'flat_rate_15_staff', number> = {
  flat_rate_7_direct: 700,
  flat_rate_15_staff: 1500,
}

/** True for the cost models computed from other lines. */
export function isFlatRate(model: CostModel): model is 'flat_rate_7_direct' | 'flat_rate_15_staff' {
  return model === 'flat_rate_7_direct' || model === 'flat_rate_15_staff'
}

/** A line's own amount (not a flat rate): the amount, or units × unit cost. */
export function directLineCents(line: BudgetLineInput): number {
  if (line.costModel === 'unit_cost') return (line.units ?? 0) * (line.unitCostCents ?? 0)
  return line.amountCents ?? 0
}

export interface BudgetTotals {
  /** Each line's computed amount, in the order given. */
  lineCents: number[]
  byCategory: { category: BudgetCategory; cents: number }[]
  directCents: number
  indirectCents: number
  eligibleCents: number
  euRateBp: number
  euCents: number
  ownCents: number
}

/** The budget of a project: every line computed, totals by category, co-financing split. */
export function computeBudget(lines: readonly BudgetLineInput[], euRateBp: number): BudgetTotals {
  const direct = lines.filter((l) => !isFlatRate(l.costModel))
  const directCents = direct.reduce((sum, l) => sum + directLineCents(l), 0)
  const staffCents = direct.filter((l) => l.category === 'staff').reduce((sum, l) => sum + directLineCents(l), 0)
  const lineCents = lines.map((l) => {
    if (l.costModel === 'flat_rate_7_direct') return applyRate(directCents, FLAT_RATE_BP.flat_rate_7_direct)
    if (l.costModel === 'flat_rate_15_staff') return applyRate(staffCents, FLAT_RATE_BP.flat_rate_15_staff)
    return directLineCents(l)
  })
  const indirectCents = lineCents.reduce((sum, c, i) => (isFlatRate(lines[i].costModel) ? sum + c : sum), 0)
  const categories = new Map<BudgetCategory, number>()
  lines.forEach((l, i) => categories.set(l.category, (categories.get(l.category) ?? 0) + lineCents[i]))
  const eligibleCents = directCents + indirectCents
  const { euCents, ownCents } = coFinancing(eligibleCents, euRateBp)
  return {
    lineCents,
    byCategory: [...categories].map(([category, cents]) => ({ category, cents })),
    directCents,
    indirectCents,
    eligibleCents,
    euRateBp,
    euCents,
    ownCents,
  }
}

/** EU and own contribution of an eligible cost at a rate (EU rounded down, own takes the rest). */
export function coFinancing(eligibleCents: number, euRateBp: number): { euCents: number; ownCents: number } {
  const euCents = applyRate(eligibleCents, euRateBp)
  return { euCents, ownCents: eligibleCents - euCents }
}

/** A payment's planned amount: its amount, or its percentage of the EU contribution (rounded down). */
export function plannedPaymentCents(payment: { plannedCents: number | null; plannedRateBp: number | null }, euCents: number): number {
  return payment.plannedCents ?? applyRate(euCents, payment.plannedRateBp ?? 0)
}

/**
 * Integer cents from an amount as an officer types it in any of the three languages: « 1 234,56 »,
 * « 1.234,56 », « 1,234.56 », « 1234.5 », « 1234 ». The last `,` or `.` followed by one or two
 * digits is the decimal separator; other dots, commas and spaces group thousands. Null if it is
 * not an amount.
 */
export function parseAmountToCents(text: string): number | null {
  const compact = text.replace(/[\s\u00a0\u202f€]/g, '')
  if (!/^\d(?:[\d.,]*\d)?$/.test(compact)) return null
  const decimal = /[.,](\d{1,2})$/.exec(compact)
  const whole = (decimal ? compact.slice(0, decimal.index) : compact).replace(/[.,]/g, '')
  const fraction = decimal ? decimal[1].padEnd(2, '0') : '00'
  if (!/^\d+$/.test(whole)) return null
  const cents = Number(whole) * 100 + Number(fraction)
  return Number.isSafeInteger(cents) ? cents : null
}

const euroFormats = new Map<string, Intl.NumberFormat>()

/**
 * The one money formatter: integer cents as euros for a locale (fr-BE `120 000,00 €`, nl-BE
 * `€ 120.000,00`, en-GB `€120,000.00`), for the window and the documents alike. The narrow
 * no-break space that fr-BE groups with becomes a no-break space: the documents' font lacks it.
 */
export function formatEuros(cents: number, locale: string): string {
  let format = euroFormats.get(locale)
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR' })
    euroFormats.set(locale, format)
  }
  return format.format(cents / 100).replace(/\u202f/g, '\u00a0')
}
