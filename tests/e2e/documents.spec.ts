import fs from 'node:fs'
import path from 'node:path'
import { expect, test } from '@playwright/test'
import { launchApp, type LaunchedApp } from './harness'

let app: LaunchedApp | undefined
test.afterEach(async () => {
  await app?.close()
  app = undefined
})

test('an officer evaluates a project, produces its agreement from the project page, finds it in the register and marks it final', async () => {
  test.setTimeout(180_000)
  app = await launchApp({ officer: { name: 'Élise Vandenberghe', email: null }, language: 'fr' })
  const { page } = app
  await page.setViewportSize({ width: 1440, height: 900 })
  await page.getByTestId('load-demo').click()
  await expect(page.getByTestId('objective-SO3')).toBeVisible()

  await page.getByTestId('nav-projects').click()
  await page.getByTestId('project-list').getByText('AMIF-2024-RV-01', { exact: true }).click()
  await expect(page.getByTestId('project-detail')).toContainText('Réintégration durable')

  // The evaluation the report will print.
  await page.getByRole('tab', { name: 'Évaluation' }).click()
  await expect(page.getByTestId('evaluation-panel')).toBeVisible()
  await expect(page.getByTestId('evaluation-scored')).toContainText('6 critère(s) sur 6')
  await page.getByTestId('score-impact').getByText('2 · Partiellement insatisfaisant').click()
  await page.getByTestId('comment-impact').locator('xpath=self::textarea | .//textarea').first().fill('Effets à 12 mois encore inconnus.')
  await page.getByTestId('evaluation-save').click()
  await expect(page.locator('.el-message--success', { hasText: 'Évaluation enregistrée' })).toBeVisible()

  // The agreement, in Dutch, from the Documents tab.
  await page.getByRole('tab', { name: 'Documents' }).click()
  await expect(page.getByTestId('documents-panel')).toBeVisible()
  await page.getByTestId('produce-agreement').click()
  const dialog = page.getByTestId('produce-dialog')
  await dialog.getByText('Nederlands').click()
  await expect(page.getByTestId('produce-outcome')).toContainText('Crée la version 1 (brouillon)')
  await page.getByTestId('produce-confirm').click()
  const table = page.getByTestId('documents-panel').getByTestId('document-table')
  await expect(table).toContainText('AMIF-2024-RV-01/CONV/v1')
  await expect(table).toContainText('Brouillon')
  await expect(table).toContainText('NL')
  await app.screenshot('30-project-documents-fr')

  // Opened: written where the officer chose, and shown in the PDF viewer.
  await table.getByRole('button', { name: 'Ouvrir' }).first().click()
  await expect(page.locator('.el-message--success', { hasText: 'Document enregistré' })).toBeVisible()
  const written = app.dialogs.opened.at(-1)!
  expect(path.basename(written)).toBe('AMIF-2024-RV-01 Subsidieovereenkomst v1 (ontwerp).pdf')
  expect(fs.readFileSync(written).subarray(0, 5).toString('latin1')).toBe('%PDF-')

  // Beside it, the attachments: the signed scan, chosen in the open dialog, its type read from its content.
  const attachments = page.getByTestId('attachments-panel')
  await expect(attachments.getByTestId('attachment-table')).toContainText('Aucune pièce jointe.')
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('IHDR scan signé', 'latin1')])
  const scanPath = path.join(app.dir, 'scan convention signée.png')
  fs.writeFileSync(scanPath, png)
  app.dialogs.nextOpen.push(scanPath)
  await page.getByTestId('attachment-add').click()
  await page.getByTestId('attachment-title').locator('xpath=self::input | .//input').first().fill('Convention signée par Caritas')
  await page.getByTestId('attachment-choose').click()
  const scanRow = attachments.getByTestId('attachment-table').locator('tr', { hasText: 'Convention signée par Caritas' })
  await expect(scanRow).toContainText('Convention signée (scan)')
  await expect(scanRow).toContainText('scan convention signée.png')
  await expect(scanRow).toContainText('Élise Vandenberghe')
  // Pointed at the agreement it is the signed copy of.
  await scanRow.locator('[data-testid^="attachment-link-"]').click()
  await page.locator('.el-dropdown-menu__item', { hasText: 'AMIF-2024-RV-01/CONV/v1' }).click()
  await expect(scanRow).toContainText('Scan signé de AMIF-2024-RV-01/CONV/v1')
  // Opened: the same bytes, under the type's extension.
  await scanRow.getByRole('button', { name: 'Ouvrir' }).click()
  await expect(page.locator('.el-message--success', { hasText: 'Pièce jointe enregistrée' })).toBeVisible()
  const scanWritten = app.dialogs.opened.at(-1)!
  expect(path.extname(scanWritten)).toBe('.png')
  expect(fs.readFileSync(scanWritten)).toEqual(png)
  // A program named .pdf is refused, with its message, and nothing is added.
  const exe = path.join(app.dir, 'facture.pdf')
  fs.writeFileSync(exe, Buffer.concat([Buffer.from('MZ'), Buffer.alloc(64, 0x90)]))
  app.dialogs.nextOpen.push(exe)
  await page.getByTestId('attachment-add').click()
  await page.getByTestId('attachment-title').locator('xpath=self::input | .//input').first().fill('Facture')
  await page.getByTestId('attachment-choose').click()
  await expect(page.locator('.el-message--error', { hasText: 'n’est pas accepté comme pièce jointe' })).toBeVisible()
  await page.getByTestId('attachment-dialog').getByRole('button', { name: 'Annuler' }).click()
  await expect(attachments.getByTestId('attachment-table').locator('tbody tr')).toHaveCount(1)
  await app.screenshot('30b-project-attachments-fr')
  // Removed after confirming.
  await scanRow.locator('[data-testid^="attachment-remove-"]').click()
  await page.locator('.el-message-box').getByRole('button', { name: 'Retirer' }).click()
  await expect(attachments.getByTestId('attachment-table')).toContainText('Aucune pièce jointe.')

  // The register lists it with the others; marking it final keeps it as it is for good.
  await page.getByTestId('nav-documents').click()
  await expect(page.getByTestId('documents-view')).toBeVisible()
  const register = page.getByTestId('documents-view').getByTestId('document-table')
  const row = register.locator('tr', { hasText: 'AMIF-2024-RV-01/CONV/v1' })
  await expect(row).toContainText('Subsidieovereenkomst AMIF-2024-RV-01')
  await expect(row).toContainText('Élise Vandenberghe')
  await row.locator('[data-testid^="doc-finalize-"]').click()
  await page.locator('.el-message-box').getByRole('button', { name: 'Marquer comme définitif' }).click()
  await expect(row).toContainText('Définitif')
  await expect(row.locator('[data-testid^="doc-finalize-"]')).toHaveCount(0)

  // The evaluation report and the programme report land in the same register.
  await page.getByTestId('produce-programme').click()
  await page.getByTestId('programme-confirm').click()
  await expect(register).toContainText('Rapport de programme')
  await expect(page.getByTestId('programme-dialog')).toBeHidden()
  await expect(page.locator('.el-message')).toHaveCount(0, { timeout: 15_000 })
  await app.screenshot('31-document-register-fr')

  // The file's organisation and the clauses are set in the same section.
  await page.getByRole('tab', { name: 'Clauses des conventions' }).click()
  await expect(page.getByTestId('clauses-modified')).toContainText('aucun article modifié')
  await page.getByTestId('clause-edit-visibility').click()
  await page
    .getByTestId('clause-body')
    .locator('xpath=self::textarea | .//textarea')
    .first()
    .fill('Le bénéficiaire affiche l’emblème de l’Union sur tous ses supports.')
  await page.getByTestId('clause-dialog').getByTestId('dialog-save').click()
  await expect(page.getByTestId('clauses-modified')).toContainText('1 article modifié')
  await expect(page.getByTestId('clause-visibility').getByTestId('clause-modified')).toBeVisible()
  await app.screenshot('32-clauses-fr')

  expect(app.errors).toEqual([])
})

