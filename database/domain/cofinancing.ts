import type { RateGround } from './vocabulary'

/**
 * The EU co-financing rate and its legal ground (Regulation (EU) 2021/1147, Article 15). A project
 * without a ground (stored as null, shown as « none ») is co-financed at 75 % at most; a specific
 * action (15(2)) or an Annex IV action (15(3)) at 90 %; operating support (15(4)), emergency
 * assistance (15(5)) and technical assistance (15(6)) at 100 %. Rates are basis points.
 */

/** A project's ground, `none` for the general 75 % ceiling. */
export type CofinancingGround = RateGround | 'none'

/** The grounds an officer chooses from, the general case first. */
export const COFINANCING_GROUNDS = [
  'none',
  'specific_action',
  'annex_iv',
  'operating_support',
  'emergency_assistance',
  'technical_assistance',
] as const satisfies readonly CofinancingGround[]

/** The highest rate each ground allows, in basis points. */
export const RATE_CEILING_BP: Record<CofinancingGround, number> = {
  none: 7500,
  specific_action: 9000,
  annex_iv: 9000,
  operating_support: 10000,
  emergency_assistance: 10000,
  technical_assistance: 10000,
}

/** The paragraph of Article 15 of Regulation (EU) 2021/1147 that sets each ceiling. */
export const RATE_ARTICLE: Record<CofinancingGround, string> = {
  none: '15(1)',
  specific_action: '15(2)',
  annex_iv: '15(3)',
  operating_support: '15(4)',
  emergency_assistance: '15(5)',
  technical_assistance: '15(6)',
}

/** The ground as stored (null) or as chosen (`none`), always as a ground. */
export function groundOf(stored: RateGround | 'none' | null | undefined): CofinancingGround {
  return stored ?? 'none'
}

/** What is wrong with a rate for a ground: above its ceiling (by how much), or nothing. */
export function rateAboveCeiling(
  rateBp: number,
  ground: RateGround | 'none' | null | undefined,
): { ceilingBp: number; article: string; ground: CofinancingGround } | null {
  const g = groundOf(ground)
  return rateBp > RATE_CEILING_BP[g] ? { ceilingBp: RATE_CEILING_BP[g], article: RATE_ARTICLE[g], ground: g } : null
}

/**
 * A rate in basis points from a percentage as an officer types it: « 82,5 », « 82.5 », « 90 %ʼ,
 * up to two decimals. Null when it is not a percentage (a value above 100 is returned as it is,
 * for the form to refuse it with its message rather than clamp it).
 */
export function parsePercentToBp(text: string): number | null {
  const compact = text.replace(/[\s\u00a0\u202f%]/g, '')
  const m = /^(\d{1,5})(?:[.,](\d{1,2}))?$/.exec(compact)
  if (!m) return null
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'))
}

const percentFormats = new Map<string, Intl.NumberFormat>()

/** A rate in basis points as a percentage for a locale (fr-BE « 82,5 % », en-GB « 82.5% »). */
export function formatRateBp(bp: number, locale: string): string {
  let format = percentFormats.get(locale)
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 })
    percentFormats.set(locale, format)
  }
  return format.format(bp / 10000).replace(/\u202f/g, '\u00a0')
}

/** The number part of a rate for an input field, in the locale's notation (« 82,5 » in French). */
export function formatPercentNumber(bp: number, locale: string): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 2, useGrouping: false }).format(bp / 100)
}
