import { i18n } from '../i18n'
import { countryName, formatAmount, formatDate, formatEnterpriseNumber, formatIban, formatNumber, languageName } from './format'

/**
 * A stored record's fields as the officer reads them, in the UI language: the field's label and
 * its value formatted (amounts, rates, dates, statuses, vocabularies). The history and the merge's
 * conflict view show records the same way.
 */

const t = (key: string) => i18n.global.t(key)
const te = (key: string) => i18n.global.te(key)

/** Bookkeeping fields every row carries; not shown as changes. */
export const HIDDEN_FIELDS = new Set(['id', 'organisationId', 'projectId', 'projectIndicatorId', 'createdAt', 'updatedAt', 'updatedBy'])

/** Where an entity's field labels live in the messages. */
const FIELD_NAMESPACES: Record<string, string> = {
  organisation: 'organisation.fields',
  contact: 'contact.fields',
  partnership: 'partnership.fields',
  project: 'projects.fields',
  project_partner: 'projects.partnerFields',
  budget_line: 'budget.fields',
  payment: 'payments.fields',
  milestone: 'milestones.fields',
  project_indicator: 'indicators.fields',
  indicator_measurement: 'indicators.measurementFields',
  call: 'calls.fields',
  indicator: 'reference.indicatorFields',
  attachment: 'attachments.fields',
  visit: 'visits.fields',
  visit_finding: 'visits.findingFields',
  visit_recommendation: 'visits.recommendationFields',
}

/** A field's label for an entity (the field's own name when there is none). */
export function fieldLabel(entity: string, field: string): string {
  const key = `${FIELD_NAMESPACES[entity] ?? 'organisation.fields'}.${field}`
  return te(key) ? t(key) : field
}

const EMPTY = () => t('common.none')

/** Where the labels of a record's `status` live, per audited entity. */
const STATUS_LABELS: Record<string, string> = {
  project: 'vocab.projectStatuses',
  project_status_change: 'vocab.projectStatuses',
  milestone: 'vocab.milestoneStatuses',
  payment: 'vocab.paymentStatuses',
  visit: 'vocab.visitStatuses',
  visit_recommendation: 'vocab.recommendationStatuses',
}

/** Record ids (a beneficiary, a linked indicator...) mean nothing to a reader; they are not listed. */
export const isRecordId = (field: string, value: unknown) => field.endsWith('Id') && typeof value === 'string' && /^[0-9a-f-]{36}$/.test(value)

/** A stored value as the officer reads it, in the UI language. */
export function showValue(field: string, value: unknown, entity = ''): string {
  if (value === null || value === undefined || value === '') return EMPTY()
  if (typeof value === 'number' && field.endsWith('Cents')) return formatAmount(value)
  if (typeof value === 'number' && field.endsWith('RateBp')) return `${formatNumber(value / 100)} %`
  if (field === 'status' && STATUS_LABELS[entity] && te(`${STATUS_LABELS[entity]}.${String(value)}`)) return t(`${STATUS_LABELS[entity]}.${String(value)}`)
  if (field === 'severity' && te(`vocab.findingSeverities.${String(value)}`)) return t(`vocab.findingSeverities.${String(value)}`)
  if (field === 'category' && te(`vocab.budgetCategories.${String(value)}`)) return t(`vocab.budgetCategories.${String(value)}`)
  if (field === 'costModel' && te(`vocab.costModels.${String(value)}`)) return t(`vocab.costModels.${String(value)}`)
  if (field === 'kind' && te(`vocab.paymentKinds.${String(value)}`) && entity === 'payment') return t(`vocab.paymentKinds.${String(value)}`)
  if (field === 'kind' && entity === 'attachment' && te(`vocab.attachmentKinds.${String(value)}`)) return t(`vocab.attachmentKinds.${String(value)}`)
  if (/(Date|On)$/.test(field) && typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDate(value)
  if (Array.isArray(value)) {
    if (value.length === 0) return EMPTY()
    return value.map((v) => (field === 'workingLanguages' ? languageName(String(v)) : String(v))).join(', ')
  }
  if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no')
  const s = String(value)
  switch (field) {
    case 'kind':
      return te(`kinds.${s}`) ? t(`kinds.${s}`) : s
    case 'strand':
      return te(`strands.${s}`) ? t(`strands.${s}`) : s
    case 'role':
      return te(`roles.${s}`) ? t(`roles.${s}`) : s
    case 'status':
      return te(`statuses.${s}`) ? t(`statuses.${s}`) : s
    case 'preferredLanguage':
      return languageName(s)
    case 'country':
      return countryName(s)
    case 'startDate':
    case 'endDate':
      return formatDate(s)
    case 'enterpriseNumber':
      return formatEnterpriseNumber(s)
    case 'iban':
      return formatIban(s)
    default:
      return s
  }
}
