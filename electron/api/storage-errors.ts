import fs from 'node:fs'
import path from 'node:path'
import { isPlaceWritable } from '../../database/file'
import { AppError } from '../../database/domain/errors'

/**
 * What the place a file lives in did to a command: a full disk, a file or folder that turned
 * read-only, a medium that went away. SQLite and Node report these with their own codes
 * (SQLITE_FULL, SQLITE_IOERR_WRITE, SQLITE_READONLY_DBMOVED, ENOSPC...); the officer is told
 * WRITE_FAILED, READ_ONLY or FILE_GONE instead of INTERNAL.
 */

/** How the open file's place failed; 'readOnly' and 'gone' make the file read-only for the session. */
export type StorageFailure = 'full' | 'io' | 'unreadable' | 'damaged' | 'readOnly' | 'gone'

/** The code SQLite (better-sqlite3's SqliteError) or Node (an errno error) gave, if any. */
export function systemCode(err: unknown): string | null {
  if (typeof err !== 'object' || err === null) return null
  const code = (err as { code?: unknown }).code
  return typeof code === 'string' ? code : null
}

function exists(filePath: string): boolean {
  try {
    fs.statSync(filePath)
    return true
  } catch {
    return false
  }
}

/**
 * Classifies an error thrown while the file at `filePath` was open, or null when it is not about
 * the place (a bug, a constraint, anything else stays as it is). An I/O error is a failed write
 * during a command (`writing`), a failed read otherwise.
 */
export function classifyStorageError(err: unknown, filePath: string, writing = true): StorageFailure | null {
  if (err instanceof AppError) return null
  const code = systemCode(err)
  if (!code) return null
  const sqlite = code.startsWith('SQLITE_')
  const aboutPlace =
    code === 'SQLITE_FULL' ||
    code.startsWith('SQLITE_IOERR') ||
    code.startsWith('SQLITE_READONLY') ||
    code === 'SQLITE_CANTOPEN' ||
    code.startsWith('SQLITE_CORRUPT') ||
    (!sqlite && ['ENOSPC', 'EDQUOT', 'EIO', 'EROFS'].includes(code))
  // A missing path is about the open file only when the open file is what is missing.
  const missing = !sqlite && ['ENOENT', 'ENOTDIR', 'ENXIO', 'ENODEV'].includes(code)
  if (!aboutPlace && !missing) return null
  // The file moved or vanished under the connection (SQLite notices on the next write).
  if (code === 'SQLITE_READONLY_DBMOVED' || !exists(filePath)) return 'gone'
  if (missing) return null
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT') return 'full'
  if (code.startsWith('SQLITE_READONLY') || code === 'EROFS') return 'readOnly'
  if (code.startsWith('SQLITE_CORRUPT')) return 'damaged'
  // SQLite could not create the journal beside the file: the folder cannot be written.
  if (code === 'SQLITE_CANTOPEN' && !isPlaceWritable(filePath)) return 'readOnly'
  return writing ? 'io' : 'unreadable'
}

/** The error the officer is told for a failure of the place, keeping SQLite's or Node's code in its details. */
export function storageError(failure: StorageFailure, err: unknown, filePath: string): AppError {
  const name = path.basename(filePath)
  const cause = systemCode(err)
  const original = err instanceof Error ? err.message : String(err)
  const details = { path: filePath, cause, original }
  switch (failure) {
    case 'gone':
      return new AppError('FILE_GONE', `${name} is no longer where it was opened (removed, or its drive disconnected): ${original}`, details)
    case 'readOnly':
      return new AppError('READ_ONLY', `${name} can no longer be written in its place: ${original}`, { ...details, reason: 'place' })
    case 'unreadable':
      return new AppError('FILE_UNREADABLE', `${name} could not be read: ${original}`, details)
    case 'damaged':
      return new AppError('CORRUPT', `${name} turned out damaged while in use: ${original}`, details)
    case 'full':
      return new AppError('WRITE_FAILED', `${name} could not be written: the disk is full (${original})`, details)
    case 'io':
      return new AppError('WRITE_FAILED', `${name} could not be written: ${original}`, details)
  }
}
