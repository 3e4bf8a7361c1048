import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { Readable } from 'node:stream'
import type { Kysely } from 'kysely'
import type { Worksheet, CellValue } from 'exceljs'
import type { Officer } from './audit'
import {
  analyseRow,
  countRows,
  duplicateKey,
  IMPORT_FIELDS,
  mappingFromJson,
  mappingToJson,
  normalizeHeader,
  proposeMapping,
  type ImportBudgetLine,
  type ImportContext,
  type ImportCounts,
  type ImportField,
  type ImportMapping,
  type ImportRow,
  type MappingSource,
  type RawCell,
} from './domain/claims-import'
import { AppError } from './domain/errors'
import type { ClaimStatus } from './domain/vocabulary'
import { insertRecord, updateRecord } from './records'
import { keepClaimFiguresAfter } from './claim-figures'
import type { DB } from './schema'
import type { WritableDb, WriteTrx } from './writable'

/**
 * The import of a beneficiary's expenditure list into a claim (issue 15 §1): the file (.xlsx or
 * CSV) is read as hostile input, each row is checked (database/domain/claims-import.ts), the
 * preview writes nothing, and the confirmation writes the rows without problems in one
 * transaction, remembering the column mapping for the partner.
 */

/** The largest file read: a list of 20 000 lines is a few MB. */
export const IMPORT_MAX_BYTES = 20 * 1024 * 1024
/** The most data rows read. */
export const IMPORT_MAX_ROWS = 20_000
/** What the parts of an .xlsx may add up to once unzipped (a zip bomb stops here). */
const IMPORT_MAX_UNZIPPED = 150 * 1024 * 1024
/** Columns beyond these are not read. */
const MAX_COLUMNS = 200
/** A claim's lines can be added while it is not verified, paid or withdrawn. */
const EDITABLE: readonly ClaimStatus[] = ['received', 'under_verification', 'returned']

/** The data sheet's name in the template, in each language (database/claims-template.ts). */
export const DATA_SHEET_NAMES = { fr: 'Dépenses', nl: 'Uitgaven', en: 'Expenditure' } as const

/** A file read: its headers and rows of cells, and what it was. */
export interface SheetData {
  fileName: string
  sha256: string
  format: 'xlsx' | 'csv'
  /** The CSV's separator (null for .xlsx). */
  delimiter: ';' | ',' | '\t' | null
  headers: string[]
  /** Data rows with their number in the file; rows wholly empty are left out. */
  rows: { rowNo: number; cells: RawCell[] }[]
}

const unreadable = (fileName: string, reason: string) =>
  new AppError('IMPORT_UNREADABLE', `${fileName} is neither a readable Excel workbook (.xlsx) nor a UTF-8 CSV file (${reason})`, { fileName, reason })

/**
 * The entries of a zip archive and what they add up to once unzipped, from its central directory,
 * or null when it is not a zip archive this app reads (ZIP64, damaged).
 */
function zipEntries(buf: Buffer): { names: string[]; unzipped: number } | null {
  const min = Math.max(0, buf.length - 65_557)
  let eocd = -1
  for (let i = buf.length - 22; i >= min; i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i
      break
    }
  }
  if (eocd < 0) return null
  const count = buf.readUInt16LE(eocd + 10)
  let at = buf.readUInt32LE(eocd + 16)
  const names: string[] = []
  let unzipped = 0
  for (let n = 0; n < count; n++) {
    if (at + 46 > buf.length || buf.readUInt32LE(at) !== 0x02014b50) return null
    const size = buf.readUInt32LE(at + 24)
    if (size === 0xffffffff) return null
    const nameLength = buf.readUInt16LE(at + 28)
    const extra = buf.readUInt16LE(at + 30)
    const comment = buf.readUInt16LE(at + 32)
    names.push(buf.toString('utf8', at + 46, at + 46 + nameLength))
    unzipped += size
    at += 46 + nameLength + extra + comment
  }
  return { names, unzipped }
}

