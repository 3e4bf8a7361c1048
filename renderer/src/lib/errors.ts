import { ElMessage } from 'element-plus'
import type { ErrorCode, FieldIssue } from '@domain/errors'
import { ApiError } from '../api/client'
import { formatEuros } from '@domain/money'
import { i18n, intlLocale, t } from '../i18n'

/** The error code of anything thrown: an ApiError's code (if it has a message), INTERNAL for anything else. */
export function errorCode(err: unknown): ErrorCode {
  if (err instanceof ApiError && i18n.global.te(`errors.${err.code}`, 'fr')) return err.code
  return 'INTERNAL'
}

/**
 * The translated message of a validation issue (`validation.<key>`), never the raw key, with the
 * values it names; an amount in cents (`excessCents`) is given as euros (`excess`) in the UI's format.
 */
export function issueMessage(issue: Pick<FieldIssue, 'message' | 'params'> | string): string {
  const key = typeof issue === 'string' ? issue : issue.message
  const path = `validation.${key}`
  if (!i18n.global.te(path, 'fr')) return t('validation.invalid')
  const params: Record<string, string | number> = {}
  for (const [name, value] of Object.entries(typeof issue === 'string' ? {} : (issue.params ?? {}))) {
    params[name] = value
    if (name.endsWith('Cents') && typeof value === 'number') params[name.slice(0, -'Cents'.length)] = formatEuros(value, intlLocale.value)
  }
  return t(path, params)
}

/** The one translated sentence for any error (never a raw English message from main). */
export function errorMessage(err: unknown): string {
  return t(`errors.${errorCode(err)}`)
}

/** Shows an error as a short message at the top of the window. */
export function showError(err: unknown): void {
  if (!(err instanceof ApiError)) console.error(err)
  ElMessage({ type: 'error', message: errorMessage(err), showClose: true, duration: 6000, grouping: true })
}

export { ApiError }

/** Brings the first field with a message into view and puts the cursor in it. */
export function focusFirstError(root: HTMLElement | null | undefined): void {
  const item = root?.querySelector<HTMLElement>('.el-form-item.is-error')
  if (!item) return
  item.scrollIntoView({ block: 'center', behavior: 'smooth' })
  item.querySelector<HTMLElement>('input, textarea')?.focus({ preventScroll: true })
}
