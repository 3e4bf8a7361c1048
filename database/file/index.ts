import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { Kysely, SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver, type SqliteDatabase } from 'kysely'
import { AppError } from '../domain/errors'
import { assertAppSchema, hardenConnection, registerAppFunctions } from './app-schema'
import { nowTimestamp } from '../domain/dates'
import { newId } from '../ids'
import { migrate, schemaVersion, type MigrationProgress } from './migrate'
import { LATEST_VERSION, MIGRATIONS } from '../migrations'
import type { DB } from '../schema'
import { fsyncFile, moveIntoPlace } from './snapshot'
import { readSqliteHeader } from './sqlite-header'

/**
 * `PRAGMA application_id` of every AMIF Desk file: the ASCII bytes "AMIF" (0x414D4946).
 * A SQLite file with another id belongs to another application and is refused.
 */
export const APPLICATION_ID = 0x414d4946

/** The migration that rebuilds every table (005, STRICT tables), after which a file is vacuumed. */
const STRICT_REBUILD_VERSION = 5

/**
 * Up to this size the full integrity check runs on every open (about 40 ms at today's demo size,
 * 0.3 s at 8 MB on a loaded 2-core machine); above it, only the quick check, and the full one
 * on demand, before a merge and on every copy.
 */
export const FULL_CHECK_MAX_BYTES = 8 * 1024 * 1024

/**
 * The page cache of a connection, in KiB (SQLite's default is 2 MiB): a list's count and sums, a
 * search or the dashboard read the kept figures' indexes whole, several MiB on a large file, and
 * with the default cache read every page again from the file at each keystroke (issue 13 §2).
 * Filled as pages are read, so a small file never uses it.
 */
const CACHE_KIB = 64 * 1024

/** Rows ANALYZE samples per index: enough for the planner, and seconds saved on a large file. */
const ANALYSIS_LIMIT = 1000

/** Milliseconds a statement waits for another process's lock before giving up. */
const BUSY_TIMEOUT_MS = 5000

/** Why a file was opened read-only by the database layer: asked for, or a place we cannot write in. */
export type FileReadOnlyReason = 'requested' | 'place'

/** An open `.amif` file: the raw connection (pragmas, backup) and the Kysely query builder. */
export interface AmifFile {
  path: string
  sqlite: Database.Database
  db: Kysely<DB>
  readOnly: boolean
  /** Null when open for writing. */
  readOnlyReason: FileReadOnlyReason | null
  schemaVersion: number
  /** Versions migrated while opening (empty when the file was already current). */
  migrated: number[]
  /** The file's version before it was migrated while opening; null when it was not. */
  migratedFrom: number | null
  /** The copy of the file's bytes written before migrating it (`<name>.before-v<N>.amif`). */
  backupPath: string | null
  /** A transaction interrupted by a crash (a hot journal) was rolled back in the file itself. */
  recovered: boolean
  /**
   * The file has a hot journal that could not be rolled back in place (opened read-only): what is
   * read is a temporary copy with the journal rolled back, and the file is left as it is.
   */
  interruptedTransaction: boolean
  /**
   * False when opening left the pages' check to the caller (`integrity: 'deferred'`, a large
   * file): until `checkPages` has passed, nothing may be written to it. Whoever checks sets it
   * once the check has passed.
   */
  pagesChecked: boolean
  close(): Promise<void>
}

