import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import * as electron from './fake-electron'

vi.mock('electron', () => import('./fake-electron'))
const cli = vi.hoisted(() => ({ runCli: vi.fn(async (_argv: string[], _io: unknown) => 0) }))
vi.mock('../../../electron/cli/cli', () => cli)

const { fileArgument, headlessArgs, startApp } = await import('../../../electron/main/app')
const { IPC_INVOKE, IPC_MENU } = await import('../../../electron/preload/bridge')
const { createAmifFile } = await import('../../../database/file')

/** A stand-in for stream.write that still calls the flush callback. */
function writeAndCallBack(_chunk: unknown, ...rest: unknown[]): boolean {
  const callback = rest.find((r) => typeof r === 'function') as (() => void) | undefined
  callback?.()
  return true
}

const exe = 'C:\\Program Files\\AMIF Desk\\AMIF Desk.exe'
let dir: string

/** Starts the app until its one window is up: the window, and a call to main's IPC handler as that window makes it. */
async function startWindow(argv: string[], appDir: string) {
  await startApp(argv, appDir)
  await vi.waitFor(() => expect(electron.BrowserWindow.instances).toHaveLength(1))
  const [win] = electron.BrowserWindow.instances
  const listener = electron.ipcMain.handle.mock.calls[0][1] as (...args: unknown[]) => Promise<unknown>
  const call = (channel: string, input: unknown) => listener({ sender: win.webContents, senderFrame: win.webContents.mainFrame }, channel, input)
  return { win, call }
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amif-main-'))
  electron.fakePaths.userData = path.join(dir, 'userData')
  electron.fakePaths.documents = path.join(dir, 'Documents')
  electron.app.removeAllListeners()
  electron.BrowserWindow.instances.length = 0
  vi.clearAllMocks()
})

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true })
})

describe('arguments', () => {
  it('finds the command after --headless', () => {
    expect(headlessArgs([exe, '--headless', 'check', 'x.amif'])).toEqual(['check', 'x.amif'])
    expect(headlessArgs(['electron', '.', '--headless', 'partners', 'x.amif', '--json'])).toEqual(['partners', 'x.amif', '--json'])
    expect(headlessArgs([exe])).toBeNull()
  })

  it('finds a .amif file the system asked to open', () => {
    expect(fileArgument([exe, 'D:\\Partage\\Fedasil 2025.AMIF'])).toBe('D:\\Partage\\Fedasil 2025.AMIF')
    expect(fileArgument([exe, '--allow-file-access', 'notes.txt'])).toBeNull()
    expect(fileArgument(['x.amif'])).toBeNull()
  })
})

describe('--headless', () => {
  it('runs the command line and exits with its code, without a window or a lock', async () => {
    cli.runCli.mockResolvedValueOnce(2)
    await startApp([exe, '--headless', 'check', 'C:\\files\\broken.amif'], dir)
    expect(cli.runCli).toHaveBeenCalledWith(['check', 'C:\\files\\broken.amif'], expect.anything(), {
      appVersion: '0.1.0-test',
      renderer: expect.objectContaining({ file: path.join(dir, 'render-worker.js') }),
    })
    expect(electron.app.exit).toHaveBeenCalledWith(2)
    expect(electron.app.requestSingleInstanceLock).not.toHaveBeenCalled()
    expect(electron.app.whenReady).not.toHaveBeenCalled()
    expect(electron.BrowserWindow.instances).toHaveLength(0)
    expect(electron.ipcMain.handle).not.toHaveBeenCalled()
  })

  it('passes the output through to stdout and stderr', async () => {
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(writeAndCallBack)
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
    cli.runCli.mockImplementationOnce(async (_argv, io) => {
      const { stdout, stderr } = io as { stdout: (s: string) => void; stderr: (s: string) => void }
      stdout('{"ok":true}\n')
      stderr('warning\n')
      return 0
    })
    await startApp([exe, '--headless', 'check', 'a.amif'], dir)
    expect(out).toHaveBeenCalledWith('{"ok":true}\n')
    expect(err).toHaveBeenCalledWith('warning\n')
    expect(electron.app.exit).toHaveBeenCalledWith(0)
    out.mockRestore()
    err.mockRestore()
  })

  it('exits 1 with a JSON error, not a stack trace, when the command line throws', async () => {
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
    cli.runCli.mockRejectedValueOnce(new Error('boom'))
    await startApp([exe, '--headless', 'check', 'a.amif'], dir)
    expect(electron.app.exit).toHaveBeenCalledWith(1)
    const printed = String(err.mock.calls[0][0])
    expect(JSON.parse(printed)).toEqual({ ok: false, code: 'INTERNAL', message: 'boom' })
    err.mockRestore()
  })
})

