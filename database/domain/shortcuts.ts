/**
 * The window's keyboard shortcuts, once for the page that handles them
 * (renderer/src/composables/useShortcuts.ts) and the Electron menu that lists them
 * (electron/main/menu.ts): Ctrl on Windows and Linux, Cmd on macOS (`CmdOrCtrl` in the menu).
 */

/** The window's sections in the sidebar's order; the Go menu lists the same. */
export const SECTIONS = ['dashboard', 'projects', 'milestones', 'verifications', 'visits', 'partners', 'calls', 'documents', 'reference', 'file'] as const
export type Section = (typeof SECTIONS)[number]

/**
 * The digit that opens the section at `index` with Ctrl/Cmd: 1..9 for the first nine, none for
 * the tenth (File: the header's file name opens it). Ctrl/Cmd+0 stays the platforms' "actual size"
 * (View > Reset zoom), as in every browser and on macOS.
 */
export function sectionDigit(index: number): string | null {
  return index >= 0 && index < 9 ? String(index + 1) : null
}

/** The letters the page handles with Ctrl/Cmd: the screen's new record and its list's search box. */
export const SHORTCUT_LETTERS = { newRecord: 'N', search: 'F' } as const

/** The Electron accelerator of a page shortcut's key. */
export function acceleratorOf(key: string): string {
  return `CmdOrCtrl+${key}`
}
