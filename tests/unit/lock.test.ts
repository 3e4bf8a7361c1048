import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { acquireLock, LOCK_OLD_MS, LOCK_REFRESH_MS, lockPathOf, readLock, type LockRecord } from '../../database/file/lock'
import { AppError } from '../../database/domain/errors'
import { deadPid, HOSTNAME, minutesAgo, writeLock } from './file-helpers'
import { APP_VERSION, makeAmifFile, ok, OFFICER, refused, sha256, tempDir, testWorkspace } from './helpers'

const COLLEAGUE = { name: 'Jan Peeters', email: 'jan.peeters@example.org' }

function lockOf(filePath: string): LockRecord {
  const lock = readLock(filePath)
  if (lock.state !== 'held') throw new Error(`no readable lock beside ${filePath}: ${lock.state}`)
  return lock.record
}

async function openError(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise
  } catch (err) {
    expect(err).toBeInstanceOf(AppError)
    return err as AppError
  }
  throw new Error('expected the open to be refused')
}

/** A change through the API: refused READ_ONLY on a file that is not (or no longer) ours to write. */
const aChange = {
  values: {
    code: 'LOCK-TEST',
    type: 'output' as const,
    objectiveCode: 'SO1' as const,
    labelFr: 'Personnes',
    labelNl: 'Personen',
    labelEn: 'People',
    unit: 'personnes',
  },
}

afterEach(() => {
  vi.useRealTimers()
  vi.restoreAllMocks()
})

describe('the lock of a file open for writing', () => {
  it('lies beside the file with who, where, since when and a token, and goes when the file is closed', async () => {
    const { ws, dir } = testWorkspace()
    const file = await makeAmifFile(path.join(dir, 'Fedasil 2026.amif'))
    const now = new Date('2026-03-02T09:15:00.000Z')
    await ws.open(file, { now })
    expect(fs.existsSync(`${file}.lock`)).toBe(true)
    expect(lockOf(file)).toEqual({
      officer: OFFICER.name,
      email: OFFICER.email,
      machine: HOSTNAME,
      pid: process.pid,
      since: now.toISOString(),
      refreshedAt: now.toISOString(),
      appVersion: APP_VERSION,
      token: expect.stringMatching(/^[0-9a-f]{32}$/),
    })
    expect((await ok(ws, 'file.info', {})).readOnly).toBe(false)
    await ok(ws, 'file.close', {})
    expect(fs.readdirSync(dir).filter((n) => n.endsWith('.lock'))).toEqual([])
    expect((await ok(ws, 'app.state', {})).file).toBeNull()
  })

  it('is created exclusively: a second taker gets FILE_LOCKED, the first keeps it', async () => {
    const file = await makeAmifFile(path.join(tempDir(), 'x.amif'))
    const owner = { officer: 'A', email: null, appVersion: APP_VERSION }
    const first = acquireLock(file, owner, { now: new Date() })
    expect(() => acquireLock(file, owner, { now: new Date() })).toThrow(expect.objectContaining({ code: 'FILE_LOCKED' }))
    expect(lockOf(file).token).toBe(first.token)
    first.release()
    expect(readLock(file)).toEqual({ state: 'none' })
  })

  it('goes when another file is opened and when the workspace closes, not when a refused file leaves the open one open', async () => {
    const { ws, dir } = testWorkspace()
    const a = await makeAmifFile(path.join(dir, 'a.amif'))
    const b = await makeAmifFile(path.join(dir, 'b.amif'))
    const bad = path.join(dir, 'bad.amif')
    fs.writeFileSync(bad, 'not a database')
    await ws.open(a)
    await expect(ws.open(bad)).rejects.toMatchObject({ code: 'NOT_SQLITE' })
    expect(fs.existsSync(`${a}.lock`)).toBe(true)
    expect(fs.existsSync(`${bad}.lock`)).toBe(false)
    await ws.open(b)
    expect([fs.existsSync(`${a}.lock`), fs.existsSync(`${b}.lock`)]).toEqual([false, true])
    await ws.close()
    expect(fs.existsSync(`${b}.lock`)).toBe(false)
  })

  it('passes to the new connection when the file open here is reopened for writing; goes when it is reopened read-only', async () => {
    const { ws, dir } = testWorkspace()
    const file = await makeAmifFile(path.join(dir, 'same.amif'))
    await ws.open(file)
    const token = lockOf(file).token
    await ws.open(file)
    expect(lockOf(file).token).toBe(token)
    await ok(ws, 'reference.createIndicator', aChange)
    await ws.open(file, { readOnly: true })
    expect(fs.existsSync(`${file}.lock`)).toBe(false)
    expect(await ok(ws, 'file.info', {})).toMatchObject({ readOnly: true, readOnlyReason: 'requested', lockHolder: null })
  })

  it('is taken when a new file is created, which is never created over an existing one', async () => {
    const { ws, dir } = testWorkspace()
    const file = path.join(dir, 'Nouveau', 'new.amif')
    await ws.create(file)
    expect(lockOf(file).pid).toBe(process.pid)
    const existing = await makeAmifFile(path.join(dir, 'existing.amif'))
    await expect(ws.create(existing)).rejects.toMatchObject({ code: 'FILE_EXISTS' })
    expect(fs.existsSync(`${existing}.lock`)).toBe(false)
    expect(ws.file().path).toBe(file)
  })
})

