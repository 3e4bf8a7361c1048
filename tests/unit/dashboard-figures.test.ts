import path from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { invoke } from '../../electron/api/index'
import type { Workspace } from '../../electron/api/workspace'
import { dashboardSummary, topOfAttention } from '../../database/dashboard'
import { visitRanking } from '../../database/visits'
import { dashboardQuery } from '../../database/domain/schemas/projects'
import { addDays } from '../../database/domain/dates'
import { ragFactsOn, ragOfFacts, ragThresholds, type RagTimeline } from '../../database/domain/rag'
import { MILESTONE_STATUSES, PAYMENT_STATUSES, PROJECT_STATUSES, RATE_GROUNDS, STRANDS } from '../../database/domain/vocabulary'
import { ok, openNewFile, testWorkspace } from './helpers'

/**
 * Issue 13: the dashboard reads its figures from the kept per-project table (one grouped pass,
 * what depends on today compared with today in SQL) and of each needs-attention list only its
 * first rows. Whatever the writes, the day and the filters, it shows exactly what the
 * straightforward computation (every project listed and judged, every milestone and payment
 * read, the lists cut afterwards) gives.
 */

const dayFrom = (n: number) => new Date(Date.UTC(2024, 0, 1) + n * 86_400_000).toISOString().slice(0, 10)

describe('the first days of a traffic light', () => {
  const timeline: fc.Arbitrary<RagTimeline> = fc
    .record({
      status: fc.constantFrom(...PROJECT_STATUSES),
      start: fc.integer({ min: 0, max: 1500 }),
      length: fc.integer({ min: 0, max: 1500 }),
      dues: fc.array(fc.integer({ min: -200, max: 3200 }), { maxLength: 5 }),
      payments: fc.array(fc.integer({ min: -200, max: 3200 }), { maxLength: 3 }),
      mean: fc.option(fc.integer({ min: 0, max: 1000 }).map((t) => t / 10)),
      rate: fc.integer({ min: 0, max: 10000 }),
      ground: fc.option(fc.constantFrom(...RATE_GROUNDS)),
    })
    .map((r) => ({
      status: r.status,
      startDate: dayFrom(r.start),
      endDate: dayFrom(r.start + r.length),
      openMilestoneDueDates: r.dues.map(dayFrom).sort(),
      indicatorMeanPct: r.mean,
      openPaymentDates: r.payments.map(dayFrom).sort(),
      euRateBp: r.rate,
      rateGround: r.ground,
    }))

  it('give on any day the light the rule gives', () => {
    fc.assert(
      fc.property(timeline, fc.array(fc.integer({ min: -400, max: 3600 }), { minLength: 1, maxLength: 12 }), (t, days) => {
        const { amberOn, redOn } = ragThresholds(t)
        for (const day of days.map(dayFrom)) {
          const rule = ragOfFacts(ragFactsOn(t, day), day).status
          const kept = redOn !== null && redOn <= day ? 'red' : amberOn !== null && amberOn <= day ? 'amber' : 'green'
          expect({ day, light: rule === 'none' ? 'none' : kept }).toEqual({ day, light: rule })
        }
      }),
      { numRuns: 300, seed: 13 },
    )
  })
})

type Write =
  | { kind: 'milestone'; project: number; day: number; status: number }
  | { kind: 'moveMilestone'; project: number; milestone: number; day: number; status: number }
  | { kind: 'deleteMilestone'; project: number; milestone: number }
  | { kind: 'payment'; project: number; day: number; status: number; cents: number }
  | { kind: 'status'; project: number; status: number; day: number }
  | { kind: 'measure'; project: number; value: number; day: number }

const write: fc.Arbitrary<Write> = fc.oneof(
  fc.record({ kind: fc.constant('milestone' as const), project: fc.nat(), day: fc.integer({ min: 0, max: 1500 }), status: fc.nat() }),
  fc.record({ kind: fc.constant('moveMilestone' as const), project: fc.nat(), milestone: fc.nat(), day: fc.integer({ min: 0, max: 1500 }), status: fc.nat() }),
  fc.record({ kind: fc.constant('deleteMilestone' as const), project: fc.nat(), milestone: fc.nat() }),
  fc.record({
    kind: fc.constant('payment' as const),
    project: fc.nat(),
    day: fc.integer({ min: 0, max: 1500 }),
    status: fc.nat(),
    cents: fc.integer({ min: 1, max: 5_000_000 }),
  }),
  fc.record({ kind: fc.constant('status' as const), project: fc.nat(), status: fc.nat(), day: fc.integer({ min: 0, max: 1500 }) }),
  fc.record({ kind: fc.constant('measure' as const), project: fc.nat(), value: fc.integer({ min: 0, max: 5000 }), day: fc.integer({ min: 0, max: 1500 }) }),
)

