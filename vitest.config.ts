import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vitest/config'
import { rendererAliases } from './electron.vite.config'

/**
 * The unit tier (`npm run test:unit`): tests/unit, under 90 s on a two-core machine.
 * - Two workers: vitest's default is one fewer than the cores, one on two cores.
 * - The files of a worker share its modules (`isolate: false`): the API, pdfmake, exceljs and zod
 *   load once per worker instead of once per file (a second of CPU each), and so do the migrated
 *   files makeAmifFile copies. Tests restore what they change (timers, spies, environment).
 * - The main-process tests mock 'electron' and the command line, so they keep a module graph of
 *   their own per file.
 */
export default defineConfig({
  // The window's components and aliases, for the component tests (tests/unit/renderer, in happy-dom).
  plugins: [vue()],
  resolve: { alias: rendererAliases },
  test: {
    environment: 'node',
    testTimeout: 20000,
    pool: 'forks',
    maxWorkers: 2,
    // One temp folder for the run, removed at its end (the template files of each worker).
    globalSetup: ['tests/temp-root.ts'],
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], exclude: ['tests/unit/main/**'], isolate: false },
      },
      {
        extends: true,
        test: { name: 'main', include: ['tests/unit/main/**/*.test.ts'] },
      },
    ],
  },
})