export interface OpenOptions {
  readOnly?: boolean
  /**
   * Opens read-only and, for a file at an older schema, as it is instead of refusing READ_ONLY:
   * for inspection (the CLI's `check`), which reports the file's version and changes nothing.
   * Queries written for the latest schema may not fit such a file.
   */
  inspectOnly?: boolean
  /**
   * Called once the file has passed every check that needs no write access, just before it is
   * opened for writing (never for a read-only open): the workspace takes its lock here, and may
   * refuse by throwing, or return false when it found the place cannot be written after all
   * (the file then opens read-only, reason 'place'). When opening fails after it, the caller
   * undoes what it did.
   */
  beforeWrite?: (absolutePath: string) => boolean | void
  /**
   * How the file's pages are checked: `quick` (`PRAGMA quick_check`: every page and record is
   * well formed, in time proportional to the file without matching indexes to tables), `full`
   * (`PRAGMA integrity_check`: also every index against its table; the merge's source and the
   * `check` command), or `auto` (the default: full for a file small enough that it takes a
   * fraction of a second, quick above), or `deferred` (as `auto`, except that the quick check of a
   * large file at the latest schema, without an interrupted transaction to roll back, is left to
   * the caller, who runs it off this thread with `checkPages` and writes nothing before it
   * passes: `pagesChecked` is then false), or `full-deferred` (the same for the full check: the
   * `check` command, which runs it with progress). The header, identity and schema checks always run.
   */
  integrity?: 'quick' | 'full' | 'auto' | 'deferred' | 'full-deferred'
  /** Told each step of updating an older file opened for writing (the command line prints them). */
  onMigrationProgress?: (progress: MigrationProgress) => void
  /**
   * An older file opened for writing is not updated here: it is returned at its version, its
   * pages left unchecked for a large one as with `deferred`, for the caller to close and update
   * off this thread with `updateFileAt` (the window's worker), then open again. Nothing is
   * written to it meanwhile, statistics included.
   */
  deferMigration?: boolean
}

export interface CreateOptions {
  appVersion: string
}

/** What the 100-byte header says, read without opening the file through SQLite. */
export interface HeaderInfo {
  applicationId: number
  userVersion: number
  pageSize: number
  pageCount: number
}

/** The rollback journal SQLite writes beside a file during a transaction. */
export function journalPathOf(filePath: string): string {
  return `${filePath}-journal`
}

/** True when a non-empty journal lies beside the file (a transaction under way, or interrupted). */
function journalPresent(filePath: string): boolean {
  try {
    return fs.statSync(journalPathOf(filePath)).size > 0
  } catch {
    return false
  }
}

/**
 * The header checks, reporting errors under `shownAs` (the officer's path when `filePath` is a
 * recovered copy). With `partialWrite` (a journal beside the file) the size is not compared with
 * the page count: a transaction may have been cut, or be under way, between writing the header
 * and the pages, and the journal is what puts the file back.
 */
function readHeader(filePath: string, shownAs: string, partialWrite: boolean): HeaderInfo {
  const { stat, pageSize, pageCount, applicationId, userVersion } = readSqliteHeader(filePath, shownAs)
  if (!partialWrite && (stat.size % pageSize !== 0 || stat.size < pageCount * pageSize)) {
    throw new AppError('FILE_TRUNCATED', `${shownAs} is truncated or damaged`, { path: shownAs, size: stat.size })
  }
  return { applicationId, userVersion, pageSize, pageCount }
}

/** Refuses, before SQLite opens it, a file that is not ours or is newer than this app. */
function checkIdentity(filePath: string, info: HeaderInfo): void {
  if (info.applicationId !== APPLICATION_ID) {
    throw new AppError('FOREIGN_FILE', `${filePath} is a SQLite database of another application`, {
      path: filePath,
      applicationId: info.applicationId,
    })
  }
  if (info.userVersion > LATEST_VERSION) {
    throw new AppError('NEWER_VERSION', `${filePath} was written by a newer version of AMIF Desk`, {
      path: filePath,
      fileVersion: info.userVersion,
      appVersion: LATEST_VERSION,
    })
  }
}

/**
 * True when the file can be written in place: the file itself and its folder (where SQLite
 * writes the journal and the workspace its lock).
 */
export function isPlaceWritable(filePath: string): boolean {
  try {
    fs.accessSync(filePath, fs.constants.W_OK)
    fs.accessSync(path.dirname(filePath), fs.constants.W_OK)
    return true
  } catch {
    return false
  }
}

/** better-sqlite3's error code (SQLITE_BUSY, SQLITE_READONLY_ROLLBACK...), if any. */
function sqliteCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown }).code
  return typeof code === 'string' ? code : undefined
}

