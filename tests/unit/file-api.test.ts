import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { readLock } from '../../database/file/lock'
import { LATEST_VERSION } from '../../database/migrations'
import { minutesAgo, writeLock } from './file-helpers'
import { expectUntouched, makeAmifFile, makeFileAtVersion, ok, OFFICER, pragmasOf, refused, sha256, snapshot, tempDir, testWorkspace } from './helpers'

const aChange = {
  values: {
    code: 'API-1',
    type: 'output' as const,
    objectiveCode: 'SO1' as const,
    labelFr: 'Personnes',
    labelNl: 'Personen',
    labelEn: 'People',
    unit: 'personnes',
  },
}

/** The identity a file carries in its meta record, read with a plain connection. */
function identityOf(filePath: string): { fileId: string; parentFileId: string | null } {
  const db = new Database(filePath, { readonly: true, fileMustExist: true })
  try {
    const m = db.prepare('SELECT file_id AS fileId, parent_file_id AS parentFileId FROM meta WHERE id = 1').get() as {
      fileId: string
      parentFileId: string | null
    }
    return { ...m }
  } finally {
    db.close()
  }
}

function ownLock(filePath: string): boolean {
  const lock = readLock(filePath)
  return lock.state === 'held' && lock.record.pid === process.pid
}

describe('file.new', () => {
  it('creates a file where the officer chooses in the save dialog, opens it for writing and locks it', async () => {
    const { ws, dir, dialogs } = testWorkspace()
    const chosen = path.join(dir, 'Dossiers', 'Agence FSE 2026.amif')
    dialogs.nextSavePath = chosen
    const result = await ok(ws, 'file.new', { title: 'Nouveau fichier' })
    expect(result).toMatchObject({ cancelled: false, file: { path: chosen, readOnly: false, readOnlyReason: null, schemaVersion: LATEST_VERSION } })
    expect(dialogs.saveRequests[0]).toMatchObject({ title: 'Nouveau fichier', filters: [{ extensions: ['amif'] }] })
    expect(ownLock(chosen)).toBe(true)
    expect(ws.settings()).toMatchObject({ lastFile: chosen, recentFiles: [chosen] })
    await ok(ws, 'reference.createIndicator', aChange)
  })

  it('returns { cancelled: true } when the dialog is cancelled, keeping the open file', async () => {
    const { ws, dir, dialogs } = testWorkspace()
    const open = await makeAmifFile(path.join(dir, 'open.amif'))
    await ws.open(open)
    dialogs.nextSavePath = null
    expect(await ok(ws, 'file.new', {})).toEqual({ cancelled: true })
    expect(ws.file().path).toBe(open)
  })

  it('never creates over an existing file, even one the dialog confirmed', async () => {
    const { ws, dir, dialogs } = testWorkspace()
    const existing = await makeAmifFile(path.join(dir, 'existing.amif'), { demo: true })
    const before = snapshot(existing)
    dialogs.nextSavePath = existing
    expect((await refused(ws, 'file.new', {})).code).toBe('FILE_EXISTS')
    expectUntouched(existing, before)
  })
})

