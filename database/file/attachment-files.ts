import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { AppError } from '../domain/errors'
import { ATTACHMENT_EXTENSIONS, ATTACHMENT_MEDIA_TYPES, type AttachmentMediaType } from '../domain/vocabulary'
import { safeFileName } from './file-names'
import { MAX_DOCUMENT_BYTES, readVerifiedPdf, sha256Hex } from './pdf-files'
import { moveIntoPlace } from './snapshot'

/**
 * Attachments are data, never programs, like the documents the app produces: a file comes in only
 * when its first bytes say it is one of the accepted types (PDF, PNG, JPEG, .docx, .xlsx, .odt,
 * .ods; an Office file with macros is not one), and leaves only under a name the app makes with
 * that type's extension, when its bytes still match the SHA-256 kept with it, checked right before
 * writing and again before the system is asked to open it.
 */

/** The largest attachment the file takes or writes out (the documents' cap, 50 MB). */
export const MAX_ATTACHMENT_BYTES = MAX_DOCUMENT_BYTES

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
const JPEG = Buffer.from([0xff, 0xd8, 0xff])
const PDF = Buffer.from('%PDF-', 'latin1')
const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04])

const startsWith = (bytes: Buffer, magic: Buffer) => bytes.length >= magic.length && bytes.subarray(0, magic.length).equals(magic)

/** The names of a zip archive's entries, read from its central directory (null when it is not one). */
function zipNames(bytes: Buffer): string[] | null {
  // The end-of-central-directory record is in the last 64 KB + 22 bytes.
  const from = Math.max(0, bytes.length - 65_557)
  let eocd = -1
  for (let i = bytes.length - 22; i >= from; i--) {
    if (bytes.readUInt32LE(i) === 0x06054b50) {
      eocd = i
      break
    }
  }
  if (eocd < 0) return null
  const count = bytes.readUInt16LE(eocd + 10)
  const size = bytes.readUInt32LE(eocd + 12)
  let p = bytes.readUInt32LE(eocd + 16)
  if (p + size > eocd) return null
  const names: string[] = []
  for (let n = 0; n < count; n++) {
    if (p + 46 > eocd || bytes.readUInt32LE(p) !== 0x02014b50) return null
    const nameLength = bytes.readUInt16LE(p + 28)
    const next = p + 46 + nameLength + bytes.readUInt16LE(p + 30) + bytes.readUInt16LE(p + 32)
    if (next > eocd) return null
    names.push(bytes.toString('utf8', p + 46, p + 46 + nameLength))
    p = next
  }
  return names
}

/** An OpenDocument file's own type: its first entry, `mimetype`, stored uncompressed. */
function openDocumentType(bytes: Buffer): string | null {
  if (bytes.length < 30) return null
  const nameLength = bytes.readUInt16LE(26)
  const start = 30 + nameLength + bytes.readUInt16LE(28)
  if (bytes.readUInt16LE(8) !== 0 || bytes.toString('latin1', 30, 30 + nameLength) !== 'mimetype') return null
  const end = start + bytes.readUInt32LE(18)
  return end <= bytes.length && end - start <= 100 ? bytes.toString('latin1', start, end) : null
}

/** The accepted type the bytes are, recognised by their content (never by a name), or null. */
export function detectMediaType(bytes: Buffer): AttachmentMediaType | null {
  if (startsWith(bytes, PDF)) return 'application/pdf'
  if (startsWith(bytes, PNG)) return 'image/png'
  if (startsWith(bytes, JPEG)) return 'image/jpeg'
  if (!startsWith(bytes, ZIP)) return null
  const odf = openDocumentType(bytes)
  if (odf === 'application/vnd.oasis.opendocument.text' || odf === 'application/vnd.oasis.opendocument.spreadsheet') return odf
  const names = zipNames(bytes)
  if (!names || !names.includes('[Content_Types].xml')) return null
  // A document with macros is a program: not accepted, whatever its name says.
  if (names.some((n) => /vbaProject\.bin$/i.test(n))) return null
  if (names.includes('word/document.xml')) return 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
  if (names.includes('xl/workbook.xml')) return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
  return null
}

