import { readFileSync, readdirSync } from 'node:fs'
import { resolve } from 'node:path'
import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'electron-vite'
import type { Plugin } from 'vite'

/**
 * The development server injects the CSS it serves as `<style>` elements, which the page's own
 * CSP (no inline styles) refuses: only there, the page's policy lets them in. A build keeps it strict.
 */
const devServerStyles: Plugin = {
  name: 'amif-dev-server-styles',
  apply: 'serve',
  transformIndexHtml: (html) => html.replace("style-src 'self';", "style-src 'self' 'unsafe-inline';"),
}

/**
 * The documents' own font files (templates/fonts: Ubuntu for the funding statement, with its licence)
 * copied beside the main bundle as out/main/fonts, where templates/fonts.ts looks for them.
 */
function documentFonts(): Plugin {
  const dir = resolve(__dirname, 'templates/fonts')
  return {
    name: 'amif-document-fonts',
    generateBundle() {
      for (const file of readdirSync(dir)) this.emitFile({ type: 'asset', fileName: `fonts/${file}`, source: readFileSync(resolve(dir, file)) })
    },
  }
}

/**
 * The window's import aliases (also in tsconfig.web.json `paths` and vitest.config.ts): `@/` for
 * renderer/src, `@domain/` for the pure core it uses at run time, `~/` for the project root (the
 * types it takes from database/, electron/api and templates/), instead of climbing `../../../`.
 */
export const rendererAliases = {
  '@': resolve(__dirname, 'renderer/src'),
  '@domain': resolve(__dirname, 'database/domain'),
  '~': resolve(__dirname),
}

// Sources live in electron/ and renderer/ (the design's layout), not electron-vite's default src/.
export default defineConfig({
  main: {
    plugins: [documentFonts()],
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'electron/main/index.ts'),
          // Documents render outside main: a utility process (app.ts) and the worker thread it,
          // or the headless command line, renders in. Each is a file of its own beside index.js.
          'render-process': resolve(__dirname, 'electron/main/render-process.ts'),
          'render-worker': resolve(__dirname, 'templates/render-worker.ts'),
          // An older file is updated in a worker thread (electron/api/migrate-runner.ts).
          'migrate-worker': resolve(__dirname, 'database/file/migrate-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: { input: { index: resolve(__dirname, 'electron/preload/index.ts') } },
    },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    base: './',
    plugins: [vue(), devServerStyles],
    resolve: { alias: rendererAliases },
    // vue-i18n's compile-time flags: Composition API only, no devtools hooks in production.
    define: {
      __VUE_I18N_FULL_INSTALL__: true,
      __VUE_I18N_LEGACY_API__: false,
      __INTLIFY_PROD_DEVTOOLS__: false,
    },
    build: {
      minify: true,
      // Loaded from disk, not a network: one 1.3 MB bundle is fine for a desktop window.
      chunkSizeWarningLimit: 1600,
      outDir: resolve(__dirname, 'out/renderer'),
      rollupOptions: { input: { index: resolve(__dirname, 'renderer/index.html') } },
    },
  },
})
