import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { expect, test, type Locator, type Page } from '@playwright/test'
import ExcelJS from 'exceljs'
import { invoke } from '../../electron/api'
import { launchApp, type LaunchedApp } from './harness'

/** A valid Belgian enterprise number (mod-97) from eight digits, as the officer would type it. */
function enterpriseNumber(first8: string): string {
  const check = String(97 - (Number(first8) % 97)).padStart(2, '0')
  const d = `${first8}${check}`
  return `${d.slice(0, 4)}.${d.slice(4, 7)}.${d.slice(7)}`
}

/** Picks an option of an Element Plus select by its visible label. */
async function pickOption(page: Page, select: Locator, label: string): Promise<void> {
  await select.click()
  await page.locator('.el-select-dropdown:visible').getByRole('option', { name: label, exact: true }).click()
}

/** The registry's "n partenaires" count as a number. */
async function visibleCount(page: Page): Promise<number> {
  const text = (await page.getByTestId('partner-count').innerText()).trim()
  const m = /\d[\d\s.\u202f\u00a0]*/.exec(text)
  return m ? Number(m[0].replace(/\D/g, '')) : 0
}

let app: LaunchedApp | undefined

test.afterEach(async () => {
  await app?.close()
  app = undefined
})

test('an officer starts, loads the demo, records a partner with a signatory, edits, archives it and reads its history, then works in Dutch', async () => {
  test.setTimeout(120_000)
  app = await launchApp({ officer: null, language: 'fr' })
  const { page } = app

  // First start: the app asks who the officer is (the name is required).
  await expect(page.getByTestId('welcome-officer')).toBeVisible()
  await expect(page.getByTestId('language-switcher')).toBeVisible()
  await app.screenshot('01-first-start')
  await page.getByTestId('officer-submit').click()
  await expect(page.getByText('Ce champ est obligatoire.')).toBeVisible()
  await page.getByTestId('officer-name').fill('Claire Dubois')
  await page.getByTestId('officer-email').fill('claire.dubois@example.org')
  await page.getByTestId('officer-submit').click()

  // An empty file in Documents/AMIF Desk: the welcome card offers the demonstration data.
  await expect(page.getByTestId('welcome-empty')).toBeVisible()
  await expect(page.getByTestId('welcome-empty')).toContainText('AMIF Desk.amif')
  await app.screenshot('02-empty-file')
  expect(app.workspace.settings().officer).toEqual({ name: 'Claire Dubois', email: 'claire.dubois@example.org' })
  await page.getByTestId('load-demo').click()

  // The demonstration file opens on the dashboard; the registry is one click away.
  await expect(page.getByTestId('dashboard')).toBeVisible()
  await page.getByTestId('nav-partners').click()
  await expect(page.getByTestId('partner-list')).toBeVisible()
  await expect(page.getByTestId('partner-count')).toContainText('partenaires')
  const demoCount = await visibleCount(page)
  expect(demoCount).toBeGreaterThanOrEqual(9)
  await expect(page.getByTestId('partner-row')).toHaveCount(demoCount)
  await expect(page).toHaveTitle('AMIF Desk – démonstration.amif — AMIF Desk')
  await expect(page.getByTestId('header-officer')).toContainText('Claire Dubois')
  await app.screenshot('03-registry-demo')

  // A new partner, made while a search narrows the registry (the list shows it afterwards).
  await page.getByTestId('partner-search').fill('Croix Rouge')
  await expect(page.getByTestId('partner-row').first()).toContainText('Croix-Rouge')
  await expect(page.getByTestId('partner-row')).not.toHaveCount(demoCount)
  // Validation as you type, then a valid enterprise number.
  await page.getByTestId('partner-new').click()
  await expect(page.getByTestId('partner-title')).toContainText('Nouveau partenaire')
  await page.getByTestId('field-name').fill('Convivial – Mouvement pour l’insertion des réfugiés')
  await page.getByTestId('field-acronym').fill('Convivial')
  await pickOption(page, page.getByTestId('field-kind'), 'ONG / association')
  await page.getByTestId('field-enterpriseNumber').fill('0123.456.789')
  await expect(page.getByText('Numéro d’entreprise invalide')).toBeVisible()
  const bce = enterpriseNumber('04635577')
  await page.getByTestId('field-enterpriseNumber').fill(bce)
  await expect(page.getByText('Numéro d’entreprise invalide')).toBeHidden()
  await page.getByTestId('field-street').fill('Rue du Charroi 33')
  await page.getByTestId('field-postcode').fill('1190')
  await page.getByTestId('field-city').fill('Forest')
  await page.getByTestId('field-iban').fill('BE71 0961 2345 6769')
  await pickOption(page, page.getByTestId('field-workingLanguages'), 'Arabe')
  await page.keyboard.press('Escape')
  await app.screenshot('04-new-partner-form')
  await page.getByTestId('partner-save').click()
  await expect(page).toHaveURL(/#\/partners\/[0-9a-f-]{36}$/)
  await expect(page.getByTestId('partner-title')).toContainText('Convivial')
  await expect(page.getByText('Partenaire créé.')).toBeVisible()
  await app.screenshot('04b-partner-created')

  // A contact who may sign agreements; Enter in the dialog saves it.
  await page.getByTestId('tab-contacts').click()
  await expect(page.getByTestId('no-signatory')).toBeVisible()
  await page.getByTestId('contact-add').click()
  await page.getByTestId('contact-fullName').fill('Nadia El Amrani')
  await page.getByTestId('contact-jobTitle').fill('Directrice')
  await page.getByTestId('contact-phone').fill('+32 2 000 99 01')
  await page.getByTestId('contact-canSign').click()
  await page.getByTestId('contact-email').fill('nadia.elamrani@example.org')
  await app.screenshot('05-contact-dialog')
  await page.getByTestId('contact-email').press('Enter')
  await expect(page.getByText('Contact ajouté.')).toBeVisible()
  await expect(page.getByTestId('contact-row')).toHaveCount(1)
  await expect(page.getByTestId('signatory-tag')).toBeVisible()
  await expect(page.getByTestId('no-signatory')).toBeHidden()
  await app.screenshot('06-contacts')

  // A partnership: dates typed as the officer reads them; an end before the start is refused as you type.
  await page.getByTestId('tab-partnerships').click()
  await page.getByTestId('partnership-add').click()
  const dialog = page.getByTestId('partnership-dialog')
  await pickOption(page, page.getByTestId('partnership-strand'), 'Intégration')
  await pickOption(page, page.getByTestId('partnership-role'), 'Bénéficiaire')
  await page.getByTestId('partnership-startDate').locator('input').fill('01/03/2025')
  await page.getByTestId('partnership-startDate').locator('input').press('Enter')
  await page.getByTestId('partnership-endDate').locator('input').fill('31/12/2024')
  await page.getByTestId('partnership-endDate').locator('input').press('Enter')
  await expect(dialog.getByText('La fin ne peut pas précéder le début.')).toBeVisible()
  await page.getByTestId('partnership-endDate').locator('input').fill('31/12/2027')
  await page.getByTestId('partnership-endDate').locator('input').press('Enter')
  await expect(dialog.getByText('La fin ne peut pas précéder le début.')).toBeHidden()
  await page.getByTestId('partnership-frameworkReference').fill('AMIF/2025/INT-07')
  await app.screenshot('06b-partnership-dialog')
  await dialog.getByTestId('dialog-save').click()
  await expect(page.getByText('Partenariat ajouté.')).toBeVisible()
  await expect(page.getByTestId('partnership-row')).toHaveCount(1)
  await expect(page.getByTestId('partnerships-table')).toContainText('01/03/2025 – 31/12/2027')

  // Back in the registry: the search typed before is cleared, so the new partner is there; then
  // search as you type, by name and by enterprise number.
  await page.getByTestId('back-to-list').click()
  await expect(page.getByTestId('partner-search')).toHaveValue('')
  await expect(page.getByTestId('partner-row')).toHaveCount(demoCount + 1)
  await page.getByTestId('partner-search').fill('convi')
  await expect(page.getByTestId('partner-row')).toHaveCount(1)
  await expect(page.getByTestId('partner-count')).toHaveText('1 partenaire')
  await expect(page.getByTestId('partner-row')).toContainText('Convivial')
  await app.screenshot('07-search')
  await page.getByTestId('partner-search').fill(bce.replace(/\./g, '').slice(0, 7))
  await expect(page.getByTestId('partner-row')).toHaveCount(1)
  await expect(page.getByTestId('partner-row')).toContainText('Convivial')

  // Edit: the city changes; leaving with unsaved changes asks first.
  await page.getByTestId('partner-row-name').click()
  await expect(page.getByTestId('partner-title')).toContainText('Convivial')
  await page.getByTestId('field-city').fill('Molenbeek-Saint-Jean')
  await page.getByTestId('field-postcode').fill('1080')
  await page.getByTestId('back-to-list').click()
  await expect(page.getByText('Modifications non enregistrées').first()).toBeVisible()
  await page.getByRole('button', { name: 'Continuer la saisie' }).click()
  await expect(page.getByTestId('partner-detail')).toBeVisible()
  await page.getByTestId('partner-save').click()
  await expect(page.getByText('Modifications enregistrées.')).toBeVisible()

  // Archive (it has a partnership, so it can be archived but not deleted).
  await expect(page.getByTestId('partner-referenced')).toBeVisible()
  await expect(page.getByTestId('partner-delete')).toHaveCount(0)
  await page.getByTestId('partner-archive').click()
  await page.locator('.el-message-box').getByRole('button', { name: 'Archiver' }).click()
  await expect(page.getByTestId('archived-tag')).toBeVisible()
  await expect(page.getByTestId('partner-restore')).toBeVisible()

  // History: newest first, with the changed fields translated.
  await page.getByTestId('tab-history').click()
  const entries = page.getByTestId('history-entry')
  await expect(entries.first()).toContainText('Archivage')
  await expect(entries.first()).toContainText('Claire Dubois')
  const update = entries.filter({ hasText: 'Modification' }).first()
  await expect(update).toContainText('Commune')
  await expect(update).toContainText('Forest')
  await expect(update).toContainText('Molenbeek-Saint-Jean')
  await expect(entries.filter({ hasText: 'Nadia El Amrani' })).toHaveCount(1)
  await expect(entries.filter({ hasText: 'AMIF/2025/INT-07' })).toHaveCount(1)
  await expect(entries.last()).toContainText('Création')
  await app.screenshot('08-history')

  // The archived partner leaves the active list, stays under "Tous".
  await page.getByTestId('back-to-list').click()
  await page.getByTestId('partner-search').fill('convivial')
  await expect(page.getByTestId('partner-empty')).toBeVisible()
  await page.getByTestId('filter-archived-all').click()
  await expect(page.getByTestId('partner-row')).toHaveCount(1)
  await expect(page.getByTestId('partner-row')).toContainText('Archivé')
  await page.getByTestId('partner-search').fill('')
  await page.getByTestId('filter-archived-active').click()

  // Dutch, at once, everywhere (Element Plus included), and kept in the settings.
  await page.getByTestId('language-nl').click()
  await expect(page.locator('h1')).toHaveText('Partnerregister')
  await expect(page.getByTestId('partner-count')).toHaveText(`${demoCount} partners`)
  await expect(page.getByTestId('partner-table')).toContainText('Internationale organisatie')
  await expect(page.getByTestId('partner-table')).toContainText('Vrijwillige terugkeer')
  await expect(page.getByTestId('partner-search').getAttribute('placeholder')).resolves.toContain('Naam')
  await expect(page.getByTestId('nav-file')).toContainText('Bestand')
  expect(app.workspace.settings().language).toBe('nl')
  await app.screenshot('09-registry-nl')

  // The file panel, in Dutch too.
  await page.getByTestId('nav-file').click()
  await expect(page.getByTestId('file-view')).toContainText('Werkbestand')
  await expect(page.getByTestId('file-path')).toContainText(path.join('AMIF Desk', 'AMIF Desk – démonstration.amif'))
  await app.screenshot('10-file-nl')

  expect(app.errors).toEqual([])
})

test('exports the visible rows to Excel and CSV with translated headers and values', async () => {
  app = await launchApp({ officer: { name: 'Jan Peeters', email: null }, language: 'fr' })
  const { page } = app
  await page.getByTestId('load-demo').click()
  await expect(page.getByTestId('dashboard')).toBeVisible()
  await page.getByTestId('nav-partners').click()
  await expect(page.getByTestId('partner-list')).toBeVisible()

  // Only public authorities.
  await pickOption(page, page.getByTestId('filter-kind'), 'Autorité publique')
  await page.keyboard.press('Escape')
  await expect.poll(() => visibleCount(page)).toBeGreaterThan(0)
  const rows = await visibleCount(page)
  await expect(page.getByTestId('partner-row')).toHaveCount(rows)

  await page.getByTestId('export-xlsx').click()
  await expect(page.getByText(/exportées? vers/)).toBeVisible()
  expect(app.dialogs.saveRequests.at(-1)?.title).toBe('Partenaires AMIF')
  const xlsx = path.join(app.exportDir, app.dialogs.saveRequests.at(-1)!.defaultName)
  expect(fs.existsSync(xlsx)).toBe(true)
  await app.screenshot('11-export-done')
  const book = new ExcelJS.Workbook()
  await book.xlsx.readFile(xlsx)
  const sheet = book.worksheets[0]
  expect(sheet.rowCount).toBe(rows + 1)
  const header = (sheet.getRow(1).values as unknown[]).slice(1)
  expect(header).toEqual(['Organisation', 'Sigle', 'Type', 'N° d’entreprise', 'Commune', 'Pays', 'Volets', 'Contacts', 'Signataires', 'Statut', 'Modifié le'])
  for (let r = 2; r <= rows + 1; r++) {
    expect(sheet.getRow(r).getCell(3).value).toBe('Autorité publique')
    expect(sheet.getRow(r).getCell(10).value).toBe('Actif')
    // "Modifié le" is a date Excel can sort and filter, in Brussels time.
    expect(sheet.getRow(r).getCell(11).value).toBeInstanceOf(Date)
  }
  expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 })
  expect(sheet.autoFilter).toBe(`A1:K${rows + 1}`)

  // CSV, in Dutch this time.
  await page.getByTestId('language-nl').click()
  await page.getByTestId('export-csv').click()
  await expect(page.getByText(/geëxporteerd naar/)).toBeVisible()
  const csv = path.join(app.exportDir, app.dialogs.saveRequests.at(-1)!.defaultName)
  expect(csv.endsWith('.csv')).toBe(true)
  const lines = fs
    .readFileSync(csv, 'utf8')
    .replace(/^\uFEFF/, '')
    .trim()
    .split(/\r?\n/)
  expect(lines).toHaveLength(rows + 1)
  expect(lines[0]).toContain('Organisatie')
  expect(lines[0]).toContain('Ondernemingsnummer')
  expect(lines.slice(1).every((l) => l.includes('Overheid'))).toBe(true)
  // Belgian Excel's separator in Dutch, and times as it reads them.
  expect(lines[0].split(';')).toHaveLength(11)
  expect(lines.slice(1).every((l) => /;\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/.test(l))).toBe(true)

  // Cancelling the save dialog writes nothing and says nothing.
  const before = fs.readdirSync(app.exportDir).length
  app.dialogs.nextSave.push(null)
  await page.getByTestId('export-xlsx').click()
  await expect(page.getByTestId('export-xlsx')).toBeEnabled()
  expect(fs.readdirSync(app.exportDir)).toHaveLength(before)

  expect(app.errors).toEqual([])
})

