import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import * as electron from './fake-electron'
import { isAppUrl, rendererLocation } from '../../../electron/main/paths'
import { MAIN_MESSAGES } from '../../../electron/main/messages'
import { createMainWindow, MIN_HEIGHT, MIN_WIDTH } from '../../../electron/main/window'

vi.mock('electron', () => import('./fake-electron'))

const mainDir = path.resolve('/opt/amif/out/main')
const built = rendererLocation(mainDir, true, { ELECTRON_RENDERER_URL: 'http://evil.example:5173' })
const dev = rendererLocation(mainDir, false, { ELECTRON_RENDERER_URL: 'http://localhost:5173' })

const messages = () => MAIN_MESSAGES.nl

beforeEach(() => {
  electron.BrowserWindow.instances.length = 0
  vi.clearAllMocks()
})

describe('the application window', () => {
  it('is isolated, sandboxed, without Node, with web security and the built preload', () => {
    createMainWindow(built, messages)
    const [win] = electron.BrowserWindow.instances
    expect(win.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      preload: path.resolve('/opt/amif/out/preload/index.js'),
    })
    expect(win.options.minWidth).toBe(MIN_WIDTH)
    expect(win.options.minHeight).toBe(MIN_HEIGHT)
    expect(MIN_WIDTH).toBeGreaterThanOrEqual(1024)
    expect(win.options.title).toBe('AMIF Desk')
  })

  it('waits for its first paint before showing', () => {
    createMainWindow(built, messages)
    const [win] = electron.BrowserWindow.instances
    expect(win.options.show).toBe(false)
    expect(win.show).not.toHaveBeenCalled()
    win.emit('ready-to-show')
    expect(win.show).toHaveBeenCalledOnce()
  })

  it('loads the built renderer in a packaged app, ignoring ELECTRON_RENDERER_URL', () => {
    expect(built.devUrl).toBeNull()
    createMainWindow(built, messages)
    const [win] = electron.BrowserWindow.instances
    expect(win.loadFile).toHaveBeenCalledWith(path.resolve('/opt/amif/out/renderer/index.html'))
    expect(win.loadURL).not.toHaveBeenCalled()
  })

  it('loads the development server under electron-vite dev', () => {
    createMainWindow(dev, messages)
    const [win] = electron.BrowserWindow.instances
    expect(win.loadURL).toHaveBeenCalledWith('http://localhost:5173')
    expect(win.loadFile).not.toHaveBeenCalled()
  })
})

describe('the app page', () => {
  const page = pathToFileURL(built.rendererFile).href

  it('is the built index.html, with any route', () => {
    expect(isAppUrl(page, built)).toBe(true)
    expect(isAppUrl(`${page}#/partners/123`, built)).toBe(true)
  })

  it('is nothing else', () => {
    expect(isAppUrl(pathToFileURL(path.resolve('/opt/amif/out/renderer/other.html')).href, built)).toBe(false)
    expect(isAppUrl('file:///etc/passwd', built)).toBe(false)
    expect(isAppUrl('https://example.org/index.html', built)).toBe(false)
    expect(isAppUrl('about:blank', built)).toBe(false)
    expect(isAppUrl('', built)).toBe(false)
  })

  it('is the development server origin in development only', () => {
    expect(isAppUrl('http://localhost:5173/#/partners', dev)).toBe(true)
    expect(isAppUrl('http://localhost:5174/', dev)).toBe(false)
    expect(isAppUrl('http://localhost:5173/', built)).toBe(false)
  })
})

describe('closing with unsaved changes', () => {
  /** Emits what Electron emits when the page refused beforeunload; true when the close goes on. */
  function pageRefusesUnload(win: electron.BrowserWindow): boolean {
    let overridden = false
    win.webContents.emit('will-prevent-unload', { preventDefault: () => (overridden = true) })
    return overridden
  }

  it('asks the officer in the UI language and stays when they choose to stay', () => {
    createMainWindow(built, messages)
    const [win] = electron.BrowserWindow.instances
    electron.dialog.showMessageBoxSync.mockReturnValueOnce(1)
    expect(pageRefusesUnload(win)).toBe(false)
    expect(electron.dialog.showMessageBoxSync).toHaveBeenCalledWith(
      win,
      expect.objectContaining({ message: 'Er zijn niet-opgeslagen wijzigingen.', buttons: ['Afsluiten zonder opslaan', 'Blijven'], cancelId: 1 }),
    )
  })

  it('closes anyway when they choose to leave', () => {
    createMainWindow(built, messages)
    const [win] = electron.BrowserWindow.instances
    electron.dialog.showMessageBoxSync.mockReturnValueOnce(0)
    expect(pageRefusesUnload(win)).toBe(true)
  })
})
