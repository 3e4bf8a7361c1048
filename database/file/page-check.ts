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
}

type WorkerMessage = { done: number } | { quick: string[] } | { problems: string[] }

// The worker's code: the quick check (every page and record, and what no table owns: free pages,
// pages used twice), or a part of the full check: the quick check first if the part has it (its
// verdict said at once), then its tables one by one (`PRAGMA integrity_check(table)`: the table and
// its indexes), saying after each how much of the whole it has done. All in one read transaction.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.driver)
const problemsOf = (rows, column) => {
  const messages = rows.map((r) => r[column])
  return messages.length === 1 && messages[0] === 'ok' ? [] : messages
}
let problems = []
try {
  const db = new Database(workerData.path, { readonly: true, fileMustExist: true })
  try {
    db.pragma('trusted_schema = OFF')
    db.pragma('cell_size_check = ON')
    db.pragma('busy_timeout = 5000')
    db.exec('BEGIN')
    try {
      if (workerData.quick !== null) {
        problems = problemsOf(db.pragma('quick_check'), 'quick_check')
        parentPort.postMessage({ quick: problems })
        parentPort.postMessage({ done: workerData.quick })
      }
      for (const t of workerData.tables) {
        const quoted = '"' + t.name.replace(/"/g, '""') + '"'
        problems.push(...problemsOf(db.pragma('integrity_check(' + quoted + ')'), 'integrity_check'))
        parentPort.postMessage({ done: t.weight })
      }
    } finally {
      db.exec('COMMIT')
    }
  } finally {
    db.close()
  }
} catch (err) {
  problems.push(String(err && err.message ? err.message : err))
}
parentPort.postMessage({ problems })
`

/** One worker's share of a check: the quick check (with its weight) or not, and tables with theirs. */
interface Part {
  quick: number | null
  tables: { name: string; weight: number }[]
}

/**
 * How a full check is shared between `parallel` workers: each table weighed by its rows in
 * sqlite_stat1 (1 without statistics), the quick check about a tenth of the whole, the heaviest
 * first to the lightest share. Read on a short read-only connection of its own.
 */
function partsOf(filePath: string, parallel: number): Part[] {
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
    const sum = tables.reduce((n, t) => n + t.weight, 0)
    const parts: Part[] = Array.from({ length: Math.max(1, parallel) }, (_, i) => ({ quick: i === 0 ? Math.ceil(sum / 10) : null, tables: [] }))
    const load = (part: Part) => (part.quick ?? 0) + part.tables.reduce((n, t) => n + t.weight, 0)
    for (const t of tables) parts.reduce((a, b) => (load(b) < load(a) ? b : a)).tables.push(t)
    // In the order of the file, as the check of one worker goes.
    for (const part of parts) part.tables.sort((a, b) => names.indexOf(a.name) - names.indexOf(b.name))
    return parts.filter((part, i) => i === 0 || part.tables.length > 0)
  } finally {
    db.close()
  }
}

/**
 * Checks a file's pages in worker threads: `quick` (`PRAGMA quick_check`: every page and record
 * well formed, NOT NULL and CHECK constraints) or `full` (`PRAGMA integrity_check`, table by
 * table with progress: also every index against its table), shared between `parallel` workers
 * (1 by default: a merge's source takes 2, the window's main thread being idle meanwhile).
 * Resolves to the problems found, empty when the file is sound; an error of SQLite's (a page too
 * damaged to read) is a problem.
 */
export function checkPages(filePath: string, kind: 'quick' | 'full', options: PageCheckOptions & { parallel?: number } = {}): Promise<string[]> {
  const driver = createRequire(__filename).resolve('better-sqlite3')
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(options.signal.reason)
      return
    }
    let parts: Part[]
    try {
      parts = kind === 'quick' ? [{ quick: 1, tables: [] }] : partsOf(filePath, options.parallel ?? 1)
    } catch (err) {
      resolve([(err as Error).message])
      return
    }
    const total = parts.reduce((n, part) => n + (part.quick ?? 0) + part.tables.reduce((m, t) => m + t.weight, 0), 0)
    let done = 0
    const problems: string[] = []
    let pending = parts.length
    const workers = parts.map((part) => new Worker(WORKER, { eval: true, workerData: { path: filePath, driver, quick: part.quick, tables: part.tables } }))
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
    const partDone = (found: string[]) => {
      problems.push(...found)
      if (--pending === 0) finish(() => resolve([...new Set(problems)]))
    }
    for (const worker of workers) {
      let over = false
      worker.on('message', (message: WorkerMessage) => {
        if ('done' in message) {
          done += message.done
          if (kind === 'full') options.onProgress?.({ done, total })
        } else if ('quick' in message) {
          if (kind === 'full') options.onQuick?.(message.quick)
        } else if (!over) {
          over = true
          partDone(message.problems)
        }
      })
      worker.on('error', (err) => {
        if (over) return
        over = true
        partDone([err.message])
      })
      worker.on('exit', (code) => {
        if (over) return
        over = true
        partDone([`The check stopped (exit code ${code})`])
      })
    }
  })
}
