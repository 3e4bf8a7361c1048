// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import VisitsPanel from '@/components/visits/VisitsPanel.vue'
import VerificationsView from '@/views/VerificationsView.vue'
import VisitsView from '@/views/VisitsView.vue'
import { fakeAmif, mountApp, type FakeCall } from './mount'

/**
 * The Verifications section, the Visits section (ranking and open recommendations) and a
 * project's visits read their lists a page at a time (issue 13 §2): the first page, then the next
 * one after the last row when the end of the list is reached, until the last page.
 */

const clock = { runDays: 10, stoppedDays: 0, daysLeft: 70, dueOn: '2027-02-11', stopped: false, overdue: false }
const claim = (id: string) => ({
  id,
  projectId: `p-${id}`,
  projectCode: `CODE-${id}`,
  projectTitle: `Projet ${id}`,
  beneficiaryName: 'Caritas International',
  beneficiaryAcronym: 'Caritas',
  kind: 'interim',
  reference: `DP-${id}`,
  periodStart: '2026-01-01',
  periodEnd: '2026-06-30',
  submittedOn: '2026-11-23',
  status: 'received',
  lineCount: 0,
  declaredCents: 100_00,
  acceptedCents: 0,
  ineligibleCents: 0,
  payableCents: 0,
  clock,
  updatedAt: '2026-11-23T10:00:00.000Z',
})
const ranked = (code: string) => ({
  projectId: `p-${code}`,
  code,
  title: `Projet ${code}`,
  beneficiaryId: 'o-1',
  beneficiaryName: 'Caritas International',
  beneficiaryAcronym: 'Caritas',
  euCents: 1_000_000_00,
  lastVisitOn: null,
  nextPlannedOn: null,
  checkedDeclaredCents: 0,
  ineligibleCents: 0,
  partnerHighFindings: 0,
  partnerOverdueRecommendations: 0,
  score: 45,
  factors: [
    { key: 'amount', points: 25, max: 30 },
    { key: 'errorRate', points: 0, max: 30 },
    { key: 'partner', points: 0, max: 20 },
    { key: 'lastVisit', points: 20, max: 20 },
  ],
  errorRateBp: null,
  partnerErrorRateBp: null,
  daysSinceVisit: null,
})
const recommendation = (id: string) => ({
  id,
  visitId: 'v-1',
  visitDate: '2026-03-10',
  projectId: 'p-1',
  projectCode: `CODE-${id}`,
  projectTitle: 'Projet',
  recommendation: `Recommandation ${id}`,
  dueDate: '2026-12-01',
  overdue: true,
  updatedAt: '2026-03-10T10:00:00.000Z',
})
const visit = (id: string) => ({
  id,
  projectId: 'p-1',
  visitDate: '2026-03-10',
  place: `Lieu ${id}`,
  officers: 'É. Test',
  scope: null,
  status: 'done',
  conclusion: null,
  updatedAt: '2026-03-10T10:00:00.000Z',
  findings: [],
  recommendations: [],
})

/** The one call on `channel` the fake has seen since `from`. */
function callOn(calls: FakeCall[], channel: string, from = 0): FakeCall {
  const found = calls.slice(from).filter((c) => c.channel === channel)
  expect(found).toHaveLength(1)
  return found[0]
}

describe('the Verifications section', () => {
  it('shows the first page of claims with the count and the sum declared, and reads the next page after it', async () => {
    const calls = fakeAmif()
    // Links to a project are left out (the test's router has no named routes).
    const view = mountApp(VerificationsView, { stubs: ['RouterLink'] })
    await flushPromises()
    const first = callOn(calls, 'claims.list')
    expect(first.input).toMatchObject({ limit: 100, status: ['received', 'under_verification', 'returned', 'verified'] })
    expect(first.input).not.toHaveProperty('offset')
    first.answer({ rows: [claim('1'), claim('2')], next: ['claims', 70, 20261123, 'CODE-2', '2'], total: 3, declaredCents: 300_00 })
    await flushPromises()
    expect(view.get('[data-testid="claims-count"]').text()).toContain('3')
    expect(view.get('[data-testid="verifications-table"]').text()).toContain('Projet 2')
    expect(view.text()).toContain('300,00')

    const seen = calls.length
    await view.get('[data-testid="load-more"] button').trigger('click')
    const next = callOn(calls, 'claims.list', seen)
    expect(next.input).toMatchObject({ after: ['claims', 70, 20261123, 'CODE-2', '2'], status: ['received', 'under_verification', 'returned', 'verified'] })
    next.answer({ rows: [claim('3')], next: null, total: null, declaredCents: null })
    await flushPromises()
    const table = view.get('[data-testid="verifications-table"]').text()
    for (const title of ['Projet 1', 'Projet 2', 'Projet 3']) expect(table).toContain(title)
    // The count and the sum stay those of the first page; no page is left to read.
    expect(view.get('[data-testid="claims-count"]').text()).toContain('3')
    expect(view.text()).toContain('300,00')
    expect(view.find('[data-testid="load-more"]').exists()).toBe(false)
    view.unmount()
  })
})

