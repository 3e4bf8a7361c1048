import { computed, onBeforeUnmount, reactive, ref, shallowRef, watch, type Ref } from 'vue'
import type { ApiInput, ApiOutput } from '~/electron/api'
import { call, callAllPages } from '@/api/client'
import { showError } from '@/lib/errors'

/** The channels that write a list's rows to a file; each takes the list's query. */
export type ExportChannel = 'projects.export' | 'milestones.export' | 'partners.export'
/** An export request without the query, which the list adds (so the file holds the visible rows). */
export type ExportRequest<C extends ExportChannel> = Omit<ApiInput<C>, 'query'>

/** Where a page starts (the `next` of the page before), as the list channels give it. */
export type PageCursor = (string | number | null)[]

/** One page of a list as its channel answers: the rows, where the next page starts, the count of the whole filtered list and what else it sums up. */
export interface ListPage<R> {
  rows: R[]
  next: PageCursor | null
  /** Counted on the first page only (null after it). */
  total: number | null
}

/** What the first page says of the whole filtered list: its count, and the sums its channel adds (a view reads them as its channel types them). */
export type ListSummary = { total: number | null } & Record<string, unknown>

/** How many rows a list asks for at a time (the channels take at most PAGE_MAX). */
export const PAGE_SIZE = 100

/** What a list is made of: its search text, filters and sort, how they make a query, and how rows are fetched. */
export interface RecordListOptions<F extends object, S, Q, R, E extends ExportChannel> {
  filters: F
  sort: S
  query: (state: { search: string; filters: F; sort: S }) => Q
  /** A page of rows (a list read a page at a time) or every row (a short list, read whole). */
  fetch: (query: Q, page: { limit: number; after?: PageCursor }) => Promise<ListPage<R> | R[]>
  /** Where the list's export goes (the query is added here, in one place). */
  exportChannel?: E
}

/**
 * A list's state (search, filters, sort, rows) and its loading, made inside a Pinia store so that
 * the filters survive opening a record and coming back. Rows come a page at a time: `load` reads
 * the first page (after any change of search, filters or sort), `loadMore` the next one as the
 * officer scrolls. An answer that arrives after a newer request was sent is ignored, so a slow
 * early search never replaces the rows of a later one, nor a late page adds to another list.
 */
export function createRecordList<F extends object, S, Q, R, E extends ExportChannel = never>(options: RecordListOptions<F, S, Q, R, E>) {
  const initialFilters = JSON.stringify(options.filters)
  const search = ref('')
  const filters = reactive(JSON.parse(initialFilters) as F) as F
  const sort = ref(options.sort) as Ref<S>
  const rows = shallowRef<R[]>([])
  /** The first page's answer without its rows: the count (and sums) of the whole filtered list. */
  const summary = shallowRef<ListSummary | null>(null)
  /** How many rows the whole filtered list has (more than `rows` holds until every page is read). */
  const total = computed(() => summary.value?.total ?? rows.value.length)
  const loading = ref(false)
  const loadingMore = ref(false)
  const loaded = ref(false)
  /** Where the next page starts; null once the last page is read. */
  const next = shallowRef<PageCursor | null>(null)
  let sequence = 0

  /** A page's answer, a whole list read at once taken as its only page. */
  function asPage(result: ListPage<R> | R[]): ListPage<R> {
    return Array.isArray(result) ? { rows: result, next: null, total: result.length } : result
  }

  /** The query the list shows; export sends the same one, so it writes the visible rows. */
  const query = computed<Q>(() => options.query({ search: search.value, filters, sort: sort.value }))

  /** True when the search or a filter narrows the list (the empty list then offers to clear them). */
  const filtered = computed(() => search.value.trim() !== '' || JSON.stringify(filters) !== initialFilters)

  /** Shows a first page: its rows, where the next one starts, what it says of the whole list. */
  function take(page: ListPage<R>): void {
    const { rows: first, next: after, ...rest } = page
    rows.value = first
    next.value = after
    summary.value = rest
    loaded.value = true
  }

  /**
   * Shows a first page the caller already holds (a write that answers with its list again, as a
   * project's visits do): a load or a next page still on its way is dropped when it arrives.
   */
  function showFirst(page: ListPage<R>): void {
    sequence++
    loading.value = false
    loadingMore.value = false
    take(page)
  }

  /** Loads the rows for the current query; an older answer (or failure) arriving late is ignored. */
  async function load(): Promise<void> {
    const mine = ++sequence
    loading.value = true
    loadingMore.value = false
    try {
      const page = asPage(await options.fetch(query.value, { limit: PAGE_SIZE }))
      if (mine !== sequence) return
      take(page)
    } catch (err) {
      if (mine === sequence) throw err
    } finally {
      if (mine === sequence) loading.value = false
    }
  }

  /** True while pages remain to be read. */
  const hasMore = computed(() => loaded.value && next.value !== null)

  /** Reads the next page and adds its rows (nothing when every row is there or a page is on its way). */
  async function loadMore(): Promise<void> {
    const after = next.value
    if (!after || loading.value || loadingMore.value) return
    const mine = sequence
    loadingMore.value = true
    try {
      const page = asPage(await options.fetch(query.value, { limit: PAGE_SIZE, after }))
      if (mine !== sequence) return
      rows.value = [...rows.value, ...page.rows]
      next.value = page.next
    } catch (err) {
      if (mine === sequence) throw err
    } finally {
      if (mine === sequence) loadingMore.value = false
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

  return {
    search,
    filters,
    sort,
    rows,
    summary,
    total,
    loading,
    loadingMore,
    loaded,
    hasMore,
    query,
    filtered,
    load,
    loadMore,
    showFirst,
    clearFilters,
    exportRows,
  }
}

/** A list as a view sees it: a Pinia store made with createRecordList (or `reactive(createRecordList(...))`). */
export interface RecordListHandle<E extends ExportChannel = never> {
  readonly search: string
  readonly filters: object
  readonly sort: unknown
  load(): Promise<void>
  loadMore(): Promise<void>
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

  /** The next page, as the officer scrolls to the end of what is shown. */
  async function more(): Promise<void> {
    try {
      await list.loadMore()
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

  return { reload, more, exporting, exportAs }
}

/** The choices of the project and milestone filters: partners (archived too), calls, officers. */
export function useFilterChoices() {
  const partners = shallowRef<ApiOutput<'partners.list'>['rows']>([])
  const calls = shallowRef<ApiOutput<'calls.list'>['rows']>([])
  const officers = shallowRef<string[]>([])
  async function load(): Promise<void> {
    ;[partners.value, calls.value, officers.value] = await Promise.all([
      callAllPages('partners.list', { archived: 'all' }),
      callAllPages('calls.list', {}),
      call('projects.officers'),
    ])
  }
  return { partners, calls, officers, load }
}
