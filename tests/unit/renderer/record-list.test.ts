// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import { useRecordList } from '@/composables/useRecordList'
import { useMilestoneListStore, useProjectListStore } from '@/stores/lists'
import { usePartnersStore } from '@/stores/partners'
import { fakeAmif, freshPinia, mountApp } from './mount'

/** A view that shows the project list's rows: what ProjectList does with the list, without its table. */
const ProjectsHost = defineComponent({
  setup() {
    const list = useProjectListStore()
    const { reload } = useRecordList(list)
    void reload()
    return () =>
      h(
        'ul',
        list.rows.map((r) => h('li', (r as { code: string }).code)),
      )
  },
})

const rows = (...codes: string[]) => ({ rows: codes.map((code) => ({ id: code, code })) })

describe('the list composable', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('asks once the officer pauses typing, with the last text', async () => {
    const calls = fakeAmif()
    const pinia = freshPinia()
    const view = mountApp(ProjectsHost, { pinia })
    expect(calls.map((c) => c.channel)).toEqual(['projects.list'])
    calls[0].answer(rows('A', 'B'))
    await flushPromises()

    const list = useProjectListStore()
    for (const text of ['c', 'ca', 'car']) {
      list.search = text
      await flushPromises()
      vi.advanceTimersByTime(100)
    }
    expect(calls).toHaveLength(1)
    vi.advanceTimersByTime(200)
    expect(calls).toHaveLength(2)
    expect(calls[1].input).toMatchObject({ q: 'car' })
    view.unmount()
  })

  it('asks again at once when a filter or the sort changes', async () => {
    const calls = fakeAmif()
    const pinia = freshPinia()
    const view = mountApp(ProjectsHost, { pinia })
    const list = useProjectListStore()
    list.filters.objective.push('SO3')
    await flushPromises()
    expect(calls).toHaveLength(2)
    expect(calls[1].input).toMatchObject({ objective: ['SO3'] })
    list.sort = { key: 'title', order: 'desc' }
    await flushPromises()
    expect(calls[2].input).toMatchObject({ objective: ['SO3'], sort: { key: 'title', order: 'desc' } })
    view.unmount()
  })

  it('ignores an older answer that arrives after a newer one', async () => {
    const calls = fakeAmif()
    const pinia = freshPinia()
    const view = mountApp(ProjectsHost, { pinia })
    const list = useProjectListStore()
    list.filters.strand.push('reception')
    await flushPromises()
    expect(calls).toHaveLength(2)
    // The filtered answer comes first, the first (unfiltered, slower) one after it.
    calls[1].answer(rows('REC-1'))
    await flushPromises()
    calls[0].answer(rows('REC-1', 'INT-1', 'RET-1'))
    await flushPromises()
    expect(list.rows.map((r) => (r as { code: string }).code)).toEqual(['REC-1'])
    expect(view.findAll('li').map((li) => li.text())).toEqual(['REC-1'])
    expect(list.loading).toBe(false)
    view.unmount()
  })

  it('keeps search, filters and sort when the view is left and shown again', async () => {
    const calls = fakeAmif()
    const pinia = freshPinia()
    const first = mountApp(ProjectsHost, { pinia })
    const list = useProjectListStore()
    list.search = 'asile'
    list.filters.status.push('running')
    list.sort = { key: 'eligible', order: 'desc' }
    await flushPromises()
    vi.advanceTimersByTime(250)
    first.unmount()

    const again = mountApp(ProjectsHost, { pinia })
    const last = calls[calls.length - 1]
    expect(last.channel).toBe('projects.list')
    expect(last.input).toMatchObject({ q: 'asile', status: ['running'], sort: { key: 'eligible', order: 'desc' } })
    again.unmount()
  })

  it('clears the search and filters back to the first state, the sort kept', () => {
    freshPinia()
    const milestones = useMilestoneListStore()
    expect(milestones.filtered).toBe(false)
    milestones.filters.lateOnly = true
    milestones.search = 'rapport'
    milestones.sort = { key: 'project', order: 'desc' }
    expect(milestones.filtered).toBe(true)
    milestones.clearFilters()
    expect(milestones.filtered).toBe(false)
    expect(milestones.query).toMatchObject({ q: '', lateOnly: false, sort: { key: 'project', order: 'desc' } })
  })

  it('exports with the query the list shows', async () => {
    const calls = fakeAmif()
    freshPinia()
    const partners = usePartnersStore()
    partners.search = 'caritas'
    partners.filters.archived = 'all'
    const done = partners.exportRows({ format: 'csv', title: 'Partenaires', defaultName: 'partenaires', columns: [{ key: 'name', label: 'Nom' }], labels: {} })
    expect(calls[0].channel).toBe('partners.export')
    expect(calls[0].input).toMatchObject({ format: 'csv', query: { search: 'caritas', archived: 'all', kinds: [], strands: [] } })
    calls[0].answer(null)
    await expect(done).resolves.toBeNull()
  })

  it('reads a page at a time: the next page after the last row as the officer scrolls, a new first page when a filter changes, a late page ignored', async () => {
    const calls = fakeAmif()
    const pinia = freshPinia()
    const view = mountApp(ProjectsHost, { pinia })
    const list = useProjectListStore()
    expect(calls[0].input).toMatchObject({ limit: 100 })
    expect(calls[0].input).not.toHaveProperty('after', expect.anything())
    calls[0].answer({ ...rows('A', 'B'), next: ['B', 'id-b'], total: 4, sums: { eligibleCents: 10 } })
    await flushPromises()
    expect(list.total).toBe(4)
    expect(list.hasMore).toBe(true)
    expect(list.summary).toMatchObject({ total: 4, sums: { eligibleCents: 10 } })

    void list.loadMore()
    void list.loadMore() // a second scroll event while the page is on its way asks nothing more
    expect(calls).toHaveLength(2)
    expect(calls[1].input).toMatchObject({ limit: 100, after: ['B', 'id-b'] })
    calls[1].answer({ ...rows('C', 'D'), next: null, total: 4 })
    await flushPromises()
    expect(view.findAll('li').map((li) => li.text())).toEqual(['A', 'B', 'C', 'D'])
    expect(list.hasMore).toBe(false)
    void list.loadMore()
    expect(calls).toHaveLength(2)

    // A filter changes while a further page of the old list is on its way: that page is dropped.
    list.filters.status.push('running')
    await flushPromises()
    expect(calls[2].input).toMatchObject({ status: ['running'] })
    expect(calls[2].input).not.toHaveProperty('after', expect.anything())
    calls[2].answer({ ...rows('R1'), next: ['R1', 'id-r1'], total: 2 })
    await flushPromises()
    void list.loadMore()
    list.filters.status.push('closed')
    await flushPromises()
    calls[3].answer({ ...rows('OLD'), next: null, total: 2 })
    calls[4].answer({ ...rows('R1', 'C1'), next: null, total: 2 })
    await flushPromises()
    expect(list.rows.map((r) => (r as { code: string }).code)).toEqual(['R1', 'C1'])
    view.unmount()
  })
})
