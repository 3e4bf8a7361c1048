import { ElMessageBox } from 'element-plus'
import { t } from '../i18n'

export interface ConfirmOptions {
  title: string
  message: string
  /** Text of the confirming button; the cancelling one says `common.cancel` unless given. */
  confirmText: string
  cancelText?: string
  /** A destructive action: red button and an error icon. */
  danger?: boolean
}

/** Asks the officer to confirm an action; true when confirmed, false when cancelled or closed. */
export async function confirmAction(options: ConfirmOptions): Promise<boolean> {
  try {
    await ElMessageBox.confirm(options.message, options.title, {
      type: options.danger ? 'error' : 'warning',
      confirmButtonText: options.confirmText,
      cancelButtonText: options.cancelText ?? t('common.cancel'),
      confirmButtonClass: options.danger ? 'el-button--danger' : undefined,
      distinguishCancelAndClose: false,
      autofocus: false,
    })
    return true
  } catch {
    return false
  }
}
