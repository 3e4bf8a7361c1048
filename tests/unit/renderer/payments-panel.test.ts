// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import type { PaymentRow, ProjectDetail } from '~/database/projects'
import PaymentsPanel from '@/components/PaymentsPanel.vue'
import { fakeAmif, freshPinia, mountApp } from './mount'

const base: Omit<PaymentRow, 'id' | 'kind' | 'claim'> = {
  plannedDate: '2026-08-01',
  plannedCents: 2_250_000,
  plannedRateBp: null,
  plannedAmountCents: 2_250_000,
  status: 'requested',
  paidDate: null,
  paidCents: null,
  note: null,
  due: true,
  overdue: false,
  updatedAt: '2026-08-01T10:00:00.000Z',
}

/** A project whose schedule has an advance planned by hand and the interim payment of an approved claim. */
const project = {
  id: 'project-1',
  paymentSummary: { plannedCents: 11_250_000, paidCents: 0, toPayCents: 11_250_000 },
  moneyChecks: [],
  payments: [
    { ...base, id: 'advance', kind: 'advance', claim: null },
    {
      ...base,
      id: 'interim',
      kind: 'interim',
      claim: { id: 'claim-1', kind: 'interim', reference: 'DP-1', periodStart: '2026-01-01', periodEnd: '2026-06-30' },
    },
  ],
} as unknown as ProjectDetail

/** The project's payment schedule, where a claim's payment is changed through its claim. */
describe('PaymentsPanel', () => {
  it('names the claim a payment pays, links to its verification and offers no Delete for it', async () => {
    fakeAmif()
    const view = mountApp(PaymentsPanel, { pinia: freshPinia(), props: { project } })
    await flushPromises()
    const rows = view.findAll('[data-testid="payments-table"] .el-table__body-wrapper tbody tr')
    expect(rows).toHaveLength(2)
    expect(rows[0].find('[data-testid="payment-claim"]').exists()).toBe(false)
    const link = rows[1].get('[data-testid="payment-claim"]')
    expect(link.text()).toBe('Demande DP-1')
    expect(link.attributes('href')).toBe('/claims/claim-1/verification')

    const deletes = view.findAll('[data-testid="payment-delete"]')
    expect(deletes.map((b) => b.attributes('disabled') !== undefined)).toEqual([false, true])
    expect(deletes[1].attributes('title')).toContain('demande DP-1')
    view.unmount()
  })
})
