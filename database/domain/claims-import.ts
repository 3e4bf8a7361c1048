import { declaredCents } from './claims'
import { isIsoDate } from './dates'
import { DOC_LANGUAGES, type DocLanguage } from './languages'
import { hourlyStaffRateCents } from './money'
import { claimLineValues, type ClaimLineValues } from './schemas/claims'
import { CLAIM_LINE_KINDS, type ClaimLineKind, type CostModel } from './vocabulary'
import { VOCABULARY_LABELS } from './labels'

/**
 * The import of a beneficiary's expenditure list (issue 15 §1), the pure part: which column holds
 * which field, how a cell is read (amounts with a decimal comma or point, Belgian dates, yes/no in
 * three languages) and what is wrong with each row. The file itself is read in database/claims-import.ts.
 */

/** The fields of a declared line a column may hold, in the template's order. */
export const IMPORT_FIELDS = [
  'kind',
  'budgetLine',
  'expenseDate',
  'supplier',
  'reference',
  'description',
  'amountExcl',
  'amountIncl',
  'vatEligible',
  'paymentDate',
  'personName',
  'hours',
  'hourlyRate',
  'annualGross',
  'units',
] as const
export type ImportField = (typeof IMPORT_FIELDS)[number]

/** Which header of the file holds each field (null: no column). Headers are kept as written, matched loosely. */
export type ImportMapping = Record<ImportField, string | null>

/** The template's header of each field in each language: a file with these headers needs no mapping step. */
export const TEMPLATE_HEADERS: Record<DocLanguage, Record<ImportField, string>> = {
  fr: {
    kind: 'Type de dépense',
    budgetLine: 'Ligne budgétaire',
    expenseDate: 'Date de la dépense',
    supplier: 'Fournisseur',
    reference: 'N° de facture ou de pièce',
    description: 'Description',
    amountExcl: 'Montant HTVA',
    amountIncl: 'Montant TVAC',
    vatEligible: 'TVA éligible',
    paymentDate: 'Date de paiement',
    personName: 'Membre du personnel',
    hours: 'Heures',
    hourlyRate: 'Taux horaire',
    annualGross: 'Coût annuel brut',
    units: 'Unités',
  },
  nl: {
    kind: 'Soort uitgave',
    budgetLine: 'Begrotingslijn',
    expenseDate: 'Datum van de uitgave',
    supplier: 'Leverancier',
    reference: 'Factuur- of stuknummer',
    description: 'Omschrijving',
    amountExcl: 'Bedrag excl. btw',
    amountIncl: 'Bedrag incl. btw',
    vatEligible: 'Btw subsidiabel',
    paymentDate: 'Betaaldatum',
    personName: 'Personeelslid',
    hours: 'Uren',
    hourlyRate: 'Uurtarief',
    annualGross: 'Jaarlijkse brutokosten',
    units: 'Eenheden',
  },
  en: {
    kind: 'Kind of expense',
    budgetLine: 'Budget line',
    expenseDate: 'Expense date',
    supplier: 'Supplier',
    reference: 'Invoice or document no.',
    description: 'Description',
    amountExcl: 'Amount excl. VAT',
    amountIncl: 'Amount incl. VAT',
    vatEligible: 'VAT eligible',
    paymentDate: 'Payment date',
    personName: 'Staff member',
    hours: 'Hours',
    hourlyRate: 'Hourly rate',
    annualGross: 'Annual gross costs',
    units: 'Units',
  },
}