describe('file.open', () => {
  it('opens the file chosen in the open dialog; cancelled returns { cancelled: true }', async () => {
    const { ws, dir, dialogs } = testWorkspace()
    const file = await makeAmifFile(path.join(dir, 'picked.amif'))
    dialogs.nextOpenPath = null
    expect(await ok(ws, 'file.open', {})).toEqual({ cancelled: true })
    dialogs.nextOpenPath = file
    expect(await ok(ws, 'file.open', {})).toMatchObject({ cancelled: false, file: { path: file, readOnly: false } })
    expect(ownLock(file)).toBe(true)
  })

  it('opens a recent file by its path, for writing or read-only; refuses a path it was never given', async () => {
    const { ws, dir } = testWorkspace()
    const a = await makeAmifFile(path.join(dir, 'a.amif'))
    const b = await makeAmifFile(path.join(dir, 'b.amif'))
    await ws.open(a)
    await ws.open(b)
    expect(await ok(ws, 'file.open', { path: a, mode: 'readOnly' })).toMatchObject({ file: { path: a, readOnly: true, readOnlyReason: 'requested' } })
    expect(fs.existsSync(`${a}.lock`)).toBe(false)
    expect(fs.existsSync(`${b}.lock`)).toBe(false)
    expect(await ok(ws, 'file.open', { path: b })).toMatchObject({ file: { path: b, readOnly: false } })

    const stranger = await makeAmifFile(path.join(dir, 'never-opened.amif'))
    expect(await refused(ws, 'file.open', { path: stranger })).toMatchObject({ code: 'VALIDATION', details: { issues: [{ path: 'path' }] } })
    expect(ws.file().path).toBe(b)
  })

  it('says who holds a locked file; the officer may then open it read-only by the same path, or take over an old lock', async () => {
    const { ws, dir, dialogs } = testWorkspace()
    const file = await makeAmifFile(path.join(dir, 'shared.amif'))
    const lock = writeLock(file, { refreshedAt: minutesAgo(3) })
    dialogs.nextOpenPath = file
    const locked = await refused(ws, 'file.open', {})
    expect(locked).toMatchObject({ code: 'FILE_LOCKED', details: { path: file, officer: lock.officer, machine: lock.machine, old: false, canTakeOver: false } })
    expect((await refused(ws, 'file.open', { path: file, takeOver: true })).code).toBe('FILE_LOCKED')

    const readOnly = await ok(ws, 'file.open', { path: file, mode: 'readOnly' })
    expect(readOnly).toMatchObject({
      file: { readOnly: true, readOnlyReason: 'locked', lockHolder: { officer: lock.officer, machine: lock.machine, since: lock.since } },
    })
    expect((await refused(ws, 'reference.createIndicator', aChange)).code).toBe('READ_ONLY')

    writeLock(file, { refreshedAt: minutesAgo(45) })
    expect(await refused(ws, 'file.open', { path: file })).toMatchObject({ code: 'FILE_LOCKED', details: { old: true, canTakeOver: true } })
    expect(await ok(ws, 'file.open', { path: file, takeOver: true })).toMatchObject({ file: { readOnly: false, readOnlyReason: null, lockHolder: null } })
    expect(ownLock(file)).toBe(true)
  })

  it('tells the officer an older file was updated, and where the copy of it as it was lies', async () => {
    const { ws, dir, dialogs } = testWorkspace()
    const file = makeFileAtVersion(path.join(dir, 'vieux.amif'), 3)
    dialogs.nextOpenPath = file
    const result = await ok(ws, 'file.open', {})
    expect(result).toMatchObject({ file: { migratedFrom: 3, backupPath: path.join(dir, 'vieux.before-v3.amif'), schemaVersion: LATEST_VERSION } })
  })
})

