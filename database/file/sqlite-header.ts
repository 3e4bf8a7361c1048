import fs from 'node:fs'
import { AppError } from '../domain/errors'

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1')
const HEADER_SIZE = 100

/** What a SQLite file's 100-byte header says (https://www.sqlite.org/fileformat.html#the_database_header), with the file's stat. */
export interface SqliteHeader {
  stat: fs.Stats
  pageSize: number
  /** The page count the header declares; meaningful only when `pageCountValid`. */
  pageCount: number
  /** True when the header's "version valid for" equals its change counter (older writers leave the page count stale). */
  pageCountValid: boolean
  /** Incremented by every transaction that changes the file (rollback journal mode). */
  changeCounter: number
  userVersion: number
  applicationId: number
}

/**
 * Reads a file's SQLite header without opening it through SQLite, refusing (errors reported
 * under `shownAs`) what is missing (FILE_NOT_FOUND), not a file or not SQLite (NOT_SQLITE), empty
 * (FILE_EMPTY), unreadable (FILE_UNREADABLE), cut inside the header or with an impossible page
 * size (FILE_TRUNCATED). Whether the pages the header declares are all there is the caller's check.
 */
export function readSqliteHeader(filePath: string, shownAs: string = filePath): SqliteHeader {
  let stat: fs.Stats
  try {
    stat = fs.statSync(filePath)
  } catch {
    throw new AppError('FILE_NOT_FOUND', `No file at ${shownAs}`, { path: shownAs })
  }
  if (!stat.isFile()) throw new AppError('NOT_SQLITE', `${shownAs} is not a file`, { path: shownAs })
  if (stat.size === 0) throw new AppError('FILE_EMPTY', `${shownAs} is empty`, { path: shownAs })
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
    throw new AppError('FILE_UNREADABLE', `Cannot read ${shownAs}: ${(err as Error).message}`, { path: shownAs })
  }
  if (read < SQLITE_MAGIC.length || !header.subarray(0, SQLITE_MAGIC.length).equals(SQLITE_MAGIC)) {
    throw new AppError('NOT_SQLITE', `${shownAs} is not an AMIF Desk file (not a SQLite database)`, { path: shownAs })
  }
  if (read < HEADER_SIZE) {
    throw new AppError('FILE_TRUNCATED', `${shownAs} is truncated`, { path: shownAs })
  }
  const rawPageSize = header.readUInt16BE(16)
  const pageSize = rawPageSize === 1 ? 65536 : rawPageSize
  if (pageSize < 512 || (pageSize & (pageSize - 1)) !== 0) {
    throw new AppError('FILE_TRUNCATED', `${shownAs} is truncated or damaged`, { path: shownAs, size: stat.size })
  }
  const changeCounter = header.readUInt32BE(24)
  return {
    stat,
    pageSize,
    pageCount: header.readUInt32BE(28),
    pageCountValid: header.readUInt32BE(92) === changeCounter,
    changeCounter,
    userVersion: header.readUInt32BE(60),
    applicationId: header.readInt32BE(68),
  }
}