/** Other words beneficiaries put in their headers, normalised (see normalizeHeader): a first guess the officer corrects. */
const HEADER_SYNONYMS: Record<ImportField, readonly string[]> = {
  kind: ['type', 'kind', 'soort', 'nature', 'type de cout', 'cost type'],
  budgetLine: ['budget', 'poste', 'poste budgetaire', 'ligne', 'budgetpost', 'budget line no', 'budget item'],
  expenseDate: ['date', 'datum', 'date facture', 'factuurdatum', 'invoice date', 'date de facture'],
  supplier: ['fournisseur', 'supplier', 'vendor', 'leverancier', 'prestataire', 'creancier'],
  reference: [
    'facture',
    'n facture',
    'numero de facture',
    'invoice',
    'invoice no',
    'invoice number',
    'factuur',
    'factuurnummer',
    'reference',
    'referentie',
    'piece',
  ],
  description: ['libelle', 'objet', 'omschrijving', 'beschrijving', 'description', 'details'],
  amountExcl: ['htva', 'montant ht', 'hors tva', 'excl btw', 'excl vat', 'net', 'amount excl vat', 'montant htva'],
  amountIncl: ['tvac', 'montant ttc', 'ttc', 'incl btw', 'incl vat', 'montant', 'bedrag', 'amount', 'total'],
  vatEligible: ['tva eligible', 'tva', 'btw', 'vat', 'vat eligible', 'tva non recuperable'],
  paymentDate: ['date paiement', 'paiement', 'betaling', 'betaaldatum', 'paid on', 'payment date', 'date de paiement'],
  personName: ['nom', 'personne', 'employe', 'member', 'staff', 'naam', 'medewerker', 'person', 'personnel'],
  hours: ['heures', 'uren', 'hours', 'nombre d heures', 'aantal uren'],
  hourlyRate: ['taux horaire', 'uurtarief', 'hourly rate', 'taux'],
  annualGross: ['cout annuel', 'salaire annuel brut', 'jaarlijkse brutokosten', 'annual gross', 'annual costs'],
  units: ['unites', 'nombre', 'aantal', 'units', 'quantite', 'quantity', 'eenheden'],
}

/** A header as compared: without accents, case, punctuation or repeated spaces. */
export function normalizeHeader(header: string): string {
  return header
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
}

/** A mapping with no column for any field. */
export function emptyMapping(): ImportMapping {
  return Object.fromEntries(IMPORT_FIELDS.map((f) => [f, null])) as ImportMapping
}

/** Where a proposed mapping comes from: the template's headers, the partner's remembered mapping, or a guess. */
export type MappingSource = 'template' | 'remembered' | 'proposed'

/** The template's language whose headers the file has, every one of them (extra columns are fine), or null. */
export function templateLanguageOf(headers: readonly string[]): DocLanguage | null {
  const present = new Set(headers.map(normalizeHeader))
  return DOC_LANGUAGES.find((lang) => IMPORT_FIELDS.every((f) => present.has(normalizeHeader(TEMPLATE_HEADERS[lang][f])))) ?? null
}

/** Keeps, of a mapping, only the headers this file has (a remembered mapping may name columns this file lacks). */
function keepPresent(mapping: Partial<Record<ImportField, string | null>>, headers: readonly string[]): ImportMapping {
  const byNorm = new Map(headers.map((h) => [normalizeHeader(h), h]))
  const out = emptyMapping()
  for (const f of IMPORT_FIELDS) {
    const wanted = mapping[f]
    if (typeof wanted === 'string') out[f] = byNorm.get(normalizeHeader(wanted)) ?? null
  }
  return out
}

/**
 * The mapping proposed for a file's headers: the template's headers (in any of the three
 * languages) map without any step; else the partner's remembered mapping where its headers are
 * in the file; else a guess from usual words, each header used once.
 */
