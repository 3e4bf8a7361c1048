import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vitest/config'
import { rendererAliases } from './electron.vite.config'

export default defineConfig({
  // The window's components and aliases, for the component tests (tests/unit/renderer, in happy-dom).
  plugins: [vue()],
  resolve: { alias: rendererAliases },
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20000,
    pool: 'forks',
  },
})
