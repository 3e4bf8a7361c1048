import AxeBuilder from '@axe-core/playwright'
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
  const input = picker.locator('xpath=self::input | .//input').first()
  await input.fill(ddmmyyyy)
  await input.press('Enter')
}

/** A day counted from today, as DD/MM/YYYY. */
function dayFromToday(days: number): string {
  const d = new Date()
  d.setDate(d.getDate() + days)
  return `${String(d.getDate()).padStart(2, '0')}/${String(d.getMonth() + 1).padStart(2, '0')}/${d.getFullYear()}`
}

/** The serious and critical WCAG 2.1 AA violations axe-core finds on the page, one line per element. */
async function violations(page: Page, screen: string): Promise<string[]> {
  await page.waitForTimeout(350) // transitions end before colours are measured
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${screen}: ${v.id} at ${n.target.join(' ')}`))
}

let app: LaunchedApp | undefined
test.afterEach(async () => {
  await app?.close()
  app = undefined
})

test('an officer plans a visit from the ranking, records a finding and a recommendation, marks it done and sees the ranking', async () => {
  test.setTimeout(150_000)
  app = await launchApp({ officer: { name: 'Élise Vandenberghe', email: null }, language: 'fr' })
  const { page } = app
  await page.getByTestId('load-demo').click()
  await expect(page.getByTestId('objective-SO2')).toBeVisible()
  // The dashboard lists the top of the ranking.
  await page.getByRole('tab', { name: /Projets à visiter/ }).click()
  await expect(page.getByTestId('attention-visits').locator('li')).toHaveCount(4) // three projects and the link to the section
  await app.screenshot('64-dashboard-visits-fr')

  // The Visits section: projects ranked by risk, each factor with its points.
  await page.getByTestId('nav-visits').click()
  const ranking = page.getByTestId('visit-ranking')
  await expect(ranking.locator('tbody tr').first()).toBeVisible()
  const firstCode = (await ranking.locator('tbody tr').first().locator('a').first().innerText()).trim()
  await expect(ranking.locator('tbody tr').first()).toContainText('Montant')
  const scores = (await ranking.getByTestId('visit-score').allInnerTexts()).map(Number)
  expect(scores).toEqual([...scores].sort((a, b) => b - a))
  await app.screenshot('60-visits-ranking-fr')
  const found = await violations(page, 'visits section')

  // "Plan" opens the project's Visits tab with a new visit.
  await ranking.getByTestId('visit-plan').first().click()
  await expect(page.getByTestId('project-detail')).toContainText(firstCode)
  const dialog = page.getByTestId('visit-dialog')
  await expect(dialog).toBeVisible({ timeout: 30_000 })
  await typeDate(page.getByTestId('visit-date'), dayFromToday(-1))
  await pickOption(page, page.getByTestId('visit-status'), 'Effectuée')
  await page.getByTestId('visit-place').fill('Bruxelles, bureaux du bénéficiaire')
  await page.getByTestId('visit-scope').fill('Feuilles de temps T2, visibilité, pièces justificatives')
  await dialog.getByRole('button', { name: 'Enregistrer' }).click()
  await expect(dialog).toBeHidden()
  await expect(page.getByTestId('visits-table')).toContainText('Bruxelles, bureaux du bénéficiaire')

  // A high-severity finding, and a recommendation that answers it.
  await page.getByTestId('finding-add').click()
  await page.getByTestId('finding-severity').getByText('Élevée').click()
  await page.getByTestId('finding-description').fill('Feuilles de temps non signées par le responsable')
  await page.getByTestId('finding-dialog').getByRole('button', { name: 'Enregistrer' }).click()
  await expect(page.getByTestId('findings-table')).toContainText('Feuilles de temps non signées')
  await page.getByTestId('recommendation-add').click()
  await page.getByTestId('recommendation-text').fill('Faire signer chaque feuille de temps dans le mois')
  await typeDate(page.getByTestId('recommendation-due'), dayFromToday(30))
  await pickOption(page, page.getByTestId('recommendation-finding'), 'Feuilles de temps non signées par le responsable')
  await page.getByTestId('recommendation-dialog').getByRole('button', { name: 'Enregistrer' }).click()
  const recs = page.getByTestId('recommendations-table')
  await expect(recs).toContainText('Faire signer chaque feuille de temps')
  await expect(recs).toContainText('Ouverte')
  await page.setViewportSize({ width: 1024, height: 700 })
  await recs.scrollIntoViewIfNeeded()
  await app.screenshot('61a-recommendation-open-fr-1024')
  await page.setViewportSize({ width: 1280, height: 800 })

  // Done, with what was done.
  await recs.locator('[data-testid^="recommendation-done-"]').first().click()
  const follow = page.getByTestId('follow-up-dialog')
  await follow.getByRole('button', { name: 'Enregistrer' }).click()
  await expect(follow).toContainText('Décrivez ce qui a été fait.')
  await page.getByTestId('follow-up-note').fill('Procédure de validation mensuelle en place, exemples reçus')
  await follow.getByRole('button', { name: 'Enregistrer' }).click()
  await expect(follow).toBeHidden()
  await expect(recs).toContainText('Mise en œuvre le')
  await expect(recs).toContainText('Procédure de validation mensuelle')
  await app.screenshot('61-project-visits-fr')
  found.push(...(await violations(page, 'visits tab')))
  expect(found).toEqual([])
  await page.setViewportSize({ width: 1024, height: 700 })
  await app.screenshot('61b-project-visits-fr-1024')

  // Back on the ranking: the project now shows its last visit.
  await page.getByTestId('nav-visits').click()
  const row = page.getByTestId('visit-ranking').locator('tbody tr', { hasText: firstCode })
  await expect(row).toBeVisible()
  await expect(row).not.toContainText('Jamais')
  await app.screenshot('60b-visits-ranking-fr-1024')
  expect(app.errors).toEqual([])
})

test('the Visits section in Dutch, at both window sizes', async () => {
  app = await launchApp({ officer: { name: 'Pieter Janssens', email: null }, language: 'nl' })
  const { page } = app
  await page.getByTestId('load-demo').click()
  await expect(page.getByTestId('objective-SO2')).toBeVisible()
  await page.getByTestId('nav-visits').click()
  await expect(page.getByTestId('visit-ranking').locator('tbody tr').first()).toContainText('Bedrag')
  await expect(page.getByRole('heading', { name: 'Te bezoeken projecten' })).toBeVisible()
  await app.screenshot('62-visits-ranking-nl')
  await page.setViewportSize({ width: 1024, height: 700 })
  await app.screenshot('62b-visits-ranking-nl-1024')
  await page.getByTestId('visit-ranking').getByTestId('visit-plan').first().click()
  await expect(page.getByTestId('visit-dialog')).toBeVisible({ timeout: 30_000 })
  await app.screenshot('63-visit-dialog-nl-1024')
  expect(app.errors).toEqual([])
})
