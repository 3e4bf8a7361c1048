import type { PersonBreakdown } from '../database/domain/schemas/breakdown'
import type { Content } from './definition'
import { formatNumber } from './format'
import { dataTable, note } from './layout'
import type { DocLanguage } from './types'

/**
 * Indicators about persons by age and gender (Regulation (EU) 2021/1147, Annex VIII: "All
 * indicators relating to persons shall be reported by age brackets (< 18, 18-60, > 60) and by
 * gender"), as the evaluation report and the programme report print them. Its own wording, kept
 * beside the table it belongs to.
 */

const WORDING = {
  fr: {
    title: 'Ventilation par âge et par genre (annexe VIII)',
    intro: 'Indicateurs relatifs à des personnes, dernière valeur cumulée ventilée par tranche d’âge et par genre.',
    total: 'Total',
    ageUnder18: '< 18 ans',
    age18to60: '18-60 ans',
    ageOver60: '> 60 ans',
    female: 'Femmes',
    male: 'Hommes',
    nonBinary: 'Non binaires',
    genderUnknown: 'Genre inconnu',
    notRecorded: 'ventilation non enregistrée',
    partlyRecorded: 'dont {n} sans ventilation',
    none: 'Aucun indicateur relatif à des personnes n’est mesuré.',
  },
  nl: {
    title: 'Uitsplitsing naar leeftijd en gender (bijlage VIII)',
    intro: 'Indicatoren over personen, laatste cumulatieve waarde uitgesplitst naar leeftijdsgroep en gender.',
    total: 'Totaal',
    ageUnder18: '< 18 jaar',
    age18to60: '18-60 jaar',
    ageOver60: '> 60 jaar',
    female: 'Vrouwen',
    male: 'Mannen',
    nonBinary: 'Non-binair',
    genderUnknown: 'Gender onbekend',
    notRecorded: 'uitsplitsing niet vastgelegd',
    partlyRecorded: 'waarvan {n} zonder uitsplitsing',
    none: 'Er wordt geen indicator over personen gemeten.',
  },
  en: {
    title: 'Breakdown by age and gender (Annex VIII)',
    intro: 'Indicators about persons, latest cumulative value broken down by age bracket and gender.',
    total: 'Total',
    ageUnder18: '< 18',
    age18to60: '18-60',
    ageOver60: '> 60',
    female: 'Female',
    male: 'Male',
    nonBinary: 'Non-binary',
    genderUnknown: 'Gender unknown',
    notRecorded: 'breakdown not recorded',
    partlyRecorded: 'of which {n} without breakdown',
    none: 'No indicator about persons is measured.',
  },
} as const satisfies Record<DocLanguage, Record<string, string>>

/** The breakdown table's words in a language (its heading, for the documents' section titles). */
export function breakdownWording(lang: DocLanguage): (typeof WORDING)[DocLanguage] {
  return WORDING[lang]
}

/** One line of the table: an indicator's cumulative value and what of it is broken down. */
export interface BreakdownLine {
  code: string
  value: number
  /** The recorded breakdown (summed over projects in the programme report), null when none. */
  breakdown: PersonBreakdown | null
  /** The part of the value without breakdown. */
  notRecorded: number
}

const PARTS = ['ageUnder18', 'age18to60', 'ageOver60', 'female', 'male', 'nonBinary', 'genderUnknown'] as const

/** The age and gender table: one row per indicator, "breakdown not recorded" where there is none. */
export function breakdownTable(lines: BreakdownLine[], lang: DocLanguage): Content {
  const w = WORDING[lang]
  if (lines.length === 0) return note(w.none)
  const rows = lines.map((l): Content[] => {
    const total: Content =
      l.breakdown && l.notRecorded > 0
        ? {
            stack: [
              { text: formatNumber(l.value, lang) },
              { text: w.partlyRecorded.replace('{n}', formatNumber(l.notRecorded, lang)), style: 'small', italics: true },
            ],
            style: 'cell',
            alignment: 'right',
          }
        : formatNumber(l.value, lang)
    if (!l.breakdown) return [l.code, total, { text: w.notRecorded, style: 'small', italics: true, colSpan: PARTS.length }, ...PARTS.slice(1).map(() => '')]
    const b = l.breakdown
    return [l.code, total, ...PARTS.map((k) => formatNumber(b[k], lang))]
  })
  return dataTable(
    [
      { header: 'Code', width: 46 },
      { header: w.total, width: 58, align: 'right' },
      ...PARTS.map((k) => ({ header: w[k], width: '*' as const, align: 'right' as const })),
    ],
    rows,
    [],
    { keepWhole: true },
  )
}