describe('a second opener', () => {
  it('gets FILE_LOCKED with who holds the file, where and since when, and cannot take a fresh lock over', async () => {
    const dir = tempDir()
    const file = await makeAmifFile(path.join(dir, 'shared.amif'))
    const holder = testWorkspace({ dir, officer: COLLEAGUE })
    const since = new Date('2026-03-02T09:00:00.000Z')
    await holder.ws.open(file, { now: since })
    const lockBefore = sha256(`${file}.lock`)

    const { ws } = testWorkspace({ dir: tempDir() })
    for (const takeOver of [false, true]) {
      const err = await openError(ws.open(file, { takeOver, now: new Date(since.getTime() + 5 * 60_000) }))
      expect(err.code).toBe('FILE_LOCKED')
      expect(err.details).toEqual({
        path: file,
        officer: COLLEAGUE.name,
        email: COLLEAGUE.email,
        machine: HOSTNAME,
        pid: process.pid,
        since: since.toISOString(),
        refreshedAt: since.toISOString(),
        sameMachine: true,
        old: false,
        canTakeOver: false,
      })
    }
    expect(ws.hasFile()).toBe(false)
    expect(sha256(`${file}.lock`)).toBe(lockBefore)
    await ok(holder.ws, 'reference.createIndicator', aChange)
  })

  it('may open the file read-only instead: no lock taken, told who holds it, every change refused', async () => {
    const dir = tempDir()
    const file = await makeAmifFile(path.join(dir, 'shared.amif'), { demo: true })
    const holder = testWorkspace({ dir, officer: COLLEAGUE })
    await holder.ws.open(file)
    const lockBefore = sha256(`${file}.lock`)

    const { ws } = testWorkspace({ dir: tempDir() })
    await ws.open(file, { readOnly: true })
    const info = await ok(ws, 'file.info', {})
    expect(info).toMatchObject({
      readOnly: true,
      readOnlyReason: 'locked',
      lockLost: false,
      lockHolder: { officer: COLLEAGUE.name, pid: process.pid, sameMachine: true },
    })
    expect((await ok(ws, 'partners.list', { search: 'caritas' })).rows).toHaveLength(1)
    expect(await refused(ws, 'reference.createIndicator', aChange)).toMatchObject({ code: 'READ_ONLY', details: { reason: 'locked' } })
    // The holder goes on writing; the reader sees it.
    await ok(holder.ws, 'reference.createIndicator', aChange)
    expect((await ok(ws, 'reference.indicators', {})).some((i: { code: string }) => i.code === 'LOCK-TEST')).toBe(true)
    await ws.close()
    expect(sha256(`${file}.lock`)).toBe(lockBefore)
  })

  it('clears silently a lock left by a process of this machine that is gone', async () => {
    const { ws, dir } = testWorkspace()
    const file = await makeAmifFile(path.join(dir, 'crashed.amif'))
    writeLock(file, { machine: HOSTNAME, pid: deadPid(), refreshedAt: minutesAgo(1) })
    await ws.open(file)
    expect(lockOf(file).pid).toBe(process.pid)
    expect((await ok(ws, 'file.info', {})).readOnly).toBe(false)
  })

  it('may take over, when asked, a lock from another machine not refreshed for more than 10 minutes', async () => {
    const { ws, dir } = testWorkspace()
    const file = await makeAmifFile(path.join(dir, 'asleep.amif'))
    const now = new Date('2026-03-02T12:00:00.000Z')

    // Exactly 10 minutes: still fresh.
    const fresh = writeLock(file, { refreshedAt: new Date(now.getTime() - LOCK_OLD_MS).toISOString() })
    const freshErr = await openError(ws.open(file, { takeOver: true, now }))
    expect(freshErr.details).toMatchObject({ machine: fresh.machine, sameMachine: false, old: false, canTakeOver: false })
    expect(lockOf(file).token).toBe(fresh.token)

    const old = writeLock(file, { refreshedAt: new Date(now.getTime() - LOCK_OLD_MS - 1).toISOString() })
    const oldErr = await openError(ws.open(file, { now }))
    expect(oldErr.code).toBe('FILE_LOCKED')
    expect(oldErr.details).toMatchObject({ officer: 'Jan Peeters', machine: 'PC-FEDASIL-042', pid: old.pid, sameMachine: false, old: true, canTakeOver: true })
    expect(lockOf(file).token).toBe(old.token)

    await ws.open(file, { takeOver: true, now })
    expect(lockOf(file)).toMatchObject({ officer: OFFICER.name, machine: HOSTNAME, pid: process.pid, since: now.toISOString() })
    await ok(ws, 'reference.createIndicator', aChange)
  })

  it('counts an unreadable lock file as old: refused, then taken over when asked', async () => {
    const { ws, dir } = testWorkspace()
    const file = await makeAmifFile(path.join(dir, 'garbled.amif'))
    for (const garbage of ['{"officer": "half a lock', '', JSON.stringify({ officer: 'x', pid: -1 })]) {
      fs.writeFileSync(lockPathOf(file), garbage)
      const err = await openError(ws.open(file))
      expect(err.code).toBe('FILE_LOCKED')
      expect(err.details).toEqual({
        path: file,
        officer: null,
        email: null,
        machine: null,
        pid: null,
        since: null,
        refreshedAt: null,
        sameMachine: false,
        old: true,
        canTakeOver: true,
      })
    }
    await ws.open(file, { takeOver: true })
    expect(lockOf(file).pid).toBe(process.pid)
  })
})