export function proposeMapping(
  headers: readonly string[],
  remembered: Partial<Record<ImportField, string | null>> | null,
): { mapping: ImportMapping; source: MappingSource } {
  const lang = templateLanguageOf(headers)
  if (lang) return { mapping: keepPresent(TEMPLATE_HEADERS[lang], headers), source: 'template' }
  // The partner's remembered columns that this file has; the fields it lacks are guessed as for any file.
  const mapping = remembered ? keepPresent(remembered, headers) : emptyMapping()
  const fromMemory = IMPORT_FIELDS.some((f) => mapping[f] !== null)
  const used = new Set(IMPORT_FIELDS.flatMap((f) => (mapping[f] === null ? [] : [mapping[f]])))
  const norms = headers.map((h) => ({ header: h, norm: normalizeHeader(h) }))
  // Exact words first (a template header of any language, then a synonym), then a header that contains one.
  const candidates = (f: ImportField) => [...DOC_LANGUAGES.map((l) => normalizeHeader(TEMPLATE_HEADERS[l][f])), ...HEADER_SYNONYMS[f]]
  for (const pass of ['exact', 'contains'] as const) {
    for (const f of IMPORT_FIELDS) {
      if (mapping[f] !== null) continue
      const hit = norms.find(
        (h) => h.norm !== '' && !used.has(h.header) && candidates(f).some((c) => (pass === 'exact' ? h.norm === c : c.length >= 4 && h.norm.includes(c))),
      )
      if (hit) {
        mapping[f] = hit.header
        used.add(hit.header)
      }
    }
  }
  return { mapping, source: fromMemory ? 'remembered' : 'proposed' }
}

// ---------------------------------------------------------------------------------------------
// Cells.

/** A cell as read from the file: text (CSV, or a text cell), a number, a boolean, a date, or a problem with the cell itself. */
export type RawCell = string | number | boolean | Date | null | { problem: 'formulaNoValue' | 'cellError' }

/** Money at most 10^12 cents, as the schemas allow. */
const CENTS_LIMIT = 1e12

/** The text of a cell as the file shows it (numbers in full, dates in ISO). */
export function cellText(cell: RawCell): string {
  if (cell === null) return ''
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? '' : cell.toISOString().slice(0, 10)
  if (typeof cell === 'object') return ''
  return String(cell)
}

/** True when text holds a NUL or another control character than tab, line feed or carriage return. */
export function hasControlCharacter(text: string): boolean {
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text)
}

/**
 * A number written by a person: spaces (also non-breaking) and a euro sign are ignored; the decimal
 * separator is a comma or a point. With both, the last one is the decimal separator; with one of
 * them only, once, followed by exactly three digits, it separates thousands (1.250 and 1,250 are
 * 1 250); repeated, it separates thousands. Null for anything else.
 */
export function parseDecimal(raw: string): number | null {
  let s = raw.replace(/[\s\u00a0\u202f]/g, '').replace(/€|eur/gi, '')
  if (s === '') return null
  let negative = false
  if (s.startsWith('-')) {
    negative = true
    s = s.slice(1)
  }
  if (!/^[0-9.,]+$/.test(s) || !/[0-9]/.test(s)) return null
  const lastComma = s.lastIndexOf(',')
  const lastPoint = s.lastIndexOf('.')
  let intPart = s
  let fraction = ''
  if (lastComma >= 0 && lastPoint >= 0) {
    const dec = lastComma > lastPoint ? ',' : '.'
    const thousands = dec === ',' ? '.' : ','
    const at = s.lastIndexOf(dec)
    const groups = s.slice(0, at).split(thousands)
    fraction = s.slice(at + 1)
    if (!/^\d{1,3}$/.test(groups[0]) || groups.slice(1).some((g) => !/^\d{3}$/.test(g))) return null
    intPart = groups.join('')
  } else if (lastComma >= 0 || lastPoint >= 0) {
    const sep = lastComma >= 0 ? ',' : '.'
    const parts = s.split(sep)
    if (parts.length > 2 || (parts.length === 2 && parts[1].length === 3 && parts[0] !== '' && parts[0] !== '0')) {
      // Thousands separators: every group after the first has three digits.
      if (!/^\d{1,3}$/.test(parts[0]) || parts.slice(1).some((p) => !/^\d{3}$/.test(p))) return null
      intPart = parts.join('')
    } else {
      intPart = parts[0] === '' ? '0' : parts[0]
      fraction = parts[1] ?? ''
    }
  }
  if (!/^\d+$/.test(intPart) || !/^\d*$/.test(fraction)) return null
  const value = Number(`${intPart}.${fraction || '0'}`)
  if (!Number.isFinite(value)) return null
  return negative ? -value : value
}

