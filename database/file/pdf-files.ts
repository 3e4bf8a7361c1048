import { createHash, randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { AppError } from '../domain/errors'
import { safeFileName } from './file-names'
import { moveIntoPlace } from './snapshot'

/**
 * Stored documents are data, never programs: a PDF leaves the file only under a name the app
 * makes (always `.pdf`), only when its bytes are a PDF matching the SHA-256 the register keeps,
 * checked at the moment of writing and again before the system is asked to open it.
 */

/** The largest document the register takes or writes out (50 MB; an agreement is well under 1 MB). */
export const MAX_DOCUMENT_BYTES = 50 * 1024 * 1024

const PDF_MAGIC = Buffer.from('%PDF-', 'latin1')

/** SHA-256 of bytes, hex (the fingerprint the document register keeps). */
export function sha256Hex(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex')
}

/** DOCUMENT_TOO_LARGE when a document is over the cap. */
export function checkDocumentSize(byteSize: number, details: Record<string, unknown> = {}): void {
  if (byteSize > MAX_DOCUMENT_BYTES) {
    throw new AppError('DOCUMENT_TOO_LARGE', `The document is ${byteSize} bytes, more than the ${MAX_DOCUMENT_BYTES} a document may have`, {
      ...details,
      bytes: byteSize,
      maxBytes: MAX_DOCUMENT_BYTES,
    })
  }
}

/**
 * Checks bytes about to leave the register: within the size cap, starting with `%PDF-`, and
 * matching the stored SHA-256. DOCUMENT_INVALID (or DOCUMENT_TOO_LARGE) otherwise.
 */
export function checkPdfBytes(bytes: Buffer, sha256: string, details: Record<string, unknown> = {}): void {
  checkDocumentSize(bytes.length, details)
  if (bytes.length < PDF_MAGIC.length || !bytes.subarray(0, PDF_MAGIC.length).equals(PDF_MAGIC)) {
    throw new AppError('DOCUMENT_INVALID', 'The stored document is not a PDF', { ...details, reason: 'notPdf' })
  }
  if (!/^[0-9a-f]{64}$/.test(sha256) || sha256Hex(bytes) !== sha256) {
    throw new AppError('DOCUMENT_INVALID', 'The stored document does not match its SHA-256 fingerprint', { ...details, reason: 'sha256' })
  }
}

/**
 * Where a PDF goes once the officer chose `chosen`: the same folder, the name made safe and
 * ending in `.pdf`. A name the officer did not see (it had to change) is never written over.
 */
export function pdfTarget(chosen: string): string {
  const dir = path.dirname(path.resolve(chosen))
  const base = path.basename(chosen)
  const safe = safeFileName(base)
  const target = path.join(dir, safe)
  if (safe !== base && fs.existsSync(target)) throw new AppError('FILE_EXISTS', `${target} already exists`, { path: target })
  return target
}

/**
 * Reads a written PDF back and checks it, for opening it: a regular file (not a link) whose name
 * ends in `.pdf`, within the size cap, starting with `%PDF-` and matching `sha256`.
 * DOCUMENT_INVALID otherwise: nothing else is ever handed to the system.
 */
export function readVerifiedPdf(filePath: string, sha256: string): Buffer {
  const details = { path: filePath }
  if (path.extname(filePath).toLowerCase() !== '.pdf' || path.basename(filePath) !== safeFileName(path.basename(filePath))) {
    throw new AppError('DOCUMENT_INVALID', `${filePath} is not a PDF the app wrote`, { ...details, reason: 'name' })
  }
  let stat: fs.Stats
  try {
    stat = fs.lstatSync(filePath)
  } catch (err) {
    throw new AppError('DOCUMENT_INVALID', `${filePath} cannot be read: ${(err as Error).message}`, { ...details, reason: 'missing' })
  }
  if (!stat.isFile()) throw new AppError('DOCUMENT_INVALID', `${filePath} is not a plain file`, { ...details, reason: 'notFile' })
  checkDocumentSize(stat.size, details)
  // Read through one descriptor that does not follow links, so the bytes checked are the file's.
  let bytes: Buffer
  try {
    const fd = fs.openSync(filePath, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0))
    try {
      if (!fs.fstatSync(fd).isFile()) throw new Error('not a plain file')
      bytes = fs.readFileSync(fd)
    } finally {
      fs.closeSync(fd)
    }
  } catch (err) {
    throw new AppError('DOCUMENT_INVALID', `${filePath} cannot be read: ${(err as Error).message}`, { ...details, reason: 'missing' })
  }
  checkPdfBytes(bytes, sha256, details)
  return bytes
}

/** A checked PDF written beside its target under a temporary name, to be moved into place or discarded. */
export interface StagedPdf {
  target: string
  /** Moves it to its target (over an existing file only with `replace`: FILE_EXISTS otherwise), then checks it there. */
  place(replace: boolean): string
  /** Removes the temporary file, if it is still there (never the target). */
  discard(): void
}

/**
 * Writes a PDF beside `chosen` under a temporary name: the bytes are checked right before they
 * are written (a PDF, within the cap, matching `sha256`), flushed, and read back and checked
 * again. Nothing is written when a check fails; on a failed write only the temporary file goes.
 */
export function stageVerifiedPdf(chosen: string, bytes: Buffer, sha256: string): StagedPdf {
  const target = pdfTarget(chosen)
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`)
  let staged = false
  const discard = () => {
    if (staged) fs.rmSync(tmp, { force: true })
    staged = false
  }
  try {
    checkPdfBytes(bytes, sha256, { path: target })
    const fd = fs.openSync(tmp, 'wx')
    staged = true
    try {
      fs.writeFileSync(fd, bytes)
      fs.fsyncSync(fd)
    } finally {
      fs.closeSync(fd)
    }
    checkPdfBytes(fs.readFileSync(tmp), sha256, { path: target })
  } catch (err) {
    discard()
    if (err instanceof AppError) throw err
    throw new AppError('WRITE_FAILED', `Cannot write ${target}: ${(err as Error).message}`, { path: target })
  }
  return {
    target,
    discard,
    place(replace: boolean): string {
      try {
        moveIntoPlace(tmp, target, replace)
        staged = false
      } catch (err) {
        discard()
        if (err instanceof AppError) throw err
        throw new AppError('WRITE_FAILED', `Cannot write ${target}: ${(err as Error).message}`, { path: target })
      }
      readVerifiedPdf(target, sha256)
      return target
    },
  }
}

/**
 * Writes a checked PDF where the officer chose (see stageVerifiedPdf), then renames it over the
 * target: the save dialog asked before replacing an existing file; with `replace: false` an
 * existing file is refused (FILE_EXISTS). An existing target is never removed nor left half
 * written. Returns the path written, checked once more.
 */
export function writeVerifiedPdf(chosen: string, bytes: Buffer, sha256: string, options: { replace?: boolean } = {}): string {
  const replace = options.replace ?? true
  const target = pdfTarget(chosen)
  if (!replace && fs.existsSync(target)) throw new AppError('FILE_EXISTS', `${target} already exists`, { path: target })
  return stageVerifiedPdf(target, bytes, sha256).place(replace)
}
