import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { readLock } from '../../database/file/lock'
import { CRASH_TARGET_GROUPS } from '../fixtures/child-workspace'
import { folderState, spawnFixture, type Child } from '../unit/file-helpers'
import type { Workspace } from '../../electron/api/workspace'
import { makeAmifFile, ok, tempDir, testWorkspace } from '../unit/helpers'

/** Kills: half at a random moment of the writing, half at a random moment of a commit. */
const ROUNDS = 25
/**
 * How long one writer may take to start or answer. A writer is a tsx process: on a machine busy
 * with other work (CI, a build beside it) its start alone can take many seconds.
 */
const CHILD_MS = 120_000
/** Writers started ahead, loading their modules (about a second each) while the file is checked. */
const AHEAD = 2
/** Rows one `projects.create` writes in its transaction besides the project: a status change and the target groups. */
const TARGET_GROUPS = CRASH_TARGET_GROUPS
const AUDIT_ROWS_PER_PROJECT = 1 + 1 + TARGET_GROUPS

interface CrashProject {
  id: string
  code: string
  statusChanges: number
  targetGroups: number
  auditRows: number
}

/** The first 8 bytes of a journal once its transaction has begun writing into the file (SQLite's journal magic). */
const JOURNAL_MAGIC = Buffer.from('d9d505f920a163d7', 'hex')

/**
 * Kills the writer the moment its journal shows the magic, that is while a commit is writing
 * pages into the file (a random kill lands there only now and then: the window is a few ms).
 * Watches for at most `budgetMs`, then kills anyway. The journal is read with plain file reads,
 * which take none of SQLite's locks.
 */
function killDuringCommit(child: Child, journal: string, budgetMs: number): void {
  const head = Buffer.alloc(JOURNAL_MAGIC.length)
  const end = Date.now() + budgetMs
  while (Date.now() < end) {
    let read = 0
    try {
      const fd = fs.openSync(journal, 'r')
      try {
        read = fs.readSync(fd, head, 0, head.length, 0)
      } finally {
        fs.closeSync(fd)
      }
    } catch {
      continue // no journal at this instant
    }
    if (read === head.length && head.equals(JOURNAL_MAGIC)) break
  }
  child.proc.kill('SIGKILL')
}

function crashProjects(db: Database.Database): CrashProject[] {
  return db
    .prepare(
      `SELECT p.id, p.code,
        (SELECT count(*) FROM project_status_changes s WHERE s.project_id = p.id) AS statusChanges,
        (SELECT count(*) FROM project_target_groups t WHERE t.project_id = p.id) AS targetGroups,
        (SELECT count(*) FROM audit_log a WHERE a.record_id = p.id OR a.parent_id = p.id) AS auditRows
      FROM projects p WHERE p.code LIKE 'CRASH-%'`,
    )
    .all() as CrashProject[]
}

interface Tally {
  journalLeft: number
  interrupted: number
  written: number
}

/**
 * After one kill: the file read read-only changes nothing; opened for writing, the dead writer's
 * lock goes silently, a hot journal is rolled back, and every project is whole.
 */