/** The value of a cell of exceljs as the import reads it: formulas by their cached result, rich text as its text. */
function cellValue(value: CellValue | undefined): RawCell {
  if (value === null || value === undefined) return null
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value
  if (typeof value !== 'object') return null
  if ('formula' in value || 'sharedFormula' in value) {
    const result = (value as { result?: unknown }).result
    if (result === undefined || result === null) return { problem: 'formulaNoValue' }
    if (typeof result === 'object' && !(result instanceof Date)) return { problem: 'cellError' }
    return result as string | number | boolean | Date
  }
  if ('richText' in value && Array.isArray(value.richText)) return value.richText.map((r) => (typeof r?.text === 'string' ? r.text : '')).join('')
  if ('text' in value && typeof (value as { text: unknown }).text === 'string') return (value as { text: string }).text
  if ('error' in value) return { problem: 'cellError' }
  return { problem: 'cellError' }
}

/** Reads a worksheet: the first row with text is the header row; empty rows are left out. */
function readWorksheet(sheet: Worksheet, fileName: string): Pick<SheetData, 'headers' | 'rows'> {
  // actualRowCount counts rows with values: a sheet of 1 048 576 formatted empty rows is not refused.
  if (sheet.actualRowCount > IMPORT_MAX_ROWS + 1)
    throw new AppError('IMPORT_TOO_LARGE', `${fileName} has more than ${IMPORT_MAX_ROWS} rows`, { fileName, maxRows: IMPORT_MAX_ROWS })
  let headers: string[] | null = null
  const rows: SheetData['rows'] = []
  const width = Math.min(sheet.actualColumnCount > 0 ? sheet.columnCount : 0, MAX_COLUMNS)
  sheet.eachRow({ includeEmpty: false }, (row, rowNo) => {
    const cells: RawCell[] = []
    for (let c = 1; c <= width; c++) cells.push(cellValue(row.getCell(c).value))
    if (cells.every((c) => c === null || (typeof c === 'string' && c.trim() === ''))) return
    if (headers === null) {
      headers = headerNames(cells.map((c) => (typeof c === 'string' ? c : c === null || typeof c === 'object' ? '' : String(c))))
      return
    }
    rows.push({ rowNo, cells })
  })
  if (headers === null) throw new AppError('IMPORT_EMPTY', `${fileName} has no header row`, { fileName })
  return { headers, rows }
}

/** Column letters (A, B... AA) for headers a file leaves empty. */
function columnLetter(index: number): string {
  let n = index + 1
  let s = ''
  while (n > 0) {
    const r = (n - 1) % 26
    s = String.fromCharCode(65 + r) + s
    n = Math.floor((n - 1) / 26)
  }
  return s
}

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/g

/** The headers as the mapping names them: trimmed, control characters removed, an empty or repeated one named by its column. */
function headerNames(raw: string[]): string[] {
  const seen = new Set<string>()
  return raw.map((h, i) => {
    let name = h.replace(CONTROL_CHARACTERS, ' ').trim().slice(0, 200)
    if (name === '' || seen.has(normalizeHeader(name))) name = `[${columnLetter(i)}]${name ? ` ${name}` : ''}`
    seen.add(normalizeHeader(name))
    return name
  })
}

/** The separator of a CSV file: the one of `;`, `,` and tab that its first line has most of, outside quotes. */
export function detectDelimiter(text: string): ';' | ',' | '\t' {
  const counts = { ';': 0, ',': 0, '\t': 0 }
  let quoted = false
  for (let i = 0; i < text.length && i < 100_000; i++) {
    const ch = text[i]
    if (ch === '"') quoted = !quoted
    else if (!quoted && (ch === '\n' || ch === '\r')) break
    else if (!quoted && (ch === ';' || ch === ',' || ch === '\t')) counts[ch]++
  }
  if (counts[';'] >= counts[','] && counts[';'] >= counts['\t'] && counts[';'] > 0) return ';'
  return counts['\t'] > counts[','] ? '\t' : ','
}

