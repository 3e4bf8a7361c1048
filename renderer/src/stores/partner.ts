import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { AuditEntry } from '~/database/audit'
import type { Contact, Organisation, PartnerDetail, Partnership } from '~/database/partners'
import type { ContactValues, OrganisationValuesInput } from '@domain/schemas/partners'
import type { ApiInput } from '~/electron/api'
import { call } from '../api/client'

type PartnershipInput = ApiInput<'partnerships.create'>['values']
type ContactInput = Partial<ContactValues> & { fullName: string }

/** The partner open in the detail view, its history, and every change made from there. */
export const usePartnerStore = defineStore('partner', () => {
  const detail = ref<PartnerDetail | null>(null)
  const history = ref<AuditEntry[]>([])
  const loading = ref(false)
  const historyLoading = ref(false)

  async function load(id: string): Promise<void> {
    loading.value = true
    try {
      detail.value = await call('partners.get', { id })
    } finally {
      loading.value = false
    }
  }

  async function loadHistory(): Promise<void> {
    if (!detail.value) return
    historyLoading.value = true
    try {
      history.value = await call('partners.history', { id: detail.value.id })
    } finally {
      historyLoading.value = false
    }
  }

  function clear(): void {
    detail.value = null
    history.value = []
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
