// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import HistoryPanel from '@/components/HistoryPanel.vue'
import { usePartnerStore } from '@/stores/partner'
import { fakeAmif, freshPinia, mountApp } from './mount'

/** A history entry as the channel gives it. */
const entry = (id: string) => ({
  id,
  at: '2026-02-01T10:00:00.000Z',
  officerName: 'Élise',
  officerEmail: null,
  entity: 'organisation',
  recordId: 'org-1',
  parentId: null,
  action: 'update',
  before: { name: 'A' },
  after: { name: 'B' },
  receivedFromFileId: null,
  receivedFromName: null,
})

/** A partner's history is read a page at a time (issue 13 §2): the first page, then the next ones as the officer scrolls. */
describe('a partner’s history', () => {
  it('reads the first page, adds the next one after it, and stops at the last', async () => {
    const calls = fakeAmif()
    freshPinia()
    const store = usePartnerStore()
    store.detail = { id: 'org-1' } as typeof store.detail
    const first = store.loadHistory()
    expect(calls[0]).toMatchObject({ channel: 'partners.history', input: { id: 'org-1' } })
    calls[0].answer({ rows: [entry('e1'), entry('e2')], next: ['history:org-1', '2026-02-01T10:00:00.000Z', 'e2'], total: 3 })
    await first
    expect(store.history.map((e) => e.id)).toEqual(['e1', 'e2'])
    expect(store.historyTotal).toBe(3)

    const more = store.loadMoreHistory()
    expect(calls[1]).toMatchObject({ channel: 'partners.history', input: { id: 'org-1', after: ['history:org-1', '2026-02-01T10:00:00.000Z', 'e2'] } })
    calls[1].answer({ rows: [entry('e3')], next: null, total: null })
    await more
    expect(store.history.map((e) => e.id)).toEqual(['e1', 'e2', 'e3'])
    expect(store.historyNext).toBeNull()
    await store.loadMoreHistory()
    expect(calls).toHaveLength(2) // nothing more to read
  })

  it('ignores a page that arrives for the partner shown before', async () => {
    const calls = fakeAmif()
    freshPinia()
    const store = usePartnerStore()
    store.detail = { id: 'org-1' } as typeof store.detail
    const late = store.loadHistory()
    store.clear()
    store.detail = { id: 'org-2' } as typeof store.detail
    const now = store.loadHistory()
    calls[1].answer({ rows: [entry('mine')], next: null, total: 1 })
    await now
    calls[0].answer({ rows: [entry('old')], next: ['history:org-1', 'x', 'old'], total: 9 })
    await late
    expect(store.history.map((e) => e.id)).toEqual(['mine'])
    expect(store.historyNext).toBeNull()
  })

  it('shows how many entries of how many, and asks for more from its end', async () => {
    fakeAmif()
    const view = mountApp(HistoryPanel, { props: { entries: [entry('e1'), entry('e2')], loading: false, hasMore: true, total: 30 } })
    await flushPromises()
    expect(view.findAll('[data-testid="history-entry"]')).toHaveLength(2)
    const button = view.find('[data-testid="load-more"] button')
    expect(button.text()).toBe('Afficher la suite (2 sur 30)')
    await button.trigger('click')
    expect(view.emitted('more')).toHaveLength(1)
    await view.setProps({ hasMore: false })
    expect(view.find('[data-testid="load-more"]').exists()).toBe(false)
    view.unmount()
  })
})
