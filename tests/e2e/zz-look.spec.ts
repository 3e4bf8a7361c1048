import { test } from '@playwright/test'
import { launchApp } from './harness'

test('look', async () => {
  test.setTimeout(240_000)
  const app = await launchApp({ officer: { name: 'Élise', email: null }, language: 'fr' })
  const { page } = app
  await page.getByTestId('load-demo').click()
  await page.getByTestId('objective-SO2').waitFor()
  await page.setViewportSize({ width: 1024, height: 700 })
  for (const nav of ['nav-projects', 'nav-milestones', 'nav-calls', 'nav-partners', 'nav-documents']) {
    await page.getByTestId(nav).click()
    await page.waitForTimeout(800)
    await page.screenshot({ path: `/tmp/look/${nav}-1024.png` })
  }
  await page.getByTestId('nav-projects').click()
  await page.waitForTimeout(800)
  await page.getByText('AMIF-2024-RV-01').first().click()
  await page.waitForTimeout(1000)
  for (const tab of ['budget', 'payments', 'indicators', 'milestones', 'documents']) {
    await page.locator(`#tab-${tab}`).click({ timeout: 5000 })
    await page.waitForTimeout(600)
    await page.screenshot({ path: `/tmp/look/tab-${tab}-1024.png` })
  }
  await app.close()
})