/** True for a media type the app accepts. */
export function isAttachmentMediaType(value: unknown): value is AttachmentMediaType {
  return (ATTACHMENT_MEDIA_TYPES as readonly unknown[]).includes(value)
}

/** ATTACHMENT_TOO_LARGE when a file is over the cap. */
export function checkAttachmentSize(byteSize: number, details: Record<string, unknown> = {}): void {
  if (byteSize > MAX_ATTACHMENT_BYTES) {
    throw new AppError('ATTACHMENT_TOO_LARGE', `The file is ${byteSize} bytes, more than the ${MAX_ATTACHMENT_BYTES} an attachment may have`, {
      ...details,
      bytes: byteSize,
      maxBytes: MAX_ATTACHMENT_BYTES,
    })
  }
}

/**
 * Checks an attachment's bytes: within the cap, of the type kept with them (by their content), and
 * matching the SHA-256 kept with them. ATTACHMENT_INVALID (or ATTACHMENT_TOO_LARGE) otherwise.
 */
export function checkAttachmentBytes(bytes: Buffer, mediaType: string, sha256: string, details: Record<string, unknown> = {}): void {
  checkAttachmentSize(bytes.length, details)
  if (!isAttachmentMediaType(mediaType) || detectMediaType(bytes) !== mediaType) {
    throw new AppError('ATTACHMENT_INVALID', 'The attachment is not of the type kept with it', { ...details, reason: 'type' })
  }
  if (!/^[0-9a-f]{64}$/.test(sha256) || sha256Hex(bytes) !== sha256) {
    throw new AppError('ATTACHMENT_INVALID', 'The attachment does not match its SHA-256 fingerprint', { ...details, reason: 'sha256' })
  }
}

/** Reads a regular file (not a link) through one descriptor, so the bytes checked are the file's; `tooLarge` is checked on its size first. */
function readPlainFile(filePath: string, onSize: (size: number) => void, unreadable: (message: string) => AppError): Buffer {
  let fd: number
  try {
    fd = fs.openSync(filePath, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0))
  } catch (err) {
    throw unreadable((err as Error).message)
  }
  try {
    const stat = fs.fstatSync(fd)
    if (!stat.isFile()) throw unreadable('not a plain file')
    onSize(stat.size)
    return fs.readFileSync(fd)
  } catch (err) {
    if (err instanceof AppError) throw err
    throw unreadable((err as Error).message)
  } finally {
    fs.closeSync(fd)
  }
}

/** A file the officer chose to attach: its bytes, their type and fingerprint, and its name made safe. */
export interface AttachmentSource {
  bytes: Buffer
  mediaType: AttachmentMediaType
  sha256: string
  fileName: string
}

/**
 * Reads a file the officer chose in the open dialog: a plain file of at most 50 MB (its size looked
 * at before it is read: ATTACHMENT_TOO_LARGE) whose content is an accepted type
 * (ATTACHMENT_UNSUPPORTED otherwise, whatever its extension).
 */
export function readAttachmentSource(filePath: string): AttachmentSource {
  const details = { path: filePath }
  const bytes = readPlainFile(
    filePath,
    (size) => checkAttachmentSize(size, details),
    (message) => new AppError('FILE_UNREADABLE', `${filePath} cannot be read: ${message}`, details),
  )
  return describeAttachment(bytes, path.basename(filePath))
}

/** The type, fingerprint and safe name of bytes to attach (ATTACHMENT_TOO_LARGE, ATTACHMENT_UNSUPPORTED). */
export function describeAttachment(bytes: Buffer, originalName: string): AttachmentSource {
  checkAttachmentSize(bytes.length)
  if (bytes.length === 0) throw new AppError('ATTACHMENT_UNSUPPORTED', 'The file is empty', { reason: 'empty' })
  const mediaType = detectMediaType(bytes)
  if (!mediaType) throw new AppError('ATTACHMENT_UNSUPPORTED', 'The file is not of a type an attachment may be', { reason: 'type' })
  return { bytes, mediaType, sha256: sha256Hex(bytes), fileName: attachmentFileName(originalName, mediaType) }
}

