// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import FileUpdateProgress from '@/components/FileUpdateProgress.vue'
import { i18n } from '@/i18n'
import { fileUpdate, whileOpening } from '@/lib/fileUpdate'
import type { MigrationState } from '~/electron/api/workspace'
import { fakeAmif, mountApp } from './mount'

afterEach(() => {
  vi.useRealTimers()
  i18n.global.locale.value = 'fr'
})

/** What the modal says (Element Plus puts dialogs at the end of the body). */
function shown(): string {
  return document.body.querySelector('[data-testid="file-update"]')?.textContent?.replace(/\s+/g, ' ').trim() ?? ''
}

describe('the update of an older file being opened', () => {
  it('is shown step by step while the file opens, in the officer’s language, and goes once it is open', async () => {
    vi.useFakeTimers()
    const calls = fakeAmif()
    const wrapper = mountApp(FileUpdateProgress)
    let open: (value: string) => void = () => undefined
    const opening = whileOpening(new Promise<string>((resolve) => (open = resolve)))

    const answerNext = async (state: MigrationState | null) => {
      await vi.advanceTimersByTimeAsync(300)
      const call = calls.filter((c) => c.channel === 'file.migrationProgress').at(-1)!
      call.answer(state)
      await flushPromises()
    }
    const state = (progress: MigrationState['progress']): MigrationState => ({ path: '/partage/Fedasil 2021.amif', name: 'Fedasil 2021.amif', progress })

    expect(shown()).toBe('')
    await answerNext(state({ stage: 'backup' }))
    expect(shown()).toContain('Mise à jour de Fedasil 2021.amif')
    expect(shown()).toContain('Enregistrement d’une copie du fichier avant de le mettre à jour')
    await answerNext(state({ stage: 'migration', step: 3, steps: 5, version: 16, name: 'dashboard_figures' }))
    expect(shown()).toContain('Mise à jour du fichier : étape 3 sur 5')
    expect(shown()).toContain('42%')
    i18n.global.locale.value = 'nl'
    await flushPromises()
    expect(shown()).toContain('Het bestand bijwerken: stap 3 van 5')
    await answerNext(state({ stage: 'compact' }))
    expect(shown()).toContain('Het bestand comprimeren')

    // A question asked just before the file opened, answered after: it changes nothing.
    await vi.advanceTimersByTimeAsync(300)
    const late = calls.at(-1)!
    open('opened')
    expect(await opening).toBe('opened')
    expect(fileUpdate.state).toBeNull()
    late.answer(state({ stage: 'statistics' }))
    await flushPromises()
    expect(fileUpdate.state).toBeNull()
    // And no more questions once it is open.
    const asked = calls.length
    await vi.advanceTimersByTimeAsync(1000)
    expect(calls).toHaveLength(asked)
    wrapper.unmount()
  })
})
