import { formatDay } from '../database/domain/dates'
import { formatEnterpriseNumber, formatIban, formatVat } from '../database/domain/identifiers'
import { LOCALES } from '../database/domain/languages'
import { formatEuros } from '../database/domain/money'
import type { DocLanguage } from './types'

/**
 * Values as a document in one language writes them. Money and dates go through the project's one
 * formatter each (database/domain/money.ts, database/domain/dates.ts); this module only picks the locale and
 * writes the few other kinds of value a document shows (numbers, percentages, identifiers).
 */

/** Identifiers as the window shows them (enterprise number, IBAN, VAT): the project's own helpers. */
export { formatEnterpriseNumber, formatIban, formatVat }

/** Integer cents as euros in the document's language (fr-BE `120 000,00 €`). */
export function money(cents: number, lang: DocLanguage): string {
  return formatEuros(cents, LOCALES[lang])
}

/** An ISO date in the document's language, short (14/01/2025) or long (14 janvier 2025). */
export function day(iso: string | null, lang: DocLanguage, style: 'short' | 'long' = 'short'): string {
  return formatDay(iso, LOCALES[lang], style)
}

const numberFormats = new Map<string, Intl.NumberFormat>()

function numberFormat(lang: DocLanguage, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${lang}:${JSON.stringify(options)}`
  let format = numberFormats.get(key)
  if (!format) {
    format = new Intl.NumberFormat(LOCALES[lang], options)
    numberFormats.set(key, format)
  }
  return format
}

// fr-BE groups digits and spaces the percent sign with U+202F, which Roboto lacks.
const noNarrowSpace = (text: string) => text.replace(/\u202f/g, '\u00a0')

/** A count or measured value (`12 500`, `12.500`, `12,500`), up to one decimal. */
export function formatNumber(value: number, lang: DocLanguage): string {
  return noNarrowSpace(numberFormat(lang, { maximumFractionDigits: 1 }).format(value))
}

/** A percentage given as 0-100 (`75 %`, `75%`), up to one decimal. */
export function formatPercent(value: number, lang: DocLanguage): string {
  return noNarrowSpace(numberFormat(lang, { style: 'percent', maximumFractionDigits: 1 }).format(value / 100))
}

/** A rate in basis points as a percentage (7500 → `75 %`). */
export function formatRate(bp: number, lang: DocLanguage): string {
  return formatPercent(bp / 100, lang)
}

const regionNames = new Map<DocLanguage, Intl.DisplayNames>()

/** A country's name in the document's language, from its ISO 3166 alpha-2 code. */
export function countryName(code: string, lang: DocLanguage): string {
  let names = regionNames.get(lang)
  if (!names) {
    names = new Intl.DisplayNames([LOCALES[lang]], { type: 'region' })
    regionNames.set(lang, names)
  }
  try {
    return names.of(code.toUpperCase()) ?? code
  } catch {
    return code
  }
}

/**
 * A text with `{name}` parameters filled from `values`; a parameter without a value stays
 * visible as written, so a mistake shows in the document instead of vanishing.
 */
export function fill(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(values, name) ? String(values[name]) : whole))
}

/** A label and its colon as the language writes them (French puts a no-break space before it). */
export function withColon(label: string, lang: DocLanguage): string {
  return lang === 'fr' ? `${label}\u00a0: ` : `${label}: `
}

/** The separator between the items of an inline list (French spaces the semicolon). */
export function listSeparator(lang: DocLanguage): string {
  return lang === 'fr' ? '\u00a0; ' : '; '
}

/** Words longer than this get break opportunities (no word of a real document is this long). */
export const LONG_WORD = 40
/** How often a break opportunity is put in a long word: a piece always fits a narrow table cell. */
export const WORD_PIECE = 16

/** Where pdfmake may break a line: a space, a tab, a new line, or a break already there (not a no-break space). */
const isBreak = (code: number) => code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d || code === 0x200b

/** The second half of a surrogate pair, or a combining accent: never separated from the character before. */
const clingsToPrevious = (code: number) => (code >= 0xdc00 && code <= 0xdfff) || (code >= 0x0300 && code <= 0x036f)

/**
 * Puts a zero-width space every WORD_PIECE characters in words longer than LONG_WORD characters
 * (a pasted URL, a run of one character from a damaged file). pdfmake breaks such a word only by
 * measuring ever shorter prefixes of it, which grows with the square of its length (a 20 000
 * character word took 14 s); with break opportunities layout stays linear. Invisible on the page.
 * One pass over the text, no regular expression over a whole word (a 30 MB word overflows one).
 */
export function breakLongWords(text: string): string {
  if (text.length <= LONG_WORD) return text
  let out = ''
  let copied = 0 // text before this index is in `out`
  let start = 0 // where the current word starts
  for (let i = 0; i <= text.length; i++) {
    if (i < text.length && !isBreak(text.charCodeAt(i))) continue
    if (i - start > LONG_WORD) {
      out += text.slice(copied, start)
      for (let at = start; at < i;) {
        let end = Math.min(at + WORD_PIECE, i)
        while (end < i && clingsToPrevious(text.charCodeAt(end))) end++
        out += end < i ? `${text.slice(at, end)}\u200b` : text.slice(at, i)
        at = end
      }
      copied = i
    }
    start = i + 1
  }
  return copied === 0 ? text : out + text.slice(copied)
}
