import fs from 'node:fs'
import path from 'node:path'
import ExcelJS from 'exceljs'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { brusselsMinute } from '../../database/domain/dates'
import { makeAmifFile, newProjectValues, ok, refused, tempDir, testWorkspace } from './helpers'

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
    const header = await refused(ws, 'partners.export', {
      format: 'xlsx',
      query: {},
      title: 'P',
      defaultName: 'p',
      columns: [{ key: 'name', label: 'N\0m' }],
      labels: {},
    })
    expect(header.code).toBe('VALIDATION')
  })
})

/** A CSV file as Excel splits it: fields by `delimiter`, quoted fields may hold it, quotes and line breaks. */
function parseCsv(text: string, delimiter: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  const endField = () => {
    row.push(field)
    field = ''
  }
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"'
        i++
      } else if (c === '"') quoted = false
      else field += c
    } else if (c === '"') quoted = true
    else if (c === delimiter) endField()
    else if (c === '\n') {
      endField()
      rows.push(row)
      row = []
    } else field += c
  }
  if (field || row.length) {
    endField()
    rows.push(row)
  }
  return rows
}

function readCsv(filePath: string, delimiter: string): string[][] {
  const text = fs.readFileSync(filePath, 'utf8')
  expect(text.startsWith('\uFEFF')).toBe(true)
  return parseCsv(text.slice(1), delimiter)
}

async function readXlsx(filePath: string): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.readFile(filePath)
  return workbook.worksheets[0]!
}

/** Every cell of a sheet, the header row included. */
function xlsxCells(sheet: ExcelJS.Worksheet): ExcelJS.Cell[] {
  const cells: ExcelJS.Cell[] = []
  sheet.eachRow({ includeEmpty: true }, (row) => row.eachCell({ includeEmpty: false }, (cell) => void cells.push(cell)))
  return cells
}

const FORMULA_START = /^[=+\-@\t\r]/
/** Names a spreadsheet would run as formulas (or that hide one behind a tab or a carriage return). */
const FORMULA_NAMES = ['=HYPERLINK("http://example.com/x","Cliquez ici")', '+1', '-2', '@SUM(A1)', '\tx', '\rx']

