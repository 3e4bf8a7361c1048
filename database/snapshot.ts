import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { AppError } from '../electron/api/errors'
import { newId } from './ids'

export interface SnapshotOptions {
  /**
   * Gives the copy a file id of its own (recording the source's as its parent): a copy someone
   * goes on working in is another file, whose changes must count under its own name when the two
   * are merged. False keeps the identity (a backup to restore in place of the original).
   */
  newIdentity: boolean
}

export interface SnapshotResult {
  path: string
  bytes: number
  integrity: 'ok'
  fileId: string
  sourceFileId: string
}

/**
 * Writes a consistent copy of an open file with `VACUUM INTO` (one read transaction: what other
 * writers do meanwhile is either wholly in it or not at all), to a temporary name beside the
 * destination, checks the copy's integrity, then renames it into place. The open file is only
 * read. Refuses to write over the source itself.
 */
export function writeSnapshot(source: Database.Database, sourcePath: string, destPath: string, options: SnapshotOptions): SnapshotResult {
  const dest = path.resolve(destPath)
  if (dest === path.resolve(sourcePath)) {
    throw new AppError('SAME_FILE', 'A copy cannot be written over the file itself', { path: dest })
  }
  const tmp = path.join(path.dirname(dest), `.${path.basename(dest)}.${process.pid}.tmp`)
  const sourceFileId = (source.prepare('SELECT file_id FROM meta WHERE id = 1').get() as { file_id: string }).file_id
  let fileId = sourceFileId
  try {
    fs.mkdirSync(path.dirname(dest), { recursive: true })
    fs.rmSync(tmp, { force: true })
    source.prepare('VACUUM INTO ?').run(tmp)
    const copy = new Database(tmp, { fileMustExist: true })
    try {
      copy.pragma('journal_mode = DELETE')
      if (options.newIdentity) {
        fileId = newId()
        copy.prepare('UPDATE meta SET file_id = ?, parent_file_id = ? WHERE id = 1').run(fileId, sourceFileId)
      }
      const check = copy.pragma('integrity_check', { simple: true })
      if (check !== 'ok') throw new AppError('CORRUPT', `The copy failed its integrity check: ${String(check)}`, { path: dest })
    } finally {
      copy.close()
    }
    fs.renameSync(tmp, dest)
  } catch (err) {
    fs.rmSync(tmp, { force: true })
    if (err instanceof AppError) throw err
    throw new AppError('WRITE_FAILED', `Cannot write a copy to ${dest}: ${(err as Error).message}`, { path: dest })
  }
  return { path: dest, bytes: fs.statSync(dest).size, integrity: 'ok', fileId, sourceFileId }
}
