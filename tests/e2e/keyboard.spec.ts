// page.evaluate() runs in the page: its callbacks see the DOM (tsconfig.e2e.json gives the end-to-end tests its types).
import { expect, test, type Page } from '@playwright/test'
import { launchApp, type LaunchedApp } from './harness'

/** Whether the focused element matches `selector` (and holds `text`, when given). */
function focused(page: Page, selector: string, text?: string): Promise<boolean> {
  return page.evaluate(
    ([s, t]) => {
      const el = document.activeElement
      return !!el && el !== document.body && el.matches(s) && (!t || (el.textContent ?? '').includes(t))
    },
    [selector, text ?? ''] as const,
  )
}

/** Presses Tab (or Shift+Tab) until the focus is on `selector`, as an officer without a mouse would. */
async function tabTo(page: Page, selector: string, options: { text?: string; back?: boolean; max?: number } = {}): Promise<void> {
  for (let i = 0; i < (options.max ?? 80); i++) {
    if (await focused(page, selector, options.text)) return
    await page.keyboard.press(options.back ? 'Shift+Tab' : 'Tab')
  }
  throw new Error(`Tab never reached ${selector} ${options.text ?? ''}`)
}

/** The focused element's test id, or its tag. */
function focusedId(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement
    return el?.closest('[data-testid]')?.getAttribute('data-testid') ?? el?.tagName.toLowerCase() ?? ''
  })
}

let app: LaunchedApp | undefined
test.afterEach(async () => {
  await app?.close()
  app = undefined
})

