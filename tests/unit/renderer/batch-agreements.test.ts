// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import BatchAgreementsDialog from '@/components/BatchAgreementsDialog.vue'
import type { ApiResult } from '~/electron/api'
import { freshPinia, mountApp } from './mount'

/** A call the fake saw, kept open until the test answers it or fails it. */
interface FakeCall {
  channel: string
  input: unknown
  answer(data: unknown): void
  fail(code: string, message: string): void
}

/** Binds `window.amif.invoke` to a fake that keeps every call open until the test settles it. */
function fakeAmif(): FakeCall[] {
  const calls: FakeCall[] = []
  window.amif = {
    invoke: (channel, input) =>
      new Promise<ApiResult<unknown>>((resolve) => {
        calls.push({
          channel,
          input,
          answer: (data) => resolve({ ok: true, data }),
          fail: (code, message) => resolve({ ok: false, error: { code, message } } as ApiResult<unknown>),
        })
      }),
  }
  return calls
}

/** A call's batch of agreements: two in flight (one per render worker), progress and Stop exact, outcomes in project order. */
describe('BatchAgreementsDialog', () => {
  const callRow = { id: 'c0a1b2c3-0000-4000-8000-000000000001', reference: 'AMIF-2025-RE', title: 'Accueil' }
  const projects = ['P1', 'P2', 'P3', 'P4', 'P5'].map((code, i) => ({
    id: `00000000-0000-4000-8000-00000000000${i + 1}`,
    code,
    title: `Projet ${code}`,
    status: 'selected',
  }))

  const generations = (calls: FakeCall[]) => calls.filter((c) => c.channel === 'documents.generate')
  const generated = (calls: FakeCall[]) => generations(calls).map((c) => projects.find((p) => p.id === (c.input as { projectId: string }).projectId)?.code)
  const answer = async (c: FakeCall, code: string) => {
    c.answer({ reference: `${code}/CONV/v1`, pageCount: 11 })
    await flushPromises()
  }
  const button = (testId: string) => document.body.querySelector<HTMLButtonElement>(`[data-testid="${testId}"]`)
  const outcome = (code: string) => document.body.querySelector(`[data-testid="batch-${code}"]`)?.textContent?.trim()
  const progress = () => document.body.querySelector('[data-testid="batch-progress"]')?.textContent?.trim()

  it('keeps two agreements in flight in project order; Stop lets those finish and starts no other', async () => {
    const calls = fakeAmif()
    const view = mountApp(BatchAgreementsDialog, { pinia: freshPinia(), props: { callRow, modelValue: false } })
    await view.setProps({ modelValue: true })
    await flushPromises()
    expect(calls[0]).toMatchObject({ channel: 'projects.list', input: { callId: callRow.id } })
    calls[0].answer({ rows: projects, next: null })
    await flushPromises()

    button('batch-start')?.click()
    await flushPromises()
    // Two at once, the first two projects.
    expect(generated(calls)).toEqual(['P1', 'P2'])
    expect(outcome('P1')).toBe('En cours…')
    expect(outcome('P3')).toBe('En attente')

    // The second finishes first: the third starts, the first is still running.
    await answer(generations(calls)[1], 'P2')
    expect(generated(calls)).toEqual(['P1', 'P2', 'P3'])
    expect(outcome('P2')).toBe('P2/CONV/v1 (11 p.)')
    expect(outcome('P1')).toBe('En cours…')
    expect(progress()).toContain('20%')

    // Stop: the two under way (P1, P3) finish, P4 and P5 never start.
    button('batch-stop')?.click()
    await flushPromises()
    await answer(generations(calls)[0], 'P1')
    await answer(generations(calls)[2], 'P3')
    expect(generated(calls)).toEqual(['P1', 'P2', 'P3'])
    expect(['P1', 'P2', 'P3', 'P4', 'P5'].map(outcome)).toEqual(['P1/CONV/v1 (11 p.)', 'P2/CONV/v1 (11 p.)', 'P3/CONV/v1 (11 p.)', 'En attente', 'En attente'])
    expect(progress()).toContain('60%')
    // Running no more: the officer may produce the two left.
    expect(button('batch-stop')).toBeNull()
    expect(button('batch-start')?.textContent).toContain('Produire 2 conventions')
    view.unmount()
  })

  it('goes on with the others when one fails, and ends when the last two are answered', async () => {
    const calls = fakeAmif()
    const view = mountApp(BatchAgreementsDialog, { pinia: freshPinia(), props: { callRow, modelValue: false } })
    await view.setProps({ modelValue: true })
    await flushPromises()
    calls[0].answer({ rows: projects.slice(0, 3), next: null })
    await flushPromises()
    button('batch-start')?.click()
    await flushPromises()
    expect(generated(calls)).toEqual(['P1', 'P2'])
    // P1 fails (a render limit): P3 starts in its place.
    generations(calls)[0].fail('RENDER_TIMEOUT', 'too long')
    await flushPromises()
    expect(generated(calls)).toEqual(['P1', 'P2', 'P3'])
    await answer(generations(calls)[1], 'P2')
    await answer(generations(calls)[2], 'P3')
    expect(outcome('P2')).toBe('P2/CONV/v1 (11 p.)')
    expect(outcome('P3')).toBe('P3/CONV/v1 (11 p.)')
    expect(outcome('P1')).toMatch(/\S/)
    expect(outcome('P1')).not.toBe('En cours…')
    expect(progress()).toContain('100%')
    expect(button('batch-stop')).toBeNull()
    view.unmount()
  })
})
