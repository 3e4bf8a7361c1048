import { electronicFormatIBAN, isValidBIC, isValidIBAN } from 'ibantools'

/** Digits only, for enterprise numbers typed as `0123.456.749` or `BE 0123 456 749`. */
export function enterpriseDigits(value: string): string {
  return value.replace(/^\s*BE/i, '').replace(/[\s.\-/]/g, '')
}

/**
 * True for a valid Belgian enterprise number (BCE/KBO): 10 digits starting with 0 or 1,
 * the last two being 97 minus the first eight modulo 97.
 */
export function isValidEnterpriseNumber(value: string): boolean {
  const digits = enterpriseDigits(value)
  if (!/^[01]\d{9}$/.test(digits)) return false
  const base = Number(digits.slice(0, 8))
  return 97 - (base % 97) === Number(digits.slice(8))
}

/** `0123456749` shown as `0123.456.749`, the way the Crossroads Bank writes it; empty for none. */
export function formatEnterpriseNumber(digits: string | null | undefined): string {
  if (!digits) return ''
  return digits.length === 10 ? `${digits.slice(0, 4)}.${digits.slice(4, 7)}.${digits.slice(7)}` : digits
}

/** An IBAN in groups of four for reading (`BE68 5390 0754 7034`); empty for none. */
export function formatIban(iban: string | null | undefined): string {
  if (!iban) return ''
  return iban.replace(/\s/g, '').replace(/(.{4})(?=.)/g, '$1 ')
}

/** A Belgian VAT number as `BE 0123.456.749`, others as given; empty for none. */
export function formatVat(vat: string | null | undefined): string {
  if (!vat) return ''
  return /^BE\d{10}$/.test(vat) ? `BE ${formatEnterpriseNumber(vat.slice(2))}` : vat
}

/** An IBAN in electronic form (no spaces, upper case). */
export function normaliseIban(value: string): string {
  return electronicFormatIBAN(value) ?? value.replace(/\s/g, '').toUpperCase()
}

/** True for an IBAN whose country format and mod-97 check digits are right. */
export function isValidIbanNumber(value: string): boolean {
  return isValidIBAN(normaliseIban(value))
}

/** True for a well-formed BIC (8 or 11 characters). */
export function isValidBicCode(value: string): boolean {
  return isValidBIC(value.replace(/\s/g, '').toUpperCase())
}

/** A VAT number without spaces or dots, upper case (`BE0123456749`). */
export function normaliseVat(value: string): string {
  return value.replace(/[\s.-]/g, '').toUpperCase()
}

/** Belgian VAT numbers are BE + a valid enterprise number; others are a country prefix and 2-13 characters. */
export function isValidVat(value: string): boolean {
  const vat = normaliseVat(value)
  if (vat.startsWith('BE')) return isValidEnterpriseNumber(vat.slice(2))
  return /^[A-Z]{2}[0-9A-Z+*]{2,13}$/.test(vat)
}

/**
 * True when a postcode fits its country: a Belgian one is four digits, 1000 to 9999 (bpost);
 * other countries' postcodes are left free (letters, spaces, five digits...).
 */
export function isValidPostcode(postcode: string | null, country: string | null | undefined): boolean {
  return postcode === null || country !== 'BE' || /^[1-9]\d{3}$/.test(postcode)
}