describe('the Visits section', () => {
  it('reads the ranking and the open recommendations a page at a time, each on its own', async () => {
    const calls = fakeAmif()
    const view = mountApp(VisitsView)
    await flushPromises()
    callOn(calls, 'visits.ranking').answer({ rows: [ranked('A-1'), ranked('A-2')], next: ['visitRanking', 45, 1_000_000_00, 'A-2', 'p-A-2'], total: 3 })
    callOn(calls, 'visits.openRecommendations').answer({ rows: [recommendation('r1')], next: null, total: 1 })
    await flushPromises()
    expect(view.get('[data-testid="visit-ranking"]').text()).toContain('A-2')
    expect(view.text()).toContain('2 premiers sur 3')
    // Only the ranking has more to read.
    expect(view.find('[data-testid="open-more"]').exists()).toBe(false)

    const seen = calls.length
    await view.get('[data-testid="ranking-more"] button').trigger('click')
    const next = callOn(calls, 'visits.ranking', seen)
    expect(next.input).toMatchObject({ after: ['visitRanking', 45, 1_000_000_00, 'A-2', 'p-A-2'] })
    expect(calls.slice(seen).filter((c) => c.channel === 'visits.openRecommendations')).toHaveLength(0)
    next.answer({ rows: [ranked('A-3')], next: null, total: null })
    await flushPromises()
    expect(view.findAll('[data-testid="visit-score"]')).toHaveLength(3)
    expect(view.find('[data-testid="ranking-more"]').exists()).toBe(false)
    expect(view.text()).not.toContain('premiers sur')
    view.unmount()
  })

  it('reads the next page of open recommendations after the last one shown', async () => {
    const calls = fakeAmif()
    const view = mountApp(VisitsView)
    await flushPromises()
    callOn(calls, 'visits.ranking').answer({ rows: [], next: null, total: 0 })
    callOn(calls, 'visits.openRecommendations').answer({
      rows: [recommendation('r1')],
      next: ['openRecommendations', '2026-12-01', 'CODE-r1', 'x', 'r1'],
      total: 2,
    })
    await flushPromises()
    const seen = calls.length
    await view.get('[data-testid="open-more"] button').trigger('click')
    const next = callOn(calls, 'visits.openRecommendations', seen)
    expect(next.input).toMatchObject({ after: ['openRecommendations', '2026-12-01', 'CODE-r1', 'x', 'r1'] })
    next.answer({ rows: [recommendation('r2')], next: null, total: null })
    await flushPromises()
    expect(view.get('[data-testid="open-recommendations"]').text()).toContain('Recommandation r2')
    expect(view.get('[data-testid="open-recommendations"]').text()).toContain('Recommandation r1')
    view.unmount()
  })
})

describe('a project’s visits', () => {
  /** The panel showing the first two of three visits, the next page asked for (its call, not answered yet). */
  async function askingNextPage() {
    const calls = fakeAmif()
    const view = mountApp(VisitsPanel, { props: { projectId: 'p-1' } })
    await flushPromises()
    callOn(calls, 'visits.list').answer({ rows: [visit('v1'), visit('v2')], next: ['visits:p-1', '2026-03-10', 'x', 'v2'], total: 3 })
    await flushPromises()
    expect(view.get('[data-testid="visits-table"]').text()).toContain('Lieu v2')
    expect(view.get('[data-testid="visits-more"]').text()).toContain('2 sur 3')
    const seen = calls.length
    await view.get('[data-testid="visits-more"] button').trigger('click')
    return { calls, view, seen, next: callOn(calls, 'visits.list', seen) }
  }

  it('shows the first page of visits and adds the next one after it', async () => {
    const { view, next } = await askingNextPage()
    expect(next.input).toMatchObject({ projectId: 'p-1', after: ['visits:p-1', '2026-03-10', 'x', 'v2'] })
    next.answer({ rows: [visit('v3')], next: null, total: null })
    await flushPromises()
    expect(view.get('[data-testid="visits-table"]').text()).toContain('Lieu v3')
    expect(view.find('[data-testid="visits-more"]').exists()).toBe(false)
    view.unmount()
  })

  it('shows the first page a write answers with, and drops a next page that arrives after it', async () => {
    const { calls, view, seen, next: late } = await askingNextPage()

    // The officer saves a visit while the next page is on its way: the save answers with the first page again.
    await view.get('[data-testid="visit-edit-v1"]').trigger('click')
    await flushPromises()
    const save = [...document.body.querySelectorAll<HTMLButtonElement>('[data-testid="visit-dialog"] button')].find((b) =>
      b.textContent?.includes('Enregistrer'),
    )
    save!.click()
    await flushPromises()
    callOn(calls, 'visits.save', seen).answer({ rows: [visit('v1'), visit('v4')], next: ['visits:p-1', '2026-03-10', 'x', 'v4'], total: 4 })
    await flushPromises()
    late.answer({ rows: [visit('v3')], next: null, total: null })
    await flushPromises()
    const table = view.get('[data-testid="visits-table"]').text()
    expect(table).toContain('Lieu v4')
    expect(table).not.toContain('Lieu v3')
    expect(view.get('[data-testid="visits-more"]').text()).toContain('2 sur 4')
    view.unmount()
  })
})
