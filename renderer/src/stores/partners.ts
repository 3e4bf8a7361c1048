import { defineStore } from 'pinia'
import { computed, reactive, ref } from 'vue'
import type { ApiInput, ApiOutput } from '~/electron/api'
import type { PartnerQueryInput } from '@domain/schemas/partners'
import type { PartnerListRow } from '~/database/partners'
import type { OrganisationKind, Strand } from '@domain/vocabulary'
import { call } from '../api/client'

export type SortField = 'name' | 'acronym' | 'kind' | 'enterpriseNumber' | 'city' | 'updatedAt'
export type ArchivedFilter = 'active' | 'archived' | 'all'

/** The registry list: its search, filters and sort (kept while the officer opens details), and rows. */
export const usePartnersStore = defineStore('partners', () => {
  const search = ref('')
  const kinds = ref<OrganisationKind[]>([])
  const strands = ref<Strand[]>([])
  const archived = ref<ArchivedFilter>('active')
  const sort = reactive<{ field: SortField; direction: 'asc' | 'desc' }>({ field: 'name', direction: 'asc' })

  const rows = ref<PartnerListRow[]>([])
  const loading = ref(false)
  const loaded = ref(false)
  let sequence = 0

  /** The query the list shows; export sends the same one, so it writes the visible rows. */
  const query = computed<PartnerQueryInput>(() => ({
    search: search.value,
    kinds: [...kinds.value],
    strands: [...strands.value],
    archived: archived.value,
    sort: { field: sort.field, direction: sort.direction },
  }))

  const filtered = computed(
    () => search.value.trim() !== '' || kinds.value.length > 0 || strands.value.length > 0 || archived.value !== 'active',
  )

  /** Loads the rows for the current query; an older answer arriving late is ignored. */
  async function load(): Promise<void> {
    const mine = ++sequence
    loading.value = true
    try {
      const result = await call('partners.list', query.value)
      if (mine !== sequence) return
      rows.value = result.rows
      loaded.value = true
    } finally {
      if (mine === sequence) loading.value = false
    }
  }

  function clearFilters(): void {
    search.value = ''
    kinds.value = []
    strands.value = []
    archived.value = 'active'
  }

  async function exportRows(
    input: Omit<ApiInput<'partners.export'>, 'query'>,
  ): Promise<ApiOutput<'partners.export'>> {
    return call('partners.export', { ...input, query: query.value })
  }

  return { search, kinds, strands, archived, sort, rows, loading, loaded, query, filtered, load, clearFilters, exportRows }
})
