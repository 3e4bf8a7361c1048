import type { RagReason } from '../database/domain/rag'
import en from '../renderer/src/i18n/en'
import fr from '../renderer/src/i18n/fr'
import nl from '../renderer/src/i18n/nl'
import { fill } from './format'
import type { DocLanguage } from './types'

/**
 * The closed vocabularies' labels (organisation kinds, strands, budget categories, statuses, the
 * traffic light...) come from the window's own message catalogues, so a document never names a
 * thing differently from the screen. Document-only wording is in wording.ts.
 */

const CATALOGUES = { fr, nl, en } as const

/** The labels of every closed vocabulary in a document language. */
export function vocabulary(lang: DocLanguage) {
  const messages = CATALOGUES[lang]
  return { kinds: messages.kinds, strands: messages.strands, ...messages.vocab }
}

export type Vocabulary = ReturnType<typeof vocabulary>

/** The money labels the window and the documents share (flat rates, bases, rates). */
export function moneyLabels(lang: DocLanguage) {
  return CATALOGUES[lang].money
}

/** An indicator's unit in the document's language when it is one of the catalogue's (persons, places...), else as written. */
export function unitLabel(unit: string, lang: DocLanguage): string {
  const units: Record<string, string> = vocabulary(lang).units
  return Object.prototype.hasOwnProperty.call(units, unit) ? units[unit] : unit
}

/** A traffic-light reason as a sentence, its parameters (counts, days, percentages) filled in. */
export function ragReasonText(reason: RagReason, lang: DocLanguage): string {
  return fill(vocabulary(lang).ragReasons[reason.code], reason.params)
}
