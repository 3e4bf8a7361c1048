/** What the officer can type into or pick from: a form's fields, in document order. */
const FIELD = [
  'input:not([type="hidden"]):not([disabled]):not([tabindex="-1"])',
  'textarea:not([disabled])',
  'select:not([disabled])',
  '[role="radio"][tabindex="0"]',
  '[contenteditable="true"]',
].join(', ')

/** What a keyboard can reach at all, for a dialog without fields. */
const TABBABLE = `${FIELD}, button:not([disabled]):not([tabindex="-1"]), a[href]:not([tabindex="-1"]), [tabindex="0"]`

function shown(el: HTMLElement): boolean {
  return el.getClientRects().length > 0 && !el.closest('[aria-hidden="true"]')
}

/** The first shown field inside `root`, or null. */
export function firstField(root: ParentNode, selector = FIELD): HTMLElement | null {
  for (const el of root.querySelectorAll<HTMLElement>(selector)) if (shown(el)) return el
  return null
}

/** Puts the focus on the first field inside `root`; true when there was one. */
export function focusFirstField(root: ParentNode): boolean {
  const el = firstField(root)
  el?.focus()
  return el !== null
}

/**
 * Every dialog opens with the focus on its first field (or, without fields, on its first button),
 * not on the dialog's frame where Element Plus leaves it. Element Plus gives the focus back to
 * what opened the dialog when it closes. A click inside the dialog is left alone.
 */
export function installDialogFocus(doc: Document = document): void {
  let pressed: EventTarget | null = null
  doc.addEventListener('pointerdown', (event) => (pressed = event.target), true)
  doc.addEventListener('keydown', () => (pressed = null), true)
  doc.addEventListener('focusin', (event) => {
    const target = event.target
    if (!(target instanceof HTMLElement) || !target.classList.contains('el-dialog')) return
    const from = event.relatedTarget
    if (from instanceof Node && target.contains(from)) return
    if (pressed instanceof Node && target.contains(pressed)) return
    const body = target.querySelector('.el-dialog__body') ?? target
    const el = firstField(body) ?? firstField(target.querySelector('.el-dialog__footer') ?? body, TABBABLE)
    el?.focus()
  })
}

/**
 * Focuses the first field of the form in `root` once it is on screen (a new record's page loads
 * its choices first); gives up after `timeoutMs` or once the officer is in a field already.
 */
export function focusFormWhenShown(root: () => ParentNode | null | undefined, timeoutMs = 2000): void {
  const start = Date.now()
  const tick = () => {
    if (document.activeElement?.matches(FIELD)) return
    const form = root()?.querySelector('form')
    if (form && focusFirstField(form)) return
    if (Date.now() - start < timeoutMs) requestAnimationFrame(tick)
  }
  requestAnimationFrame(tick)
}