/** A decimal number of a cell (a number cell, or text as parseDecimal reads it), or null when empty; undefined when it does not read. */
function numberOf(cell: RawCell): number | null | undefined {
  if (cell === null) return null
  if (typeof cell === 'number') return Number.isFinite(cell) ? cell : undefined
  if (typeof cell === 'string') return cell.trim() === '' ? null : (parseDecimal(cell) ?? undefined)
  return undefined
}

/** An amount in cents: at most two decimals, not negative. Null when empty, undefined when it does not read. */
export function parseCents(cell: RawCell): number | null | undefined {
  const n = numberOf(cell)
  if (n === null || n === undefined) return n
  const cents = Math.round(n * 100)
  // More than two decimals is not an amount of money (a cell of a spreadsheet may hold 12.345000000001: tolerated).
  if (n < 0 || Math.abs(n * 100 - cents) > 1e-6 || cents > CENTS_LIMIT) return undefined
  return cents
}

/** Hours in hundredths (7,5 -> 750): at most two decimals, more than 0. */
export function parseHoursHundredths(cell: RawCell): number | null | undefined {
  const n = numberOf(cell)
  if (n === null || n === undefined) return n
  const h = Math.round(n * 100)
  if (n <= 0 || Math.abs(n * 100 - h) > 1e-6 || h > 10_000_000) return undefined
  return h
}

/** A whole number of units, more than 0. */
export function parseUnits(cell: RawCell): number | null | undefined {
  const n = numberOf(cell)
  if (n === null || n === undefined) return n
  if (!Number.isInteger(n) || n < 1 || n > 1e9) return undefined
  return n
}

/** Excel's day 0 is 1899-12-30 (its 1900 leap-year bug included). */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30)

/**
 * A date: a date cell, an Excel serial number, or text written 2026-03-31, 31/03/2026,
 * 31-03-2026 or 31.03.2026 (day first, as in Belgium). Null when empty, undefined when it does not read.
 */
export function parseDay(cell: RawCell): string | null | undefined {
  if (cell === null) return null
  if (cell instanceof Date) {
    if (Number.isNaN(cell.getTime())) return undefined
    const iso = cell.toISOString().slice(0, 10)
    return isIsoDate(iso) ? iso : undefined
  }
  if (typeof cell === 'number') {
    if (!Number.isInteger(cell) || cell < 1 || cell > 2_958_465) return undefined
    return new Date(EXCEL_EPOCH_MS + cell * 86_400_000).toISOString().slice(0, 10)
  }
  if (typeof cell !== 'string') return undefined
  const s = cell.trim()
  if (s === '') return null
  let iso: string | null = null
  const m1 = /^(\d{4})-(\d{2})-(\d{2})(?:[T ][0-9:.]+Z?)?$/.exec(s)
  const m2 = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s)
  if (m1) iso = `${m1[1]}-${m1[2]}-${m1[3]}`
  else if (m2) iso = `${m2[3]}-${m2[2].padStart(2, '0')}-${m2[1].padStart(2, '0')}`
  return iso && isIsoDate(iso) ? iso : undefined
}

const YES = new Set(['yes', 'y', 'oui', 'o', 'ja', 'j', 'true', 'vrai', 'waar', '1', 'x'])
const NO = new Set(['no', 'n', 'non', 'nee', 'false', 'faux', 'onwaar', '0'])

/** Yes or no in any of the three languages (or 1/0, x, true/false); empty is no. Undefined when it does not read. */
export function parseYesNo(cell: RawCell): boolean | undefined {
  if (cell === null) return false
  if (typeof cell === 'boolean') return cell
  if (typeof cell === 'number') return cell === 1 ? true : cell === 0 ? false : undefined
  if (typeof cell !== 'string') return undefined
  const s = normalizeHeader(cell)
  if (s === '') return false
  if (YES.has(s)) return true
  if (NO.has(s)) return false
  return undefined
}

/** Yes and no as the template writes them. */
export const YES_NO: Record<DocLanguage, { yes: string; no: string }> = {
  fr: { yes: 'oui', no: 'non' },
  nl: { yes: 'ja', no: 'nee' },
  en: { yes: 'yes', no: 'no' },
}

