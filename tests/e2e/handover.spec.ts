import fs from 'node:fs'
import path from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { launchApp, type LaunchedApp } from './harness'

let app: LaunchedApp | undefined
test.afterEach(async () => {
  await app?.close()
  app = undefined
})

/** Opens a project from the list and renames it in its details form. */
async function renameProject(page: Page, code: string, title: string): Promise<void> {
  await page.getByTestId('nav-projects').click()
  await page.getByTestId('project-list').getByText(code, { exact: true }).click()
  await expect(page.getByTestId('project-detail')).toContainText(code)
  await page.getByTestId('project-title').fill(title)
  await page.getByTestId('project-save').click()
  await expect(page.getByTestId('project-detail').locator('h1')).toContainText(title)
}

test('an officer hands the demo file over, the colleague sees the note, and the two files are merged back with a conflict resolved', async () => {
  test.setTimeout(240_000)
  app = await launchApp({ officer: { name: 'Élise Vandenberghe', email: null }, language: 'fr' })
  const { page, dialogs } = app
  await page.setViewportSize({ width: 1440, height: 900 })
  await page.getByTestId('load-demo').click()
  await expect(page.getByTestId('objective-SO1')).toBeVisible()
  const mine = app.workspace.file().path

  // The handover wizard: the colleague, a note, the open items the app finds, the copy.
  await page.getByTestId('nav-file').click()
  await page.getByTestId('file-handover').click()
  const wizard = page.getByTestId('handover-wizard')
  await page.getByTestId('handover-to').fill('Pieter Janssens')
  await page.getByTestId('handover-note').fill('Pieter, le rapport intermédiaire de l’OIM est en retard : relance faite le 25/11.')
  await page.getByTestId('handover-next').click()
  await expect(page.getByTestId('handover-items')).toContainText('Jalons en retard')
  await expect(page.getByTestId('handover-items')).toContainText('AMIF-2024-RV-01')
  await expect(page.getByTestId('handover-item-payment_due').first()).toBeVisible()
  await app.screenshot('40-handover-wizard-fr')
  await page.getByTestId('handover-next').click()
  const copy = path.join(app.dir, 'pour Pieter', 'AMIF Desk – passation.amif')
  fs.mkdirSync(path.dirname(copy))
  dialogs.nextSave.push(copy)
  await page.getByTestId('handover-write').click()
  await expect(page.getByTestId('handover-done')).toBeVisible()
  await expect(page.getByTestId('handover-copy-path')).toHaveText(copy)
  await expect(page.getByTestId('handover-pdf-path')).toHaveText(copy.replace(/\.amif$/, '.pdf'))
  expect(fs.existsSync(copy.replace(/\.amif$/, '.pdf'))).toBe(true)
  await wizard.getByRole('button', { name: 'Fermer', exact: true }).click()

  // The colleague opens the copy: the note comes first.
  dialogs.nextOpen.push(copy)
  await page.getByTestId('file-open').click()
  const note = page.getByTestId('handover-note')
  await expect(note).toBeVisible()
  await expect(page.getByTestId('handover-note-text')).toContainText('relance faite le 25/11')
  await expect(note).toContainText('Élise Vandenberghe a passé ce fichier à Pieter Janssens')
  await page.waitForTimeout(400) // the dialog's fade-in, for the screenshot
  await app.screenshot('41-handover-note-fr')
  await page.getByTestId('handover-note-ok').click()
  await expect(page.getByTestId('header-file-name')).toContainText('AMIF Desk – passation.amif')
  // Their change, in the copy.
  await renameProject(page, 'AMIF-2024-AC-02', 'Bien-être et autonomie des résidents (plan révisé par Pieter)')

  // Meanwhile in the original, the same project changed too.
  await page.getByTestId('nav-file').click()
  await page.getByTestId('file-recent').click()
  await page.getByTestId('recent-AMIF Desk – démonstration.amif').click()
  await expect(page.getByTestId('header-file-name')).toContainText('AMIF Desk – démonstration.amif')
  await expect(page.getByTestId('handover-note')).toBeHidden()
  await renameProject(page, 'AMIF-2024-AC-02', 'Bien-être et autonomie des résidents (version Élise)')

  // Importing the colleague's file: a preview first, the conflict side by side.
  await page.getByTestId('nav-file').click()
  await page.getByTestId('file-merge').click()
  dialogs.nextOpen.push(copy)
  await page.getByTestId('merge-choose').click()
  await expect(page.getByTestId('merge-theirs')).toContainText('AMIF Desk – passation.amif')
  await expect(page.getByTestId('merge-conflicts')).toContainText('1')
  const conflict = page.getByTestId('merge-conflict-list').locator('article').first()
  await expect(conflict).toContainText('AMIF-2024-AC-02')
  await expect(conflict).toContainText('(version Élise)')
  await expect(conflict).toContainText('(plan révisé par Pieter)')
  await app.screenshot('42-merge-conflict-fr')
  await conflict.getByText('Prendre la sienne').click()
  await page.getByTestId('merge-apply').click()
  await expect(page.getByTestId('merge-done')).toBeVisible()
  await expect(page.getByTestId('merge-done-counts')).toContainText('1 conflit(s) tranché(s)')
  const backup = fs.readdirSync(path.dirname(mine)).find((n) => n.includes('before-merge'))
  expect(backup, 'a backup beside the file').toBeTruthy()

  // Their version won; merging again finds nothing to do.
  await page.getByTestId('nav-projects').click()
  await expect(page.getByText('Bien-être et autonomie des résidents (plan révisé par Pieter)')).toBeVisible()
  await page.getByTestId('nav-file').click()
  await page.getByTestId('file-merge').click()
  dialogs.nextOpen.push(copy)
  await page.getByTestId('merge-choose').click()
  await expect(page.getByTestId('merge-conflicts')).toContainText('0')
  await expect(page.getByTestId('merge-apply')).toBeDisabled()

  expect(app.errors).toEqual([])
})

