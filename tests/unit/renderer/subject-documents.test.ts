// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import SubjectDocuments from '@/components/SubjectDocuments.vue'
import { fakeAmif, freshPinia, mountApp } from './mount'

/** The documents of one claim or visit, where the verification and visit pages show them. */
describe('SubjectDocuments', () => {
  it('lists the claim’s reports and produces one in the chosen language, then lists again', async () => {
    const calls = fakeAmif()
    const view = mountApp(SubjectDocuments, { pinia: freshPinia(), props: { kind: 'verification_report', subjectId: 'claim-1' }, stubs: ['DocumentTable'] })
    expect(calls.map((c) => [c.channel, c.input])).toEqual([['documents.list', { subjectId: 'claim-1', kind: 'verification_report' }]])
    calls[0].answer({ rows: [], next: null, total: 0 })
    await flushPromises()
    expect(view.text()).toContain('Produire le rapport de vérification')

    const nl = view.findAll('[data-testid="subject-documents-language"] input').find((i) => i.attributes('value') === 'nl')!
    await nl.setValue(true)
    await view.find('[data-testid="subject-documents-produce"]').trigger('click')
    expect(calls[1]).toMatchObject({ channel: 'documents.generateVerification', input: { kind: 'verification_report', claimId: 'claim-1', language: 'nl' } })
    calls[1].answer({ reference: 'AMIF-X/VERIF/2026-10-01/v1', pageCount: 3 })
    await flushPromises()
    expect(calls[2]).toMatchObject({ channel: 'documents.list', input: { subjectId: 'claim-1' } })
    view.unmount()
  })

  it('produces a visit’s report with its visit', async () => {
    const calls = fakeAmif()
    const view = mountApp(SubjectDocuments, { pinia: freshPinia(), props: { kind: 'visit_report', subjectId: 'visit-1' }, stubs: ['DocumentTable'] })
    calls[0].answer({ rows: [], next: null, total: 0 })
    await flushPromises()
    await view.find('[data-testid="subject-documents-produce"]').trigger('click')
    expect(calls[1]).toMatchObject({ channel: 'documents.generateVerification', input: { kind: 'visit_report', visitId: 'visit-1', language: 'fr' } })
    view.unmount()
  })

  it('produces a milestone’s reminder letter in its contact’s language unless another is chosen', async () => {
    const calls = fakeAmif()
    const view = mountApp(SubjectDocuments, { pinia: freshPinia(), props: { kind: 'reminder_letter', subjectId: 'milestone-1' }, stubs: ['DocumentTable'] })
    expect(calls[0]).toMatchObject({ channel: 'documents.list', input: { subjectId: 'milestone-1', kind: 'reminder_letter' } })
    calls[0].answer({ rows: [], next: null, total: 0 })
    await flushPromises()
    expect(view.text()).toContain('Langue du contact')
    expect(view.text()).toContain('Produire la lettre de rappel')
    await view.find('[data-testid="subject-documents-produce"]').trigger('click')
    expect(calls[1]).toMatchObject({ channel: 'documents.generateReminder', input: { milestoneId: 'milestone-1', language: null } })
    view.unmount()
  })

  it('produces a late report’s reminder letter about that report', async () => {
    const subjectId = '7d0e3a52-52f4-4a55-9a3e-0c1f6b1d2e3f:report:progress:2'
    const calls = fakeAmif()
    const view = mountApp(SubjectDocuments, { pinia: freshPinia(), props: { kind: 'reminder_letter', subjectId }, stubs: ['DocumentTable'] })
    expect(calls[0]).toMatchObject({ channel: 'documents.list', input: { subjectId, kind: 'reminder_letter' } })
    calls[0].answer({ rows: [], next: null, total: 0 })
    await flushPromises()
    expect(view.text()).toContain('versionné pour ce rapport')
    await view.find('[data-testid="subject-documents-produce"]').trigger('click')
    expect(calls[1]).toMatchObject({ channel: 'documents.generateReminder', input: { reportId: subjectId, language: null } })
    expect(calls[1].input).not.toHaveProperty('milestoneId')
    view.unmount()
  })
})