/** A kind of line: its code, or its label in any of the three languages. Null when empty, undefined when unknown. */
export function parseKind(cell: RawCell): ClaimLineKind | null | undefined {
  const s = normalizeHeader(cellText(cell))
  if (s === '') return null
  return kindNames().get(s)
}

let kindNameMap: Map<string, ClaimLineKind> | null = null
/** Each kind's code and labels, normalised, once. */
function kindNames(): Map<string, ClaimLineKind> {
  if (!kindNameMap) {
    kindNameMap = new Map()
    for (const kind of CLAIM_LINE_KINDS) {
      kindNameMap.set(normalizeHeader(kind), kind)
      for (const l of DOC_LANGUAGES) kindNameMap.set(normalizeHeader(VOCABULARY_LABELS[l].vocab.claimLineKinds[kind]), kind)
    }
  }
  return kindNameMap
}

// ---------------------------------------------------------------------------------------------
// Rows.

/** A problem with a row: it is not imported. A warning is shown and the row is imported. */
export const IMPORT_PROBLEMS = [
  'budgetLineUnknown',
  'budgetLineAmbiguous',
  'budgetLineFlatRate',
  'kindUnknown',
  'kindNotForBudgetLine',
  'dateInvalid',
  'outsideEligibility',
  'duplicateThisClaim',
  'duplicateEarlierClaim',
  'duplicateInFile',
  'amountInvalid',
  'hoursInvalid',
  'unitsInvalid',
  'yesNoInvalid',
  'required',
  'inclBelowExcl',
  'hourlyRateNotAnnual',
  'controlCharacter',
  'tooLong',
  'formulaNoValue',
  'cellError',
  'paymentBeforeExpense',
  'lumpSumClaimed',
  'lumpSumTwiceInFile',
] as const
export type ImportProblemCode = (typeof IMPORT_PROBLEMS)[number]
export const IMPORT_WARNINGS = ['outsideClaimPeriod'] as const
export type ImportWarningCode = (typeof IMPORT_WARNINGS)[number]

/** What is wrong with a field of a row, with the values the message names. */
export interface RowIssue<C extends string = ImportProblemCode | ImportWarningCode> {
  code: C
  field: ImportField | null
  params?: Record<string, string | number>
}

/** A budget line of the project, as a row names it: by its number in the budget (1, 2...) or its description. */
export interface ImportBudgetLine {
  id: string
  number: number
  description: string
  costModel: CostModel
  amountCents: number | null
  unitCostCents: number | null
}

/** What a row is checked against. */
export interface ImportContext {
  budgetLines: readonly ImportBudgetLine[]
  /** The project's eligibility period. */
  projectStart: string
  projectEnd: string
  /** The claim's period: a date outside it (but inside the project's) is a warning. */
  periodStart: string
  periodEnd: string
  /** Supplier and reference already claimed (duplicateKey), in this claim or another claim of the project (its reference or dates). */
  claimed: ReadonlyMap<string, { inThisClaim: boolean; claim: string; lineNo: number }>
  /** Lump sums (by budget line id) already claimed: a lump sum is claimed whole, once. */
  claimedLumpSums?: ReadonlyMap<string, { claim: string; lineNo: number }>
}

/** The key that finds an invoice claimed twice: the supplier and the reference, loosely compared. Null without a reference. */
export function duplicateKey(supplier: string | null, reference: string | null): string | null {
  if (!reference || normalizeHeader(reference) === '') return null
  return `${normalizeHeader(supplier ?? '')}|${normalizeHeader(reference)}`
}

/** A row of the file, read and checked: its values as they would be stored, its declared amount, its problems and warnings. */
export interface ImportRow {
  /** The row's number in the file (the header row is 1 in a spreadsheet's numbering). */
  rowNo: number
  values: ClaimLineValues | null
  /** What each mapped field reads as, for the preview (the file's text). */
  cells: Partial<Record<ImportField, string>>
  budgetLineNumber: number | null
  declaredCents: number | null
  problems: RowIssue<ImportProblemCode>[]
  warnings: RowIssue<ImportWarningCode>[]
}

