// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import ReportsPanel from '@/components/ReportsPanel.vue'
import type { ProjectReport } from '~/database/reporting'
import { fakeAmif, freshPinia, mountApp } from './mount'

/** The project's Reports tab: each report the agreement asks for, the late ones in red with their reminder letters. */
describe('ReportsPanel', () => {
  const projectId = '7d0e3a52-52f4-4a55-9a3e-0c1f6b1d2e3f'
  const reports: ProjectReport[] = [
    {
      kind: 'progress',
      number: 1,
      subjectId: `${projectId}:report:progress:1`,
      periodStart: '2025-01-01',
      periodEnd: '2025-12-31',
      dueDate: '2026-03-01',
      owed: true,
      received: false,
      late: true,
      daysLate: 275,
    },
    {
      kind: 'final',
      number: null,
      subjectId: `${projectId}:report:final`,
      periodStart: '2025-01-01',
      periodEnd: '2027-06-30',
      dueDate: '2027-09-28',
      owed: true,
      received: false,
      late: false,
      daysLate: 0,
    },
  ]

  it('lists the reports with their period and due date, marks the late one and opens its reminder letters', async () => {
    const calls = fakeAmif()
    const project = { id: projectId, status: 'running', startDate: '2025-01-01', endDate: '2027-06-30' }
    const view = mountApp(ReportsPanel, { pinia: freshPinia(), props: { project }, stubs: ['SubjectDocuments'] })
    expect(calls[0]).toMatchObject({ channel: 'reports.list', input: { projectId } })
    calls[0].answer(reports)
    await flushPromises()
    const text = view.text()
    expect(text).toContain('Rapport intermédiaire n° 1')
    expect(text).toContain('Rapport final')
    expect(text).toContain('275 jours de retard')
    expect(text).toContain('À venir')
    expect(view.findAll('[data-testid="report-late"]')).toHaveLength(1)
    const buttons = view.findAll('[data-testid="report-reminder"]')
    expect(buttons).toHaveLength(1)
    expect(buttons[0].attributes('aria-label')).toBe('Lettre de rappel : Rapport intermédiaire n° 1')
    await buttons[0].trigger('click')
    await flushPromises()
    const dialog = document.body.querySelector('[data-testid="report-reminder-dialog"]')
    expect(dialog?.textContent).toContain('Lettres de rappel : Rapport intermédiaire n° 1')
    view.unmount()
  })
})
