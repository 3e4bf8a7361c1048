import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { IMPORT_FIELDS, TEMPLATE_HEADERS, parseCents, parseDay, proposeMapping, type ImportMapping } from '../../database/domain/claims-import'
import type { DocLanguage } from '../../database/domain/languages'
import { insertRecord, type NewRecord } from '../../database/records'
import type { Workspace } from '../../electron/api/workspace'
import { runHere } from './cli-helpers'
import { MERGE_TODAY, OFFICER, dumpTables, makeAmifFile, newProjectValues, ok, organisationByAcronym, refused, sha256, tempDir, testWorkspace } from './helpers'

/**
 * The import of a beneficiary's expenditure list into a payment claim (issue 15 §1 and §5): each
 * row's problems shown and nothing written by the preview, the rows without problems written on
 * confirmation with their audit rows, the mapping remembered per partner, the template that
 * imports without any mapping in each language, hostile files refused with a clear code.
 */

const TODAY = MERGE_TODAY

async function count(ws: Workspace, table: 'claim_lines' | 'audit_log' | 'expenditure_mappings'): Promise<number> {
  const row = await ws
    .file()
    .db.selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/** A claim written as the claims helper's channels would, through the record writer. */
async function addClaim(ws: Workspace, projectId: string, values: Partial<NewRecord<'claims'>> = {}): Promise<string> {
  const db = ws.writableFile().db
  return db.transaction().execute((trx) =>
    insertRecord(
      trx,
      OFFICER,
      { table: 'claims', entity: 'claim', parentId: projectId },
      {
        project_id: projectId,
        kind: 'interim',
        reference: null,
        period_start: '2026-01-01',
        period_end: '2026-06-30',
        submitted_on: '2026-07-15',
        status: 'received',
        ...values,
      },
    ),
  )
}

async function addLine(ws: Workspace, claimId: string, budgetLineId: string, lineNo: number, supplier: string, reference: string): Promise<void> {
  const db = ws.writableFile().db
  await db.transaction().execute((trx) =>
    insertRecord(
      trx,
      OFFICER,
      { table: 'claim_lines', entity: 'claim_line', parentId: null },
      {
        claim_id: claimId,
        budget_line_id: budgetLineId,
        line_no: lineNo,
        kind: 'actual',
        expense_date: '2026-02-01',
        supplier,
        reference,
        amount_excl_cents: 50_000,
        amount_incl_cents: 60_500,
        vat_eligible: 0,
        declared_cents: 50_000,
      },
    ),
  )
}

/**
 * A Caritas project (2026-01-01 to 2027-06-30) with five budget lines: 1 staff (actual costs),
 * 2 interpreting (actual costs), 3 return kits (unit cost 500 €), 4 final study (lump sum
 * 15 000 €), 5 indirect costs (flat rate 7 %); an earlier claim holding invoice F-2026-001 of
 * Interprètes SA and the claim imported into (period January to June 2026) holding F-2026-010 of Traduc ASBL.
 * In the demo file (whose Caritas already has a remembered mapping) unless `demo` is false: then
 * in a file without the demo, Caritas added to it, a partner none of whose lists was ever imported.
 */
async function setup(options: { demo?: boolean } = {}) {
  const demo = options.demo ?? true
  const t = testWorkspace()
  const file = path.join(t.dir, demo ? 'demo.amif' : 'new.amif')
  await makeAmifFile(file, { demo })
  await t.ws.open(file)
  const caritas = demo
    ? await organisationByAcronym(t.ws, 'Caritas')
    : await ok(t.ws, 'partners.create', { values: { name: 'Caritas International Belgique', acronym: 'Caritas', kind: 'ngo', country: 'BE' } })
  const p = await ok(t.ws, 'projects.create', {
    values: newProjectValues(caritas.id, 'AMIF-2026-IM-01', { startDate: '2026-01-01', endDate: '2027-06-30' }),
    today: TODAY,
  })
  const lines: [string, string, string, Record<string, number>][] = [
    ['staff', 'actual_costs', 'Accompagnateurs sociaux', { amountCents: 8_000_000 }],
    ['external_services', 'actual_costs', 'Interprétariat', { amountCents: 1_000_000 }],
    ['target_group_costs', 'unit_cost', 'Kits de retour', { units: 100, unitCostCents: 50_000 }],
    ['other', 'lump_sum', 'Étude finale', { amountCents: 1_500_000 }],
    ['indirect', 'flat_rate_7_direct', 'Coûts indirects', {}],
  ]
  for (const [category, costModel, description, amounts] of lines)
    await ok(t.ws, 'budget.saveLine', { projectId: p.id, values: { category, costModel, description, ...amounts } as never })
  const budget = (await ok(t.ws, 'projects.get', { id: p.id, today: TODAY })).budget.lines
  const earlier = await addClaim(t.ws, p.id, { reference: 'DP-1', period_start: '2026-01-01', period_end: '2026-03-31', submitted_on: '2026-04-10' })
  await addLine(t.ws, earlier, budget[1].id, 1, 'Interprètes SA', 'F-2026-001')
  const claimId = await addClaim(t.ws, p.id, { reference: 'DP-2' })
  await addLine(t.ws, claimId, budget[1].id, 1, 'Traduc ASBL', 'F-2026-010')
  return { ...t, projectId: p.id, claimId, earlier, caritasId: caritas.id, budget }
}

const FR = TEMPLATE_HEADERS.fr
const FR_HEADERS = IMPORT_FIELDS.map((f) => FR[f])

/** A CSV as a Belgian spreadsheet writes it: `;`, decimal comma, a BOM, CRLF. */
function csv(rows: string[][], options: { sep?: string; bom?: boolean } = {}): Buffer {
  const sep = options.sep ?? ';'
  const quote = (c: string) => (/[";,\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)
  const text = rows.map((r) => r.map(quote).join(sep)).join('\r\n') + '\r\n'
  return Buffer.concat([Buffer.from(options.bom === false ? '' : '\ufeff', 'utf8'), Buffer.from(text, 'utf8')])
}

/** A row of the French template's columns from the fields given. */
function row(values: Partial<Record<(typeof IMPORT_FIELDS)[number], string>>): string[] {
  return IMPORT_FIELDS.map((f) => values[f] ?? '')
}

const GOOD = {
  kind: 'Coût réel',
  budgetLine: '2',
  expenseDate: '15/02/2026',
  supplier: 'Traduc ASBL',
  reference: 'F-2026-100',
  description: 'Interprétariat février',
  amountExcl: '1 000,00',
  amountIncl: '1 210,00',
  vatEligible: 'non',
  paymentDate: '20/02/2026',
}

/** Rows that each show one problem (the comment names it), and rows that are good. */
const ROWS: [string, Partial<Record<(typeof IMPORT_FIELDS)[number], string>>][] = [
  ['good', GOOD],
  ['budgetLineUnknown', { ...GOOD, reference: 'F-3', budgetLine: '9' }],
  ['outsideEligibility', { ...GOOD, reference: 'F-4', expenseDate: '15/12/2025' }],
  ['good+outsideClaimPeriod', { ...GOOD, reference: 'F-5', expenseDate: '15/08/2026', paymentDate: '20/08/2026' }],
  ['duplicateThisClaim', { ...GOOD, reference: 'F-2026-010' }],
  ['duplicateEarlierClaim', { ...GOOD, supplier: 'INTERPRÈTES SA', reference: 'f-2026-001' }],
  ['duplicateInFile', { ...GOOD }],
  ['amountInvalid', { ...GOOD, reference: 'F-9', amountIncl: 'mille euros' }],
  ['inclBelowExcl', { ...GOOD, reference: 'F-10', amountIncl: '900,00' }],
  ['required', { kind: 'Frais de personnel', budgetLine: '1', personName: 'Amina B.', hourlyRate: '25,50', expenseDate: '31/01/2026' }],
  ['good', { budgetLine: 'Accompagnateurs sociaux', personName: 'Jan P.', hours: '7,5', annualGross: '52 000,00', expenseDate: '31/01/2026' }],
  ['good', { budgetLine: '3', units: '4', expenseDate: '10/03/2026' }],
  ['good', { kind: 'lump_sum', budgetLine: 'étude finale' }],
  ['kindNotForBudgetLine', { kind: 'Coût unitaire', budgetLine: '2', units: '2' }],
  ['budgetLineFlatRate', { ...GOOD, reference: 'F-16', budgetLine: '5' }],
  ['controlCharacter', { ...GOOD, reference: 'F-17', supplier: 'Evil\u0001Corp' }],
  ['dateInvalid', { ...GOOD, reference: 'F-18', expenseDate: '31/02/2026' }],
  ['hourlyRateNotAnnual', { budgetLine: '1', personName: 'Jan P.', hours: '2', hourlyRate: '40,00', annualGross: '52 000,00', expenseDate: '31/01/2026' }],
  ['lumpSumTwiceInFile', { budgetLine: '4' }],
]

async function previewOf(t: Awaited<ReturnType<typeof setup>>, file: string, mapping?: Partial<ImportMapping>) {
  t.dialogs.nextOpenPath = file
  const r = await ok(t.ws, 'claims.importPreview', { claimId: t.claimId, mapping })
  if (r.cancelled) throw new Error('cancelled')
  return r.preview
}

describe('reading what a beneficiary writes', () => {
  it('reads amounts with a decimal comma or point and Belgian dates', () => {
    expect(parseCents('1 250,50')).toBe(125_050)
    expect(parseCents('1.250,50')).toBe(125_050)
    expect(parseCents('1,250.50')).toBe(125_050)
    expect(parseCents('1250.5')).toBe(125_050)
    expect(parseCents('12,345')).toBe(1_234_500)
    expect(parseCents(99.99)).toBe(9_999)
    expect(parseCents('12,3456')).toBeUndefined()
    expect(parseCents('-5')).toBeUndefined()
    expect(parseCents('')).toBeNull()
    expect(parseDay('31/03/2026')).toBe('2026-03-31')
    expect(parseDay('1.4.2026')).toBe('2026-04-01')
    expect(parseDay('29/02/2026')).toBeUndefined()
    expect(parseDay(46112)).toBe('2026-03-31')
  })
})

describe('import preview', () => {
  it('shows every row with its problems and writes nothing', async () => {
    const t = await setup()
    const file = path.join(t.dir, 'depenses.csv')
    fs.writeFileSync(file, csv([FR_HEADERS, ...ROWS.map(([, v]) => row(v))]))
    const before = { lines: await count(t.ws, 'claim_lines'), audit: await count(t.ws, 'audit_log'), mappings: await count(t.ws, 'expenditure_mappings') }
    const fileHash = sha256(file)

    const p = await previewOf(t, file)
    expect(p.format).toBe('csv')
    expect(p.delimiter).toBe(';')
    expect(p.mappingSource).toBe('template')
    expect(p.rows).toHaveLength(ROWS.length)
    ROWS.forEach(([expected], i) => {
      const r = p.rows[i]
      expect(r.rowNo).toBe(i + 2)
      const codes = r.problems.map((x) => x.code)
      if (expected.startsWith('good')) expect(codes, `row ${r.rowNo}`).toEqual([])
      else expect(codes, `row ${r.rowNo}`).toContain(expected)
      if (expected.endsWith('outsideClaimPeriod')) expect(r.warnings.map((w) => w.code)).toEqual(['outsideClaimPeriod', 'outsideClaimPeriod'])
    })
    // The duplicates name where the invoice was claimed before.
    expect(p.rows[4].problems[0].params).toMatchObject({ claim: 'DP-2', lineNo: 1 })
    expect(p.rows[5].problems[0].params).toMatchObject({ claim: 'DP-1', lineNo: 1 })
    expect(p.rows[6].problems[0].params).toMatchObject({ rowNo: 2 })
    // The declared amounts as the kinds compute them: excl. VAT (not eligible), hours × (annual / 1 720), units × 500 €, the lump sum.
    expect(p.rows[0].declaredCents).toBe(100_000)
    expect(p.rows[10].values?.hourlyRateCents).toBe(3023)
    expect(p.rows[10].declaredCents).toBe(Math.floor((750 * 3023) / 100))
    expect(p.rows[11].declaredCents).toBe(200_000)
    expect(p.rows[12].declaredCents).toBe(1_500_000)
    expect(p.counts).toMatchObject({ rows: ROWS.length, good: 5, withProblems: ROWS.length - 5, withWarnings: 1 })

    expect({ lines: await count(t.ws, 'claim_lines'), audit: await count(t.ws, 'audit_log'), mappings: await count(t.ws, 'expenditure_mappings') }).toEqual(
      before,
    )
    expect(sha256(file)).toBe(fileHash)
  })

  it('reads a CSV with commas and decimal points, without BOM', async () => {
    const t = await setup()
    const file = path.join(t.dir, 'expenses.csv')
    const en = IMPORT_FIELDS.map((f) => TEMPLATE_HEADERS.en[f])
    fs.writeFileSync(
      file,
      csv(
        [en, row({ ...GOOD, kind: 'Actual cost', amountExcl: '1,000.00', amountIncl: '1210.5', vatEligible: 'yes', description: 'Interpreting, February' })],
        { sep: ',', bom: false },
      ),
    )
    const p = await previewOf(t, file)
    expect(p.delimiter).toBe(',')
    expect(p.rows[0].problems).toEqual([])
    expect(p.rows[0].values).toMatchObject({ amountExclCents: 100_000, amountInclCents: 121_050, vatEligible: true, description: 'Interpreting, February' })
    expect(p.rows[0].declaredCents).toBe(121_050)
  })
})

describe('import confirmation', () => {
  it('writes the rows without problems in one go, numbered after the claim’s lines, each with its audit row', async () => {
    const t = await setup()
    const file = path.join(t.dir, 'depenses.csv')
    fs.writeFileSync(file, csv([FR_HEADERS, ...ROWS.map(([, v]) => row(v))]))
    const p = await previewOf(t, file)
    const auditBefore = await count(t.ws, 'audit_log')
    const result = await ok(t.ws, 'claims.importConfirm', { claimId: t.claimId, mapping: p.mapping })
    expect(result).toMatchObject({ imported: 5, skipped: ROWS.length - 5, firstLineNo: 2, lastLineNo: 6, declaredCents: p.counts.declaredCents })
    const lines = await t.ws.file().db.selectFrom('claim_lines').selectAll().where('claim_id', '=', t.claimId).orderBy('line_no').execute()
    expect(lines.map((l) => [l.line_no, l.kind, l.declared_cents])).toEqual([
      [1, 'actual', 50_000],
      [2, 'actual', 100_000],
      [3, 'actual', 100_000],
      [4, 'staff', Math.floor((750 * 3023) / 100)],
      [5, 'unit', 200_000],
      [6, 'lump_sum', 1_500_000],
    ])
    expect(lines[1]).toMatchObject({
      supplier: 'Traduc ASBL',
      reference: 'F-2026-100',
      expense_date: '2026-02-15',
      payment_date: '2026-02-20',
      updated_by: OFFICER.name,
    })
    expect((await count(t.ws, 'audit_log')) - auditBefore).toBe(5)
    const created = await t.ws
      .file()
      .db.selectFrom('audit_log')
      .select(['entity', 'action', 'record_id', 'parent_id'])
      .where('entity', 'in', ['claim_line', 'expenditure_mapping'])
      .where('action', '=', 'create')
      .execute()
    const imported = created.filter((a) => a.entity === 'claim_line' && lines.slice(1).some((l) => l.id === a.record_id))
    expect(imported).toHaveLength(5)
    expect(imported.every((a) => a.parent_id === t.projectId)).toBe(true)

    // Imported again, every row is now a duplicate of this claim: nothing more is written.
    const again = await previewOf(t, file)
    expect(again.rows[0].problems.map((x) => x.code)).toContain('duplicateThisClaim')
    expect(again.rows[12].problems.map((x) => x.code)).toEqual(['lumpSumClaimed'])
  })

  it('refuses everything when asked for all or nothing and a row has a problem', async () => {
    const t = await setup()
    const file = path.join(t.dir, 'depenses.csv')
    fs.writeFileSync(file, csv([FR_HEADERS, row(GOOD), row({ ...GOOD, reference: 'X', budgetLine: '42' })]))
    const p = await previewOf(t, file)
    const before = await count(t.ws, 'claim_lines')
    // The demo's Caritas has a remembered mapping: it stays as it was.
    const mappingsBefore = dumpTables(t.ws.file().path, ['expenditure_mappings'])
    const error = await refused(t.ws, 'claims.importConfirm', { claimId: t.claimId, mapping: p.mapping, allOrNothing: true })
    expect(error.code).toBe('IMPORT_HAS_PROBLEMS')
    expect(await count(t.ws, 'claim_lines')).toBe(before)
    expect(dumpTables(t.ws.file().path, ['expenditure_mappings'])).toEqual(mappingsBefore)
  })

  it('refuses a file changed since its preview, and a claim no longer open to new lines', async () => {
    const t = await setup()
    const linesBefore = await count(t.ws, 'claim_lines')
    const file = path.join(t.dir, 'depenses.csv')
    fs.writeFileSync(file, csv([FR_HEADERS, row(GOOD)]))
    const p = await previewOf(t, file)
    fs.writeFileSync(file, csv([FR_HEADERS, row(GOOD), row({ ...GOOD, reference: 'F-999' })]))
    expect((await refused(t.ws, 'claims.importConfirm', { claimId: t.claimId, mapping: p.mapping })).code).toBe('IMPORT_FILE_CHANGED')
    expect(await count(t.ws, 'claim_lines')).toBe(linesBefore)

    const withdrawn = await addClaim(t.ws, t.projectId, { status: 'withdrawn', withdrawn_reason: 'Introduite par erreur' })
    t.dialogs.nextOpenPath = file
    expect((await refused(t.ws, 'claims.importPreview', { claimId: withdrawn })).code).toBe('CLAIM_NOT_EDITABLE')
    const verified = await addClaim(t.ws, t.projectId, {
      status: 'verified',
      prepared_by: 'A',
      prepared_at: '2026-08-01T10:00:00.000Z',
      approved_by: 'B',
      approved_at: '2026-08-02T10:00:00.000Z',
    })
    expect((await refused(t.ws, 'claims.importPreview', { claimId: verified })).code).toBe('CLAIM_NOT_EDITABLE')
  })
})

describe('the column mapping', () => {
  it('is proposed from the file’s headers, remembered for the partner on confirmation and proposed again for its next list', async () => {
    // A partner whose lists were never imported: the demo's Caritas has a mapping already.
    const t = await setup({ demo: false })
    const headers = ['Boekingsdatum', 'Partner', 'Stuk', 'Post', 'Netto', 'Bruto', 'Tekst']
    const first = path.join(t.dir, 'jan.csv')
    fs.writeFileSync(first, csv([headers, ['15/02/2026', 'Traduc ASBL', 'F-2026-200', '2', '100,00', '121,00', 'Tolk']]))
    const proposed = await previewOf(t, first)
    expect(proposed.mappingSource).toBe('proposed')
    const mapping: Partial<ImportMapping> = {
      expenseDate: 'Boekingsdatum',
      supplier: 'Partner',
      reference: 'Stuk',
      budgetLine: 'Post',
      amountExcl: 'Netto',
      amountIncl: 'Bruto',
      description: 'Tekst',
    }
    t.dialogs.nextOpenPath = null
    const remapped = await ok(t.ws, 'claims.importPreview', { claimId: t.claimId, mapping, again: true })
    if (remapped.cancelled) throw new Error('cancelled')
    expect(remapped.preview.mappingSource).toBe('given')
    expect(remapped.preview.rows[0].problems).toEqual([])
    expect(await ok(t.ws, 'claims.importConfirm', { claimId: t.claimId, mapping: remapped.preview.mapping })).toMatchObject({
      imported: 1,
      mappingRemembered: true,
    })
    const audit = await t.ws.file().db.selectFrom('audit_log').selectAll().where('entity', '=', 'expenditure_mapping').execute()
    expect(audit.map((a) => [a.action, a.record_id, a.parent_id])).toEqual([['create', t.caritasId, t.caritasId]])
    const stored = await t.ws.file().db.selectFrom('expenditure_mappings').selectAll().executeTakeFirstOrThrow()
    expect(stored.id).toBe(t.caritasId)
    expect(JSON.parse(stored.mapping_json)).toEqual(mapping)

    // The partner's next list, columns in another order: the remembered mapping, no step.
    const second = path.join(t.dir, 'feb.csv')
    const order = [6, 5, 4, 3, 2, 1, 0]
    fs.writeFileSync(
      second,
      csv([order.map((i) => headers[i]), order.map((i) => ['16/03/2026', 'Traduc ASBL', 'F-2026-300', '2', '50,00', '60,50', 'Tolk'][i])]),
    )
    const next = await previewOf(t, second)
    expect(next.mappingSource).toBe('remembered')
    expect(Object.fromEntries(Object.entries(next.mapping).filter(([, v]) => v !== null))).toEqual(mapping)
    expect(next.rows[0].problems).toEqual([])
    expect(next.rows[0].declaredCents).toBe(5_000)
  })
})

describe('the template', () => {
  it.each(['fr', 'nl', 'en'] as DocLanguage[])('in %s, filled in, imports without any mapping step', async (lang) => {
    const t = await setup()
    const mappingsBefore = dumpTables(t.ws.file().path, ['expenditure_mappings'])
    t.dialogs.nextSavePath = path.join(t.dir, `template-${lang}`)
    const written = await ok(t.ws, 'claims.template', { language: lang, projectId: t.projectId })
    if (written.cancelled) throw new Error('cancelled')
    expect(written.path).toBe(path.join(t.dir, `template-${lang}.xlsx`))

    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.readFile(written.path)
    expect(workbook.worksheets.length).toBe(3)
    const sheet = workbook.worksheets[0]
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(IMPORT_FIELDS.map((f) => TEMPLATE_HEADERS[lang][f]))
    const kindLabel = { fr: 'Coût réel', nl: 'Werkelijke kosten', en: 'Actual cost' }[lang]
    const yes = { fr: 'oui', nl: 'ja', en: 'yes' }[lang]
    // Filled in as a beneficiary does: real dates and numbers, the budget line from the list.
    sheet.getRow(2).values = [
      kindLabel,
      '2 - Interprétariat',
      new Date(Date.UTC(2026, 1, 15)),
      'Traduc ASBL',
      'F-77',
      'Tolk',
      1000,
      1210,
      yes,
      new Date(Date.UTC(2026, 1, 20)),
    ]
    sheet.getRow(3).values = ['', 3, new Date(Date.UTC(2026, 2, 1)), '', '', '', null, null, '', null, '', null, null, null, 5]
    const filled = path.join(t.dir, `filled-${lang}.xlsx`)
    await workbook.xlsx.writeFile(filled)

    const p = await previewOf(t, filled)
    expect(p.format).toBe('xlsx')
    expect(p.mappingSource).toBe('template')
    expect(p.rows.map((r) => r.problems)).toEqual([[], []])
    expect(p.rows.map((r) => r.declaredCents)).toEqual([121_000, 250_000])
    const result = await ok(t.ws, 'claims.importConfirm', { claimId: t.claimId, mapping: p.mapping })
    expect(result).toMatchObject({ imported: 2, mappingRemembered: false })
    // The partner's own mapping (the demo's Caritas has one) is left as it was: the template's headers need none.
    expect(mappingsBefore.expenditure_mappings).toHaveLength(1)
    expect(dumpTables(t.ws.file().path, ['expenditure_mappings'])).toEqual(mappingsBefore)
  })

  it('reads formulas by their cached value and refuses a formula without one on its row', async () => {
    const t = await setup()
    const workbook = new ExcelJS.Workbook()
    const sheet = workbook.addWorksheet('Feuil1')
    sheet.addRow(FR_HEADERS)
    sheet.addRow(['', 2, '2026-02-15', 'A', 'R-1', '', 1000, { formula: 'G2*1.21', result: 1210 }, 'non'])
    sheet.addRow(['', 2, '2026-02-15', 'A', 'R-2', '', 1000, { formula: 'G3*1.21' }, 'non'])
    const file = path.join(t.dir, 'formulas.xlsx')
    await workbook.xlsx.writeFile(file)
    const p = await previewOf(t, file)
    expect(p.rows[0].problems).toEqual([])
    expect(p.rows[0].values?.amountInclCents).toBe(121_000)
    expect(p.rows[1].problems.map((x) => x.code)).toEqual(['formulaNoValue'])
  })
})

describe('hostile files', () => {
  /** A zip archive with stored entries: a valid zip, but no workbook. */
  async function notAWorkbook(dir: string): Promise<string> {
    const file = path.join(dir, 'archive.xlsx')
    const wb = new ExcelJS.Workbook()
    wb.addWorksheet('x')
    const bytes = Buffer.from(await wb.xlsx.writeBuffer())
    // The same archive with its workbook part renamed: a zip, not an .xlsx.
    fs.writeFileSync(file, Buffer.from(bytes.toString('latin1').split('xl/workbook.xml').join('xl/notebook.xml'), 'latin1'))
    return file
  }

  it('refuses each one with a clear code, writes nothing and leaves the file as it was', async () => {
    const t = await setup()
    const dir = tempDir()
    const files: [string, string, () => Promise<string> | string][] = [
      ['random bytes', 'IMPORT_UNREADABLE', () => (fs.writeFileSync(path.join(dir, 'random.xlsx'), randomBytes(64 * 1024)), path.join(dir, 'random.xlsx'))],
      ['a zip that is not a workbook', 'IMPORT_UNREADABLE', () => notAWorkbook(dir)],
      [
        'an old .xls',
        'IMPORT_UNREADABLE',
        () => (
          fs.writeFileSync(path.join(dir, 'old.xls'), Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(4096)])),
          path.join(dir, 'old.xls')
        ),
      ],
      [
        'Latin-1 text',
        'IMPORT_UNREADABLE',
        () => (fs.writeFileSync(path.join(dir, 'latin1.csv'), Buffer.from('Fournisseur;Montant\nCaf\xe9;12\n', 'latin1')), path.join(dir, 'latin1.csv')),
      ],
      ['an empty file', 'IMPORT_EMPTY', () => (fs.writeFileSync(path.join(dir, 'empty.csv'), ''), path.join(dir, 'empty.csv'))],
      ['headers only', 'IMPORT_EMPTY', () => (fs.writeFileSync(path.join(dir, 'headers.csv'), csv([FR_HEADERS])), path.join(dir, 'headers.csv'))],
      [
        'an empty sheet',
        'IMPORT_EMPTY',
        async () => {
          const wb = new ExcelJS.Workbook()
          wb.addWorksheet('Vide')
          await wb.xlsx.writeFile(path.join(dir, 'empty.xlsx'))
          return path.join(dir, 'empty.xlsx')
        },
      ],
      [
        'more than 20 MB',
        'IMPORT_TOO_LARGE',
        () => {
          const f = path.join(dir, 'huge.csv')
          fs.writeFileSync(f, '')
          fs.truncateSync(f, 21 * 1024 * 1024)
          return f
        },
      ],
      [
        'more than 20 000 rows',
        'IMPORT_TOO_LARGE',
        () => {
          const f = path.join(dir, 'long.csv')
          fs.writeFileSync(f, `${FR_HEADERS.join(';')}\n${'Coût réel;2;15/02/2026;A;R;;1;1;non\n'.repeat(20_001)}`)
          return f
        },
      ],
      ['an unbalanced quote', 'IMPORT_UNREADABLE', () => (fs.writeFileSync(path.join(dir, 'quote.csv'), 'a;b\n"x;y\n'), path.join(dir, 'quote.csv'))],
    ]
    const before = { lines: await count(t.ws, 'claim_lines'), audit: await count(t.ws, 'audit_log') }
    for (const [name, code, make] of files) {
      const file = await make()
      const hash = sha256(file)
      t.dialogs.nextOpenPath = file
      const error = await refused(t.ws, 'claims.importPreview', { claimId: t.claimId })
      expect(error.code, name).toBe(code)
      expect(sha256(file), name).toBe(hash)
    }
    expect({ lines: await count(t.ws, 'claim_lines'), audit: await count(t.ws, 'audit_log') }).toEqual(before)
  })

  it('refuses a row whose text holds a NUL character, not the file', async () => {
    const t = await setup()
    const file = path.join(t.dir, 'nul.csv')
    fs.writeFileSync(file, csv([FR_HEADERS, row(GOOD), row({ ...GOOD, reference: 'F-\u0000-1' })]))
    const p = await previewOf(t, file)
    expect(p.rows.map((r) => r.problems.map((x) => x.code))).toEqual([[], ['controlCharacter']])
  })
})

describe('command line', () => {
  it('imports a list into the project’s latest open claim, or only reports with --dry-run, and writes the template', async () => {
    const t = await setup()
    const amif = t.ws.file().path
    await t.ws.close()
    const list = path.join(t.dir, 'list.csv')
    fs.writeFileSync(list, csv([FR_HEADERS, row(GOOD), row({ ...GOOD, reference: 'F-2', budgetLine: '42' })]))

    const dry = await runHere(['claims', 'import', amif, '--project', 'amif-2026-im-01', '--xlsx', list, '--dry-run', '--json'])
    expect(dry.stderr).toBe('')
    expect(dry.code).toBe(0)
    const report = JSON.parse(dry.stdout)
    expect(report).toMatchObject({
      ok: true,
      dryRun: true,
      claim: { id: t.claimId, reference: 'DP-2' },
      counts: { rows: 2, good: 1, withProblems: 1 },
      imported: 0,
    })
    expect(report.rows[1].problems[0]).toMatchObject({ code: 'budgetLineUnknown', field: 'budgetLine' })

    const real = await runHere([
      'claims',
      'import',
      amif,
      '--project',
      'AMIF-2026-IM-01',
      '--xlsx',
      list,
      '--claim',
      t.claimId,
      '--json',
      '--officer',
      'Test CLI',
    ])
    expect(real.code).toBe(0)
    expect(JSON.parse(real.stdout)).toMatchObject({ ok: true, dryRun: false, imported: 1, skipped: 1 })

    const out = path.join(t.dir, 'modele.xlsx')
    const template = await runHere(['claims', 'template', '--lang', 'nl', '--out', out])
    expect(template.code).toBe(0)
    expect(JSON.parse(template.stdout)).toMatchObject({ ok: true, path: out, language: 'nl' })
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.readFile(out)
    expect(wb.worksheets.map((s) => s.name)).toEqual(['Uitgaven', 'Instructies'])

    const bad = await runHere(['claims', 'template', '--lang', 'de', '--out', out])
    expect(bad.code).toBe(1)
  })
})

describe('a partner’s remembered mapping and a file with other columns', () => {
  it('keeps the remembered columns the file has and guesses the fields it lacks, as for any file', () => {
    const headers = ['Poste budgétaire', 'Date', 'Fournisseur', 'N° facture', 'Montant HTVA', 'Montant TVAC']
    const { mapping, source } = proposeMapping(headers, { budgetLine: 'Poste budgétaire', expenseDate: 'Date facture', amountExcl: 'Montant HTVA' })
    expect(source).toBe('remembered')
    expect(mapping).toMatchObject({ budgetLine: 'Poste budgétaire', amountExcl: 'Montant HTVA', supplier: 'Fournisseur', amountIncl: 'Montant TVAC' })
    const none = proposeMapping(headers, { budgetLine: 'Rubrique', expenseDate: 'Jour' })
    expect(none.source).toBe('proposed')
    expect(none.mapping.amountExcl).toBe('Montant HTVA')
  })
})
