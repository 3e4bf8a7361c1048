// @vitest-environment happy-dom
import path from 'node:path'
import { flushPromises } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { defineComponent, h, ref } from 'vue'
import LanguageForms from '@/components/LanguageForms.vue'
import MoneyInput from '@/components/MoneyInput.vue'
import PercentInput from '@/components/PercentInput.vue'
import { i18n } from '@/i18n'
import ProjectList from '@/views/ProjectList.vue'
import { invokeOk } from '~/electron/api'
import { testWorkspace } from '../helpers'
import { bindAmif, freshPinia, mountApp } from './mount'

/** An input bound with v-model, as the forms bind MoneyInput and PercentInput. */
function host(component: typeof MoneyInput | typeof PercentInput, initial: number | null) {
  const value = ref<number | null | undefined>(initial)
  const Host = defineComponent({
    setup: () => () => h(component, { modelValue: value.value, 'onUpdate:modelValue': (v: number | null | undefined) => (value.value = v), testid: 'field' }),
  })
  const wrapper = mountApp(Host)
  return { value, wrapper, input: wrapper.find('input') }
}

describe('MoneyInput', () => {
  it('reads an amount as the officer types it and holds cents, shown formatted once left', async () => {
    const { value, input, wrapper } = host(MoneyInput, null)
    await input.setValue('1 234,5')
    expect(value.value).toBe(123450)
    await input.trigger('blur')
    expect((input.element as HTMLInputElement).value.replace(/\s/g, ' ')).toBe('1 234,50')
    await input.setValue('-12')
    expect(value.value).toBe(-1200)
    await input.setValue('douze')
    expect(value.value).toBeNaN()
    wrapper.unmount()
  })

  it('holds nothing (null) for an emptied field', async () => {
    const { value, input, wrapper } = host(MoneyInput, 500)
    await input.setValue('')
    expect(value.value).toBeNull()
    wrapper.unmount()
  })

  it('shows a value set from outside (a form reset)', async () => {
    const { value, input, wrapper } = host(MoneyInput, 500)
    expect((input.element as HTMLInputElement).value).toBe('5,00')
    value.value = 9_999_99
    await flushPromises()
    expect((input.element as HTMLInputElement).value.replace(/\s/g, ' ')).toBe('9 999,99')
    wrapper.unmount()
  })
})

describe('PercentInput', () => {
  it('reads « 82,5 » as basis points and follows the UI language', async () => {
    i18n.global.locale.value = 'fr'
    const { value, input, wrapper } = host(PercentInput, 7500)
    expect((input.element as HTMLInputElement).value).toBe('75')
    await input.setValue('82,5')
    expect(value.value).toBe(8250)
    await input.setValue('101')
    expect(value.value).toBe(10100)
    await input.setValue('x')
    expect(value.value).toBeNaN()
    await input.setValue('82,5')
    i18n.global.locale.value = 'en'
    await flushPromises()
    expect((input.element as HTMLInputElement).value).toBe('82.5')
    i18n.global.locale.value = 'fr'
    wrapper.unmount()
  })
})

describe('LanguageForms', () => {
  it('shows each field in French, Dutch and English with its message, and says which one the officer typed in', async () => {
    const wrapper = mountApp(LanguageForms, {
      props: {
        fields: [
          { field: 'street', span: 10 },
          { field: 'city', span: 7 },
        ],
        values: { streetFr: 'Rue de la Loi 16', cityNl: null },
        errors: { cityNl: 'Trop long.' },
        testidPrefix: 'grantor',
      },
    })
    const labels = wrapper.findAll('.el-form-item__label').map((l) => l.text())
    expect(labels).toEqual(['Rue (français)', 'Ville (français)', 'Rue (néerlandais)', 'Ville (néerlandais)', 'Rue (anglais)', 'Ville (anglais)'])
    const field = (id: string) => wrapper.find(`input[data-testid="${id}"], [data-testid="${id}"] input`)
    expect((field('grantor-street-fr').element as HTMLInputElement).value).toBe('Rue de la Loi 16')
    expect((field('grantor-city-nl').element as HTMLInputElement).value).toBe('')
    expect(wrapper.findAll('.el-form-item').map((item) => item.classes('is-error'))).toEqual([false, false, false, true, false, false])
    await field('grantor-city-nl').setValue('Brussel')
    expect(wrapper.emitted('set')).toEqual([['cityNl', 'Brussel']])
    wrapper.unmount()
  })
})

describe('the project list', () => {
  it('searches the real file as the officer types and keeps the search after opening a project', async () => {
    const t = testWorkspace()
    await t.ws.create(path.join(t.dir, 'list.amif'))
    await invokeOk(t.ws, 'demo.load', {})
    bindAmif(t.ws)
    const pinia = freshPinia()
    const count = (w: ReturnType<typeof mountApp>) => w.find('[data-testid="project-count"]').text()
    // The virtual table and the filter pickers are left out: the count shows what the table holds.
    const stubs = ['ElAutoResizer', 'ElTableV2', 'ElSelect', 'ElOption', 'ElDatePicker']

    const list = mountApp(ProjectList, { pinia, stubs })
    await expect.poll(() => count(list)).toBe('13 projets')
    await list.find('input[data-testid="project-search"], [data-testid="project-search"] input').setValue('retour')
    await expect.poll(() => count(list), { timeout: 3000 }).not.toBe('13 projets')
    const filtered = count(list)
    list.unmount()

    // Back from a project: the search is still there, and so are its rows.
    const again = mountApp(ProjectList, { pinia, stubs })
    expect((again.find('input[data-testid="project-search"], [data-testid="project-search"] input').element as HTMLInputElement).value).toBe('retour')
    await expect.poll(() => count(again)).toBe(filtered)
    again.unmount()
  })
})
