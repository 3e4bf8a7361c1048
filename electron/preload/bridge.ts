import type { ApiResult } from '../api'

/** The one object the preload exposes to the page as `window.amif`. */
export interface AmifBridge {
  /** Calls an API channel; resolves with the channel's result, never rejects for an API error. */
  invoke(channel: string, input?: unknown): Promise<ApiResult<unknown>>
  /**
   * Calls `listener` when the officer picks a File menu item: the page runs the same flow as its
   * own buttons (dialogs, a locked file, the handover wizard). Absent where there is no menu.
   */
  onMenuCommand?(listener: (command: MenuCommand) => void): void
}

/**
 * The menu's actions, which the page carries out: the File menu's, then the keyboard shortcuts'
 * (a section, a new record, the list's search), which the page also handles from the keys itself.
 */
export const MENU_ACTIONS = ['new', 'open', 'openRecent', 'saveCopy', 'handOver', 'merge', 'close', 'section', 'newRecord', 'search'] as const
export type MenuAction = (typeof MENU_ACTIONS)[number]

export interface MenuCommand {
  action: MenuAction
  /** The recent file picked, for `openRecent`. */
  path?: string
  /** The sidebar's section, from 0, for `section`. */
  index?: number
}

/** The IPC channel every API call travels on. */
export const IPC_INVOKE = 'amif:invoke'
/** Main to page: a menu item the page carries out was picked. */
export const IPC_MENU = 'amif:menu'