describe('keeping the lock', () => {
  it('refreshes refreshedAt every minute with a timer that neither keeps the process alive nor outlives the file', async () => {
    const { ws, dir } = testWorkspace()
    const file = await makeAmifFile(path.join(dir, 'kept.amif'))
    const setSpy = vi.spyOn(globalThis, 'setInterval')
    const clearSpy = vi.spyOn(globalThis, 'clearInterval')
    await ws.open(file)
    const call = setSpy.mock.calls.findIndex((c) => c[1] === LOCK_REFRESH_MS)
    expect(call).toBeGreaterThanOrEqual(0)
    const timer = setSpy.mock.results[call].value as NodeJS.Timeout
    expect(timer.hasRef()).toBe(false)

    const before = lockOf(file)
    const later = new Date(Date.parse(before.since) + 3 * 60_000)
    ws.refreshLock(later)
    expect(lockOf(file)).toEqual({ ...before, refreshedAt: later.toISOString() })
    expect(fs.readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([])

    await ws.close()
    expect(clearSpy).toHaveBeenCalledWith(timer)
  })

  it('is refreshed by the timer itself', async () => {
    const { ws, dir } = testWorkspace()
    const file = await makeAmifFile(path.join(dir, 'timer.amif'))
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'], now: new Date('2026-03-02T09:00:00.000Z') })
    await ws.open(file)
    expect(lockOf(file).refreshedAt).toBe('2026-03-02T09:00:00.000Z')
    vi.advanceTimersByTime(LOCK_REFRESH_MS)
    expect(lockOf(file).refreshedAt).toBe('2026-03-02T09:01:00.000Z')
    vi.advanceTimersByTime(2 * LOCK_REFRESH_MS)
    expect(lockOf(file).refreshedAt).toBe('2026-03-02T09:03:00.000Z')
    await ws.close()
    expect(vi.getTimerCount()).toBe(0)
  })

  it('is checked before every write: taken over by someone else, the file becomes read-only here, and their lock stays', async () => {
    const dir = tempDir()
    const file = await makeAmifFile(path.join(dir, 'taken.amif'))
    const first = testWorkspace({ dir })
    const t0 = new Date()
    await first.ws.open(file, { now: t0 })
    await ok(first.ws, 'reference.createIndicator', aChange)

    // A colleague finds the lock old (the first laptop slept through lunch) and takes it over.
    const second = testWorkspace({ dir: tempDir(), officer: COLLEAGUE })
    await second.ws.open(file, { takeOver: true, now: new Date(t0.getTime() + LOCK_OLD_MS + 60_000) })
    const theirs = sha256(`${file}.lock`)

    const refusal = await refused(first.ws, 'reference.createIndicator', { values: { ...aChange.values, code: 'LOCK-TEST-2' } })
    expect(refusal).toMatchObject({ code: 'READ_ONLY', details: { reason: 'lockLost', lockHolder: { officer: COLLEAGUE.name } } })
    expect(await ok(first.ws, 'file.info', {})).toMatchObject({
      readOnly: true,
      readOnlyReason: 'lockLost',
      lockLost: true,
      lockHolder: { officer: COLLEAGUE.name },
    })
    // Neither the refresh nor the close touches their lock.
    first.ws.refreshLock(new Date())
    await first.ws.close()
    expect(sha256(`${file}.lock`)).toBe(theirs)
    await ok(second.ws, 'reference.createIndicator', { values: { ...aChange.values, code: 'LOCK-TEST-3' } })
  })

  it('counts a lock removed by someone else as lost', async () => {
    const { ws, dir } = testWorkspace()
    const file = await makeAmifFile(path.join(dir, 'removed.amif'))
    await ws.open(file)
    fs.rmSync(lockPathOf(file))
    expect(await refused(ws, 'reference.createIndicator', aChange)).toMatchObject({ code: 'READ_ONLY', details: { reason: 'lockLost', lockHolder: null } })
    ws.refreshLock(new Date())
    expect(fs.existsSync(lockPathOf(file))).toBe(false)
  })
})
