import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it, onTestFinished, vi } from 'vitest'
import { integrityProblems } from '../../database/file'
import { classifyStorageError, storageError } from '../../electron/api/storage-errors'
import { countRows, makeAmifFile, ok, refused, testWorkspace } from './helpers'

/**
 * What the officer is told when the place the file lives in fails under it mid-session: a full
 * disk, a file or folder that turned read-only, a medium that went away. Each is its own code
 * (WRITE_FAILED, READ_ONLY, FILE_GONE), never INTERNAL nor "a colleague took the file over", and
 * nothing half-written stays in the file.
 */

const PARTNER = { values: { name: 'ASBL Accueil Namur', kind: 'ngo' as const } }
/** A partner big enough to need new pages: what a full disk refuses. */
const BIG_PARTNER = { values: { name: 'ASBL Accueil Liège', kind: 'ngo' as const, notes: 'x'.repeat(3900) } }

async function openFile(options: { demo?: boolean } = {}) {
  const t = testWorkspace()
  // On its own medium (a USB stick, a share), apart from the app's settings.
  const filePath = await makeAmifFile(path.join(t.dir, 'USB', 'Dossier.amif'), options)
  await t.ws.open(filePath)
  return { ...t, filePath }
}

/** Silences (and records) what the failure logs, so the original SQLite error can be checked. */
function captureLog() {
  const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined)
  const warnings = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
  onTestFinished(() => {
    errors.mockRestore()
    warnings.mockRestore()
  })
  return () => [...errors.mock.calls, ...warnings.mock.calls].map((args) => args.map(String).join(' ')).join('\n')
}

/**
 * Whether this file system lets us set the immutable attribute (ext4 as root: yes; a container's
 * overlay: often not). Immutable is what even root cannot write through, as a read-only share is.
 */
function canMakeImmutable(dir: string): boolean {
  const probe = path.join(dir, '.immutable-probe')
  fs.writeFileSync(probe, '')
  try {
    execFileSync('chattr', ['+i', probe], { stdio: 'ignore' })
    execFileSync('chattr', ['-i', probe], { stdio: 'ignore' })
    return true
  } catch {
    return false
  } finally {
    fs.rmSync(probe, { force: true })
  }
}

/** Makes the paths immutable until the test ends (then writable again, so the folder can go). */
function makeImmutable(...paths: string[]): void {
  execFileSync('chattr', ['+i', ...paths])
  onTestFinished(() => {
    execFileSync('chattr', ['-i', ...paths])
  })
}

describe('a full disk', () => {
  it('is WRITE_FAILED (not INTERNAL), with SQLite’s own error in the log, and the file keeps its previous state', async () => {
    const { ws, filePath } = await openFile()
    await ok(ws, 'partners.create', PARTNER)
    const log = captureLog()
    // The disk is full: SQLite may not grow the file by a single page.
    const sqlite = ws.file().sqlite
    sqlite.pragma(`max_page_count = ${sqlite.pragma('page_count', { simple: true }) as number}`)

    const error = await refused(ws, 'partners.create', BIG_PARTNER)
    expect(error.code).toBe('WRITE_FAILED')
    expect(error.details).toMatchObject({ cause: 'SQLITE_FULL' })
    expect(log()).toMatch(/SQLITE_FULL/)
    // Nothing of the refused change, the earlier one kept, the file sound.
    expect(countRows(filePath, 'organisations')).toBe(1)
    expect(ws.file().sqlite.inTransaction).toBe(false)

    // Room again: the same change goes through, and the file stays writable.
    sqlite.pragma('max_page_count = 1073741823')
    await ok(ws, 'partners.create', BIG_PARTNER)
    expect(countRows(filePath, 'organisations')).toBe(2)
    expect(integrityProblems(ws.file().sqlite)).toEqual([])
  })

  it('is WRITE_FAILED too when a whole demonstration load does not fit', async () => {
    const { ws, filePath } = await openFile()
    captureLog()
    const sqlite = ws.file().sqlite
    sqlite.pragma(`max_page_count = ${(sqlite.pragma('page_count', { simple: true }) as number) + 3}`)
    const error = await refused(ws, 'demo.load', {})
    expect(error.code).toBe('WRITE_FAILED')
    expect(countRows(filePath, 'organisations')).toBe(0)
    expect(countRows(filePath, 'audit_log')).toBe(0)
  })
})

