import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { chromium, type Browser, type LaunchOptions, type Page } from '@playwright/test'
import type { DialogService, OpenDialogRequest, SaveDialogRequest } from '../../electron/api/dialogs'
import { invoke } from '../../electron/api'
import { JsonSettingsStore, type Settings, type UiLanguage } from '../../electron/api/settings'
import { Workspace } from '../../electron/api/workspace'
import type { MenuCommand } from '../../electron/preload/bridge'

const RENDERER_DIR = path.resolve(__dirname, '../../out/renderer')
/** The page's origin: requests to it are answered from out/renderer, nothing touches the network. */
const ORIGIN = 'http://amif-desk.test'
/** Where screenshots go (ignored by git; CI keeps them as artifacts). */
export const ARTIFACTS_DIR = path.resolve(__dirname, '../artifacts')

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.json': 'application/json',
}

/** The Chromium to drive: $AMIF_CHROMIUM, else Debian's /usr/bin/chromium, else Playwright's own browser. */
export function chromiumLaunchOptions(): LaunchOptions {
  const candidates = [process.env.AMIF_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((p): p is string => Boolean(p))
  const executablePath = candidates.find((p) => fs.existsSync(p))
  return {
    executablePath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--lang=fr-BE',
    ],
  }
}

/** A dialog service that answers like an officer who picks a file in `exportDir`, or cancels. */
export class TestDialogs implements DialogService {
  /** Requests seen, for assertions. */
  readonly saveRequests: SaveDialogRequest[] = []
  /** Queue of answers for the next save dialogs: a path, or null to cancel. Empty: `exportDir/defaultName`. */
  readonly nextSave: (string | null)[] = []
  readonly nextOpen: (string | null)[] = []
  readonly revealed: string[] = []

  constructor(readonly exportDir: string) {}

  async saveFile(request: SaveDialogRequest): Promise<string | null> {
    this.saveRequests.push(request)
    if (this.nextSave.length > 0) return this.nextSave.shift() ?? null
    return path.join(this.exportDir, request.defaultName)
  }

  async openFile(_request: OpenDialogRequest): Promise<string | null> {
    return this.nextOpen.shift() ?? null
  }

  async revealFile(filePath: string): Promise<void> {
    this.revealed.push(filePath)
  }

  readonly opened: string[] = []

  async openWithSystem(filePath: string): Promise<void> {
    this.opened.push(filePath)
  }
}

export interface AppLaunchOptions {
  /** A `.amif` file to open as the last file (it is created with the officer's data by the test). */
  filePath?: string
  /** The officer already known to the app; null (the default) means a first start. */
  officer?: { name: string; email: string | null } | null
  language?: UiLanguage
  /** The officer's documents folder; a fresh temp folder by default. */
  documentsDir?: string
  /** An already running browser to open the page in; one is launched otherwise. */
  browser?: Browser
  /** Runs the page as on macOS (its user agent and `navigator.platform`), where Cmd drives the shortcuts. */
  mac?: boolean
  /** As the window's main does: large files checked, older files updated, in worker threads (WorkspaceOptions.checkInBackground). */
  checkInBackground?: boolean
}

/** Chromium's user agent on macOS, as Electron's window reports it there. */
const MAC_USER_AGENT = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36'

export interface LaunchedApp {
  page: Page
  workspace: Workspace
  dialogs: TestDialogs
  /** The temp folder holding settings, documents and exports. */
  dir: string
  exportDir: string
  /** Uncaught page errors and console errors seen so far. */
  errors: string[]
  /** A file the system hands over while the window is up (a second instance, macOS `open-file`): main asks the page to open it. */
  systemOpens(filePath: string): Promise<void>
  /** Saves a full-page screenshot to tests/artifacts/<name>.png and returns its path. */
  screenshot(name: string): Promise<string>
  close(): Promise<void>
}

/**
 * Starts the built renderer in Chromium with `window.amif.invoke` bound to the real handlers on a
 * Workspace in a temp folder (or on `filePath`), and returns the page once the app has loaded.
 */
