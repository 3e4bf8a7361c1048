import type { BrowserWindow, MenuItemConstructorOptions } from 'electron'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { ElectronDialogs } from '../../../electron/main/dialogs'
import { installMenu, menuTemplate, type MenuOptions } from '../../../electron/main/menu'
import { MAIN_MESSAGES, mainMessages } from '../../../electron/main/messages'
import * as electron from './fake-electron'

vi.mock('electron', () => import('./fake-electron'))

function options(patch: Partial<MenuOptions> = {}): MenuOptions {
  return { language: 'fr', isDev: false, platform: 'win32', onAbout: vi.fn(), recentFiles: [], onCommand: vi.fn(), ...patch }
}

function submenu(item: MenuItemConstructorOptions): MenuItemConstructorOptions[] {
  return item.submenu as MenuItemConstructorOptions[]
}

function roles(template: MenuItemConstructorOptions[]): string[] {
  return template.flatMap((m) => submenu(m).map((i) => i.role ?? i.type ?? i.label ?? ''))
}

/** The accelerators Electron gives the menu's roles on Windows and Linux (docs: MenuItem roles). */
const ROLE_ACCELERATORS: Partial<Record<NonNullable<MenuItemConstructorOptions['role']>, string>> = {
  undo: 'CmdOrCtrl+Z',
  redo: 'CmdOrCtrl+Y',
  cut: 'CmdOrCtrl+X',
  copy: 'CmdOrCtrl+C',
  paste: 'CmdOrCtrl+V',
  selectAll: 'CmdOrCtrl+A',
  resetZoom: 'CmdOrCtrl+0',
  zoomIn: 'CmdOrCtrl+Plus',
  zoomOut: 'CmdOrCtrl+-',
  togglefullscreen: 'F11',
}

beforeEach(() => vi.clearAllMocks())

describe('the application menu', () => {
  it('has File, Edit, View and Help in French by default', () => {
    const template = menuTemplate(options())
    expect(template.map((m) => m.label)).toEqual(['Fichier', 'Édition', 'Affichage', 'Aller à', 'Aide'])
    expect(roles(template)).toEqual(
      expect.arrayContaining(['quit', 'undo', 'redo', 'cut', 'copy', 'paste', 'selectAll', 'zoomIn', 'zoomOut', 'resetZoom', 'togglefullscreen']),
    )
  })

  it('follows the settings language', () => {
    expect(menuTemplate(options({ language: 'nl' })).map((m) => m.label)).toEqual(['Bestand', 'Bewerken', 'Weergave', 'Ga naar', 'Help'])
    expect(menuTemplate(options({ language: 'en' })).map((m) => m.label)).toEqual(['File', 'Edit', 'View', 'Go', 'Help'])
    expect(mainMessages('xx')).toBe(MAIN_MESSAGES.fr)
  })

  it('labels every item in every language', () => {
    for (const language of ['fr', 'nl', 'en']) {
      for (const menu of menuTemplate(options({ language, isDev: true, platform: 'darwin' }))) {
        for (const item of submenu(menu)) if (item.type !== 'separator') expect(item.label, `${language} ${item.role}`).toBeTruthy()
      }
    }
    expect(Object.keys(MAIN_MESSAGES.nl).sort()).toEqual(Object.keys(MAIN_MESSAGES.fr).sort())
    expect(Object.keys(MAIN_MESSAGES.en).sort()).toEqual(Object.keys(MAIN_MESSAGES.fr).sort())
  })

  it('offers reload and developer tools in development only', () => {
    expect(roles(menuTemplate(options()))).not.toContain('reload')
    expect(roles(menuTemplate(options()))).not.toContain('toggleDevTools')
    expect(roles(menuTemplate(options({ isDev: true })))).toEqual(expect.arrayContaining(['reload', 'toggleDevTools']))
  })

  it('shows About from Help', () => {
    const opts = options({ language: 'en' })
    const help = menuTemplate(opts).at(-1)!
    const about = submenu(help).find((i) => i.label === 'About AMIF Desk')!
    ;(about.click as () => void)()
    expect(opts.onAbout).toHaveBeenCalledOnce()
  })

  it('sends the File actions to the page, which carries them out, and lists the recent files', () => {
    const opts = options({ language: 'en', recentFiles: ['/data/Fedasil 2026.amif', '/data/old.amif'] })
    const file = submenu(menuTemplate(opts)[0])
    const item = (label: string) => file.find((i) => i.label === label)!
    for (const [label, action] of [
      ['New file…', 'new'],
      ['Open…', 'open'],
      ['Save a copy as…', 'saveCopy'],
      ['Hand over to a colleague…', 'handOver'],
      ['Import a colleague’s file (merge)…', 'merge'],
      ['Close file', 'close'],
    ] as const) {
      ;(item(label).click as () => void)()
      expect(opts.onCommand).toHaveBeenLastCalledWith({ action })
    }
    const recent = submenu(item('Open recent'))
    expect(recent.map((r) => r.label)).toEqual(['Fedasil 2026.amif', 'old.amif'])
    ;(recent[0].click as () => void)()
    expect(opts.onCommand).toHaveBeenLastCalledWith({ action: 'openRecent', path: '/data/Fedasil 2026.amif' })
    const none = submenu(submenu(menuTemplate(options({ language: 'en' }))[0]).find((i) => i.label === 'Open recent')!)
    expect(none).toEqual([{ label: 'No recent files', enabled: false }])
  })

  it('lists the keyboard shortcuts the page handles, without registering them, and sends them to the page', () => {
    const opts = options({ language: 'en' })
    const template = menuTemplate(opts)
    const items = template.flatMap((m) => submenu(m))
    const byLabel = (label: string) => items.find((i) => i.label === label)!
    const go = submenu(template.find((m) => m.label === 'Go')!)
    // The tenth section has no digit: Ctrl/Cmd+0 is View > Reset zoom's, as in every browser and macOS app.
    expect(go.map((i) => [i.label, i.accelerator])).toEqual(
      ['Dashboard', 'Projects', 'Milestones', 'Verifications', 'Visits', 'Partners', 'Calls', 'Documents', 'Reference', 'File'].map((label, i) => [
        label,
        i < 9 ? `CmdOrCtrl+${i + 1}` : undefined,
      ]),
    )
    expect(byLabel('New record').accelerator).toBe('CmdOrCtrl+N')
    expect(byLabel('Search the list').accelerator).toBe('CmdOrCtrl+F')
    // New file moves to Shift+N: Ctrl+N is the screen's own "new".
    expect(byLabel('New file…').accelerator).toBe('CmdOrCtrl+Shift+N')
    for (const item of [...go.slice(0, 9), byLabel('New record'), byLabel('Search the list')]) expect(item.registerAccelerator).toBe(false)
    // Every other accelerator is the menu's own, and none is listed twice, counting those Electron gives the roles.
    const accelerators = items.map((i) => i.accelerator ?? (i.role ? ROLE_ACCELERATORS[i.role] : undefined)).filter(Boolean)
    expect(new Set(accelerators).size).toBe(accelerators.length)
    ;(go[1].click as () => void)()
    expect(opts.onCommand).toHaveBeenLastCalledWith({ action: 'section', index: 1 })
    ;(byLabel('New record').click as () => void)()
    expect(opts.onCommand).toHaveBeenLastCalledWith({ action: 'newRecord' })
    ;(byLabel('Search the list').click as () => void)()
    expect(opts.onCommand).toHaveBeenLastCalledWith({ action: 'search' })
    for (const language of ['fr', 'nl'])
      expect(
        menuTemplate(options({ language }))
          .flatMap((m) => submenu(m))
          .filter((i) => i.registerAccelerator === false),
      ).toHaveLength(11)
  })

  it('has the app menu first on macOS', () => {
    const template = menuTemplate(options({ platform: 'darwin', language: 'en' }))
    expect(template.map((m) => m.label)).toEqual(['AMIF Desk', 'File', 'Edit', 'View', 'Go', 'Window', 'Help'])
    expect(roles([template[0]])).toContain('quit')
  })

  it('is installed as the application menu', () => {
    installMenu(options())
    expect(electron.Menu.setApplicationMenu).toHaveBeenCalledOnce()
  })
})

