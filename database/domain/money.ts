import type { BudgetCategory, CostModel, FlatRateKind, IndirectFlatRate } from './vocabulary'

/**
 * The one money rule of AMIF Desk.
 * - Amounts are integer euro cents; rates are basis points (7500 = 75 %).
 * - A line's amount: actual costs and lump sums are their amount; a unit cost is units × unit cost.
 * - Flat rates (Regulation (EU) 2021/1060, Articles 54-56) are chosen per project (CostOptions),
 *   each at a rate up to its ceiling, on a base computed from the lines: direct staff costs as a
 *   rate of the other direct costs not subject to public procurement (55(1)); indirect costs as a
 *   rate of the direct costs (54(a), 54(c)) or of the direct staff costs (54(b)); the remaining
 *   costs as a rate of the direct staff costs (56(1)). Direct costs include the 55(1) staff flat
 *   rate. Lines of files made before project options existed (category `indirect`, cost model
 *   flat_rate_7_direct or flat_rate_15_staff) still count as 54(a) at 7 % or 54(b) at 15 %.
 * - Eligible cost = direct + indirect + remaining. EU contribution = eligible × rate. Own (national) contribution =
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
  /** Bought through public procurement: outside the base of the 55(1) staff flat rate. */
  publicProcurement?: boolean
}

/** The flat rates a project has chosen (null: not used), rates in basis points. */
export interface CostOptions {
  indirect: IndirectFlatRate | null
  indirectRateBp: number | null
  staffRateBp: number | null
  remainingRateBp: number | null
}

export const NO_COST_OPTIONS: CostOptions = { indirect: null, indirectRateBp: null, staffRateBp: null, remainingRateBp: null }

/** The ceiling of each flat rate (Articles 54-56 CPR), in basis points. */
export const FLAT_RATE_CEILING_BP: Record<FlatRateKind, number> = { art54a: 700, art54b: 1500, art54c: 2500, art55: 2000, art56: 4000 }
/** What each flat rate is computed on. */
export const FLAT_RATE_BASE: Record<FlatRateKind, 'direct' | 'staff' | 'other_direct_not_procured'> = {
  art54a: 'direct',
  art54b: 'staff',
  art54c: 'direct',
  art55: 'other_direct_not_procured',
  art56: 'staff',
}

/** One flat rate of a budget: its rate, the base it applies to and the amount (rounded down). */
export interface FlatRateAmount {
  kind: FlatRateKind
  rateBp: number
  baseCents: number
  cents: number
  /** True for a budget line of an earlier version (flat_rate_7_direct, flat_rate_15_staff). */
  fromLine: boolean
}

/** The hourly staff rate of Article 55(2): the latest annual gross employment costs / 1 720 hours, in cents (rounded down). */
export function hourlyStaffRateCents(annualGrossCents: number, hours = 1720): number {
  if (!Number.isFinite(annualGrossCents) || annualGrossCents < 0 || hours <= 0) return 0
  return Math.floor(annualGrossCents / hours)
}

/** The operation size under which Article 53(2) requires simplified costs: 200 000 €. */
export const SCO_REQUIRED_UP_TO_CENTS = 20_000_000

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
  /** Direct costs: the lines' own amounts and the 55(1) staff flat rate. */
  directCents: number
  /** Direct staff costs: staff lines and the 55(1) staff flat rate (the base of 54(b) and 56(1)). */
  staffCents: number
  /** Indirect costs: the Article 54 flat rate. */
  indirectCents: number
  /** Remaining costs covered by the 56(1) flat rate. */
  remainingCents: number
  /** Every flat rate with its base, in FLAT_RATE_KINDS order (earlier lines where they sit). */
  flatRates: FlatRateAmount[]
  eligibleCents: number
  euRateBp: number
  euCents: number
  ownCents: number
}

