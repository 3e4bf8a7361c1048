import { describe, expect, it } from 'vitest'
import { computeRag, elapsedPercent, type RagInput } from '../../database/domain/rag'

const TODAY = '2026-07-02'
/** A running project from 2026-01-01 to 2026-12-31, half way through on TODAY (day 182 of 364), with nothing wrong. */
const base = (patch: Partial<RagInput> = {}): RagInput => ({
  status: 'running',
  startDate: '2026-01-01',
  endDate: '2026-12-31',
  openMilestoneDueDates: ['2026-09-30'],
  indicatorAchievements: [50, 60],
  openPaymentDates: ['2026-07-15'],
  ...patch,
})

describe('the traffic light', () => {
  it('is green when nothing is late, indicators keep pace with time and payments are on schedule', () => {
    expect(computeRag(base(), TODAY)).toEqual({ status: 'green', reasons: [] })
  })

  it('is not judged before the agreement is signed or after closing', () => {
    for (const status of ['draft', 'submitted', 'selected', 'closed', 'rejected', 'terminated'] as const) {
      expect(computeRag(base({ status, openMilestoneDueDates: ['2020-01-01'] }), TODAY).status).toBe('none')
    }
  })

  it('turns amber with a late milestone and red past 30 days or with three late', () => {
    expect(computeRag(base({ openMilestoneDueDates: ['2026-07-01'] }), TODAY)).toEqual({
      status: 'amber',
      reasons: [{ code: 'milestones_late', severity: 'amber', params: { count: 1, maxDays: 1 } }],
    })
    expect(computeRag(base({ openMilestoneDueDates: ['2026-06-02'] }), TODAY).status).toBe('amber') // 30 days: still amber
    expect(computeRag(base({ openMilestoneDueDates: ['2026-06-01'] }), TODAY).reasons[0]).toMatchObject({ code: 'milestone_long_late', severity: 'red' })
    expect(computeRag(base({ openMilestoneDueDates: ['2026-06-29', '2026-06-30', '2026-07-01'] }), TODAY).status).toBe('red')
    expect(computeRag(base({ openMilestoneDueDates: [TODAY] }), TODAY).status).toBe('green') // due today is not late
  })

  it('compares indicator achievement with the time elapsed once a quarter has passed', () => {
    const half = elapsedPercent('2026-01-01', '2026-12-31', TODAY)
    expect(Math.round(half)).toBe(50)
    // 25 points behind is still green; 26 is amber.
    expect(computeRag(base({ indicatorAchievements: [20, 30] }), TODAY).status).toBe('green')
    expect(computeRag(base({ indicatorAchievements: [20, 28] }), TODAY).reasons).toEqual([
      { code: 'indicators_behind', severity: 'amber', params: { elapsedPct: 50, achievementPct: 24 } },
    ])
    expect(computeRag(base({ indicatorAchievements: [null, null] }), '2026-09-01').reasons[0]).toMatchObject({ code: 'indicators_far_behind', severity: 'red' })
    // Over-achievement of one indicator does not hide another: each is capped at 100 %.
    expect(computeRag(base({ indicatorAchievements: [300, 0, 0, 0, 0] }), TODAY).reasons[0]).toMatchObject({ code: 'indicators_behind' })
    // Early in the project, nothing is expected yet.
    expect(computeRag(base({ indicatorAchievements: [0] }), '2026-03-01').status).toBe('green')
  })

  it('flags overdue payments, red after 60 days, and a running project long past its end', () => {
    expect(computeRag(base({ openPaymentDates: ['2026-06-03'] }), TODAY).reasons[0]).toMatchObject({ code: 'payment_overdue', severity: 'amber' })
    expect(computeRag(base({ openPaymentDates: ['2026-05-02'] }), TODAY).reasons[0]).toMatchObject({ code: 'payment_long_overdue', severity: 'red' })
    const ended = computeRag(
      base({ startDate: '2025-01-01', endDate: '2026-03-31', indicatorAchievements: [100], openPaymentDates: [], openMilestoneDueDates: [] }),
      TODAY,
    )
    expect(ended).toEqual({ status: 'amber', reasons: [{ code: 'ended_not_reported', severity: 'amber', params: { days: 93 } }] })
  })
})
