import { createRequire } from 'node:module'
import { Worker, type WorkerOptions } from 'node:worker_threads'

/**
 * Starts a worker thread on a script: a bundle's JavaScript as it is, a TypeScript source (under
 * tsx, vitest or Playwright) through tsx, as the command line is loaded.
 */
export function startScriptWorker(file: string, options: WorkerOptions = {}): Worker {
  if (!file.endsWith('.ts')) return new Worker(file, options)
  const tsx = createRequire(__filename).resolve('tsx/cjs/api')
  return new Worker(`require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(file)})`, { ...options, eval: true })
}
