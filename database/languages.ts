import type { DocLanguage } from '../templates/types'

/** The text in a language, falling back to French (every file's first language) where it is missing. */
export function inLanguage(lang: DocLanguage, fr: string, nl: string | null, en: string | null): string {
  if (lang === 'nl' && nl) return nl
  if (lang === 'en' && en) return en
  return fr
}

/** The Intl locale of a document or UI language: Belgian French and Dutch, British English. */
export const LOCALES: Record<DocLanguage, string> = { fr: 'fr-BE', nl: 'nl-BE', en: 'en-GB' }
