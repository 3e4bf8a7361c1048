import { onBeforeUnmount } from 'vue'
import { onBeforeRouteLeave } from 'vue-router'
import { t } from '../i18n'
import { confirmAction } from '../lib/confirm'

/** Everything on screen that may hold unsaved changes. */
const sources = new Set<() => boolean>()

/** True when some form on screen has unsaved changes. */
export function hasUnsavedChanges(): boolean {
  for (const dirty of sources) if (dirty()) return true
  return false
}

/** Asks whether to discard unsaved changes; true to discard. */
export function confirmDiscard(): Promise<boolean> {
  return confirmAction({
    title: t('unsaved.title'),
    message: t('unsaved.message'),
    confirmText: t('unsaved.discard'),
    cancelText: t('unsaved.keep'),
  })
}

/** Registers a dirty check for the window's beforeunload guard while the component lives. */
export function useDirtyTracking(dirty: () => boolean): void {
  sources.add(dirty)
  onBeforeUnmount(() => sources.delete(dirty))
}

/** Registers a dirty check and asks before the router leaves the view while it is dirty. */
export function useLeaveGuard(dirty: () => boolean): void {
  useDirtyTracking(dirty)
  onBeforeRouteLeave(async () => (dirty() ? confirmDiscard() : true))
}

/** Closing or reloading the window with unsaved changes asks first (Electron shows its dialog in main). */
export function installBeforeUnloadGuard(): void {
  window.addEventListener('beforeunload', (event) => {
    if (!hasUnsavedChanges()) return
    event.preventDefault()
    event.returnValue = ''
  })
}
