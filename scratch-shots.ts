import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { invokeOk } from './electron/api'
import { noDialogs } from './electron/api/dialogs'
import { JsonSettingsStore } from './electron/api/settings'
import { Workspace } from './electron/api/workspace'
import { insertRecord } from './database/records'
import { IMPORT_FIELDS, TEMPLATE_HEADERS } from './database/domain/claims-import'
import { launchApp } from './tests/e2e/harness'

const OFFICER = { name: 'Élise Officer', email: null }
async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shots-'))
  const file = path.join(dir, 'demo.amif')
  const ws = new Workspace({ settings: new JsonSettingsStore(path.join(dir, 's.json')), dialogs: noDialogs, documentsDir: dir, appVersion: 'x' })
  ws.updateSettings({ officer: OFFICER })
  await ws.create(file)
  await invokeOk(ws, 'demo.load', {})
  const caritas = (await invokeOk(ws, 'partners.list', { archived: 'all' })).rows.find((r) => r.acronym === 'Caritas')!
  const p = await invokeOk(ws, 'projects.create', { values: { code: 'AMIF-2026-IM-01', title: 'Accompagnement des familles réinstallées', beneficiaryId: caritas.id, strand: 'resettlement', objectiveCode: 'SO2', startDate: '2026-01-01', endDate: '2027-06-30', officerName: OFFICER.name, targetGroupIds: [] } as never })
  await invokeOk(ws, 'budget.saveLine', { projectId: p.id, values: { category: 'staff', costModel: 'actual_costs', description: 'Accompagnateurs sociaux', amountCents: 8_000_000 } as never })
  await invokeOk(ws, 'budget.saveLine', { projectId: p.id, values: { category: 'external_services', costModel: 'actual_costs', description: 'Interprétariat', amountCents: 1_000_000 } as never })
  await invokeOk(ws, 'budget.saveLine', { projectId: p.id, values: { category: 'target_group_costs', costModel: 'unit_cost', description: 'Kits de retour', units: 100, unitCostCents: 50_000 } as never })
  const db = ws.writableFile().db
  const claimId = await db.transaction().execute((trx) => insertRecord(trx, OFFICER, { table: 'claims', entity: 'claim', parentId: p.id }, { project_id: p.id, kind: 'interim', reference: 'DP-2', period_start: '2026-01-01', period_end: '2026-06-30', submitted_on: '2026-07-15', status: 'received' }))
  await ws.close()
  // A beneficiary's own list (not the template): the mapping step shows.
  const own = path.join(dir, 'caritas-depenses.csv')
  const rows = [['Date facture', 'Fournisseur', 'N° pièce', 'Poste', 'Montant HT', 'Montant TTC', 'Objet']]
  for (let i = 0; i < 60; i++) rows.push([`${(i % 28) + 1}/0${(i % 6) + 1}/2026`, i % 5 === 0 ? 'Traduc ASBL' : 'Interprètes SA', `F-${100 + (i % 50)}`, i % 7 === 0 ? '9' : String((i % 2) + 1), `${1000 + i},00`, i % 11 === 0 ? 'mille' : `${1210 + i},00`, `Prestation ${i}`])
  rows.push(['15/12/2025', 'Traduc ASBL', 'F-999', '2', '100,00', '121,00', 'Avant le projet'])
  fs.writeFileSync(own, '\ufeff' + rows.map((r) => r.join(';')).join('\r\n'))
  const shots = path.join('/tmp', 'import-shots')
  fs.mkdirSync(shots, { recursive: true })
  for (const language of ['fr', 'nl'] as const) {
    for (const [w, hgt] of [[1280, 800], [1024, 700]] as const) {
      const app = await launchApp({ filePath: file, officer: OFFICER, language })
      await app.page.setViewportSize({ width: w, height: hgt })
      await app.page.waitForTimeout(1500)
      await app.page.goto(`http://amif-desk.test/index.html#/claims/${claimId}/import`)
      await app.page.waitForTimeout(2000)
      await app.page.screenshot({ path: path.join(shots, `${language}-${w}-0-debug.png`) })
      console.log(app.errors)
      await app.page.waitForSelector('[data-testid="claim-import-choose"]')
      await app.page.waitForTimeout(500)
      await app.page.screenshot({ path: path.join(shots, `${language}-${w}-1-start.png`) })
      app.dialogs.nextOpen.push(own)
      await app.page.click('[data-testid="claim-import-choose"]')
      await app.page.waitForSelector('[data-testid="claim-import-mapping"]')
      await app.page.waitForTimeout(300)
      await app.page.screenshot({ path: path.join(shots, `${language}-${w}-2-mapping.png`), fullPage: true })
      await app.page.click('[data-testid="claim-import-apply-mapping"]')
      await app.page.waitForSelector('[data-testid="claim-import-preview"]')
      await app.page.waitForTimeout(500)
      await app.page.screenshot({ path: path.join(shots, `${language}-${w}-3-preview.png`), fullPage: true })
      await app.page.click('[data-testid="claim-import-confirm"]')
      await app.page.waitForTimeout(500)
      await app.page.screenshot({ path: path.join(shots, `${language}-${w}-4-confirm.png`) })
      await app.page.click('.el-message-box__btns .el-button--primary')
      await app.page.waitForSelector('[data-testid="claim-import-done"]')
      await app.page.waitForTimeout(300)
      await app.page.screenshot({ path: path.join(shots, `${language}-${w}-5-done.png`) })
      console.log(language, w, 'errors:', app.errors)
      await app.close()
      // Reset: the file now holds the lines; copy fresh next time is not needed for the shots (rows become duplicates).
    }
  }
}
main().catch((e) => { console.error(e); process.exit(1) })
