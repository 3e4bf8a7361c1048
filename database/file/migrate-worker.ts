import { parentPort, workerData } from 'node:worker_threads'
import { toErrorPayload, type ApiErrorPayload } from '../domain/errors'
import { updateFileAt, type FileUpdate } from './index'
import type { MigrationProgress } from './migrate'

/**
 * The migration worker: a worker thread that updates one older file (database/file/index.ts,
 * updateFileAt), so that the window's main thread goes on answering while a large file is
 * copied, migrated and compacted (electron/api/migrate-runner.ts starts it). It says each step
 * as it starts, then how it ended, and exits.
 */

/** What the worker is given. */
export interface MigrateRequest {
  path: string
  /** Check the pages first: the open left them (a large file, see OpenOptions.deferMigration). */
  checkPages: boolean
}

/** What the worker says: each step, then the update or the error, once. */
export type MigrateReply = { progress: MigrationProgress } | { ok: true; update: FileUpdate | null } | { ok: false; error: ApiErrorPayload }

if (!parentPort) throw new Error('database/file/migrate-worker.ts runs in a worker thread')
const port = parentPort
const request = workerData as MigrateRequest

try {
  const update = updateFileAt(request.path, { checkPages: request.checkPages, onProgress: (progress) => port.postMessage({ progress } satisfies MigrateReply) })
  port.postMessage({ ok: true, update } satisfies MigrateReply)
} catch (err) {
  port.postMessage({ ok: false, error: toErrorPayload(err) } satisfies MigrateReply)
}
