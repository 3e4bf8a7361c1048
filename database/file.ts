import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { Kysely, SqliteDialect } from 'kysely'
import { AppError } from '../electron/api/errors'
import { nowTimestamp } from './dates'
import { newId } from './ids'
import { migrate, schemaVersion } from './migrate'
import { LATEST_VERSION } from './migrations'
import type { DB } from './schema'
import { foldForSearch } from './search'

/**
 * `PRAGMA application_id` of every AMIF Desk file: the ASCII bytes "AMIF" (0x414D4946).
 * A SQLite file with another id belongs to another application and is refused.
 */
export const APPLICATION_ID = 0x414d4946

/** Milliseconds a statement waits for another process's lock before giving up. */
const BUSY_TIMEOUT_MS = 5000

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1')
const HEADER_SIZE = 100

/** An open `.amif` file: the raw connection (pragmas, backup) and the Kysely query builder. */
export interface AmifFile {
  path: string
  sqlite: Database.Database
  db: Kysely<DB>
  readOnly: boolean
  schemaVersion: number
  /** Versions migrated while opening (empty when the file was already current). */
  migrated: number[]
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

/**
 * Reads and checks the SQLite header with plain file reads, so a refused file is never
 * touched by SQLite (no journal, no lock, no byte changed).
 */
export function inspectHeader(filePath: string): HeaderInfo {
  let stat: fs.Stats
  try {
    stat = fs.statSync(filePath)
  } catch {
    throw new AppError('FILE_NOT_FOUND', `No file at ${filePath}`, { path: filePath })
  }
  if (!stat.isFile()) throw new AppError('NOT_SQLITE', `${filePath} is not a file`, { path: filePath })
  if (stat.size === 0) throw new AppError('FILE_EMPTY', `${filePath} is empty`, { path: filePath })
  const header = Buffer.alloc(HEADER_SIZE)
  let read = 0
  try {
    const fd = fs.openSync(filePath, 'r')
    try {
      read = fs.readSync(fd, header, 0, HEADER_SIZE, 0)
    } finally {
      fs.closeSync(fd)
    }
  } catch (err) {
    throw new AppError('FILE_UNREADABLE', `Cannot read ${filePath}: ${(err as Error).message}`, { path: filePath })
  }
  if (read < SQLITE_MAGIC.length || !header.subarray(0, SQLITE_MAGIC.length).equals(SQLITE_MAGIC)) {
    throw new AppError('NOT_SQLITE', `${filePath} is not an AMIF Desk file (not a SQLite database)`, { path: filePath })
  }
  if (read < HEADER_SIZE) {
    throw new AppError('FILE_TRUNCATED', `${filePath} is truncated`, { path: filePath })
  }
  const rawPageSize = header.readUInt16BE(16)
  const pageSize = rawPageSize === 1 ? 65536 : rawPageSize
  const pageCount = header.readUInt32BE(28)
  if (pageSize < 512 || (pageSize & (pageSize - 1)) !== 0 || stat.size % pageSize !== 0 || stat.size < pageCount * pageSize) {
    throw new AppError('FILE_TRUNCATED', `${filePath} is truncated or damaged`, { path: filePath, size: stat.size })
  }
  return {
    applicationId: header.readInt32BE(68),
    userVersion: header.readUInt32BE(60),
    pageSize,
    pageCount,
  }
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

/** Connection settings every opened file gets. */
function configure(sqlite: Database.Database): void {
  sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`)
  sqlite.pragma('foreign_keys = ON')
  sqlite.function('amif_fold', { deterministic: true }, (value: unknown) =>
    typeof value === 'string' ? foldForSearch(value) : value,
  )
}

function wrap(filePath: string, sqlite: Database.Database, readOnly: boolean, migrated: number[]): AmifFile {
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: sqlite }) })
  let closed = false
  return {
    path: filePath,
    sqlite,
    db,
    readOnly,
    schemaVersion: schemaVersion(sqlite),
    migrated,
    async close() {
      if (closed) return
      closed = true
      // Kysely's destroy closes the better-sqlite3 connection too.
      await db.destroy()
    },
  }
}

/**
 * Opens an existing `.amif` file: checks its identity, version and integrity (refusing with a
 * typed error and leaving it untouched), then migrates it to the latest schema.
 */
export function openAmifFile(filePath: string, options: OpenOptions = {}): AmifFile {
  const absolute = path.resolve(filePath)
  const info = inspectHeader(absolute)
  checkIdentity(absolute, info)
  const readOnly = (options.readOnly ?? false) || (options.inspectOnly ?? false)
  let sqlite: Database.Database
  try {
    sqlite = new Database(absolute, { readonly: readOnly, fileMustExist: true })
  } catch (err) {
    throw new AppError('FILE_UNREADABLE', `Cannot open ${absolute}: ${(err as Error).message}`, { path: absolute })
  }
  try {
    configure(sqlite)
    const problems = integrityProblems(sqlite)
    if (problems.length > 0) {
      throw new AppError('CORRUPT', `${absolute} is damaged (integrity check failed)`, { path: absolute, problems })
    }
    if (sqlite.pragma('journal_mode', { simple: true }) !== 'delete' && !readOnly) {
      sqlite.pragma('journal_mode = DELETE')
    }
    const migrated = readOnly ? [] : migrate(sqlite)
    if (readOnly && !options.inspectOnly && schemaVersion(sqlite) < LATEST_VERSION) {
      throw new AppError('READ_ONLY', `${absolute} needs an update that a read-only file cannot take`, { path: absolute })
    }
    return wrap(absolute, sqlite, readOnly, migrated)
  } catch (err) {
    sqlite.close()
    if (err instanceof AppError) throw err
    // SQLite's own "file is not a database" / "malformed" errors surface here.
    throw new AppError('CORRUPT', `${absolute} is damaged: ${(err as Error).message}`, { path: absolute })
  }
}

/** The problems `PRAGMA integrity_check` reports; empty when the file is sound. */
export function integrityProblems(sqlite: Database.Database): string[] {
  const rows = sqlite.pragma('integrity_check') as { integrity_check: string }[]
  const messages = rows.map((r) => r.integrity_check)
  return messages.length === 1 && messages[0] === 'ok' ? [] : messages
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
      sqlite
        .prepare('INSERT INTO meta (id, file_id, created_at, created_with_version) VALUES (1, ?, ?, ?)')
        .run(newId(), nowTimestamp(), options.appVersion)
    })()
  } catch (err) {
    sqlite.close()
    fs.rmSync(absolute, { force: true })
    throw err
  }
  return wrap(absolute, sqlite, false, [])
}
