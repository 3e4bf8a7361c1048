import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { APPLICATION_ID, openAmifFile } from '../../database/file'
import { LATEST_VERSION } from '../../database/migrations'
import { AppError } from '../../database/domain/errors'
import { runCli } from '../../electron/cli/cli'
import { folderState, makeHotJournalFile, writeLock } from './file-helpers'
import {
  BAD_FILES,
  countRows,
  expectUntouched,
  makeAmifFile,
  makeFileAtVersion,
  ok,
  pragmasOf,
  refused,
  sha256,
  snapshot,
  tempDir,
  testWorkspace,
} from './helpers'

afterEach(() => {
  vi.restoreAllMocks()
  vi.unstubAllEnvs()
})

const aChange = {
  values: {
    code: 'SAFE-1',
    type: 'output' as const,
    objectiveCode: 'SO1' as const,
    labelFr: 'Personnes',
    labelNl: 'Personen',
    labelEn: 'People',
    unit: 'personnes',
  },
}

function codeOf(fn: () => unknown): string {
  try {
    fn()
  } catch (err) {
    expect(err).toBeInstanceOf(AppError)
    return (err as AppError).code
  }
  throw new Error('expected a refusal')
}

/** Makes `places` unwritable as far as the app can tell (as root, chmod would not stop us). */
function unwritable(...places: string[]): void {
  const real = fs.accessSync
  vi.spyOn(fs, 'accessSync').mockImplementation((p, mode) => {
    if (mode !== undefined && (mode & fs.constants.W_OK) !== 0 && places.includes(path.resolve(String(p)))) {
      throw Object.assign(new Error(`EACCES: permission denied, access '${String(p)}'`), { code: 'EACCES' })
    }
    return real(p, mode)
  })
}

/** Organisation names as a plain connection reads them (of a file without a journal). */
function namesIn(filePath: string): string[] {
  const db = new Database(filePath, { readonly: true, fileMustExist: true })
  try {
    return (db.prepare('SELECT name FROM organisations ORDER BY id').all() as { name: string }[]).map((r) => r.name)
  } finally {
    db.close()
  }
}

/** Points os.tmpdir() at a folder of the test's own, to see what the app leaves there. */
function ownTmpdir(): string {
  const dir = tempDir('amif-tmpdir-')
  vi.stubEnv('TMPDIR', dir)
  vi.stubEnv('TMP', dir)
  vi.stubEnv('TEMP', dir)
  return dir
}

