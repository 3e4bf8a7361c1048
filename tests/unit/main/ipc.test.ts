import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { BrowserWindow, IpcMainInvokeEvent } from 'electron'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { noDialogs } from '../../../electron/api/dialogs'
import { JsonSettingsStore } from '../../../electron/api/settings'
import { Workspace } from '../../../electron/api/workspace'
import { handleInvoke, registerIpc, REFUSED_SENDER, type IpcOptions } from '../../../electron/main/ipc'
import { rendererLocation } from '../../../electron/main/paths'
import { IPC_INVOKE } from '../../../electron/preload/bridge'
import * as electron from './fake-electron'

vi.mock('electron', () => import('./fake-electron'))

let dir: string
let workspace: Workspace
let win: electron.BrowserWindow
let options: IpcOptions
const location = rendererLocation(path.resolve('/opt/amif/out/main'), true, {})
const appPage = `${pathToFileURL(location.rendererFile).href}#/partners`

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amif-ipc-'))
  workspace = new Workspace({
    settings: new JsonSettingsStore(path.join(dir, 'settings.json')),
    dialogs: noDialogs,
    documentsDir: dir,
    appVersion: '0.1.0-test',
  })
  win = new electron.BrowserWindow({})
  win.webContents.mainFrame.url = appPage
  options = { workspace, location, mainWindow: () => win as unknown as BrowserWindow }
})

afterEach(async () => {
  await workspace.close()
  fs.rmSync(dir, { recursive: true, force: true })
  vi.restoreAllMocks()
})

/** An invoke event as Electron builds it: the sending web contents and frame. */
function eventFrom(contents: electron.FakeWebContents, frame: electron.FakeFrame | null = contents.mainFrame) {
  return { sender: contents, senderFrame: frame, frameId: 1, processId: 1, type: 'frame' } as unknown as IpcMainInvokeEvent
}

describe('the IPC handler', () => {
  it('routes a call from the app window to the API', async () => {
    const result = await handleInvoke(options, eventFrom(win.webContents), 'app.state', {})
    expect(result).toMatchObject({ ok: true, data: { appVersion: '0.1.0-test', language: 'fr', officer: null, file: null } })
  })

  it('passes API errors through unchanged', async () => {
    expect(await handleInvoke(options, eventFrom(win.webContents), 'no.such.channel', {})).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_CHANNEL' },
    })
    expect(await handleInvoke(options, eventFrom(win.webContents), 'app.setLanguage', { language: 'de' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    })
  })

  it('refuses another web contents', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    const other = new electron.FakeWebContents(appPage)
    expect(await handleInvoke(options, eventFrom(other), 'app.state', {})).toEqual(REFUSED_SENDER)
    expect(warn).toHaveBeenCalled()
  })

  it('refuses a subframe of the app window', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    const child = new electron.FakeFrame(appPage, win.webContents.mainFrame)
    expect(await handleInvoke(options, eventFrom(win.webContents, child), 'app.state', {})).toEqual(REFUSED_SENDER)
  })

  it('refuses the app window showing another page, or a frame that is gone', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    win.webContents.mainFrame.url = 'https://example.org/'
    expect(await handleInvoke(options, eventFrom(win.webContents), 'app.state', {})).toEqual(REFUSED_SENDER)
    win.webContents.mainFrame.url = appPage
    expect(await handleInvoke(options, eventFrom(win.webContents, null), 'app.state', {})).toEqual(REFUSED_SENDER)
  })

  it('refuses everything once the window is gone', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    const refused = await handleInvoke({ ...options, mainWindow: () => null }, eventFrom(win.webContents), 'app.state', {})
    expect(refused).toEqual(REFUSED_SENDER)
  })

  it('never changes settings for a refused sender', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    const other = new electron.FakeWebContents(appPage)
    await handleInvoke(options, eventFrom(other), 'app.setLanguage', { language: 'en' })
    expect(workspace.settings().language).toBe('fr')
    await handleInvoke(options, eventFrom(win.webContents), 'app.setLanguage', { language: 'en' })
    expect(workspace.settings().language).toBe('en')
  })

  it('tells main what ran, and logs unexpected failures', async () => {
    const afterInvoke = vi.fn()
    await handleInvoke({ ...options, afterInvoke }, eventFrom(win.webContents), 'app.setLanguage', { language: 'nl' })
    expect(afterInvoke).toHaveBeenCalledWith('app.setLanguage', { ok: true, data: 'nl' })

    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    vi.spyOn(workspace, 'settings').mockImplementation(() => {
      throw new Error('disk on fire')
    })
    const result = await handleInvoke(options, eventFrom(win.webContents), 'app.state', {})
    expect(result).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'disk on fire' } })
    expect(error).toHaveBeenCalled()
  })

  it('is registered on the bridge channel', async () => {
    registerIpc(options)
    expect(electron.ipcMain.handle).toHaveBeenCalledWith(IPC_INVOKE, expect.any(Function))
    const listener = electron.ipcMain.handle.mock.calls[0][1] as (...args: unknown[]) => Promise<unknown>
    expect(await listener(eventFrom(win.webContents), 'app.state', undefined)).toMatchObject({ ok: true })
  })
})