async function readCsv(bytes: Buffer, fileName: string): Promise<Pick<SheetData, 'headers' | 'rows' | 'delimiter'>> {
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes)
  } catch {
    throw unreadable(fileName, 'encoding')
  }
  // A binary file that happens to be valid UTF-8 (mostly NUL bytes) is no list either.
  const nul = (text.match(/\0/g) ?? []).length
  if (nul > 0 && nul * 100 > text.length) throw unreadable(fileName, 'binary')
  const delimiter = detectDelimiter(text)
  const { default: ExcelJS } = await import('exceljs')
  const workbook = new ExcelJS.Workbook()
  let sheet: Worksheet
  try {
    // fast-csv (through exceljs): quoted fields, doubled quotes, line breaks inside quotes; every value kept as text.
    sheet = await workbook.csv.read(Readable.from([text]), {
      map: (datum: unknown) => (typeof datum === 'string' && datum !== '' ? datum : null),
      parserOptions: { delimiter, quote: '"', escape: '"', maxRows: IMPORT_MAX_ROWS + 2 },
    } as never)
  } catch (err) {
    throw unreadable(fileName, `csv: ${(err as Error).message}`.slice(0, 200))
  }
  if (sheet.actualRowCount > IMPORT_MAX_ROWS + 1)
    throw new AppError('IMPORT_TOO_LARGE', `${fileName} has more than ${IMPORT_MAX_ROWS} rows`, { fileName, maxRows: IMPORT_MAX_ROWS })
  return { ...readWorksheet(sheet, fileName), delimiter }
}

async function readXlsx(bytes: Buffer, fileName: string): Promise<Pick<SheetData, 'headers' | 'rows'>> {
  const entries = zipEntries(bytes)
  if (!entries) throw unreadable(fileName, 'zip')
  if (!entries.names.includes('xl/workbook.xml')) throw unreadable(fileName, 'not a workbook')
  if (entries.unzipped > IMPORT_MAX_UNZIPPED)
    throw new AppError('IMPORT_TOO_LARGE', `${fileName} unzips to more than ${IMPORT_MAX_UNZIPPED} bytes`, { fileName, maxBytes: IMPORT_MAX_BYTES })
  const { default: ExcelJS } = await import('exceljs')
  const workbook = new ExcelJS.Workbook()
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer)
  } catch (err) {
    throw unreadable(fileName, `xlsx: ${(err as Error).message}`.slice(0, 200))
  }
  const names = Object.values(DATA_SHEET_NAMES).map((n) => normalizeHeader(n))
  const sheets = workbook.worksheets.filter((s) => s.state !== 'veryHidden')
  const sheet = sheets.find((s) => names.includes(normalizeHeader(s.name))) ?? sheets.find((s) => s.actualRowCount > 0) ?? sheets[0]
  if (!sheet) throw new AppError('IMPORT_EMPTY', `${fileName} has no worksheet`, { fileName })
  return readWorksheet(sheet, fileName)
}

/**
 * Reads an expenditure list: at most 20 MB, an .xlsx workbook (recognised by its content) or a
 * UTF-8 CSV (with or without BOM, `;`, `,` or tab); anything else is refused with
 * IMPORT_UNREADABLE, an oversized one with IMPORT_TOO_LARGE, an empty one with IMPORT_EMPTY. The
 * file is only read.
 */
