import { defineConfig } from 'vitest/config'

/**
 * The slow tier (`npm run test:slow`): the crash kills, merge at bench scale, every demo document
 * through the command line, the command line as separate processes, the render worker's limits
 * and the IPC fuzz. `npm test` runs it after the unit tier; each test
 * sets a time limit that holds on a busy machine.
 */
export default defineConfig({
  test: {
    include: ['tests/slow/**/*.test.ts'],
    environment: 'node',
    // One temp folder for the run, removed at its end (the template files of each worker).
    globalSetup: ['tests/temp-root.ts'],
    testTimeout: 300_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // One file at a time: each is heavy (processes, PDFs, 3,000-project files), and a time measured
    // in one should not be the others' load.
    fileParallelism: false,
  },
})
