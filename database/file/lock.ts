import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import { AppError } from '../domain/errors'

/**
 * The lock beside a `.amif` file open for writing: `<file>.lock`, a small JSON file saying who
 * has it open (officer, machine, process) since when. SQLite's own locks last one transaction
 * and do not say who holds them; this one lasts as long as the file is open, so a second
 * officer is told who is working in it instead of both writing in turn over each other's work.
 *
 * It is advisory: only AMIF Desk honours it. It is created exclusively (`wx`), refreshed by its
 * holder every minute, and checked (same token) before every write, so a holder whose lock was
 * taken over stops writing.
 */

/** How often the holder rewrites `refreshedAt`. */
export const LOCK_REFRESH_MS = 60_000
/** A lock not refreshed for this long is "old": its holder may be asleep or gone, it may be taken over. */
export const LOCK_OLD_MS = 10 * 60_000

/** What the lock file holds. */
export interface LockRecord {
  officer: string | null
  email: string | null
  machine: string
  pid: number
  since: string
  refreshedAt: string
  appVersion: string
  token: string
}

/** Who writes the lock: the officer from the app's settings, and this app's version. */
export interface LockOwner {
  officer: string | null
  email: string | null
  appVersion: string
}

/**
 * Who holds a lock, as the officer is told (the details of FILE_LOCKED). For an unreadable lock
 * file the person fields are null and it counts as old.
 */
export interface LockHolder {
  path: string
  officer: string | null
  email: string | null
  machine: string | null
  pid: number | null
  since: string | null
  refreshedAt: string | null
  sameMachine: boolean
  /** Not refreshed for more than 10 minutes (or unreadable). */
  old: boolean
  /** True when `takeOver: true` would take it (old locks only). */
  canTakeOver: boolean
}

/** What is found where a lock would be. */
export type LockState = { state: 'none' } | { state: 'garbled'; raw: string } | { state: 'held'; raw: string; record: LockRecord }

/** `<file>.lock`, beside the file. */
export function lockPathOf(filePath: string): string {
  return `${filePath}.lock`
}

function isRecord(value: unknown): value is LockRecord {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  const optionalText = (x: unknown) => x === null || typeof x === 'string'
  return (
    optionalText(v.officer) &&
    optionalText(v.email) &&
    typeof v.machine === 'string' &&
    typeof v.pid === 'number' &&
    Number.isInteger(v.pid) &&
    v.pid > 0 &&
    typeof v.since === 'string' &&
    typeof v.refreshedAt === 'string' &&
    typeof v.appVersion === 'string' &&
    typeof v.token === 'string' &&
    v.token.length > 0
  )
}

/** Reads the lock beside `filePath`: none, garbled (unreadable or not ours to parse), or held. */
export function readLock(filePath: string): LockState {
  let raw: string
  try {
    raw = fs.readFileSync(lockPathOf(filePath), 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'none' }
    return { state: 'garbled', raw: '' }
  }
  try {
    const parsed: unknown = JSON.parse(raw)
    return isRecord(parsed) ? { state: 'held', raw, record: parsed } : { state: 'garbled', raw }
  } catch {
    return { state: 'garbled', raw }
  }
}

/** True unless the process is known to be gone (ESRCH). EPERM means it exists under another user. */
function processAlive(pid: number): boolean {
  if (pid === process.pid) return true
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ESRCH'
  }
}

/** True when the lock was left by a process of this machine that no longer runs: it can go silently. */
function isDead(lock: LockState): boolean {
  return lock.state === 'held' && lock.record.machine === os.hostname() && !processAlive(lock.record.pid)
}

/** What the officer is told about a lock found on `filePath`. */
export function describeLock(filePath: string, lock: Exclude<LockState, { state: 'none' }>, now: Date): LockHolder {
  if (lock.state === 'garbled') {
    return {
      path: filePath,
      officer: null,
      email: null,
      machine: null,
      pid: null,
      since: null,
      refreshedAt: null,
      sameMachine: false,
      old: true,
      canTakeOver: true,
    }
  }
  const r = lock.record
  const refreshed = Date.parse(r.refreshedAt)
  // A date that cannot be read is as good as no refresh; one in the future (another machine's
  // clock ahead of ours) counts as fresh.
  const old = Number.isNaN(refreshed) || now.getTime() - refreshed > LOCK_OLD_MS
  return {
    path: filePath,
    officer: r.officer,
    email: r.email,
    machine: r.machine,
    pid: r.pid,
    since: r.since,
    refreshedAt: r.refreshedAt,
    sameMachine: r.machine === os.hostname(),
    old,
    canTakeOver: old,
  }
}

/**
 * The holder of a lock on `filePath` that is not `ownToken`'s and whose process may still run,
 * or null (no lock, our own, or a dead process's). For telling a read-only reader who is writing.
 */
export function lockHolderOf(filePath: string, now: Date, ownToken: string | null = null): LockHolder | null {
  const lock = readLock(filePath)
  if (lock.state === 'none' || isDead(lock)) return null
  if (lock.state === 'held' && lock.record.token === ownToken) return null
  return describeLock(filePath, lock, now)
}

function lockedError(holder: LockHolder): AppError {
  const who = holder.officer ?? 'someone'
  const where = holder.machine ? ` on ${holder.machine}` : ''
  return new AppError('FILE_LOCKED', `${holder.path} is open for writing by ${who}${where}`, holder)
}

