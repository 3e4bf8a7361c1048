// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import ChecklistQuestionsPanel from '@/components/ChecklistQuestionsPanel.vue'
import { fakeAmif, freshPinia, mountApp } from './mount'

const question = (patch: Record<string, unknown> = {}) => ({
  id: 'visibility',
  sortOrder: 70,
  textFr: 'Les obligations de visibilité sont respectées.',
  textNl: 'De zichtbaarheidsverplichtingen zijn nageleefd.',
  textEn: 'The visibility obligations are met.',
  legalBasis: 'CPR Art. 50',
  active: true,
  answers: 3,
  updatedAt: '2026-12-03T00:00:00.000Z',
  ...patch,
})

/** The verification checklist as reference data: the officer rewords a question in three languages. */
describe('ChecklistQuestionsPanel', () => {
  it('lists the questions in the window’s language, offers no deletion of an answered one, and saves a rewording with its version', async () => {
    const calls = fakeAmif()
    const view = mountApp(ChecklistQuestionsPanel, { pinia: freshPinia() })
    expect(calls[0]).toMatchObject({ channel: 'verification.questions' })
    calls[0].answer([question(), question({ id: 'new-one', textFr: 'Question jamais posée', answers: 0 })])
    await flushPromises()
    expect(view.text()).toContain('Les obligations de visibilité sont respectées.')
    expect(view.text()).toContain('CPR Art. 50')
    // Deleting is offered only for the question no claim answered.
    expect(view.findAll('button').filter((b) => b.text() === 'Supprimer')).toHaveLength(1)

    await view
      .findAll('button')
      .find((b) => b.text() === 'Modifier')!
      .trigger('click')
    await flushPromises()
    const nl = document.querySelectorAll<HTMLTextAreaElement>('[data-testid="checklist-dialog"] textarea')[1]
    nl.value = 'De verplichtingen inzake zichtbaarheid (art. 50 GVB) zijn nageleefd.'
    nl.dispatchEvent(new Event('input'))
    await flushPromises()
    document.querySelector<HTMLButtonElement>('[data-testid="dialog-save"]')!.click()
    await flushPromises()
    const save = calls.find((c) => c.channel === 'verification.saveQuestion')!
    expect(save.input).toMatchObject({
      id: 'visibility',
      expectedUpdatedAt: '2026-12-03T00:00:00.000Z',
      values: { textNl: 'De verplichtingen inzake zichtbaarheid (art. 50 GVB) zijn nageleefd.', textFr: question().textFr, active: true },
    })
    view.unmount()
  })
})