describe('the dialogs', () => {
  const win = new electron.BrowserWindow({}) as unknown as BrowserWindow
  const dialogs = new ElectronDialogs(() => win, '/home/officer/Documents')

  it('saves where the officer chooses, starting in the documents folder', async () => {
    electron.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: '/tmp/partenaires.xlsx' })
    const chosen = await dialogs.saveFile({ title: 'Exporter', defaultName: 'partenaires.xlsx', filters: [{ name: 'Excel', extensions: ['xlsx'] }] })
    expect(chosen).toBe('/tmp/partenaires.xlsx')
    const [parent, opts] = electron.dialog.showSaveDialog.mock.calls[0] as unknown as [unknown, { defaultPath: string; filters: unknown }]
    expect(parent).toBe(win)
    expect(opts.defaultPath).toMatch(/Documents[\\/]partenaires\.xlsx$/)
    expect(opts.filters).toEqual([{ name: 'Excel', extensions: ['xlsx'] }])
  })

  it('keeps a suggested name inside the start folder', async () => {
    await dialogs.saveFile({ title: 'x', defaultName: '../../etc/evil.csv', filters: [] })
    const [, opts] = electron.dialog.showSaveDialog.mock.calls[0] as unknown as [unknown, { defaultPath: string }]
    expect(opts.defaultPath).toMatch(/Documents[\\/]evil\.csv$/)
  })

  it('returns null when cancelled', async () => {
    expect(await dialogs.saveFile({ title: 'x', defaultName: 'a.csv', filters: [] })).toBeNull()
    expect(await dialogs.openFile({ title: 'x', filters: [] })).toBeNull()
  })

  it('opens the first chosen file and reveals files in the file manager', async () => {
    electron.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: ['/data/a.amif'] })
    expect(await dialogs.openFile({ title: 'Ouvrir', filters: [{ name: 'AMIF Desk', extensions: ['amif'] }] })).toBe('/data/a.amif')
    await dialogs.revealFile('/data/a.amif')
    expect(electron.shell.showItemInFolder).toHaveBeenCalledWith('/data/a.amif')
  })
})