describe('a file that turned read-only', () => {
  it('is READ_ONLY when SQLite refuses to write, and file.info then says the file is read-only', async () => {
    const { ws } = await openFile()
    const log = captureLog()
    // What SQLite answers for a file it can no longer write (SQLITE_READONLY).
    ws.file().sqlite.pragma('query_only = ON')
    const error = await refused(ws, 'partners.create', PARTNER)
    expect(error.code).toBe('READ_ONLY')
    expect(error.message).not.toMatch(/took it over/)
    expect(log()).toMatch(/SQLITE_READONLY/)
    const info = await ok(ws, 'file.info', {})
    expect(info).toMatchObject({ readOnly: true, readOnlyReason: 'place', lockLost: false })
  })

  it('is READ_ONLY when the folder can no longer be written, even for root (immutable), and file.info follows', async (ctx) => {
    const { ws, dir, filePath } = await openFile()
    if (!canMakeImmutable(dir)) ctx.skip()
    captureLog()
    await ok(ws, 'partners.create', PARTNER)
    makeImmutable(filePath, path.dirname(filePath))
    expect(await ok(ws, 'file.info', {})).toMatchObject({ readOnly: true, readOnlyReason: 'place' })
    const error = await refused(ws, 'partners.create', BIG_PARTNER)
    expect(error.code).toBe('READ_ONLY')
    // Still readable: the officer can look, copy and hand over.
    expect((await ok(ws, 'partners.list', {})).total).toBe(1)
  })

  it('is READ_ONLY, before SQLite even tries, when only the folder turned read-only', async (ctx) => {
    const { ws, dir, filePath } = await openFile()
    if (!canMakeImmutable(dir)) ctx.skip()
    captureLog()
    // The file itself looks writable, but no journal (nor lock) can be created beside it.
    makeImmutable(path.dirname(filePath))
    expect((await refused(ws, 'partners.create', PARTNER)).code).toBe('READ_ONLY')
    expect(await ok(ws, 'file.info', {})).toMatchObject({ readOnly: true, readOnlyReason: 'place' })
  })

  it('is WRITE_FAILED, not INTERNAL, when SQLite cannot create its journal beside the file', async () => {
    const { ws, filePath } = await openFile()
    const log = captureLog()
    // Something else occupies the journal's name: SQLite cannot start the transaction's journal.
    fs.mkdirSync(`${filePath}-journal`)
    const error = await refused(ws, 'partners.create', PARTNER)
    expect(error.code).toBe('WRITE_FAILED')
    expect(log()).toMatch(/SQLITE_CANTOPEN|SQLITE_IOERR/)
    fs.rmdirSync(`${filePath}-journal`)
    await ok(ws, 'partners.create', PARTNER)
    expect(countRows(filePath, 'organisations')).toBe(1)
  })
})

describe('a medium that went away', () => {
  it('is FILE_GONE when the file was removed under the open connection, and file.info says so', async () => {
    const { ws, filePath } = await openFile()
    await ok(ws, 'partners.create', PARTNER)
    captureLog()
    fs.rmSync(filePath)
    expect(await ok(ws, 'file.info', {})).toMatchObject({ readOnly: true, readOnlyReason: 'gone', lockLost: false })
    const error = await refused(ws, 'partners.create', BIG_PARTNER)
    expect(error.code).toBe('FILE_GONE')
  })

  it('is FILE_GONE when another file was put in its place (SQLite: SQLITE_READONLY_DBMOVED), and stays so', async () => {
    const { ws, dir, filePath } = await openFile()
    await ok(ws, 'partners.create', PARTNER)
    const log = captureLog()
    // A synchronisation client replaces the file by another one under the same name.
    const other = await makeAmifFile(path.join(dir, 'other.amif'))
    fs.renameSync(other, filePath)
    const error = await refused(ws, 'partners.create', BIG_PARTNER)
    expect(error.code).toBe('FILE_GONE')
    expect(error.details).toMatchObject({ cause: 'SQLITE_READONLY_DBMOVED' })
    expect(log()).toMatch(/SQLITE_READONLY_DBMOVED/)
    expect(await ok(ws, 'file.info', {})).toMatchObject({ readOnly: true, readOnlyReason: 'gone', lockLost: false })
    // Every later change is FILE_GONE at once, and the file now at that name is left alone.
    expect((await refused(ws, 'partners.create', PARTNER)).code).toBe('FILE_GONE')
    expect(countRows(filePath, 'organisations')).toBe(0)
  })

  it('is FILE_GONE, never "a colleague took the file over", when the whole folder disappeared (lock included)', async () => {
    const { ws, filePath } = await openFile()
    await ok(ws, 'partners.create', PARTNER)
    captureLog()
    fs.rmSync(path.dirname(filePath), { recursive: true, force: true })
    const error = await refused(ws, 'partners.create', BIG_PARTNER)
    expect(error.code).toBe('FILE_GONE')
    expect(error.message).not.toMatch(/took it over/)
    const info = await ok(ws, 'file.info', {})
    expect(info).toMatchObject({ readOnly: true, readOnlyReason: 'gone', lockLost: false })
    // What was read before can still be shown (the connection still holds the data).
    expect((await ok(ws, 'partners.list', {})).total).toBe(1)
  })
})

