import { CONTACT_LANGUAGES, ORGANISATION_KINDS, PARTNER_ROLES, PARTNERSHIP_STATUSES, STRANDS, WORKING_LANGUAGES } from '@domain/vocabulary'
import { i18n, t } from '../i18n'
import { COUNTRY_CODES, PREFERRED_COUNTRIES } from './countries'
import { compareText, countryName, languageName } from './format'

export const kindOptions = () => ORGANISATION_KINDS.map((value) => ({ value, label: t(`kinds.${value}`) }))
export const strandOptions = () => STRANDS.map((value) => ({ value, label: t(`strands.${value}`) }))
export const roleOptions = () => PARTNER_ROLES.map((value) => ({ value, label: t(`roles.${value}`) }))
export const statusOptions = () => PARTNERSHIP_STATUSES.map((value) => ({ value, label: t(`statuses.${value}`) }))
export const contactLanguageOptions = () => CONTACT_LANGUAGES.map((value) => ({ value, label: languageName(value) }))

/** Working languages: the country's three and English first, then the others by name. */
export const workingLanguageOptions = () => {
  const first = WORKING_LANGUAGES.slice(0, 4)
  const rest = WORKING_LANGUAGES.slice(4)
    .map((value) => ({ value, label: languageName(value) }))
    .sort((a, b) => compareText(a.label, b.label))
  return [...first.map((value) => ({ value, label: languageName(value) })), ...rest]
}

/** Countries: Belgium and its neighbours first, then all others by name in the UI language. */
export const countryOptions = () => {
  const preferred = new Set<string>(PREFERRED_COUNTRIES)
  const first = PREFERRED_COUNTRIES.map((value) => ({ value: value as string, label: countryName(value) }))
  const rest = COUNTRY_CODES.filter((c) => !preferred.has(c))
    .map((value) => ({ value: value as string, label: countryName(value) }))
    .sort((a, b) => compareText(a.label, b.label))
  return { first, rest }
}

export function statusTagType(status: string): 'primary' | 'success' | 'warning' | 'info' | 'danger' {
  switch (status) {
    case 'active':
      return 'success'
    case 'prospective':
      return 'primary'
    case 'suspended':
      return 'warning'
    default:
      return 'info'
  }
}

/** An indicator's unit in the UI language when it is one of the catalogue's (persons, places...), else as written. */
export function unitLabel(unit: string): string {
  return i18n.global.te(`vocab.units.${unit}`) ? t(`vocab.units.${unit}`) : unit
}
