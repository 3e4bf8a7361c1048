import { describe, expect, it } from 'vitest'
import { visitRisk, type RiskInput } from '../../database/domain/visit-risk'

const TODAY = '2026-03-15'
const none: RiskInput['partner'] = { checkedDeclaredCents: 0, ineligibleCents: 0, highFindings: 0, overdueRecommendations: 0 }
const input = (patch: Partial<RiskInput> = {}): RiskInput => ({
  euCents: 0,
  checkedDeclaredCents: 0,
  ineligibleCents: 0,
  partner: none,
  lastVisitOn: TODAY,
  ...patch,
})
const points = (i: RiskInput) => Object.fromEntries(visitRisk(i, TODAY).factors.map((f) => [f.key, f.points]))

describe('the visit risk score', () => {
  it('scales the EU amount on a log scale: nothing up to €10 000, full at €5 million', () => {
    expect(points(input({ euCents: 1_000_000 })).amount).toBe(0)
    expect(points(input({ euCents: 10_000_000 })).amount).toBe(11) // €100 000
    expect(points(input({ euCents: 100_000_000 })).amount).toBe(22) // €1 million
    expect(points(input({ euCents: 500_000_000 })).amount).toBe(30)
    expect(points(input({ euCents: 5_000_000_000 })).amount).toBe(30)
  })

  it('counts the error rate found on verified claims, full at 10 %; none without a checked line', () => {
    expect(visitRisk(input(), TODAY)).toMatchObject({ errorRateBp: null })
    expect(points(input()).errorRate).toBe(0)
    expect(points(input({ checkedDeclaredCents: 1_000_000, ineligibleCents: 20_000 })).errorRate).toBe(6) // 2 %
    expect(points(input({ checkedDeclaredCents: 1_000_000, ineligibleCents: 500_000 })).errorRate).toBe(30)
  })

  it('adds the partner’s history, capped at 20', () => {
    expect(points(input({ partner: { ...none, checkedDeclaredCents: 100, ineligibleCents: 5 } })).partner).toBe(5) // 5 % on other projects
    expect(points(input({ partner: { ...none, highFindings: 1, overdueRecommendations: 1 } })).partner).toBe(10)
    expect(points(input({ partner: { ...none, highFindings: 3, overdueRecommendations: 2 } })).partner).toBe(20)
  })

  it('grows with the time since the last done visit; never visited counts in full', () => {
    expect(points(input({ lastVisitOn: null })).lastVisit).toBe(20)
    expect(points(input({ lastVisitOn: '2025-03-15' })).lastVisit).toBe(6) // a year
    expect(points(input({ lastVisitOn: '2023-01-01' })).lastVisit).toBe(20)
  })

  it('is the sum of its factors, 0 to 100', () => {
    const worst = visitRisk(
      input({ euCents: 1e10, checkedDeclaredCents: 1, ineligibleCents: 1, partner: { ...none, highFindings: 10 }, lastVisitOn: null }),
      TODAY,
    )
    expect(worst.score).toBe(100)
    const calm = visitRisk(input({ euCents: 100_000_000 }), TODAY)
    expect(calm.score).toBe(calm.factors.reduce((s, f) => s + f.points, 0))
    expect(calm.score).toBe(22)
  })
})