/** Applies one write through the app's channels; a write the app refuses (a rule, a validation) changes nothing. */
async function apply(ws: Workspace, ids: string[], w: Write): Promise<void> {
  const projectId = ids[w.project % ids.length]
  const p = await ok(ws, 'projects.get', { id: projectId, today: '2026-03-15' })
  const call = (channel: string, input: unknown) => invoke(ws, channel, input)
  const milestoneValues = (day: number, status: number) => {
    const s = MILESTONE_STATUSES[status % MILESTONE_STATUSES.length]
    return { title: 'Étape', dueDate: dayFrom(day), status: s, doneDate: s === 'done' ? dayFrom(day) : null }
  }
  if (w.kind === 'milestone') await call('milestones.save', { projectId, values: milestoneValues(w.day, w.status) })
  else if (w.kind === 'moveMilestone' && p.milestones.length) {
    const m = p.milestones[w.milestone % p.milestones.length]
    await call('milestones.save', { projectId, id: m.id, expectedUpdatedAt: m.updatedAt, values: milestoneValues(w.day, w.status) })
  } else if (w.kind === 'deleteMilestone' && p.milestones.length) {
    await call('milestones.delete', { id: p.milestones[w.milestone % p.milestones.length].id })
  } else if (w.kind === 'payment') {
    const status = PAYMENT_STATUSES[w.status % PAYMENT_STATUSES.length]
    const date = dayFrom(w.day)
    await call('payments.save', {
      projectId,
      values: {
        kind: 'interim',
        plannedDate: date,
        plannedCents: w.cents,
        status,
        paidDate: status === 'paid' ? date : null,
        paidCents: status === 'paid' ? w.cents : null,
      },
    })
  } else if (w.kind === 'status') {
    const next = p.allowedTransitions[w.status % Math.max(1, p.allowedTransitions.length)]
    if (next) await call('projects.setStatus', { id: projectId, status: next, changedOn: dayFrom(w.day), expectedUpdatedAt: p.updatedAt })
  } else if (w.kind === 'measure' && p.indicators.length) {
    const indicator = p.indicators[w.value % p.indicators.length]
    await call('indicators.addMeasurement', {
      projectIndicatorId: indicator.id,
      values: { measuredOn: dayFrom(w.day), value: w.value, source: 'Rapport', confirmDecrease: true },
    })
  }
}

const DAYS = ['2024-06-01', '2025-06-15', '2026-03-15', '2026-12-03', '2027-09-30', '2029-01-01']

/** The dashboard channel against the straightforward computation cut to its first rows, for each day and filter. */
async function expectDashboardEqualsFullComputation(ws: Workspace, officers: string[], days: string[] = DAYS): Promise<void> {
  const db = ws.file().db
  const filters = [
    {},
    ...STRANDS.map((strand) => ({ strand })),
    ...officers.map((officer) => ({ officer })),
    { from: '2025-01-01', to: '2025-12-31' },
    { strand: 'reception' as const, from: '2026-01-01' },
  ]
  for (const today of days) {
    for (const filter of filters) {
      const shown = await ok(ws, 'dashboard.summary', { ...filter, today })
      const full = topOfAttention(await dashboardSummary(db, dashboardQuery.parse(filter), today))
      expect({ today, filter, view: shown }).toEqual({ today, filter, view: full })
    }
  }
}

describe('the dashboard read from the kept figures', () => {
  it('shows the figures and lists of the straightforward computation on the demonstration file, for every day and filter', async () => {
    const { ws, dir } = testWorkspace()
    await openNewFile(ws, path.join(dir, 'dashboard.amif'), { demo: true })
    await expectDashboardEqualsFullComputation(ws, await ok(ws, 'projects.officers', {}))
    // On the very days a milestone or payment falls due or a light changes, and the day after: where a comparison could be off by one.
    const kept = ws
      .file()
      .sqlite.prepare(
        `SELECT DISTINCT d FROM (SELECT first_open_due AS d FROM project_figures UNION SELECT last_open_due FROM project_figures
           UNION SELECT first_open_payment FROM project_figures UNION SELECT last_open_payment FROM project_figures
           UNION SELECT rag_amber_on FROM project_figures UNION SELECT rag_red_on FROM project_figures) WHERE d IS NOT NULL ORDER BY d`,
      )
      .all() as { d: string }[]
    const edges = kept.filter((_, i) => i % Math.ceil(kept.length / 6) === 0).flatMap(({ d }) => [d, addDays(d, 1), addDays(d, -30)])
    await expectDashboardEqualsFullComputation(ws, [], edges)
  }, 240_000)

  it('stays equal to the straightforward computation after any writes (milestones, payments, status, measurements)', async () => {
    const { ws, dir } = testWorkspace()
    await openNewFile(ws, path.join(dir, 'dashboard.amif'), { demo: true })
    const ids = (await ok(ws, 'projects.list', { today: '2026-03-15' })).rows.map((r) => r.id)
    const officers = await ok(ws, 'projects.officers', {})
    await fc.assert(
      fc.asyncProperty(fc.array(write, { minLength: 1, maxLength: 10 }), async (writes) => {
        for (const w of writes) await apply(ws, ids, w)
        await expectDashboardEqualsFullComputation(ws, officers.slice(0, 1))
      }),
      { numRuns: 8, seed: 13 },
    )
  }, 300_000)

  it('ranks the projects to visit as before: the dashboard’s top rows are the ranking’s first', async () => {
    const { ws, dir } = testWorkspace()
    await openNewFile(ws, path.join(dir, 'ranking.amif'), { demo: true })
    for (const today of DAYS) {
      const full = await visitRanking(ws.file().db, {}, today)
      const shown = await ok(ws, 'dashboard.summary', { today })
      expect(shown.attention.visitRanking).toEqual({ rows: full.rows.slice(0, 3), total: full.total })
      // The first few, found without scoring every project, are the whole ranking's first, for any filter.
      for (const filters of [{}, ...STRANDS.map((strand) => ({ strand: [strand] }))]) {
        const all = await visitRanking(ws.file().db, { filters }, today)
        for (const limit of [1, 2, 5, 12]) {
          expect(await visitRanking(ws.file().db, { filters, limit }, today)).toEqual({ rows: all.rows.slice(0, limit), total: all.total })
        }
      }
    }
  })
})