test('an officer finds a project, adds a milestone, marks it done and produces the agreement with the keyboard only', async () => {
  test.setTimeout(150_000)
  app = await launchApp({ officer: { name: 'Élise Vandenberghe', email: null }, language: 'fr' })
  const { page } = app
  await page.setViewportSize({ width: 1440, height: 900 })
  const kb = page.keyboard

  // The demo data, from the start screen's button.
  await tabTo(page, '[data-testid="load-demo"]')
  await kb.press('Enter')
  await expect(page.getByTestId('objective-SO2')).toBeVisible()
  await expect(page.locator('.el-message')).toHaveCount(0, { timeout: 10_000 })

  // The sidebar is one tab stop, on the open section; the arrows, Home and End move in it.
  await tabTo(page, '.nav-item')
  expect(await focusedId(page)).toBe('nav-dashboard')
  await kb.press('Tab')
  expect(await focused(page, '.nav-item')).toBe(false)
  await kb.press('Shift+Tab')
  expect(await focusedId(page)).toBe('nav-dashboard')
  await kb.press('End')
  expect(await focusedId(page)).toBe('nav-file')
  await kb.press('ArrowDown')
  expect(await focusedId(page)).toBe('nav-dashboard')
  await kb.press('ArrowUp')
  await kb.press('Home')
  await kb.press('ArrowDown')
  expect(await focusedId(page)).toBe('nav-projects')
  const ring = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)
  expect(ring).toBe('solid')
  await kb.press('Enter')
  await expect(page).toHaveURL(/#\/projects$/)
  await expect(page.getByTestId('project-count')).toContainText('13 projets')

  // Ctrl+3 and Ctrl+2 go to the milestones and back to the projects.
  await kb.press('Control+3')
  await expect(page).toHaveURL(/#\/milestones$/)
  await kb.press('Control+2')
  await expect(page).toHaveURL(/#\/projects$/)

  // Ctrl+F: the list's search box.
  await kb.press('Control+F')
  expect(await focusedId(page)).toBe('project-search')
  await kb.type('réintégration')
  await expect(page.getByTestId('project-count')).not.toContainText('13 projets')
  await tabTo(page, 'a.code-link', { text: 'AMIF-2024-RV-01' })
  await kb.press('Enter')
  await expect(page.getByTestId('project-detail')).toContainText('Réintégration durable')

  // The milestones tab, from the tab list with the arrows.
  await tabTo(page, '[role="tab"][aria-selected="true"]')
  for (let i = 0; i < 10 && !(await focused(page, '[role="tab"]', 'Jalons')); i++) await kb.press('ArrowRight')
  await expect(page.getByTestId('milestones-panel')).toBeVisible()

  // Ctrl+N: a new milestone, the focus in its first field.
  await kb.press('Control+N')
  const dialog = page.getByTestId('milestone-dialog')
  await expect(dialog).toBeVisible()
  await expect.poll(() => focusedId(page)).toBe('milestone-title')
  await kb.type('Rapport intermédiaire au clavier')
  await kb.press('Tab')
  await kb.type('30/06/2026')
  await kb.press('Enter')
  await kb.press('Shift+Tab')
  expect(await focusedId(page)).toBe('milestone-title')
  await kb.press('Enter')
  await expect(dialog).toBeHidden()
  const table = page.getByTestId('milestones-table')
  const row = table.locator('tr', { hasText: 'Rapport intermédiaire au clavier' })
  await expect(row).toContainText('30/06/2026')
  await expect(row).not.toContainText('Réalisé')

  // Marked done from its row.
  await tabTo(page, '[data-testid="milestone-done"]')
  while (!(await page.evaluate(() => document.activeElement?.closest('tr')?.textContent?.includes('Rapport intermédiaire au clavier') ?? false))) {
    await kb.press('Tab')
    await tabTo(page, '[data-testid="milestone-done"]')
  }
  await kb.press('Enter')
  await expect(row).toContainText('Réalisé')

  // The agreement, from the Documents tab.
  await tabTo(page, '[role="tab"][aria-selected="true"]', { back: true })
  for (let i = 0; i < 10 && !(await focused(page, '[role="tab"]', 'Documents')); i++) await kb.press('ArrowRight')
  await expect(page.getByTestId('documents-panel')).toBeVisible()
  await tabTo(page, '[data-testid="produce-agreement"]')
  await kb.press('Enter')
  await expect(page.getByTestId('produce-dialog')).toBeVisible()
  // The dialog opens on its first field, not on its frame.
  await expect.poll(() => page.evaluate(() => document.activeElement?.closest('.el-dialog__body') !== null)).toBe(true)
  await tabTo(page, '[data-testid="produce-confirm"]')
  await kb.press('Enter')
  const documents = page.getByTestId('documents-panel').getByTestId('document-table')
  await expect(documents).toContainText('AMIF-2024-RV-01/CONV/v1')
  await expect(page.getByTestId('produce-dialog')).toBeHidden()
  // Closed, the dialog gives the focus back to the button that opened it.
  await expect.poll(() => focusedId(page)).toBe('produce-agreement')
  expect(app.errors).toEqual([])
})

test('Ctrl+N opens the screen’s new record with the focus in its first field, and Esc gives the focus back', async () => {
  test.setTimeout(90_000)
  app = await launchApp({ officer: { name: 'Jan Peeters', email: null }, language: 'nl' })
  const { page } = app
  const kb = page.keyboard
  await tabTo(page, '[data-testid="load-demo"]')
  await kb.press('Enter')
  await expect(page.getByTestId('objective-SO2')).toBeVisible()

  // New partner: the form's first field.
  await kb.press('Control+6')
  await expect(page).toHaveURL(/#\/partners$/)
  await kb.press('Control+N')
  await expect(page).toHaveURL(/#\/partners\/new$/)
  await expect.poll(() => page.evaluate(() => document.activeElement?.closest('form') !== null && document.activeElement?.tagName === 'INPUT')).toBe(true)
  const first = await page.evaluate(() => document.querySelector('.shell-main form input:not([type=hidden])') === document.activeElement)
  expect(first).toBe(true)

  // New call: a dialog on its first field; Esc closes it and the focus goes back to its button.
  await kb.press('Control+7')
  await expect(page).toHaveURL(/#\/calls$/)
  await tabTo(page, '[data-testid="call-new"]')
  await kb.press('Enter')
  await expect(page.locator('.el-dialog:visible')).toHaveCount(1)
  await expect
    .poll(() => page.evaluate(() => document.activeElement?.closest('.el-dialog__body') !== null && document.activeElement?.tagName === 'INPUT'))
    .toBe(true)
  // Shortcuts leave the page behind an open dialog alone.
  await kb.press('Control+1')
  await expect(page).toHaveURL(/#\/calls$/)
  await kb.press('Escape')
  await expect(page.locator('.el-dialog:visible')).toHaveCount(0)
  await expect.poll(() => focusedId(page)).toBe('call-new')

  // Ctrl+F: the calls' search box, which finds a call as the officer types; the documents register's too.
  await kb.press('Control+F')
  expect(await focusedId(page)).toBe('call-search')
  await kb.type('retour volontaire')
  await expect(page.getByTestId('call-list').locator('tbody > tr.el-table__row')).toHaveCount(1)
  await expect(page.getByTestId('call-list')).toContainText('FED-AMIF-2024-RV')
  await kb.press('Control+8')
  await expect(page).toHaveURL(/#\/documents$/)
  await kb.press('Control+F')
  expect(await focusedId(page)).toBe('register-search')
  expect(app.errors).toEqual([])
})

test('on macOS Cmd drives the shortcuts, and Ctrl keeps its macOS meanings', async () => {
  test.setTimeout(90_000)
  app = await launchApp({ officer: { name: 'Élise Vandenberghe', email: null }, language: 'fr', mac: true })
  const { page } = app
  const kb = page.keyboard
  await page.getByTestId('load-demo').click()
  await expect(page.getByTestId('objective-SO2')).toBeVisible()

  // Whether the page took the last key press for itself (its listener runs before this one).
  await page.evaluate(() => {
    const w = window as unknown as { lastKeyTaken: boolean | null }
    w.lastKeyTaken = null
    window.addEventListener('keydown', (e) => (w.lastKeyTaken = e.defaultPrevented))
  })
  const taken = () => page.evaluate(() => (window as unknown as { lastKeyTaken: boolean | null }).lastKeyTaken)

  // The sidebar shows and announces ⌘ shortcuts; the tenth section has none (⌘0 is the window's actual size).
  await expect(page.getByTestId('nav-projects')).toHaveAttribute('title', 'Projets (⌘2)')
  await expect(page.getByTestId('nav-projects')).toHaveAttribute('aria-keyshortcuts', 'Meta+2')
  await expect(page.getByTestId('nav-file')).not.toHaveAttribute('aria-keyshortcuts', /./)

  await kb.press('Meta+2')
  await expect(page).toHaveURL(/#\/projects$/)
  // Ctrl+digit is macOS's (Mission Control's desktops): the page leaves it alone.
  await kb.press('Control+3')
  expect(await taken()).toBe(false)
  await expect(page).toHaveURL(/#\/projects$/)
  await kb.press('Meta+0')
  expect(await taken()).toBe(false)
  await expect(page).toHaveURL(/#\/projects$/)

  // Cmd+F: the list's search box; there Ctrl+F moves the caret (macOS text editing), it does not search.
  await kb.press('Meta+F')
  expect(await focusedId(page)).toBe('project-search')
  await kb.type('retour')
  await kb.press('Control+F')
  expect(await taken()).toBe(false)
  expect(await focusedId(page)).toBe('project-search')

  // The claims' sections follow Milestones: Cmd+4 and Cmd+5; Cmd+F in the Verifications section.
  await kb.press('Meta+4')
  await expect(page).toHaveURL(/#\/verifications$/)
  await kb.press('Meta+F')
  expect(await focusedId(page)).toBe('claims-search')
  await kb.press('Meta+5')
  await expect(page).toHaveURL(/#\/visits$/)

  // The partners: Ctrl+F from outside the search box leaves the focus where it is; Cmd+N is a new partner.
  await kb.press('Meta+6')
  await expect(page).toHaveURL(/#\/partners$/)
  await page.getByTestId('nav-partners').focus()
  await kb.press('Control+F')
  expect(await taken()).toBe(false)
  expect(await focusedId(page)).toBe('nav-partners')
  await kb.press('Control+N')
  await expect(page).toHaveURL(/#\/partners$/)
  await kb.press('Meta+N')
  await expect(page).toHaveURL(/#\/partners\/new$/)
  expect(app.errors).toEqual([])
})
