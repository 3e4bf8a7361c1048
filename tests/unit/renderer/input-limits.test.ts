// @vitest-environment happy-dom
import { ElMessage } from 'element-plus'
import { afterEach, describe, expect, it } from 'vitest'
import OrganisationForm from '@/components/OrganisationForm.vue'
import { mountApp } from './mount'

/**
 * A field with a maximum length says so, and a longer paste is refused with a message instead of
 * being cut without a word by the browser (issue 14), in every form: shown on the partner form.
 */

/** Pastes `text` into `field` as the browser would dispatch it; the event, to see if it was refused. */
function paste(field: HTMLInputElement | HTMLTextAreaElement, text: string): ClipboardEvent {
  const clipboardData = new DataTransfer()
  clipboardData.setData('text/plain', text)
  const event = new ClipboardEvent('paste', { clipboardData, bubbles: true, cancelable: true })
  field.dispatchEvent(event)
  return event
}

const messages = () => [...document.querySelectorAll('.el-message')].map((m) => m.textContent?.trim())

afterEach(() => {
  ElMessage.closeAll()
  document.querySelectorAll('.el-message').forEach((m) => m.remove())
})

describe('a field with a maximum length', () => {
  it('shows its count and limit, and refuses a longer paste with a message, the text left as it was', async () => {
    const wrapper = mountApp(OrganisationForm, { props: { partner: null, readOnly: false } })
    const nameField = wrapper.find('input[data-testid="field-name"]')
    await nameField.setValue('Croix-Rouge')
    const name = nameField.element as HTMLInputElement
    expect(nameField.element.closest('.el-input')?.querySelector('.el-input__count')?.textContent?.replace(/\s/g, '')).toBe('11/200')

    name.setSelectionRange(11, 11)
    const refused = paste(name, 'x'.repeat(190))
    expect(refused.defaultPrevented).toBe(true)
    await wrapper.vm.$nextTick()
    expect(messages()).toEqual(['Texte collé trop long : 190 caractères, ce champ en accepte 200 au plus. Rien n’a été collé : raccourcissez le texte.'])
    expect(name.value).toBe('Croix-Rouge')

    // What fits goes in as the browser pastes it; a selection the paste replaces is counted out.
    expect(paste(name, 'x'.repeat(189)).defaultPrevented).toBe(false)
    name.setSelectionRange(0, 11)
    expect(paste(name, 'y'.repeat(200)).defaultPrevented).toBe(false)

    const notes = wrapper.find('textarea[data-testid="field-notes"]').element as HTMLTextAreaElement
    expect(notes.closest('.el-textarea')?.querySelector('.el-input__count')?.textContent?.replace(/\s/g, '')).toBe('0/5000')
    expect(paste(notes, 'z'.repeat(5001)).defaultPrevented).toBe(true)
    expect(paste(notes, 'z'.repeat(5000)).defaultPrevented).toBe(false)
    expect(notes.value).toBe('')
    wrapper.unmount()
  })
})