/** The budget of a project: every line computed, its flat rates, totals by category, co-financing split. */
export function computeBudget(lines: readonly BudgetLineInput[], euRateBp: number, options: CostOptions = NO_COST_OPTIONS): BudgetTotals {
  const direct = lines.filter((l) => !isFlatRate(l.costModel))
  const actualCents = direct.reduce((sum, l) => sum + directLineCents(l), 0)
  const actualStaffCents = direct.filter((l) => l.category === 'staff').reduce((sum, l) => sum + directLineCents(l), 0)
  const otherNotProcuredCents = direct.filter((l) => l.category !== 'staff' && !l.publicProcurement).reduce((sum, l) => sum + directLineCents(l), 0)
  const flatRates: FlatRateAmount[] = []
  const add = (kind: FlatRateKind, rateBp: number, baseCents: number, fromLine = false): number => {
    const cents = applyRate(baseCents, rateBp)
    flatRates.push({ kind, rateBp, baseCents, cents, fromLine })
    return cents
  }
  const staffFlatCents = options.staffRateBp !== null ? add('art55', options.staffRateBp, otherNotProcuredCents) : 0
  const directCents = actualCents + staffFlatCents
  const staffCents = actualStaffCents + staffFlatCents
  const lineCents = lines.map((l) => {
    if (l.costModel === 'flat_rate_7_direct') return add('art54a', FLAT_RATE_BP.flat_rate_7_direct, directCents, true)
    if (l.costModel === 'flat_rate_15_staff') return add('art54b', FLAT_RATE_BP.flat_rate_15_staff, staffCents, true)
    return directLineCents(l)
  })
  let optionIndirectCents = 0
  if (options.indirect !== null && options.indirectRateBp !== null) {
    optionIndirectCents = add(options.indirect, options.indirectRateBp, FLAT_RATE_BASE[options.indirect] === 'staff' ? staffCents : directCents)
  }
  const remainingCents = options.remainingRateBp !== null ? add('art56', options.remainingRateBp, staffCents) : 0
  const indirectCents = lineCents.reduce((sum, c, i) => (isFlatRate(lines[i].costModel) ? sum + c : sum), 0) + optionIndirectCents
  const categories = new Map<BudgetCategory, number>()
  lines.forEach((l, i) => categories.set(l.category, (categories.get(l.category) ?? 0) + lineCents[i]))
  // Flat rates of the project count in the category they pay for: staff, indirect, the rest as other.
  if (staffFlatCents > 0) categories.set('staff', (categories.get('staff') ?? 0) + staffFlatCents)
  if (optionIndirectCents > 0) categories.set('indirect', (categories.get('indirect') ?? 0) + optionIndirectCents)
  if (remainingCents > 0) categories.set('other', (categories.get('other') ?? 0) + remainingCents)
  const eligibleCents = directCents + indirectCents + remainingCents
  const { euCents, ownCents } = coFinancing(eligibleCents, euRateBp)
  const order = (k: FlatRateKind) => ['art55', 'art54a', 'art54b', 'art54c', 'art56'].indexOf(k)
  return {
    lineCents,
    byCategory: [...categories].map(([category, cents]) => ({ category, cents })),
    directCents,
    staffCents,
    indirectCents,
    remainingCents,
    flatRates: flatRates.sort((a, b) => order(a.kind) - order(b.kind)),
    eligibleCents,
    euRateBp,
    euCents,
    ownCents,
  }
}

/** True when a budget uses a simplified cost option (a flat rate, a unit cost or a lump sum: Article 53(1)(b)-(d)). */
export function usesSimplifiedCosts(lines: readonly BudgetLineInput[], options: CostOptions): boolean {
  return lines.some((l) => l.costModel !== 'actual_costs') || options.indirect !== null || options.staffRateBp !== null || options.remainingRateBp !== null
}

/**
 * Article 53(2): an operation whose total cost is at most 200 000 € takes the form of simplified
 * costs. True when a budget (with an eligible cost) breaks that rule and no reason is recorded.
 */
export function needsSimplifiedCosts(eligibleCents: number, lines: readonly BudgetLineInput[], options: CostOptions, reason: string | null): boolean {
  return eligibleCents > 0 && eligibleCents <= SCO_REQUIRED_UP_TO_CENTS && !usesSimplifiedCosts(lines, options) && !(reason ?? '').trim()
}

/** How much a sum of payments goes above the EU contribution (0 when within it). */
export function excessOverEu(sumCents: number, euCents: number): number {
  return Math.max(0, sumCents - euCents)
}

/**
 * What a schedule plans in all: the amounts, plus the sum of the percentages applied once to the
 * EU contribution (so that 40 % + 40 % + 20 % is the whole contribution, whatever the rounding).
 */
export function plannedTotalCents(payments: readonly { plannedCents: number | null; plannedRateBp: number | null }[], euCents: number): number {
  const amounts = payments.reduce((sum, p) => sum + (p.plannedCents ?? 0), 0)
  const rates = payments.reduce((sum, p) => sum + (p.plannedCents === null ? (p.plannedRateBp ?? 0) : 0), 0)
  return amounts + applyRate(euCents, rates)
}

/**
 * The state of a payment schedule against the EU contribution: complete when the planned
 * payments add up to it exactly, incomplete below it, above beyond it; with the share planned
 * (basis points, rounded down) and the gap.
 */
export function scheduleState(plannedCents: number, euCents: number): { state: 'complete' | 'incomplete' | 'above'; plannedBp: number; gapCents: number } {
  const plannedBp = euCents > 0 ? Number((BigInt(plannedCents) * 10000n) / BigInt(euCents)) : 0
  if (plannedCents === euCents) return { state: 'complete', plannedBp: 10000, gapCents: 0 }
  return plannedCents < euCents
    ? { state: 'incomplete', plannedBp, gapCents: euCents - plannedCents }
    : { state: 'above', plannedBp, gapCents: plannedCents - euCents }
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