describe('an older file opened for writing', () => {
  it('is copied byte for byte to <name>.before-v<N>.amif, then migrated; the officer is told both', async () => {
    const { ws, dir } = testWorkspace()
    const file = makeFileAtVersion(path.join(dir, 'Fedasil 2024.amif'), 2)
    const bytes = sha256(file)
    await ws.open(file)
    const info = await ok(ws, 'file.info', {})
    const backup = path.join(dir, 'Fedasil 2024.before-v2.amif')
    expect(info).toMatchObject({ migratedFrom: 2, backupPath: backup, schemaVersion: LATEST_VERSION, readOnly: false, recovered: false })
    expect(sha256(backup)).toBe(bytes)
    expect(pragmasOf(backup).userVersion).toBe(2)
    expect(pragmasOf(file).userVersion).toBe(LATEST_VERSION)
    expect(fs.readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([])
    await ok(ws, 'reference.createIndicator', aChange)

    // Opened again: current now, nothing more copied.
    await ws.open(file)
    expect(await ok(ws, 'file.info', {})).toMatchObject({ migratedFrom: null, backupPath: null })
    expect(fs.readdirSync(dir).filter((n) => n.includes('.before-v'))).toEqual(['Fedasil 2024.before-v2.amif'])
  })

  it('never writes its copy over an earlier one: (2), (3)...', async () => {
    const { ws, dir } = testWorkspace()
    fs.writeFileSync(path.join(dir, 'old.before-v1.amif'), 'an earlier copy, kept')
    const bytes: string[] = []
    for (let round = 0; round < 2; round++) {
      fs.mkdirSync(path.join(dir, `round-${round}`))
      const file = makeFileAtVersion(path.join(dir, `round-${round}`, 'old.amif'), 1)
      const target = path.join(dir, 'old.amif')
      fs.rmSync(target, { force: true })
      fs.renameSync(file, target)
      bytes.push(sha256(target))
      await ws.open(target)
      await ws.close()
    }
    expect(fs.readFileSync(path.join(dir, 'old.before-v1.amif'), 'utf8')).toBe('an earlier copy, kept')
    expect(sha256(path.join(dir, 'old.before-v1 (2).amif'))).toBe(bytes[0])
    expect(sha256(path.join(dir, 'old.before-v1 (3).amif'))).toBe(bytes[1])
  })

  it('is not migrated when its copy cannot be written: WRITE_FAILED, the file as it was, no lock left', async () => {
    const { ws, dir } = testWorkspace()
    const file = makeFileAtVersion(path.join(dir, 'full-disk.amif'), 2)
    const before = snapshot(file)
    vi.spyOn(fs, 'copyFileSync').mockImplementation(() => {
      throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' })
    })
    await expect(ws.open(file)).rejects.toMatchObject({ code: 'WRITE_FAILED', details: { path: file } })
    expectUntouched(file, before)
    expect(pragmasOf(file).userVersion).toBe(2)
    expect(ws.hasFile()).toBe(false)
  })
})

describe('a file in a place that cannot be written', () => {
  for (const which of ['file', 'folder'] as const) {
    it(`opens read-only by itself when the ${which} is not writable, without a lock, saying why`, async () => {
      const { ws, dir } = testWorkspace()
      const shared = path.join(dir, 'Partage')
      const file = await makeAmifFile(path.join(shared, 'read-only share.amif'), { demo: true })
      const before = snapshot(file)
      unwritable(which === 'file' ? file : shared)
      await ws.open(file)
      expect(await ok(ws, 'file.info', {})).toMatchObject({ readOnly: true, readOnlyReason: 'place', lockHolder: null, lockLost: false })
      expect((await ok(ws, 'partners.list', {})).rows.length).toBeGreaterThan(0)
      expect(await refused(ws, 'reference.createIndicator', aChange)).toMatchObject({ code: 'READ_ONLY', details: { reason: 'place' } })
      await ws.close()
      expectUntouched(file, before)
    })
  }

  it('opens read-only when the folder refuses the lock although the access check said yes (a share on Windows)', async () => {
    const { ws, dir } = testWorkspace()
    const file = await makeAmifFile(path.join(dir, 'share.amif'))
    const before = snapshot(file)
    const real = fs.writeFileSync
    vi.spyOn(fs, 'writeFileSync').mockImplementation((p, data, options) => {
      if (String(p).endsWith('.lock')) throw Object.assign(new Error(`EPERM: operation not permitted, open '${String(p)}'`), { code: 'EPERM' })
      return real(p, data, options)
    })
    await ws.open(file)
    expect(await ok(ws, 'file.info', {})).toMatchObject({ readOnly: true, readOnlyReason: 'place' })
    await ws.close()
    expectUntouched(file, before)
  })

  it('says who holds it when someone has it open too', async () => {
    const { ws, dir } = testWorkspace()
    const file = await makeAmifFile(path.join(dir, 'both.amif'))
    const lock = writeLock(file)
    unwritable(dir)
    await ws.open(file)
    expect(await ok(ws, 'file.info', {})).toMatchObject({
      readOnly: true,
      readOnlyReason: 'place',
      lockHolder: { officer: lock.officer, machine: lock.machine },
    })
  })

  it('refuses an older file there with READ_ONLY (it cannot be updated), leaving it as it was', async () => {
    const { ws, dir } = testWorkspace()
    const file = makeFileAtVersion(path.join(dir, 'old.amif'), 1)
    const before = snapshot(file)
    unwritable(dir)
    await expect(ws.open(file)).rejects.toMatchObject({ code: 'READ_ONLY', details: { reason: 'place', fileVersion: 1, appVersion: LATEST_VERSION } })
    expectUntouched(file, before)
  })
})

describe('a file left with a hot journal (a process killed mid-transaction)', () => {
  it('opened for writing, is rolled back by SQLite: the committed data, no journal left, recovered: true', async () => {
    const { ws, dir } = testWorkspace()
    const hot = await makeHotJournalFile(path.join(dir, 'crashed.amif'))
    await ws.open(hot.path)
    expect(await ok(ws, 'file.info', {})).toMatchObject({ recovered: true, interruptedTransaction: false, readOnly: false })
    expect(fs.existsSync(hot.journal)).toBe(false)
    await ws.close()
    expect(namesIn(hot.path)).toEqual(hot.committed.names)
    expect(countRows(hot.path, 'audit_log')).toBe(hot.committed.auditRows)
    expect(openAmifFile(hot.path).recovered).toBe(false)
  })

  it('opened read-only, is read as rolled back from a temporary copy, and neither the file nor its journal changes', async () => {
    const { ws, dir } = testWorkspace()
    const hot = await makeHotJournalFile(path.join(dir, 'crashed.amif'))
    const tmp = ownTmpdir()
    const before = folderState(dir)
    await ws.open(hot.path, { readOnly: true })
    const info = await ok(ws, 'file.info', {})
    expect(info).toMatchObject({ path: hot.path, readOnly: true, readOnlyReason: 'requested', recovered: false, interruptedTransaction: true })
    const listed = (await ok(ws, 'partners.list', { archived: 'all' })).rows.map((r) => r.name)
    expect(listed.sort()).toEqual([...hot.committed.names].sort())
    expect(info.counts.auditEntries).toBe(hot.committed.auditRows)
    await ws.close()
    expect(folderState(dir)).toEqual(before)
    expect(fs.readdirSync(tmp)).toEqual([])
  })

  it('inspected by `check`, is reported sound, counted as rolled back, and left as it is', async () => {
    const dir = tempDir()
    const hot = await makeHotJournalFile(path.join(dir, 'crashed.amif'))
    const before = folderState(dir)
    let out = ''
    const code = await runCli(['check', hot.path], { stdout: (t) => (out += t), stderr: (t) => (out += t) })
    expect(code).toBe(0)
    expect(JSON.parse(out)).toMatchObject({ ok: true, integrity: 'ok', counts: { auditEntries: hot.committed.auditRows } })
    expect(folderState(dir)).toEqual(before)
  })

  it('in a place that cannot be written, opens read-only from the rolled-back copy, the file left as it is', async () => {
    const { ws, dir } = testWorkspace()
    const hot = await makeHotJournalFile(path.join(dir, 'crashed.amif'))
    const before = folderState(dir)
    unwritable(dir)
    await ws.open(hot.path)
    expect(await ok(ws, 'file.info', {})).toMatchObject({ readOnly: true, readOnlyReason: 'place', interruptedTransaction: true, recovered: false })
    await ws.close()
    expect(folderState(dir)).toEqual(before)
  })

  const refusedWithJournal = [
    { label: 'of another application', code: 'FOREIGN_FILE', prepare: (db: Database.Database) => db.pragma('application_id = 0') },
    { label: 'of a newer version', code: 'NEWER_VERSION', prepare: (db: Database.Database) => db.pragma(`user_version = ${LATEST_VERSION + 1}`) },
  ]
  for (const bad of refusedWithJournal) {
    it(`is judged as rolled back: a file ${bad.label} is refused with ${bad.code} in every mode, file and journal untouched`, async () => {
      const dir = tempDir()
      const hot = await makeHotJournalFile(path.join(dir, 'bad.amif'), bad.prepare)
      const before = folderState(dir)
      for (const options of [{}, { readOnly: true }, { inspectOnly: true }]) {
        expect(codeOf(() => openAmifFile(hot.path, options))).toBe(bad.code)
        expect(folderState(dir)).toEqual(before)
      }
      const { ws } = testWorkspace({ dir: tempDir() })
      await expect(ws.open(hot.path)).rejects.toMatchObject({ code: bad.code })
      expect(folderState(dir)).toEqual(before)
    })
  }

  it('left before the transaction wrote into the file (header still zeros): ignored, and removed once opened for writing', async () => {
    const { ws, dir } = testWorkspace()
    const source = await makeAmifFile(path.join(dir, 'source.amif'), { demo: true })
    const file = path.join(dir, 'Partage', 'idle.amif')
    fs.mkdirSync(path.dirname(file))
    const committed = namesIn(source)
    const writer = new Database(source)
    writer.exec('BEGIN')
    writer.exec("UPDATE organisations SET name = name || ' (never written)'")
    fs.copyFileSync(`${source}-journal`, `${file}-journal`)
    fs.copyFileSync(source, file)
    writer.exec('ROLLBACK')
    writer.close()
    expect(fs.readFileSync(`${file}-journal`).subarray(0, 8).equals(Buffer.alloc(8))).toBe(true)

    const before = folderState(path.dirname(file))
    await ws.open(file, { readOnly: true })
    expect(await ok(ws, 'file.info', {})).toMatchObject({ interruptedTransaction: false })
    await ws.close()
    expect(folderState(path.dirname(file))).toEqual(before)

    await ws.open(file)
    expect(await ok(ws, 'file.info', {})).toMatchObject({ recovered: false, readOnly: false })
    expect(fs.existsSync(`${file}-journal`)).toBe(false)
    await ws.close()
    expect(namesIn(file)).toEqual(committed)
  })

  it('left empty (killed as it created the journal): ignored read-only, removed once opened for writing', async () => {
    const { ws, dir } = testWorkspace()
    const file = await makeAmifFile(path.join(dir, 'Partage', 'empty-journal.amif'), { demo: true })
    fs.writeFileSync(`${file}-journal`, '')
    const before = folderState(path.dirname(file))
    await ws.open(file, { readOnly: true })
    await ws.close()
    expect(folderState(path.dirname(file))).toEqual(before)
    await ws.open(file)
    expect(await ok(ws, 'file.info', {})).toMatchObject({ recovered: false, readOnly: false })
    expect(fs.existsSync(`${file}-journal`)).toBe(false)
  })

  it('is not mistaken for the journal of a transaction another connection is making now', async () => {
    const { ws, dir } = testWorkspace()
    const file = await makeAmifFile(path.join(dir, 'busy.amif'), { demo: true })
    const committed = namesIn(file)
    const writer = new Database(file)
    writer.exec('BEGIN')
    writer.exec("UPDATE organisations SET name = name || ' (being edited)'")
    expect(fs.statSync(`${file}-journal`).size).toBeGreaterThan(0)
    try {
      await ws.open(file, { readOnly: true })
      const info = await ok(ws, 'file.info', {})
      expect(info).toMatchObject({ interruptedTransaction: false, recovered: false })
      expect((await ok(ws, 'partners.list', { archived: 'all' })).rows.map((r) => r.name).sort()).toEqual([...committed].sort())
    } finally {
      writer.exec('COMMIT')
      writer.close()
    }
    await ws.close()
    expect(namesIn(file).every((n) => n.endsWith(' (being edited)'))).toBe(true)
  })
})

describe('bad files through the workspace', () => {
  for (const bad of BAD_FILES) {
    it(`${bad.label}: ${bad.code} for writing and read-only, no lock and no journal left beside it`, async () => {
      const { ws, dir } = testWorkspace()
      const filePath = await bad.make(dir)
      const before = snapshot(filePath)
      for (const options of [{}, { readOnly: true }, { takeOver: true }]) {
        await expect(ws.open(filePath, options)).rejects.toMatchObject({ code: bad.code })
        expectUntouched(filePath, before)
      }
      expect(ws.hasFile()).toBe(false)
    })
  }

  it('a file that is not ours gets no lock beside it, even with an AMIF-looking name', async () => {
    const { ws, dir } = testWorkspace()
    const other = path.join(dir, 'AMIF Desk.amif')
    const db = new Database(other)
    db.exec('CREATE TABLE t (x)')
    db.close()
    expect(pragmasOf(other).applicationId).not.toBe(APPLICATION_ID)
    await expect(ws.open(other)).rejects.toMatchObject({ code: 'FOREIGN_FILE' })
    expect(fs.readdirSync(dir).sort()).toEqual(['AMIF Desk.amif', 'userData'])
  })
})
