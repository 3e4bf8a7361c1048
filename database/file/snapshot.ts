import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { AppError } from '../domain/errors'
import { assertAppSchema, hardenConnection } from './app-schema'
import { newId } from '../ids'
import { migrate, schemaVersion } from './migrate'
import { LATEST_VERSION } from '../migrations'
import { readSqliteHeader, type SqliteHeader } from './sqlite-header'
import { FULL_CHECK_CACHE_KIB } from './page-check'

export interface SnapshotOptions {
  /**
   * Gives the copy a file id of its own (recording the source's as its parent): a copy someone
   * goes on working in is another file, whose changes must count under its own name when the two
   * are merged. False keeps the identity (a backup to restore in place of the original).
   */
  newIdentity: boolean
  /**
   * What to do when the destination exists: replace it (the default: the officer confirmed it in
   * the save dialog) or refuse with FILE_EXISTS (the command line's `backup`).
   */
  replace?: boolean
  /**
   * When a large copy's pages are checked: 'now' (the default: the full check for a backup, the
   * quick one for a copy to work in, before the copy gets its name), or 'later': only what a byte
   * copy needs here (see verifyByteCopy), the full check left to the caller, who runs it in a
   * worker thread with progress once the copy is in place (the window; `integrity` is then
   * 'pending'). A small copy is always checked in full at once.
   */
  pages?: 'now' | 'later'
}

export interface SnapshotResult {
  path: string
  bytes: number
  /** 'pending': a large copy written with `pages: 'later'`, whose full check the caller runs. */
  integrity: 'ok' | 'pending'
  fileId: string
  sourceFileId: string
}

/** True when both paths name one file: the same path, or (on a case-insensitive disk, a link) the same inode. */
export function isSameFile(a: string, b: string): boolean {
  if (path.resolve(a) === path.resolve(b)) return true
  try {
    const sa = fs.statSync(a)
    const sb = fs.statSync(b)
    return sa.ino !== 0 && sa.ino === sb.ino && sa.dev === sb.dev
  } catch {
    return false
  }
}

/** Flushes a written file to the disk (before it is renamed into place, or trusted after a crash). */
export function fsyncFile(filePath: string): void {
  const fd = fs.openSync(filePath, 'r+')
  try {
    fs.fsyncSync(fd)
  } finally {
    fs.closeSync(fd)
  }
}

/**
 * Moves the finished copy to its name. Without `replace`, a hard link gives the name only if it
 * is free (two writers cannot both win); where the disk has no hard links (some shared drives),
 * an existence check before the rename stands in.
 */
export function moveIntoPlace(tmp: string, dest: string, replace: boolean): void {
  if (replace) {
    fs.renameSync(tmp, dest)
    return
  }
  try {
    fs.linkSync(tmp, dest)
    fs.rmSync(tmp, { force: true })
    return
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new AppError('FILE_EXISTS', `${dest} already exists`, { path: dest })
  }
  if (fs.existsSync(dest)) throw new AppError('FILE_EXISTS', `${dest} already exists`, { path: dest })
  fs.renameSync(tmp, dest)
}

/** Up to this size a copy gets the full integrity check; above it the quick one, unless it is a backup. */
const COPY_FULL_CHECK_MAX_BYTES = 8 * 1024 * 1024

/**
 * Copies the file a connection reads to `tmp`, consistently. Its bytes under a read transaction
 * (the shared lock keeps every other writer out, and this connection writes nothing while this
 * runs): on a 600 MB file 1.4 s, where SQLite's online backup took 4.7 s and `VACUUM INTO`
 * 8.5 s (`npm run bench -- --scale 100`). A connection in a transaction of its own, or not on a
 * file, is copied with `VACUUM INTO`, which sees what that connection sees.
 */
function copyConsistently(source: Database.Database, tmp: string): void {
  const file = source.name
  if (source.inTransaction || source.memory || !file || !fs.existsSync(file)) {
    source.prepare('VACUUM INTO ?').run(tmp)
    return
  }
  source.exec('BEGIN')
  try {
    // A read transaction starts at its first read: the shared lock is held from here.
    source.prepare('SELECT count(*) FROM sqlite_master').get()
    fs.copyFileSync(file, tmp, fs.constants.COPYFILE_EXCL)
    const [from, to] = [fs.statSync(file).size, fs.statSync(tmp).size]
    if (from !== to) throw new AppError('WRITE_FAILED', `The copy holds ${to} bytes of ${from}`, { path: tmp })
  } finally {
    source.exec('COMMIT')
  }
}

/**
 * What a copy made of a checked file's bytes needs before it is given its name, when its pages are
 * checked afterwards: every byte there (the size the header declares, page size times page count,
 * is the file's size, and the copy's own schema and identity record read back). Reading every
 * page again at once (the quick check, about a second on a 600 MB file) would find nothing more:
 * the bytes were just copied, under a read transaction, from a file whose pages were checked when
 * it was opened; damage since (another program, the disk) is what the full check that follows, in
 * a worker thread with progress, finds, along with indexes that disagree with their tables.
 */
