import { VOCABULARY_LABELS } from '../database/domain/labels'
import type { RagReason } from '../database/domain/rag'
import { fill } from './format'
import type { DocLanguage } from './types'

/**
 * The closed vocabularies' labels (organisation kinds, strands, budget categories, statuses, the
 * traffic light...) come from the domain, where the window's message catalogues take them too, so
 * a document never names a thing differently from the screen. Document-only wording is in wording.ts.
 */

/** The labels of every closed vocabulary in a document language. */
export function vocabulary(lang: DocLanguage) {
  const labels = VOCABULARY_LABELS[lang]
  return { kinds: labels.kinds, strands: labels.strands, ...labels.vocab }
}

/** The money labels the window and the documents share (flat rates, bases, rates). */
export function moneyLabels(lang: DocLanguage) {
  return VOCABULARY_LABELS[lang].money
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
