import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { expect, test } from '@playwright/test'
import { invokeOk } from '../../electron/api'
import { noDialogs } from '../../electron/api/dialogs'
import { JsonSettingsStore } from '../../electron/api/settings'
import { Workspace } from '../../electron/api/workspace'
import { insertRecord } from '../../database/records'
import { launchApp, type LaunchedApp } from './harness'

const OFFICER = { name: 'Élise Vandenberghe', email: null }

let app: LaunchedApp | undefined
test.afterEach(async () => {
  await app?.close()
  app = undefined
})

/** A file with the demonstration data, a Caritas project with three budget lines and a claim received (the claims channels are another part's). */
async function fileWithClaim(dir: string): Promise<{ file: string; claimId: string; projectId: string }> {
  const file = path.join(dir, 'claims.amif')
  const ws = new Workspace({ settings: new JsonSettingsStore(path.join(dir, 'setup.json')), dialogs: noDialogs, documentsDir: dir, appVersion: 'e2e' })
  ws.updateSettings({ officer: OFFICER })
  await ws.create(file)
  await invokeOk(ws, 'demo.load', {})
  const caritas = (await invokeOk(ws, 'partners.list', { archived: 'all' })).rows.find((r) => r.acronym === 'Caritas')!
  const p = await invokeOk(ws, 'projects.create', {
    values: {
      code: 'AMIF-2026-IM-01',
      title: 'Accompagnement des familles réinstallées',
      beneficiaryId: caritas.id,
      strand: 'resettlement',
      objectiveCode: 'SO2',
      startDate: '2026-01-01',
      endDate: '2027-06-30',
      officerName: OFFICER.name,
      targetGroupIds: [],
    },
  })
  for (const values of [
    { category: 'staff', costModel: 'actual_costs', description: 'Accompagnateurs sociaux', amountCents: 8_000_000 },
    { category: 'external_services', costModel: 'actual_costs', description: 'Interprétariat', amountCents: 1_000_000 },
    { category: 'target_group_costs', costModel: 'unit_cost', description: 'Kits de retour', units: 100, unitCostCents: 50_000 },
  ] as const)
    await invokeOk(ws, 'budget.saveLine', { projectId: p.id, values })
  const db = ws.writableFile().db
  const claimId = await db.transaction().execute((trx) =>
    insertRecord(
      trx,
      OFFICER,
      { table: 'claims', entity: 'claim', parentId: p.id },
      {
        project_id: p.id,
        kind: 'interim',
        reference: 'DP-2',
        period_start: '2026-01-01',
        period_end: '2026-06-30',
        submitted_on: '2026-07-15',
        status: 'received',
      },
    ),
  )
  await ws.close()
  return { file, claimId, projectId: p.id }
}

/** The beneficiary's own list (not the template): 60 rows, some with problems. */
function beneficiaryList(dir: string): string {
  const rows = [['Date facture', 'Fournisseur', 'N° pièce', 'Poste', 'Montant HT', 'Montant TTC', 'Objet']]
  for (let i = 0; i < 60; i++)
    rows.push([
      `${(i % 28) + 1}/0${(i % 6) + 1}/2026`,
      i % 5 === 0 ? 'Traduc ASBL' : 'Interprètes SA',
      `F-${100 + (i % 50)}`,
      i % 7 === 0 ? '9' : String((i % 2) + 1),
      `${1000 + i},00`,
      i % 11 === 0 ? 'mille' : `${1210 + i},00`,
      `Prestation ${i}`,
    ])
  rows.push(['15/12/2025', 'Traduc ASBL', 'F-999', '2', '100,00', '121,00', 'Avant le projet'])
  const file = path.join(dir, 'caritas-depenses.csv')
  fs.writeFileSync(file, '\ufeff' + rows.map((r) => r.join(';')).join('\r\n'))
  return file
}

for (const language of ['fr', 'nl'] as const) {
  for (const [width, height] of [
    [1280, 800],
    [1024, 700],
  ] as const) {
    test(`an officer imports a beneficiary's list into a claim (${language}, ${width}x${height})`, async () => {
      test.setTimeout(180_000)
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amif-e2e-import-'))
      const { file, claimId, projectId } = await fileWithClaim(dir)
      const list = beneficiaryList(dir)
      app = await launchApp({ filePath: file, officer: OFFICER, language })
      const { page } = app
      await page.setViewportSize({ width, height })
      await expect(page.getByTestId('nav-projects')).toBeVisible()
      await page.evaluate((id) => (location.hash = `#/claims/${id}/import`), claimId)
      await expect(page.getByTestId('claim-import-claim')).toContainText('AMIF-2026-IM-01')
      await app.screenshot(`claim-import-${language}-${width}-1-start`)

      app.dialogs.nextOpen.push(list)
      await page.getByTestId('claim-import-choose').click()
      await expect(page.getByTestId('claim-import-mapping')).toBeVisible()
      await app.screenshot(`claim-import-${language}-${width}-2-mapping`)
      await page.getByTestId('claim-import-apply-mapping').click()
      await expect(page.getByTestId('claim-import-preview')).toBeVisible()
      await expect(page.getByTestId('claim-import-bad')).toContainText(/\d/)
      await app.screenshot(`claim-import-${language}-${width}-3-preview`)

      await page.getByTestId('claim-import-confirm').click()
      await page.locator('.el-message-box__btns .el-button--primary').click()
      await expect(page.getByTestId('claim-import-done')).toBeVisible()
      await app.screenshot(`claim-import-${language}-${width}-4-done`)
      await page.getByTestId('claim-import-back').click()
      await expect(page).toHaveURL(new RegExp(`#/projects/${projectId}\\?tab=claims`))
      const lines = await app.workspace.file().db.selectFrom('claim_lines').select('id').where('claim_id', '=', claimId).execute()
      expect(lines.length).toBeGreaterThan(0)
      expect(app.errors).toEqual([])
      fs.rmSync(dir, { recursive: true, force: true })
    })
  }
}
