import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { TestProject } from 'vitest/node'

declare module 'vitest' {
  export interface ProvidedContext {
    /** A folder under the system temp folder for what the tests keep across files (the template files), removed after the run. */
    tempRoot: string
  }
}

/**
 * Vitest's global setup (vitest.config.ts, vitest.slow.config.ts): one temp folder per run, handed
 * to the workers, removed when the run ends. A worker's own exit handlers are not run by vitest,
 * so what a worker keeps for all its files is put here rather than cleaned up by the worker.
 */
export default function setup(project: TestProject): () => void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amif-tests-'))
  project.provide('tempRoot', dir)
  return () => fs.rmSync(dir, { recursive: true, force: true })
}
