import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Locator, type Page } from '@playwright/test'
import { invokeOk } from '../../electron/api'
import { launchApp, type LaunchedApp } from './harness'

/** Picks an option of an Element Plus select by its visible label. */
async function pickOption(page: Page, select: Locator, label: string | RegExp): Promise<void> {
  await select.click()
  const options = page.locator('.el-select-dropdown:visible').getByRole('option', typeof label === 'string' ? { name: label, exact: true } : { name: label })
  await options.first().click()
}

/** Types a date (DD/MM/YYYY) into an Element Plus date picker. */
async function typeDate(picker: Locator, ddmmyyyy: string): Promise<void> {
  const input = picker.locator('xpath=self::input | .//input').first()
  await input.fill(ddmmyyyy)
  await input.press('Enter')
}

/** The serious and critical WCAG 2.1 AA violations axe-core finds on the page as it is. */
async function violations(page: Page, screen: string): Promise<string[]> {
  await page.waitForTimeout(350)
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${screen}: ${v.id} (${v.impact}) at ${n.target.join(' ')}`))
}

let app: LaunchedApp | undefined
test.afterEach(async () => {
  await app?.close()
  app = undefined
})

test('an officer records a claim with an invoice and a staff line, returns it for information and resumes it; the Verifications section lists it', async () => {
  test.setTimeout(240_000)
  app = await launchApp({ officer: { name: 'Élise Vandenberghe', email: null }, language: 'fr' })
  const { page, workspace } = app
  await page.getByTestId('load-demo').click()
  await expect(page.getByTestId('objective-SO2')).toBeVisible()
  const project = (await invokeOk(workspace, 'projects.list', { q: 'AMIF-2024-RV-02' })).rows[0]
  await page.evaluate((id) => (location.hash = `#/projects/${id}?tab=claims`), project.id)
  await expect(page.getByTestId('claims-panel')).toBeVisible()

  // A new interim claim.
  await page.getByTestId('claim-add').click()
  const claimDialog = page.getByTestId('claim-dialog')
  await page.getByTestId('claim-reference').fill('DC-CARITAS-2026-01')
  await typeDate(page.getByTestId('claim-period-start'), '01/01/2026')
  await typeDate(page.getByTestId('claim-period-end'), '30/06/2026')
  await claimDialog.getByRole('button', { name: 'Enregistrer' }).click()
  await expect(claimDialog).toBeHidden()
  const detail = page.getByTestId('claim-detail')
  await expect(detail.getByTestId('claim-status')).toHaveText('Reçue')
  await expect(page.getByTestId('claims-table')).toContainText('DC-CARITAS-2026-01')

  // An invoice, VAT not eligible: 1 000,00 € declared of 1 210,00 €.
  await page.getByTestId('claim-line-add').click()
  const lineDialog = page.getByTestId('claim-line-dialog')
  await pickOption(page, page.getByTestId('claim-line-budget-line'), /^Interprétariat et soins médicaux/)
  await page.getByTestId('claim-line-excl').fill('1000')
  await page.getByTestId('claim-line-incl').fill('1210')
  await typeDate(page.getByTestId('claim-line-date'), '15/02/2026')
  await page.getByTestId('claim-line-supplier').fill('Interprètes Sans Frontières')
  await page.getByTestId('claim-line-reference').fill('F-2026-014')
  await expect(page.getByTestId('claim-line-declared')).toContainText('1 000,00 €')
  await lineDialog.getByRole('button', { name: 'Enregistrer' }).click()
  await expect(lineDialog).toBeHidden()

  // Staff time from annual costs: 55 000 € / 1 720 h = 31,97 €/h, 120 h = 3 836,40 €.
  await page.getByTestId('claim-line-add').click()
  await pickOption(page, page.getByTestId('claim-line-kind'), 'Frais de personnel')
  await pickOption(page, page.getByTestId('claim-line-budget-line'), /^Travailleurs sociaux réintégration/)
  await page.getByTestId('claim-line-person').fill('Sofie Martens')
  await page.getByTestId('claim-line-hours').fill('120')
  await page.getByTestId('claim-line-by-annual').click()
  await page.getByTestId('claim-line-annual').fill('55000')
  await expect(page.getByTestId('claim-line-computed-rate')).toContainText('31,97 €')
  await expect(page.getByTestId('claim-line-declared')).toContainText('3 836,40 €')
  await lineDialog.getByRole('button', { name: 'Enregistrer' }).click()
  await expect(lineDialog).toBeHidden()
  await expect(page.getByTestId('claim-lines').locator('.el-table__body-wrapper tr')).toHaveCount(2)
  await expect(detail.getByTestId('claim-declared')).toHaveText('4 836,40 €')

  // Returned for information: the clock stops, with its reason.
  await page.getByTestId('claim-move-returned').click()
  const move = page.getByTestId('claim-move-dialog')
  await page.getByTestId('claim-move-reason').fill('Feuilles de temps signées manquantes')
  await move.getByRole('button', { name: 'Enregistrer' }).click()
  await expect(move).toBeHidden()
  await expect(detail.getByTestId('claim-status')).toHaveText('Renvoyée pour information')
  await expect(detail.getByTestId('claim-clock')).toContainText('Suspendu')
  await expect(detail.getByTestId('claim-suspensions')).toContainText('Feuilles de temps signées manquantes')

  // The Verifications section lists it; a click opens it on its project's Claims tab.
  await page.getByTestId('nav-verifications').click()
  await expect(page.getByTestId('verifications-table')).toContainText('AMIF-2024-RV-02')
  await expect(page.getByTestId('verifications-table')).toContainText('Suspendu')
  await page.getByTestId('verifications-table').getByText('DC-CARITAS-2026-01').click()
  await expect(page.getByTestId('claim-detail')).toContainText('DC-CARITAS-2026-01')

  // Resumed: the clock runs again.
  await page.getByTestId('claim-move-under_verification').click()
  await move.getByRole('button', { name: 'Enregistrer' }).click()
  await expect(move).toBeHidden()
  await expect(detail.getByTestId('claim-status')).toHaveText('En vérification')
  await expect(detail.getByTestId('claim-clock')).toContainText('jours restants')

  // The demonstration's own claim of this project is listed beside the new one.
  const ours = (await invokeOk(workspace, 'claims.list', { projectId: project.id })).rows.find((r) => r.reference === 'DC-CARITAS-2026-01')!
  expect(ours).toMatchObject({ status: 'under_verification', declaredCents: 483_640, clock: { stopped: false } })
  expect(app.errors).toEqual([])

  const found: string[] = []
  // Screenshots, looked at by hand: the Claims tab and the Verifications section, in French and Dutch, at two sizes.
  for (const language of ['fr', 'nl'] as const) {
    await page.getByRole('radio', { name: language.toUpperCase() }).click({ force: true })
    for (const [width, height] of [
      [1280, 800],
      [1024, 700],
    ]) {
      await page.setViewportSize({ width, height })
      await page.evaluate(({ id, claim }) => (location.hash = `#/projects/${id}?tab=claims&claim=${claim}`), { id: project.id, claim: ours.id })
      await page.getByTestId('claims-panel').waitFor()
      await expect(page.getByTestId('claim-detail')).toBeVisible()
      await app.screenshot(`claims-tab-${language}-${width}`)
      if (width === 1280) found.push(...(await violations(page, `claims tab ${language}`)))
      await page.getByTestId('claim-lines').scrollIntoViewIfNeeded()
      await app.screenshot(`claims-lines-${language}-${width}`)
      if (width === 1024) {
        await page
          .getByTestId('claim-lines')
          .getByRole('button', { name: language === 'fr' ? 'Modifier' : 'Bewerken' })
          .nth(1)
          .click()
        await expect(page.getByTestId('claim-line-computed-rate')).toBeVisible()
        await app.screenshot(`claims-line-dialog-${language}-${width}`)
        found.push(...(await violations(page, `line dialog ${language}`)))
        await page.getByTestId('claim-line-dialog').getByTestId('dialog-cancel').click()
        await expect(page.getByTestId('claim-line-dialog')).toBeHidden()
      }
      await page.getByTestId('nav-verifications').click()
      await expect(page.getByTestId('verifications-table')).toContainText('AMIF-2024-RV-02')
      await app.screenshot(`verifications-${language}-${width}`)
      if (width === 1280) found.push(...(await violations(page, `verifications ${language}`)))
    }
  }
  expect(found).toEqual([])
})