/**
 * Asks SQLite whether the journal beside the file is hot (left by a process that died in a
 * transaction) rather than the journal of a transaction another process is making now: a
 * read-only connection cannot roll back, so it says SQLITE_READONLY_ROLLBACK for a hot one, and
 * only for a hot one. Nothing is written.
 */
function hasHotJournal(filePath: string): boolean {
  let probe: Database.Database
  try {
    probe = new Database(filePath, { readonly: true, fileMustExist: true })
  } catch (err) {
    throw new AppError('FILE_UNREADABLE', `Cannot open ${filePath}: ${(err as Error).message}`, { path: filePath })
  }
  try {
    hardenConnection(probe)
    probe.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`)
    probe.pragma('schema_version')
    return false
  } catch (err) {
    if (sqliteCode(err) === 'SQLITE_READONLY_ROLLBACK') return true
    // Anything else (busy, damaged) is met again, and reported, by the open proper.
    return false
  } finally {
    probe.close()
  }
}

/**
 * Copies the file and its hot journal into a temporary folder and lets SQLite roll the journal
 * back there: what the file holds once the interrupted transaction is undone, without touching
 * the file. Returns the recovered copy's path (its folder is the caller's to remove).
 */
function recoverInTemp(filePath: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amif-recover-'))
  const copy = path.join(dir, 'recovered.amif')
  try {
    fs.copyFileSync(journalPathOf(filePath), journalPathOf(copy))
    fs.copyFileSync(filePath, copy)
    const db = new Database(copy, { fileMustExist: true })
    try {
      hardenConnection(db)
      db.pragma('schema_version')
    } finally {
      db.close()
    }
    if (fs.existsSync(journalPathOf(copy))) {
      throw new AppError('CORRUPT', `${filePath} has a journal that SQLite could not roll back`, { path: filePath })
    }
    return copy
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true })
    if (err instanceof AppError) throw err
    throw new AppError('CORRUPT', `${filePath} is damaged: ${(err as Error).message}`, { path: filePath })
  }
}

/**
 * Removes a journal SQLite did not roll back because it is not hot: a process killed before its
 * transaction wrote anything into the file leaves an empty journal, or one whose header is still
 * zeros, which SQLite ignores and leaves lying beside the file. It goes only while we hold SQLite's write
 * lock, so it cannot be the journal of a transaction another connection is making.
 */
function removeIdleJournal(sqlite: Database.Database, filePath: string): void {
  try {
    sqlite.exec('BEGIN IMMEDIATE')
  } catch {
    return // someone is writing: the journal is theirs
  }
  try {
    fs.rmSync(journalPathOf(filePath), { force: true })
  } finally {
    sqlite.exec('COMMIT')
  }
}

/** `<dir>/<stem><ext>`, or `<stem> (2)<ext>`, `<stem> (3)<ext>`... whichever does not exist yet. */
export function freeName(dir: string, stem: string, ext: string): string {
  let candidate = path.join(dir, `${stem}${ext}`)
  for (let n = 2; fs.existsSync(candidate); n++) candidate = path.join(dir, `${stem} (${n})${ext}`)
  return candidate
}

/**
 * Writes the file's exact bytes to `<name>.before-v<N>.amif` beside it, before a migration
 * changes them: the officer can go back to the file as it was. A read transaction is held
 * meanwhile, so no other connection commits while the bytes are copied.
 */
function writeMigrationBackup(sqlite: Database.Database, filePath: string, version: number): string {
  const { dir, name, base } = path.parse(filePath)
  const tmp = path.join(dir, `.${base}.before-v${version}.${process.pid}.${newId().slice(0, 8)}.tmp`)
  // Only a temporary file this copy made is removed on failure, never one that was there.
  let created = false
  try {
    sqlite.exec('BEGIN')
    try {
      sqlite.prepare('SELECT count(*) FROM sqlite_master').get()
      fs.copyFileSync(filePath, tmp, fs.constants.COPYFILE_EXCL)
      created = true
      fsyncFile(tmp)
    } finally {
      sqlite.exec('COMMIT')
    }
    const target = freeName(dir, `${name}.before-v${version}`, '.amif')
    moveIntoPlace(tmp, target, false)
    return target
  } catch (err) {
    if (created) fs.rmSync(tmp, { force: true })
    throw new AppError('WRITE_FAILED', `Cannot write a copy of ${filePath} before updating it: ${(err as Error).message}`, { path: filePath })
  }
}

/** A read-only connection to a file, set up as every connection is (for checking its pages). */
function readOnlyConnection(filePath: string): Database.Database {
  const db = new Database(filePath, { readonly: true, fileMustExist: true })
  try {
    configure(db)
    return db
  } catch (err) {
    db.close()
    throw err
  }
}

/** Connection settings every opened file gets. */
function configure(sqlite: Database.Database): void {
  hardenConnection(sqlite)
  sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`)
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma(`cache_size = -${CACHE_KIB}`)
  registerAppFunctions(sqlite)
}