async function checkAfterKill(ws: Workspace, file: string, child: Child, round: number, tally: Tally): Promise<void> {
  const at = `round ${round}`
  const pid = child.proc.pid!
  const printed = child.messages.filter((m) => typeof m.committed === 'string').map((m) => Number(String(m.committed).split('-').at(-1)))
  // The dead writer's lock is left behind, as after a real crash.
  expect(readLock(file), at).toMatchObject({ state: 'held', record: { pid } })
  if (fs.existsSync(`${file}-journal`)) tally.journalLeft++

  // Read-only first: the file is read as it will be once recovered, and nothing changes.
  const shared = path.dirname(file)
  const untouched = folderState(shared)
  await ws.open(file, { readOnly: true })
  const seen = await ok(ws, 'file.info', {})
  expect(seen.readOnlyReason, `${at}: a dead process's lock is no reason`).toBe('requested')
  if (seen.interruptedTransaction) tally.interrupted++
  await ws.close()
  expect(folderState(shared), at).toEqual(untouched)

  // For writing: the stale lock goes silently, the journal is rolled back.
  await ws.open(file)
  expect(await ok(ws, 'file.info', {}), at).toMatchObject({ readOnly: false, recovered: seen.interruptedTransaction })
  expect(readLock(file), at).toMatchObject({ state: 'held', record: { pid: process.pid } })
  const projects = crashProjects(ws.file().sqlite)
  for (const p of projects) {
    expect(p, at).toEqual({ ...p, statusChanges: 1, targetGroups: TARGET_GROUPS, auditRows: AUDIT_ROWS_PER_PROJECT })
  }
  // No row of a transaction that did not finish: every row the writers wrote belongs to a whole project.
  const theirs = ws.file().sqlite.prepare("SELECT count(*) AS n FROM audit_log WHERE officer_name = 'Crash Writer'").get() as { n: number }
  expect(theirs.n, at).toBe(projects.length * AUDIT_ROWS_PER_PROJECT)
  // This writer's projects are 1..k: everything it said was committed is there, and at most the
  // one it was about to report besides.
  const mine = projects
    .filter((p) => p.code.startsWith(`CRASH-R${round}-`))
    .map((p) => Number(p.code.split('-').at(-1)))
    .sort((a, b) => a - b)
  const last = Math.max(...printed)
  expect(mine, at).toEqual(Array.from({ length: mine.length }, (_, i) => i + 1))
  expect(mine.length, at).toBeGreaterThanOrEqual(last)
  expect(mine.length, at).toBeLessThanOrEqual(last + 1)
  tally.written += mine.length
  await ws.close()
  expect(fs.existsSync(`${file}.lock`), `${at}: our lock goes on close`).toBe(false)
  expect(fs.existsSync(`${file}-journal`), at).toBe(false)
}

describe('a process killed in the middle of writes', () => {
  it(
    `leaves a file that opens, passes the integrity check and holds each transaction whole or not at all (${ROUNDS} kills)`,
    async () => {
      const dir = tempDir()
      const file = await makeAmifFile(path.join(dir, 'Partage', 'crash.amif'), { demo: true })
      const childData = path.join(dir, 'child')
      fs.mkdirSync(childData)
      const { ws } = testWorkspace({ dir: tempDir() })
      const tally: Tally = { journalLeft: 0, interrupted: 0, written: 0 }
      const started: Child[] = []
      // Each writer's codes carry its round: CRASH-R7-1, CRASH-R7-2...
      const startWriter = () => started.push(spawnFixture('crash-writer.ts', [file, childData, `CRASH-R${started.length + 1}`, '--wait']))
      for (let i = 0; i < AHEAD; i++) startWriter()
      try {
        for (let round = 1; round <= ROUNDS; round++) {
          const child = started[round - 1]
          if (round + AHEAD - 1 < ROUNDS) startWriter()
          await child.waitFor((m) => m.waiting === true, CHILD_MS)
          child.send('go')
          const ready = await child.waitFor((m) => m.ready === true, CHILD_MS)
          // The file was left closed and whole by the previous round's checks.
          expect(ready.recovered, `round ${round}`).toBe(false)
          await child.waitFor((m) => typeof m.committed === 'string', CHILD_MS)
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 150))
          // Odd rounds: a kill at a random moment. Even rounds: at a random moment of a commit.
          if (round % 2 === 0) killDuringCommit(child, `${file}-journal`, 2000)
          else child.proc.kill('SIGKILL')
          expect(await child.exited, `round ${round}: killed by the signal`).toBeNull()
          await checkAfterKill(ws, file, child, round, tally)
        }
      } finally {
        for (const c of started) c.proc.kill('SIGKILL')
      }

      const db = new Database(file, { readonly: true, fileMustExist: true })
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
      expect(crashProjects(db)).toHaveLength(tally.written)
      db.close()
      // About half the writer's time is spent inside a transaction, so many kills leave a journal
      // (hot once the commit has begun writing into the file, idle before), and the kills timed
      // on a commit leave hot ones: if none did, this test would not have exercised recovery.
      expect(tally.journalLeft, 'kills that left a journal').toBeGreaterThan(0)
      expect(tally.interrupted, 'kills during a commit that left a hot journal, rolled back on reopening').toBeGreaterThan(0)
      console.info(
        `[crash] ${ROUNDS} kills: ${tally.journalLeft} left a journal, ${tally.interrupted} of them hot (rolled back); ${tally.written} projects committed`,
      )
    },
    // All 25 rounds, however busy the machine: about a minute when idle, bounded at 15.
    15 * 60_000,
  )
})