describe('file.openCopy', () => {
  it('for a locked file: writes a copy with its own identity where the officer chooses, and opens the copy for writing', async () => {
    const { ws, dir, dialogs } = testWorkspace()
    const shared = path.join(dir, 'Partage')
    const file = await makeAmifFile(path.join(shared, 'Fedasil.amif'), { demo: true })
    const lock = writeLock(file)
    const before = snapshot(file)
    const lockBytes = sha256(`${file}.lock`)
    dialogs.nextOpenPath = file
    expect((await refused(ws, 'file.open', {})).code).toBe('FILE_LOCKED')

    const dest = path.join(dir, 'Mes fichiers', 'Fedasil (copie).amif')
    dialogs.nextSavePath = dest
    const result = await ok(ws, 'file.openCopy', { path: file, defaultName: 'Fedasil (copie).amif' })
    if (result.cancelled) throw new Error('cancelled')
    expect(dialogs.saveRequests.at(-1)).toMatchObject({ defaultName: 'Fedasil (copie).amif' })
    const source = identityOf(file)
    expect(result.copy).toMatchObject({ path: dest, integrity: 'ok', sourceFileId: source.fileId })
    expect(result.copy.fileId).not.toBe(source.fileId)
    expect(identityOf(dest)).toEqual({ fileId: result.copy.fileId, parentFileId: source.fileId })
    expect(result.file).toMatchObject({ path: dest, readOnly: false, fileId: result.copy.fileId })
    expect(result.file.counts.organisations).toBeGreaterThan(0)
    expect(ownLock(dest)).toBe(true)
    await ok(ws, 'reference.createIndicator', aChange)
    // The original and its holder's lock, untouched.
    expectUntouched(file, before)
    expect(sha256(`${file}.lock`)).toBe(lockBytes)
    expect(readLock(file)).toMatchObject({ record: { token: lock.token } })
  })

  it('brings a copy of an older locked file up to date, in the copy only', async () => {
    const { ws, dir, dialogs } = testWorkspace()
    fs.mkdirSync(path.join(dir, 'Partage'))
    const file = makeFileAtVersion(path.join(dir, 'Partage', 'ancien.amif'), 2)
    writeLock(file)
    const before = snapshot(file)
    dialogs.nextOpenPath = file
    expect((await refused(ws, 'file.open', {})).code).toBe('FILE_LOCKED')
    const dest = path.join(dir, 'Copies', 'copie.amif')
    dialogs.nextSavePath = dest
    const result = await ok(ws, 'file.openCopy', { path: file })
    expect(result).toMatchObject({ cancelled: false, file: { schemaVersion: LATEST_VERSION, readOnly: false, migratedFrom: null } })
    expect(pragmasOf(dest).userVersion).toBe(LATEST_VERSION)
    expectUntouched(file, before)
  })

  it('refuses the source or the open file as destination, a path it was never given; cancelled returns { cancelled: true }', async () => {
    const { ws, dir, dialogs } = testWorkspace()
    const open = await makeAmifFile(path.join(dir, 'open.amif'))
    const locked = await makeAmifFile(path.join(dir, 'locked.amif'))
    writeLock(locked)
    await ws.open(open)
    dialogs.nextOpenPath = locked
    expect((await refused(ws, 'file.open', {})).code).toBe('FILE_LOCKED')
    const before = { open: sha256(open), locked: sha256(locked) }

    dialogs.nextSavePath = null
    expect(await ok(ws, 'file.openCopy', { path: locked })).toEqual({ cancelled: true })
    dialogs.nextSavePath = locked
    expect((await refused(ws, 'file.openCopy', { path: locked })).code).toBe('SAME_FILE')
    dialogs.nextSavePath = open
    expect((await refused(ws, 'file.openCopy', { path: locked })).code).toBe('SAME_FILE')
    expect((await refused(ws, 'file.openCopy', { path: path.join(dir, 'elsewhere.amif') })).code).toBe('VALIDATION')
    expect({ open: sha256(open), locked: sha256(locked) }).toEqual(before)
    expect(ws.file().path).toBe(open)
  })
})

