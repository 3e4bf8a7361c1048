import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { Readable, Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { stringify } from 'csv-stringify'
import { z } from 'zod'
import { brusselsMinute, isIsoDate } from '../../database/domain/dates'
import { AppError } from '../../database/domain/errors'
import { NO_NUL } from '../../database/domain/schemas/fields'
import type { PageCursor } from '../../database/domain/schemas/paging'
import { isSameFile } from '../../database/file/snapshot'
import { UI_LANGUAGES, type UiLanguage } from './settings'
import type { QueryContext } from './channel'

/**
 * Lists written to a spreadsheet the officer picks, so that Excel opens them right: in CSV the
 * separator and decimal mark Belgian Excel expects for the language (`;` and `1234,56` in French
 * and Dutch, `,` and `1234.56` in English), UTF-8 with a BOM, dates `YYYY-MM-DD` and times in
 * Brussels `YYYY-MM-DD HH:mm` (which Excel reads as dates in every locale); in .xlsx typed cells
 * (dates, euros, percentages) with a frozen header row, an autofilter and fitted widths. Text
 * that a spreadsheet would take for a formula is neutralised in CSV and stays text in .xlsx.
 */

/**
 * What a column holds, so that each format writes it as what it is: `money` is integer cents,
 * `percent` basis points (7500 is 75 %), `date` an ISO date, `timestamp` an ISO instant (UTC).
 */
export type ColumnKind = 'text' | 'number' | 'money' | 'percent' | 'date' | 'timestamp'

export type ExportFormat = 'xlsx' | 'csv'

export type Cell = string | number | boolean | null

/** A vocabulary value in the officer's language, from the labels the renderer sent (the code itself if none). */
export type Labeller = (vocabulary: string, value: string) => string

/** How an export's handler declares one column: its kind and the cell a row gives. */
export interface ColumnSpec<R> {
  kind: ColumnKind
  value: (row: R, label: Labeller) => Cell
}

/** The columns an export can write, by the key the renderer names them with. */
export type TableSpec<R> = Record<string, ColumnSpec<R>>

/** A column declaration for a TableSpec. */
export function column<R>(kind: ColumnKind, value: (row: R, label: Labeller) => Cell): ColumnSpec<R> {
  return { kind, value }
}

/** A column as written: its header, its kind and its cell for each row. */
export interface ExportColumn<R = Record<string, Cell>> {
  label: string
  kind: ColumnKind
  value: (row: R) => Cell
}

/**
 * The rows of an export, in batches read one after the other (a list's pages): a long list is
 * written without ever being held whole in memory. Called again for a second pass when the format
 * needs one (Excel's column widths are known before the first row).
 */
export type RowSource<R> = () => AsyncIterable<readonly R[]>

/** Every row as one batch (a short list already in memory), or the batches of a source. */
function batchesOf<R>(rows: readonly R[] | RowSource<R>): AsyncIterable<readonly R[]> {
  if (typeof rows === 'function') return rows()
  return (async function* () {
    yield rows
  })()
}

/** How many rows an export reads at a time from a list read by pages. */
export const EXPORT_BATCH = 1000

/** A list's rows read page after page, EXPORT_BATCH at a time (each pass starts again from the first page). */
export function pagedRows<R>(read: (page: { limit: number; after?: PageCursor }) => Promise<{ rows: R[]; next: PageCursor | null }>): RowSource<R> {
  return async function* () {
    let after: PageCursor | undefined
    do {
      const page = await read({ limit: EXPORT_BATCH, after })
      yield page.rows
      after = page.next ?? undefined
    } while (after !== undefined)
  }
}

/** What the renderer sends to export a list: format, title, file name, translated headers and value labels, and optionally the language. */
export const exportRequest = {
  format: z.enum(['xlsx', 'csv']),
  title: z
    .string()
    .min(1)
    .max(100)
    .refine(...NO_NUL),
  defaultName: z.string().min(1).max(100),
  columns: z
    .array(
      z.object({
        key: z.string(),
        label: z
          .string()
          .max(200)
          .refine(...NO_NUL),
      }),
    )
    .min(1)
    .max(40),
  labels: z.record(z.string(), z.record(z.string(), z.string())).default({}),
  /** The language the numbers are written for; the app's language (settings) when absent. */
  language: z.enum(UI_LANGUAGES).optional(),
}

/** An export request once validated (see exportRequest). */
export interface ExportRequest {
  format: ExportFormat
  title: string
  defaultName: string
  columns: { key: string; label: string }[]
  labels: Record<string, Record<string, string>>
  language?: UiLanguage
}

/**
 * Asks where to save (null when the officer cancels) and writes the rows there, with the
 * columns the renderer asked for (a key the spec does not know gives an empty text column).
 */
export async function saveTableAs<R>(
  ctx: QueryContext,
  request: ExportRequest,
  spec: TableSpec<R>,
  rows: readonly R[] | RowSource<R>,
): Promise<{ path: string; rows: number } | null> {
  const language = request.language ?? ctx.settings().language
  const label: Labeller = (vocabulary, value) => {
    const labels = Object.hasOwn(request.labels, vocabulary) ? request.labels[vocabulary]! : {}
    return Object.hasOwn(labels, value) ? labels[value]! : value
  }
  const columns = request.columns.map((c): ExportColumn<R> => {
    const declared = Object.hasOwn(spec, c.key) ? spec[c.key] : undefined
    return { label: c.label, kind: declared?.kind ?? 'text', value: declared ? (row) => declared.value(row, label) : () => null }
  })
  const chosen = await ctx.dialogs.saveFile({
    title: request.title,
    defaultName: `${request.defaultName}.${request.format}`,
    filters: [{ name: request.format === 'xlsx' ? 'Excel' : 'CSV', extensions: [request.format] }],
  })
  if (!chosen) return null
  const target = exportTarget(chosen, request.format)
  const open = ctx.file().path
  if (isSameFile(target, open)) throw new AppError('SAME_FILE', 'An export cannot be written over the open file', { path: target })
  const written = await writeTable(target, { format: request.format, sheetName: request.title, language }, columns, rows)
  return { path: target, rows: written }
}

/**
 * Where an export goes once the officer chose `chosen`: with the format's extension (added when
 * missing, so that a CSV never lands on a file of another kind). A name the officer did not see
 * (it had to change) is never written over: FILE_EXISTS.
 */
export function exportTarget(chosen: string, format: ExportFormat): string {
  const resolved = path.resolve(chosen)
  if (path.extname(resolved).toLowerCase() === `.${format}`) return resolved
  const target = `${resolved}.${format}`
  if (fs.existsSync(target)) throw new AppError('FILE_EXISTS', `${target} already exists`, { path: target })
  return target
}

/**
 * Writes rows as an Excel workbook or a CSV file, row by row to a temporary file beside the
 * target, then renames it over the target (the save dialog asked before replacing): a failed
 * export never leaves a half-written file nor spoils the one that was there.
 */
export async function writeTable<R>(
  filePath: string,
  options: { format: ExportFormat; sheetName: string; language: UiLanguage },
  columns: readonly ExportColumn<R>[],
  rows: readonly R[] | RowSource<R>,
): Promise<number> {
  const target = path.resolve(filePath)
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`)
  let fd: number
  try {
    fd = fs.openSync(tmp, 'wx')
  } catch (err) {
    throw writeFailed(target, err)
  }
  // The descriptor stays ours: flushed to the disk before it is closed (once, here) and renamed.
  // The stream never closes it, not even when destroyed on an error: a second, late close would
  // hit whatever file the number was given to next.
  const out = fs.createWriteStream('', {
    fd,
    autoClose: false,
    fs: { write: fs.write, writev: fs.writev, close: (_fd: number, done: (err: NodeJS.ErrnoException | null) => void) => done(null) },
  })
  let written: number
  try {
    written = options.format === 'csv' ? await writeCsv(out, options.language, columns, rows) : await writeXlsx(out, options.sheetName, columns, rows)
    fs.fsyncSync(fd)
  } catch (err) {
    out.destroy()
    closeQuietly(fd)
    fs.rmSync(tmp, { force: true })
    throw writeFailed(target, err)
  }
  closeQuietly(fd)
  try {
    fs.renameSync(tmp, target)
  } catch (err) {
    fs.rmSync(tmp, { force: true })
    const code = (err as NodeJS.ErrnoException).code
    // The folder took the temporary file, so a refused rename is the target itself: open in
    // Excel (Windows locks it) or marked read-only.
    if (code && ['EBUSY', 'EPERM', 'EACCES'].includes(code) && fs.existsSync(target)) {
      throw new AppError('EXPORT_TARGET_BUSY', `${target} is open in another program or read-only (${code})`, { path: target })
    }
    throw writeFailed(target, err)
  }
  return written
}

function closeQuietly(fd: number): void {
  try {
    fs.closeSync(fd)
  } catch {
    // Already closed: nothing to release.
  }
}

function writeFailed(target: string, err: unknown): AppError {
  if (err instanceof AppError) return err
  return new AppError('WRITE_FAILED', `Cannot write ${target}: ${(err as Error).message}`, { path: target })
}

/** Waits for a stream to finish, failing as soon as it errors. */
function finished(stream: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.once('error', reject)
    stream.once('finish', () => resolve())
  })
}

// ---- CSV -----------------------------------------------------------------------------------

/** Starts of text that Excel and other spreadsheets take for a formula (or that hide one). */
const FORMULA_START = /^[=+\-@\t\r]/

/** Text a spreadsheet would take for a formula, with the usual leading apostrophe; other text unchanged. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text
}

/** The decimal mark Belgian Excel reads for a language (no thousands separator is ever written). */
function decimalMark(language: UiLanguage): string {
  return language === 'en' ? '.' : ','
}

/** Integer cents as euros with two decimals, computed on integers (no float rounding). */
function centsText(cents: number, mark: string): string {
  const abs = Math.abs(cents)
  return `${cents < 0 ? '-' : ''}${Math.trunc(abs / 100)}${mark}${String(abs % 100).padStart(2, '0')}`
}

const plainNumber = new Intl.NumberFormat('en-US', { useGrouping: false, maximumFractionDigits: 10 })

/** A number without grouping nor exponent, with the language's decimal mark. */
function numberText(value: number, mark: string): string {
  return Number.isInteger(value) && Math.abs(value) < 1e21 ? String(value) : plainNumber.format(value).replace('.', mark)
}

/** One cell as CSV text for a language: numbers as Belgian Excel reads them, text neutralised. */
export function csvCell(kind: ColumnKind, value: Cell, language: UiLanguage): string {
  if (value === null || value === '') return ''
  const mark = decimalMark(language)
  if (typeof value === 'number' && Number.isFinite(value)) {
    if (kind === 'money' && Number.isInteger(value)) return centsText(value, mark)
    if (kind === 'percent') return `${numberText(value / 100, mark)}%`
    if (kind === 'number' || kind === 'money') return numberText(value, mark)
  }
  if (typeof value === 'string') {
    if (kind === 'date' && isIsoDate(value)) return value
    if (kind === 'timestamp') {
      const minute = brusselsMinute(value)
      if (minute) return minute
    }
  }
  return neutraliseFormula(String(value))
}

async function writeCsv<R>(out: Writable, language: UiLanguage, columns: readonly ExportColumn<R>[], rows: readonly R[] | RowSource<R>): Promise<number> {
  let count = 0
  async function* records(): AsyncGenerator<string[]> {
    yield columns.map((c) => neutraliseFormula(c.label))
    for await (const batch of batchesOf(rows)) {
      for (const row of batch) {
        count++
        yield columns.map((c) => csvCell(c.kind, c.value(row), language))
      }
    }
  }
  const csv = stringify({ delimiter: language === 'en' ? ',' : ';', bom: true, record_delimiter: 'unix' })
  await pipeline(Readable.from(records()), csv, out)
  return count
}

// ---- Excel ---------------------------------------------------------------------------------

/** Number formats of typed cells (Excel shows the separators of the reader's locale). */
export const XLSX_FORMATS = {
  date: 'dd/mm/yyyy',
  timestamp: 'dd/mm/yyyy hh:mm',
  money: '#,##0.00 "€"',
  percent: '0%',
  percentDecimals: '0.00%',
} as const

/** A calendar day or a Brussels wall-clock time as the Date exceljs turns into an Excel serial (it reads UTC). */
function excelDate(isoDayTime: string): Date {
  return new Date(`${isoDayTime.replace(' ', 'T')}Z`)
}

/** One cell for Excel: its value (a string is always a string cell, never a formula), number format and shown width. */
function xlsxCell(kind: ColumnKind, value: Cell): { value: string | number | Date | null; numFmt?: string; width: number } {
  if (value === null || value === '') return { value: null, width: 0 }
  if (typeof value === 'number' && Number.isFinite(value)) {
    if (kind === 'money') {
      // Shown as `-1 234 567,89 €`: digits, a separator every three, the decimals and the sign.
      const digits = String(Math.trunc(Math.abs(value) / 100)).length
      return { value: value / 100, numFmt: XLSX_FORMATS.money, width: digits + Math.floor((digits - 1) / 3) + 5 + (value < 0 ? 1 : 0) }
    }
    if (kind === 'percent') {
      return { value: value / 10_000, numFmt: value % 100 === 0 ? XLSX_FORMATS.percent : XLSX_FORMATS.percentDecimals, width: String(value / 100).length + 2 }
    }
    if (kind === 'number') return { value, width: String(value).length }
  }
  if (typeof value === 'string') {
    if (kind === 'date' && isIsoDate(value)) return { value: excelDate(value), numFmt: XLSX_FORMATS.date, width: 10 }
    if (kind === 'timestamp') {
      const minute = brusselsMinute(value)
      if (minute) return { value: excelDate(minute), numFmt: XLSX_FORMATS.timestamp, width: 16 }
    }
  }
  // A carriage return would reach Excel as a line feed anyway (XML reads it so): written as one.
  const text = String(value).replace(/\r\n?/g, '\n')
  return { value: text, width: Math.max(...text.split('\n').map((line) => line.length)) }
}

/** Column widths (in characters) that fit the header with its filter button and the longest cell, within bounds. */
function fittedWidths(headers: readonly string[], widest: readonly number[]): number[] {
  return headers.map((header, i) => Math.min(60, Math.max(8, Math.max(header.length + 3, widest[i]!) + 2)))
}

async function writeXlsx<R>(out: Writable, sheetName: string, columns: readonly ExportColumn<R>[], rows: readonly R[] | RowSource<R>): Promise<number> {
  // Loaded on demand: exceljs is large and only exports need it (saves ~0.7 s at every start).
  const { default: ExcelJS } = await import('exceljs')
  // A first pass finds each column's widest cell: the streaming writer needs the widths before the first row.
  const widest = columns.map(() => 0)
  for await (const batch of batchesOf(rows)) {
    for (const row of batch) columns.forEach((c, i) => (widest[i] = Math.max(widest[i]!, xlsxCell(c.kind, c.value(row)).width)))
  }
  const headers = columns.map((c) => c.label.replace(/\r\n?/g, '\n'))
  const widths = fittedWidths(headers, widest)
  const done = finished(out)
  done.catch(() => undefined) // awaited below; a failure before then is not an unhandled rejection
  // The streaming writer sends each row to the file as it is committed: the workbook is never
  // held whole in memory. Widths are known before the first row, as it needs.
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: true })
  workbook.creator = 'AMIF Desk'
  const lastColumn = columnLetters(columns.length)
  const sheet = workbook.addWorksheet(worksheetName(sheetName), {
    views: [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }],
  })
  sheet.columns = widths.map((width) => ({ width }))
  const header = sheet.addRow(headers)
  header.font = { bold: true }
  header.commit()
  let count = 0
  for await (const batch of batchesOf(rows)) {
    for (const source of batch) {
      const rowCells = columns.map((c) => xlsxCell(c.kind, c.value(source)))
      const row = sheet.addRow(rowCells.map((c) => c.value))
      rowCells.forEach((c, i) => {
        if (c.numFmt) row.getCell(i + 1).numFmt = c.numFmt
      })
      row.commit()
      count++
    }
  }
  // The filter covers the rows written (known once they are; the sheet writes it when committed).
  sheet.autoFilter = `A1:${lastColumn}${count + 1}`
  sheet.commit()
  await Promise.race([workbook.commit(), done.then(() => undefined)])
  await done
  return count
}

/** A column's letters (1 → A, 27 → AA). */
function columnLetters(n: number): string {
  let letters = ''
  for (let i = n; i > 0; i = Math.floor((i - 1) / 26)) letters = String.fromCharCode(65 + ((i - 1) % 26)) + letters
  return letters
}

/**
 * A worksheet name Excel accepts: none of `* ? : \ / [ ]`, no apostrophe at either end, at most
 * 31 characters (exceljs throws on the first two, Excel refuses the file otherwise).
 */
export function worksheetName(title: string): string {
  const name = title
    .replace(/[*?:\\/[\]]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 31)
    .replace(/^'+|'+$/g, '')
    .trim()
  return name || 'Export'
}
