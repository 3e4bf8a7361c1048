import { computed } from 'vue'
import { createI18n } from 'vue-i18n'
import elEn from 'element-plus/es/locale/lang/en'
import elFr from 'element-plus/es/locale/lang/fr'
import elNl from 'element-plus/es/locale/lang/nl'
import 'dayjs/locale/fr'
import 'dayjs/locale/nl'
import { LOCALES } from '../../../database/domain/languages'
import en from './en'
import fr, { type Messages } from './fr'
import nl from './nl'

export const UI_LANGUAGES = ['fr', 'nl', 'en'] as const
export type UiLanguage = (typeof UI_LANGUAGES)[number]

/** The Intl locale for each UI language (the documents use the same). */
export const INTL_LOCALES: Record<UiLanguage, string> = LOCALES

type Tree = { [key: string]: string | Tree }

/** `base` with the strings of `over` put in, at any depth. */
function overlay<T extends Tree>(base: T, over: Tree): T {
  const out: Tree = { ...base }
  for (const [key, value] of Object.entries(over)) {
    const below = out[key]
    out[key] = typeof value === 'string' || typeof below !== 'object' ? value : overlay(below, value)
  }
  return out as T
}

/**
 * Element Plus's locales, with what its French and Dutch ones leave in English (a table's sort
 * buttons, a dialog's close button...) taken from our messages: screen readers read them out.
 * The raw messages are used, not t(): Element Plus fills in its own `{column}` placeholders.
 */
function elementLocaleFor(base: typeof elEn, messages: Messages): typeof elEn {
  return { ...base, el: overlay(base.el as unknown as Tree, messages.elementPlus) as unknown as typeof elEn.el }
}

const ELEMENT_LOCALES = { fr: elementLocaleFor(elFr, fr), nl: elementLocaleFor(elNl, nl), en: elementLocaleFor(elEn, en) }

export const i18n = createI18n<[Messages], UiLanguage, false>({
  legacy: false,
  locale: 'fr',
  fallbackLocale: 'fr',
  messages: { fr, nl, en },
  missingWarn: import.meta.env.DEV,
  fallbackWarn: import.meta.env.DEV,
})

/** The UI language now shown. */
export const uiLanguage = computed<UiLanguage>(() => i18n.global.locale.value as UiLanguage)

/** Element Plus's own messages (date picker, pagination, empty states) for the UI language. */
export const elementLocale = computed(() => ELEMENT_LOCALES[uiLanguage.value])

/** The Intl locale for the UI language (dates, numbers, country and language names). */
export const intlLocale = computed(() => INTL_LOCALES[uiLanguage.value])

export function isUiLanguage(value: unknown): value is UiLanguage {
  return typeof value === 'string' && (UI_LANGUAGES as readonly string[]).includes(value)
}

/** Switches vue-i18n (and so Element Plus, through the config provider) and the page's lang. */
export function applyLanguage(language: UiLanguage): void {
  i18n.global.locale.value = language
  document.documentElement.lang = language
}

/** `t` for code outside components (stores, error helper). */
export const t = i18n.global.t