test('a read-only file shows a banner and offers no changes', async () => {
  app = await launchApp({ officer: { name: 'Jan Peeters', email: null }, language: 'en' })
  const { page } = app
  await page.getByTestId('load-demo').click()
  await expect(page.getByTestId('dashboard')).toBeVisible()
  await page.getByTestId('nav-partners').click()
  await expect(page.getByTestId('partner-list')).toBeVisible()
  await expect(page.locator('h1')).toHaveText('Partner registry')

  // The same file, reopened read-only (as main does for a file on a read-only share).
  await app.workspace.open(app.workspace.file().path, { readOnly: true })
  await page.reload()
  await expect(page.getByTestId('readonly-banner')).toBeVisible()
  await expect(page.getByTestId('readonly-banner')).toContainText('read-only')
  await expect(page.getByTestId('partner-new')).toBeDisabled()
  await page.getByTestId('partner-row-name').filter({ hasText: 'Caritas' }).click()
  await expect(page.getByTestId('partner-title')).toContainText('Caritas')
  await expect(page.getByTestId('partner-archive')).toHaveCount(0)
  await expect(page.getByTestId('partner-save')).toHaveCount(0)
  await expect(page.getByTestId('field-name')).toBeDisabled()
  await page.getByTestId('tab-contacts').click()
  await expect(page.getByTestId('contact-add')).toHaveCount(0)
  await expect(page.getByTestId('contact-row').first()).toBeVisible()
  await app.screenshot('12-read-only-en')

  expect(app.errors).toEqual([])
})

