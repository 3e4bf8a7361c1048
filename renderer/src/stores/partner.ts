import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { AuditEntry } from '~/database/audit'
import type { Contact, Organisation, PartnerDetail, Partnership } from '~/database/partners'
import type { ContactValues, OrganisationValuesInput } from '@domain/schemas/partners'
import type { ApiInput, ApiOutput } from '~/electron/api'
import { call } from '../api/client'

type PartnershipInput = ApiInput<'partnerships.create'>['values']
type ContactInput = Partial<ContactValues> & { fullName: string }

/** The partner open in the detail view, its history, and every change made from there. */
export const usePartnerStore = defineStore('partner', () => {
  const detail = ref<PartnerDetail | null>(null)
  const history = ref<AuditEntry[]>([])
  const loading = ref(false)
  const historyLoading = ref(false)
  /** Where the history's next page starts (null once every entry is read), and how many entries it has. */
  const historyNext = ref<ApiOutput<'partners.history'>['next']>(null)
  const historyTotal = ref<number | null>(null)
  const historyLoadingMore = ref(false)
  let historySequence = 0

  async function load(id: string): Promise<void> {
    loading.value = true
    try {
      detail.value = await call('partners.get', { id })
    } finally {
      loading.value = false
    }
  }

  /** The history's first page (newest first); an answer for an earlier partner or reading is ignored. */
  async function loadHistory(): Promise<void> {
    if (!detail.value) return
    const mine = ++historySequence
    historyLoading.value = true
    try {
      const page = await call('partners.history', { id: detail.value.id })
      if (mine !== historySequence) return
      history.value = page.rows
      historyNext.value = page.next
      historyTotal.value = page.total
    } finally {
      if (mine === historySequence) historyLoading.value = false
    }
  }

  /** The history's next page, added to what is shown (nothing when every entry is there or a page is on its way). */
  async function loadMoreHistory(): Promise<void> {
    const after = historyNext.value
    if (!detail.value || !after || historyLoading.value || historyLoadingMore.value) return
    const mine = historySequence
    historyLoadingMore.value = true
    try {
      const page = await call('partners.history', { id: detail.value.id, after })
      if (mine !== historySequence) return
      history.value = [...history.value, ...page.rows]
      historyNext.value = page.next
    } finally {
      historyLoadingMore.value = false
    }
  }

  function clear(): void {
    detail.value = null
    historySequence++
    history.value = []
    historyNext.value = null
    historyTotal.value = null
  }

  /** Reloads what is shown after a change (detail, and the history if it was loaded). */
  async function refresh(): Promise<void> {
    if (!detail.value) return
    await load(detail.value.id)
    await loadHistory()
  }

  async function create(values: OrganisationValuesInput): Promise<Organisation> {
    return call('partners.create', { values })
  }

  async function update(values: OrganisationValuesInput): Promise<Organisation> {
    const current = detail.value
    if (!current) throw new Error('No partner open')
    const saved = await call('partners.update', { id: current.id, expectedUpdatedAt: current.updatedAt, values })
    await refresh()
    return saved
  }

  async function setArchived(archived: boolean): Promise<void> {
    if (!detail.value) return
    await call('partners.setArchived', { id: detail.value.id, archived })
    await refresh()
  }

  async function remove(): Promise<void> {
    if (!detail.value) return
    await call('partners.delete', { id: detail.value.id })
    clear()
  }

  async function saveContact(existing: Contact | null, values: ContactInput): Promise<void> {
    if (!detail.value) return
    if (existing) await call('contacts.update', { id: existing.id, expectedUpdatedAt: existing.updatedAt, values })
    else await call('contacts.create', { organisationId: detail.value.id, values })
    await refresh()
  }

  async function deleteContact(contact: Contact): Promise<void> {
    await call('contacts.delete', { id: contact.id })
    await refresh()
  }

  async function savePartnership(existing: Partnership | null, values: PartnershipInput): Promise<void> {
    if (!detail.value) return
    if (existing) await call('partnerships.update', { id: existing.id, expectedUpdatedAt: existing.updatedAt, values })
    else await call('partnerships.create', { organisationId: detail.value.id, values })
    await refresh()
  }

  async function deletePartnership(partnership: Partnership): Promise<void> {
    await call('partnerships.delete', { id: partnership.id })
    await refresh()
  }

  return {
    detail,
    history,
    historyNext,
    historyTotal,
    historyLoadingMore,
    loadMoreHistory,
    loading,
    historyLoading,
    load,
    loadHistory,
    clear,
    refresh,
    create,
    update,
    setArchived,
    remove,
    saveContact,
    deleteContact,
    savePartnership,
    deletePartnership,
  }
})