/**
 * Refuses (FOREIGN_SCHEMA) a recovered copy whose schema is not the app's, before the journal is
 * rolled back in the officer's file itself.
 */
function checkCopySchema(copyPath: string, shownAs: string): void {
  const db = new Database(copyPath, { readonly: true, fileMustExist: true })
  try {
    hardenConnection(db)
    assertAppSchema(db, shownAs)
  } catch (err) {
    if (err instanceof AppError) throw err
    throw new AppError('CORRUPT', `${shownAs} is damaged: ${(err as Error).message}`, { path: shownAs })
  } finally {
    db.close()
  }
}

interface OpenState {
  readOnly: boolean
  readOnlyReason: FileReadOnlyReason | null
  migrated: number[]
  migratedFrom: number | null
  backupPath: string | null
  recovered: boolean
  interruptedTransaction: boolean
  /** A temporary folder to remove on close (the recovered copy's). */
  tempDir: string | null
  pagesChecked: boolean
}

const CREATED: OpenState = {
  readOnly: false,
  readOnlyReason: null,
  migrated: [],
  migratedFrom: null,
  backupPath: null,
  recovered: false,
  interruptedTransaction: false,
  tempDir: null,
  pagesChecked: true,
}

/** How many prepared statements a connection keeps for Kysely: every query the app builds, a few times over. */
export const STATEMENT_CACHE_SIZE = 500

/**
 * The connection as Kysely's driver sees it, with each statement prepared once per SQL text and
 * kept (the least recently used dropped past STATEMENT_CACHE_SIZE): Kysely's driver prepares every
 * query again, which made a project page cost three times its SQL (issue 13 §5). A statement still
 * being iterated (a streamed query) is not shared: another is prepared for the second caller.
 * SQLite prepares a kept statement again by itself when the schema changes.
 */
export function cachingStatements(sqlite: Database.Database): SqliteDatabase {
  const kept = new Map<string, Database.Statement>()
  return {
    close: () => sqlite.close(),
    prepare(text: string) {
      const statement = kept.get(text)
      if (statement && !statement.busy) {
        // Moved to the end: the map's order is the order of last use.
        kept.delete(text)
        kept.set(text, statement)
        return statement
      }
      const fresh = sqlite.prepare(text)
      if (statement) return fresh
      kept.set(text, fresh)
      if (kept.size > STATEMENT_CACHE_SIZE) kept.delete(kept.keys().next().value!)
      return fresh
    },
  }
}

/**
 * Kysely's SQLite driver, except that a rollback never hides the error that caused it: after
 * SQLITE_FULL or an I/O error SQLite has already rolled the transaction back itself, and Kysely's
 * own ROLLBACK would then fail ("no transaction is active") and be thrown in place of the first
 * error, which is the one that says what happened.
 */
class FirstErrorDriver extends SqliteDriver {
  constructor(private readonly sqlite: Database.Database) {
    super({ database: cachingStatements(sqlite) })
  }

  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    if (!this.sqlite.inTransaction) return
    try {
      await super.rollbackTransaction(connection)
    } catch {
      // Kysely rethrows the first error once this returns; that one is what the officer is told.
    }
  }
}

