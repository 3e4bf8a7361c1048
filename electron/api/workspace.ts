import fs from 'node:fs'
import path from 'node:path'
import type { Officer } from '../../database/audit'
import { createAmifFile, openAmifFile, type AmifFile, type OpenOptions } from '../../database/file'
import type { DialogService } from './dialogs'
import { AppError, toErrorPayload, type ApiErrorPayload } from './errors'
import type { Settings, SettingsStore } from './settings'

/** Folder name, inside the officer's documents, where the first file is created (visible, easy to hand over). */
export const DOCUMENTS_FOLDER = 'AMIF Desk'
export const DEFAULT_FILE_NAME = 'AMIF Desk.amif'
const MAX_RECENT = 10

export interface WorkspaceOptions {
  settings: SettingsStore
  dialogs: DialogService
  /** The officer's documents folder (Electron's `app.getPath('documents')`). */
  documentsDir: string
  appVersion: string
}

/** What happened at start-up: the file now open, and why the last one could not be reopened. */
export interface StartupResult {
  created: boolean
  lastFileProblem: ApiErrorPayload | null
}

/**
 * Everything a handler works with: the open file, the app's settings and the dialogs. Main,
 * the CLI and the end-to-end harness each build one; handlers never import Electron.
 */
export class Workspace {
  private current: AmifFile | null = null
  /**
   * The colleague's file `merge.preview` had the officer choose, for the open file at `intoPath`:
   * `merge.apply` takes it from here, so that paths never come from the renderer.
   */
  mergeSource: { intoPath: string; fromPath: string } | null = null

  constructor(private readonly options: WorkspaceOptions) {}

  get appVersion(): string {
    return this.options.appVersion
  }

  get dialogs(): DialogService {
    return this.options.dialogs
  }

  /** The default file path: `<documents>/AMIF Desk/AMIF Desk.amif`. */
  get defaultFilePath(): string {
    return path.join(this.options.documentsDir, DOCUMENTS_FOLDER, DEFAULT_FILE_NAME)
  }

  settings(): Settings {
    return this.options.settings.read()
  }

  updateSettings(patch: Partial<Settings>): Settings {
    const next = { ...this.settings(), ...patch }
    this.options.settings.write(next)
    return next
  }

  /** The officer changes are stamped with; OFFICER_REQUIRED until they have said who they are. */
  officer(): Officer {
    const officer = this.settings().officer
    if (!officer) throw new AppError('OFFICER_REQUIRED', 'Say who you are before changing the file')
    return officer
  }

  /** The open file, or NO_FILE_OPEN. */
  file(): AmifFile {
    if (!this.current) throw new AppError('NO_FILE_OPEN', 'No file is open')
    return this.current
  }

  /** The open file for a change: READ_ONLY when it was opened read-only. */
  writableFile(): AmifFile {
    const file = this.file()
    if (file.readOnly) throw new AppError('READ_ONLY', `${path.basename(file.path)} is open read-only`)
    return file
  }

  hasFile(): boolean {
    return this.current !== null
  }

  /** Opens an existing file in place of the current one (which stays open if this one is refused). */
  async open(filePath: string, options: OpenOptions = {}): Promise<AmifFile> {
    const next = openAmifFile(filePath, options)
    await this.replaceCurrent(next)
    return next
  }

  /** Creates a new file (never over an existing one) and opens it. */
  async create(filePath: string): Promise<AmifFile> {
    const next = createAmifFile(filePath, { appVersion: this.options.appVersion })
    await this.replaceCurrent(next)
    return next
  }

  /** Reopens the last file; failing that, opens or creates the default file in the documents folder. */
  async openAtStartup(): Promise<StartupResult> {
    const last = this.settings().lastFile
    let lastFileProblem: ApiErrorPayload | null = null
    if (last) {
      try {
        await this.open(last)
        return { created: false, lastFileProblem: null }
      } catch (err) {
        lastFileProblem = toErrorPayload(err)
      }
    }
    const fallback = this.defaultFilePath
    if (fs.existsSync(fallback) && fallback !== last) {
      await this.open(fallback)
      return { created: false, lastFileProblem }
    }
    if (fs.existsSync(fallback)) {
      // The default file itself was refused: keep it for inspection, start a fresh one beside it.
      const stamp = new Date().toISOString().slice(0, 10)
      let n = 1
      let candidate = path.join(path.dirname(fallback), `AMIF Desk ${stamp}.amif`)
      while (fs.existsSync(candidate)) candidate = path.join(path.dirname(fallback), `AMIF Desk ${stamp} (${++n}).amif`)
      await this.create(candidate)
      return { created: true, lastFileProblem }
    }
    await this.create(fallback)
    return { created: true, lastFileProblem }
  }

  /** Closes the open file, if any. */
  async close(): Promise<void> {
    const file = this.current
    this.current = null
    if (file) await file.close()
  }

  private async replaceCurrent(next: AmifFile): Promise<void> {
    await this.close()
    this.current = next
    const recent = [next.path, ...this.settings().recentFiles.filter((p) => p !== next.path)].slice(0, MAX_RECENT)
    this.updateSettings({ lastFile: next.path, recentFiles: recent })
  }
}
