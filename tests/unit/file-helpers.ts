/**
 * Helpers for the file-safety tests: a file left with a hot journal, lock files written by
 * "someone else", a process id that is gone, the whole folder's bytes, and child processes
 * (another officer's app, a writer killed mid-transaction) started with `node --import tsx`.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { lockPathOf, type LockRecord } from '../../database/file/lock'
import { makeAmifFile, sha256 } from './helpers'

export const ROOT = path.resolve(__dirname, '../..')

/** What a crash left: the file and its journal, and what the file held before the interrupted transaction. */
export interface HotJournalFile {
  path: string
  journal: string
  /** Organisation names and audit rows as committed, which the rolled-back file must show. */
  committed: { names: string[]; auditRows: number }
}

/**
 * A real `.amif` file (demonstration data) as a process killed in the middle of a transaction
 * leaves it: the journal beside it and pages of the unfinished transaction already written into
 * the file. Made by copying the file and its journal while a transaction is under way (what is
 * on disk at that moment is exactly what a crash leaves), then rolling the live one back.
 * `prepare` changes the committed file first (another application's, a newer version's...).
 */
export async function makeHotJournalFile(filePath: string, prepare?: (db: Database.Database) => void): Promise<HotJournalFile> {
  const work = fs.mkdtempSync(path.join(path.dirname(filePath), '.work-'))
  try {
    const source = await makeAmifFile(path.join(work, 'source.amif'), { demo: true })
    const committedBytes = sha256(source)
    const db = new Database(source)
    prepare?.(db)
    const names = () => (db.prepare('SELECT name FROM organisations ORDER BY id').all() as { name: string }[]).map((r) => r.name)
    const committed = { names: names(), auditRows: (db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n }
    // A tiny page cache: changed pages spill into the file before the commit, as in a big change.
    db.pragma('cache_size = 2')
    db.exec('BEGIN')
    db.exec("UPDATE organisations SET name = name || ' (unfinished change)'")
    const insert = db.prepare(
      "INSERT INTO audit_log (id, at, officer_name, officer_email, entity, record_id, parent_id, action, before_json, after_json) VALUES (?, '2026-01-01T00:00:00.000Z', 'Crash', NULL, 'organisation', ?, NULL, 'update', NULL, ?)",
    )
    for (let i = 0; i < 300; i++) insert.run(randomBytes(16).toString('hex'), randomBytes(16).toString('hex'), JSON.stringify({ notes: 'x'.repeat(2000) }))
    // The journal first, then the file: the journal holds the original of every page changed so far.
    fs.copyFileSync(`${source}-journal`, `${filePath}-journal`)
    fs.copyFileSync(source, filePath)
    db.exec('ROLLBACK')
    db.close()
    if (sha256(filePath) === committedBytes) throw new Error('the unfinished transaction did not reach the file: the test would prove nothing')
    return { path: filePath, journal: `${filePath}-journal`, committed }
  } finally {
    fs.rmSync(work, { recursive: true, force: true })
  }
}

/**
 * The reference tables the older migrations seeded (objectives, strand objectives, the indicator
 * catalogue, target groups).
 */
export const SEEDED_TABLES: ReadonlySet<string> = new Set(['specific_objectives', 'strand_objectives', 'indicators', 'target_groups', 'checklist_questions'])

/**
 * Fills `target`, a file made at an older schema version, with `source`'s rows (a file of this
 * app), table by table, for the tables and columns both have, in rowid order (a table without
 * rowid in its key's), foreign keys off; meta too, so the vectors name the file's own id. `target`'s rows go first, and so do the
 * tombstones version 4's delete triggers write for them. With `keepSeeded`, the rows the older
 * migrations seeded stay (later migrations then meet the wording an older app shipped) and only
 * `source`'s other reference rows are added to them.
 */
export function copyRowsInto(source: string, target: string, options: { keepSeeded?: boolean } = {}): void {
  const kept = options.keepSeeded ? SEEDED_TABLES : new Set<string>()
  const db = new Database(target)
  try {
    db.pragma('foreign_keys = OFF')
    db.prepare('ATTACH DATABASE ? AS src').run(source)
    const tablesOf = (schema: string) =>
      db.prepare(`SELECT name FROM "${schema}".sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).pluck().all() as string[]
    const columnsOf = (schema: string, table: string) =>
      (db.prepare(`PRAGMA "${schema}".table_info("${table}")`).all() as { name: string }[]).map((c) => c.name)
    const theirs = new Set(tablesOf('src'))
    const tables = tablesOf('main')
    db.transaction(() => {
      for (const table of tables.filter((t) => !kept.has(t))) db.exec(`DELETE FROM main."${table}"`)
      // Once more: deleting the tables after it wrote tombstones.
      if (tables.includes('sync_tombstones')) db.exec('DELETE FROM main.sync_tombstones')
      for (const table of tables.filter((t) => theirs.has(t))) {
        const theirColumns = new Set(columnsOf('src', table))
        const list = columnsOf('main', table)
          .filter((c) => theirColumns.has(c))
          .map((c) => `"${c}"`)
          .join(', ')
        // A table WITHOUT ROWID (migration 015's milestone_search) has no rowid: its own key's order.
        const withoutRowid = /without\s+rowid/i.test(db.prepare(`SELECT sql FROM src.sqlite_master WHERE name = ?`).pluck().get(table) as string)
        const order = withoutRowid ? '' : ' ORDER BY rowid'
        db.exec(`INSERT${kept.has(table) ? ' OR IGNORE' : ''} INTO main."${table}" (${list}) SELECT ${list} FROM src."${table}"${order}`)
      }
    })()
    db.exec('DETACH DATABASE src')
  } finally {
    db.close()
  }
}

/** Every file in the folder with its hash: a refused or read-only file must leave all of it as it was. */
export function folderState(dir: string): Record<string, string> {
  const state: Record<string, string> = {}
  for (const name of fs.readdirSync(dir).sort()) {
    const p = path.join(dir, name)
    state[name] = fs.statSync(p).isFile() ? sha256(p) : 'directory'
  }
  return state
}

/** A process id that existed and is gone: a lock left by it is a crashed app's. */
export function deadPid(): number {
  const run = spawnSync(process.execPath, ['-e', ''])
  if (!run.pid) throw new Error('could not start a process')
  return run.pid
}

/** Writes a lock as another app would have (another machine by default), returning what it wrote. */
export function writeLock(filePath: string, fields: Partial<LockRecord> = {}): LockRecord {
  const now = new Date().toISOString()
  const record: LockRecord = {
    officer: 'Jan Peeters',
    email: 'jan.peeters@example.org',
    machine: 'PC-FEDASIL-042',
    pid: 4242,
    since: now,
    refreshedAt: now,
    appVersion: '0.1.0',
    token: randomBytes(16).toString('hex'),
    ...fields,
  }
  fs.writeFileSync(lockPathOf(filePath), JSON.stringify(record))
  return record
}

/** Minutes before `now`, as an ISO timestamp. */
export function minutesAgo(minutes: number, now: Date = new Date()): string {
  return new Date(now.getTime() - minutes * 60_000).toISOString()
}

/** A child process started on a fixture script, read line by line (one JSON value a line). */
export interface Child {
  proc: ChildProcessWithoutNullStreams
  /** Every JSON line it wrote so far. */
  messages: Record<string, unknown>[]
  /** Resolves with the first message (already received or to come) that `match` accepts. */
  waitFor(match: (m: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>
  send(line: string): void
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>
  stderr(): string
}

/** Starts `node --import tsx tests/fixtures/<script> ...args` from the project root. */
export function spawnFixture(script: string, args: string[]): Child {
  const proc = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'tests', 'fixtures', script), ...args], {
    cwd: ROOT,
    env: { ...process.env },
  })
  const messages: Record<string, unknown>[] = []
  const waiters: { match: (m: Record<string, unknown>) => boolean; resolve: (m: Record<string, unknown>) => void }[] = []
  let pending = ''
  let errors = ''
  proc.stdout.on('data', (chunk: Buffer) => {
    pending += chunk.toString('utf8')
    const lines = pending.split('\n')
    pending = lines.pop() ?? ''
    for (const line of lines) {
      if (!line.trim()) continue
      const message = JSON.parse(line) as Record<string, unknown>
      messages.push(message)
      for (const w of [...waiters]) {
        if (w.match(message)) {
          waiters.splice(waiters.indexOf(w), 1)
          w.resolve(message)
        }
      }
    }
  })
  proc.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString('utf8')))
  const exited = new Promise<number | null>((resolve) => proc.on('close', (code) => resolve(code)))
  return {
    proc,
    messages,
    waitFor(match, timeoutMs = 20_000) {
      const seen = messages.find(match)
      if (seen) return Promise.resolve(seen)
      return new Promise((resolve, reject) => {
        const fail = (why: string) => {
          clearTimeout(timer)
          reject(new Error(`${script}: ${why}; last messages ${JSON.stringify(messages.slice(-3))}; stderr: ${errors}`))
        }
        const timer = setTimeout(() => fail(`no such message in ${timeoutMs} ms`), timeoutMs)
        waiters.push({ match, resolve: (m) => (clearTimeout(timer), resolve(m)) })
        // A message read just before the exit has resolved already; a rejection after it does nothing.
        void exited.then(() => setTimeout(() => fail('exited'), 50))
      })
    },
    send(line) {
      proc.stdin.write(`${line}\n`)
    },
    exited,
    stderr: () => errors,
  }
}

/** The machine's name as locks record it. */
export const HOSTNAME = os.hostname()
