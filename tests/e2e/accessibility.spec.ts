import path from 'node:path'
import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Page } from '@playwright/test'
import { launchApp, type LaunchedApp } from './harness'

/** WCAG 2.1 A and AA: what axe-core checks for the rules the issue asks for. */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']

/** The serious and critical violations axe-core finds on the page as it is, one line per rule and element. */
async function violations(page: Page, screen: string): Promise<string[]> {
  await page.waitForTimeout(350) // transitions (dialogs, tabs) end before colours are measured
  // A toast still fading in or out (the demo's "loaded" message) is measured half transparent: wait for the
  // finite animations and transitions to end (spinners repeat forever and are left alone).
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity), null, {
    timeout: 10_000,
  })
  const result = await new AxeBuilder({ page }).withTags(TAGS).analyze()
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) =>
      v.nodes.map((n) => `${screen}: ${v.id} (${v.impact}) at ${n.target.join(' ')} — ${n.failureSummary?.split('\n').slice(0, 2).join(' ') ?? ''}`),
    )
}

let app: LaunchedApp | undefined
test.afterEach(async () => {
  await app?.close()
  app = undefined
})

for (const language of ['fr', 'nl'] as const) {
  test(`every main screen has no serious or critical WCAG 2.1 AA violation (${language})`, async () => {
    test.setTimeout(300_000)
    app = await launchApp({ officer: { name: 'Élise Vandenberghe', email: null }, language })
    const { page, dialogs } = app
    const found: string[] = []
    const check = async (screen: string) => found.push(...(await violations(page, screen)))

    await page.getByTestId('load-demo').click()
    await expect(page.getByTestId('objective-SO4')).toBeVisible()
    await check('dashboard')

    await page.getByTestId('nav-projects').click()
    await expect(page.getByTestId('project-table')).toContainText('AMIF-')
    await check('projects')

    // A project with everything: partners, budget, payments, indicators, milestones.
    await page.getByTestId('project-table').getByText('AMIF-2024-AC-02', { exact: true }).click()
    await expect(page.getByTestId('project-detail')).toContainText('AMIF-2024-AC-02')
    for (const tab of [
      'details',
      'partners',
      'budget',
      'payments',
      'claims',
      'indicators',
      'milestones',
      'reports',
      'visits',
      'documents',
      'evaluation',
      'history',
    ]) {
      await page.locator(`#tab-${tab}`).click()
      await expect(page.locator(`#pane-${tab}`)).toBeVisible()
      await check(`project ${tab}`)
    }

    // A claim under verification: its Claims tab with the claim open, then its verification page, each tab.
    await page.getByTestId('nav-projects').click()
    await page.getByTestId('project-table').getByText('AMIF-2024-RS-01', { exact: true }).click()
    await page.locator('#tab-claims').click()
    await page.getByTestId('claims-table').getByText('CAR-RS01-DI1').click()
    await expect(page.getByTestId('claim-detail')).toContainText('CAR-RS01-DI1')
    await check('claims tab with a claim')
    await page.getByTestId('claim-verify').click()
    await expect(page.getByTestId('verification-checklist')).toBeVisible()
    await check('verification checklist')
    await page.locator('#tab-lines').click()
    await expect(page.getByTestId('verification-lines').locator('.el-table__body-wrapper tbody tr').first()).toBeVisible()
    await check('verification lines')
    await page.locator('#tab-result').click()
    await expect(page.getByTestId('result-payable')).toBeVisible()
    await check('verification result')

    await page.getByTestId('nav-verifications').click()
    await expect(page.getByTestId('verifications-table')).toContainText('CAR-RS01-DI1')
    await check('verifications')
    // A claim just received: the sampling form (threshold, size, seed) before any draw.
    await page.getByTestId('verifications-table').getByText('CAR-RV02-DI1').click()
    await page.getByTestId('claim-verify').click()
    await page.locator('#tab-lines').click()
    await expect(page.getByTestId('sample-threshold')).toBeVisible()
    await check('verification sampling form')

    await page.getByTestId('nav-visits').click()
    await expect(page.getByTestId('visit-ranking').locator('tbody tr').first()).toBeVisible()
    await check('visits')

    await page.getByTestId('nav-milestones').click()
    await expect(page.getByTestId('milestone-count')).toBeVisible()
    await check('milestones')

    await page.getByTestId('nav-partners').click()
    await expect(page.getByTestId('partner-row').first()).toBeVisible()
    await check('partners')
    await page.getByTestId('partner-row-name').first().click()
    await expect(page.getByTestId('partner-title')).toBeVisible()
    await check('partner detail')
    await page.getByTestId('back-to-list').click()
    await page.getByTestId('partner-new').click()
    await expect(page.getByTestId('partner-detail')).toBeVisible()
    await check('partner form')

    await page.getByTestId('nav-calls').click()
    await expect(page.getByTestId('call-list')).toContainText('AMIF')
    await check('calls')

    await page.getByTestId('nav-documents').click()
    await expect(page.getByTestId('documents-view')).toBeVisible()
    await check('documents')

    await page.getByTestId('nav-reference').click()
    await expect(page.getByTestId('ref-objectives')).toContainText('SO4')
    await check('reference')

    await page.getByTestId('nav-file').click()
    await expect(page.getByTestId('file-details')).toBeVisible()
    await check('file')

    // The handover wizard, its first two steps; then its copy is merged back (the merge preview).
    await page.getByTestId('file-handover').click()
    await expect(page.getByTestId('handover-wizard')).toBeVisible()
    await check('handover wizard')
    await page.getByTestId('handover-to').fill('Pieter Janssens')
    await page.getByTestId('handover-note').fill('Le rapport intermédiaire est en retard.')
    await page.getByTestId('handover-next').click()
    await expect(page.getByTestId('handover-item-payment_due').first()).toBeVisible()
    await check('handover wizard items')
    await page.getByTestId('handover-next').click()
    const copy = path.join(app.dir, 'handover.amif')
    dialogs.nextSave.push(copy)
    await page.getByTestId('handover-write').click()
    await expect(page.getByTestId('handover-done')).toBeVisible()
    await page.keyboard.press('Escape')
    await expect(page.getByTestId('handover-wizard')).toBeHidden()

    await page.getByTestId('file-merge').click()
    await expect(page.getByTestId('merge-view')).toBeVisible()
    await check('merge')
    dialogs.nextOpen.push(copy)
    await page.getByTestId('merge-choose').click()
    await expect(page.getByTestId('merge-theirs')).toBeVisible()
    await check('merge preview')

    expect(found, `axe-core found ${found.length} serious or critical violation(s):\n${found.join('\n')}`).toEqual([])
    expect(app.errors).toEqual([])
  })
}