/** Field lengths as the schemas allow them. */
const MAX_LENGTH: Partial<Record<ImportField, number>> = { supplier: 300, reference: 300, personName: 300, description: 20000, budgetLine: 300 }

/** Finds the budget line a cell names: its number, or its description (loosely compared). */
function findBudgetLine(cell: RawCell, lines: readonly ImportBudgetLine[]): ImportBudgetLine | 'unknown' | 'ambiguous' | null {
  const text = cellText(cell).trim()
  if (text === '') return null
  const asNumber = typeof cell === 'number' ? cell : /^\d+$/.test(text) ? Number(text) : null
  if (asNumber !== null) return lines.find((l) => l.number === asNumber) ?? 'unknown'
  const norm = normalizeHeader(text)
  // "3 - Interpreters" or "3. Interpreters": the number the template's list gives first.
  const numbered = /^(\d+)\s*[-.:)]\s*(.+)$/.exec(text)
  if (numbered) {
    const byNumber = lines.find((l) => l.number === Number(numbered[1]))
    if (byNumber && normalizeHeader(byNumber.description) === normalizeHeader(numbered[2])) return byNumber
  }
  const found = lines.filter((l) => normalizeHeader(l.description) === norm)
  if (found.length === 1) return found[0]
  return found.length > 1 ? 'ambiguous' : 'unknown'
}

/** The kind a row without one has: the budget line's cost model says it (a staff member named: a staff line). */
function inferredKind(line: ImportBudgetLine | null, hasPerson: boolean): ClaimLineKind {
  if (line?.costModel === 'unit_cost') return 'unit'
  if (line?.costModel === 'lump_sum') return 'lump_sum'
  return hasPerson ? 'staff' : 'actual'
}

/** Maps the schema's field paths to the import's fields. */
const SCHEMA_FIELD: Record<string, ImportField> = {
  kind: 'kind',
  budgetLineId: 'budgetLine',
  expenseDate: 'expenseDate',
  supplier: 'supplier',
  reference: 'reference',
  description: 'description',
  amountExclCents: 'amountExcl',
  amountInclCents: 'amountIncl',
  vatEligible: 'vatEligible',
  paymentDate: 'paymentDate',
  personName: 'personName',
  hoursHundredths: 'hours',
  annualGrossCents: 'annualGross',
  hourlyRateCents: 'hourlyRate',
  units: 'units',
}

/**
 * Reads and checks one row. `cellOf(field)` gives the row's cell of the column mapped to a field
 * (null when unmapped or empty). `seenInFile` holds the duplicate keys of the rows before it.
 */