test('a file someone else has open is offered read-only or as a copy, and says who has it', async () => {
  test.setTimeout(120_000)
  app = await launchApp({ officer: { name: 'Jan Peeters', email: null }, language: 'en' })
  const { page, dialogs } = app
  await page.getByTestId('load-demo').click()
  await expect(page.getByTestId('objective-SO1')).toBeVisible()

  // A colleague's file, held open by their app (its lock beside it, fresh).
  const theirs = path.join(app.dir, 'shared', 'Fedasil retour.amif')
  fs.mkdirSync(path.dirname(theirs))
  const result = await app.workspace.file().sqlite.prepare('VACUUM INTO ?').run(theirs)
  expect(result).toBeTruthy()
  const now = new Date().toISOString()
  fs.writeFileSync(
    `${theirs}.lock`,
    JSON.stringify({
      officer: 'Pieter Janssens',
      email: 'pieter@example.org',
      machine: 'FEDASIL-PC-042',
      pid: 4242,
      since: now,
      refreshedAt: now,
      appVersion: '0.1.0',
      token: 'colleague',
    }),
  )

  await page.getByTestId('nav-file').click()
  dialogs.nextOpen.push(theirs)
  await page.getByTestId('file-open').click()
  const lock = page.getByTestId('lock-dialog')
  await expect(lock).toBeVisible()
  await expect(page.getByTestId('lock-holder')).toContainText('Pieter Janssens is working in this file.')
  await expect(lock).toContainText('FEDASIL-PC-042')
  await expect(page.getByTestId('lock-takeover')).toHaveCount(0)
  await page.waitForTimeout(400) // the dialog's fade-in, for the screenshot
  await app.screenshot('43-locked-file-en')
  await page.getByTestId('lock-readonly').click()

  await expect(page.getByTestId('readonly-banner')).toContainText('Read-only: Pieter Janssens has this file open on FEDASIL-PC-042')
  await expect(page.getByTestId('header-file-name')).toContainText('Fedasil retour.amif')
  await page.getByTestId('nav-partners').click()
  await expect(page.getByTestId('partner-new')).toBeDisabled()
  // The colleague's lock is still theirs.
  expect(JSON.parse(fs.readFileSync(`${theirs}.lock`, 'utf8')).token).toBe('colleague')

  // Closing leaves no file open; the start screen offers the recent ones.
  await page.getByTestId('nav-file').click()
  await page.getByTestId('file-close').click()
  await expect(page.getByTestId('start-no-file')).toBeVisible()
  await page.getByTestId('start-recent-AMIF Desk – demonstration.amif').click()
  await expect(page.getByTestId('header-file-name')).toContainText('AMIF Desk – demonstration.amif')
  await expect(page.getByTestId('readonly-banner')).toHaveCount(0)
  expect(app.errors).toEqual([])
})

test('a file a colleague takes over becomes read-only in the window at the next change', async () => {
  test.setTimeout(120_000)
  app = await launchApp({ officer: { name: 'Jan Peeters', email: null }, language: 'nl' })
  const { page } = app
  await page.getByTestId('load-demo').click()
  await expect(page.getByTestId('objective-SO1')).toBeVisible()
  const lockPath = `${app.workspace.file().path}.lock`
  const ours = JSON.parse(fs.readFileSync(lockPath, 'utf8'))
  // A colleague's app took the old lock over on another computer.
  fs.writeFileSync(lockPath, JSON.stringify({ ...ours, officer: 'Pieter Janssens', machine: 'FEDASIL-PC-042', token: 'colleague' }))

  await page.getByTestId('nav-projects').click()
  await page.getByTestId('project-list').getByText('AMIF-2024-AC-02', { exact: true }).click()
  await page.getByTestId('project-title').fill('Welzijn en autonomie van de bewoners')
  await page.getByTestId('project-save').click()
  await expect(page.locator('.el-message--error', { hasText: 'alleen-lezen' })).toBeVisible()
  await expect(page.getByTestId('readonly-banner')).toContainText('Een collega heeft dit bestand overgenomen')
  await expect(page.getByTestId('project-save')).toBeDisabled()
  expect(JSON.parse(fs.readFileSync(lockPath, 'utf8')).token).toBe('colleague')
  await app.screenshot('44-lock-lost-nl')
})