test('all agreements of a call are produced in one go, with progress', async () => {
  test.setTimeout(180_000)
  app = await launchApp({ officer: { name: 'Pieter Janssens', email: null }, language: 'en' })
  const { page } = app
  await page.getByTestId('load-demo').click()
  await expect(page.getByTestId('objective-SO3')).toBeVisible()
  await page.getByTestId('nav-calls').click()
  await page.getByTestId('call-agreements-FED-AMIF-2024-RV').click()
  const dialog = page.getByTestId('batch-dialog')
  await expect(dialog).toContainText('AMIF-2024-RV-01')
  await expect(dialog).toContainText('AMIF-2024-RV-02')
  await page.getByTestId('batch-start').click()
  await expect(page.getByTestId('batch-AMIF-2024-RV-01')).toContainText('AMIF-2024-RV-01/CONV/v1', { timeout: 60_000 })
  await expect(page.getByTestId('batch-AMIF-2024-RV-02')).toContainText('AMIF-2024-RV-02/CONV/v1', { timeout: 60_000 })
  await expect(page.getByTestId('batch-progress')).toContainText('100%')
  await app.screenshot('33-batch-agreements-en')
  await dialog.getByRole('button', { name: 'Close', exact: true }).click()

  await page.getByTestId('nav-documents').click()
  await expect(page.getByTestId('documents-view')).toContainText('AMIF-2024-RV-02/CONV/v1')
  expect(app.errors).toEqual([])
})
