import path from 'node:path'
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { makeAmifFile, ok, refused, tempDir, testWorkspace } from './helpers'

/** What the window sends as a list's title and headers is text like any other: it cannot break the export. */
describe('a list export with an unusual title', () => {
  const columns = [{ key: 'name', label: 'Nom' }]

  async function demo() {
    const t = testWorkspace()
    await t.ws.open(await makeAmifFile(path.join(tempDir(), 'demo.amif'), { demo: true }))
    return t
  }

  it('writes a workbook whose sheet is named after the title without the characters Excel forbids', async () => {
    const { ws, dir, dialogs } = await demo()
    dialogs.nextSavePath = path.join(dir, 'partenaires.xlsx')
    const title = 'Partenaires / Namur [2025]: *actifs*? \\ un titre plus long que trente et un caractères'
    const result = await ok(ws, 'partners.export', { format: 'xlsx', query: {}, title, defaultName: 'partenaires', columns, labels: {} })
    expect(result?.rows).toBeGreaterThan(0)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.readFile(dialogs.nextSavePath)
    const name = workbook.worksheets[0]!.name
    expect(name).not.toMatch(/[*?:\\/[\]]/)
    expect(name.length).toBeLessThanOrEqual(31)
    expect(name.startsWith('Partenaires')).toBe(true)
  })

  it('refuses a title or header with a NUL character (an xlsx cannot hold it) with a validation message', async () => {
    const { ws, dir, dialogs } = await demo()
    dialogs.nextSavePath = path.join(dir, 'p.xlsx')
    const error = await refused(ws, 'partners.export', { format: 'xlsx', query: {}, title: '\0Partenaires', defaultName: 'p', columns, labels: {} })
    expect(error).toMatchObject({ code: 'VALIDATION', details: { issues: [{ path: 'title', message: 'controlCharacter' }] } })
    const header = await refused(ws, 'partners.export', { format: 'xlsx', query: {}, title: 'P', defaultName: 'p', columns: [{ key: 'name', label: 'N\0m' }], labels: {} })
    expect(header.code).toBe('VALIDATION')
  })
})