export function analyseRow(rowNo: number, cellOf: (field: ImportField) => RawCell, ctx: ImportContext, seenInFile: Map<string, number>): ImportRow {
  const problems: RowIssue<ImportProblemCode>[] = []
  const warnings: RowIssue<ImportWarningCode>[] = []
  const cells: Partial<Record<ImportField, string>> = {}
  const problem = (code: ImportProblemCode, field: ImportField | null, params?: Record<string, string | number>) =>
    problems.push(params ? { code, field, params } : { code, field })

  const raw = {} as Record<ImportField, RawCell>
  for (const f of IMPORT_FIELDS) {
    let cell = cellOf(f)
    if (cell !== null && typeof cell === 'object' && !(cell instanceof Date)) {
      problem(cell.problem, f)
      cell = null
    }
    if (typeof cell === 'string') {
      if (hasControlCharacter(cell)) {
        problem('controlCharacter', f)
        cell = null
      } else if (cell.trim() === '') cell = null
    }
    raw[f] = cell
    const text = cellText(cell)
    if (text !== '') cells[f] = text.length > 200 ? `${text.slice(0, 200)}…` : text
  }
  const text = (f: ImportField): string | null => {
    const t = cellText(raw[f]).trim()
    if (t === '') return null
    const max = MAX_LENGTH[f]
    if (max !== undefined && t.length > max) {
      problem('tooLong', f, { max })
      return null
    }
    return t
  }
  const read = <T>(f: ImportField, value: T | null | undefined, code: ImportProblemCode): T | null => {
    if (value === undefined) {
      problem(code, f, { value: cellText(raw[f]).slice(0, 60) })
      return null
    }
    return value
  }

  // The budget line and the kind.
  const found = findBudgetLine(raw.budgetLine, ctx.budgetLines)
  let line: ImportBudgetLine | null = null
  if (found === 'unknown') problem('budgetLineUnknown', 'budgetLine', { value: cellText(raw.budgetLine).slice(0, 60) })
  else if (found === 'ambiguous') problem('budgetLineAmbiguous', 'budgetLine', { value: cellText(raw.budgetLine).slice(0, 60) })
  else if (found === null) problem('required', 'budgetLine')
  else line = found
  if (line && (line.costModel === 'flat_rate_7_direct' || line.costModel === 'flat_rate_15_staff')) {
    problem('budgetLineFlatRate', 'budgetLine', { line: line.number })
    line = null
  }
  const personName = text('personName')
  const kindCell = read('kind', parseKind(raw.kind), 'kindUnknown')
  const kind = kindCell ?? (raw.kind === null ? inferredKind(line, personName !== null) : null)
  if (kind && line) {
    const fits =
      (kind === 'unit' && line.costModel === 'unit_cost') ||
      (kind === 'lump_sum' && line.costModel === 'lump_sum') ||
      ((kind === 'actual' || kind === 'staff') && line.costModel === 'actual_costs')
    if (!fits) problem('kindNotForBudgetLine', 'kind', { line: line.number })
  }

  const expenseDate = read('expenseDate', parseDay(raw.expenseDate), 'dateInvalid')
  const paymentDate = read('paymentDate', parseDay(raw.paymentDate), 'dateInvalid')
  const amountExclCents = read('amountExcl', parseCents(raw.amountExcl), 'amountInvalid')
  const amountInclCents = read('amountIncl', parseCents(raw.amountIncl), 'amountInvalid')
  const vatEligible = read('vatEligible', parseYesNo(raw.vatEligible), 'yesNoInvalid') ?? false
  const hoursHundredths = read('hours', parseHoursHundredths(raw.hours), 'hoursInvalid')
  let hourlyRateCents = read('hourlyRate', parseCents(raw.hourlyRate), 'amountInvalid')
  const annualGrossCents = read('annualGross', parseCents(raw.annualGross), 'amountInvalid')
  const units = read('units', parseUnits(raw.units), 'unitsInvalid')
  const supplier = text('supplier')
  const reference = text('reference')
  const description = text('description')

  // Art. 55(2): the hourly rate is the annual gross costs / 1 720 h; given both, they must agree.
  if (annualGrossCents !== null && kind === 'staff') {
    const rate = hourlyStaffRateCents(annualGrossCents)
    if (hourlyRateCents !== null && hourlyRateCents !== rate) problem('hourlyRateNotAnnual', 'hourlyRate', { expectedCents: rate })
    hourlyRateCents = rate
  }

  for (const [f, day] of [
    ['expenseDate', expenseDate],
    ['paymentDate', paymentDate],
  ] as const) {
    if (day === null) continue
    if (day < ctx.projectStart || day > ctx.projectEnd) problem('outsideEligibility', f, { from: ctx.projectStart, to: ctx.projectEnd })
    else if (day < ctx.periodStart || day > ctx.periodEnd)
      warnings.push({ code: 'outsideClaimPeriod', field: f, params: { from: ctx.periodStart, to: ctx.periodEnd } })
  }
  if (expenseDate !== null && paymentDate !== null && paymentDate < expenseDate) problem('paymentBeforeExpense', 'paymentDate')

  // Duplicates: the same supplier and reference already claimed, or earlier in the file.
  const key = duplicateKey(supplier, reference)
  if (key) {
    const claimed = ctx.claimed.get(key)
    if (claimed) problem(claimed.inThisClaim ? 'duplicateThisClaim' : 'duplicateEarlierClaim', 'reference', { claim: claimed.claim, lineNo: claimed.lineNo })
    const before = seenInFile.get(key)
    if (before !== undefined) problem('duplicateInFile', 'reference', { rowNo: before })
    else seenInFile.set(key, rowNo)
  }

  // A lump sum is claimed whole, once: not again in another claim, nor twice in the file.
  if (kind === 'lump_sum' && line) {
    const before = ctx.claimedLumpSums?.get(line.id)
    if (before) problem('lumpSumClaimed', 'budgetLine', { claim: before.claim, lineNo: before.lineNo })
    const inFile = seenInFile.get(`lump|${line.id}`)
    if (inFile !== undefined) problem('lumpSumTwiceInFile', 'budgetLine', { rowNo: inFile })
    else seenInFile.set(`lump|${line.id}`, rowNo)
  }

  let values: ClaimLineValues | null = null
  let declared: number | null = null
  if (kind && line) {
    const parsed = claimLineValues.safeParse({
      kind,
      budgetLineId: line.id,
      expenseDate,
      supplier,
      reference,
      description,
      amountExclCents,
      amountInclCents,
      vatEligible,
      paymentDate,
      personName,
      hoursHundredths,
      annualGrossCents: kind === 'staff' ? annualGrossCents : null,
      hourlyRateCents,
      units,
    })
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = SCHEMA_FIELD[String(issue.path[0])] ?? null
        // A value that did not read was said already: no second problem for the same field.
        if (field && problems.some((p) => p.field === field)) continue
        problem(issue.message === 'inclBelowExcl' ? 'inclBelowExcl' : 'required', field)
      }
    } else {
      values = parsed.data
      declared = declaredCents(values, { costModel: line.costModel, amountCents: line.amountCents, unitCostCents: line.unitCostCents })
      if (declared === null) problem('kindNotForBudgetLine', 'kind', { line: line.number })
    }
  }
  // The database refuses an amount incl. VAT below the amount excl. VAT on any line, whatever its kind.
  if (amountExclCents !== null && amountInclCents !== null && amountInclCents < amountExclCents && !problems.some((p) => p.code === 'inclBelowExcl'))
    problem('inclBelowExcl', 'amountIncl')
  const ok = problems.length === 0
  return {
    rowNo,
    values: ok ? values : null,
    cells,
    budgetLineNumber: line?.number ?? null,
    declaredCents: ok ? declared : null,
    problems,
    warnings,
  }
}

