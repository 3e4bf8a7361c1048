import path from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { invokeOk } from '../../electron/api'
import { ARTIFACTS_DIR, launchApp, type LaunchedApp } from './harness'

/** The window sizes an officer's laptop or screen has: a small office laptop up to a full HD screen. */
const SIZES = [
  { width: 1024, height: 700 },
  { width: 1280, height: 800 },
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
] as const

/**
 * What overflows its box in the main content: an element whose content is wider than it, unless
 * it is made to scroll (a table's body) or belongs to a widget that clips on purpose (a select's
 * placeholder, a chart's canvas, text for screen readers only, a table header that scrolls with its body,
 * the steps' connecting lines).
 */
async function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const skip =
      '.el-select, .el-date-editor, .el-input, canvas, .el-tabs__nav-wrap, .el-tabs__nav-scroll, .el-progress, .el-tooltip__trigger svg, [data-allow-overflow], .sr-only, .el-table__header-wrapper, .el-table__footer-wrapper, .el-steps'
    const found: string[] = []
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('.view *'))) {
      if (el.closest(skip)) continue
      const style = getComputedStyle(el)
      if (style.display === 'inline' || style.display === 'none' || style.visibility === 'hidden') continue
      if (['auto', 'scroll'].includes(style.overflowX)) continue
      if (el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1) {
        found.push(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')} "${(el.innerText ?? '').slice(0, 40)}" ${el.scrollWidth}>${el.clientWidth}`)
      }
    }
    return found
  })
}

let app: LaunchedApp | undefined
test.afterEach(async () => {
  await app?.close()
  app = undefined
})

for (const language of ['fr', 'nl', 'en'] as const) {
  test(`the dashboard fits every window size, nothing cut or squeezed (${language})`, async () => {
    test.setTimeout(180_000)
    app = await launchApp({ officer: { name: 'Élise Vandenberghe', email: null }, language })
    const { page } = app
    await page.getByTestId('load-demo').click()
    await expect(page.getByTestId('objective-SO4')).toBeVisible()
    for (const size of SIZES) {
      await page.setViewportSize(size)
      await page.waitForTimeout(300) // the charts follow the new size
      expect(await overflowing(page), `${language} ${size.width}x${size.height}`).toEqual([])
      const filters = await page.locator('.dashboard .filters').boundingBox()
      const cards = await page.locator('.dashboard .objectives').boundingBox()
      expect(filters!.y + filters!.height, 'the filters stay above the cards').toBeLessThanOrEqual(cards!.y)
      for (const code of ['SO1', 'SO2', 'SO3', 'SO4']) {
        const card = await page.getByTestId(`objective-${code}`).boundingBox()
        expect(card!.width).toBeGreaterThan(200)
      }
      // The nine needs-attention lists: every tab in the card, none scrolled out of sight behind arrows.
      const attention = (await page.getByTestId('attention').boundingBox())!
      const tabs = page.getByTestId('attention').getByRole('tab')
      await expect(tabs).toHaveCount(9)
      for (const tab of await tabs.all()) {
        const box = (await tab.boundingBox())!
        expect(box.x, `${language} ${size.width}: ${await tab.innerText()}`).toBeGreaterThanOrEqual(attention.x)
        expect(box.x + box.width, `${language} ${size.width}: ${await tab.innerText()}`).toBeLessThanOrEqual(attention.x + attention.width)
      }
      // Five late milestones in the demo: the list shows them, not a sliver.
      const late = page.getByTestId('attention-late')
      await late.scrollIntoViewIfNeeded()
      expect((await late.boundingBox())!.height).toBeGreaterThan(100)
      await page.screenshot({ path: path.join(ARTIFACTS_DIR, `layout-dashboard-${language}-${size.width}x${size.height}.png`) })
    }
  })
}

for (const language of ['fr', 'nl'] as const) {
  test(`a project's tables fit or scroll with their actions in view, nothing cut (${language})`, async () => {
    test.setTimeout(180_000)
    app = await launchApp({ officer: { name: 'Élise Vandenberghe', email: null }, language })
    const { page } = app
    await page.getByTestId('load-demo').click()
    await expect(page.getByTestId('objective-SO4')).toBeVisible()
    await page.getByTestId('nav-projects').click()
    await page.getByText('AMIF-2024-RV-01').first().click()
    for (const size of [SIZES[0], SIZES[1]]) {
      await page.setViewportSize(size)
      for (const tab of ['budget', 'payments', 'indicators', 'milestones', 'reports', 'documents']) {
        await page.locator(`#tab-${tab}`).click()
        await page.waitForTimeout(300)
        expect(await overflowing(page), `${language} ${size.width}x${size.height} ${tab}`).toEqual([])
        if (tab === 'reports') {
          // Four short columns: they fit, none slides under the fixed actions column.
          const wrap = page.getByTestId('reports-table').locator('.el-table__body-wrapper .el-scrollbar__wrap')
          expect(await wrap.evaluate((e) => e.scrollWidth <= e.clientWidth + 1), `${language} ${size.width}: the reports table scrolls sideways`).toBe(true)
        }
        // Every action button of the tab lies inside the window.
        for (const button of await page.locator('.el-tab-pane:visible .el-table__fixed-right button, .el-tab-pane:visible td.actions button').all()) {
          if (!(await button.isVisible())) continue
          const box = (await button.boundingBox())!
          expect(box.x + box.width, `${tab}: a button past the window's edge`).toBeLessThanOrEqual(size.width)
        }
        await page.screenshot({ path: path.join(ARTIFACTS_DIR, `layout-project-${tab}-${language}-${size.width}x${size.height}.png`) })
      }
    }
  })
}

