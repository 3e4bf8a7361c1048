// @vitest-environment happy-dom
import path from 'node:path'
import { nextTick } from 'vue'
import { describe, expect, it } from 'vitest'
import { organisationValues } from '@domain/schemas/partners'
import { callValues } from '@domain/schemas/projects'
import { call } from '@/api/client'
import { useSchemaForm, type FormValues } from '@/composables/useSchemaForm'
import { i18n } from '@/i18n'
import { testWorkspace } from '../helpers'
import { bindAmif } from './mount'

const emptyCall = (): FormValues<typeof callValues> => ({
  reference: '',
  title: '',
  strand: 'integration',
  objectiveCode: 'SO2',
  opensOn: '',
  closesOn: '',
  envelopeCents: null,
  notes: '',
})

describe('useSchemaForm', () => {
  it('shows a field message once the field is changed, in the UI language', async () => {
    i18n.global.locale.value = 'fr'
    const form = useSchemaForm(callValues, emptyCall())
    expect(form.valid.value).toBe(false)
    expect(form.errors.value.reference).toBeUndefined()
    form.values.reference = 'X'
    await nextTick()
    form.values.reference = ''
    await nextTick()
    expect(form.errors.value.reference).toBe(i18n.global.t('validation.required'))
    expect(form.errors.value.title).toBeUndefined()
    expect(form.dirty.value).toBe(false)
  })

  it('refuses to save values the schema refuses: every message shows and nothing is sent', async () => {
    const form = useSchemaForm(callValues, {
      ...emptyCall(),
      reference: 'AMIF/2026/X',
      title: 'Appel',
      opensOn: '2026-02-01',
      closesOn: '2026-01-01',
      envelopeCents: 100,
    })
    let sent = 0
    const saved = await form.submit(null, async () => {
      sent++
    })
    expect(saved).toBe(false)
    expect(sent).toBe(0)
    expect(form.errors.value.closesOn).toBe(i18n.global.t('validation.endBeforeStart'))
  })

  it('hands the checked values to the save, which the real API takes as they are', async () => {
    const t = testWorkspace()
    await t.ws.create(path.join(t.dir, 'form.amif'))
    bindAmif(t.ws)
    const form = useSchemaForm(callValues, emptyCall())
    Object.assign(form.values, {
      reference: 'AMIF/2026/INT-01',
      title: 'Intégration 2026',
      opensOn: '2026-01-15',
      closesOn: '2026-03-31',
      envelopeCents: 250_000_00,
    })
    await nextTick()
    expect(form.dirty.value).toBe(true)
    const saved = await form.submit(null, async (input) => {
      await call('calls.create', { values: input })
    })
    expect(saved).toBe(true)
    expect(form.dirty.value).toBe(false)
    const calls = (await call('calls.list')).rows
    expect(calls.map((c) => [c.reference, c.envelopeCents])).toEqual([['AMIF/2026/INT-01', 250_000_00]])
  })

  it('shows the server refusal of a field under it, and the message goes once the field changes', async () => {
    const form = useSchemaForm(callValues, {
      ...emptyCall(),
      reference: 'AMIF/2026/X',
      title: 'Appel',
      opensOn: '2026-01-01',
      closesOn: '2026-02-01',
      envelopeCents: 100,
    })
    form.applyServerIssues([{ path: 'values.reference', message: 'unique' }])
    expect(form.errors.value.reference).toBe(i18n.global.t('validation.unique'))
    form.values.reference = 'AMIF/2026/Y'
    await nextTick()
    expect(form.errors.value.reference).toBeUndefined()
  })

  it('says under the postcode that a Belgian one is four digits, in the UI language; another country’s is free', async () => {
    const form = useSchemaForm(organisationValues, { name: 'ASBL', kind: 'ngo', country: 'BE', postcode: '' })
    form.values.postcode = 'B-1000'
    await nextTick()
    i18n.global.locale.value = 'fr'
    expect(form.errors.value.postcode).toBe('Code postal belge invalide : quatre chiffres, de 1000 à 9999 (p. ex. 1000).')
    i18n.global.locale.value = 'nl'
    expect(form.errors.value.postcode).toBe('Ongeldige Belgische postcode: vier cijfers, van 1000 tot 9999 (bv. 1000).')
    i18n.global.locale.value = 'fr'
    form.values.country = 'LU'
    form.values.postcode = 'L-1009'
    await nextTick()
    expect(form.errors.value.postcode).toBeUndefined()
    expect(form.valid.value).toBe(true)
  })
})
