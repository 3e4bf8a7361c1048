import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'
import Database from 'better-sqlite3'

/**
 * SQLite's page checks run off the calling thread: on a read-only connection of their own in a
 * worker thread, so that the window stays usable meanwhile (the quick check of a 600 MB file takes
 * about a second, the full one ten). The worker is plain JavaScript that needs only better-sqlite3,
 * so it runs the same under tsx, vitest and the bundled app.
 */

/** How far a check has gone: `done` of `total` units (rows, as the statistics count them). */
export interface PageCheckProgress {
  done: number
  total: number
}

export interface PageCheckOptions {
  /** Called as each table is checked (the full check only). */
  onProgress?: (progress: PageCheckProgress) => void
  /** Aborting stops the worker; the promise then rejects with the signal's reason. */
  signal?: AbortSignal
  /**
   * The full check only: called with the quick check's problems (empty when it passed), which
   * the full check runs first, before going through the tables: a preview can go on the quick
   * verdict while a merge waits for the full one, with the pages read once.
   */
  onQuick?: (problems: string[]) => void
  /**
   * The full check only: when this resolves, a second worker thread joins, taking tables from
   * the same queue (a merge's source: once the preview has read what it needs, the window's
   * thread is idle and the check may take both cores).
   */
  helpFrom?: Promise<unknown>
}

/**
 * The page cache (KiB) of a full check while it matches a table's indexes to its rows. It seeks in
 * each index for every row: with SQLite's default 2 MB cache the same index pages are read from the
 * file again and again. 128 MB keeps them (on the 100x bench file: audit_log 7.0 s to 5.2 s,
 * milestones 6.7 s to 3.4 s; 256 MB or more gains nothing more).
 */
export const FULL_CHECK_CACHE_KIB = 131_072

type WorkerMessage = { next: true } | { done: number } | { quick: string[] } | { problems: string[] }