export async function launchApp(options: AppLaunchOptions = {}): Promise<LaunchedApp> {
  if (!fs.existsSync(path.join(RENDERER_DIR, 'index.html'))) {
    throw new Error('out/renderer/index.html is missing: run `npm run build` before the end-to-end tests')
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amif-e2e-'))
  const documentsDir = options.documentsDir ?? path.join(dir, 'Documents')
  const exportDir = path.join(dir, 'exports')
  fs.mkdirSync(documentsDir, { recursive: true })
  fs.mkdirSync(exportDir, { recursive: true })

  const settings = new JsonSettingsStore(path.join(dir, 'settings', 'settings.json'))
  const initial: Settings = {
    officer: options.officer ?? null,
    language: options.language ?? 'fr',
    lastFile: options.filePath ? path.resolve(options.filePath) : null,
    recentFiles: options.filePath ? [path.resolve(options.filePath)] : [],
    seenHandovers: [],
  }
  settings.write(initial)
  const dialogs = new TestDialogs(exportDir)
  const workspace = new Workspace({ settings, dialogs, documentsDir, appVersion: '0.0.0-e2e', checkInBackground: options.checkInBackground })

  const ownBrowser = options.browser ? null : await chromium.launch(chromiumLaunchOptions())
  const browser = options.browser ?? ownBrowser!
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    locale: 'fr-BE',
    ...(options.mac ? { userAgent: MAC_USER_AGENT } : {}),
  })
  const page = await context.newPage()
  if (options.mac) {
    // The user agent alone leaves navigator.platform and userAgentData saying Linux.
    await page.addInitScript(() => {
      Object.defineProperty(Navigator.prototype, 'platform', { get: () => 'MacIntel', configurable: true })
      Object.defineProperty(Navigator.prototype, 'userAgentData', { get: () => ({ platform: 'macOS', mobile: false, brands: [] }), configurable: true })
    })
  }
  const errors: string[] = []
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`))
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()}`)
  })

  // Serve out/renderer at ORIGIN; refuse everything else, as the app's CSP would.
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url())
    if (url.origin !== ORIGIN) return route.abort('blockedbyclient')
    const relative = decodeURIComponent(url.pathname).replace(/^\/+/, '') || 'index.html'
    const file = path.resolve(RENDERER_DIR, relative)
    if (!file.startsWith(RENDERER_DIR) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      return route.fulfill({ status: 404, body: 'not found' })
    }
    return route.fulfill({
      status: 200,
      path: file,
      headers: { 'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream' },
    })
  })

  // The preload's bridge, with the same shape: invoke(channel, input) -> ApiResult.
  await page.exposeBinding('__amifInvoke', (_source, channel: unknown, input: unknown) => invoke(workspace, channel, input))
  // And its menu: main's commands reach the listener the page registers (see `systemOpens`).
  await page.addInitScript(() => {
    const w = globalThis as unknown as { amif: unknown; __amifInvoke: (c: string, i: unknown) => Promise<unknown>; __amifMenu: (c: unknown) => void }
    let menuListener: ((command: unknown) => void) | null = null
    w.__amifMenu = (command: unknown) => menuListener?.(command)
    w.amif = Object.freeze({
      invoke: (channel: string, input?: unknown) => w.__amifInvoke(channel, input ?? {}),
      onMenuCommand: (listener: (command: unknown) => void) => {
        menuListener = listener
      },
    })
  })

  await page.goto(`${ORIGIN}/index.html`)

  return {
    page,
    workspace,
    dialogs,
    dir,
    exportDir,
    errors,
    async systemOpens(filePath: string) {
      // What main does with a file the system hands over while the window is up (electron/main/app.ts).
      workspace.rememberPicked(filePath)
      await page.evaluate((command) => (globalThis as unknown as { __amifMenu: (c: unknown) => void }).__amifMenu(command), {
        action: 'openRecent',
        path: filePath,
      } satisfies MenuCommand)
    },
    async screenshot(name: string) {
      fs.mkdirSync(ARTIFACTS_DIR, { recursive: true })
      const file = path.join(ARTIFACTS_DIR, `${name}.png`)
      await page.screenshot({ path: file, fullPage: true })
      return file
    },
    async close() {
      await context.close()
      if (ownBrowser) await ownBrowser.close()
      await workspace.close()
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}
