import type { Kysely } from 'kysely'
import { IMPORT_FIELDS, TEMPLATE_HEADERS, YES_NO, type ImportField } from './domain/claims-import'
import { VOCABULARY_LABELS } from './domain/labels'
import type { DocLanguage } from './domain/languages'
import { CLAIM_LINE_KINDS } from './domain/vocabulary'
import { DATA_SHEET_NAMES } from './claims-import'
import type { DB } from './schema'

/**
 * The expenditure-list template an officer sends to a beneficiary (issue 15 §1), in French, Dutch
 * or English: the data sheet whose headers the import maps without any step, drop-down lists for
 * the kind and VAT, an instructions sheet, and, for a given project, its budget lines.
 */

/** Rows of the data sheet that get the drop-down lists and formats. */
const TEMPLATE_ROWS = 5000

const WIDTHS: Record<ImportField, number> = {
  kind: 20,
  budgetLine: 34,
  expenseDate: 14,
  supplier: 28,
  reference: 20,
  description: 40,
  amountExcl: 15,
  amountIncl: 15,
  vatEligible: 12,
  paymentDate: 14,
  personName: 24,
  hours: 10,
  hourlyRate: 13,
  annualGross: 16,
  units: 10,
}

const BUDGET_SHEET = { fr: 'Lignes budgétaires', nl: 'Begrotingslijnen', en: 'Budget lines' } as const
const INSTRUCTIONS_SHEET = { fr: 'Instructions', nl: 'Instructies', en: 'Instructions' } as const

/** The instructions sheet, one paragraph a row. */
const INSTRUCTIONS: Record<DocLanguage, string[]> = {
  fr: [
    'Liste des dépenses déclarées – mode d’emploi',
    'Une ligne par dépense dans la feuille « Dépenses ». Ne modifiez pas la ligne d’en-têtes : le fichier s’importe alors sans aucune étape de correspondance des colonnes.',
    'Type de dépense : Coût réel (une facture), Frais de personnel (heures × taux horaire), Coût unitaire (nombre d’unités au coût unitaire du budget) ou Montant forfaitaire (réclamé en entier quand son livrable est atteint). Vide : déduit de la ligne budgétaire.',
    'Ligne budgétaire : son numéro dans le budget du projet (1, 2, 3…) ou sa description exacte.',
    'Dates : jour/mois/année (31/03/2026) ou 2026-03-31. Les dépenses doivent se situer dans la période d’éligibilité du projet.',
    'Montants en euros, avec une virgule ou un point décimal (1 250,00 ou 1250.00), sans signe négatif.',
    'TVA éligible : oui si la TVA n’est pas récupérable (le montant TVAC est alors déclaré), non sinon (le montant HTVA est déclaré).',
    'Coût réel : date de la dépense, montants HTVA et TVAC obligatoires ; fournisseur et n° de facture permettent de détecter une facture déclarée deux fois.',
    'Frais de personnel : membre du personnel, heures et taux horaire (ou coût annuel brut : le taux est alors ce coût / 1 720 h, art. 55(2) RDC).',
    'Coût unitaire : le nombre d’unités. Montant forfaitaire : la ligne budgétaire suffit.',
    'Les forfaits (taux forfaitaires) ne se déclarent pas : ils sont calculés sur les coûts acceptés.',
  ],
  nl: [
    'Lijst van gedeclareerde uitgaven – handleiding',
    'Eén rij per uitgave in het blad „Uitgaven”. Wijzig de rij met kolomkoppen niet: het bestand wordt dan zonder stap voor kolomtoewijzing geïmporteerd.',
    'Soort uitgave: Werkelijke kosten (een factuur), Personeelskosten (uren × uurtarief), Eenheidskosten (aantal eenheden tegen de eenheidskost van de begroting) of Vast bedrag (volledig gedeclareerd wanneer de prestatie geleverd is). Leeg: afgeleid uit de begrotingslijn.',
    'Begrotingslijn: haar nummer in de begroting van het project (1, 2, 3…) of haar exacte omschrijving.',
    'Datums: dag/maand/jaar (31/03/2026) of 2026-03-31. De uitgaven moeten binnen de subsidiabiliteitsperiode van het project vallen.',
    'Bedragen in euro, met een decimale komma of punt (1 250,00 of 1250.00), zonder minteken.',
    'Btw subsidiabel: ja als de btw niet terugvorderbaar is (het bedrag incl. btw wordt dan gedeclareerd), anders nee (het bedrag excl. btw).',
    'Werkelijke kosten: datum van de uitgave, bedragen excl. en incl. btw verplicht; leverancier en factuurnummer laten toe een dubbel gedeclareerde factuur op te sporen.',
    'Personeelskosten: personeelslid, uren en uurtarief (of jaarlijkse brutokosten: het tarief is dan die kosten / 1 720 u, art. 55(2) GVB).',
    'Eenheidskosten: het aantal eenheden. Vast bedrag: de begrotingslijn volstaat.',
    'Forfaitaire percentages worden niet gedeclareerd: ze worden berekend op de aanvaarde kosten.',
  ],
  en: [
    'List of declared expenditure – how to fill it in',
    'One row per expense in the “Expenditure” sheet. Do not change the header row: the file then imports without any column-mapping step.',
    'Kind of expense: Actual cost (an invoice), Staff cost (hours × hourly rate), Unit cost (number of units at the budget’s unit cost) or Lump sum (claimed whole once its deliverable is done). Empty: taken from the budget line.',
    'Budget line: its number in the project’s budget (1, 2, 3…) or its exact description.',
    'Dates: day/month/year (31/03/2026) or 2026-03-31. Expenses must fall within the project’s eligibility period.',
    'Amounts in euros, with a decimal comma or point (1 250,00 or 1250.00), never negative.',
    'VAT eligible: yes when the VAT cannot be recovered (the amount incl. VAT is then declared), no otherwise (the amount excl. VAT is declared).',
    'Actual cost: expense date, amounts excl. and incl. VAT required; supplier and invoice number let an invoice declared twice be found.',
    'Staff cost: staff member, hours and hourly rate (or annual gross costs: the rate is then these costs / 1,720 h, CPR Art. 55(2)).',
    'Unit cost: the number of units. Lump sum: the budget line is enough.',
    'Flat rates are never declared: they are computed on the accepted costs.',
  ],
}