describe('text beginning with a NUL character', () => {
  it('is refused by the schema with a validation message, and nothing is written', async () => {
    const { ws, filePath } = await openFile()
    const error = await refused(ws, 'partners.create', { values: { name: '\0ASBL', kind: 'ngo' } })
    expect(error.code).toBe('VALIDATION')
    expect(error.details).toMatchObject({ issues: [{ path: 'values.name', message: 'controlCharacter' }] })
    const note = await refused(ws, 'partners.create', { values: { name: 'ASBL', kind: 'ngo', notes: '\0' } })
    expect(note.code).toBe('VALIDATION')
    expect(countRows(filePath, 'organisations')).toBe(0)
  })

  it('is refused in the text of the reference data too (an indicator label)', async () => {
    const { ws } = await openFile({ demo: true })
    const indicator = await refused(ws, 'reference.createIndicator', {
      values: { code: 'API-1', type: 'output', objectiveCode: 'SO1', labelFr: '\0Personnes', labelNl: 'Personen', labelEn: 'People', unit: 'personnes' },
    })
    expect(indicator).toMatchObject({ code: 'VALIDATION', details: { issues: [{ path: 'values.labelFr', message: 'controlCharacter' }] } })
  })
})

describe('the file stays sound through all of it', () => {
  it('passes the integrity check after repeated full-disk failures, with no journal left beside it', async () => {
    const { ws, filePath } = await openFile()
    captureLog()
    const sqlite = ws.file().sqlite
    sqlite.pragma(`max_page_count = ${sqlite.pragma('page_count', { simple: true }) as number}`)
    for (let i = 0; i < 5; i++) expect((await refused(ws, 'partners.create', BIG_PARTNER)).code).toBe('WRITE_FAILED')
    await ws.close()
    const db = new Database(filePath, { readonly: true, fileMustExist: true })
    try {
      expect(integrityProblems(db)).toEqual([])
    } finally {
      db.close()
    }
    expect(fs.existsSync(`${filePath}-journal`)).toBe(false)
  })
})

describe('what each system error is told as', () => {
  /** An error as better-sqlite3 or Node throws it: a message and a code. */
  const failure = (code: string) => Object.assign(new Error(`${code} happened`), { code })

  it('maps SQLite’s and Node’s codes about the place to the officer’s codes, and leaves every other error alone', async () => {
    const { dir, filePath } = await openFile()
    const told = (code: string, file = filePath, writing = true) => {
      const kind = classifyStorageError(failure(code), file, writing)
      return kind ? storageError(kind, failure(code), file).code : null
    }
    expect(told('SQLITE_FULL')).toBe('WRITE_FAILED')
    expect(told('ENOSPC')).toBe('WRITE_FAILED')
    expect(told('SQLITE_IOERR_WRITE')).toBe('WRITE_FAILED')
    expect(told('SQLITE_IOERR_FSYNC')).toBe('WRITE_FAILED')
    // An I/O error is a failed write during a command, a failed read during a query.
    expect(told('SQLITE_IOERR_READ')).toBe('WRITE_FAILED')
    expect(told('SQLITE_IOERR_READ', filePath, false)).toBe('FILE_UNREADABLE')
    expect(told('EIO', filePath, false)).toBe('FILE_UNREADABLE')
    expect(told('SQLITE_READONLY')).toBe('READ_ONLY')
    expect(told('EROFS')).toBe('READ_ONLY')
    expect(told('SQLITE_READONLY_DBMOVED')).toBe('FILE_GONE')
    expect(told('SQLITE_CORRUPT')).toBe('CORRUPT')
    // A missing path is about the open file only when the open file is what is missing.
    expect(told('ENOENT')).toBeNull()
    expect(told('ENOENT', path.join(dir, 'USB', 'parti.amif'))).toBe('FILE_GONE')
    expect(told('SQLITE_IOERR_WRITE', path.join(dir, 'USB', 'parti.amif'))).toBe('FILE_GONE')
    // Not about the place: a bug, a constraint, a plain Error stay what they are.
    expect(told('SQLITE_CONSTRAINT_CHECK')).toBeNull()
    expect(told('SQLITE_ERROR')).toBeNull()
    expect(classifyStorageError(new Error('no code'), filePath)).toBeNull()
    expect(classifyStorageError('a string', filePath)).toBeNull()
  })
})
