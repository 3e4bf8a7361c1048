import { expect, test, type Locator, type Page } from '@playwright/test'
import { launchApp, type LaunchedApp } from './harness'

/** Picks an option of an Element Plus select by its visible label. */
async function pickOption(page: Page, select: Locator, label: string | RegExp): Promise<void> {
  await select.click()
  const options = page.locator('.el-select-dropdown:visible').getByRole('option', typeof label === 'string' ? { name: label, exact: true } : { name: label })
  await options.first().click()
}

/** Types a date (DD/MM/YYYY, as the officer reads it) into an Element Plus date picker. */
async function typeDate(picker: Locator, ddmmyyyy: string): Promise<void> {
  // The test id lands on the input itself or on its wrapper, depending on the component.
  const input = picker.locator('xpath=self::input | .//input').first()
  await input.fill(ddmmyyyy)
  await input.press('Enter')
}

/** The whole number in a figure such as "4 662 350,00 €" or "3 / 6" (first number). */
function amount(text: string): number {
  return Number(text.replace(/[^\d,]/g, '').replace(',', '.'))
}

let app: LaunchedApp | undefined
test.afterEach(async () => {
  await app?.close()
  app = undefined
})

test('an officer creates a project with a budget, a payment and a milestone, marks it done and sees the dashboard change', async () => {
  test.setTimeout(150_000)
  app = await launchApp({ officer: { name: 'Élise Vandenberghe', email: null }, language: 'fr' })
  const { page } = app
  await page.setViewportSize({ width: 1440, height: 900 })
  await page.getByTestId('load-demo').click()
  const so2 = page.getByTestId('objective-SO2')
  await expect(so2).toBeVisible()
  await expect(page.getByTestId('objective-SO1')).toContainText('Asile')
  const before = {
    projects: amount(await so2.getByTestId('figure-projects').innerText()),
    eligible: amount(await so2.getByTestId('figure-eligible').innerText()),
    paid: amount(await so2.getByTestId('figure-paid').innerText()),
    milestones: (await so2.getByTestId('figure-milestones').innerText()).split('/').map((n) => Number(n.trim())),
  }
  await expect(page.locator('.el-message')).toHaveCount(0, { timeout: 10_000 })
  await app.screenshot('20-dashboard-fr')

  // A new French-course project for Alpha Mosaïque under SO2.
  await page.getByTestId('nav-projects').click()
  await expect(page.getByTestId('project-count')).toContainText('13 projets')
  await page.getByTestId('project-new').click()
  await page.getByTestId('project-code').fill('amif-2026-in-09')
  await page.getByTestId('project-title').fill('Cours de français du soir à Liège')
  await pickOption(page, page.getByTestId('project-beneficiary'), /^Alpha Mosaïque –/)
  await pickOption(page, page.getByTestId('project-objective'), 'SO2 · Migration légale et intégration')
  await pickOption(page, page.getByTestId('project-strand'), 'Intégration')
  await pickOption(page, page.getByTestId('project-strand-objective'), /^IN-1/)
  await typeDate(page.getByTestId('project-start'), '01/01/2026')
  await typeDate(page.getByTestId('project-end'), '31/12/2027')
  await page.getByTestId('project-save').click()
  await expect(page).toHaveURL(/#\/projects\/[0-9a-f-]{36}$/)
  await expect(page.getByTestId('project-detail')).toContainText('AMIF-2026-IN-09')
  await expect(page.getByTestId('project-status')).toHaveText('Brouillon')

  // Budget: 100 000 € of staff, and indirect costs at 7 % of direct costs, computed.
  await page.getByRole('tab', { name: 'Budget' }).click()
  await page.getByTestId('budget-add').click()
  await pickOption(page, page.getByTestId('budget-category'), 'Personnel')
  await page.getByTestId('budget-description').fill('Formateurs FLE')
  await page.getByTestId('budget-amount').locator('xpath=self::input | .//input').first().fill('100 000')
  await page.getByTestId('budget-dialog').getByRole('button', { name: 'Enregistrer' }).click()
  await expect(page.getByTestId('budget-lines')).toContainText('Formateurs FLE')
  await page.getByTestId('budget-add').click()
  await pickOption(page, page.getByTestId('budget-model'), 'Forfait 7 % des coûts directs')
  await page.getByTestId('budget-description').fill('Coûts indirects')
  await page.getByTestId('budget-dialog').getByRole('button', { name: 'Enregistrer' }).click()
  await expect(page.getByTestId('budget-eligible')).toHaveText(/107\s000,00\s€/)
  await expect(page.getByTestId('budget-eu')).toHaveText(/80\s250,00\s€/)
  await expect(page.getByTestId('budget-own')).toHaveText(/26\s750,00\s€/)

  // A paid advance of 32 100 €.
  await page.getByRole('tab', { name: 'Paiements' }).click()
  await page.getByTestId('payment-add').click()
  await typeDate(page.getByTestId('payment-planned-date'), '15/01/2026')
  await page.getByTestId('payment-planned-amount').locator('xpath=self::input | .//input').first().fill('32100')
  await pickOption(page, page.getByTestId('payment-status'), 'Payé')
  await typeDate(page.getByTestId('payment-paid-date'), '20/01/2026')
  await page.getByTestId('payment-paid-amount').locator('xpath=self::input | .//input').first().fill('32 100,00')
  await page.getByTestId('payment-dialog').getByRole('button', { name: 'Enregistrer' }).click()
  await expect(page.getByTestId('payments-paid')).toHaveText(/32\s100,00\s€/)
  await expect(page.getByTestId('payments-to-pay')).toHaveText(/48\s150,00\s€/)

  // A milestone due in the past is late until it is marked done.
  await page.getByRole('tab', { name: /Jalons/ }).click()
  await page.getByTestId('milestone-add').click()
  await page.getByTestId('milestone-title').fill('Premier module de 60 heures')
  await typeDate(page.getByTestId('milestone-due'), '30/06/2026')
  await page.getByTestId('milestone-dialog').getByRole('button', { name: 'Enregistrer' }).click()
  await expect(page.getByTestId('milestone-late')).toBeVisible()
  await app.screenshot('21-project-milestone-late-fr')
  await page.getByTestId('milestone-done').click()
  await expect(page.getByTestId('milestones-table')).toContainText('Réalisé')
  await expect(page.getByTestId('milestone-late')).toHaveCount(0)
  await page.getByRole('tab', { name: 'Budget' }).click()
  await app.screenshot('22-project-budget-fr')

  // The dashboard counts the new project under SO2.
  await page.getByTestId('nav-dashboard').click()
  await expect(so2.getByTestId('figure-projects')).toHaveText(String(before.projects + 1))
  await expect.poll(async () => amount(await so2.getByTestId('figure-eligible').innerText())).toBeCloseTo(before.eligible + 107_000, 2)
  await expect.poll(async () => amount(await so2.getByTestId('figure-paid').innerText())).toBeCloseTo(before.paid + 32_100, 2)
  await expect(so2.getByTestId('figure-milestones')).toHaveText(`${before.milestones[0] + 1} / ${before.milestones[1] + 1}`)

  // In Dutch: the dashboard and the project page.
  await page.getByTestId('language-switcher').getByText('NL', { exact: true }).click()
  await expect(page.getByTestId('objective-SO3')).toContainText('Terugkeer')
  await expect(page.getByTestId('attention')).toContainText('Mijlpalen te laat')
  await app.screenshot('23-dashboard-nl')
  await page.getByTestId('attention-late').getByRole('link').first().click()
  await expect(page.getByTestId('project-detail')).toBeVisible()
  await expect(page.getByRole('tab', { name: 'Betalingen' })).toBeVisible()
  await app.screenshot('24-project-nl')
  expect(app.errors).toEqual([])
})

test('the project and milestone lists keep their search and filters after opening a project and coming back', async () => {
  test.setTimeout(90_000)
  app = await launchApp({ officer: { name: 'Élise Vandenberghe', email: null }, language: 'fr' })
  const { page } = app
  await page.getByTestId('load-demo').click()
  await expect(page.getByTestId('objective-SO2')).toBeVisible()

  await page.getByTestId('nav-projects').click()
  await expect(page.getByTestId('project-count')).toContainText('13 projets')
  await page.getByTestId('project-search').locator('xpath=self::input | .//input').first().fill('retour')
  await expect(page.getByTestId('project-count')).not.toContainText('13 projets')
  const filtered = await page.getByTestId('project-count').innerText()
  await page.getByTestId('project-table').locator('.code-link').first().click()
  await expect(page.getByTestId('project-detail')).toBeVisible()
  await page.getByTestId('nav-projects').click()
  await expect(page.getByTestId('project-search').locator('xpath=self::input | .//input').first()).toHaveValue('retour')
  await expect(page.getByTestId('project-count')).toHaveText(filtered)

  await page.getByTestId('nav-milestones').click()
  await expect(page.getByTestId('milestone-count')).not.toHaveText(/^0\D/)
  const all = await page.getByTestId('milestone-count').innerText()
  await page.getByTestId('late-only').click()
  await expect(page.getByTestId('milestone-count')).not.toHaveText(all)
  const late = await page.getByTestId('milestone-count').innerText()
  await page.getByTestId('milestone-list').locator('.code-link').first().click()
  await expect(page.getByTestId('project-detail')).toBeVisible()
  await page.goBack()
  await expect(page.getByTestId('late-only')).toHaveClass(/is-checked/)
  await expect(page.getByTestId('milestone-count')).toHaveText(late)
  expect(app.errors).toEqual([])
})
