import type { SheetData } from '../../database/claims-import'
import fs from 'node:fs'
import path from 'node:path'
import type { Officer } from '../../database/audit'
import { createAmifFile, freeName, isPlaceWritable, openAmifFile, type AmifFile } from '../../database/file'
import { safeFileName } from '../../database/file/file-names'
import { loadDemoData } from '../../database/demo'
import { importRecords, type ImportReport } from '../../database/file/import-foreign'
import { acquireLock, isPlaceRefusal, LOCK_REFRESH_MS, lockHolderOf, type FileLock, type LockHolder, type LockOwner } from '../../database/file/lock'
import type { DialogService } from './dialogs'
import { AppError, toErrorPayload, type ApiErrorPayload } from '../../database/domain/errors'
import { sharedRenderer, type DocumentRenderer } from './render-runner'
import type { Settings, SettingsStore } from './settings'
import { classifyStorageError, storageError, systemCode } from './storage-errors'
import { asWritable, type WritableFile } from '../../database/writable'
import { checkPages, type PageCheckOptions, type PageCheckProgress } from '../../database/file/page-check'
import type { MigrationProgress } from '../../database/file/migrate'
import { LATEST_VERSION } from '../../database/migrations'
import { migrateInWorker } from './migrate-runner'

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
  /** Renders documents outside this thread (main passes its utility process); a worker thread by default. */
  renderer?: DocumentRenderer
  /**
   * Opens a large file at once and checks its pages (`PRAGMA quick_check`) in a worker thread
   * meanwhile: the file reads at once, and is read-only ('checking') until the check passes, or
   * for good ('damaged') if it fails. The window sets it; without it (the command line, the
   * tests) the check runs while opening, as before.
   */
  checkInBackground?: boolean
  /**
   * With checkInBackground, an older file is updated in a worker thread running this script (the
   * bundle's migrate-worker.js; the source through tsx by default), its steps told by
   * `migrationProgress`; without it, while opening, as before.
   */
  migrateWorkerFile?: string
  /** Told each step of updating an older file while it is opened (the command line prints them). */
  onMigrationProgress?: (progress: MigrationProgress, filePath: string) => void
}

/** The update of an older file the window is opening: which file, and the step it is on (null before the first). */
export interface MigrationState {
  path: string
  name: string
  progress: MigrationProgress | null
}

/** A full check under way (or, for a copy or backup, over): how far, of what, and a copy's verdict. */
export interface CheckProgress extends PageCheckProgress {
  /** The file the officer asked to check, or a copy or backup just written (checked after it is written). */
  subject: 'file' | 'copy' | 'backup'
  /** The copy's or backup's path (null for the officer's check, whose file they chose). */
  path: string | null
  /** A copy's or backup's check once over: the problems it found, empty when sound; null while it runs. */
  problems: string[] | null
}

/** What happened at start-up: the file now open, and why the last one could not be reopened. */
export interface StartupResult {
  created: boolean
  lastFileProblem: ApiErrorPayload | null
}

/**
 * Why the open file cannot be changed: the officer asked for read-only, the place cannot be
 * written (or stopped being writable), someone else holds the lock, someone took our lock over
 * while the file was open, the file is gone from where it was opened (removed, its drive
 * disconnected), its pages are being checked (a large file, just opened), or that check failed.
 */
export type ReadOnlyReason = 'requested' | 'place' | 'locked' | 'lockLost' | 'gone' | 'checking' | 'damaged'

export interface WorkspaceOpenOptions {
  readOnly?: boolean
  /** See OpenOptions.inspectOnly (the CLI's `check`): read-only, an older file as it is. */
  inspectOnly?: boolean
  /** Take an old lock (not refreshed for 10 minutes): the officer was warned. */
  takeOver?: boolean
  /** The time the lock is judged and stamped with (tests set it). */
  now?: Date
}

/** Whether the open file can be changed, and if not why (and who holds it). */
export interface FileAccess {
  readOnly: boolean
  readOnlyReason: ReadOnlyReason | null
  /** Who holds the lock, when the file is read-only because of it (or we lost it). */
  lockHolder: LockHolder | null
  lockLost: boolean
}

