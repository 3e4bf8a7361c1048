import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import ExcelJS from 'exceljs'
import { chromium, expect, test, type Browser, type Locator, type Page } from '@playwright/test'
import { TEMPLATE_HEADERS, type ImportField } from '../../database/domain/claims-import'
import { invokeOk } from '../../electron/api'
import { chromiumLaunchOptions, launchApp, type LaunchedApp } from './harness'

/**
 * Issue 15, end to end in the window: an officer imports a beneficiary's Excel list into a claim,
 * verifies the claim on a sample (a threshold and a seeded random draw), rejects one line,
 * prepares; a second officer opens the same file, approves, and sees the payment on the project and
 * the claim leave the dashboard's claims waiting.
 */

const OFFICER_A = { name: 'Élise Vandenberghe', email: null }
const OFFICER_B = { name: 'Pieter Janssens', email: null }
const PROJECT = 'AMIF-2024-RV-02'
const CLAIM = 'CAR-RV02-DI1'

/** Picks an option of an Element Plus select by its visible label. */
async function pickOption(page: Page, select: Locator, label: string): Promise<void> {
  // The visible option only: a dropdown closing from the row before may still hold one of the same name.
  const option = page.getByRole('option', { name: label, exact: true }).filter({ visible: true }).first()
  await expect(async () => {
    if (!(await option.isVisible())) await select.click()
    await option.click({ timeout: 2_000 })
  }).toPass({ timeout: 20_000 })
}

/** Waits until no CSS transition runs (a tab's ink bar, a dialog), then saves the screenshot. */
async function shot(app: LaunchedApp, name: string): Promise<void> {
  await app.page.waitForFunction(() => document.getAnimations().every((a) => !(a instanceof CSSTransition) || a.playState !== 'running'))
  await app.screenshot(name)
}

/** The number in a label such as `Demandes à vérifier (4)`. */
async function countIn(locator: Locator): Promise<number> {
  return Number(/\((\d+)\)/.exec(await locator.innerText())?.[1] ?? NaN)
}

/** A day of the claim's period as a local Date (exceljs writes it as an Excel date). */
function dayOf(iso: string, plusDays: number): Date {
  const d = new Date(`${iso}T12:00:00Z`)
  d.setUTCDate(d.getUTCDate() + plusDays)
  return d
}

/** Fills the template the window wrote with the beneficiary's rows, in its own headers. */
async function fillTemplate(file: string, rows: Partial<Record<ImportField, string | number | Date>>[]): Promise<void> {
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.readFile(file)
  const sheet = workbook.worksheets[0]
  const columnOf = new Map<string, number>()
  sheet.getRow(1).eachCell((cell, col) => columnOf.set(String(cell.value), col))
  rows.forEach((values, i) => {
    const row = sheet.getRow(i + 2)
    for (const [field, value] of Object.entries(values)) row.getCell(columnOf.get(TEMPLATE_HEADERS.fr[field as ImportField])!).value = value
    row.commit()
  })
  await workbook.xlsx.writeFile(file)
}

let app: LaunchedApp | undefined
let browser: Browser | undefined
let dir: string | undefined
test.afterEach(async () => {
  await app?.close()
  app = undefined
  await browser?.close()
  browser = undefined
  if (dir) fs.rmSync(dir, { recursive: true, force: true })
  dir = undefined
})