describe('the windowed app', () => {
  it('quits at once when another instance holds the lock', async () => {
    electron.app.requestSingleInstanceLock.mockReturnValueOnce(false)
    await startApp([exe], dir)
    expect(electron.app.quit).toHaveBeenCalled()
    expect(electron.ipcMain.handle).not.toHaveBeenCalled()
  })

  it('secures the session, installs the menu and IPC, then opens one window', async () => {
    await startApp([exe], path.join(dir, 'out', 'main'))
    await vi.waitFor(() => expect(electron.BrowserWindow.instances).toHaveLength(1))
    expect(electron.session.defaultSession.setPermissionRequestHandler).toHaveBeenCalled()
    expect(electron.session.defaultSession.webRequest.onHeadersReceived).toHaveBeenCalled()
    expect(electron.Menu.setApplicationMenu).toHaveBeenCalled()
    expect(electron.ipcMain.handle).toHaveBeenCalledWith(IPC_INVOKE, expect.any(Function))
    const [win] = electron.BrowserWindow.instances
    expect(win.loadFile).toHaveBeenCalledWith(path.join(dir, 'out', 'renderer', 'index.html'))
  })

  it('guards every web contents it creates', async () => {
    await startApp([exe], dir)
    const contents = new electron.FakeWebContents()
    electron.app.emit('web-contents-created', {}, contents)
    expect(contents.setWindowOpenHandler).toHaveBeenCalled()
    expect(contents.navigate('will-navigate', 'https://example.org/')).toBe(true)
  })

  it('keeps settings in the user-data folder and rebuilds the menu when the language changes', async () => {
    const { call } = await startWindow([exe], path.join(dir, 'out', 'main'))
    electron.Menu.buildFromTemplate.mockClear()
    expect(await call('app.setLanguage', { language: 'nl' })).toEqual({ ok: true, data: 'nl' })
    const settings = JSON.parse(fs.readFileSync(path.join(dir, 'userData', 'settings.json'), 'utf8'))
    expect(settings.language).toBe('nl')
    const template = electron.Menu.buildFromTemplate.mock.calls[0][0] as { label: string }[]
    expect(template.map((m) => m.label)).toContain('Bestand')
  })

  it('creates the first file in Documents/AMIF Desk and closes it before quitting', async () => {
    const { call } = await startWindow([exe], path.join(dir, 'out', 'main'))
    const opened = (await call('file.openAtStartup', {})) as { ok: boolean; data: { file: { path: string } } }
    expect(opened.ok).toBe(true)
    expect(opened.data.file.path).toBe(path.join(dir, 'Documents', 'AMIF Desk', 'AMIF Desk.amif'))

    const quit = { preventDefault: vi.fn() }
    electron.app.emit('before-quit', quit)
    expect(quit.preventDefault).toHaveBeenCalled()
    await vi.waitFor(() => expect(electron.app.quit).toHaveBeenCalled())
    // The file is closed: the second before-quit lets the quit through.
    const again = { preventDefault: vi.fn() }
    electron.app.emit('before-quit', again)
    expect(again.preventDefault).not.toHaveBeenCalled()
    const state = (await call('file.info', {})) as { ok: boolean; error: { code: string } }
    expect(state).toMatchObject({ ok: false, error: { code: 'NO_FILE_OPEN' } })
  })

  it('opens a .amif file given on the command line (a double-click) before the window asks', async () => {
    const given = path.join(dir, 'Partage', 'Fedasil.amif')
    await createAmifFile(given, { appVersion: 'test' }).close()
    const { call } = await startWindow([exe, given], dir)
    expect(await call('file.openAtStartup', {})).toMatchObject({ ok: true, data: { created: false, file: { path: given } } })
    electron.app.emit('before-quit', { preventDefault: vi.fn() })
    await vi.waitFor(() => expect(electron.app.quit).toHaveBeenCalled())
  })

  it('asks the window to open a file sent by a second instance or by macOS, as it opens a recent file (its update and lock shown there)', async () => {
    const given = path.join(dir, 'Autre.amif')
    await createAmifFile(given, { appVersion: 'test' }).close()
    const { win, call } = await startWindow([exe], dir)
    // A path the window was not given is refused by file.open...
    expect(await call('file.open', { path: given })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })

    electron.app.emit('second-instance', {}, [exe, given], dir)
    await vi.waitFor(() => expect(win.webContents.send).toHaveBeenCalledWith(IPC_MENU, { action: 'openRecent', path: given }))
    expect(win.focus).toHaveBeenCalled()
    expect(win.webContents.reload).not.toHaveBeenCalled()
    // ...the one the system handed over is opened when the window asks, as a recent file.
    expect(await call('file.open', { path: given })).toMatchObject({ ok: true, data: { file: { path: given } } })

    const mac = path.join(dir, 'Mac.amif')
    electron.app.emit('open-file', { preventDefault: vi.fn() }, mac)
    await vi.waitFor(() => expect(win.webContents.send).toHaveBeenCalledWith(IPC_MENU, { action: 'openRecent', path: mac }))
    electron.app.emit('before-quit', { preventDefault: vi.fn() })
    await vi.waitFor(() => expect(electron.app.quit).toHaveBeenCalled())
  })

  it('opens a file sent while the page is still loading and reloads it; a refused file is explained', async () => {
    const given = path.join(dir, 'Autre.amif')
    await createAmifFile(given, { appVersion: 'test' }).close()
    const { win, call } = await startWindow([exe], dir)
    win.webContents.loading = true
    electron.app.emit('second-instance', {}, [exe, given], dir)
    await vi.waitFor(() => expect(win.webContents.reload).toHaveBeenCalledOnce())
    expect(win.webContents.send).not.toHaveBeenCalled()

    const bogus = path.join(dir, 'notes.amif')
    fs.writeFileSync(bogus, 'not a database')
    vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    electron.app.emit('open-file', { preventDefault: vi.fn() }, bogus)
    await vi.waitFor(() => expect(electron.dialog.showMessageBox).toHaveBeenCalledOnce())
    expect(win.webContents.reload).toHaveBeenCalledOnce()
    expect(await call('file.info', {})).toMatchObject({ ok: true, data: { path: given } })
    electron.app.emit('before-quit', { preventDefault: vi.fn() })
    await vi.waitFor(() => expect(electron.app.quit).toHaveBeenCalled())
  })

  it('opens a file a colleague has open read-only, saying who has it, when the page is still loading', async () => {
    const given = path.join(dir, 'Partage', 'Commun.amif')
    await createAmifFile(given, { appVersion: 'test' }).close()
    const now = new Date().toISOString()
    fs.writeFileSync(
      `${given}.lock`,
      JSON.stringify({ officer: 'Pieter Janssens', email: null, machine: 'OTHER-PC', pid: 1, since: now, refreshedAt: now, appVersion: 'x', token: 't' }),
    )
    const { win, call } = await startWindow([exe], dir)
    win.webContents.loading = true
    electron.app.emit('open-file', { preventDefault: vi.fn() }, given)
    await vi.waitFor(() => expect(win.webContents.reload).toHaveBeenCalledOnce())
    expect(electron.dialog.showMessageBox).not.toHaveBeenCalled()
    expect(await call('file.info', {})).toMatchObject({
      ok: true,
      data: { path: given, readOnly: true, readOnlyReason: 'locked', lockHolder: { officer: 'Pieter Janssens' } },
    })
    electron.app.emit('before-quit', { preventDefault: vi.fn() })
    await vi.waitFor(() => expect(electron.app.quit).toHaveBeenCalled())
  })

  it('quits when its window is closed', async () => {
    await startApp([exe], dir)
    electron.app.emit('window-all-closed')
    expect(electron.app.quit).toHaveBeenCalled()
  })
})