class FirstErrorDialect extends SqliteDialect {
  constructor(private readonly sqlite: Database.Database) {
    super({ database: sqlite })
  }

  override createDriver(): Driver {
    return new FirstErrorDriver(this.sqlite)
  }
}

/** The Kysely query builder on a connection, with transactions that report their first error. */
export function kyselyOn(sqlite: Database.Database): Kysely<DB> {
  return new Kysely<DB>({ dialect: new FirstErrorDialect(sqlite) })
}

function wrap(filePath: string, sqlite: Database.Database, state: OpenState): AmifFile {
  const db = kyselyOn(sqlite)
  let closed = false
  const { tempDir, ...shown } = state
  const file: AmifFile = {
    path: filePath,
    sqlite,
    db,
    ...shown,
    schemaVersion: schemaVersion(sqlite),
    async close() {
      if (closed) return
      closed = true
      // A file whose pages were not found sound is not written to, statistics included; nor is
      // an older file left for its update (deferMigration), which starts from its exact bytes.
      if (file.pagesChecked && file.schemaVersion === LATEST_VERSION) optimizeBeforeClose(sqlite)
      // Kysely's destroy closes the better-sqlite3 connection too.
      await db.destroy()
      if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true })
    },
  }
  return file
}

/**
 * Opens an existing `.amif` file: checks its identity, version and pages (refusing with a
 * typed error and leaving it untouched), then, for writing, migrates an older file after
 * copying it beside itself. A file in a place that cannot be written opens read-only. A
 * transaction a crash interrupted is rolled back: in the file when it is opened for writing,
 * in a temporary copy otherwise (the file is then read as it will be once recovered).
 */