export async function readExpenditureFile(filePath: string): Promise<SheetData> {
  const fileName = path.basename(filePath)
  let stat: fs.Stats
  try {
    stat = fs.statSync(filePath)
  } catch {
    throw new AppError('FILE_NOT_FOUND', `${fileName} was not found`, { path: filePath })
  }
  if (!stat.isFile()) throw unreadable(fileName, 'not a file')
  if (stat.size > IMPORT_MAX_BYTES) throw new AppError('IMPORT_TOO_LARGE', `${fileName} is larger than 20 MB`, { fileName, maxBytes: IMPORT_MAX_BYTES })
  if (stat.size === 0) throw new AppError('IMPORT_EMPTY', `${fileName} is empty`, { fileName })
  const bytes = fs.readFileSync(filePath)
  if (bytes.length > IMPORT_MAX_BYTES) throw new AppError('IMPORT_TOO_LARGE', `${fileName} is larger than 20 MB`, { fileName, maxBytes: IMPORT_MAX_BYTES })
  const sha256 = createHash('sha256').update(bytes).digest('hex')
  const isZip = bytes.length >= 4 && bytes.readUInt32LE(0) === 0x04034b50
  const isOle = bytes.length >= 8 && bytes.readUInt32BE(0) === 0xd0cf11e0
  if (isOle) throw unreadable(fileName, 'xls')
  const read = isZip ? { ...(await readXlsx(bytes, fileName)), delimiter: null } : await readCsv(bytes, fileName)
  if (read.rows.length === 0) throw new AppError('IMPORT_EMPTY', `${fileName} has no row under its headers`, { fileName })
  return { fileName, sha256, format: isZip ? 'xlsx' : 'csv', ...read }
}

// ---------------------------------------------------------------------------------------------
// The claim's context.

/** The claim an import goes into, with what its rows are checked against. */
interface ClaimTarget {
  claimId: string
  projectId: string
  organisationId: string
  status: ClaimStatus
  ctx: ImportContext
}

/** Reads the claim, its project's budget lines and eligibility period, and the invoices already claimed. */
async function claimTarget(db: Kysely<DB>, claimId: string): Promise<ClaimTarget> {
  const claim = await db.selectFrom('claims').selectAll().where('id', '=', claimId).executeTakeFirst()
  if (!claim) throw new AppError('NOT_FOUND', `No claim ${claimId}`, { entity: 'claim', id: claimId })
  const project = await db
    .selectFrom('projects')
    .select(['id', 'beneficiary_id', 'start_date', 'end_date'])
    .where('id', '=', claim.project_id)
    .executeTakeFirstOrThrow()
  const lines = await db
    .selectFrom('budget_lines')
    .select(['id', 'description', 'cost_model', 'amount_cents', 'unit_cost_cents'])
    .where('project_id', '=', project.id)
    .orderBy('sort_order')
    .orderBy('created_at')
    .execute()
  const budgetLines: ImportBudgetLine[] = lines.map((l, i) => ({
    id: l.id,
    number: i + 1,
    description: l.description,
    costModel: l.cost_model,
    amountCents: l.amount_cents,
    unitCostCents: l.unit_cost_cents,
  }))
  // Lines of a withdrawn claim were never claimed: they may be claimed again.
  const claimedRows = await db
    .selectFrom('claim_lines as l')
    .innerJoin('claims as c', 'c.id', 'l.claim_id')
    .select(['l.claim_id', 'l.supplier', 'l.reference', 'l.line_no', 'c.reference as claim_reference', 'c.submitted_on'])
    .where('c.project_id', '=', project.id)
    .where('c.status', '!=', 'withdrawn')
    .where('l.reference', 'is not', null)
    .execute()
  const claimed = new Map<string, { inThisClaim: boolean; claim: string; lineNo: number }>()
  for (const r of claimedRows) {
    const key = duplicateKey(r.supplier, r.reference)
    if (!key) continue
    const inThisClaim = r.claim_id === claimId
    // This claim's own line first: that is the duplicate the officer most needs to see.
    if (claimed.has(key) && !inThisClaim) continue
    claimed.set(key, { inThisClaim, claim: r.claim_reference ?? r.submitted_on, lineNo: r.line_no })
  }
  const lumpRows = await db
    .selectFrom('claim_lines as l')
    .innerJoin('claims as c', 'c.id', 'l.claim_id')
    .select(['l.budget_line_id', 'l.line_no', 'c.reference as claim_reference', 'c.submitted_on'])
    .where('c.project_id', '=', project.id)
    .where('c.status', '!=', 'withdrawn')
    .where('l.kind', '=', 'lump_sum')
    .execute()
  const claimedLumpSums = new Map(lumpRows.map((r) => [r.budget_line_id, { claim: r.claim_reference ?? r.submitted_on, lineNo: r.line_no }]))
  return {
    claimId,
    projectId: project.id,
    organisationId: project.beneficiary_id,
    status: claim.status,
    ctx: {
      budgetLines,
      projectStart: project.start_date,
      projectEnd: project.end_date,
      periodStart: claim.period_start,
      periodEnd: claim.period_end,
      claimed,
      claimedLumpSums,
    },
  }
}