test('an officer imports a beneficiary list, verifies the claim on a sample and rejects a line; a second officer approves and the payment follows', async () => {
  test.setTimeout(180_000) // a loaded machine; about 45 s otherwise
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amif-e2e-flow-'))
  // The documents folder outlives the first window: the second officer opens the same file.
  const documentsDir = path.join(dir, 'Documents')
  // One browser for both officers' windows.
  browser = await chromium.launch(chromiumLaunchOptions())
  app = await launchApp({ officer: OFFICER_A, language: 'fr', documentsDir, browser })
  let page = app.page
  await page.getByTestId('load-demo').click()
  await expect(page.getByTestId('objective-SO3')).toBeVisible()
  const file = app.workspace.file().path

  // ---- 1. The claim on its project; the beneficiary's list imported from the template ----------
  await page.getByTestId('nav-projects').click()
  await page.getByTestId('project-table').getByText(PROJECT, { exact: true }).click()
  await expect(page.getByTestId('project-detail')).toContainText(PROJECT)
  await page.locator('#tab-claims').click()
  await page.getByTestId('claims-table').getByText(CLAIM).click()
  const detail = page.getByTestId('claim-detail')
  await expect(detail).toContainText(CLAIM)
  await expect(detail.getByTestId('claim-status')).toHaveText('Reçue')
  const linesBefore = await detail.getByTestId('claim-lines').locator('.el-table__body-wrapper tbody tr').count()
  const declaredBefore = (await detail.getByTestId('claim-declared').innerText()).trim()

  await detail.getByTestId('claim-import').click()
  await expect(page.getByTestId('claim-import-claim')).toContainText(PROJECT)
  const template = path.join(dir, 'liste-caritas.xlsx')
  app.dialogs.nextSave.push(template)
  await page.getByTestId('template-download').click()
  await expect.poll(() => fs.existsSync(template)).toBe(true)

  const projectId = (await invokeOk(app.workspace, 'projects.list', { q: PROJECT })).rows[0].id
  const claimOf = async () => (await invokeOk(app!.workspace, 'claims.list', { projectId })).rows.find((c) => c.reference === CLAIM)!
  const claim = await claimOf()
  const start = claim.periodStart
  const interpreting = '3 - Interprétariat et soins médicaux avant départ'
  const imported = [
    { supplier: 'SeTIS bxl ASBL', reference: 'SET-25-1103', description: 'Interprétariat social, 22 heures', cents: 96_800 },
    { supplier: 'Médecins du Monde ASBL', reference: 'MDM-25-0441', description: 'Consultations avant le départ (4 personnes)', cents: 64_000 },
    { supplier: 'Multipharma SC', reference: 'MPH-25-30118', description: 'Traitements remis avant le départ', cents: 41_235 },
    { supplier: 'Traducteurs Associés SRL', reference: 'TA-2025-77', description: 'Traduction de dossiers médicaux', cents: 120_000 },
  ]
  await fillTemplate(template, [
    ...imported.map((r, i) => ({
      kind: 'Coût réel',
      budgetLine: interpreting,
      expenseDate: dayOf(start, 30 + i * 20),
      supplier: r.supplier,
      reference: r.reference,
      description: r.description,
      amountExcl: r.cents / 100,
      amountIncl: r.cents / 100,
      vatEligible: 'Oui',
      paymentDate: dayOf(start, 45 + i * 20),
    })),
    {
      kind: 'Frais de personnel',
      budgetLine: '1 - Travailleurs sociaux réintégration',
      personName: 'Amina Diallo',
      hours: 120,
      annualGross: 51_600,
      description: 'Accompagnement de familles, remplacement',
    },
  ])

  app.dialogs.nextOpen.push(template)
  await page.getByTestId('claim-import-choose').click()
  // A filled-in template maps itself: straight to the rows.
  await expect(page.getByTestId('claim-import-preview')).toBeVisible()
  await expect(page.getByTestId('claim-import-good')).toContainText('5')
  await expect(page.getByTestId('claim-import-bad')).toContainText('0')
  // 3 220,35 € of invoices and 120 h at 51 600 € / 1 720 h = 3 600,00 €.
  await expect(page.getByTestId('claim-import-preview')).toContainText(/6\s820,35\s€/)
  await shot(app, 'flow-01-import-preview')
  await page.getByTestId('claim-import-confirm').click()
  await page.locator('.el-message-box__btns .el-button--primary').click()
  await expect(page.getByTestId('claim-import-done')).toBeVisible()
  await page.getByTestId('claim-import-back').click()
  await page.getByTestId('claims-table').getByText(CLAIM).click()
  await expect(detail.getByTestId('claim-lines').locator('.el-table__body-wrapper tbody tr')).toHaveCount(linesBefore + 5)
  await expect(detail.getByTestId('claim-lines')).toContainText('Traducteurs Associés SRL')
  await expect(detail.getByTestId('claim-lines')).toContainText('Amina Diallo')
  await expect(detail.getByTestId('claim-declared')).not.toHaveText(declaredBefore)
  expect((await claimOf()).declaredCents).toBe(claim.declaredCents + 682_035)
  await detail.getByTestId('claim-lines').scrollIntoViewIfNeeded()
  await shot(app, 'flow-02-claim-lines')

  // ---- 2. The verification: checklist, sample, outcomes, result, prepared ------------------------
  await detail.getByTestId('claim-verify').click()
  const verification = page.getByTestId('claim-verification')
  await expect(verification).toContainText(CLAIM)
  const checklist = page.getByTestId('verification-checklist')
  const questions = checklist.locator(':scope > li')
  const n = await questions.count()
  expect(n).toBeGreaterThan(3)
  for (let i = 0; i < n; i++) {
    await questions.nth(i).getByText('Oui', { exact: true }).click()
    // Each answer is saved before the next: the tab counts it.
    await expect(page.locator('#tab-checklist')).toContainText(`(${i + 1}/${n})`)
  }
  await expect(verification.getByTestId('verification-status')).toHaveText('En vérification')
  await expect(verification).toContainText('Toutes les questions ont une réponse.')
  await shot(app, 'flow-03-checklist')

  // Lines of 45 000 € or more checked whole; two of the others drawn with a recorded seed.
  await page.locator('#tab-lines').click()
  await page.getByTestId('sample-threshold').fill('45000')
  await page.getByTestId('sample-size').locator('input').fill('2')
  await page.getByTestId('sample-seed').fill('flux-e2e-2026')
  await page.getByTestId('sample-draw').click()
  await expect(page.getByTestId('sample-recorded')).toContainText('Élise Vandenberghe')
  await expect(page.getByTestId('sample-seed-shown')).toHaveText('flux-e2e-2026')
  const table = page.getByTestId('verification-lines')
  const rows = table.locator('.el-table__body-wrapper tbody tr')
  await expect(rows.filter({ hasText: 'Tirée' })).toHaveCount(2)
  const toCheck = await rows.count()
  const aboveThreshold = await rows.filter({ hasText: 'Seuil' }).count()
  expect(aboveThreshold).toBeGreaterThan(0)
  expect(toCheck).toBe(aboveThreshold + 2)
  await expect(page.locator('#tab-lines')).toContainText(`(0/${toCheck})`)
  await shot(app, 'flow-04-sample')

  // The first drawn line is rejected as an ineligible cost; every other line is accepted.
  const drawn = rows.filter({ hasText: 'Tirée' }).first()
  const rejectedNo = (await drawn.locator('td').first().innerText()).trim()
  const rejectedAmount = (await drawn.locator('td').nth(3).innerText()).trim()
  const lineNos = (await rows.locator('td:first-child').allInnerTexts()).map((s) => s.trim())
  let checked = 0
  for (const no of lineNos) {
    await pickOption(page, page.getByTestId(`outcome-${no}`), no === rejectedNo ? 'Rejetée' : 'Acceptée')
    if (no === rejectedNo) await pickOption(page, page.getByTestId(`error-${no}`), 'Coût inéligible')
    checked++
    await expect(page.locator('#tab-lines')).toContainText(`(${checked}/${toCheck})`)
  }
  await expect(rows.filter({ hasText: 'Rejetée' })).toHaveCount(1)
  await expect(rows.filter({ hasText: 'Rejetée' })).toContainText('Coût inéligible')
  await expect(rows.filter({ hasText: 'Acceptée' })).toHaveCount(toCheck - 1)
  await shot(app, 'flow-05-lines-outcomes')

  await page.locator('#tab-result').click()
  const result = page.getByTestId('verification-result')
  await expect(result.getByTestId('result-ineligible')).toHaveText(rejectedAmount)
  await expect(result.locator('tr', { hasText: 'Coût inéligible' })).toContainText(rejectedAmount)
  const payable = (await result.getByTestId('result-payable').innerText()).trim()
  expect(payable).toMatch(/€/)
  await expect(page.getByTestId('verification-payable')).toHaveText(payable)
  await shot(app, 'flow-06-result')

  await page.getByTestId('verification-prepare').click()
  await expect(page.getByTestId('verification-four-eyes')).toContainText('Préparée par Élise Vandenberghe')
  await expect(page.getByTestId('verification-approve')).toBeVisible()
  await shot(app, 'flow-07-prepared')
  expect(app.errors).toEqual([])
  await app.close()

  // ---- 3. A second officer opens the same file and approves --------------------------------------
  app = await launchApp({ officer: OFFICER_B, language: 'fr', filePath: file, browser })
  page = app.page
  await expect(page.getByTestId('header-officer')).toContainText('Pieter Janssens')
  await expect(page.getByTestId('objective-SO3')).toBeVisible()
  const waitingTab = page.getByRole('tab', { name: /^Demandes à vérifier/ })
  const waitingBefore = await countIn(waitingTab)
  await waitingTab.click()
  await expect(page.getByTestId('attention-claims')).toContainText(PROJECT)
  await shot(app, 'flow-08-dashboard-before')

  await page.getByTestId('nav-verifications').click()
  await page.getByTestId('verifications-table').getByText(CLAIM).click()
  await page.getByTestId('claim-detail').getByTestId('claim-verify').click()
  await expect(page.getByTestId('verification-four-eyes')).toContainText('Préparée par Élise Vandenberghe')
  await page.getByTestId('verification-approve').click()
  const approveDialog = page.getByTestId('approve-dialog')
  await expect(approveDialog).toContainText(payable)
  // Someone else prepared it: no reason asked.
  await expect(page.getByTestId('approve-reason')).toHaveCount(0)
  await page.getByTestId('approve-confirm').click()
  await expect(approveDialog).toBeHidden()
  await expect(page.getByTestId('verification-status')).toHaveText('Vérifiée')
  await expect(page.getByTestId('verification-four-eyes')).toContainText('Approuvée par Pieter Janssens')
  await expect(page.getByTestId('verification-payment')).toContainText(payable)
  // Closed: the checklist's answers read as text.
  await expect(page.getByTestId('verification-checklist').locator('b.given', { hasText: 'Oui' })).toHaveCount(n)
  await shot(app, 'flow-09-approved')

  // The payment on the project's payments tab: requested, for the payable amount, noted with the claim.
  await page.getByTestId('verification-back').click()
  await expect(page.getByTestId('claims-table').locator('tr', { hasText: CLAIM })).toContainText('Vérifiée')
  await page.locator('#tab-payments').click()
  const payment = page.getByTestId('payments-table').locator('tbody tr', { hasText: CLAIM })
  await expect(payment).toHaveCount(1)
  await expect(payment).toContainText('Paiement intermédiaire')
  await expect(payment).toContainText('Demandé')
  await expect(payment).toContainText(payable)
  // It names its claim, linked to the verification, and offers no Delete: it goes only with the approval.
  await expect(payment.getByTestId('payment-claim')).toHaveText(`Demande ${CLAIM}`)
  await expect(payment.getByTestId('payment-delete')).toBeDisabled()
  await expect(payment.getByTestId('payment-delete')).toHaveAttribute('title', new RegExp(`demande ${CLAIM}`))
  await shot(app, 'flow-10-payments')
  await payment.getByTestId('payment-claim').click()
  await expect(page.getByTestId('claim-verification')).toContainText(CLAIM)
  await page.getByTestId('verification-back').click()

  // The dashboard: the claim no longer waits.
  await page.getByTestId('nav-dashboard').click()
  await expect(waitingTab).toContainText(`(${waitingBefore - 1})`)
  await waitingTab.click()
  await expect(page.getByTestId('attention-claims')).not.toContainText(PROJECT)
  await shot(app, 'flow-11-dashboard-after')
  expect(app.errors).toEqual([])
})
