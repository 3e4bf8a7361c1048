/**
 * Component tests of the window (in happy-dom): `window.amif` bound to the real `invoke()` on a
 * Workspace in a temp folder, or to a small fake, and components mounted with the app's plugins.
 */
import ElementPlus from 'element-plus'
import { mount, type ComponentMountingOptions } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import type { Component } from 'vue'
import { createMemoryHistory, createRouter } from 'vue-router'
import { invoke, type ApiResult } from '~/electron/api'
import type { Workspace } from '~/electron/api/workspace'
import { i18n } from '@/i18n'
import { inputLimits } from '@/lib/inputLimits'

/** Binds `window.amif.invoke` to the real handlers on `ws`, as the preload does over IPC. */
export function bindAmif(ws: Workspace): void {
  window.amif = { invoke: (channel, input) => invoke(ws, channel, input ?? {}) }
}

/** A call the fake saw, and how to answer it (later, so a test can choose the order). */
export interface FakeCall {
  channel: string
  input: unknown
  answer(data: unknown): void
}

/** Binds `window.amif.invoke` to a fake that keeps every call open until the test answers it. */
export function fakeAmif(): FakeCall[] {
  const calls: FakeCall[] = []
  window.amif = {
    invoke: (channel, input) =>
      new Promise<ApiResult<unknown>>((resolve) => {
        calls.push({ channel, input, answer: (data) => resolve({ ok: true, data }) })
      }),
  }
  return calls
}

/** A fresh Pinia, active for stores used outside components too. */
export function freshPinia(): Pinia {
  const pinia = createPinia()
  setActivePinia(pinia)
  return pinia
}

/**
 * Mounts a component with the window's plugins (Element Plus and its fields' limits, i18n in French, Pinia, a router in
 * memory); `stubs` names components left out (happy-dom lays out a virtual table slowly).
 */
export function mountApp<C extends Component>(component: C, options: { pinia?: Pinia; props?: Record<string, unknown>; stubs?: string[] } = {}) {
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:p(.*)*', component: { template: '<div />' } }] })
  i18n.global.locale.value = 'fr'
  return mount(component, {
    props: options.props,
    attachTo: document.body,
    global: {
      plugins: [ElementPlus, inputLimits, i18n, options.pinia ?? freshPinia(), router],
      stubs: Object.fromEntries((options.stubs ?? []).map((name) => [name, true])),
    },
  } as ComponentMountingOptions<C>)
}
