/**
 * A stand-in for the 'electron' module in main-process unit tests (the Electron binary is not
 * available where tests run). Use with `vi.mock('electron', () => import('./fake-electron'))`;
 * every test file gets its own copy, so state here does not leak between files.
 */
import { EventEmitter } from 'node:events'
import os from 'node:os'
import { vi } from 'vitest'

export class FakeFrame {
  constructor(
    public url: string,
    public parent: FakeFrame | null = null,
  ) {}
}

type OpenHandler = (details: { url: string }) => { action: 'allow' | 'deny' }

export class FakeWebContents extends EventEmitter {
  mainFrame: FakeFrame
  openHandler: OpenHandler | null = null
  setWindowOpenHandler = vi.fn((handler: OpenHandler) => {
    this.openHandler = handler
  })
  reload = vi.fn()
  /** Main to page messages (the menu's commands), as sent. */
  send = vi.fn()
  /** Whether the page is still loading: set `loading` to make it so. */
  loading = false
  isLoading = vi.fn(() => this.loading)

  constructor(url = '') {
    super()
    this.mainFrame = new FakeFrame(url)
  }

  /** Emits a navigation event the way Electron does; true when the listener prevented it. */
  navigate(event: 'will-navigate' | 'will-redirect' | 'will-attach-webview', url: string): boolean {
    let prevented = false
    this.emit(event, { preventDefault: () => (prevented = true) }, url)
    return prevented
  }
}

export class BrowserWindow extends EventEmitter {
  static instances: BrowserWindow[] = []
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  options: any
  webContents = new FakeWebContents()
  loadURL = vi.fn(async (url: string) => {
    this.webContents.mainFrame.url = url
  })
  loadFile = vi.fn(async (file: string) => {
    this.webContents.mainFrame.url = `file://${file}`
  })
  show = vi.fn()
  focus = vi.fn()
  restore = vi.fn()
  isMinimized = vi.fn(() => false)
  isDestroyed = vi.fn(() => false)

  constructor(options: unknown) {
    super()
    this.options = options
    BrowserWindow.instances.push(this)
  }
}

/** Folders app.getPath() returns; tests point them at temp folders. */
export const fakePaths: Record<string, string> = {
  userData: os.tmpdir(),
  documents: os.tmpdir(),
}

export const app = Object.assign(new EventEmitter(), {
  isPackaged: true,
  dock: undefined as { hide: () => void } | undefined,
  exit: vi.fn(),
  quit: vi.fn(),
  requestSingleInstanceLock: vi.fn(() => true),
  setAppUserModelId: vi.fn(),
  getPath: vi.fn((name: string) => fakePaths[name] ?? os.tmpdir()),
  getVersion: vi.fn(() => '0.1.0-test'),
  whenReady: vi.fn(() => Promise.resolve()),
})

export const shell = {
  openExternal: vi.fn(async (_url: string) => undefined),
  showItemInFolder: vi.fn(),
  openPath: vi.fn(async (_path: string) => ''),
}

export const ipcMain = {
  handle: vi.fn(),
  removeHandler: vi.fn(),
}

export const dialog = {
  showSaveDialog: vi.fn(async () => ({ canceled: true, filePath: '' })),
  showOpenDialog: vi.fn(async () => ({ canceled: true, filePaths: [] as string[] })),
  showMessageBox: vi.fn(async () => ({ response: 0, checkboxChecked: false })),
  showMessageBoxSync: vi.fn((_win: unknown, _options: unknown) => 1),
}

export const Menu = {
  buildFromTemplate: vi.fn((template: unknown) => ({ template })),
  setApplicationMenu: vi.fn(),
}

type PermissionRequest = (contents: unknown, permission: string, callback: (granted: boolean) => void) => void
type HeadersListener = (
  details: { url: string; responseHeaders?: Record<string, string[]> },
  callback: (response: { responseHeaders?: Record<string, string[]> }) => void,
) => void

export function fakeSession() {
  const s = {
    permissionRequest: null as PermissionRequest | null,
    permissionCheck: null as ((...args: unknown[]) => boolean) | null,
    devicePermission: null as ((...args: unknown[]) => boolean) | null,
    headersListener: null as HeadersListener | null,
    setPermissionRequestHandler: vi.fn((h: PermissionRequest) => {
      s.permissionRequest = h
    }),
    setPermissionCheckHandler: vi.fn((h: (...args: unknown[]) => boolean) => {
      s.permissionCheck = h
    }),
    setDevicePermissionHandler: vi.fn((h: (...args: unknown[]) => boolean) => {
      s.devicePermission = h
    }),
    webRequest: {
      onHeadersReceived: vi.fn((h: HeadersListener) => {
        s.headersListener = h
      }),
    },
  }
  return s
}

export const session = { defaultSession: fakeSession() }

/** A utility process: what main posts is recorded; a test answers by emitting 'message' or 'exit'. */
export class FakeUtilityProcess extends EventEmitter {
  static instances: FakeUtilityProcess[] = []
  posted: unknown[] = []
  killed = false
  postMessage = vi.fn((message: unknown) => {
    this.posted.push(message)
  })
  kill = vi.fn(() => {
    this.killed = true
    return true
  })

  constructor(
    public modulePath: string,
    public args: string[],
    public options: unknown,
  ) {
    super()
    FakeUtilityProcess.instances.push(this)
  }
}

export const utilityProcess = {
  fork: vi.fn((modulePath: string, args: string[] = [], options: unknown = {}) => new FakeUtilityProcess(modulePath, args, options)),
}

export default { app, BrowserWindow, shell, ipcMain, dialog, Menu, session, utilityProcess }