function checkEditable(target: ClaimTarget): void {
  if (!EDITABLE.includes(target.status))
    throw new AppError('CLAIM_NOT_EDITABLE', `The claim is ${target.status}: no line can be added to it`, { status: target.status })
}

/** The partner's remembered mapping, if any. */
async function rememberedMapping(db: Kysely<DB>, organisationId: string): Promise<Partial<ImportMapping> | null> {
  const row = await db.selectFrom('expenditure_mappings').select('mapping_json').where('id', '=', organisationId).executeTakeFirst()
  return mappingFromJson(row?.mapping_json ?? null)
}

/** A mapping the officer gave, kept to the file's headers (a header the file lacks maps nothing). */
function givenMapping(mapping: Partial<ImportMapping>, headers: readonly string[]): ImportMapping {
  const byNorm = new Map(headers.map((h) => [normalizeHeader(h), h]))
  return Object.fromEntries(
    IMPORT_FIELDS.map((f) => [f, typeof mapping[f] === 'string' ? (byNorm.get(normalizeHeader(mapping[f]!)) ?? null) : null]),
  ) as ImportMapping
}

/** Checks every row of a file read against the claim with a mapping. */
function analyse(sheet: SheetData, mapping: ImportMapping, ctx: ImportContext): ImportRow[] {
  const index = new Map(sheet.headers.map((h, i) => [h, i]))
  const columns = Object.fromEntries(IMPORT_FIELDS.map((f) => [f, mapping[f] === null ? -1 : (index.get(mapping[f]!) ?? -1)])) as Record<ImportField, number>
  const seen = new Map<string, number>()
  return sheet.rows.map((row) =>
    analyseRow(
      row.rowNo,
      (f) => {
        const c = columns[f]
        return c < 0 ? null : (row.cells[c] ?? null)
      },
      ctx,
      seen,
    ),
  )
}

/** What the preview shows: the file, the mapping and where it came from, every row with its problems, the counts. */
export interface ImportPreview {
  claimId: string
  fileName: string
  sha256: string
  format: 'xlsx' | 'csv'
  delimiter: ';' | ',' | '\t' | null
  headers: string[]
  mapping: ImportMapping
  mappingSource: MappingSource | 'given'
  rows: ImportRow[]
  counts: ImportCounts
  /** The project's budget lines, for the preview to name them. */
  budgetLines: { number: number; description: string }[]
}

/**
 * Reads the file and checks its rows against the claim; writes nothing. Without a mapping, the
 * one proposed from the headers (the template's, then the partner's remembered one, then a guess).
 */
export async function previewImport(
  db: Kysely<DB>,
  claimId: string,
  filePath: string,
  mapping?: Partial<ImportMapping> | null,
  read: SheetData | null = null,
): Promise<ImportPreview & { sheet: SheetData }> {
  const target = await claimTarget(db, claimId)
  checkEditable(target)
  const sheet = read ?? (await readExpenditureFile(filePath))
  let chosen: ImportMapping
  let source: ImportPreview['mappingSource']
  if (mapping) {
    chosen = givenMapping(mapping, sheet.headers)
    source = 'given'
  } else {
    const proposed = proposeMapping(sheet.headers, await rememberedMapping(db, target.organisationId))
    chosen = proposed.mapping
    source = proposed.source
  }
  const rows = analyse(sheet, chosen, target.ctx)
  return {
    claimId,
    fileName: sheet.fileName,
    sha256: sheet.sha256,
    format: sheet.format,
    delimiter: sheet.delimiter,
    headers: sheet.headers,
    mapping: chosen,
    mappingSource: source,
    rows,
    counts: countRows(rows),
    budgetLines: target.ctx.budgetLines.map((l) => ({ number: l.number, description: l.description })),
    sheet,
  }
}

