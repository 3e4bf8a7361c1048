import type { Content } from './definition'
import type { DocLanguage, ObjectiveText } from './types'
import { wording } from './wording'

/**
 * A specific objective's official wording, quoted as the regulation words it in the document's
 * language. Where the file lacks it, the document says so in its own language rather than quote
 * another language (an agreement is refused before it gets here: see electron/api/document-data.ts).
 */
export function objectiveWording(objective: ObjectiveText, lang: DocLanguage): Content {
  if (objective.wording === null) return { text: wording(lang).common.wordingMissing, style: 'small' }
  return { text: objective.wording, italics: true }
}