/** The counts of a preview or an import. */
export interface ImportCounts {
  rows: number
  good: number
  withProblems: number
  withWarnings: number
  /** Declared on the rows without problems. */
  declaredCents: number
}

/** Counts the rows of a preview. */
export function countRows(rows: readonly ImportRow[]): ImportCounts {
  let good = 0
  let withWarnings = 0
  let declared = 0
  for (const r of rows) {
    if (r.problems.length === 0) {
      good++
      declared += r.declaredCents ?? 0
    }
    if (r.warnings.length > 0) withWarnings++
  }
  return { rows: rows.length, good, withProblems: rows.length - good, withWarnings, declaredCents: declared }
}

/**
 * A mapping read back from the file (expenditure_mappings.mapping_json, a flat object field ->
 * header as merge's row check wants it): only known fields with text values.
 */
export function mappingFromJson(json: string | null): Partial<ImportMapping> | null {
  if (!json) return null
  let value: unknown
  try {
    value = JSON.parse(json)
  } catch {
    return null
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null
  const out: Partial<ImportMapping> = {}
  for (const f of IMPORT_FIELDS) {
    const v = (value as Record<string, unknown>)[f]
    if (typeof v === 'string' && v.length <= 300) out[f] = v
  }
  return out
}

/** The stored form of a mapping: the mapped fields only (a field left out has no column). */
export function mappingToJson(mapping: ImportMapping): string {
  return JSON.stringify(Object.fromEntries(IMPORT_FIELDS.filter((f) => mapping[f] !== null).map((f) => [f, mapping[f]!.slice(0, 300)])))
}
