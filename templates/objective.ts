import type { Content } from './definition'
import { fill, languageName } from './format'
import type { DocLanguage, ObjectiveText } from './types'
import { wording } from './wording'

/**
 * A specific objective's official wording, quoted as the regulation words it; when the file only
 * has it in another language, the document says which, rather than passing a translation off as
 * the official text.
 */
export function objectiveWording(objective: ObjectiveText, lang: DocLanguage): Content {
  const quote: Content = { text: objective.wording, italics: true }
  if (objective.wordingLanguage === lang) return quote
  const notice = fill(wording(lang).common.wordingQuoted, { language: languageName(objective.wordingLanguage, lang) })
  return { stack: [quote, { text: notice, style: 'small' }] }
}
