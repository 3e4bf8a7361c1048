import { defineConfig } from '@playwright/test'

// The built renderer (out/renderer) runs in Chromium; tests/e2e/harness.ts binds window.amif to the
// real handlers. The browser is chosen in harness.ts (system Chromium when there is one).
export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  fullyParallel: false,
  workers: 1,
  // Generous: a loaded CI machine runs the built renderer and the real handlers in one process.
  timeout: 120_000,
  expect: { timeout: 10_000 },
  retries: 0,
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    viewport: { width: 1280, height: 800 },
    trace: 'retain-on-failure',
  },
})