export function openAmifFile(filePath: string, options: OpenOptions = {}): AmifFile {
  const absolute = path.resolve(filePath)
  const journal = journalPresent(absolute)
  let info = readHeader(absolute, absolute, journal)

  // A hot journal: look at the file as it is once rolled back, in a copy, before anything else.
  let recoveredCopy: string | null = null
  if (journal && hasHotJournal(absolute)) {
    recoveredCopy = recoverInTemp(absolute)
  }
  const tempDir = recoveredCopy ? path.dirname(recoveredCopy) : null
  const dropTemp = () => {
    if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true })
  }

  const requested = (options.readOnly ?? false) || (options.inspectOnly ?? false)
  let readOnlyReason: FileReadOnlyReason | null = requested ? 'requested' : null
  let sqlite: Database.Database
  try {
    if (recoveredCopy) info = readHeader(recoveredCopy, absolute, false)
    checkIdentity(absolute, info)
    if (recoveredCopy) checkCopySchema(recoveredCopy, absolute)
    if (!requested && !isPlaceWritable(absolute)) readOnlyReason = 'place'
    if (readOnlyReason === null && options.beforeWrite?.(absolute) === false) readOnlyReason = 'place'
  } catch (err) {
    dropTemp()
    throw err
  }
  const readOnly = readOnlyReason !== null
  // Writing: SQLite rolls the hot journal back in the file itself, now that the copy showed the
  // result is sound. Reading: the recovered copy is what is read.
  const source = !readOnly || !recoveredCopy ? absolute : recoveredCopy
  if (!readOnly) dropTemp()
  try {
    sqlite = new Database(source, { readonly: readOnly, fileMustExist: true })
  } catch (err) {
    if (readOnly) dropTemp()
    throw new AppError('FILE_UNREADABLE', `Cannot open ${absolute}: ${(err as Error).message}`, { path: absolute })
  }
  try {
    configure(sqlite)
    // First of all, before anything of the file can run (the integrity check evaluates CHECKs,
    // index expressions and virtual tables; a migration fires triggers): the schema is the app's.
    assertAppSchema(sqlite, absolute)
    const mode = options.integrity ?? 'auto'
    const small = info.pageSize * info.pageCount <= FULL_CHECK_MAX_BYTES
    const full = mode === 'full' || mode === 'full-deferred' || (mode !== 'quick' && small)
    // Left to the caller: the quick check of a 600 MB file takes about a second, more than the
    // whole of opening may. A file to migrate or to recover is checked here, before either.
    // An older file whose update is deferred is checked by the update (updateFileAt), off this thread.
    const current = info.userVersion === LATEST_VERSION || (options.deferMigration === true && !readOnly)
    const deferred = (mode === 'deferred' || mode === 'full-deferred') && !small && recoveredCopy === null && current
    // A hot journal is rolled back by the writing connection's first read; otherwise the pages are
    // read on a read-only connection of their own, where SQLite checks them about eight times
    // faster (4.5 s against 36 s for quick_check on a 580 MB file).
    const checker = deferred || readOnly || recoveredCopy ? sqlite : readOnlyConnection(absolute)
    let problems: string[] = []
    try {
      if (!deferred) problems = full ? integrityProblems(checker) : quickCheckProblems(checker)
    } finally {
      if (checker !== sqlite) checker.close()
    }
    if (problems.length > 0) {
      throw new AppError('CORRUPT', `${absolute} is damaged (${full ? 'integrity' : 'quick'} check failed)`, { path: absolute, problems })
    }
    // The check read the file, so SQLite has rolled back a hot journal by now.
    const recovered = !readOnly && recoveredCopy !== null && !journalPresent(absolute)
    // Any journal still there is not hot (empty, or its header still zeros): litter to clear.
    if (!readOnly && fs.existsSync(journalPathOf(absolute))) removeIdleJournal(sqlite, absolute)
    if (sqlite.pragma('journal_mode', { simple: true }) !== 'delete' && !readOnly) {
      sqlite.pragma('journal_mode = DELETE')
    }
    const version = schemaVersion(sqlite)
    if (readOnly && !options.inspectOnly && version < LATEST_VERSION) {
      const where = readOnlyReason === 'place' ? 'a file in a read-only place' : 'a read-only file'
      throw new AppError('READ_ONLY', `${absolute} needs an update that ${where} cannot take`, {
        path: absolute,
        reason: readOnlyReason,
        fileVersion: version,
        appVersion: LATEST_VERSION,
      })
    }
    const update =
      !readOnly && version < LATEST_VERSION && !options.deferMigration ? updateOpenFile(sqlite, absolute, version, options.onMigrationProgress) : null
    return wrap(absolute, sqlite, {
      readOnly,
      readOnlyReason,
      migrated: update?.migrated ?? [],
      migratedFrom: update?.from ?? null,
      backupPath: update?.backupPath ?? null,
      recovered,
      interruptedTransaction: readOnly && recoveredCopy !== null,
      tempDir: readOnly ? tempDir : null,
      pagesChecked: !deferred,
    })
  } catch (err) {
    sqlite.close()
    if (readOnly) dropTemp()
    throw openFailure(err, absolute)
  }
}

/** What the officer is told for a failure while opening or updating a file: an AppError as it is, SQLite's own errors explained. */
function openFailure(err: unknown, absolute: string): AppError {
  if (err instanceof AppError) return err
  if (sqliteCode(err) === 'SQLITE_BUSY') {
    return new AppError('FILE_LOCKED', `${absolute} is busy: another program is writing in it`, { path: absolute, busy: true })
  }
  // SQLite's own "file is not a database" / "malformed" errors surface here.
  return new AppError('CORRUPT', `${absolute} is damaged: ${(err as Error).message}`, { path: absolute })
}

/** What updating an older file did: its version before, the versions applied, the copy of it as it was. */
export interface FileUpdate {
  from: number
  migrated: number[]
  backupPath: string
}

/**
 * Updates an older file open for writing on `sqlite`: copies it beside itself, runs the
 * migrations, compacts it after the one that rebuilds every table, and gives the planner
 * statistics, telling `onProgress` each step. All the migrations run in one transaction: one that
 * fails, or a crash, leaves the file exactly as it was (MIGRATION_FAILED), and the copy, of no use
 * then, is removed.
 */
