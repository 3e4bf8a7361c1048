import { ElMessage } from 'element-plus'
import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { LockHolder } from '../../../database/lock'
import type { MenuCommand } from '../../../electron/preload/bridge'
import { ApiError, call } from '../api/client'
import { t } from '../i18n'
import { showError } from '../lib/errors'
import { router } from '../router'
import { useAppStore } from './app'

/** What the officer decides for a file someone else has open. */
export type LockChoice = 'readOnly' | 'copy' | 'takeOver' | 'cancel'

/**
 * The File actions — new, open, open recent, save a copy, hand over, merge, close — with the same
 * flow from the file section's buttons, the start screen and the Electron File menu. Paths come
 * from main's dialogs; a file someone else has open asks the officer what to do.
 */
export const useFileActionsStore = defineStore('fileActions', () => {
  const app = useAppStore()
  const lockPrompt = ref<{ holder: LockHolder; name: string } | null>(null)
  const handoverOpen = ref(false)
  const busy = ref(false)
  let answerLock: ((choice: LockChoice) => void) | null = null

  /** Shows the locked-file dialog and waits for the officer's choice. */
  function askAboutLock(holder: LockHolder, name: string): Promise<LockChoice> {
    lockPrompt.value = { holder, name }
    return new Promise((resolve) => {
      answerLock = resolve
    })
  }

  /** The locked-file dialog's answer. */
  function answer(choice: LockChoice): void {
    lockPrompt.value = null
    answerLock?.(choice)
    answerLock = null
  }

  /** After another file became the open one: the window starts again on it (every view reloads its data). */
  async function switched(): Promise<void> {
    await router.replace('/dashboard')
    window.location.reload()
  }

  /**
   * Opens a file for writing; when someone else has it open, asks whether to open it read-only,
   * open a copy, or (an old lock) take it over. `path` is a recent file; none asks the open dialog.
   */
  async function open(path?: string): Promise<void> {
    if (busy.value) return
    busy.value = true
    try {
      const result = await call('file.open', { path, title: t('fileActions.openTitle') })
      if (!result.cancelled) await switched()
    } catch (err) {
      if (err instanceof ApiError && err.code === 'FILE_LOCKED') await openLocked(err.details as LockHolder)
      else showError(err)
    } finally {
      busy.value = false
    }
  }

  /** Someone else has the file open: read-only, a copy, or (an old lock) taking it over. */
  async function openLocked(holder: LockHolder): Promise<void> {
    try {
      const choice = await askAboutLock(holder, baseName(holder.path))
      if (choice === 'cancel') return
      const result =
        choice === 'copy'
          ? await call('file.openCopy', { path: holder.path, title: t('fileActions.copyTitle'), defaultName: `${t('fileActions.copyName', { name: baseName(holder.path) })}.amif` })
          : await call('file.open', { path: holder.path, mode: choice === 'readOnly' ? 'readOnly' : 'write', takeOver: choice === 'takeOver' })
      if (!result.cancelled) await switched()
    } catch (err) {
      showError(err)
    }
  }

  /** Creates a new, empty file where the officer chooses, and opens it. */
  async function create(): Promise<void> {
    if (busy.value) return
    busy.value = true
    try {
      const result = await call('file.new', { title: t('fileActions.newTitle'), defaultName: `${t('fileActions.newName')}.amif` })
      if (!result.cancelled) await switched()
    } catch (err) {
      showError(err)
    } finally {
      busy.value = false
    }
  }

  /** Writes a copy of the open file where the officer chooses; the open file stays open. */
  async function saveCopy(): Promise<void> {
    if (busy.value || !app.file) return
    busy.value = true
    try {
      const result = await call('file.saveCopy', { title: t('fileActions.saveCopyTitle'), defaultName: `${t('fileActions.copyName', { name: baseName(app.file.path) })}.amif` })
      if (!result.cancelled) ElMessage({ type: 'success', message: t('fileActions.copySaved', { path: result.path }), duration: 6000, showClose: true })
    } catch (err) {
      showError(err)
    } finally {
      busy.value = false
    }
  }

  /** Closes the open file (its lock goes); the start screen offers to open another. */
  async function close(): Promise<void> {
    if (busy.value) return
    busy.value = true
    try {
      await call('file.close')
      app.fileClosed()
    } catch (err) {
      showError(err)
    } finally {
      busy.value = false
    }
  }

  /** Carries out a File menu item. */
  function run(command: MenuCommand): void {
    switch (command.action) {
      case 'new':
        void create()
        return
      case 'open':
        void open()
        return
      case 'openRecent':
        void open(command.path)
        return
      case 'saveCopy':
        void saveCopy()
        return
      case 'handOver':
        if (app.file) handoverOpen.value = true
        return
      case 'merge':
        if (app.file) void router.push('/merge')
        return
      case 'close':
        void close()
        return
    }
  }

  return { lockPrompt, handoverOpen, busy, open, create, saveCopy, close, answer, run }
})

/** The file name without its folder and `.amif`. */
function baseName(p: string): string {
  return (p.split(/[\\/]/).pop() ?? p).replace(/\.amif$/i, '')
}
