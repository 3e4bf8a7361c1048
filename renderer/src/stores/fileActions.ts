import { ElMessage, ElMessageBox } from 'element-plus'
import { defineStore } from 'pinia'
import { h, ref } from 'vue'
import type { ImportReport } from '~/database/file/import-foreign'
import type { LockHolder } from '~/database/file/lock'
import type { MenuCommand } from '~/electron/preload/bridge'
import { ApiError, call } from '../api/client'
import { t } from '../i18n'
import { watchCopyCheck } from '../lib/copyCheck'
import { showError } from '../lib/errors'
import { whileOpening } from '../lib/fileUpdate'
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
      // An older file is updated first, its steps shown meanwhile.
      const result = await whileOpening(call('file.open', { path, title: t('fileActions.openTitle') }))
      if (!result.cancelled) await switched()
    } catch (err) {
      if (err instanceof ApiError && err.code === 'FILE_LOCKED') await openLocked(err.details as LockHolder)
      else if (!(await offerImport(err))) showError(err)
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
          ? await whileOpening(
              call('file.openCopy', {
                path: holder.path,
                title: t('fileActions.copyTitle'),
                defaultName: `${t('fileActions.copyName', { name: baseName(holder.path) })}.amif`,
              }),
            )
          : await whileOpening(call('file.open', { path: holder.path, mode: choice === 'readOnly' ? 'readOnly' : 'write', takeOver: choice === 'takeOver' }))
      if (!result.cancelled) {
        // A large copy is checked in full once written: its progress is shown above every view.
        if ((result as { copy?: { integrity: string } }).copy?.integrity === 'pending') watchCopyCheck()
        await switched()
      }
    } catch (err) {
      if (!(await offerImport(err))) showError(err)
    }
  }

  /**
   * A file refused because its schema is not the app's (FOREIGN_SCHEMA), on opening or merging:
   * says so and offers "Import its records into a new file", which asks where to write the new
   * file, imports, shows what was imported and refused, and opens the new file. False for any
   * other error (the caller shows it).
   */
  async function offerImport(err: unknown): Promise<boolean> {
    if (!(err instanceof ApiError) || err.code !== 'FOREIGN_SCHEMA') return false
    const source = (err.details as { path?: unknown } | undefined)?.path
    if (typeof source !== 'string') return false
    const chosen = await ElMessageBox.confirm(t('errors.FOREIGN_SCHEMA'), t('foreign.title', { name: baseName(source) }), {
      type: 'warning',
      confirmButtonText: t('foreign.import'),
      cancelButtonText: t('common.close'),
    })
      .then(() => true)
      .catch(() => false)
    if (!chosen) return true
    try {
      const result = await call('file.importForeign', {
        path: source,
        title: t('foreign.saveTitle'),
        defaultName: `${t('foreign.newName', { name: baseName(source) })}.amif`,
      })
      if (result.cancelled) return true
      await ElMessageBox.alert(importSummary(result.report), t('foreign.doneTitle'), { type: 'success', confirmButtonText: t('common.close') }).catch(
        () => undefined,
      )
      await switched()
    } catch (failure) {
      showError(failure)
    }
    return true
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
      const result = await call('file.saveCopy', {
        title: t('fileActions.saveCopyTitle'),
        defaultName: `${t('fileActions.copyName', { name: baseName(app.file.path) })}.amif`,
      })
      if (!result.cancelled) {
        ElMessage({ type: 'success', message: t('fileActions.copySaved', { path: result.path }), duration: 6000, showClose: true })
        if (result.integrity === 'pending') watchCopyCheck()
      }
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

  return { lockPrompt, handoverOpen, busy, open, offerImport, create, saveCopy, close, answer, run }
})

/** The file name without its folder and `.amif`. */
function baseName(p: string): string {
  return (p.split(/[\\/]/).pop() ?? p).replace(/\.amif$/i, '')
}

/** What an import did, for the message shown before the new file opens. */
function importSummary(report: ImportReport) {
  const lines = [h('p', t('foreign.done', { imported: report.importedTotal, path: report.path, removed: report.removed.length }))]
  if (report.refusedTotal > 0) {
    lines.push(h('p', t('foreign.refused', { count: report.refusedTotal })))
    lines.push(
      h(
        'ul',
        report.refused.map((r) => h('li', t('foreign.refusedLine', { table: r.table, count: r.count, reason: t(`foreign.reasons.${r.reason}`) }))),
      ),
    )
  }
  return h('div', { 'data-testid': 'import-report' }, lines)
}
