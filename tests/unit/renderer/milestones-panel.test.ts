// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import MilestonesPanel from '@/components/MilestonesPanel.vue'
import type { MilestoneRow } from '~/database/progress'
import { fakeAmif, freshPinia, mountApp } from './mount'

/** The project's Milestones tab: a late milestone offers its reminder letters, in the same dialog as a late report's. */
describe('MilestonesPanel', () => {
  const projectId = '7d0e3a52-52f4-4a55-9a3e-0c1f6b1d2e3f'
  const milestone = (id: string, title: string, late: boolean): MilestoneRow => ({
    id,
    projectId,
    title,
    description: null,
    objectiveCode: 'SO2',
    projectIndicatorId: null,
    indicatorCode: null,
    dueDate: late ? '2026-01-15' : '2027-05-01',
    status: 'planned',
    doneDate: null,
    evidence: null,
    responsibleId: null,
    responsibleName: null,
    late,
    daysLate: late ? 322 : 0,
    updatedAt: '2026-01-01T00:00:00.000Z',
  })

  it('opens the late milestone’s reminder letters, about that milestone, and closes them', async () => {
    fakeAmif()
    const project = {
      id: projectId,
      objectiveCode: 'SO2',
      beneficiaryId: 'org-1',
      beneficiaryName: 'Caritas International',
      beneficiaryAcronym: null,
      partners: [],
      milestones: [milestone('m-late', 'Rapport d’étape remis', true), milestone('m-later', 'Atelier final', false)],
    }
    const view = mountApp(MilestonesPanel, { pinia: freshPinia(), props: { project }, stubs: ['SubjectDocuments'] })
    await flushPromises()
    const buttons = view.findAll('[data-testid="milestone-reminder"]')
    expect(buttons).toHaveLength(1)
    await buttons[0].trigger('click')
    await flushPromises()
    const dialog = document.body.querySelector('[data-testid="milestone-reminder-dialog"]')
    expect(dialog?.textContent).toContain('Lettres de rappel : Rapport d’étape remis')
    expect(dialog?.querySelector('subject-documents-stub')?.getAttribute('subjectid')).toBe('m-late')
    // Closed (Element Plus says so once its closing animation has run, which happy-dom does not play).
    view.findComponent({ name: 'ElDialog' }).vm.$emit('update:modelValue', false)
    await flushPromises()
    expect(document.body.querySelector('[data-testid="milestone-reminder-dialog"] subject-documents-stub')).toBeNull()
    view.unmount()
  })
})
