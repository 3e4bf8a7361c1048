import { formatDay } from '@domain/dates'
import { formatEuros } from '@domain/money'
import { intlLocale } from '../i18n'

/**
 * Formatting for the UI language (fr-BE, nl-BE, en-GB) through Intl. Each function reads the
 * current locale, so templates that call them re-render when the language changes.
 */

const cache = new Map<string, unknown>()
function cached<T>(key: string, make: () => T): T {
  let v = cache.get(key) as T | undefined
  if (v === undefined) {
    v = make()
    cache.set(key, v)
  }
  return v
}

function dateTimeFormat(): Intl.DateTimeFormat {
  const loc = intlLocale.value
  return cached(`datetime:${loc}`, () => new Intl.DateTimeFormat(loc, { dateStyle: 'medium', timeStyle: 'short' }))
}

function longDateTimeFormat(): Intl.DateTimeFormat {
  const loc = intlLocale.value
  return cached(`datetime-long:${loc}`, () => new Intl.DateTimeFormat(loc, { dateStyle: 'long', timeStyle: 'medium' }))
}

/** A calendar date `YYYY-MM-DD` as the officer reads it (14/01/2025); empty for null. */
export function formatDate(iso: string | null | undefined): string {
  return formatDay(iso, intlLocale.value)
}

/** An ISO UTC timestamp in local time (14 janv. 2025, 09:30). */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return ''
  const d = new Date(iso)
  return Number.isNaN(d.getTime()) ? iso : dateTimeFormat().format(d)
}

/** An ISO UTC timestamp with seconds, for details panels. */
export function formatDateTimeLong(iso: string | null | undefined): string {
  if (!iso) return ''
  const d = new Date(iso)
  return Number.isNaN(d.getTime()) ? iso : longDateTimeFormat().format(d)
}

/** A whole number with the locale's grouping (1 234 / 1.234 / 1,234). */
export function formatNumber(n: number): string {
  const loc = intlLocale.value
  return cached(`number:${loc}`, () => new Intl.NumberFormat(loc)).format(n)
}

/** An amount in integer cents as euros (fr-BE: 120 000,00 €). */
export function formatAmount(cents: number): string {
  return formatEuros(cents, intlLocale.value)
}

/** A country's name in the UI language, from its ISO code. */
export function countryName(code: string | null | undefined): string {
  if (!code) return ''
  const loc = intlLocale.value
  try {
    return cached(`region:${loc}`, () => new Intl.DisplayNames(loc, { type: 'region', fallback: 'code' })).of(code) ?? code
  } catch {
    return code
  }
}

/** A language's name in the UI language, from its ISO 639-1 code, with a capital (Français, Arabe). */
export function languageName(code: string | null | undefined): string {
  if (!code) return ''
  const loc = intlLocale.value
  try {
    const name = cached(`language:${loc}`, () => new Intl.DisplayNames(loc, { type: 'language', fallback: 'code' })).of(code) ?? code
    return name.charAt(0).toLocaleUpperCase(loc) + name.slice(1)
  } catch {
    return code
  }
}

/** Compares strings the way the UI language sorts them (accents, case). */
export function compareText(a: string, b: string): number {
  const loc = intlLocale.value
  return cached(`collator:${loc}`, () => new Intl.Collator(loc, { sensitivity: 'base' })).compare(a, b)
}

/** Identifiers as the officer reads them (enterprise number, IBAN, VAT): the project's one way, shared with the documents. */
export { formatEnterpriseNumber, formatIban, formatVat } from '@domain/identifiers'
