import { describe, expect, it } from 'vitest'
import { formatPercentNumber, formatRateBp, parsePercentToBp, RATE_CEILING_BP, rateAboveCeiling } from '../../database/domain/cofinancing'
import { computeRag } from '../../database/domain/rag'
import { ok, refused } from './helpers'
import { CATALOGUES, message, openNew, projectValues, TODAY } from './money-helpers'

const LANGS = ['fr', 'nl', 'en'] as const

describe('the co-financing rate is tied to its ground (Article 15 AMIF)', () => {
  it('allows 75 % without a ground, 90 % for a specific or Annex IV action, 100 % for operating, emergency or technical support', () => {
    expect(RATE_CEILING_BP).toEqual({
      none: 7500,
      specific_action: 9000,
      annex_iv: 9000,
      operating_support: 10000,
      emergency_assistance: 10000,
      technical_assistance: 10000,
    })
    expect(rateAboveCeiling(7500, null)).toBeNull()
    expect(rateAboveCeiling(7501, null)).toEqual({ ceilingBp: 7500, article: '15(1)', ground: 'none' })
    expect(rateAboveCeiling(9000, 'specific_action')).toBeNull()
    expect(rateAboveCeiling(9001, 'specific_action')).toMatchObject({ ceilingBp: 9000, article: '15(2)' })
    expect(rateAboveCeiling(9001, 'annex_iv')).toMatchObject({ ceilingBp: 9000, article: '15(3)' })
    for (const g of ['operating_support', 'emergency_assistance', 'technical_assistance'] as const) expect(rateAboveCeiling(10000, g)).toBeNull()
  })

  it('refuses a rate above its ground’s ceiling with a message naming the ceiling and the article, in French, Dutch and English', async () => {
    const { ws, partnerId } = await openNew()
    const cases = [
      { rate: 7501, ground: null, key: 'rateCeiling.none', ceiling: '75', article: { fr: 'art. 15, § 1', nl: 'art. 15, lid 1', en: 'Art. 15(1)' } },
      {
        rate: 9001,
        ground: 'specific_action',
        key: 'rateCeiling.specific_action',
        ceiling: '90',
        article: { fr: 'art. 15, § 2', nl: 'art. 15, lid 2', en: 'Art. 15(2)' },
      },
      { rate: 9050, ground: 'annex_iv', key: 'rateCeiling.annex_iv', ceiling: '90', article: { fr: 'art. 15, § 3', nl: 'art. 15, lid 3', en: 'Art. 15(3)' } },
    ] as const
    for (const c of cases) {
      const error = await refused(ws, 'projects.create', { values: projectValues(partnerId, { euRateBp: c.rate, rateGround: c.ground }) })
      expect(error).toMatchObject({ code: 'VALIDATION', details: { issues: [{ path: 'values.euRateBp', message: c.key }] } })
      for (const lang of LANGS) {
        const text = message(lang, `validation.${c.key}`)
        expect(text, `${lang} ${c.key}`).toContain(`${c.ceiling} %`)
        expect(text).toContain(c.article[lang])
        expect(text).toContain('2021/1147')
      }
    }
    expect((await ok(ws, 'projects.list', {})).total).toBe(0)
  })

  it('accepts each ground at its ceiling, and `none` as no ground', async () => {
    const { ws, partnerId } = await openNew()
    const at75 = await ok(ws, 'projects.create', { values: projectValues(partnerId, { code: 'P-75', euRateBp: 7500, rateGround: 'none' }) })
    expect(at75).toMatchObject({ euRateBp: 7500, rateGround: null, moneyChecks: [] })
    const at90 = await ok(ws, 'projects.create', { values: projectValues(partnerId, { code: 'P-90', euRateBp: 9000, rateGround: 'specific_action' }) })
    expect(at90).toMatchObject({ euRateBp: 9000, rateGround: 'specific_action' })
    const at100 = await ok(ws, 'projects.create', { values: projectValues(partnerId, { code: 'P-100', euRateBp: 10000, rateGround: 'emergency_assistance' }) })
    expect(at100).toMatchObject({ euRateBp: 10000, rateGround: 'emergency_assistance' })
    // A ground chosen for a project at 75 % stays: an Annex IV action may be co-financed at 75 %.
    const annexAt75 = await ok(ws, 'projects.create', { values: projectValues(partnerId, { code: 'P-IV', euRateBp: 7000, rateGround: 'annex_iv' }) })
    expect(annexAt75.rateGround).toBe('annex_iv')
  })

  it('refuses a rate above 100 % with its message instead of clamping it', async () => {
    const { ws, partnerId } = await openNew()
    const error = await refused(ws, 'projects.create', { values: projectValues(partnerId, { euRateBp: 10001, rateGround: 'technical_assistance' }) })
    expect(error).toMatchObject({ code: 'VALIDATION', details: { issues: [{ path: 'values.euRateBp', message: 'rateMax' }] } })
    for (const lang of LANGS) expect(message(lang, 'validation.rateMax')).toContain('100')
  })

  it('reads the rate as the officer types it ("82,5" in French and Dutch) and shows it in the UI language', () => {
    expect(parsePercentToBp('82,5')).toBe(8250)
    expect(parsePercentToBp('82.5')).toBe(8250)
    expect(parsePercentToBp(' 90 % ')).toBe(9000)
    expect(parsePercentToBp('75,25')).toBe(7525)
    expect(parsePercentToBp('100,01')).toBe(10001) // refused by the form's schema, not clamped
    for (const text of ['', 'abc', '82,555', '-5', '8,2,5']) expect(parsePercentToBp(text), text).toBeNull()
    expect(formatPercentNumber(8250, 'fr-BE')).toBe('82,5')
    expect(formatPercentNumber(8250, 'nl-BE')).toBe('82,5')
    expect(formatPercentNumber(8250, 'en-GB')).toBe('82.5')
    expect(formatRateBp(8250, 'fr-BE')).toBe('82,5\u00a0%')
    expect(formatRateBp(8250, 'en-GB')).toBe('82.5%')
  })

  it('turns the traffic light red with the reason when a project under way is above its ceiling', () => {
    const base = {
      status: 'running' as const,
      startDate: '2026-01-01',
      endDate: '2026-12-31',
      openMilestoneDueDates: [],
      indicatorAchievements: [],
      openPaymentDates: [],
    }
    expect(computeRag({ ...base, euRateBp: 9000, rateGround: 'annex_iv' }, TODAY)).toEqual({ status: 'green', reasons: [] })
    expect(computeRag({ ...base, euRateBp: 9500, rateGround: 'annex_iv' }, TODAY)).toEqual({
      status: 'red',
      reasons: [{ code: 'rate_above_ceiling', severity: 'red', params: { ratePct: 95, ceilingPct: 90 } }],
    })
    for (const lang of LANGS) expect(message(lang, 'vocab.ragReasons.rate_above_ceiling', { ratePct: 95, ceilingPct: 90 })).toMatch(/95 %.*90 %.*2021\/1147/)
    expect(Object.keys(CATALOGUES.nl.money.checks)).toEqual(Object.keys(CATALOGUES.fr.money.checks))
    expect(Object.keys(CATALOGUES.en.money.checks)).toEqual(Object.keys(CATALOGUES.fr.money.checks))
  })

  it('words the project warning with the rate, the ceiling and the article in French, Dutch and English', () => {
    const params = { rate: '95 %', ceiling: '90 %', article: '15(3)' }
    expect(message('fr', 'money.checks.rate_above_ceiling', params)).toBe(
      'Taux de 95 % au-delà du plafond de 90 % de son motif (art. 15(3) du règlement (UE) 2021/1147) : corrigez le taux ou le motif.',
    )
    expect(message('nl', 'money.checks.rate_above_ceiling', params)).toBe(
      'Percentage van 95 % boven het maximum van 90 % voor de grond ervan (art. 15(3) van Verordening (EU) 2021/1147): corrigeer het percentage of de grond.',
    )
    expect(message('en', 'money.checks.rate_above_ceiling', params)).toBe(
      'Rate of 95 % above the 90 % ceiling of its ground (Art. 15(3) of Regulation (EU) 2021/1147): correct the rate or the ground.',
    )
  })
})
