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

/** The File menu's actions, which the page carries out. */
export const MENU_ACTIONS = ['new', 'open', 'openRecent', 'saveCopy', 'handOver', 'merge', 'close'] as const
export type MenuAction = (typeof MENU_ACTIONS)[number]

export interface MenuCommand {
  action: MenuAction
  /** The recent file picked, for `openRecent`. */
  path?: string
}

/** The IPC channel every API call travels on. */
export const IPC_INVOKE = 'amif:invoke'
/** Main to page: a File menu item was picked. */
export const IPC_MENU = 'amif:menu'
