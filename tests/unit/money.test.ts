import { describe, expect, it } from 'vitest'
import { applyRate, coFinancing, computeBudget, parseAmountToCents, plannedPaymentCents, type BudgetLineInput } from '../../database/domain/money'

const line = (patch: Partial<BudgetLineInput>): BudgetLineInput => ({
  category: 'staff',
  costModel: 'actual_costs',
  amountCents: null,
  units: null,
  unitCostCents: null,
  ...patch,
})

describe('the money rule', () => {
  it('splits 75 % co-financing exactly, the EU share rounded down and the rest to the own contribution', () => {
    expect(coFinancing(12_000_000, 7500)).toEqual({ euCents: 9_000_000, ownCents: 3_000_000 })
    // 75 % of 1 000,01 € is 750,0075 €: the EU pays 750,00 €, the beneficiary 250,01 €.
    expect(coFinancing(100_001, 7500)).toEqual({ euCents: 75_000, ownCents: 25_001 })
    expect(coFinancing(100_001, 9000)).toEqual({ euCents: 90_000, ownCents: 10_001 })
    expect(coFinancing(99_999, 10000)).toEqual({ euCents: 99_999, ownCents: 0 })
  })

  it('stays exact for amounts beyond floating-point precision', () => {
    expect(applyRate(900_719_925_474_099, 7500)).toBe(675_539_944_105_574)
  })

  it('computes 7 % of direct costs and 15 % of staff costs as flat rates, rounded down', () => {
    const lines = [
      line({ category: 'staff', amountCents: 5_000_033 }),
      line({ category: 'travel', amountCents: 1_000_000 }),
      line({ category: 'target_group_costs', costModel: 'unit_cost', units: 40, unitCostCents: 125_050 }),
      line({ category: 'indirect', costModel: 'flat_rate_7_direct' }),
    ]
    const b = computeBudget(lines, 7500)
    // Direct: 50 000,33 + 10 000 + 40 × 1 250,50 = 110 020,33 €; 7 % = 7 701,4231 → 7 701,42 €.
    expect(b.directCents).toBe(11_002_033)
    expect(b.lineCents).toEqual([5_000_033, 1_000_000, 5_002_000, 770_142])
    expect(b.indirectCents).toBe(770_142)
    expect(b.eligibleCents).toBe(11_772_175)
    expect(b.euCents).toBe(8_829_131) // 88 291,3125 → 88 291,31
    expect(b.ownCents).toBe(2_943_044)
    expect(b.byCategory).toContainEqual({ category: 'indirect', cents: 770_142 })

    const staffRate = computeBudget(
      [
        line({ amountCents: 1_000_001 }),
        line({ category: 'equipment', costModel: 'lump_sum', amountCents: 500_000 }),
        line({ category: 'indirect', costModel: 'flat_rate_15_staff' }),
      ],
      7500,
    )
    expect(staffRate.lineCents[2]).toBe(150_000) // 15 % of 10 000,01 € = 1 500,0015 → 1 500,00
  })

  it('plans a payment by amount or by percentage of the EU contribution', () => {
    expect(plannedPaymentCents({ plannedCents: 123_45, plannedRateBp: null }, 9_000_000)).toBe(12_345)
    expect(plannedPaymentCents({ plannedCents: null, plannedRateBp: 4000 }, 8_829_131)).toBe(3_531_652)
  })
})

describe('amounts typed by an officer', () => {
  it('are read in French, Dutch and English notation, to the cent', () => {
    expect(parseAmountToCents('1 234,56')).toBe(123_456)
    expect(parseAmountToCents('1\u202f234,5 €')).toBe(123_450)
    expect(parseAmountToCents('1.234,56')).toBe(123_456)
    expect(parseAmountToCents('1,234.56')).toBe(123_456)
    expect(parseAmountToCents('100000')).toBe(10_000_000)
    expect(parseAmountToCents('1.234.567')).toBe(123_456_700)
    expect(parseAmountToCents('0,07')).toBe(7)
  })

  it('refuse what is not an amount', () => {
    for (const text of ['', 'abc', '-5', '12,345,', '1,2a', '€']) expect(parseAmountToCents(text), text).toBeNull()
  })
})