function verifyByteCopy(copy: Database.Database, tmp: string): void {
  let header: SqliteHeader | null = null
  try {
    header = readSqliteHeader(tmp)
  } catch {
    // Not a whole SQLite header: reported below as an incomplete copy.
  }
  // The page count in the header is valid when its "version valid for" matches the change counter.
  const declared = header?.pageCountValid ? header.pageSize * header.pageCount : null
  const size = fs.statSync(tmp).size
  if (!header || (declared !== null && declared !== size)) {
    throw new AppError('CORRUPT', `The copy is incomplete (${size} bytes, its header says ${declared})`, { path: tmp })
  }
  assertAppSchema(copy, tmp)
  if (!copy.prepare('SELECT file_id FROM meta WHERE id = 1').get()) throw new AppError('CORRUPT', 'The copy has no meta record', { path: tmp })
}

/**
 * Writes a consistent copy of an open file (its bytes under a read transaction: what other
 * writers do meanwhile is either wholly in it or not at all), to a temporary name beside the
 * destination, checks the copy (the full integrity check for a backup or a small file, the
 * quick one for a large copy to work in; with `pages: 'later'` a large one only as a byte copy,
 * its full check left to the caller), flushes it, then renames it into place. The open file is
 * only read. Refuses to write over the source itself (SAME_FILE).
 */
export function writeSnapshot(source: Database.Database, sourcePath: string, destPath: string, options: SnapshotOptions): SnapshotResult {
  const dest = path.resolve(destPath)
  if (isSameFile(dest, sourcePath)) {
    throw new AppError('SAME_FILE', 'A copy cannot be written over the file itself', { path: dest })
  }
  // Copies, backups and handovers are made only from a verified file: checked again here, as
  // the file may have been changed by another program since it was opened.
  assertAppSchema(source, sourcePath)
  const replace = options.replace ?? true
  if (!replace && fs.existsSync(dest)) throw new AppError('FILE_EXISTS', `${dest} already exists`, { path: dest })
  const tmp = path.join(path.dirname(dest), `.${path.basename(dest)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`)
  const meta = source.prepare('SELECT file_id FROM meta WHERE id = 1').get() as { file_id: string } | undefined
  if (!meta) throw new AppError('CORRUPT', `${sourcePath} has no meta record`, { path: sourcePath })
  const sourceFileId = meta.file_id
  let fileId = sourceFileId
  let later = false
  try {
    fs.mkdirSync(path.dirname(dest), { recursive: true })
    copyConsistently(source, tmp)
    const small = fs.statSync(tmp).size <= COPY_FULL_CHECK_MAX_BYTES
    const full = !options.newIdentity || small
    // A large copy checked later gets only what a byte copy needs now (verifyByteCopy).
    later = options.pages === 'later' && !small
    const copy = new Database(tmp, { fileMustExist: true })
    try {
      hardenConnection(copy)
      copy.pragma('journal_mode = DELETE')
      if (options.newIdentity) {
        // A copy to work in is a file of this app's version: an older source (its holder runs
        // an older app) is brought up to date in the copy, never in the source.
        if (schemaVersion(copy) < LATEST_VERSION) migrate(copy)
        fileId = newId()
        copy.prepare('UPDATE meta SET file_id = ?, parent_file_id = ? WHERE id = 1').run(fileId, sourceFileId)
      }
      if (later) verifyByteCopy(copy, tmp)
    } finally {
      copy.close()
    }
    // Checked on a read-only connection, where SQLite reads the pages several times faster.
    const reader = later ? null : new Database(tmp, { readonly: true, fileMustExist: true })
    try {
      if (reader) {
        hardenConnection(reader)
        // Freed with the connection, right after the check.
        if (full) reader.pragma(`cache_size = -${FULL_CHECK_CACHE_KIB}`)
        const check = reader.pragma(full ? 'integrity_check' : 'quick_check', { simple: true })
        if (check !== 'ok') throw new AppError('CORRUPT', `The copy failed its ${full ? 'integrity' : 'quick'} check: ${String(check)}`, { path: dest })
      }
    } finally {
      reader?.close()
    }
    fsyncFile(tmp)
    moveIntoPlace(tmp, dest, replace)
  } catch (err) {
    fs.rmSync(tmp, { force: true })
    fs.rmSync(`${tmp}-journal`, { force: true })
    if (err instanceof AppError) throw err
    throw new AppError('WRITE_FAILED', `Cannot write a copy to ${dest}: ${(err as Error).message}`, { path: dest })
  }
  return { path: dest, bytes: fs.statSync(dest).size, integrity: later ? 'pending' : 'ok', fileId, sourceFileId }
}
