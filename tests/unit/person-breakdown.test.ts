import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { FIGURE_COLUMNS } from '../../database/domain/vocabulary'
import { referenceId } from '../../database/migrations/data/reference-2021-2027'
import type { Workspace } from '../../electron/api/workspace'
import en from '../../renderer/src/i18n/en'
import fr from '../../renderer/src/i18n/fr'
import nl from '../../renderer/src/i18n/nl'
import { makeAmifFile, makeFileAtVersion, mergePair, ok, openNewFile, refused, tempDir, testWorkspace } from './helpers'
import { pdfText } from './fixtures/documents'
import { runHere } from './cli-helpers'
import { newId } from '../../database/ids'
import { nowTimestamp } from '../../database/domain/dates'

/** A measurement as an earlier version wrote it, without breakdown (the window now asks for one). */
function earlierMeasurement(ws: Workspace, projectIndicatorId: string, measuredOn: string, value: number, source: string): void {
  const at = nowTimestamp()
  ws.file()
    .sqlite.prepare(
      'INSERT INTO indicator_measurements (id, project_indicator_id, measured_on, value, source, created_at, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    )
    .run(newId(), projectIndicatorId, measuredOn, value, source, at, at, 'Version précédente')
}

/** Annex VIII: indicators about persons are reported by age (< 18, 18-60, > 60) and gender. */

async function projectFollowing(ws: Workspace, code: string, unit: string) {
  const iom = await ok(ws, 'partners.create', {
    values: { name: 'Organisation internationale pour les migrations', acronym: 'OIM', kind: 'ngo', country: 'BE' },
  })
  const p = await ok(ws, 'projects.create', {
    values: {
      code: 'AMIF-2026-RV-01',
      title: 'Réintégration',
      beneficiaryId: iom.id,
      strand: 'voluntary_return',
      strandObjectiveId: null,
      objectiveCode: 'SO3',
      startDate: '2025-01-01',
      endDate: '2027-12-31',
      officerName: 'Élise Test-Officer',
      targetGroupIds: [],
    },
  })
  return ok(ws, 'indicators.saveForProject', { projectId: p.id, values: { indicatorId: referenceId('indicator', code), target: 400, unit } })
}

async function openNew() {
  const t = testWorkspace()
  await openNewFile(t.ws, path.join(t.dir, 'persons.amif'))
  return t
}

const ADDS_UP = { ageUnder18: 20, age18to60: 100, ageOver60: 30, female: 70, male: 75, nonBinary: 1, genderUnknown: 4 }

describe('the catalogue', () => {
  it('marks the indicators about persons, and only those', async () => {
    const { ws } = await openNew()
    const all = await ok(ws, 'reference.indicators', {})
    const persons = new Set(all.filter((i) => i.aboutPersons).map((i) => i.code))
    for (const code of ['O.1.1', 'O.1.1.3', 'O.1.2', 'R.1.6', 'R.1.7.1', 'O.2.3.1', 'R.2.11', 'O.3.3', 'R.3.6', 'O.4.1', 'R.4.3', 'R.4.5'])
      expect(persons, code).toContain(code)
    for (const code of ['O.1.3', 'O.1.4.1', 'O.2.2', 'O.2.4', 'O.2.7', 'O.3.2', 'O.3.4', 'O.3.5']) expect(persons, code).not.toContain(code)
  })

  it('marks a programme indicator by its unit, and follows a change of unit', async () => {
    const { ws } = await openNew()
    const created = await ok(ws, 'reference.createIndicator', {
      values: {
        code: 'P.3.1',
        type: 'output',
        objectiveCode: 'SO3',
        labelFr: 'Personnes informées',
        labelNl: 'Geïnformeerde personen',
        labelEn: 'Persons informed',
        unit: 'persons',
      },
    })
    expect(created.aboutPersons).toBe(true)
    const sessions = await ok(ws, 'reference.updateIndicator', {
      id: created.id,
      values: { labelFr: 'Séances', labelNl: 'Sessies', labelEn: 'Sessions', unit: 'sessions' },
    })
    expect(sessions.aboutPersons).toBe(false)
    // A catalogue entry keeps its Annex VIII mark whatever unit the officer writes.
    expect(
      (
        await ok(ws, 'reference.updateIndicator', {
          id: referenceId('indicator', 'O.3.3'),
          values: { labelFr: 'a', labelNl: 'b', labelEn: 'c', unit: 'dossiers' },
        })
      ).aboutPersons,
    ).toBe(true)
  })
})

describe('a measurement of an indicator about persons', () => {
  it('is saved with its age and gender breakdown and found again', async () => {
    const { ws } = await openNew()
    const pi = await projectFollowing(ws, 'O.3.3', 'persons')
    expect(pi.aboutPersons).toBe(true)
    // A new measurement of it without breakdown is refused (Annex VIII), in each language.
    const missing = await refused(ws, 'indicators.addMeasurement', {
      projectIndicatorId: pi.id,
      values: { measuredOn: '2026-03-31', value: 60, source: 'Tableau de suivi' },
    })
    expect(missing).toMatchObject({ code: 'VALIDATION', details: { issues: [{ path: 'values.breakdown', message: 'breakdownRequired' }] } })
    for (const catalogue of [fr, nl, en]) expect(catalogue.validation.breakdownRequired).toMatch(/\w/)
    earlierMeasurement(ws, pi.id, '2026-03-31', 60, 'Tableau de suivi')
    const row = await ok(ws, 'indicators.addMeasurement', {
      projectIndicatorId: pi.id,
      values: { measuredOn: '2026-06-30', value: 150, source: 'Rapport intermédiaire', breakdown: ADDS_UP },
    })
    expect(row.achievedBreakdown).toEqual(ADDS_UP)
    expect(row.measurements.map((m) => m.breakdown)).toEqual([null, ADDS_UP])
    const project = await ok(ws, 'projects.get', { id: row.projectId })
    expect(project.indicators[0]).toMatchObject({ achieved: 150, achievedBreakdown: ADDS_UP })
  })

  it('is refused, with a message in each language, when the ages or the genders do not add up to the value', async () => {
    const { ws } = await openNew()
    const pi = await projectFollowing(ws, 'O.3.3', 'persons')
    const ages = await refused(ws, 'indicators.addMeasurement', {
      projectIndicatorId: pi.id,
      values: { measuredOn: '2026-06-30', value: 150, source: 'x', breakdown: { ...ADDS_UP, ageOver60: 31 } },
    })
    expect(ages.code).toBe('VALIDATION')
    const genders = await refused(ws, 'indicators.addMeasurement', {
      projectIndicatorId: pi.id,
      values: { measuredOn: '2026-06-30', value: 150, source: 'x', breakdown: { ...ADDS_UP, male: 74 } },
    })
    const both = await refused(ws, 'indicators.addMeasurement', {
      projectIndicatorId: pi.id,
      values: { measuredOn: '2026-06-30', value: 149, source: 'x', breakdown: ADDS_UP },
    })
    const messages = (e: { details?: unknown }) => (e.details as { issues: { path: string; message: string }[] }).issues.map((i) => i.message)
    expect(messages(ages)).toEqual(['breakdownAge'])
    expect(messages(genders)).toEqual(['breakdownGender'])
    expect(messages(both)).toEqual(['breakdownAge', 'breakdownGender'])
    expect(
      (
        await refused(ws, 'indicators.addMeasurement', {
          projectIndicatorId: pi.id,
          values: { measuredOn: '2026-06-30', value: 150, source: 'x', breakdown: { ...ADDS_UP, ageUnder18: 20.5, age18to60: 99.5 } },
        })
      ).code,
    ).toBe('VALIDATION')
    expect((await ok(ws, 'projects.get', { id: pi.projectId })).indicators[0].measurements).toEqual([])
    for (const lang of [fr, nl, en]) {
      for (const key of ['breakdownAge', 'breakdownGender', 'breakdownNotPersons', 'wholeNumber'] as const) expect(lang.validation[key], key).toMatch(/\S/)
    }
    expect(fr.validation.breakdownAge).not.toBe(en.validation.breakdownAge)
    expect(nl.validation.breakdownGender).not.toBe(en.validation.breakdownGender)
  })

  it('is refused for an indicator that does not count persons', async () => {
    const { ws } = await openNew()
    const pi = await projectFollowing(ws, 'O.3.2', 'items')
    expect(pi.aboutPersons).toBe(false)
    const e = await refused(ws, 'indicators.addMeasurement', {
      projectIndicatorId: pi.id,
      values: { measuredOn: '2026-06-30', value: 150, source: 'x', breakdown: ADDS_UP },
    })
    expect(e.code).toBe('VALIDATION')
    expect(
      (await ok(ws, 'indicators.addMeasurement', { projectIndicatorId: pi.id, values: { measuredOn: '2026-06-30', value: 12, source: 'x' } })).measurements,
    ).toHaveLength(1)
  })
})

describe('a file made by the previous version', () => {
  it('opens with its measurements valid and shown as breakdown not recorded, the catalogue marked as it would be in a new file', async () => {
    const { ws, dir } = testWorkspace()
    // The version before 009: 008 once the branches are merged, the highest one below it otherwise.
    const old = makeFileAtVersion(path.join(dir, 'old.amif'), 8)
    const db = new Database(old)
    const stamp = { created_at: '2024-01-10T09:00:00.000Z', updated_at: '2024-01-10T09:00:00.000Z', updated_by: 'Ancien agent' }
    const before = db.prepare(`SELECT code, updated_at, sync_vv FROM indicators ORDER BY code`).all()
    db.prepare(
      `INSERT INTO organisations (id, name, kind, created_at, updated_at, updated_by) VALUES ('0b0c1a2e-0000-4000-8000-000000000001', 'OIM', 'ngo', @created_at, @updated_at, @updated_by)`,
    ).run(stamp)
    db.prepare(
      `INSERT INTO projects (id, code, title, beneficiary_id, strand, objective_code, start_date, end_date, status, created_at, updated_at, updated_by)
      VALUES ('0b0c1a2e-0000-4000-8000-000000000002', 'AMIF-2024-RV-01', 'Retour', '0b0c1a2e-0000-4000-8000-000000000001', 'voluntary_return', 'SO3', '2024-01-01', '2026-12-31', 'running', @created_at, @updated_at, @updated_by)`,
    ).run(stamp)
    db.prepare(
      `INSERT INTO project_indicators (id, project_id, indicator_id, target, unit, created_at, updated_at, updated_by) VALUES ('0b0c1a2e-0000-4000-8000-000000000003', '0b0c1a2e-0000-4000-8000-000000000002', @indicator, 300, 'persons', @created_at, @updated_at, @updated_by)`,
    ).run({ ...stamp, indicator: referenceId('indicator', 'O.3.3') })
    const measure = db.prepare(
      `INSERT INTO indicator_measurements (id, project_indicator_id, measured_on, value, source, created_at, updated_at, updated_by) VALUES (?, '0b0c1a2e-0000-4000-8000-000000000003', ?, ?, 'Suivi', @created_at, @updated_at, @updated_by)`,
    )
    measure.run('0b0c1a2e-0000-4000-8000-000000000004', '2024-06-30', 40, stamp)
    measure.run('0b0c1a2e-0000-4000-8000-000000000005', '2024-12-31', 95, stamp)
    db.close()

    await ws.open(old)
    const project = await ok(ws, 'projects.get', { id: '0b0c1a2e-0000-4000-8000-000000000002' })
    const [pi] = project.indicators
    expect(pi).toMatchObject({ code: 'O.3.3', aboutPersons: true, achieved: 95, achievedBreakdown: null })
    expect(pi.measurements.map((m) => [m.value, m.breakdown])).toEqual([
      [40, null],
      [95, null],
    ])
    const catalogue = await ok(ws, 'reference.indicators', {})
    expect(catalogue.find((i) => i.code === 'R.4.4')?.aboutPersons).toBe(true)
    expect(catalogue.find((i) => i.code === 'O.3.2')?.aboutPersons).toBe(false)
    // Marking the catalogue is no officer's edit: no new version to merge, no new date.
    const after = ws.file().sqlite.prepare(`SELECT code, updated_at, sync_vv FROM indicators ORDER BY code`).all()
    expect(after).toEqual(before)
    // A measurement recorded now carries its breakdown.
    const now = await ok(ws, 'indicators.addMeasurement', {
      projectIndicatorId: '0b0c1a2e-0000-4000-8000-000000000003',
      values: { measuredOn: '2025-06-30', value: 150, source: 'Suivi', breakdown: ADDS_UP },
    })
    expect(now.achievedBreakdown).toEqual(ADDS_UP)
  })
})

describe('the annual performance report figures', () => {
  const X = { ageUnder18: 10, age18to60: 40, ageOver60: 10, female: 30, male: 29, nonBinary: 0, genderUnknown: 1 }
  const Y = { ageUnder18: 5, age18to60: 30, ageOver60: 5, female: 20, male: 20, nonBinary: 0, genderUnknown: 0 }

  /** Two projects following O.3.3 (persons), one also O.3.2 (items); measurements over 2025 and 2026. */
  async function programme() {
    const t = await openNew()
    const { ws } = t
    const a = await projectFollowing(ws, 'O.3.3', 'persons')
    const beneficiaryId = (await ok(ws, 'projects.get', { id: a.projectId })).beneficiaryId
    const other = await ok(ws, 'projects.create', {
      values: {
        code: 'AMIF-2025-RV-02',
        title: 'Retour 2',
        beneficiaryId,
        strand: 'voluntary_return',
        strandObjectiveId: null,
        objectiveCode: 'SO3',
        startDate: '2025-01-01',
        endDate: '2027-12-31',
        officerName: 'X',
        targetGroupIds: [],
      },
    })
    const b = await ok(ws, 'indicators.saveForProject', {
      projectId: other.id,
      values: { indicatorId: referenceId('indicator', 'O.3.3'), target: 100, unit: 'persons' },
    })
    const items = await ok(ws, 'indicators.saveForProject', {
      projectId: other.id,
      values: { indicatorId: referenceId('indicator', 'O.3.2'), target: 10, unit: 'items' },
    })
    const add = (id: string, measuredOn: string, value: number, breakdown?: typeof ADDS_UP) =>
      ok(ws, 'indicators.addMeasurement', { projectIndicatorId: id, values: { measuredOn, value, source: 'Suivi', breakdown } })
    await add(a.id, '2025-09-30', 60, X)
    await add(a.id, '2026-06-30', 150, ADDS_UP)
    earlierMeasurement(ws, b.id, '2025-11-15', 25, 'Suivi') // without breakdown: counted, and said to be not recorded
    await add(b.id, '2026-10-31', 40, Y)
    await add(items.id, '2026-04-01', 3)
    return t
  }

  it('give per objective and indicator the cumulative values with their breakdown (CLI, for a year)', async () => {
    const { ws } = await programme()
    const file = ws.file().path
    await ws.close()
    type Out = { year: number; until: string; objectives: { code: string; indicators: { code: string; value: number }[] }[] }
    const figures = async (...args: string[]) => {
      const run = await runHere(['indicators', file, '--json', ...args])
      expect(run.stderr).toBe('')
      expect(run.code).toBe(0)
      const out = JSON.parse(run.stdout) as Out
      expect(out.objectives.map((o) => o.code)).toEqual(['SO1', 'SO2', 'SO3', 'SO4'])
      return { out, so3: out.objectives.find((o) => o.code === 'SO3')!.indicators }
    }

    const y2026 = await figures('--year', '2026')
    expect(y2026.out).toMatchObject({ year: 2026, until: '2026-12-31' })
    expect(y2026.so3.find((i) => i.code === 'O.3.3')).toEqual({
      code: 'O.3.3',
      type: 'output',
      label: 'Returnees who received reintegration assistance',
      unit: 'persons',
      aboutPersons: true,
      projects: 2,
      value: 190,
      breakdown: { age: { under18: 25, from18to60: 130, over60: 35 }, gender: { female: 90, male: 95, nonBinary: 1, unknown: 4 }, notRecorded: 0 },
    })
    expect(y2026.so3.find((i) => i.code === 'O.3.2')).toMatchObject({ type: 'output', aboutPersons: false, projects: 1, value: 3, breakdown: null })
    expect(y2026.so3.find((i) => i.code === 'R.3.6')).toMatchObject({ type: 'result', aboutPersons: true, projects: 0, value: 0 })

    // At the end of 2025: each project's latest value then; the one without breakdown is said so.
    const y2025 = await figures('--year', '2025')
    expect(y2025.so3.find((i) => i.code === 'O.3.3')).toMatchObject({
      projects: 2,
      value: 85,
      breakdown: { age: { under18: 10, from18to60: 40, over60: 10 }, gender: { female: 30, male: 29, nonBinary: 0, unknown: 1 }, notRecorded: 25 },
    })
    expect(y2025.so3.find((i) => i.code === 'O.3.2')).toMatchObject({ projects: 0, value: 0 })
    // Without --year: everything measured so far.
    expect((await figures()).so3.find((i) => i.code === 'O.3.3')).toMatchObject({ value: 190 })
    expect((await runHere(['indicators', file, '--json', '--year', '26'])).code).toBe(1)
  })

  it('are exported to Excel with the right numbers', async () => {
    const { ws, dir, dialogs } = await programme()
    dialogs.nextSavePath = path.join(dir, 'indicateurs.xlsx')
    const columns = FIGURE_COLUMNS.map((key) => ({ key, label: fr.reference.annualExport.columns[key] }))
    const result = await ok(ws, 'reference.exportIndicatorFigures', {
      format: 'xlsx',
      year: 2025,
      language: 'fr',
      title: 'Indicateurs',
      defaultName: 'indicateurs',
      columns,
      labels: { type: { output: 'réalisation', result: 'résultat' } },
    })
    expect(result).toMatchObject({ path: dialogs.nextSavePath })
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.readFile(dialogs.nextSavePath)
    const sheet = workbook.worksheets[0]
    expect(sheet.getRow(1).values).toEqual([undefined, ...columns.map((c) => c.label)])
    const rows = new Map<string, unknown[]>()
    sheet.eachRow((row, n) => {
      if (n > 1) rows.set(String(row.getCell(2).value), (row.values as unknown[]).slice(1))
    })
    expect(rows.get('O.3.3')).toEqual([
      'SO3',
      'O.3.3',
      'réalisation',
      'Personnes rapatriées ayant bénéficié d’une aide à la réintégration',
      'persons',
      'true',
      2,
      85,
      10,
      40,
      10,
      30,
      29,
      0,
      1,
      25,
    ])
    expect(rows.get('O.3.2')?.slice(0, 8)).toEqual(['SO3', 'O.3.2', 'réalisation', 'Équipements achetés, y compris les systèmes TIC', 'items', 'false', 0, 0])
    expect(
      rows
        .get('O.3.2')
        ?.slice(8)
        .filter((c) => c !== undefined && c !== null),
    ).toEqual([])
  })
})

describe('the demonstration data', () => {
  it('shows breakdowns on several measurements of indicators about persons, and older ones without', async () => {
    const { ws, dir } = testWorkspace()
    await ws.open(await makeAmifFile(path.join(dir, 'demo.amif'), { demo: true }))
    const { rows } = await ok(ws, 'projects.list', {})
    const measured = []
    for (const r of rows) {
      for (const i of (await ok(ws, 'projects.get', { id: r.id })).indicators)
        measured.push(...i.measurements.map((m) => ({ persons: i.aboutPersons, breakdown: m.breakdown })))
    }
    expect(measured.filter((m) => m.persons && m.breakdown).length).toBeGreaterThanOrEqual(5)
    expect(measured.filter((m) => m.persons && !m.breakdown).length).toBeGreaterThanOrEqual(1)
    expect(measured.filter((m) => !m.persons && m.breakdown)).toEqual([])
  })
})

describe('merging a colleague’s file', () => {
  it('brings their measurement with its breakdown', async () => {
    const { mine, theirs, theirsPath, dialogs } = await mergePair()
    const { rows } = await ok(theirs, 'projects.list', {})
    let target: { id: string; projectId: string; last: { measuredOn: string; value: number; breakdown: typeof ADDS_UP | null } } | undefined
    for (const r of rows) {
      const pi = (await ok(theirs, 'projects.get', { id: r.id })).indicators.find((i) => i.aboutPersons && i.achievedBreakdown)
      if (pi) {
        target = { id: pi.id, projectId: r.id, last: pi.measurements[pi.measurements.length - 1] }
        break
      }
    }
    if (!target) throw new Error('no demo measurement with a breakdown')
    const b = target.last.breakdown!
    const more = { ...b, age18to60: b.age18to60 + 10, female: b.female + 10 }
    await ok(theirs, 'indicators.addMeasurement', {
      projectIndicatorId: target.id,
      values: { measuredOn: target.last.measuredOn, value: target.last.value + 10, source: 'Collègue', breakdown: more },
    })
    await theirs.close()
    dialogs.nextOpenPath = theirsPath
    await ok(mine, 'merge.preview', {})
    expect(await ok(mine, 'merge.apply', { resolutions: {} })).toMatchObject({ added: 1, conflicts: [] })
    const merged = (await ok(mine, 'projects.get', { id: target.projectId })).indicators.find((i) => i.id === target.id)!
    expect(merged.measurements.at(-1)).toMatchObject({ source: 'Collègue', value: target.last.value + 10, breakdown: more })
    expect(merged.achievedBreakdown).toEqual(more)
  })
})

describe('the evaluation report of a project in the file', () => {
  it('prints the age and gender breakdown of its latest measurements (real PDF, pdftotext)', async () => {
    const file = await makeAmifFile(path.join(tempDir(), 'demo.amif'), { demo: true })
    const out = path.join(tempDir(), 'report.pdf')
    const run = await runHere(['pdf', 'report', file, '--project', 'AMIF-2024-RV-01', '--lang', 'en', '--out', out])
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    const text = pdfText(fs.readFileSync(out)).all
    expect(text).toContain('Breakdown by age and gender (Annex VIII)')
    expect(text).toContain('< 18 18-60 > 60 Female Male Non-binary Gender unknown')
    expect(text).toContain('O.3.3 310 96 188 26 132 171 1 6')
    expect(text).toContain('R.3.6 470 140 301 29 205 258 0 7')

    // The programme report sums the projects: a second project's O.3.3 was measured without breakdown.
    const programme = path.join(tempDir(), 'programme.pdf')
    expect((await runHere(['pdf', 'programme', file, '--lang', 'fr', '--out', programme])).code).toBe(0)
    const all = pdfText(fs.readFileSync(programme)).all
    expect(all).toContain('Ventilation par âge et par genre (annexe VIII)')
    expect(all).toMatch(/O\.3\.3 450 [\s\S]{0,60}96 188 26 132 171 1 6/)
    expect(all).toContain('dont 140 sans ventilation')
  }, 60_000)
})
