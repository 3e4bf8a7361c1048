import { BrowserWindow, type WebPreferences } from 'electron'
import type { RendererLocation } from './paths'

export const MIN_WIDTH = 1024
export const MIN_HEIGHT = 700

/** The renderer's settings: isolated, sandboxed, no Node, same-origin rules kept. */
export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  }
}

/**
 * Creates the one application window and loads the renderer: the development server's URL under
 * `electron-vite dev`, the built `out/renderer/index.html` otherwise. The window is shown once
 * its first paint is ready; its title follows the page's `document.title` (the open file's name),
 * which is Electron's default behaviour for `page-title-updated`.
 */
export function createMainWindow(location: RendererLocation): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: MIN_WIDTH,
    minHeight: MIN_HEIGHT,
    show: false,
    title: 'AMIF Desk',
    backgroundColor: '#ffffff',
    autoHideMenuBar: false,
    webPreferences: secureWebPreferences(location.preloadPath),
  })
  win.once('ready-to-show', () => win.show())
  const loading = location.devUrl ? win.loadURL(location.devUrl) : win.loadFile(location.rendererFile)
  loading.catch((err: unknown) => console.error('[amif] cannot load the renderer', err))
  return win
}
