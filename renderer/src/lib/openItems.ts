import type { OpenItem } from '~/templates/types'
import { t } from '../i18n'

/** What an open item is, in the UI language: a milestone's or record's own words, or the kind of payment, report or agreement. */
export function openItemLabel(i: OpenItem): string {
  if (i.kind === 'payment_due') return t(`vocab.paymentKinds.${i.label}`)
  if (i.kind === 'claim_verification') return t(`vocab.claimKinds.${i.label}`)
  if (i.kind === 'report_due') return t(`handover.reportKinds.${i.label}`)
  if (i.kind === 'agreement_unsigned') return t('handover.agreementUnsigned')
  return i.label
}
