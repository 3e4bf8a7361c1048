import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'

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

type WorkerMessage = { progress: PageCheckProgress } | { quick: string[] } | { problems: string[] }

// The worker's code. The full check first runs the quick check (every page and record, and what no
// table owns: free pages, pages used twice), says its verdict, then goes table by table
// (`PRAGMA integrity_check(table)`: the table and its indexes) so that it can say how far it is,
// each weighed by its rows in sqlite_stat1. All in one read transaction: the verdict is of one state
// of the file.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.driver)
const problemsOf = (rows, column) => {
  const messages = rows.map((r) => r[column])
  return messages.length === 1 && messages[0] === 'ok' ? [] : messages
}
let problems
try {
  const db = new Database(workerData.path, { readonly: true, fileMustExist: true })
  try {
    db.pragma('trusted_schema = OFF')
    db.pragma('cell_size_check = ON')
    db.pragma('busy_timeout = 5000')
    if (workerData.kind === 'quick') {
      problems = problemsOf(db.pragma('quick_check'), 'quick_check')
    } else {
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all()
      let rows = new Map()
      try {
        for (const r of db.prepare('SELECT tbl, max(CAST(stat AS INTEGER)) AS n FROM sqlite_stat1 GROUP BY tbl').all()) rows.set(r.tbl, r.n)
      } catch {
        rows = new Map()
      }
      const weight = (t) => 1 + (rows.get(t) || 0)
      const sum = tables.reduce((s, t) => s + weight(t), 0)
      // The quick check reads every page, about a tenth of the full check's time.
      const total = sum + Math.ceil(sum / 10)
      db.exec('BEGIN')
      try {
        problems = problemsOf(db.pragma('quick_check'), 'quick_check')
        parentPort.postMessage({ quick: problems })
        let done = total - sum
        parentPort.postMessage({ progress: { done, total } })
        for (const t of tables) {
          const quoted = '"' + t.replace(/"/g, '""') + '"'
          problems.push(...problemsOf(db.pragma('integrity_check(' + quoted + ')'), 'integrity_check'))
          done += weight(t)
          parentPort.postMessage({ progress: { done, total } })
        }
      } finally {
        db.exec('COMMIT')
      }
      problems = [...new Set(problems)]
    }
  } finally {
    db.close()
  }
} catch (err) {
  problems = [String(err && err.message ? err.message : err)]
}
parentPort.postMessage({ problems })
`

/**
 * Checks a file's pages in a worker thread: `quick` (`PRAGMA quick_check`: every page and record
 * well formed, NOT NULL and CHECK constraints) or `full` (`PRAGMA integrity_check`, table by
 * table with progress: also every index against its table). Resolves to the problems found,
 * empty when the file is sound; an error of SQLite's (a page too damaged to read) is a problem.
 */
export function checkPages(filePath: string, kind: 'quick' | 'full', options: PageCheckOptions = {}): Promise<string[]> {
  const driver = createRequire(__filename).resolve('better-sqlite3')
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(options.signal.reason)
      return
    }
    const worker = new Worker(WORKER, { eval: true, workerData: { path: filePath, kind, driver } })
    let settled = false
    const finish = (fn: () => void) => {
      if (settled) return
      settled = true
      options.signal?.removeEventListener('abort', onAbort)
      fn()
    }
    const onAbort = () => {
      void worker.terminate()
      finish(() => reject(options.signal!.reason))
    }
    options.signal?.addEventListener('abort', onAbort)
    worker.on('message', (message: WorkerMessage) => {
      if ('progress' in message) options.onProgress?.(message.progress)
      else if ('quick' in message) options.onQuick?.(message.quick)
      else finish(() => resolve(message.problems))
    })
    worker.on('error', (err) => finish(() => resolve([err.message])))
    worker.on('exit', (code) => finish(() => resolve([`The check stopped (exit code ${code})`])))
  })
}
