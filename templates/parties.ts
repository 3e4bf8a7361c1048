import type { Content } from './definition'
import { countryName, formatEnterpriseNumber, formatIban, formatVat } from './format'
import { vocabulary } from './labels'
import { fields } from './layout'
import type { DocLanguage, DocumentParty, Signatory } from './types'
import { wording } from './wording'

/** How the documents name and describe an organisation: the parties of an agreement, the beneficiary of a report. */

/** The name with its acronym when it has one: « Caritas International (CI) ». */
export function partyName(party: { name: string; acronym: string | null }): string {
  return party.acronym && party.acronym !== party.name ? `${party.name} (${party.acronym})` : party.name
}

/** Street, postcode and city, and country on one line; null when nothing is known. */
export function addressText(party: DocumentParty, lang: DocLanguage): string | null {
  const town = [party.postcode, party.city].filter(Boolean).join(' ')
  const parts = [party.street, town, countryName(party.country, lang)].filter((p): p is string => !!p && p.length > 0)
  return parts.length > 0 ? parts.join(', ') : null
}

/** The signatory as « Name, Title ». */
export function signatoryText(signatory: Signatory | null): string | null {
  if (!signatory) return null
  return signatory.title ? `${signatory.name}, ${signatory.title}` : signatory.name
}

/** The registration lines: Belgian enterprise number, or the foreign registration when there is none. */
function registration(party: DocumentParty, lang: DocLanguage): [string, string | null][] {
  const w = wording(lang).party
  if (party.enterpriseNumber) return [[w.enterpriseNumber, formatEnterpriseNumber(party.enterpriseNumber)]]
  return [[w.foreignRegistration, party.foreignRegistration]]
}

/**
 * A party as an agreement introduces it: the name in bold, its identification (legal form,
 * registration, VAT, address, bank account when asked for), who represents it, and how the
 * agreement calls it afterwards.
 */
export function partyBlock(
  party: DocumentParty,
  signatory: Signatory | null,
  hereinafter: string,
  lang: DocLanguage,
  options: { bankAccount: boolean },
): Content {
  const w = wording(lang).party
  const kinds = vocabulary(lang).kinds
  const rows: [string, string | null][] = [
    [w.legalForm, party.kind ? kinds[party.kind] : null],
    ...registration(party, lang),
    [w.vat, party.vatNumber ? formatVat(party.vatNumber) : null],
    [w.address, addressText(party, lang)],
  ]
  if (options.bankAccount) {
    rows.push([w.iban, party.iban ? formatIban(party.iban) : null], [w.bic, party.bic])
  }
  rows.push([w.representedBy, signatoryText(signatory)])
  return {
    stack: [
      { text: partyName(party), bold: true, fontSize: 10.5, margin: [0, 0, 0, 3] },
      fields(rows, 128),
      { text: hereinafter, italics: true, margin: [0, 0, 0, 0] },
    ],
    unbreakable: true,
    margin: [14, 0, 0, 8],
  }
}