test('refusals from the file are shown where they belong: a duplicate enterprise number, a record changed meanwhile', async () => {
  app = await launchApp({ officer: { name: 'Jan Peeters', email: null }, language: 'fr' })
  const { page, workspace } = app
  await page.getByTestId('load-demo').click()
  await expect(page.getByTestId('dashboard')).toBeVisible()
  await page.getByTestId('nav-partners').click()
  await expect(page.getByTestId('partner-list')).toBeVisible()

  // Fedasil's enterprise number, typed for a new partner: refused under the field, naming the holder.
  await page.getByTestId('partner-new').click()
  await page.getByTestId('field-name').fill('Doublon')
  await pickOption(page, page.getByTestId('field-kind'), 'Autre')
  await page.getByTestId('field-enterpriseNumber').fill('0270.230.023')
  await page.getByTestId('partner-save').click()
  await expect(page.getByText('Ce numéro d’entreprise est déjà utilisé par « Agence fédérale')).toBeVisible()
  await expect(page).toHaveURL(/#\/partners\/new$/)
  await app.screenshot('13-duplicate')

  // Leaving the unsaved form asks; discarding goes back to the registry.
  await page.getByTestId('back-to-list').click()
  await page.getByRole('button', { name: 'Abandonner les modifications' }).click()
  await expect(page.getByTestId('partner-list')).toBeVisible()

  // Someone else changes Caritas while the officer edits it: saving offers to reload.
  await page.getByTestId('partner-row-name').filter({ hasText: 'Caritas' }).click()
  await expect(page.getByTestId('partner-title')).toContainText('Caritas')
  await page.getByTestId('field-notes').fill('Note de l’agent')
  const list = await invoke(workspace, 'partners.list', { search: 'Caritas' })
  if (!list.ok) throw new Error(list.error.message)
  const id = (list.data as { rows: { id: string }[] }).rows[0].id
  const got = await invoke(workspace, 'partners.get', { id })
  if (!got.ok) throw new Error(got.error.message)
  const {
    contacts: _c,
    partnerships: _p,
    references: _r,
    id: _id,
    archived: _a,
    createdAt: _ca,
    updatedAt,
    updatedBy: _u,
    ...values
  } = got.data as Record<string, unknown>
  const changed = await invoke(workspace, 'partners.update', {
    id,
    expectedUpdatedAt: updatedAt,
    values: { ...values, city: 'Bruxelles' },
  })
  expect(changed.ok).toBe(true)
  await page.getByTestId('partner-save').click()
  const box = page.locator('.el-message-box')
  await expect(box).toContainText('Modifié entre-temps')
  await app.screenshot('14-stale')
  await box.getByRole('button', { name: 'Recharger' }).click()
  await expect(page.getByTestId('field-city')).toHaveValue('Bruxelles')
  await expect(page.getByTestId('field-notes')).not.toHaveValue('Note de l’agent')

  expect(app.errors).toEqual([])
})

test('a last file that cannot be reopened is explained, and a fresh file is opened instead', async () => {
  const junkDir = fs.mkdtempSync(path.join(os.tmpdir(), 'amif-junk-'))
  const junk = path.join(junkDir, 'Dossier de Marc.amif')
  fs.writeFileSync(junk, 'Ceci n’est pas une base de données, mais un texte assez long pour ne pas être vide.')
  try {
    app = await launchApp({ officer: { name: 'Jan Peeters', email: null }, language: 'nl', filePath: junk })
    const { page } = app
    const problem = page.getByTestId('last-file-problem')
    await expect(problem).toBeVisible()
    await expect(problem).toContainText('Dossier de Marc.amif')
    await expect(problem).toContainText('Dit is geen AMIF Desk-bestand.')
    await expect(page.getByTestId('welcome-empty')).toContainText('AMIF Desk.amif')
    await app.screenshot('15-last-file-problem-nl')
    // The refused file is left as it was.
    expect(fs.readFileSync(junk, 'utf8')).toContain('Ceci n’est pas une base de données')
    await page.getByTestId('start-empty').click()
    await expect(page.getByTestId('objective-SO1').getByTestId('figure-projects')).toHaveText('0')
    await page.getByTestId('nav-partners').click()
    await expect(page.getByTestId('partner-empty')).toContainText('Nog geen organisaties')
    await expect(problem).toBeVisible()
    expect(app.errors).toEqual([])
  } finally {
    fs.rmSync(junkDir, { recursive: true, force: true })
  }
})