/** A name for an attachment of this type: safe on every system, ending in the type's extension. */
export function attachmentFileName(name: string, mediaType: AttachmentMediaType): string {
  return safeFileName(name, `.${ATTACHMENT_EXTENSIONS[mediaType]}`)
}

/** The media type an extension names (`.jpeg` as `.jpg`), or null. */
function mediaTypeOfExtension(filePath: string): AttachmentMediaType | null {
  const ext = path
    .extname(filePath)
    .toLowerCase()
    .replace(/^\./, '')
    .replace(/^jpeg$/, 'jpg')
  return (Object.entries(ATTACHMENT_EXTENSIONS) as [AttachmentMediaType, string][]).find(([, e]) => e === ext)?.[0] ?? null
}

/**
 * Reads a written attachment back and checks it, for opening it: a plain file whose name ends in
 * an accepted type's extension, whose content is that type and matches `sha256`.
 * ATTACHMENT_INVALID otherwise: nothing else is handed to the system.
 */
export function readVerifiedAttachment(filePath: string, sha256: string): Buffer {
  const details = { path: filePath }
  const mediaType = mediaTypeOfExtension(filePath)
  if (!mediaType || path.basename(filePath) !== safeFileName(path.basename(filePath), path.extname(filePath))) {
    throw new AppError('ATTACHMENT_INVALID', `${filePath} is not an attachment the app wrote`, { ...details, reason: 'name' })
  }
  const bytes = readPlainFile(
    filePath,
    (size) => checkAttachmentSize(size, details),
    (message) => new AppError('ATTACHMENT_INVALID', `${filePath} cannot be read: ${message}`, { ...details, reason: 'missing' }),
  )
  checkAttachmentBytes(bytes, mediaType, sha256, details)
  return bytes
}

/**
 * What the system viewer may be given: a file named as an accepted type other than PDF, checked as
 * an attachment; anything else checked as a PDF of the register, which refuses all but a `.pdf`
 * (see readVerifiedAttachment, readVerifiedPdf).
 */
export function readVerifiedForViewer(filePath: string, sha256: string): Buffer {
  const mediaType = mediaTypeOfExtension(filePath)
  return mediaType && mediaType !== 'application/pdf' ? readVerifiedAttachment(filePath, sha256) : readVerifiedPdf(filePath, sha256)
}

/**
 * Writes an attachment where the officer chose: in that folder, under the chosen name made safe
 * with the type's extension (a name the officer did not see is never written over). The bytes are
 * checked right before they are written (type, fingerprint, cap), written under a temporary name,
 * flushed, read back and checked, then renamed into place (the save dialog asked before replacing).
 * Nothing is written when a check fails. Returns the path written.
 */
export function writeVerifiedAttachment(chosen: string, bytes: Buffer, mediaType: AttachmentMediaType, sha256: string): string {
  const dir = path.dirname(path.resolve(chosen))
  const base = path.basename(chosen)
  const safe = attachmentFileName(base, mediaType)
  const target = path.join(dir, safe)
  if (safe !== base && fs.existsSync(target)) throw new AppError('FILE_EXISTS', `${target} already exists`, { path: target })
  checkAttachmentBytes(bytes, mediaType, sha256, { path: target })
  const tmp = path.join(dir, `.${safe}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`)
  try {
    const fd = fs.openSync(tmp, 'wx')
    try {
      fs.writeFileSync(fd, bytes)
      fs.fsyncSync(fd)
    } finally {
      fs.closeSync(fd)
    }
    checkAttachmentBytes(fs.readFileSync(tmp), mediaType, sha256, { path: target })
    moveIntoPlace(tmp, target, true)
  } catch (err) {
    fs.rmSync(tmp, { force: true })
    if (err instanceof AppError) throw err
    throw new AppError('WRITE_FAILED', `Cannot write ${target}: ${(err as Error).message}`, { path: target })
  }
  readVerifiedAttachment(target, sha256)
  return target
}