function updateOpenFile(sqlite: Database.Database, absolute: string, from: number, onProgress?: (progress: MigrationProgress) => void): FileUpdate {
  onProgress?.({ stage: 'backup' })
  const backupPath = writeMigrationBackup(sqlite, absolute, from)
  let migrated: number[]
  try {
    // The runner's transaction per migration is a savepoint inside this one.
    migrated = sqlite.transaction(() => migrate(sqlite, LATEST_VERSION, MIGRATIONS, onProgress))()
  } catch (err) {
    if (!sqlite.inTransaction && schemaVersion(sqlite) === from) fs.rmSync(backupPath, { force: true })
    if (err instanceof AppError || sqliteCode(err) === 'SQLITE_BUSY') throw err
    const message = (err as Error).message
    throw new AppError('MIGRATION_FAILED', `${absolute} could not be updated from version ${from}, and was left as it was: ${message}`, {
      path: absolute,
      fileVersion: from,
      appVersion: LATEST_VERSION,
      problem: message,
    })
  }
  // Migration 005 rebuilds every table: without a VACUUM the old tables' pages stay in the
  // file as free space, and a file handed over by mail would be about twice its size.
  if (migrated.includes(STRICT_REBUILD_VERSION)) {
    onProgress?.({ stage: 'compact' })
    sqlite.exec('VACUUM')
  }
  onProgress?.({ stage: 'statistics' })
  refreshStatistics(sqlite)
  return { from, migrated, backupPath }
}

/**
 * Updates the older file at `filePath` on a connection of its own, as opening it for writing
 * would (see updateOpenFile): the migration worker's side of `deferMigration`, whose caller holds
 * the file's lock. Checks the schema first, and the pages (`checkPages`: quick for a large file,
 * full for a small one) when the open left them. Null when the file is already current.
 */
export function updateFileAt(filePath: string, options: { checkPages: boolean; onProgress?: (progress: MigrationProgress) => void }): FileUpdate | null {
  const absolute = path.resolve(filePath)
  let sqlite: Database.Database
  try {
    sqlite = new Database(absolute, { fileMustExist: true })
  } catch (err) {
    throw new AppError('FILE_UNREADABLE', `Cannot open ${absolute}: ${(err as Error).message}`, { path: absolute })
  }
  try {
    configure(sqlite)
    assertAppSchema(sqlite, absolute)
    if (options.checkPages) {
      options.onProgress?.({ stage: 'check' })
      const checker = readOnlyConnection(absolute)
      let problems: string[]
      try {
        const bytes = (checker.pragma('page_size', { simple: true }) as number) * (checker.pragma('page_count', { simple: true }) as number)
        problems = bytes <= FULL_CHECK_MAX_BYTES ? integrityProblems(checker) : quickCheckProblems(checker)
      } finally {
        checker.close()
      }
      if (problems.length > 0) throw new AppError('CORRUPT', `${absolute} is damaged (check failed)`, { path: absolute, problems })
    }
    const from = schemaVersion(sqlite)
    return from < LATEST_VERSION ? updateOpenFile(sqlite, absolute, from, options.onProgress) : null
  } catch (err) {
    throw openFailure(err, absolute)
  } finally {
    sqlite.close()
  }
}

/**
 * A refused file's bytes in a connection in memory, for reading its rows as data (importing them
 * into a new file): identity and version are checked as on every open, the schema is not (that
 * is why it was refused), and nothing of it runs: the copy is only ever read, table by table. A
 * transaction a crash interrupted is rolled back in a temporary copy. The file is not changed.
 */
