import { describe, expect, it } from 'vitest'
import { ERROR_CODES } from '../../database/domain/errors'
import en from '../../renderer/src/i18n/en'
import fr from '../../renderer/src/i18n/fr'
import nl from '../../renderer/src/i18n/nl'

/** Every error the API can answer is told to the officer in the window's language, never as a raw code. */
describe('error messages', () => {
  const catalogues = { fr, nl, en }

  it.each(Object.keys(catalogues))('every error code has a message in %s', (lang) => {
    const errors = catalogues[lang as keyof typeof catalogues].errors as Record<string, string>
    const missing = ERROR_CODES.filter((code) => typeof errors[code] !== 'string' || errors[code].trim() === '')
    expect(missing).toEqual([])
  })

  it.each(Object.keys(catalogues))('the place failures and the NUL refusal are told in %s', (lang) => {
    const m = catalogues[lang as keyof typeof catalogues]
    expect(m.errors.FILE_GONE).toBeTruthy()
    expect(m.validation.controlCharacter).toBeTruthy()
    expect(m.fileNotices.gone).toBeTruthy()
    expect(m.fileInfo.readOnlyReasons.gone).toBeTruthy()
  })
})
