import { describe, expect, it } from 'vitest'
import { plannedTotalCents, scheduleState } from '../../database/domain/money'
import { referenceId } from '../../database/migrations/data/reference-2021-2027'
import { ok, refused } from './helpers'
import { message, openNew, projectWithBudget } from './money-helpers'

const LANGS = ['fr', 'nl', 'en'] as const

describe('payments never exceed the EU contribution', () => {
  it('adds percentages once on the EU contribution, so 40 + 40 + 20 % is complete whatever the rounding', () => {
    const eu = 100_001
    const byRate = [4000, 4000, 2000].map((bp) => ({ plannedCents: null, plannedRateBp: bp }))
    expect(plannedTotalCents(byRate, eu)).toBe(eu)
    expect(scheduleState(eu, eu)).toEqual({ state: 'complete', plannedBp: 10000, gapCents: 0 })
    expect(scheduleState(eu - 1, eu)).toEqual({ state: 'incomplete', plannedBp: 9999, gapCents: 1 })
    expect(scheduleState(eu + 1, eu)).toMatchObject({ state: 'above', gapCents: 1 })
  })

  it('refuses a planned payment above the EU contribution with the excess, in three languages', async () => {
    const { ws, partnerId } = await openNew()
    // 300 000 € of staff costs at 75 %: EU contribution 225 000 €.
    const p = await projectWithBudget(ws, partnerId, [{ category: 'staff', cents: 30_000_000 }])
    expect(p.budget.euCents).toBe(22_500_000)
    const advance = await ok(ws, 'payments.save', {
      projectId: p.id,
      values: { kind: 'advance', plannedDate: '2026-02-01', plannedRateBp: 4000, status: 'planned' },
    })
    expect(advance.moneyChecks).toContainEqual({ code: 'schedule_incomplete', params: { plannedBp: 4000, missingCents: 13_500_000 } })

    // 60 % + 135 000,01 € = 225 000,01 €: one cent too many.
    const error = await refused(ws, 'payments.save', {
      projectId: p.id,
      values: { kind: 'balance', plannedDate: '2026-12-31', plannedCents: 13_500_001, status: 'planned' },
    })
    expect(error).toMatchObject({
      code: 'VALIDATION',
      details: { issues: [{ path: 'values.plannedCents', message: 'paymentAboveEu', params: { excessCents: 1 } }] },
    })
    expect(message('fr', 'validation.paymentAboveEu', { excess: '0,01\u00a0€' })).toBe('Les paiements prévus dépasseraient la contribution UE de 0,01\u00a0€.')
    expect(message('nl', 'validation.paymentAboveEu', { excess: '€ 0,01' })).toBe('De geplande betalingen zouden de EU-bijdrage met € 0,01 overschrijden.')
    expect(message('en', 'validation.paymentAboveEu', { excess: '€0.01' })).toBe('The planned payments would exceed the EU contribution by €0.01.')

    // Exactly the rest: accepted, and the schedule is complete.
    const full = await ok(ws, 'payments.save', {
      projectId: p.id,
      values: { kind: 'balance', plannedDate: '2026-12-31', plannedCents: 13_500_000, status: 'planned' },
    })
    expect(full.paymentSummary.plannedCents).toBe(22_500_000)
    expect(full.moneyChecks.map((c) => c.code)).not.toContain('schedule_incomplete')
    expect(full.payments).toHaveLength(2)
  })

  it('refuses a payment made above the EU contribution, and lets a cancelled one free its share', async () => {
    const { ws, partnerId } = await openNew()
    const p = await projectWithBudget(ws, partnerId, [{ category: 'staff', cents: 1_000_000 }]) // EU 7 500 €
    const planned = await ok(ws, 'payments.save', {
      projectId: p.id,
      values: { kind: 'advance', plannedDate: '2026-02-01', plannedRateBp: 10000, status: 'planned' },
    })
    const id = planned.payments[0].id
    const overpaid = await refused(ws, 'payments.save', {
      projectId: p.id,
      id,
      values: { kind: 'advance', plannedDate: '2026-02-01', plannedRateBp: 10000, status: 'paid', paidDate: '2026-02-03', paidCents: 750_050 },
    })
    expect(overpaid).toMatchObject({
      code: 'VALIDATION',
      details: { issues: [{ path: 'values.paidCents', message: 'paidAboveEu', params: { excessCents: 50 } }] },
    })
    for (const lang of LANGS) expect(message(lang, 'validation.paidAboveEu', { excess: 'X' })).toContain('X')
    await ok(ws, 'payments.save', { projectId: p.id, id, values: { kind: 'advance', plannedDate: '2026-02-01', plannedRateBp: 10000, status: 'cancelled' } })
    const again = await ok(ws, 'payments.save', {
      projectId: p.id,
      values: { kind: 'advance', plannedDate: '2026-03-01', plannedCents: 750_000, status: 'paid', paidDate: '2026-03-02', paidCents: 750_000 },
    })
    expect(again.paymentSummary).toMatchObject({ plannedCents: 750_000, paidCents: 750_000, toPayCents: 0 })
  })

  it('refuses negative amounts with "must be positive" in three languages', async () => {
    const { ws, partnerId } = await openNew()
    const p = await projectWithBudget(ws, partnerId, [{ category: 'staff', cents: 1_000_000 }])
    const negative = await refused(ws, 'payments.save', {
      projectId: p.id,
      values: { kind: 'advance', plannedDate: '2026-02-01', plannedCents: -100, status: 'planned' },
    })
    expect(negative).toMatchObject({ code: 'VALIDATION', details: { issues: [{ path: 'values.plannedCents', message: 'mustBePositive' }] } })
    const line = await refused(ws, 'budget.saveLine', {
      projectId: p.id,
      values: { category: 'travel', costModel: 'actual_costs', description: 'Billets', amountCents: -1 },
    })
    expect(line).toMatchObject({ details: { issues: [{ path: 'values.amountCents', message: 'mustBePositive' }] } })
    expect([message('fr', 'validation.mustBePositive'), message('nl', 'validation.mustBePositive'), message('en', 'validation.mustBePositive')]).toEqual([
      'Doit être positif.',
      'Moet positief zijn.',
      'Must be positive.',
    ])
  })
})