/**
 * Everything a handler works with: the open file, the app's settings and the dialogs. Main,
 * the CLI and the end-to-end harness each build one; handlers never import Electron.
 *
 * A file open for writing is locked (`<file>.lock`, see database/file/lock.ts): the lock is
 * refreshed every minute and checked before every write; it goes when the file is closed or
 * another one opened.
 */
export class Workspace {
  private current: AmifFile | null = null
  /**
   * The colleague's file `merge.preview` had the officer choose, for the open file at `intoPath`:
   * `merge.apply` takes it from here, so that paths never come from the renderer.
   */
  mergeSource: { intoPath: string; fromPath: string } | null = null
  /**
   * The expenditure list `claims.importPreview` had the officer choose, for a claim of the open
   * file at `intoPath`: `claims.importConfirm` reads it from here (with the SHA-256 previewed).
   */
  importSource: { intoPath: string; claimId: string; fromPath: string; sha256: string; sheet: SheetData } | null = null
  private lock: FileLock | null = null
  private lockTimer: ReturnType<typeof setInterval> | null = null
  private access: FileAccess = { readOnly: false, readOnlyReason: null, lockHolder: null, lockLost: false }
  /** What a failed write revealed about the open file's place; kept until another file is opened. */
  private placeFailure: 'readOnly' | 'gone' | null = null
  /** Paths the officer chose in an open dialog this session: `file.open` may name them again. */
  private readonly picked = new Set<string>()
  /** The background check of the open file's pages (checkInBackground), while it runs or once it failed. */
  private pageCheck: { file: AmifFile; problems: string[] | null; done: Promise<void>; stop: AbortController } | null = null
  /** The full check the officer asked for (file.check), while it runs: how far it is, and its stop. */
  private fullCheck: { progress: PageCheckProgress; stop: AbortController } | null = null
  /** The full check of the latest copy or backup written with its pages checked later (checkCopyLater): running, or its verdict. */
  private copyCheck: { subject: 'copy' | 'backup'; path: string; progress: PageCheckProgress; problems: string[] | null; stop: AbortController } | null = null

  /** The update of an older file being opened in a worker thread (checkInBackground): nothing else opens meanwhile. */
  private migration: MigrationState | null = null
  /** The file being opened, until it is open or refused (the start-up waits for one main began). */
  private opening: Promise<unknown> | null = null

  constructor(private readonly options: WorkspaceOptions) {}

  get appVersion(): string {
    return this.options.appVersion
  }

  get dialogs(): DialogService {
    return this.options.dialogs
  }

