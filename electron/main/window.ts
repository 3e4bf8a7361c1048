import { BrowserWindow, dialog, type WebPreferences } from 'electron'
import type { MainMessages } from './messages'
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
export function createMainWindow(location: RendererLocation, messages: () => MainMessages): BrowserWindow {
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
  guardUnsavedChanges(win, messages)
  const loading = location.devUrl ? win.loadURL(location.devUrl) : win.loadFile(location.rendererFile)
  loading.catch((err: unknown) => console.error('[amif] cannot load the renderer', err))
  return win
}

/**
 * The renderer refuses `beforeunload` while a form has unsaved changes; Electron then silently
 * keeps the window open. Ask the officer instead, in the UI language: leave (discard) or stay.
 */
export function guardUnsavedChanges(win: BrowserWindow, messages: () => MainMessages): void {
  win.webContents.on('will-prevent-unload', (event) => {
    const t = messages()
    const choice = dialog.showMessageBoxSync(win, {
      type: 'question',
      buttons: [t.leave, t.stay],
      defaultId: 1,
      cancelId: 1,
      message: t.unsavedMessage,
      detail: t.unsavedDetail,
    })
    // preventDefault() here overrides the page's refusal: the window closes or reloads.
    if (choice === 0) event.preventDefault()
  })
}