describe('file.saveCopy', () => {
  it('writes a copy for a colleague (own identity, the open file as parent), and keeps working in the open file untouched', async () => {
    const { ws, dir, dialogs } = testWorkspace()
    const file = await makeAmifFile(path.join(dir, 'mine.amif'), { demo: true })
    await ws.open(file)
    const bytes = sha256(file)
    const dest = path.join(dir, 'Pour Jan', 'mine (copy).amif')
    dialogs.nextSavePath = dest
    const result = await ok(ws, 'file.saveCopy', {})
    expect(dialogs.saveRequests[0]).toMatchObject({ defaultName: 'mine (copy).amif' })
    const source = identityOf(file)
    expect(result).toMatchObject({ cancelled: false, newIdentity: true, path: dest, integrity: 'ok', sourceFileId: source.fileId })
    if (result.cancelled) throw new Error('cancelled')
    expect(identityOf(dest)).toEqual({ fileId: result.fileId, parentFileId: source.fileId })
    expect(result.bytes).toBe(fs.statSync(dest).size)
    expect(sha256(file)).toBe(bytes)
    expect(ws.file().path).toBe(file)
    expect(fs.existsSync(`${dest}.lock`)).toBe(false)
    expect(fs.readdirSync(path.dirname(dest))).toEqual(['mine (copy).amif'])
    await ok(ws, 'reference.createIndicator', aChange)
  })

  it('keeps the identity for a backup (newIdentity: false), replaces a file the dialog confirmed, and works on a read-only file', async () => {
    const { ws, dir, dialogs } = testWorkspace()
    const file = await makeAmifFile(path.join(dir, 'mine.amif'), { demo: true })
    await ws.open(file, { readOnly: true })
    const dest = path.join(dir, 'backup.amif')
    fs.writeFileSync(dest, 'an older backup the officer chose to replace')
    dialogs.nextSavePath = dest
    const result = await ok(ws, 'file.saveCopy', { newIdentity: false })
    expect(result).toMatchObject({ cancelled: false, newIdentity: false })
    expect(identityOf(dest)).toEqual({ fileId: identityOf(file).fileId, parentFileId: null })
  })

  it("refuses the open file's own path (SAME_FILE) and a file someone has open (FILE_LOCKED); cancelled returns { cancelled: true }", async () => {
    const { ws, dir, dialogs } = testWorkspace()
    const file = await makeAmifFile(path.join(dir, 'mine.amif'))
    const theirs = await makeAmifFile(path.join(dir, 'theirs.amif'))
    writeLock(theirs)
    await ws.open(file)
    const before = { mine: sha256(file), theirs: sha256(theirs) }
    dialogs.nextSavePath = null
    expect(await ok(ws, 'file.saveCopy', {})).toEqual({ cancelled: true })
    dialogs.nextSavePath = file
    expect((await refused(ws, 'file.saveCopy', {})).code).toBe('SAME_FILE')
    dialogs.nextSavePath = path.join(dir, '.', 'mine.amif')
    expect((await refused(ws, 'file.saveCopy', {})).code).toBe('SAME_FILE')
    dialogs.nextSavePath = theirs
    expect((await refused(ws, 'file.saveCopy', {})).code).toBe('FILE_LOCKED')
    expect({ mine: sha256(file), theirs: sha256(theirs) }).toEqual(before)
    expect(fs.readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([])
  })
})

describe('file.close, file.recent', () => {
  it('closes the file and removes its lock; the recent files say which still exist and which is open', async () => {
    const { ws, dir } = testWorkspace()
    const a = await makeAmifFile(path.join(dir, 'a.amif'))
    const b = await makeAmifFile(path.join(dir, 'b.amif'))
    await ws.open(a)
    await ws.open(b)
    fs.rmSync(a)
    expect(await ok(ws, 'file.recent', {})).toEqual({
      files: [
        { path: b, name: 'b.amif', exists: true, open: true },
        { path: a, name: 'a.amif', exists: false, open: false },
      ],
    })
    expect(await ok(ws, 'file.forgetRecent', { path: a })).toEqual({ files: [{ path: b, name: 'b.amif', exists: true, open: true }] })
    expect(await ok(ws, 'file.close', {})).toEqual({ closed: true })
    expect(fs.existsSync(`${b}.lock`)).toBe(false)
    expect((await refused(ws, 'file.info', {})).code).toBe('NO_FILE_OPEN')
    expect((await refused(ws, 'reference.createIndicator', aChange)).code).toBe('NO_FILE_OPEN')
    expect((await ok(ws, 'file.recent', {})).files).toEqual([{ path: b, name: 'b.amif', exists: true, open: false }])
  })
})

describe('file.openAtStartup with a locked last file', () => {
  it('opens it read-only and says who holds it, rather than failing', async () => {
    const dir = tempDir()
    const last = await makeAmifFile(path.join(dir, 'Partage', 'Fedasil.amif'), { demo: true })
    const lock = writeLock(last)
    const { ws, settings } = testWorkspace({ dir })
    settings.write({ ...settings.read(), lastFile: last, recentFiles: [last] })
    const started = await ok(ws, 'file.openAtStartup', {})
    expect(started).toMatchObject({
      created: false,
      lastFileProblem: null,
      file: { path: last, readOnly: true, readOnlyReason: 'locked', lockHolder: { officer: lock.officer, machine: lock.machine, sameMachine: false } },
    })
    expect((await ok(ws, 'app.state', {})).file).toMatchObject({ readOnly: true, readOnlyReason: 'locked' })
    expect(fs.existsSync(path.join(dir, 'Documents'))).toBe(false)
  })

  it('falls back to the default file, saying FILE_LOCKED, when the locked file is too old to be read as it is', async () => {
    const dir = tempDir()
    fs.mkdirSync(path.join(dir, 'Partage'))
    const last = makeFileAtVersion(path.join(dir, 'Partage', 'old.amif'), 2)
    writeLock(last)
    const before = snapshot(last)
    const { ws, settings } = testWorkspace({ dir })
    settings.write({ ...settings.read(), lastFile: last, recentFiles: [last] })
    const started = await ok(ws, 'file.openAtStartup', {})
    expect(started).toMatchObject({ created: true, lastFileProblem: { code: 'FILE_LOCKED' }, file: { readOnly: false } })
    expectUntouched(last, before)
  })

  it('stamps the lock with the officer of the settings', async () => {
    const { ws, dir } = testWorkspace()
    const started = await ok(ws, 'file.openAtStartup', {})
    expect(readLock(started.file.path)).toMatchObject({ state: 'held', record: { officer: OFFICER.name, email: OFFICER.email } })
    expect(started.file.path.startsWith(dir)).toBe(true)
  })
})
