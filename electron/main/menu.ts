import path from 'node:path'
import { Menu, type MenuItemConstructorOptions } from 'electron'
import { acceleratorOf, SECTIONS, sectionDigit, SHORTCUT_LETTERS } from '../../database/domain/shortcuts'
import type { MenuCommand } from '../preload/bridge'
import { mainMessages } from './messages'

export interface MenuOptions {
  /** The UI language from the settings; the menu is rebuilt when it changes. */
  language: string
  /** Reload and developer tools are offered only in development. */
  isDev: boolean
  platform: NodeJS.Platform
  /** Shows the About box (Help > About, and the app menu on macOS). */
  onAbout: () => void
  /** The recent files, most recent first, for File > Open recent. */
  recentFiles: readonly string[]
  /** A File menu item was picked: the page carries it out, as from its own buttons. */
  onCommand: (command: MenuCommand) => void
}

/**
 * The keys the page handles itself (so they work the same without Electron): the menu shows them
 * but does not register them, or the key would be handled twice.
 */
function shortcut(accelerator: string): Pick<MenuItemConstructorOptions, 'accelerator' | 'registerAccelerator'> {
  return { accelerator, registerAccelerator: false }
}

/** The application menu: File, Edit, View, Go, (Window on macOS), Help, in the settings language. */
export function menuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const t = mainMessages(options.language)
  const mac = options.platform === 'darwin'
  const about: MenuItemConstructorOptions = { label: t.about, click: () => options.onAbout() }

  const template: MenuItemConstructorOptions[] = []
  if (mac) {
    template.push({
      label: 'AMIF Desk',
      submenu: [
        about,
        { type: 'separator' },
        { role: 'hide', label: t.hide },
        { role: 'hideOthers', label: t.hideOthers },
        { role: 'unhide', label: t.showAll },
        { type: 'separator' },
        { role: 'quit', label: t.quit },
      ],
    })
  }
  const send = (command: MenuCommand) => () => options.onCommand(command)
  const recent: MenuItemConstructorOptions[] = options.recentFiles.length
    ? options.recentFiles.map((p) => ({ label: path.basename(p), sublabel: p, click: send({ action: 'openRecent', path: p }) }))
    : [{ label: t.noRecent, enabled: false }]
  template.push({
    label: t.file,
    submenu: [
      { label: t.newRecord, ...shortcut(acceleratorOf(SHORTCUT_LETTERS.newRecord)), click: send({ action: 'newRecord' }) },
      { type: 'separator' },
      { label: t.newFile, accelerator: 'CmdOrCtrl+Shift+N', click: send({ action: 'new' }) },
      { label: t.openFile, accelerator: 'CmdOrCtrl+O', click: send({ action: 'open' }) },
      { label: t.openRecent, submenu: recent },
      { type: 'separator' },
      { label: t.saveCopy, accelerator: 'CmdOrCtrl+Shift+S', click: send({ action: 'saveCopy' }) },
      { label: t.handOver, click: send({ action: 'handOver' }) },
      { label: t.merge, click: send({ action: 'merge' }) },
      { type: 'separator' },
      { label: t.closeFile, accelerator: 'CmdOrCtrl+Shift+W', click: send({ action: 'close' }) },
      ...(mac
        ? [{ role: 'close', label: t.close } as MenuItemConstructorOptions]
        : [{ type: 'separator' } as MenuItemConstructorOptions, { role: 'quit', label: t.quit } as MenuItemConstructorOptions]),
    ],
  })
  template.push({
    label: t.edit,
    submenu: [
      { role: 'undo', label: t.undo },
      { role: 'redo', label: t.redo },
      { type: 'separator' },
      { role: 'cut', label: t.cut },
      { role: 'copy', label: t.copy },
      { role: 'paste', label: t.paste },
      { role: 'selectAll', label: t.selectAll },
      { type: 'separator' },
      { label: t.search, ...shortcut(acceleratorOf(SHORTCUT_LETTERS.search)), click: send({ action: 'search' }) },
    ],
  })
  const devItems: MenuItemConstructorOptions[] = options.isDev
    ? [{ role: 'reload', label: t.reload }, { role: 'toggleDevTools', label: t.devTools }, { type: 'separator' }]
    : []
  template.push({
    label: t.view,
    submenu: [
      ...devItems,
      { role: 'resetZoom', label: t.resetZoom },
      { role: 'zoomIn', label: t.zoomIn },
      { role: 'zoomOut', label: t.zoomOut },
      { type: 'separator' },
      { role: 'togglefullscreen', label: t.fullScreen },
    ],
  })
  template.push({
    label: t.go,
    // Ctrl/Cmd+1..9, the sidebar's order; the tenth has none (Ctrl/Cmd+0 is View > Reset zoom's).
    submenu: SECTIONS.map((section, index) => {
      const digit = sectionDigit(index)
      return { label: t.sections[section], ...(digit ? shortcut(acceleratorOf(digit)) : {}), click: send({ action: 'section', index }) }
    }),
  })
  if (mac) {
    template.push({
      label: t.window,
      submenu: [
        { role: 'minimize', label: t.minimize },
        { role: 'close', label: t.close },
      ],
    })
  }
  template.push({ label: t.help, role: 'help', submenu: [about] })
  return template
}

/** Installs (or replaces) the application menu. */
export function installMenu(options: MenuOptions): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(options)))
}
