import { defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import type { ApiOutput } from '~/electron/api'
import type { ApiErrorPayload } from '@domain/errors'
import type { FileInfo } from '~/electron/api/handlers/app'
import { call, READ_ONLY_EVENT } from '../api/client'
import { applyLanguage, isUiLanguage, t, type UiLanguage } from '../i18n'
import { errorCode } from '../lib/errors'
import { whileOpening } from '../lib/fileUpdate'

type Officer = NonNullable<ApiOutput<'app.state'>['officer']>

/** How often the window asks whether the check of a file just opened is over. */
const CHECK_POLL_MS = 500

/**
 * Where the start flow is: loading settings, asking who the officer is, opening the file,
 * offering demo data for an empty file, ready (the registry), no file open (after Close), or
 * failed to open any file.
 */
export type StartPhase = 'loading' | 'officer' | 'opening' | 'welcome' | 'ready' | 'noFile' | 'failed'

/** The app's state: the officer, the UI language, the open file and the start flow. */
export const useAppStore = defineStore('app', () => {
  const phase = ref<StartPhase>('loading')
  const appVersion = ref('')
  const officer = ref<Officer | null>(null)
  const language = ref<UiLanguage>('fr')
  const file = ref<FileInfo | null>(null)
  const lastFileProblem = ref<ApiErrorPayload | null>(null)
  const lastFilePath = ref<string | null>(null)
  const startError = ref<unknown>(null)

  const readOnly = computed(() => file.value?.readOnly ?? false)
  const fileName = computed(() => file.value?.name ?? '')

  /** First paint: settings and, if the officer is known, the file. */
  async function start(): Promise<void> {
    phase.value = 'loading'
    startError.value = null
    try {
      const state = await call('app.state')
      appVersion.value = state.appVersion
      officer.value = state.officer
      lastFilePath.value = state.recentFiles[0] ?? null
      if (isUiLanguage(state.language)) {
        language.value = state.language
        applyLanguage(state.language)
      }
      if (!state.officer) {
        phase.value = 'officer'
        return
      }
      await openAtStartup()
    } catch (err) {
      startError.value = err
      phase.value = 'failed'
    }
  }

  /** Opens the last file (or creates the default one); an empty file gets the welcome card. */
  async function openAtStartup(): Promise<void> {
    phase.value = 'opening'
    try {
      // An older file is updated first, its steps shown meanwhile.
      const result = await whileOpening(call('file.openAtStartup'))
      file.value = result.file
      lastFileProblem.value = result.lastFileProblem
      phase.value = result.file.counts.organisations === 0 ? 'welcome' : 'ready'
    } catch (err) {
      startError.value = err
      phase.value = 'failed'
    }
  }

  async function setOfficer(name: string, email: string): Promise<void> {
    officer.value = await call('app.setOfficer', { name, email: email.trim() === '' ? null : email })
    await openAtStartup()
  }

  /** Switches the UI language at once and keeps it in the settings. */
  async function setLanguage(next: UiLanguage): Promise<void> {
    language.value = next
    applyLanguage(next)
    await call('app.setLanguage', { language: next })
  }

  async function refreshFile(): Promise<void> {
    file.value = await call('file.info')
  }

  // A large file opens at once and is checked meanwhile ('checking'): the window looks again until
  // the check is over, when the file can be changed (or turns out damaged).
  let checkTimer: ReturnType<typeof setTimeout> | null = null
  function pollWhileChecking(): void {
    if (checkTimer || file.value?.readOnlyReason !== 'checking') return
    checkTimer = setTimeout(() => {
      checkTimer = null
      void refreshFile()
        .catch(() => undefined)
        .finally(pollWhileChecking)
    }, CHECK_POLL_MS)
  }
  watch(() => file.value?.readOnlyReason, pollWhileChecking)

  // A refused write (the file became read-only: its lock was taken over) updates the banner and the forms.
  window.addEventListener(READ_ONLY_EVENT, () => {
    if (file.value && !file.value.readOnly) void refreshFile().catch(() => undefined)
  })

  /** Opens a new file of demonstration data (named as such), leaving the officer's file as it was. */
  async function loadDemo(): Promise<void> {
    file.value = await call('demo.create', { name: t('start.demoFileName') })
    phase.value = 'ready'
  }

  function startEmpty(): void {
    phase.value = 'ready'
  }

  /** The officer closed the file: nothing is open until they open or create one. */
  function fileClosed(): void {
    file.value = null
    phase.value = 'noFile'
  }

  function dismissLastFileProblem(): void {
    lastFileProblem.value = null
  }

  /** The code of the start error, for its translated message. */
  const startErrorCode = computed(() => (startError.value ? errorCode(startError.value) : null))

  return {
    phase,
    appVersion,
    officer,
    language,
    file,
    lastFileProblem,
    lastFilePath,
    startError,
    startErrorCode,
    readOnly,
    fileName,
    start,
    openAtStartup,
    setOfficer,
    setLanguage,
    refreshFile,
    loadDemo,
    startEmpty,
    fileClosed,
    dismissLastFileProblem,
  }
})
