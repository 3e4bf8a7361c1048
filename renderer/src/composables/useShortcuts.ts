import { onBeforeUnmount, onMounted } from 'vue'
import { useRouter } from 'vue-router'
import { SECTIONS, sectionDigit, SHORTCUT_LETTERS } from '@domain/shortcuts'
import type { MenuCommand } from '~/electron/preload/bridge'

/** What a shortcut (or the Electron menu item that lists it) asks the screen to do. */
export type ShortcutCommand = { kind: 'section'; index: number } | { kind: 'newRecord' } | { kind: 'search' }

/**
 * The key a screen marks with `data-shortcut`: "new" on its button that creates a record (new
 * partner, new project, add a milestone...), "search" on its list's search box.
 */
export type ShortcutTarget = 'new' | 'search'

/**
 * Whether the window runs on macOS, where Cmd is the shortcuts' key and Ctrl keeps its macOS
 * meanings (Ctrl+F and Ctrl+N move the caret in a text field, Ctrl+digit switches desktops).
 */
export function onMac(nav: Pick<Navigator, 'platform' | 'userAgent'> = navigator): boolean {
  const data = (nav as { userAgentData?: { platform?: string } }).userAgentData?.platform
  return /mac/i.test(data || nav.platform || nav.userAgent)
}

/** True when the platform's shortcut key is held, alone of Ctrl and Cmd: Cmd on macOS, Ctrl elsewhere. */
export function primaryModifier(event: Pick<KeyboardEvent, 'ctrlKey' | 'metaKey'>, mac: boolean): boolean {
  return mac ? event.metaKey && !event.ctrlKey : event.ctrlKey && !event.metaKey
}

/**
 * The command a key press means: Ctrl (Cmd on macOS) with 1..9 (the sections), N or F; null for any
 * other key. A digit is read from the key's place too: on a Belgian or French AZERTY keyboard the
 * key of 1 gives "&" without Shift, and the menu's CmdOrCtrl+1 answers it there.
 */
export function shortcutFor(
  event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'> & { code?: string },
  mac: boolean,
): ShortcutCommand | null {
  if (!primaryModifier(event, mac) || event.altKey || event.shiftKey) return null
  const digit = /^Digit([0-9])$/.exec(event.code ?? '')?.[1] ?? event.key
  const index = SECTIONS.findIndex((_, i) => sectionDigit(i) === digit)
  if (index >= 0) return { kind: 'section', index }
  const key = event.key.toUpperCase()
  if (key === SHORTCUT_LETTERS.newRecord) return { kind: 'newRecord' }
  if (key === SHORTCUT_LETTERS.search) return { kind: 'search' }
  return null
}

/** True when the element is laid out (an inactive tab's or closed dialog's content is not). */
function shown(el: Element): boolean {
  return el instanceof HTMLElement && el.getClientRects().length > 0 && !el.closest('[aria-hidden="true"], [hidden]')
}

/** The first shown element marked for `target` inside `root`. */
export function findTarget(root: ParentNode, target: ShortcutTarget): HTMLElement | null {
  for (const el of root.querySelectorAll<HTMLElement>(`[data-shortcut="${target}"]`)) if (shown(el)) return el
  return null
}

/** True while a modal dialog (or message box) is open: shortcuts then leave the page behind it alone. */
function modalOpen(): boolean {
  return [...document.querySelectorAll('.el-overlay')].some((el) => shown(el) && el.querySelector('[role="dialog"], .el-message-box'))
}

/** The shortcut an Electron menu item stands for; null for the File menu's own actions. */
export function shortcutFromMenu(command: MenuCommand): ShortcutCommand | null {
  if (command.action === 'section') return { kind: 'section', index: command.index ?? -1 }
  if (command.action === 'newRecord') return { kind: 'newRecord' }
  if (command.action === 'search') return { kind: 'search' }
  return null
}

/** The handler of the shell on screen, so that the Electron menu's items run the same code as the keys. */
let current: ((command: ShortcutCommand) => boolean) | null = null

/** Carries out a command from the Electron menu; false when no shell is on screen or nothing applies. */
export function runShortcut(command: ShortcutCommand): boolean {
  return current?.(command) ?? false
}

/**
 * The window's keyboard shortcuts, handled by the page itself (one keydown listener) so that they
 * work the same with and without Electron; the Electron menu only lists them. `sections` are the
 * sidebar's paths in order (Ctrl/Cmd+1 is the first); `root` returns where "new" and "search" are looked for.
 */
export function useShortcuts(options: { sections: () => readonly string[]; root: () => ParentNode | null | undefined }): void {
  const router = useRouter()
  const mac = typeof navigator !== 'undefined' && onMac()

  function run(command: ShortcutCommand): boolean {
    if (modalOpen()) return false
    if (command.kind === 'section') {
      const path = options.sections()[command.index]
      if (!path) return false
      void router.push(path)
      return true
    }
    const root = options.root()
    if (!root) return false
    const el = findTarget(root, command.kind === 'newRecord' ? 'new' : 'search')
    if (!el) return false
    if (command.kind === 'newRecord') {
      if (el.matches(':disabled, .is-disabled')) return false
      el.click()
    } else {
      const input = el.matches('input, textarea') ? el : el.querySelector<HTMLInputElement>('input, textarea')
      if (!input) return false
      input.focus()
      if (input instanceof HTMLInputElement || input instanceof HTMLTextAreaElement) input.select()
    }
    return true
  }

  function onKeydown(event: KeyboardEvent): void {
    if (event.defaultPrevented || event.repeat) return
    const command = shortcutFor(event, mac)
    if (!command) return
    // The browser's own Ctrl/Cmd+N (new window) and Ctrl/Cmd+F (find bar) never apply in the app's window.
    event.preventDefault()
    run(command)
  }

  onMounted(() => {
    current = run
    window.addEventListener('keydown', onKeydown)
  })
  onBeforeUnmount(() => {
    if (current === run) current = null
    window.removeEventListener('keydown', onKeydown)
  })
}
