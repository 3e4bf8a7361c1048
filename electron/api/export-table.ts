import fs from 'node:fs'
import { stringify } from 'csv-stringify/sync'
import { z } from 'zod'
import type { DialogService } from './dialogs'
import { NO_NUL } from '../../database/domain/schemas/fields'

/** A column of an exported table: the row key and the header the officer reads. */
export interface ExportColumn {
  key: string
  label: string
}

export type ExportFormat = 'xlsx' | 'csv'

export type Cell = string | number | boolean | null

/** Writes rows as an Excel workbook or a CSV file (UTF-8 with BOM, so Excel shows accents). */
export async function writeTable(
  filePath: string,
  format: ExportFormat,
  sheetName: string,
  columns: ExportColumn[],
  rows: Record<string, Cell>[],
): Promise<void> {
  if (format === 'csv') {
    const body = stringify(
      rows.map((r) => columns.map((c) => r[c.key] ?? '')),
      { header: true, columns: columns.map((c) => c.label) },
    )
    fs.writeFileSync(filePath, `\uFEFF${body}`, 'utf8')
    return
  }
  // Loaded on demand: exceljs is large and only exports need it (saves ~0.7 s at every start).
  const { default: ExcelJS } = await import('exceljs')
  const workbook = new ExcelJS.Workbook()
  workbook.creator = 'AMIF Desk'
  const sheet = workbook.addWorksheet(worksheetName(sheetName))
  sheet.columns = columns.map((c) => ({ header: c.label, key: c.key, width: Math.max(12, c.label.length + 2) }))
  for (const r of rows) sheet.addRow(Object.fromEntries(columns.map((c) => [c.key, r[c.key] ?? null])))
  sheet.getRow(1).font = { bold: true }
  sheet.views = [{ state: 'frozen', ySplit: 1 }]
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } }
  for (const col of sheet.columns) {
    let width = 12
    col.eachCell?.({ includeEmpty: false }, (cell) => {
      width = Math.max(width, Math.min(60, String(cell.value ?? '').length + 2))
    })
    col.width = width
  }
  await workbook.xlsx.writeFile(filePath)
}

/**
 * A worksheet name Excel accepts: none of `* ? : \ / [ ]`, no apostrophe at either end, at most
 * 31 characters (exceljs throws on the first two, Excel refuses the file otherwise).
 */
export function worksheetName(title: string): string {
  const name = title.replace(/[*?:\\/[\]]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 31).replace(/^'+|'+$/g, '').trim()
  return name || 'Export'
}

/** What the renderer sends to export a list: format, title, file name, translated headers and value labels. */
export const exportRequest = {
  format: z.enum(['xlsx', 'csv']),
  title: z.string().min(1).max(100).refine(...NO_NUL),
  defaultName: z.string().min(1).max(100),
  columns: z.array(z.object({ key: z.string(), label: z.string().max(200).refine(...NO_NUL) })).min(1).max(40),
  labels: z.record(z.string(), z.record(z.string(), z.string())).default({}),
}

/** Asks where to save (null when the officer cancels) and writes the rows there. */
export async function saveTableAs(
  dialogs: DialogService,
  request: { format: ExportFormat; title: string; defaultName: string; columns: ExportColumn[] },
  rows: Record<string, Cell>[],
): Promise<{ path: string; rows: number } | null> {
  const filePath = await dialogs.saveFile({
    title: request.title,
    defaultName: `${request.defaultName}.${request.format}`,
    filters: [{ name: request.format === 'xlsx' ? 'Excel' : 'CSV', extensions: [request.format] }],
  })
  if (!filePath) return null
  await writeTable(filePath, request.format, request.title, request.columns, rows)
  return { path: filePath, rows: rows.length }
}