/** The file's SHA-256 as it is now (reading it again only to hash it is fast; parsing it is not). */
export function currentSha256(filePath: string): string | null {
  try {
    return createHash('sha256').update(fs.readFileSync(filePath)).digest('hex')
  } catch {
    return null
  }
}

/** What a confirmed import wrote. */
export interface ImportResult {
  claimId: string
  imported: number
  /** Rows left out for their problems. */
  skipped: number
  withWarnings: number
  declaredCents: number
  /** The line numbers given to the imported rows (null when none was). */
  firstLineNo: number | null
  lastLineNo: number | null
  mappingRemembered: boolean
}

/**
 * Writes the rows of the previewed file that have no problem into the claim, in one transaction
 * through the record writer (an audit row each), numbered after its last line, and remembers the
 * mapping for the partner. The file must be the one previewed (`sha256`, else IMPORT_FILE_CHANGED);
 * with `allOrNothing`, any row with a problem refuses the whole import (IMPORT_HAS_PROBLEMS).
 */
export async function confirmImport(
  db: WritableDb,
  officer: Officer,
  input: { claimId: string; filePath: string; sha256: string; mapping: Partial<ImportMapping>; allOrNothing: boolean; sheet?: SheetData | null },
): Promise<ImportResult> {
  // The rows the preview read, when the file still has the bytes previewed; else read again.
  const kept = input.sheet && input.sheet.sha256 === input.sha256 && currentSha256(input.filePath) === input.sha256 ? input.sheet : null
  const sheet = kept ?? (await readExpenditureFile(input.filePath))
  if (sheet.sha256 !== input.sha256) throw new AppError('IMPORT_FILE_CHANGED', `${sheet.fileName} changed since its preview`, { fileName: sheet.fileName })
  return db.transaction().execute(async (trx) => {
    const target = await claimTarget(trx, input.claimId)
    checkEditable(target)
    const mapping = givenMapping(input.mapping, sheet.headers)
    const rows = analyse(sheet, mapping, target.ctx)
    const counts = countRows(rows)
    if (input.allOrNothing && counts.withProblems > 0)
      throw new AppError('IMPORT_HAS_PROBLEMS', `${counts.withProblems} rows have problems: nothing imported`, { withProblems: counts.withProblems })
    const last = await trx
      .selectFrom('claim_lines')
      .select((eb) => eb.fn.max('line_no').as('n'))
      .where('claim_id', '=', input.claimId)
      .executeTakeFirst()
    let lineNo = Number(last?.n ?? 0)
    const first = lineNo + 1
    const lineTarget = { table: 'claim_lines', entity: 'claim_line', parentId: target.projectId } as const
    // The claim's kept figures computed once, after its last new line (claim-figures.ts).
    await keepClaimFiguresAfter(trx, async () => {
      for (const row of rows) {
        if (row.problems.length > 0 || !row.values || row.declaredCents === null) continue
        const v = row.values
        lineNo++
        await insertRecord(trx, officer, lineTarget, {
          claim_id: input.claimId,
          budget_line_id: v.budgetLineId,
          line_no: lineNo,
          kind: v.kind,
          expense_date: v.expenseDate,
          supplier: v.supplier,
          reference: v.reference,
          description: v.description,
          amount_excl_cents: v.amountExclCents,
          amount_incl_cents: v.amountInclCents,
          vat_eligible: v.vatEligible ? 1 : 0,
          payment_date: v.paymentDate,
          person_name: v.personName,
          hours_hundredths: v.hoursHundredths,
          annual_gross_cents: v.annualGrossCents,
          hourly_rate_cents: v.hourlyRateCents,
          units: v.units,
          declared_cents: row.declaredCents,
        })
      }
    })
    // A template's headers map themselves: remembering them would only replace the partner's own mapping.
    const template = proposeMapping(sheet.headers, null)
    const isTemplate = template.source === 'template' && IMPORT_FIELDS.every((f) => template.mapping[f] === mapping[f])
    const remembered = isTemplate ? false : await rememberMapping(trx, officer, target.organisationId, mapping)
    return {
      claimId: input.claimId,
      imported: counts.good,
      skipped: counts.withProblems,
      withWarnings: counts.withWarnings,
      declaredCents: counts.declaredCents,
      firstLineNo: counts.good > 0 ? first : null,
      lastLineNo: counts.good > 0 ? lineNo : null,
      mappingRemembered: remembered,
    }
  })
}