/**
 * True for a failure to create the lock that means the folder cannot be written (a read-only
 * share that the access check did not reveal, as on Windows where it looks only at attributes).
 */
export function isPlaceRefusal(err: unknown): boolean {
  if (!(err instanceof AppError) || err.code !== 'WRITE_FAILED') return false
  const cause = (err.details as { cause?: unknown } | undefined)?.cause
  return cause === 'EACCES' || cause === 'EPERM' || cause === 'EROFS'
}

/** Writes the lock only if there is none: `wx` fails when another opener got there first. */
function createExclusive(lockPath: string, record: LockRecord): boolean {
  try {
    fs.writeFileSync(lockPath, `${JSON.stringify(record, null, 2)}\n`, { flag: 'wx' })
    return true
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'EEXIST') return false
    throw new AppError('WRITE_FAILED', `Cannot create the lock ${lockPath}: ${(err as Error).message}`, { path: lockPath, cause: code ?? null })
  }
}

/**
 * Removes the lock found earlier, if it is still that one. Another opener judging the same lock
 * at the same moment may remove ours in the instant between the check and the removal; the
 * token check before every write then makes one of the two read-only instead of both writing.
 */
function removeIfUnchanged(filePath: string, seen: LockState): void {
  const now = readLock(filePath)
  if (now.state === 'none') return
  if (seen.state === 'none' || now.state !== seen.state || now.raw !== seen.raw) return
  try {
    fs.rmSync(lockPathOf(filePath), { force: true })
  } catch (err) {
    throw new AppError('WRITE_FAILED', `Cannot remove the lock ${lockPathOf(filePath)}: ${(err as Error).message}`, { path: lockPathOf(filePath) })
  }
}

export interface AcquireOptions {
  /** Take an old lock (the officer was warned); a fresh one is never taken. */
  takeOver?: boolean
  now: Date
}

/**
 * Takes the lock on `filePath` for writing. A lock left by a process of this machine that is gone
 * is cleared silently; an old one (not refreshed for 10 minutes, or unreadable) is taken with
 * `takeOver`; otherwise FILE_LOCKED with who holds it.
 */
export function acquireLock(filePath: string, owner: LockOwner, options: AcquireOptions): FileLock {
  const lockPath = lockPathOf(filePath)
  const stamp = options.now.toISOString()
  const record: LockRecord = {
    officer: owner.officer,
    email: owner.email,
    machine: os.hostname(),
    pid: process.pid,
    since: stamp,
    refreshedAt: stamp,
    appVersion: owner.appVersion,
    token: randomBytes(16).toString('hex'),
  }
  // A few rounds: each one either takes the lock or finds one that another opener has just put there.
  for (let attempt = 0; attempt < 3; attempt++) {
    if (createExclusive(lockPath, record)) return new FileLock(filePath, record)
    const found = readLock(filePath)
    if (found.state === 'none') continue // released meanwhile
    if (isDead(found)) {
      removeIfUnchanged(filePath, found)
      continue
    }
    const holder = describeLock(filePath, found, options.now)
    if (!(options.takeOver && holder.canTakeOver)) throw lockedError(holder)
    removeIfUnchanged(filePath, found)
  }
  const found = readLock(filePath)
  throw lockedError(found.state === 'none' ? describeLock(filePath, { state: 'garbled', raw: '' }, options.now) : describeLock(filePath, found, options.now))
}

/** A lock this process holds on one file. */
export class FileLock {
  readonly lockPath: string
  private record: LockRecord
  private released = false

  constructor(
    readonly filePath: string,
    record: LockRecord,
  ) {
    this.lockPath = lockPathOf(filePath)
    this.record = record
  }

  get token(): string {
    return this.record.token
  }

  /** The lock's content as last written by us. */
  get current(): LockRecord {
    return { ...this.record }
  }

  /**
   * True while the lock file still carries our token. A missing lock counts as lost too: someone
   * removed it, and may have written meanwhile.
   */
  isOurs(): boolean {
    if (this.released) return false
    const lock = readLock(this.filePath)
    return lock.state === 'held' && lock.record.token === this.record.token
  }

  /**
   * Rewrites `refreshedAt` (write beside, then rename over, so a reader never sees half a lock).
   * Returns false, writing nothing, when the lock is no longer ours.
   */
  refresh(now: Date): boolean {
    if (!this.isOurs()) return false
    const next = { ...this.record, refreshedAt: now.toISOString() }
    const tmp = `${this.lockPath}.${this.record.token}.tmp`
    try {
      fs.writeFileSync(tmp, `${JSON.stringify(next, null, 2)}\n`)
      fs.renameSync(tmp, this.lockPath)
      this.record = next
    } catch {
      // A drive briefly unavailable: the lock keeps its last refresh and the next one retries.
      fs.rmSync(tmp, { force: true })
    }
    return true
  }

  /** Removes the lock file if it is still ours; never someone else's. */
  release(): void {
    if (this.released) return
    try {
      if (this.isOurs()) fs.rmSync(this.lockPath, { force: true })
    } catch {
      // The drive is gone: the lock stays, and is seen as a dead process's or an old lock later.
    }
    this.released = true
  }
}
