/** The languages a document (and the UI) can be in; French is every file's first language. */
export const DOC_LANGUAGES = ['fr', 'nl', 'en'] as const
export type DocLanguage = (typeof DOC_LANGUAGES)[number]

/** The text in a language, falling back to French (every file's first language) where it is missing. */
export function inLanguage(lang: DocLanguage, fr: string, nl: string | null, en: string | null): string {
  if (lang === 'nl' && nl) return nl
  if (lang === 'en' && en) return en
  return fr
}

/** A name or place in the document's language where it has a form of its own (Brussel, Bruxelles, Brussels), else as entered. */
export function ownForm(lang: DocLanguage, asEntered: string | null, fr: string | null, nl: string | null, en: string | null): string | null {
  return ({ fr, nl, en }[lang] ?? null) || asEntered
}

/** The Intl locale of a document or UI language: Belgian French and Dutch, British English. */
export const LOCALES: Record<DocLanguage, string> = { fr: 'fr-BE', nl: 'nl-BE', en: 'en-GB' }