/** Remembers a partner's mapping (one record per partner, its id the partner's) unless it holds it already. */
async function rememberMapping(trx: WriteTrx, officer: Officer, organisationId: string, mapping: ImportMapping): Promise<boolean> {
  const json = mappingToJson(mapping)
  const row = await trx.selectFrom('expenditure_mappings').select(['mapping_json']).where('id', '=', organisationId).executeTakeFirst()
  const target = { table: 'expenditure_mappings', entity: 'expenditure_mapping', parentId: organisationId } as const
  if (!row) {
    await insertRecord(trx, officer, target, { id: organisationId, organisation_id: organisationId, mapping_json: json })
    return true
  }
  if (row.mapping_json === json) return false
  await updateRecord(trx, officer, target, organisationId, { mapping_json: json })
  return true
}

/** The project's latest claim still open to new lines (by submission), the one an import goes into when none is named; NOT_FOUND when none. */
export async function latestEditableClaim(
  db: Kysely<DB>,
  projectId: string,
): Promise<{ claimId: string; reference: string | null; kind: string; periodStart: string; periodEnd: string; submittedOn: string; status: ClaimStatus }> {
  const row = await db
    .selectFrom('claims')
    .select(['id', 'reference', 'kind', 'period_start', 'period_end', 'submitted_on', 'status'])
    .where('project_id', '=', projectId)
    .where('status', 'in', EDITABLE)
    .orderBy('submitted_on', 'desc')
    .orderBy('created_at', 'desc')
    .executeTakeFirst()
  if (!row) throw new AppError('NOT_FOUND', 'The project has no claim open to new lines', { entity: 'claim', projectId })
  return {
    claimId: row.id,
    reference: row.reference,
    kind: row.kind,
    periodStart: row.period_start,
    periodEnd: row.period_end,
    submittedOn: row.submitted_on,
    status: row.status,
  }
}

/** What the import page and the command line show of the claim imported into. */
export interface ImportClaimInfo {
  claimId: string
  projectId: string
  projectCode: string
  projectTitle: string
  reference: string | null
  kind: string
  periodStart: string
  periodEnd: string
  status: ClaimStatus
  /** False for a claim verified, paid or withdrawn: no line can be imported into it. */
  editable: boolean
  lineCount: number
}

/** The claim an import goes into, or NOT_FOUND. */
export async function importClaimInfo(db: Kysely<DB>, claimId: string): Promise<ImportClaimInfo> {
  const row = await db
    .selectFrom('claims as c')
    .innerJoin('projects as p', 'p.id', 'c.project_id')
    .select(['c.id', 'c.project_id', 'p.code', 'p.title', 'c.reference', 'c.kind', 'c.period_start', 'c.period_end', 'c.status'])
    .select((eb) =>
      eb
        .selectFrom('claim_lines as l')
        .whereRef('l.claim_id', '=', 'c.id')
        .select((e) => e.fn.countAll<number>().as('n'))
        .as('line_count'),
    )
    .where('c.id', '=', claimId)
    .executeTakeFirst()
  if (!row) throw new AppError('NOT_FOUND', `No claim ${claimId}`, { entity: 'claim', id: claimId })
  return {
    claimId: row.id,
    projectId: row.project_id,
    projectCode: row.code,
    projectTitle: row.title,
    reference: row.reference,
    kind: row.kind,
    periodStart: row.period_start,
    periodEnd: row.period_end,
    status: row.status,
    editable: EDITABLE.includes(row.status),
    lineCount: Number(row.line_count ?? 0),
  }
}