describe('a list export of text that looks like a formula', () => {
  /** Partners and projects named like formulas; a tab or a carriage return cannot be typed (names are trimmed) but comes in a colleague's file. */
  async function formulas() {
    const t = testWorkspace()
    await t.ws.create(path.join(t.dir, 'formulas.amif'))
    const { ws } = t
    for (const [i, name] of FORMULA_NAMES.entries()) {
      const typed = name.trim() === name ? name : `temp ${i}`
      const partner = await ok(ws, 'partners.create', {
        values: { name: typed, acronym: name.trim() === name ? name.slice(0, 12) : null, kind: 'ngo', city: '-Liège' },
      })
      const project = await ok(ws, 'projects.create', {
        values: newProjectValues(partner.id, `AMIF-2026-RS-0${i + 1}`, { title: typed, officerName: '@officer' }),
      })
      if (typed !== name) {
        ws.file().sqlite.prepare('UPDATE organisations SET name = ? WHERE id = ?').run(name, partner.id)
        ws.file().sqlite.prepare('UPDATE projects SET title = ? WHERE id = ?').run(name, project.id)
      }
    }
    return t
  }
  const partnerColumns = [
    { key: 'name', label: 'Nom' },
    { key: 'acronym', label: 'Sigle' },
    { key: 'kind', label: '=Type' },
    { key: 'city', label: 'Localité' },
    { key: 'contacts', label: 'Contacts' },
  ]
  const projectColumns = [
    { key: 'code', label: 'Code' },
    { key: 'title', label: 'Titre' },
    { key: 'beneficiary', label: 'Bénéficiaire' },
    { key: 'status', label: 'Statut' },
    { key: 'officer', label: 'Gestionnaire' },
    { key: 'eligible', label: 'Éligible (€)' },
  ]
  const labels = { kind: { ngo: '+ONG' }, status: { draft: '-Brouillon' } }

  it('neutralises every such CSV cell with a leading apostrophe, in French (;) and in English (,)', async () => {
    const { ws, dir, dialogs } = await formulas()
    for (const [language, delimiter] of [
      ['fr', ';'],
      ['en', ','],
    ] as const) {
      dialogs.nextSavePath = path.join(dir, `partners-${language}.csv`)
      expect(
        await ok(ws, 'partners.export', { format: 'csv', query: {}, title: 'P', defaultName: 'p', columns: partnerColumns, labels, language }),
      ).toMatchObject({ rows: 6 })
      const partners = readCsv(dialogs.nextSavePath, delimiter)
      dialogs.nextSavePath = path.join(dir, `projects-${language}.csv`)
      expect(
        await ok(ws, 'projects.export', { format: 'csv', query: {}, title: 'P', defaultName: 'p', columns: projectColumns, labels, language }),
      ).toMatchObject({ rows: 6 })
      const projects = readCsv(dialogs.nextSavePath, delimiter)

      for (const [table, columns] of [
        [partners, partnerColumns],
        [projects, projectColumns],
      ] as const) {
        expect(table).toHaveLength(7)
        for (const row of table) {
          expect(row).toHaveLength(columns.length)
          for (const cell of row) expect(cell, JSON.stringify(cell)).not.toMatch(FORMULA_START)
        }
      }
      expect(partners[0]).toEqual(['Nom', 'Sigle', "'=Type", 'Localité', 'Contacts'])
      expect(
        partners
          .slice(1)
          .map((r) => r[0])
          .sort(),
      ).toEqual(FORMULA_NAMES.map((n) => `'${n}`).sort())
      expect(
        partners
          .slice(1)
          .map((r) => r[1])
          .sort(),
      ).toEqual(['', '', "'+1", "'-2", '\'=HYPERLINK("', "'@SUM(A1)"])
      expect(new Set(partners.slice(1).map((r) => `${r[2]}|${r[3]}|${r[4]}`))).toEqual(new Set(["'+ONG|'-Liège|0"]))
      expect(
        projects
          .slice(1)
          .map((r) => r[1])
          .sort(),
      ).toEqual(FORMULA_NAMES.map((n) => `'${n}`).sort())
      expect(
        projects
          .slice(1)
          .map((r) => r[2])
          .sort(),
      ).toEqual(FORMULA_NAMES.map((n) => `'${n}`).sort())
      expect(new Set(projects.slice(1).map((r) => `${r[3]}|${r[4]}|${r[5]}`))).toEqual(
        new Set([`'-Brouillon|'@officer|${language === 'en' ? '0.00' : '0,00'}`]),
      )
    }
  })

  it('keeps every such .xlsx cell a string, as written (a carriage return as the line feed Excel uses), never a formula', async () => {
    const { ws, dir, dialogs } = await formulas()
    dialogs.nextSavePath = path.join(dir, 'partners.xlsx')
    await ok(ws, 'partners.export', { format: 'xlsx', query: {}, title: 'Partenaires', defaultName: 'p', columns: partnerColumns, labels })
    const partners = await readXlsx(dialogs.nextSavePath)
    dialogs.nextSavePath = path.join(dir, 'projects.xlsx')
    await ok(ws, 'projects.export', { format: 'xlsx', query: {}, title: 'Projets', defaultName: 'p', columns: projectColumns, labels })
    const projects = await readXlsx(dialogs.nextSavePath)

    for (const sheet of [partners, projects]) {
      expect(sheet.rowCount).toBe(7)
      const cells = xlsxCells(sheet)
      expect(cells.length).toBeGreaterThan(30)
      for (const cell of cells) {
        expect(cell.type, `${cell.address} ${JSON.stringify(cell.value)}`).not.toBe(ExcelJS.ValueType.Formula)
        expect(cell.formula).toBeUndefined()
        if (typeof cell.value === 'string') {
          expect(cell.type).toBe(ExcelJS.ValueType.String)
          expect(cell.value.startsWith("'")).toBe(false)
        } else expect(typeof cell.value).toBe('number')
      }
    }
    const column = (sheet: ExcelJS.Worksheet, n: number) => (sheet.getColumn(n).values as unknown[]).slice(2)
    const written = FORMULA_NAMES.map((n) => n.replace('\r', '\n')).sort()
    expect(column(partners, 1).sort()).toEqual(written)
    expect(partners.getRow(1).getCell(3).value).toBe('=Type')
    expect(new Set(column(partners, 3))).toEqual(new Set(['+ONG']))
    expect(column(projects, 2).sort()).toEqual(written)
    expect(column(projects, 3).sort()).toEqual(written)
    expect(new Set(column(projects, 4))).toEqual(new Set(['-Brouillon']))
  })
})