  /** What documents are rendered with (never in this thread: see render-runner.ts). */
  get renderer(): DocumentRenderer {
    return this.options.renderer ?? sharedRenderer()
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

  /**
   * The open file for a change: READ_ONLY when it was opened read-only, when its place can no
   * longer be written, or when our lock is no longer ours (someone took it over): from then on
   * the file is read-only for this workspace. FILE_GONE when the file is no longer there.
   * The one way a handler reaches a WritableDb (database/writable.ts); queries are not given it.
   */
  writableFile(): WritableFile {
    const file = this.file()
    const access = this.fileAccess()
    if (access.readOnlyReason === 'gone') {
      throw new AppError('FILE_GONE', `${path.basename(file.path)} is no longer where it was opened`, { path: file.path })
    }
    if (access.readOnlyReason === 'checking') {
      throw new AppError('FILE_CHECKING', `${path.basename(file.path)} is being checked; it can be changed once the check has passed`, { path: file.path })
    }
    if (access.readOnlyReason === 'damaged') {
      throw new AppError('CORRUPT', `${file.path} is damaged (quick check failed)`, { path: file.path, problems: this.pageCheck?.problems ?? [] })
    }
    if (access.readOnly) {
      const why = access.readOnlyReason === 'lockLost' ? ' (someone else took it over)' : ''
      throw new AppError('READ_ONLY', `${path.basename(file.path)} is open read-only${why}`, {
        path: file.path,
        reason: access.readOnlyReason,
        lockHolder: access.lockHolder,
      })
    }
    return asWritable(file)
  }

  hasFile(): boolean {
    return this.current !== null
  }

  /**
   * Whether the open file can be changed, as things are now: the file gone from its place (the
   * lock with it, which is no colleague's doing), its place no longer writable, our lock taken.
   */
  fileAccess(now: Date = new Date()): FileAccess {
    const file = this.current
    if (!file) return { ...this.access }
    if (this.placeFailure === 'gone' || !fs.existsSync(file.path)) {
      this.placeFailure = 'gone'
      return { readOnly: true, readOnlyReason: 'gone', lockHolder: null, lockLost: false }
    }
    if (this.lock && !this.lock.isOurs()) this.loseLock(now)
    if (!this.access.readOnly && (this.placeFailure === 'readOnly' || !isPlaceWritable(file.path))) {
      return { readOnly: true, readOnlyReason: 'place', lockHolder: null, lockLost: false }
    }
    const check = this.pageCheck
    if (!this.access.readOnly && check?.file === file) {
      return { readOnly: true, readOnlyReason: check.problems ? 'damaged' : 'checking', lockHolder: null, lockLost: false }
    }
    return { ...this.access }
  }

  /**
   * Resolves once the background check of the open file's pages is over (at once when none
   * runs): the command line and the tests wait for it before writing.
   */
  async pagesChecked(): Promise<void> {
    await this.pageCheck?.done
  }

  /**
   * Runs a full check the officer asked for, its progress kept for `checkProgress` and stoppable
   * by `stopCheck` (one at a time). Resolves to null when it was stopped.
   */
  async runCheck<T>(run: (options: PageCheckOptions) => Promise<T>): Promise<T | null> {
    if (this.fullCheck) throw new AppError('IN_USE', 'A check is already running')
    const check = { progress: { done: 0, total: 1 }, stop: new AbortController() }
    this.fullCheck = check
    try {
      return await run({ onProgress: (p) => (check.progress = p), signal: check.stop.signal })
    } catch (err) {
      if (check.stop.signal.aborted) return null
      throw err
    } finally {
      this.fullCheck = null
    }
  }

  /**
   * How far the running full check is: the one the officer asked for, else that of a copy or a
   * backup just written (checkCopyLater), which stays here with its verdict (`problems`) once over,
   * until another starts; null when there is neither.
   */
  checkProgress(): CheckProgress | null {
    if (this.fullCheck) return { ...this.fullCheck.progress, subject: 'file', path: null, problems: null }
    const copy = this.copyCheck
    return copy ? { ...copy.progress, subject: copy.subject, path: copy.path, problems: copy.problems && [...copy.problems] } : null
  }

  /** Stops the running full check (the officer's, else a copy's); false when none runs. */
  stopCheck(): boolean {
    if (this.fullCheck) {
      this.fullCheck.stop.abort(new Error('stopped'))
      return true
    }
    if (this.copyCheck && this.copyCheck.problems === null) {
      this.copyCheck.stop.abort(new Error('stopped'))
      this.copyCheck = null
      return true
    }
    return false
  }

  /** True when large files' page checks run in worker threads while the window goes on (see checkInBackground). */
  get checksInBackground(): boolean {
    return this.options.checkInBackground ?? false
  }

  /**
   * Runs the full check of a copy or a backup just written with its pages left for later
   * (SnapshotOptions.pages), in a worker thread: checkProgress tells how far it is and then its
   * verdict, which a failure also writes to the log. A new one replaces the one before.
   */
  checkCopyLater(subject: 'copy' | 'backup', filePath: string): Promise<string[]> {
    this.copyCheck?.stop.abort(new Error('replaced'))
    const check: NonNullable<Workspace['copyCheck']> = { subject, path: filePath, progress: { done: 0, total: 1 }, problems: null, stop: new AbortController() }
    this.copyCheck = check
    return checkPages(filePath, 'full', { onProgress: (p) => (check.progress = p), signal: check.stop.signal }).then(
      (problems) => {
        check.problems = problems
        check.progress = { done: check.progress.total, total: check.progress.total }
        if (problems.length > 0) console.error(`[amif] the ${subject} ${filePath} failed its full check: ${problems.slice(0, 5).join('; ')}`)
        return problems
      },
      () => [] as string[], // stopped, or replaced by the next copy's check
    )
  }

  /** Checks the pages of a file opened without that check, in a worker thread (see checkInBackground). */
  private startPageCheck(file: AmifFile): void {
    const stop = new AbortController()
    const check: NonNullable<Workspace['pageCheck']> = { file, problems: null, stop, done: Promise.resolve() }
    check.done = checkPages(file.path, 'quick', { signal: stop.signal }).then(
      (problems) => {
        if (this.pageCheck !== check) return
        if (problems.length === 0) {
          file.pagesChecked = true
          this.pageCheck = null
        } else {
          check.problems = problems
          console.error(`[amif] ${file.path} failed its quick check: ${problems.slice(0, 5).join('; ')}`)
        }
      },
      () => undefined, // stopped: another file was opened, or this one closed
    )
    this.pageCheck = check
  }

  private stopPageCheck(): void {
    this.pageCheck?.stop.abort()
    this.pageCheck = null
  }

  /**
   * What the officer is told for a failure while the file was open: a full disk, a place that
   * turned read-only or a file that went away become WRITE_FAILED, READ_ONLY or FILE_GONE (the
   * last two make the file read-only for the session), with SQLite's own error in the log.
   * Anything else is returned as it is.
   */
  explainFailure(err: unknown, during: string, writing: boolean): unknown {
    const file = this.current
    if (!file) return err
    const failure = classifyStorageError(err, file.path, writing)
    if (!failure) return err
    if (failure === 'gone' || (failure === 'readOnly' && this.placeFailure !== 'gone')) this.placeFailure = failure
    const original = err instanceof Error ? err.message : String(err)
    console.error(`[amif] ${during} failed on ${file.path}: ${systemCode(err)}: ${original}`)
    return storageError(failure, err, file.path)
  }

  /** Rewrites the lock's `refreshedAt` (the timer calls it every minute); a lock no longer ours is lost. */
  refreshLock(now: Date = new Date()): void {
    if (this.lock && !this.lock.refresh(now)) this.loseLock(now)
  }

  /** Remembers a path the officer chose in a dialog, so that `file.open` may name it again. */
  rememberPicked(filePath: string): void {
    this.picked.add(path.resolve(filePath))
  }

  /** True for a path `file.open` may be given: a recent file, or one chosen in a dialog this session. */
  isKnownPath(filePath: string): boolean {
    const absolute = path.resolve(filePath)
    return this.picked.has(absolute) || this.settings().recentFiles.some((p) => path.resolve(p) === absolute)
  }

  /**
   * Opens an existing file in place of the current one (which stays open if this one is refused).
   * For writing, takes the lock first: FILE_LOCKED when someone holds it (a lock of a process of
   * this machine that is gone is cleared; an old one is taken with `takeOver`). A file in a place
   * that cannot be written opens read-only without a lock.
   */
  async open(filePath: string, options: WorkspaceOpenOptions = {}): Promise<AmifFile> {
    return this.openFile(filePath, options, null)
  }

  /** The update of an older file being opened, and its step; null when none runs. */
  migrationProgress(): MigrationState | null {
    return this.migration && { ...this.migration }
  }

  /** Resolves once the file being opened (by main, as the window starts) is open or refused; at once when none is. */
  async openingSettled(): Promise<void> {
    await this.opening?.catch(() => undefined)
  }

  /** Refuses to open or create another file while one is being updated. */
  private refuseWhileUpdating(): void {
    const m = this.migration
    if (m) throw new AppError('FILE_UPDATING', `${m.name} is being updated; wait until the update is over`, { path: m.path })
  }

  /** Creates a new file (never over an existing one), locks it and opens it. */
  async create(filePath: string, now: Date = new Date()): Promise<AmifFile> {
    this.refuseWhileUpdating()
    const absolute = path.resolve(filePath)
    // Before taking a lock beside it: never a lock beside someone else's file.
    if (fs.existsSync(absolute)) throw new AppError('FILE_EXISTS', `${absolute} already exists`, { path: absolute })
    try {
      fs.mkdirSync(path.dirname(absolute), { recursive: true })
    } catch {
      // createAmifFile says why below.
    }
    let lock: FileLock | null = null
    if (fs.existsSync(path.dirname(absolute))) lock = acquireLock(absolute, this.lockOwner(), { now })
    let next: AmifFile
    try {
      next = createAmifFile(absolute, { appVersion: this.options.appVersion })
    } catch (err) {
      lock?.release()
      throw err
    }
    await this.replaceCurrent(next, lock, { readOnly: false, readOnlyReason: null, lockHolder: null, lockLost: false })
    return next
  }

  /**
   * Creates a file of demonstration data beside the default file, named `name` (what the window
   * calls it in the officer's language, made safe; `(2)`, `(3)`... when taken), and opens it in
   * place of the current one, which is left as it was: demo data never goes into a working file.
   */
  async createDemo(name: string): Promise<AmifFile> {
    const target = freeName(path.dirname(this.defaultFilePath), safeFileName(name, '.amif').slice(0, -'.amif'.length), '.amif')
    const file = await this.create(target)
    await loadDemoData(this.writableFile().db, this.officer())
    return file
  }

  /**
   * Imports the records of a file refused for its schema (FOREIGN_SCHEMA) into a new file at
   * `destPath` (never over an existing one), then opens the new file as any file is opened. The
   * refused file is only read.
   */
  async importForeign(sourcePath: string, destPath: string): Promise<ImportReport> {
    const report = await importRecords(sourcePath, destPath, { appVersion: this.options.appVersion, officer: this.officer() })
    await this.open(report.path)
    return report
  }

  /**
   * Reopens the last file (read-only, saying who holds it, when someone else has it open);
   * failing that, opens or creates the default file in the documents folder.
   */
  async openAtStartup(): Promise<StartupResult> {
    this.refuseWhileUpdating()
    const last = this.settings().lastFile
    let lastFileProblem: ApiErrorPayload | null = null
    if (last) {
      try {
        await this.openOrReadOnly(last)
        return { created: false, lastFileProblem: null }
      } catch (err) {
        lastFileProblem = toErrorPayload(err)
      }
    }
    const fallback = this.defaultFilePath
    if (fs.existsSync(fallback) && fallback !== last) {
      try {
        await this.openOrReadOnly(fallback)
        return { created: false, lastFileProblem }
      } catch (err) {
        // The default file is refused too: start a fresh one beside it, as below.
        lastFileProblem ??= toErrorPayload(err)
      }
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

  /** Closes the open file, if any, and removes its lock. */
  async close(): Promise<void> {
    this.stopLockTimer()
    this.stopPageCheck()
    const file = this.current
    const lock = this.lock
    this.current = null
    this.lock = null
    this.access = { readOnly: false, readOnlyReason: null, lockHolder: null, lockLost: false }
    this.placeFailure = null
    try {
      if (file) await file.close()
    } finally {
      // After the connection is closed, so whoever opens next finds the file at rest.
      lock?.release()
    }
  }

  /** For writing, or read-only with the holder named when someone else has the file locked. */
  private async openOrReadOnly(filePath: string): Promise<AmifFile> {
    try {
      return await this.open(filePath)
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'FILE_LOCKED' || (err.details as { busy?: boolean } | undefined)?.busy) throw err
      try {
        return await this.openFile(filePath, { readOnly: true }, err.details as LockHolder)
      } catch {
        // Not even readable as it is (an older file needs an update): the lock is the reason to give.
        throw err
      }
    }
  }

  private async openFile(filePath: string, options: WorkspaceOpenOptions, lockedBy: LockHolder | null): Promise<AmifFile> {
    this.refuseWhileUpdating()
    const opening = this.openChecked(filePath, options, lockedBy)
    this.opening = opening
    try {
      return await opening
    } finally {
      if (this.opening === opening) this.opening = null
    }
  }

  private async openChecked(filePath: string, options: WorkspaceOpenOptions, lockedBy: LockHolder | null): Promise<AmifFile> {
    const now = options.now ?? new Date()
    const absolute = path.resolve(filePath)
    // Filled in by the hook, which runs only once the file has passed the checks of a reader.
    const taken: { lock: FileLock | null } = { lock: null }
    const beforeWrite = (p: string): boolean => {
      if (this.lock && this.lock.filePath === p && this.lock.isOurs()) {
        taken.lock = this.lock // the file open here, reopened: the lock passes to the new connection
        return true
      }
      try {
        taken.lock = acquireLock(p, this.lockOwner(), { takeOver: options.takeOver, now })
        return true
      } catch (err) {
        // The folder refused the lock: it cannot be written, so the file opens read-only.
        if (isPlaceRefusal(err)) return false
        throw err
      }
    }
    let next: AmifFile
    try {
      next = openAmifFile(absolute, {
        readOnly: options.readOnly,
        inspectOnly: options.inspectOnly,
        beforeWrite,
        integrity: this.options.checkInBackground ? 'deferred' : 'auto',
        deferMigration: this.options.checkInBackground,
        onMigrationProgress: (progress) => this.options.onMigrationProgress?.(progress, absolute),
      })
      if (!next.readOnly && next.schemaVersion < LATEST_VERSION) next = await this.updateInWorker(next, taken.lock)
    } catch (err) {
      if (taken.lock && taken.lock !== this.lock) taken.lock.release()
      throw err
    }
    let access: FileAccess = { readOnly: false, readOnlyReason: null, lockHolder: null, lockLost: false }
    if (next.readOnly) {
      // A reader is told who is writing: a lock that is not ours (nor a dead process's).
      const holder = lockedBy ?? lockHolderOf(absolute, now, this.lock?.token ?? null)
      const reason: ReadOnlyReason = next.readOnlyReason === 'place' ? 'place' : holder ? 'locked' : 'requested'
      access = { readOnly: true, readOnlyReason: reason, lockHolder: holder, lockLost: false }
    }
    await this.replaceCurrent(next, taken.lock, access)
    return next
  }

  /**
   * An older file opened for writing with its update deferred (the window's): closes it, updates
   * it in a worker thread, its steps kept for `migrationProgress`, and opens it again, its lock
   * held throughout so that no one else writes to it meanwhile. Nothing opens here meanwhile
   * (FILE_UPDATING). A failed update leaves the file as it was and is thrown.
   */
  private async updateInWorker(older: AmifFile, lock: FileLock | null): Promise<AmifFile> {
    const absolute = older.path
    const checkPages = !older.pagesChecked
    await older.close()
    const state: MigrationState = { path: absolute, name: path.basename(absolute), progress: null }
    this.migration = state
    // Refreshed as while the file is open: an update of many minutes never looks like an old lock to take over.
    const refresh = lock ? setInterval(() => lock.refresh(new Date()), LOCK_REFRESH_MS) : null
    refresh?.unref()
    let update: Awaited<ReturnType<typeof migrateInWorker>>
    try {
      update = await migrateInWorker(absolute, {
        workerFile: this.options.migrateWorkerFile,
        checkPages,
        onProgress: (progress) => {
          state.progress = progress
          this.options.onMigrationProgress?.(progress, absolute)
        },
      })
    } finally {
      this.migration = null
      if (refresh) clearInterval(refresh)
    }
    // The lock is still ours: the hook only says the file may be written.
    const next = openAmifFile(absolute, { beforeWrite: () => true, integrity: 'deferred' })
    if (update) Object.assign(next, { migrated: update.migrated, migratedFrom: update.from, backupPath: update.backupPath })
    return next
  }

  private lockOwner(): LockOwner {
    const officer = this.settings().officer
    return { officer: officer?.name ?? null, email: officer?.email ?? null, appVersion: this.options.appVersion }
  }

  /** Someone took the lock over (or removed it): the file is read-only here from now on. */
  private loseLock(now: Date): void {
    this.stopLockTimer()
    const file = this.current
    this.lock = null
    this.access = {
      readOnly: true,
      readOnlyReason: 'lockLost',
      lockHolder: file ? lockHolderOf(file.path, now) : null,
      lockLost: true,
    }
  }

  private stopLockTimer(): void {
    if (this.lockTimer) clearInterval(this.lockTimer)
    this.lockTimer = null
  }

  private async replaceCurrent(next: AmifFile, lock: FileLock | null, access: FileAccess): Promise<void> {
    this.stopLockTimer()
    this.stopPageCheck()
    const previous = this.current
    const previousLock = this.lock
    this.current = null
    this.lock = null
    try {
      if (previous) await previous.close()
    } finally {
      if (previousLock && previousLock !== lock) previousLock.release()
    }
    this.current = next
    this.lock = lock
    this.access = access
    this.placeFailure = null
    if (!next.pagesChecked) this.startPageCheck(next)
    if (lock) {
      // unref: the timer alone never keeps the process (a CLI command, a test) alive.
      this.lockTimer = setInterval(() => this.refreshLock(), LOCK_REFRESH_MS)
      this.lockTimer.unref()
    }
    const recent = [next.path, ...this.settings().recentFiles.filter((p) => p !== next.path)].slice(0, MAX_RECENT)
    this.updateSettings({ lastFile: next.path, recentFiles: recent })
  }
}
