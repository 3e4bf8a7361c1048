import { computed, onBeforeUnmount, reactive, ref, shallowRef, watch, type Ref } from 'vue'
import type { ApiInput, ApiOutput } from '~/electron/api'
import { call } from '@/api/client'
import { showError } from '@/lib/errors'

/** The channels that write a list's rows to a file; each takes the list's query. */
export type ExportChannel = 'projects.export' | 'milestones.export' | 'partners.export'
/** An export request without the query, which the list adds (so the file holds the visible rows). */
export type ExportRequest<C extends ExportChannel> = Omit<ApiInput<C>, 'query'>

/** What a list is made of: its search text, filters and sort, how they make a query, and how rows are fetched. */
export interface RecordListOptions<F extends object, S, Q, R, E extends ExportChannel> {
  filters: F
  sort: S
  query: (state: { search: string; filters: F; sort: S }) => Q
  fetch: (query: Q) => Promise<R[]>
  /** Where the list's export goes (the query is added here, in one place). */
  exportChannel?: E
}

/**
 * A list's state (search, filters, sort, rows) and its loading, made inside a Pinia store so that
 * the filters survive opening a record and coming back. An answer that arrives after a newer
 * request was sent is ignored, so a slow early search never replaces the rows of a later one.
 */
export function createRecordList<F extends object, S, Q, R, E extends ExportChannel = never>(options: RecordListOptions<F, S, Q, R, E>) {
  const initialFilters = JSON.stringify(options.filters)
  const search = ref('')
  const filters = reactive(JSON.parse(initialFilters) as F) as F
  const sort = ref(options.sort) as Ref<S>
  const rows = shallowRef<R[]>([])
  const loading = ref(false)
  const loaded = ref(false)
  let sequence = 0

  /** The query the list shows; export sends the same one, so it writes the visible rows. */
  const query = computed<Q>(() => options.query({ search: search.value, filters, sort: sort.value }))

  /** True when the search or a filter narrows the list (the empty list then offers to clear them). */
  const filtered = computed(() => search.value.trim() !== '' || JSON.stringify(filters) !== initialFilters)

  /** Loads the rows for the current query; an older answer (or failure) arriving late is ignored. */
  async function load(): Promise<void> {
    const mine = ++sequence
    loading.value = true
    try {
      const result = await options.fetch(query.value)
      if (mine !== sequence) return
      rows.value = result
      loaded.value = true
    } catch (err) {
      if (mine === sequence) throw err
    } finally {
      if (mine === sequence) loading.value = false
    }
  }

  /** Empties the search and puts every filter back as it was at first (the sort stays). */
  function clearFilters(): void {
    search.value = ''
    Object.assign(filters, JSON.parse(initialFilters) as F)
  }

  /** Writes the list's rows through its export channel, with the query the list shows. */
  async function exportRows(request: ExportRequest<E>): Promise<ApiOutput<E>> {
    if (!options.exportChannel) throw new Error('This list has no export channel')
    // The list's query is the export channel's query (both take the list channel's schema).
    return call<ExportChannel>(options.exportChannel, { ...request, query: query.value } as ApiInput<E>) as Promise<ApiOutput<E>>
  }

  return { search, filters, sort, rows, loading, loaded, query, filtered, load, clearFilters, exportRows }
}

/** A list as a view sees it: a Pinia store made with createRecordList (or `reactive(createRecordList(...))`). */
export interface RecordListHandle<E extends ExportChannel = never> {
  readonly search: string
  readonly filters: object
  readonly sort: unknown
  load(): Promise<void>
  exportRows(request: ExportRequest<E>): Promise<ApiOutput<E>>
}

/** How long the search waits for the officer to pause typing before it asks again. */
export const SEARCH_DEBOUNCE_MS = 200

/**
 * A view's side of a list: search as you type (once the officer pauses), filters and sort at
 * once, failures shown; `reload` for the first load and after a change. `exporting` tells which
 * format is being written, and `exportAs` writes the rows with the visible query.
 */
export function useRecordList<E extends ExportChannel = never>(list: RecordListHandle<E>, options: { debounceMs?: number } = {}) {
  const debounceMs = options.debounceMs ?? SEARCH_DEBOUNCE_MS

  async function reload(): Promise<void> {
    try {
      await list.load()
    } catch (err) {
      showError(err)
    }
  }

  let timer: ReturnType<typeof setTimeout> | undefined
  watch(
    () => list.search,
    () => {
      clearTimeout(timer)
      timer = setTimeout(() => void reload(), debounceMs)
    },
  )
  watch(
    () => [list.filters, list.sort],
    () => void reload(),
    { deep: true },
  )
  onBeforeUnmount(() => clearTimeout(timer))

  const exporting = ref<string | null>(null)
  /** Exports the visible rows; `done` shows what was written (nothing when the officer cancelled). */
  async function exportAs(request: ExportRequest<E>, done: (result: NonNullable<ApiOutput<E>>) => void): Promise<void> {
    exporting.value = String((request as { format?: unknown }).format ?? 'xlsx')
    try {
      const result = await list.exportRows(request)
      if (result) done(result)
    } catch (err) {
      showError(err)
    } finally {
      exporting.value = null
    }
  }

  return { reload, exporting, exportAs }
}

/** The choices of the project and milestone filters: partners (archived too), calls, officers. */
export function useFilterChoices() {
  const partners = shallowRef<ApiOutput<'partners.list'>['rows']>([])
  const calls = shallowRef<ApiOutput<'calls.list'>>([])
  const officers = shallowRef<string[]>([])
  async function load(): Promise<void> {
    ;[partners.value, calls.value, officers.value] = await Promise.all([
      call('partners.list', { archived: 'all' }).then((r) => r.rows),
      call('calls.list'),
      call('projects.officers'),
    ])
  }
  return { partners, calls, officers, load }
}
