import { describe, expect, it } from 'vitest'
import {
  enterpriseDigits,
  formatEnterpriseNumber,
  isValidBicCode,
  isValidEnterpriseNumber,
  isValidIbanNumber,
  isValidVat,
  normaliseIban,
  normaliseVat,
} from '../../database/domain/identifiers'
import { organisationValues } from '../../database/domain/schemas/partners'

describe('Belgian enterprise numbers (BCE/KBO)', () => {
  it('accepts 10 digits whose last two are 97 minus the first eight modulo 97, however typed', () => {
    // 04198152 mod 97 = 89, and 97 - 89 = 08.
    for (const v of ['0419815208', '0419.815.208', 'BE 0419.815.208', 'be0419815208', '0419 815 208', '0419-815-208', ' 0419.815.208 ']) {
      expect(isValidEnterpriseNumber(v), v).toBe(true)
    }
    // A first-eight multiple of 97 gives check digits 97.
    expect(isValidEnterpriseNumber('0000009797')).toBe(true)
    // Numbers from 2023 on start with 1.
    expect(isValidEnterpriseNumber('1000000021')).toBe(true)
  })

  it('refuses a wrong check, a wrong length, a wrong first digit or letters', () => {
    for (const v of ['0419.815.209', '0419.815.280', '419815208', '04198152080', '2419815208', '04198152O8', '', 'BE', '1000.000.000']) {
      expect(isValidEnterpriseNumber(v), v).toBe(false)
    }
  })

  it('keeps digits and shows them the Crossroads Bank way', () => {
    expect(enterpriseDigits('BE 0419.815.208')).toBe('0419815208')
    expect(formatEnterpriseNumber('0419815208')).toBe('0419.815.208')
    expect(formatEnterpriseNumber('12345')).toBe('12345')
  })
})

describe('IBAN', () => {
  it('accepts valid IBANs, with spaces and in lower case', () => {
    for (const v of ['BE68 5390 0754 7034', 'be68539007547034', 'NL91ABNA0417164300', 'DE89 3704 0044 0532 0130 00', 'FR14 2004 1010 0505 0001 3M02 606']) {
      expect(isValidIbanNumber(v), v).toBe(true)
    }
  })

  it('refuses a wrong check digit, a wrong length, a wrong Belgian account check or an unknown country', () => {
    for (const v of [
      'BE68 5390 0754 7035', // one digit changed
      'BE68 5390 0754 703', // too short
      'BE82 0012 3456 7093', // IBAN check right, Belgian account check (last two digits) wrong
      'XX68 5390 0754 7034',
      '',
    ]) {
      expect(isValidIbanNumber(v), v).toBe(false)
    }
  })

  it('is stored in electronic form', () => {
    expect(normaliseIban(' be68 5390 0754 7034 ')).toBe('BE68539007547034')
  })
})

describe('BIC', () => {
  it('accepts 8 or 11 characters: bank, country, location, branch', () => {
    for (const v of ['GEBABEBB', 'gkcc bebb', 'KREDBEBBXXX', 'BBRUBEBB']) expect(isValidBicCode(v), v).toBe(true)
  })

  it('refuses other lengths, digits in the bank code or an unknown country', () => {
    for (const v of ['GEBABE', 'GEBABEBBX', 'GEB1BEBB', 'GEBAXXBB', '']) expect(isValidBicCode(v), v).toBe(false)
  })
})

describe('VAT numbers', () => {
  it('accepts BE plus a valid enterprise number, and other countries by shape', () => {
    for (const v of ['BE0419815208', 'BE 0419.815.208', 'be0419815208', 'FR40303265045', 'NL123456789B01']) expect(isValidVat(v), v).toBe(true)
  })

  it('refuses a Belgian number with a wrong check, or no country prefix', () => {
    for (const v of ['BE0419815209', 'BE', 'B123', '0419815208']) expect(isValidVat(v), v).toBe(false)
  })

  it('is stored without spaces or dots', () => {
    expect(normaliseVat('be 0419.815.208')).toBe('BE0419815208')
  })
})

describe('organisation form values', () => {
  const base = { name: 'Centre d’accueil de Liège', kind: 'ngo' as const }

  it('normalises what the officer typed', () => {
    const v = organisationValues.parse({
      ...base,
      enterpriseNumber: 'BE 0419.815.208',
      vatNumber: 'be 0419.815.208',
      iban: 'be68 5390 0754 7034',
      bic: 'gkcc bebb',
      website: 'www.example.org',
      country: 'be',
      acronym: '  ',
    })
    expect(v).toMatchObject({
      enterpriseNumber: '0419815208',
      vatNumber: 'BE0419815208',
      iban: 'BE68539007547034',
      bic: 'GKCCBEBB',
      website: 'https://www.example.org',
      country: 'BE',
      acronym: null,
      workingLanguages: [],
    })
  })

  it('reports each invalid identifier on its field with a message key', () => {
    const result = organisationValues.safeParse({
      ...base,
      enterpriseNumber: '0419.815.209',
      vatNumber: 'BE0419815209',
      iban: 'BE68 5390 0754 7035',
      bic: 'GEB1BEBB',
      website: 'javascript:alert(1)',
    })
    expect(result.success).toBe(false)
    const issues = Object.fromEntries(result.error!.issues.map((i) => [i.path.join('.'), i.message]))
    expect(issues).toEqual({ enterpriseNumber: 'enterpriseNumber', vatNumber: 'vat', iban: 'iban', bic: 'bic', website: 'url' })
  })
})