/** A budget line as the template lists it. */
interface TemplateBudgetLine {
  number: number
  description: string
  costModel: string
}

/** The budget lines of a project as the template lists them (numbered as the import reads them). */
export async function templateBudgetLines(db: Kysely<DB>, projectId: string, language: DocLanguage): Promise<TemplateBudgetLine[]> {
  const rows = await db
    .selectFrom('budget_lines')
    .select(['description', 'cost_model'])
    .where('project_id', '=', projectId)
    .orderBy('sort_order')
    .orderBy('created_at')
    .execute()
  return rows.map((r, i) => ({ number: i + 1, description: r.description, costModel: VOCABULARY_LABELS[language].vocab.costModels[r.cost_model] }))
}

/** Builds the template workbook in a language; with a project's budget lines, a sheet listing them and a drop-down list. */
export async function buildExpenditureTemplate(language: DocLanguage, budgetLines: readonly TemplateBudgetLine[] | null = null): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs')
  const workbook = new ExcelJS.Workbook()
  workbook.creator = 'AMIF Desk'
  const headers = TEMPLATE_HEADERS[language]
  const sheet = workbook.addWorksheet(DATA_SHEET_NAMES[language], { views: [{ state: 'frozen', ySplit: 1 }] })
  // exceljs writes ranges of data validations (its type declarations omit them).
  const validations = (sheet as unknown as { dataValidations: { add(range: string, v: Record<string, unknown>): void } }).dataValidations
  sheet.columns = IMPORT_FIELDS.map((f) => ({ header: headers[f], key: f, width: WIDTHS[f] }))
  const head = sheet.getRow(1)
  head.font = { bold: true }
  head.alignment = { vertical: 'middle', wrapText: true }
  head.height = 30
  head.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F1' } }
  })
  const col = (f: ImportField) => sheet.getColumn(IMPORT_FIELDS.indexOf(f) + 1).letter
  const range = (f: ImportField) => `${col(f)}2:${col(f)}${TEMPLATE_ROWS + 1}`
  const kinds = CLAIM_LINE_KINDS.map((k) => VOCABULARY_LABELS[language].vocab.claimLineKinds[k])
  validations.add(range('kind'), {
    type: 'list',
    allowBlank: true,
    formulae: [`"${kinds.join(',')}"`],
  })
  validations.add(range('vatEligible'), {
    type: 'list',
    allowBlank: true,
    formulae: [`"${YES_NO[language].yes},${YES_NO[language].no}"`],
  })
  for (const f of ['expenseDate', 'paymentDate'] as const) sheet.getColumn(col(f)).numFmt = 'dd/mm/yyyy'
  for (const f of ['amountExcl', 'amountIncl', 'hourlyRate', 'annualGross'] as const) sheet.getColumn(col(f)).numFmt = '#,##0.00'
  // Headers keep no number format: exceljs gives a column's format to its header cell too.
  head.eachCell((cell) => {
    cell.numFmt = '@'
  })

  if (budgetLines && budgetLines.length > 0) {
    const list = workbook.addWorksheet(BUDGET_SHEET[language])
    const names = {
      fr: ['N°', 'Description', 'Modalité de coût', 'Valeur à indiquer'],
      nl: ['Nr.', 'Omschrijving', 'Kostenmodel', 'In te vullen waarde'],
      en: ['No.', 'Description', 'Cost model', 'Value to enter'],
    }[language]
    list.columns = [
      { header: names[0], width: 6 },
      { header: names[1], width: 50 },
      { header: names[2], width: 26 },
      { header: names[3], width: 50 },
    ]
    list.getRow(1).font = { bold: true }
    for (const l of budgetLines) list.addRow([l.number, l.description, l.costModel, `${l.number} - ${l.description}`])
    validations.add(range('budgetLine'), {
      type: 'list',
      allowBlank: true,
      formulae: [`'${BUDGET_SHEET[language]}'!$D$2:$D$${budgetLines.length + 1}`],
    })
  }

  const help = workbook.addWorksheet(INSTRUCTIONS_SHEET[language])
  help.getColumn(1).width = 120
  INSTRUCTIONS[language].forEach((text, i) => {
    const row = help.addRow([text])
    row.alignment = { wrapText: true, vertical: 'top' }
    if (i === 0) row.font = { bold: true, size: 14 }
  })
  const out = await workbook.xlsx.writeBuffer()
  return Buffer.from(out as ArrayBuffer)
}