// The worker's code, in one read transaction: the quick check (every page and record, and what no
// table owns: free pages, pages used twice) if it is given its weight, its verdict said at once;
// then, for the full check, tables one at a time as the calling thread hands them out
// (`PRAGMA integrity_check(table)`: the table and its indexes), saying after each how much it did.
// A table's check keeps FULL_CHECK_CACHE_KIB of its pages while it runs, given back after it; the
// quick check reads each page once and keeps the default.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.driver)
const problemsOf = (rows, column) => {
  const messages = rows.map((r) => r[column])
  return messages.length === 1 && messages[0] === 'ok' ? [] : messages
}
const messageOf = (err) => String(err && err.message ? err.message : err)
let problems = []
let db = null
const finish = () => {
  try {
    if (db) {
      if (db.inTransaction) db.exec('COMMIT')
      db.close()
    }
  } catch (err) {
    problems.push(messageOf(err))
  }
  parentPort.postMessage({ problems: problems })
  parentPort.close()
}
parentPort.on('message', (message) => {
  if (!message.table) {
    finish()
    return
  }
  try {
    const quoted = '"' + message.table.name.replace(/"/g, '""') + '"'
    db.pragma('cache_size = -${FULL_CHECK_CACHE_KIB}')
    problems.push(...problemsOf(db.pragma('integrity_check(' + quoted + ')'), 'integrity_check'))
  } catch (err) {
    problems.push(messageOf(err))
  }
  try {
    db.pragma('cache_size = -2000')
    db.pragma('shrink_memory')
  } catch (err) {
    problems.push(messageOf(err))
  }
  parentPort.postMessage({ done: message.table.weight })
  parentPort.postMessage({ next: true })
})
try {
  db = new Database(workerData.path, { readonly: true, fileMustExist: true })
  db.pragma('trusted_schema = OFF')
  db.pragma('cell_size_check = ON')
  db.pragma('busy_timeout = 5000')
  db.exec('BEGIN')
  if (workerData.quick !== null) {
    problems = problemsOf(db.pragma('quick_check'), 'quick_check')
    parentPort.postMessage({ quick: problems })
    parentPort.postMessage({ done: workerData.quick })
  }
  parentPort.postMessage({ next: true })
} catch (err) {
  problems.push(messageOf(err))
  finish()
}
`

interface Table {
  name: string
  weight: number
}

/**
 * The tables of a full check, heaviest first (so that a second worker that joins late still
 * evens the load), each weighed by its rows in sqlite_stat1 (1 without statistics), and the
 * quick check's weight, about a tenth of the whole. Read on a short read-only connection.
 */
function tablesOf(filePath: string): { tables: Table[]; quick: number } {
  const db = new Database(filePath, { readonly: true, fileMustExist: true })
  try {
    db.pragma('trusted_schema = OFF')
    const names = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]
    const rows = new Map<string, number>()
    try {
      for (const r of db.prepare('SELECT tbl, max(CAST(stat AS INTEGER)) AS n FROM sqlite_stat1 GROUP BY tbl').all() as { tbl: string; n: number }[])
        rows.set(r.tbl, r.n)
    } catch {
      // No statistics: every table weighs the same.
    }
    const tables = names.map((name) => ({ name, weight: 1 + (rows.get(name) ?? 0) })).sort((a, b) => b.weight - a.weight)
    return { tables, quick: Math.ceil(tables.reduce((n, t) => n + t.weight, 0) / 10) }
  } finally {
    db.close()
  }
}

/**
 * Checks a file's pages in a worker thread: `quick` (`PRAGMA quick_check`: every page and record
 * well formed, NOT NULL and CHECK constraints) or `full` (the quick check, then `PRAGMA
 * integrity_check` table by table with progress: also every index against its table), which a
 * second worker may join (`helpFrom`). Resolves to the problems found, empty when the file is
 * sound; an error of SQLite's (a page too damaged to read) is a problem.
 */
export function checkPages(filePath: string, kind: 'quick' | 'full', options: PageCheckOptions = {}): Promise<string[]> {
  const driver = createRequire(__filename).resolve('better-sqlite3')
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(options.signal.reason)
      return
    }
    let queue: Table[] = []
    let quick = 1
    if (kind === 'full') {
      try {
        ;({ tables: queue, quick } = tablesOf(filePath))
      } catch (err) {
        resolve([(err as Error).message])
        return
      }
    }
    const total = quick + queue.reduce((n, t) => n + t.weight, 0)
    let done = 0
    const problems: string[] = []
    const workers: Worker[] = []
    let running = 0
    let settled = false
    const finish = (fn: () => void) => {
      if (settled) return
      settled = true
      options.signal?.removeEventListener('abort', onAbort)
      fn()
    }
    const onAbort = () => {
      for (const w of workers) void w.terminate()
      finish(() => reject(options.signal!.reason))
    }
    options.signal?.addEventListener('abort', onAbort)
    const start = (withQuick: boolean) => {
      const worker = new Worker(WORKER, { eval: true, workerData: { path: filePath, driver, quick: withQuick ? quick : null } })
      workers.push(worker)
      running++
      let over = false
      const ended = (found: string[]) => {
        if (over) return
        over = true
        problems.push(...found)
        if (--running === 0) finish(() => resolve([...new Set(problems)]))
      }
      worker.on('message', (message: WorkerMessage) => {
        if ('next' in message) worker.postMessage({ table: queue.shift() ?? null })
        else if ('done' in message) {
          done += message.done
          if (kind === 'full') options.onProgress?.({ done, total })
        } else if ('quick' in message) {
          if (kind === 'full') options.onQuick?.(message.quick)
        } else ended(message.problems)
      })
      worker.on('error', (err) => ended([err.message]))
      worker.on('exit', (code) => ended([`The check stopped (exit code ${code})`]))
    }
    start(true)
    void options.helpFrom?.then(() => {
      if (!settled && queue.length > 0) start(false)
    })
  })
}