export function readRawCopy(filePath: string): Database.Database {
  const absolute = path.resolve(filePath)
  const journal = journalPresent(absolute)
  let info = readHeader(absolute, absolute, journal)
  let source = absolute
  let tempDir: string | null = null
  try {
    if (journal && hasHotJournal(absolute)) {
      source = recoverInTemp(absolute)
      tempDir = path.dirname(source)
      info = readHeader(source, absolute, false)
    }
    checkIdentity(absolute, info)
    let bytes: Buffer
    let db: Database.Database
    try {
      db = new Database(source, { readonly: true, fileMustExist: true })
    } catch (err) {
      throw new AppError('FILE_UNREADABLE', `Cannot open ${absolute}: ${(err as Error).message}`, { path: absolute })
    }
    try {
      hardenConnection(db)
      db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`)
      bytes = db.serialize()
    } finally {
      db.close()
    }
    const copy = new Database(bytes)
    hardenConnection(copy)
    return copy
  } catch (err) {
    if (err instanceof AppError) throw err
    if (sqliteCode(err) === 'SQLITE_BUSY') {
      throw new AppError('FILE_LOCKED', `${absolute} is busy: another program is writing in it`, { path: absolute, busy: true })
    }
    throw new AppError('CORRUPT', `${absolute} is damaged: ${(err as Error).message}`, { path: absolute })
  } finally {
    if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true })
  }
}

/** The problems `PRAGMA integrity_check` reports; empty when the file is sound. */
export function integrityProblems(sqlite: Database.Database): string[] {
  const rows = sqlite.pragma('integrity_check') as { integrity_check: string }[]
  const messages = rows.map((r) => r.integrity_check)
  return messages.length === 1 && messages[0] === 'ok' ? [] : messages
}

/**
 * The problems `PRAGMA quick_check` reports (damaged pages, records, free lists, values that
 * break a NOT NULL or CHECK): the integrity check without matching each index to its table,
 * which is what makes the full one take half a minute on a large file.
 */
function quickCheckProblems(sqlite: Database.Database): string[] {
  const rows = sqlite.pragma('quick_check') as { quick_check: string }[]
  const messages = rows.map((r) => r.quick_check)
  return messages.length === 1 && messages[0] === 'ok' ? [] : messages
}

/**
 * Gives the query planner statistics (`sqlite_stat1`), sampled so that it takes little time on
 * a large file: without them SQLite guesses, and picks scans where an index answers at once.
 * Run when a file is created, migrated or merged into.
 */
export function refreshStatistics(sqlite: Database.Database): void {
  sqlite.pragma(`analysis_limit = ${ANALYSIS_LIMIT}`)
  sqlite.exec('ANALYZE')
}

/**
 * `PRAGMA optimize` before a writable file is closed: SQLite refreshes the statistics of the
 * tables whose size changed much since they were taken. Never fails a close (a full disk, a
 * file gone): statistics are only a help.
 */
function optimizeBeforeClose(sqlite: Database.Database): void {
  try {
    if (!sqlite.open || sqlite.readonly || sqlite.inTransaction) return
    sqlite.pragma(`analysis_limit = ${ANALYSIS_LIMIT}`)
    sqlite.pragma('optimize')
  } catch {
    // The statistics stay as they were.
  }
}

/**
 * Creates a new `.amif` file at the latest schema with its meta record. Refuses to overwrite:
 * the file is created exclusively, so two creators cannot both win.
 */
export function createAmifFile(filePath: string, options: CreateOptions): AmifFile {
  const absolute = path.resolve(filePath)
  try {
    fs.mkdirSync(path.dirname(absolute), { recursive: true })
    fs.closeSync(fs.openSync(absolute, 'wx'))
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new AppError('FILE_EXISTS', `${absolute} already exists`, { path: absolute })
    }
    throw new AppError('FILE_UNREADABLE', `Cannot create ${absolute}: ${(err as Error).message}`, { path: absolute })
  }
  const sqlite = new Database(absolute)
  try {
    sqlite.pragma('journal_mode = DELETE')
    configure(sqlite)
    sqlite.transaction(() => {
      sqlite.pragma(`application_id = ${APPLICATION_ID}`)
      migrate(sqlite)
      sqlite.prepare('INSERT INTO meta (id, file_id, created_at, created_with_version) VALUES (1, ?, ?, ?)').run(newId(), nowTimestamp(), options.appVersion)
    })()
    // Migration 005 rebuilds every table, which leaves free pages a new file has no use for.
    sqlite.exec('VACUUM')
    refreshStatistics(sqlite)
  } catch (err) {
    sqlite.close()
    fs.rmSync(absolute, { force: true })
    throw err
  }
  return wrap(absolute, sqlite, CREATED)
}
