import path from 'node:path'
import type { FileUpdate } from '../../database/file'
import type { MigrationProgress } from '../../database/file/migrate'
import type { MigrateReply, MigrateRequest } from '../../database/file/migrate-worker'
import { AppError } from '../../database/domain/errors'
import { startScriptWorker } from './worker-script'

/**
 * The window updates an older file in a worker thread (database/file/migrate-worker.ts), so that
 * its main thread goes on answering (a 750 MB file takes about a minute): the workspace opens the
 * file with `deferMigration`, closes it, updates it here, and opens it again.
 */

/**
 * The worker's script: database/file/migrate-worker.ts next to this source (under tsx, vitest or
 * Playwright); a bundle passes its own `migrate-worker.js` instead.
 */
export function sourceMigrateWorkerFile(): string {
  return path.resolve(__dirname, '../../database/file/migrate-worker.ts')
}

export interface MigrateInWorkerOptions {
  /** The worker's script (sourceMigrateWorkerFile by default). */
  workerFile?: string
  /** Check the file's pages first (the open left them). */
  checkPages: boolean
  /** Told each step as it starts. */
  onProgress?: (progress: MigrationProgress) => void
}

/**
 * Updates the older file at `filePath` in a worker thread, as opening it would here (updateFileAt).
 * Resolves to what was done (null when the file was already current); rejects with the AppError
 * the update met, the file left as it was.
 */
export function migrateInWorker(filePath: string, options: MigrateInWorkerOptions): Promise<FileUpdate | null> {
  return new Promise((resolve, reject) => {
    const worker = startScriptWorker(options.workerFile ?? sourceMigrateWorkerFile(), {
      workerData: { path: filePath, checkPages: options.checkPages } satisfies MigrateRequest,
    })
    let settled = false
    worker.on('message', (reply: MigrateReply) => {
      if ('progress' in reply) {
        options.onProgress?.(reply.progress)
        return
      }
      settled = true
      if (reply.ok) resolve(reply.update)
      else reject(new AppError(reply.error.code, reply.error.message, reply.error.details))
    })
    worker.on('error', (err) => {
      if (settled) return
      settled = true
      reject(new AppError('MIGRATION_FAILED', `${filePath} could not be updated: ${err.message}`, { path: filePath, problem: err.message }))
    })
    worker.on('exit', (code) => {
      if (settled) return
      settled = true
      reject(new AppError('MIGRATION_FAILED', `${filePath} could not be updated: the update stopped (exit code ${code})`, { path: filePath }))
    })
  })
}
