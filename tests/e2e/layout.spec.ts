import path from 'node:path'
import { expect, test, type Page } from '@playwright/test'
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
 * placeholder, a chart's canvas, text for screen readers only, a table header that scrolls with its body).
 */
async function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const skip =
      '.el-select, .el-date-editor, .el-input, canvas, .el-tabs__nav-wrap, .el-tabs__nav-scroll, .el-progress, .el-tooltip__trigger svg, [data-allow-overflow], .sr-only, .el-table__header-wrapper, .el-table__footer-wrapper'
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
      for (const tab of ['budget', 'payments', 'indicators', 'milestones', 'documents']) {
        await page.locator(`#tab-${tab}`).click()
        await page.waitForTimeout(300)
        expect(await overflowing(page), `${language} ${size.width}x${size.height} ${tab}`).toEqual([])
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
