import { defineStore } from 'pinia'
import type { PartnerQueryInput } from '@domain/schemas/partners'
import type { OrganisationKind, Strand } from '@domain/vocabulary'
import { call } from '@/api/client'
import { createRecordList } from '@/composables/useRecordList'

export type SortField = 'name' | 'acronym' | 'kind' | 'enterpriseNumber' | 'city' | 'updatedAt'
export type ArchivedFilter = 'active' | 'archived' | 'all'

/** The registry list: its search, filters and sort (kept while the officer opens details), and rows. */
export const usePartnersStore = defineStore('partners', () =>
  createRecordList({
    filters: { kinds: [] as OrganisationKind[], strands: [] as Strand[], archived: 'active' as ArchivedFilter },
    sort: { field: 'name' as SortField, direction: 'asc' as 'asc' | 'desc' },
    query: ({ search, filters, sort }): PartnerQueryInput => ({
      search,
      kinds: [...filters.kinds],
      strands: [...filters.strands],
      archived: filters.archived,
      sort: { field: sort.field, direction: sort.direction },
    }),
    fetch: (q, page) => call('partners.list', { ...q, ...page }),
    exportChannel: 'partners.export',
  }),
)
