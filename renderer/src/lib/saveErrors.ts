import { ElMessage } from 'element-plus'
import type { FieldIssue } from '@domain/errors'
import { t } from '../i18n'
import { confirmAction } from './confirm'
import { ApiError, showError } from './errors'

interface FormErrorTarget {
  applyServerIssues(issues: FieldIssue[], prefix?: string): void
  setServerError(field: string, message: () => string): void
}

/**
 * What a form does with a failed save: field issues under their fields, a duplicate (enterprise
 * number, project code, call reference...) under its field, a stale record offers a reload; anything else is a translated message.
 */
export async function handleSaveError(err: unknown, form: FormErrorTarget, onReload?: () => Promise<void>): Promise<void> {
  if (err instanceof ApiError && err.code === 'VALIDATION' && err.issues.length > 0) {
    form.applyServerIssues(err.issues)
    ElMessage({ type: 'error', message: t('validation.fixFields'), grouping: true })
    return
  }
  if (err instanceof ApiError && err.code === 'DUPLICATE') {
    const details = (err.details ?? {}) as { field?: string; existingName?: string }
    const name = details.existingName
    form.setServerError(details.field ?? 'enterpriseNumber', () => (name ? t('partner.duplicateOf', { name }) : t('validation.unique')))
    ElMessage({ type: 'error', message: t('errors.DUPLICATE'), grouping: true })
    return
  }
  if (err instanceof ApiError && err.code === 'STALE' && onReload) {
    const confirmed = await confirmAction({
      title: t('partner.staleTitle'),
      message: t('partner.stale'),
      confirmText: t('common.reload'),
    })
    if (!confirmed) return
    try {
      await onReload()
    } catch (reloadErr) {
      showError(reloadErr)
    }
    return
  }
  showError(err)
}