describe('indicator measurements', () => {
  async function indicator() {
    const t = await openNew()
    const p = await projectWithBudget(t.ws, t.partnerId, [])
    const pi = await ok(t.ws, 'indicators.saveForProject', {
      projectId: p.id,
      values: { indicatorId: referenceId('indicator', 'O.3.2'), target: 100, unit: 'items' },
    })
    return { ...t, pi }
  }

  it('are dated within the project’s period: the last day is accepted, the day after refused', async () => {
    const { ws, pi } = await indicator()
    await ok(ws, 'indicators.addMeasurement', { projectIndicatorId: pi.id, values: { measuredOn: '2026-12-31', value: 10, source: 'Rapport final' } })
    const late = await refused(ws, 'indicators.addMeasurement', {
      projectIndicatorId: pi.id,
      values: { measuredOn: '2027-01-01', value: 12, source: 'Rapport' },
    })
    expect(late).toMatchObject({
      code: 'VALIDATION',
      details: { issues: [{ path: 'values.measuredOn', message: 'measuredAfterEnd', params: { to: '2026-12-31' } }] },
    })
    const early = await refused(ws, 'indicators.addMeasurement', {
      projectIndicatorId: pi.id,
      values: { measuredOn: '2025-12-31', value: 1, source: 'Rapport' },
    })
    expect(early).toMatchObject({ details: { issues: [{ message: 'measuredBeforeStart' }] } })
    for (const lang of LANGS) expect(message(lang, 'validation.measuredAfterEnd', { to: '31/12/2026' })).toContain('31/12/2026')
    expect((await ok(ws, 'projects.get', { id: pi.projectId })).indicators[0].measurements).toHaveLength(1)
  })

  it('ask for a confirmation and a note when a cumulative value goes down', async () => {
    const { ws, pi } = await indicator()
    await ok(ws, 'indicators.addMeasurement', { projectIndicatorId: pi.id, values: { measuredOn: '2026-03-01', value: 40, source: 'Rapport intermédiaire' } })
    const lower = { measuredOn: '2026-06-01', value: 35, source: 'Rapport corrigé' }
    const asked = await refused(ws, 'indicators.addMeasurement', { projectIndicatorId: pi.id, values: lower })
    expect(asked).toMatchObject({
      code: 'VALIDATION',
      details: { issues: [{ path: 'values.value', message: 'valueBelowPrevious', params: { previous: 40 } }] },
    })
    const noNote = await refused(ws, 'indicators.addMeasurement', { projectIndicatorId: pi.id, values: { ...lower, confirmDecrease: true } })
    expect(noNote).toMatchObject({ details: { issues: [{ message: 'decreaseNoteRequired' }] } })
    for (const lang of LANGS) expect(message(lang, 'validation.valueBelowPrevious', { previous: 40 })).toContain('40')
    const kept = await ok(ws, 'indicators.addMeasurement', {
      projectIndicatorId: pi.id,
      values: { ...lower, confirmDecrease: true, note: 'Cinq personnes comptées deux fois' },
    })
    expect(kept.measurements.map((m) => [m.value, m.note])).toEqual([
      [40, null],
      [35, 'Cinq personnes comptées deux fois'],
    ])
    // Equal or higher: no question asked.
    await ok(ws, 'indicators.addMeasurement', { projectIndicatorId: pi.id, values: { measuredOn: '2026-07-01', value: 35, source: 'Rapport' } })
  })
})