/**
 * Table header cells whose longest word is wider than the cell's room: a word Element Plus would
 * break inside ("Doelstel|ling") or clip. Headers for screen readers only are left out.
 */
async function cutHeaderWords(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = []
    const context = document.createElement('canvas').getContext('2d')!
    for (const cell of Array.from(document.querySelectorAll<HTMLElement>('.el-table th.el-table__cell > .cell, .el-table-v2__header-cell'))) {
      const text = cell.innerText.trim()
      if (!cell.offsetParent || !text || cell.querySelector('.sr-only')) continue
      const style = getComputedStyle(cell)
      context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`
      const widest = Math.max(...text.split(/\s+/).map((word) => context.measureText(word).width))
      const room = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight)
      if (widest > room + 0.5) found.push(`"${text}": ${Math.ceil(widest)} > ${room}`)
    }
    return found
  })
}

for (const language of ['fr', 'nl', 'en'] as const) {
  test(`the lists' header words are never broken or cut (${language})`, async () => {
    test.setTimeout(120_000)
    app = await launchApp({ officer: { name: 'Élise Vandenberghe', email: null }, language })
    const { page } = app
    await page.setViewportSize(SIZES[0])
    await page.getByTestId('load-demo').click()
    await expect(page.getByTestId('objective-SO4')).toBeVisible()
    for (const section of ['projects', 'milestones', 'partners', 'calls', 'documents']) {
      await page.getByTestId(`nav-${section}`).click()
      await expect(page.locator('.el-table th.el-table__cell, .el-table-v2__header-cell').first()).toBeVisible()
      expect(await cutHeaderWords(page), `${language} ${section}`).toEqual([])
      if (language === 'nl') await page.screenshot({ path: path.join(ARTIFACTS_DIR, `layout-headers-${section}-nl-1024x700.png`) })
    }
  })
}

for (const language of ['fr', 'nl'] as const) {
  test(`the claims' and visits' screens fit every window size, nothing cut (${language})`, async () => {
    test.setTimeout(300_000)
    app = await launchApp({ officer: { name: 'Élise Vandenberghe', email: null }, language })
    const { page } = app
    await page.getByTestId('load-demo').click()
    await expect(page.getByTestId('objective-SO4')).toBeVisible()
    const claims = (await invokeOk(app.workspace, 'claims.list', {})).rows
    const claimId = (reference: string) => claims.find((c) => c.reference === reference)!.id
    const go = async (hash: string, ready: string) => {
      await page.evaluate((h) => (location.hash = h), hash)
      await expect(page.getByTestId(ready)).toBeVisible()
    }
    const tab = async (name: string) => {
      await page.locator(`#tab-${name}`).click()
      await expect(page.locator(`#pane-${name}`)).toBeVisible()
    }
    /** Nothing overflows, no header word is cut, and every action button lies inside the window. */
    const fits = async (what: string, size: { width: number; height: number }) => {
      await page.waitForTimeout(300)
      const where = `${language} ${size.width}x${size.height} ${what}`
      expect(await overflowing(page), where).toEqual([])
      expect(await cutHeaderWords(page), where).toEqual([])
      for (const button of await page.locator('.el-table__fixed-right button, td.actions button').all()) {
        if (!(await button.isVisible())) continue
        const box = (await button.boundingBox())!
        expect(box.x + box.width, `${where}: a button past the window's edge`).toBeLessThanOrEqual(size.width)
      }
      await page.screenshot({ path: path.join(ARTIFACTS_DIR, `layout-${what}-${language}-${size.width}x${size.height}.png`) })
    }
    // A claim under verification (its inputs open) and one verified (read only).
    const open = `#/claims/${claimId('CAR-RS01-DI1')}/verification`
    const verified = `#/claims/${claimId('OIM-RV01-DP1')}/verification`
    for (const size of SIZES) {
      await page.setViewportSize(size)
      await go('#/verifications', 'verifications-table')
      await expect(page.getByTestId('verifications-table').getByTestId('claim-clock').first()).toBeVisible()
      await fits('verifications', size)
      await go('#/visits', 'visit-ranking')
      await expect(page.getByTestId('visit-score').first()).toBeVisible()
      await fits('visits', size)
      await go(open, 'claim-verification')
      await expect(page.getByTestId('claim-verification')).toContainText('CAR-RS01-DI1')
      for (const name of ['checklist', 'lines', 'result', 'report']) {
        await tab(name)
        await fits(`claim-${name}`, size)
      }
      await go(verified, 'claim-verification')
      await expect(page.getByTestId('claim-verification')).toContainText('OIM-RV01-DP1')
      await tab('lines')
      await expect(page.getByTestId('verification-lines').locator('tbody tr').first()).toBeVisible()
      await fits('claim-verified-lines', size)
      await go(`#/claims/${claimId('CAR-RV02-DI1')}/import`, 'claim-import-claim')
      await fits('claim-import', size)
      await go('#/reference', 'nav-reference')
      await tab('checklist')
      await expect(page.getByTestId('checklist-questions').locator('tbody tr').first()).toBeVisible()
      await fits('reference-checklist', size)
    }
    expect(app.errors).toEqual([])
  })
}