describe('times in exports', () => {
  it('are the wall-clock time in Brussels, across the changes to and from summer time', () => {
    expect(brusselsMinute('2026-03-05T13:07:00.000Z')).toBe('2026-03-05 14:07')
    expect(brusselsMinute('2026-03-29T00:59:59.000Z')).toBe('2026-03-29 01:59')
    expect(brusselsMinute('2026-03-29T01:00:00.000Z')).toBe('2026-03-29 03:00')
    expect(brusselsMinute('2026-07-01T22:30:00.000Z')).toBe('2026-07-02 00:30')
    expect(brusselsMinute('2026-10-25T00:30:00.000Z')).toBe('2026-10-25 02:30')
    expect(brusselsMinute('2026-10-25T01:30:00.000Z')).toBe('2026-10-25 02:30')
    expect(brusselsMinute('2026-12-31T23:30:00.000Z')).toBe('2027-01-01 00:30')
    expect(brusselsMinute('2026-03-05')).toBeNull()
    expect(brusselsMinute('not a time')).toBeNull()
  })
})

describe('a list export Excel reads as dates and numbers', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  /** One project with a budget (1 234,56 € eligible at 75 %), stamped 5 March 2026 at 13:07 UTC (14:07 in Brussels). */
  async function oneProject() {
    const t = testWorkspace()
    await t.ws.create(path.join(t.dir, 'typed.amif'))
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-03-05T13:07:00.000Z'))
    const partner = await ok(t.ws, 'partners.create', { values: { name: 'Caritas International', kind: 'ngo' } })
    const project = await ok(t.ws, 'projects.create', {
      values: newProjectValues(partner.id, 'AMIF-2026-RS-01', { title: 'Accompagnement des familles réinstallées dans les communes' }),
    })
    await ok(t.ws, 'budget.saveLine', { projectId: project.id, values: { category: 'other', costModel: 'lump_sum', description: 'x', amountCents: 123_456 } })
    await ok(t.ws, 'milestones.save', { projectId: project.id, values: { title: 'Premier accueil', dueDate: '2026-02-01', status: 'planned' } })
    {
      // The project's own stamp, after its budget line: the one its row shows.
      t.ws.file().sqlite.prepare('UPDATE projects SET updated_at = ? WHERE id = ?').run('2026-07-01T22:30:00.000Z', project.id)
    }
    vi.useRealTimers()
    return t
  }
  const columns = [
    { key: 'code', label: 'Code' },
    { key: 'title', label: 'Titre' },
    { key: 'startDate', label: 'Début' },
    { key: 'endDate', label: 'Fin' },
    { key: 'eligible', label: 'Éligible (€)' },
    { key: 'euRate', label: 'Taux UE (%)' },
    { key: 'eu', label: 'Contribution UE (€)' },
    { key: 'own', label: 'Apport propre (€)' },
    { key: 'lateMilestones', label: 'Jalons en retard' },
    { key: 'updatedAt', label: 'Modifié' },
  ]
  const query = { today: '2026-03-15' }

  it('writes CSV numbers, dates and Brussels times for Belgian Excel: decimal comma and ; in French and Dutch, point and , in English', async () => {
    const { ws, dir, dialogs } = await oneProject()
    const line = (sep: string, mark: string) =>
      [
        'AMIF-2026-RS-01',
        'Accompagnement des familles réinstallées dans les communes',
        '2026-01-01',
        '2027-06-30',
        `1234${mark}56`,
        '75%',
        `925${mark}92`,
        `308${mark}64`,
        '1',
        '2026-07-02 00:30',
      ].join(sep)
    const header = (sep: string) => columns.map((c) => c.label).join(sep)
    const expected = {
      fr: `\uFEFF${header(';')}\n${line(';', ',')}\n`,
      nl: `\uFEFF${header(';')}\n${line(';', ',')}\n`,
      en: `\uFEFF${header(',')}\n${line(',', '.')}\n`,
    }
    for (const language of ['fr', 'nl', 'en'] as const) {
      // The language comes with the request...
      dialogs.nextSavePath = path.join(dir, `request-${language}.csv`)
      await ok(ws, 'projects.export', { format: 'csv', query, title: 'Projets', defaultName: 'projets', columns, labels: {}, language })
      expect(fs.readFileSync(dialogs.nextSavePath, 'utf8'), language).toBe(expected[language])
      // ...or from the app's settings, as the window sends it.
      ws.updateSettings({ language })
      dialogs.nextSavePath = path.join(dir, `settings-${language}.csv`)
      await ok(ws, 'projects.export', { format: 'csv', query, title: 'Projets', defaultName: 'projets', columns, labels: {} })
      expect(fs.readFileSync(dialogs.nextSavePath, 'utf8'), language).toBe(expected[language])
    }
    // Partners' and milestones' stamps and dates too (winter time: UTC+1).
    ws.updateSettings({ language: 'fr' })
    dialogs.nextSavePath = path.join(dir, 'partners.csv')
    await ok(ws, 'partners.export', {
      format: 'csv',
      query: {},
      title: 'P',
      defaultName: 'p',
      columns: [
        { key: 'name', label: 'Nom' },
        { key: 'updatedAt', label: 'Modifié' },
      ],
      labels: {},
    })
    expect(fs.readFileSync(dialogs.nextSavePath, 'utf8')).toBe('\uFEFFNom;Modifié\nCaritas International;2026-03-05 14:07\n')
    dialogs.nextSavePath = path.join(dir, 'milestones.csv')
    const milestoneColumns = [
      { key: 'title', label: 'Jalon' },
      { key: 'dueDate', label: 'Échéance' },
      { key: 'doneDate', label: 'Réalisé le' },
      { key: 'late', label: 'Retard (jours)' },
    ]
    await ok(ws, 'milestones.export', { format: 'csv', query, title: 'J', defaultName: 'j', columns: milestoneColumns, labels: {} })
    expect(fs.readFileSync(dialogs.nextSavePath, 'utf8')).toBe('\uFEFFJalon;Échéance;Réalisé le;Retard (jours)\nPremier accueil;2026-02-01;;42\n')
  })

  it('writes .xlsx dates as dates (dd/mm/yyyy), amounts as euros, rates as percentages, with a frozen bold header, an autofilter and fitted widths', async () => {
    const { ws, dir, dialogs } = await oneProject()
    dialogs.nextSavePath = path.join(dir, 'projets.xlsx')
    await ok(ws, 'projects.export', { format: 'xlsx', query, title: 'Projets', defaultName: 'projets', columns, labels: {} })
    const sheet = await readXlsx(dialogs.nextSavePath)
    const cell = (key: string) => sheet.getRow(2).getCell(columns.findIndex((c) => c.key === key) + 1)

    expect(cell('code').value).toBe('AMIF-2026-RS-01')
    for (const [key, day] of [
      ['startDate', Date.UTC(2026, 0, 1)],
      ['endDate', Date.UTC(2027, 5, 30)],
    ] as const) {
      expect(cell(key).type, key).toBe(ExcelJS.ValueType.Date)
      expect((cell(key).value as Date).getTime(), key).toBe(day)
      expect(cell(key).numFmt, key).toBe('dd/mm/yyyy')
    }
    expect(cell('updatedAt').type).toBe(ExcelJS.ValueType.Date)
    expect((cell('updatedAt').value as Date).getTime()).toBe(Date.UTC(2026, 6, 2, 0, 30)) // Brussels wall-clock time
    expect(cell('updatedAt').numFmt).toBe('dd/mm/yyyy hh:mm')
    for (const [key, euros] of [
      ['eligible', 1234.56],
      ['eu', 925.92],
      ['own', 308.64],
    ] as const) {
      expect(cell(key).type, key).toBe(ExcelJS.ValueType.Number)
      expect(cell(key).value, key).toBe(euros)
      expect(cell(key).numFmt, key).toMatch(/^#,##0\.00 ?"€"$/)
    }
    expect(cell('euRate').value).toBe(0.75)
    expect(cell('euRate').numFmt).toBe('0%')
    expect(cell('lateMilestones').value).toBe(1)

    expect(sheet.getRow(1).values).toEqual([undefined, ...columns.map((c) => c.label)])
    expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true)
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 })
    expect(sheet.autoFilter).toBe('A1:J2')
    for (const [i, c] of columns.entries()) {
      const width = sheet.getColumn(i + 1).width ?? 0
      // The header with its filter button, the longest cell, never more than 60 characters.
      expect(width, c.key).toBeGreaterThanOrEqual(c.label.length + 3)
      expect(width, c.key).toBeLessThanOrEqual(60)
    }
    expect(sheet.getColumn(2).width).toBeGreaterThanOrEqual('Accompagnement des familles réinstallées dans les communes'.length)
    expect(sheet.getColumn(3).width).toBeGreaterThanOrEqual(10)
  })
})

