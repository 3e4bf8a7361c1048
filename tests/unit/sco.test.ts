import { describe, expect, it } from 'vitest'
import { computeBudget, hourlyStaffRateCents, needsSimplifiedCosts, NO_COST_OPTIONS, type BudgetLineInput } from '../../database/domain/money'
import { ok, refused } from './helpers'
import { message, openNew, projectWithBudget, TODAY } from './money-helpers'

const LANGS = ['fr', 'nl', 'en'] as const
const line = (patch: Partial<BudgetLineInput>): BudgetLineInput => ({
  category: 'staff',
  costModel: 'actual_costs',
  amountCents: null,
  units: null,
  unitCostCents: null,
  ...patch,
})
const options = (patch: Partial<typeof NO_COST_OPTIONS>) => ({ ...NO_COST_OPTIONS, ...patch })

describe('simplified cost options (Regulation (EU) 2021/1060, Articles 53-56)', () => {
  const lines = [
    line({ category: 'staff', amountCents: 10_000_001 }),
    line({ category: 'travel', amountCents: 2_000_000 }),
    line({ category: 'external_services', amountCents: 3_000_000, publicProcurement: true }),
  ]

  it('computes each flat rate on its base, rounded down', () => {
    // 54(a): 7 % of the direct costs 150 000,01 € = 10 500,0007 → 10 500,00 €.
    const a = computeBudget(lines, 7500, options({ indirect: 'art54a', indirectRateBp: 700 }))
    expect(a.flatRates).toEqual([{ kind: 'art54a', rateBp: 700, baseCents: 15_000_001, cents: 1_050_000, fromLine: false }])
    expect(a.indirectCents).toBe(1_050_000)
    expect(a.eligibleCents).toBe(16_050_001)
    // 54(b): 15 % of the staff costs 100 000,01 € = 15 000,0015 → 15 000,00 €; a lower rate may be chosen.
    expect(computeBudget(lines, 7500, options({ indirect: 'art54b', indirectRateBp: 1500 })).flatRates[0]).toMatchObject({
      baseCents: 10_000_001,
      cents: 1_500_000,
    })
    expect(computeBudget(lines, 7500, options({ indirect: 'art54b', indirectRateBp: 1000 })).flatRates[0]).toMatchObject({
      baseCents: 10_000_001,
      cents: 1_000_000,
    })
    // 54(c): 25 % of the direct costs.
    expect(computeBudget(lines, 7500, options({ indirect: 'art54c', indirectRateBp: 2500 })).indirectCents).toBe(3_750_000)
  })

  it('takes the 55(1) staff flat rate on the other direct costs not subject to public procurement, and adds it to the staff costs', () => {
    const b = computeBudget(
      [line({ category: 'travel', amountCents: 2_000_000 }), line({ category: 'external_services', amountCents: 3_000_000, publicProcurement: true })],
      7500,
      options({ staffRateBp: 2000, indirect: 'art54b', indirectRateBp: 1500 }),
    )
    // 20 % of 20 000 € (travel; the procured services are outside the base) = 4 000 €; 15 % of it = 600 €.
    expect(b.flatRates).toEqual([
      { kind: 'art55', rateBp: 2000, baseCents: 2_000_000, cents: 400_000, fromLine: false },
      { kind: 'art54b', rateBp: 1500, baseCents: 400_000, cents: 60_000, fromLine: false },
    ])
    expect(b.staffCents).toBe(400_000)
    expect(b.directCents).toBe(5_400_000)
    expect(b.eligibleCents).toBe(5_460_000)
    expect(b.byCategory).toContainEqual({ category: 'staff', cents: 400_000 })
  })

  it('covers the remaining costs with up to 40 % of the staff costs (56(1))', () => {
    const b = computeBudget([line({ category: 'staff', amountCents: 5_000_000 })], 9000, options({ remainingRateBp: 4000 }))
    expect(b.flatRates).toEqual([{ kind: 'art56', rateBp: 4000, baseCents: 5_000_000, cents: 2_000_000, fromLine: false }])
    expect(b).toMatchObject({ remainingCents: 2_000_000, eligibleCents: 7_000_000, euCents: 6_300_000 })
  })

  it('gives the hourly staff rate of Article 55(2): annual gross employment costs / 1 720 hours', () => {
    expect(hourlyStaffRateCents(5_160_000)).toBe(3000) // 51 600 € / 1 720 h = 30,00 €
    expect(hourlyStaffRateCents(5_160_001)).toBe(3000) // rounded down to the cent
    expect(hourlyStaffRateCents(0)).toBe(0)
    expect(hourlyStaffRateCents(-1)).toBe(0)
  })

  it('flags a project of at most 200 000 € without simplified costs (53(2)) until a reason is recorded', () => {
    const actual = [line({ amountCents: 20_000_000 })]
    expect(needsSimplifiedCosts(20_000_000, actual, NO_COST_OPTIONS, null)).toBe(true)
    expect(needsSimplifiedCosts(20_000_001, actual, NO_COST_OPTIONS, null)).toBe(false)
    expect(needsSimplifiedCosts(20_000_000, actual, NO_COST_OPTIONS, '  ')).toBe(true)
    expect(needsSimplifiedCosts(20_000_000, actual, NO_COST_OPTIONS, 'Opération en cours de sélection avant 2022')).toBe(false)
    expect(needsSimplifiedCosts(20_000_000, [...actual, line({ category: 'other', costModel: 'lump_sum', amountCents: 1 })], NO_COST_OPTIONS, null)).toBe(false)
    expect(needsSimplifiedCosts(20_000_000, actual, options({ indirect: 'art54a', indirectRateBp: 700 }), null)).toBe(false)
  })
})

describe('choosing the flat rates of a project', () => {
  it('stores each rate up to its ceiling, shows its base, and refuses one above it with the ceiling and article in three languages', async () => {
    const { ws, partnerId } = await openNew()
    const p = await projectWithBudget(ws, partnerId, [
      { category: 'staff', cents: 8_000_000 },
      { category: 'travel', cents: 2_000_000 },
    ])
    const saved = await ok(ws, 'budget.saveOptions', { projectId: p.id, values: { indirect: 'art54a', indirectRateBp: 700 }, today: TODAY })
    expect(saved.budget.flatRates).toEqual([{ kind: 'art54a', rateBp: 700, baseCents: 10_000_000, cents: 700_000, fromLine: false }])
    expect(saved.budget).toMatchObject({
      indirectCents: 700_000,
      eligibleCents: 10_700_000,
      usesSimplifiedCosts: true,
      options: { indirect: 'art54a', indirectRateBp: 700 },
    })
    expect(saved.eligibleCents).toBe(10_700_000) // the list's figures count the flat rate too

    const ceilings = [
      {
        values: { indirect: 'art54a', indirectRateBp: 701 },
        key: 'flatRateCeiling.art54a',
        pct: '7 %',
        art: { fr: 'art. 54, point a)', nl: 'art. 54, punt a)', en: 'Art. 54(a)' },
      },
      {
        values: { indirect: 'art54b', indirectRateBp: 1501 },
        key: 'flatRateCeiling.art54b',
        pct: '15 %',
        art: { fr: 'art. 54, point b)', nl: 'art. 54, punt b)', en: 'Art. 54(b)' },
      },
      {
        values: { indirect: 'art54c', indirectRateBp: 2501, indirectJustification: 'Calcul' },
        key: 'flatRateCeiling.art54c',
        pct: '25 %',
        art: { fr: 'art. 54, point c)', nl: 'art. 54, punt c)', en: 'Art. 54(c)' },
      },
      { values: { staffRateBp: 2001 }, key: 'flatRateCeiling.art55', pct: '20 %', art: { fr: 'art. 55, § 1', nl: 'art. 55, lid 1', en: 'Art. 55(1)' } },
      { values: { remainingRateBp: 4001 }, key: 'flatRateCeiling.art56', pct: '40 %', art: { fr: 'art. 56, § 1', nl: 'art. 56, lid 1', en: 'Art. 56(1)' } },
    ] as const
    for (const c of ceilings) {
      const error = await refused(ws, 'budget.saveOptions', { projectId: p.id, values: c.values })
      expect(error, c.key).toMatchObject({ code: 'VALIDATION', details: { issues: [{ message: c.key }] } })
      for (const lang of LANGS) {
        expect(message(lang, `validation.${c.key}`)).toContain(c.pct)
        expect(message(lang, `validation.${c.key}`)).toContain(c.art[lang])
      }
    }
    // At the ceilings: accepted.
    const at = await ok(ws, 'budget.saveOptions', {
      projectId: p.id,
      values: { indirect: 'art54c', indirectRateBp: 2500, indirectJustification: 'Méthode de calcul juste et vérifiable', staffRateBp: 2000 },
    })
    expect(at.budget.flatRates.map((f) => [f.kind, f.rateBp])).toEqual([
      ['art55', 2000],
      ['art54c', 2500],
    ])
    // 54(c) needs its justification; 56(1) stands alone.
    expect(await refused(ws, 'budget.saveOptions', { projectId: p.id, values: { indirect: 'art54c', indirectRateBp: 2000 } })).toMatchObject({
      details: { issues: [{ path: 'values.indirectJustification', message: 'flatRateJustification' }] },
    })
    expect(
      await refused(ws, 'budget.saveOptions', { projectId: p.id, values: { indirect: 'art54a', indirectRateBp: 700, remainingRateBp: 4000 } }),
    ).toMatchObject({ details: { issues: [{ message: 'flatRate56Alone' }] } })
    // Nothing refused was stored.
    expect((await ok(ws, 'projects.get', { id: p.id })).budget.options).toMatchObject({ indirect: 'art54c', indirectRateBp: 2500, staffRateBp: 2000 })
  })

  it('allows one indirect flat rate at most: the chosen one or a flat-rate line of an earlier version', async () => {
    const { ws, partnerId } = await openNew()
    const p = await projectWithBudget(ws, partnerId, [{ category: 'staff', cents: 1_000_000 }])
    await ok(ws, 'budget.saveLine', { projectId: p.id, values: { category: 'indirect', costModel: 'flat_rate_7_direct', description: 'Coûts indirects' } })
    const error = await refused(ws, 'budget.saveOptions', { projectId: p.id, values: { indirect: 'art54b', indirectRateBp: 1500 } })
    expect(error).toMatchObject({ code: 'VALIDATION', details: { issues: [{ path: 'values.indirect', message: 'indirectFlatRateTwice' }] } })
    const second = await refused(ws, 'budget.saveLine', {
      projectId: p.id,
      values: { category: 'indirect', costModel: 'flat_rate_15_staff', description: 'Encore' },
    })
    expect(second).toMatchObject({ details: { issues: [{ message: 'indirectFlatRateTwice' }] } })
    for (const lang of LANGS) expect(message(lang, 'validation.indirectFlatRateTwice')).toContain('54')
    // The line of an earlier version shows as the 54(a) flat rate with its base.
    expect((await ok(ws, 'projects.get', { id: p.id })).budget.flatRates).toEqual([
      { kind: 'art54a', rateBp: 700, baseCents: 1_000_000, cents: 70_000, fromLine: true },
    ])
  })

  it('flags a project of at most 200 000 € using no simplified cost, naming Article 53(2), until the officer records why', async () => {
    const { ws, partnerId } = await openNew()
    const p = await projectWithBudget(ws, partnerId, [{ category: 'staff', cents: 20_000_000 }])
    expect(p.moneyChecks).toContainEqual({ code: 'sco_required', params: { eligibleCents: 20_000_000, limitCents: 20_000_000 } })
    for (const lang of LANGS) expect(message(lang, 'money.checks.sco_required')).toMatch(/53/)
    const explained = await ok(ws, 'budget.saveOptions', {
      projectId: p.id,
      values: { scoExemption: 'Projet sélectionné sur coûts réels avant la décision de l’autorité' },
    })
    expect(explained.moneyChecks.map((c) => c.code)).not.toContain('sco_required')
    expect(explained.budget.options.scoExemption).toMatch(/coûts réels/)
    // Above 200 000 €, no flag.
    const big = await projectWithBudget(ws, partnerId, [{ category: 'staff', cents: 20_000_001 }], { code: 'BIG-1' })
    expect(big.moneyChecks.map((c) => c.code)).not.toContain('sco_required')
  })
})