describe('a list export that cannot be written', () => {
  afterEach(() => {
    vi.restoreAllMocks()
  })
  const columns = [{ key: 'name', label: 'Nom' }]

  async function demo() {
    const t = testWorkspace()
    await t.ws.open(await makeAmifFile(path.join(tempDir(), 'demo.amif'), { demo: true }))
    return t
  }
  const leftovers = (dir: string) => fs.readdirSync(dir).filter((n) => n.endsWith('.tmp'))

  it('says WRITE_FAILED for a folder that is not there, and writes nothing', async () => {
    const { ws, dir, dialogs } = await demo()
    dialogs.nextSavePath = path.join(dir, 'gone', 'partenaires.csv')
    const error = await refused(ws, 'partners.export', { format: 'csv', query: {}, title: 'P', defaultName: 'p', columns, labels: {} })
    expect(error).toMatchObject({ code: 'WRITE_FAILED', details: { path: dialogs.nextSavePath } })
    expect(fs.existsSync(path.join(dir, 'gone'))).toBe(false)
  })

  it('says EXPORT_TARGET_BUSY when the file is held by another program (Excel), and leaves it as it was', async () => {
    const { ws, dir, dialogs } = await demo()
    const target = path.join(dir, 'partenaires.xlsx')
    fs.writeFileSync(target, 'the export of yesterday')
    dialogs.nextSavePath = target
    vi.spyOn(fs, 'renameSync').mockImplementationOnce(() => {
      throw Object.assign(new Error('EBUSY: resource busy or locked'), { code: 'EBUSY' })
    })
    const error = await refused(ws, 'partners.export', { format: 'xlsx', query: {}, title: 'P', defaultName: 'p', columns, labels: {} })
    expect(error).toMatchObject({ code: 'EXPORT_TARGET_BUSY', details: { path: target } })
    expect(fs.readFileSync(target, 'utf8')).toBe('the export of yesterday')
    expect(leftovers(dir)).toEqual([])
  })

  it('replaces a file the officer chose to replace, fails whole when the disk fails, and never writes over a file of another kind', async () => {
    const { ws, dir, dialogs } = await demo()
    const target = path.join(dir, 'partenaires.csv')
    fs.writeFileSync(target, 'old')
    dialogs.nextSavePath = target
    const result = await ok(ws, 'partners.export', { format: 'csv', query: {}, title: 'P', defaultName: 'p', columns, labels: {} })
    expect(result?.rows).toBeGreaterThan(5)
    expect(fs.readFileSync(target, 'utf8')).toMatch(/^\uFEFFNom\n/)
    expect(leftovers(dir)).toEqual([])

    // The disk fails for as long as the export runs (not only once: another write of the process,
    // such as the lock's refresh, could take a single failure).
    fs.writeFileSync(target, 'old')
    const failing = vi.spyOn(fs, 'fsyncSync').mockImplementation(() => {
      throw Object.assign(new Error('EIO: i/o error'), { code: 'EIO' })
    })
    const closes = vi.spyOn(fs, 'close')
    const failed = await refused(ws, 'partners.export', { format: 'csv', query: {}, title: 'P', defaultName: 'p', columns, labels: {} })
    failing.mockRestore()
    expect(failed.code).toBe('WRITE_FAILED')
    // The failed export's file was closed once, by the export: no late close from its stream,
    // which would hit the file the number goes to next (the workbook below).
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(closes).not.toHaveBeenCalled()
    closes.mockRestore()
    expect(fs.readFileSync(target, 'utf8')).toBe('old')
    expect(leftovers(dir)).toEqual([])

    // The open file itself, or any name without the format's extension, gets the extension.
    const open = ws.file().path
    const before = fs.readFileSync(open)
    dialogs.nextSavePath = open
    expect(await ok(ws, 'partners.export', { format: 'xlsx', query: {}, title: 'P', defaultName: 'p', columns, labels: {} })).toMatchObject({
      path: `${open}.xlsx`,
    })
    expect(fs.readFileSync(open).equals(before)).toBe(true)
    // ...and a name the officer did not see is never written over.
    expect((await refused(ws, 'partners.export', { format: 'xlsx', query: {}, title: 'P', defaultName: 'p', columns, labels: {} })).code).toBe('FILE_EXISTS')
  })
})
