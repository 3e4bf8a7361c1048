import path from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { referenceId } from '../../database/migrations/data/reference-2021-2027'
import type { Workspace } from '../../electron/api/workspace'
import en from '../../renderer/src/i18n/en'
import fr from '../../renderer/src/i18n/fr'
import nl from '../../renderer/src/i18n/nl'
import { makeFileAtVersion, ok, refused, testWorkspace } from './helpers'

/** Annex VIII: indicators about persons are reported by age (< 18, 18-60, > 60) and gender. */

async function projectFollowing(ws: Workspace, code: string, unit: string) {
  const iom = await ok(ws, 'partners.create', { values: { name: 'Organisation internationale pour les migrations', acronym: 'OIM', kind: 'ngo', country: 'BE' } })
  const p = await ok(ws, 'projects.create', {
    values: {
      code: 'AMIF-2026-RV-01',
      title: 'Réintégration',
      beneficiaryId: iom.id,
      strand: 'voluntary_return',
      strandObjectiveId: null,
      objectiveCode: 'SO3',
      startDate: '2026-01-01',
      endDate: '2027-12-31',
      officerName: 'Élise Test-Officer',
      targetGroupIds: [],
    },
  })
  return ok(ws, 'indicators.saveForProject', { projectId: p.id, values: { indicatorId: referenceId('indicator', code), target: 400, unit } })
}

async function openNew() {
  const t = testWorkspace()
  await t.ws.create(path.join(t.dir, 'persons.amif'))
  return t
}

const ADDS_UP = { ageUnder18: 20, age18to60: 100, ageOver60: 30, female: 70, male: 75, nonBinary: 1, genderUnknown: 4 }

describe('the catalogue', () => {
  it('marks the indicators about persons, and only those', async () => {
    const { ws } = await openNew()
    const all = await ok(ws, 'reference.indicators', {})
    const persons = new Set(all.filter((i) => i.aboutPersons).map((i) => i.code))
    for (const code of ['O.1.1', 'O.1.1.3', 'O.1.2', 'R.1.6', 'R.1.7.1', 'O.2.3.1', 'R.2.11', 'O.3.3', 'R.3.6', 'O.4.1', 'R.4.3', 'R.4.5']) expect(persons, code).toContain(code)
    for (const code of ['O.1.3', 'O.1.4.1', 'O.2.2', 'O.2.4', 'O.2.7', 'O.3.2', 'O.3.4', 'O.3.5']) expect(persons, code).not.toContain(code)
  })
})

describe('a measurement of an indicator about persons', () => {
  it('is saved with its age and gender breakdown and found again', async () => {
    const { ws } = await openNew()
    const pi = await projectFollowing(ws, 'O.3.3', 'persons')
    expect(pi.aboutPersons).toBe(true)
    await ok(ws, 'indicators.addMeasurement', { projectIndicatorId: pi.id, values: { measuredOn: '2026-03-31', value: 60, source: 'Tableau de suivi' } })
    const row = await ok(ws, 'indicators.addMeasurement', { projectIndicatorId: pi.id, values: { measuredOn: '2026-06-30', value: 150, source: 'Rapport intermédiaire', breakdown: ADDS_UP } })
    expect(row.achievedBreakdown).toEqual(ADDS_UP)
    expect(row.measurements.map((m) => m.breakdown)).toEqual([null, ADDS_UP])
    const project = await ok(ws, 'projects.get', { id: row.projectId })
    expect(project.indicators[0]).toMatchObject({ achieved: 150, achievedBreakdown: ADDS_UP })
  })

  it('is refused, with a message in each language, when the ages or the genders do not add up to the value', async () => {
    const { ws } = await openNew()
    const pi = await projectFollowing(ws, 'O.3.3', 'persons')
    const ages = await refused(ws, 'indicators.addMeasurement', { projectIndicatorId: pi.id, values: { measuredOn: '2026-06-30', value: 150, source: 'x', breakdown: { ...ADDS_UP, ageOver60: 31 } } })
    expect(ages.code).toBe('VALIDATION')
    const genders = await refused(ws, 'indicators.addMeasurement', { projectIndicatorId: pi.id, values: { measuredOn: '2026-06-30', value: 150, source: 'x', breakdown: { ...ADDS_UP, male: 74 } } })
    const both = await refused(ws, 'indicators.addMeasurement', { projectIndicatorId: pi.id, values: { measuredOn: '2026-06-30', value: 149, source: 'x', breakdown: ADDS_UP } })
    const messages = (e: { details?: unknown }) => (e.details as { issues: { path: string; message: string }[] }).issues.map((i) => i.message)
    expect(messages(ages)).toEqual(['breakdownAge'])
    expect(messages(genders)).toEqual(['breakdownGender'])
    expect(messages(both)).toEqual(['breakdownAge', 'breakdownGender'])
    expect((await refused(ws, 'indicators.addMeasurement', { projectIndicatorId: pi.id, values: { measuredOn: '2026-06-30', value: 150, source: 'x', breakdown: { ...ADDS_UP, ageUnder18: 20.5, age18to60: 99.5 } } })).code).toBe('VALIDATION')
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
    const e = await refused(ws, 'indicators.addMeasurement', { projectIndicatorId: pi.id, values: { measuredOn: '2026-06-30', value: 150, source: 'x', breakdown: ADDS_UP } })
    expect(e.code).toBe('VALIDATION')
    expect((await ok(ws, 'indicators.addMeasurement', { projectIndicatorId: pi.id, values: { measuredOn: '2026-06-30', value: 12, source: 'x' } })).measurements).toHaveLength(1)
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
    db.prepare(`INSERT INTO organisations (id, name, kind, created_at, updated_at, updated_by) VALUES ('0b0c1a2e-0000-4000-8000-000000000001', 'OIM', 'ngo', @created_at, @updated_at, @updated_by)`).run(stamp)
    db.prepare(`INSERT INTO projects (id, code, title, beneficiary_id, strand, objective_code, start_date, end_date, status, created_at, updated_at, updated_by)
      VALUES ('0b0c1a2e-0000-4000-8000-000000000002', 'AMIF-2024-RV-01', 'Retour', '0b0c1a2e-0000-4000-8000-000000000001', 'voluntary_return', 'SO3', '2024-01-01', '2026-12-31', 'running', @created_at, @updated_at, @updated_by)`).run(stamp)
    db.prepare(`INSERT INTO project_indicators (id, project_id, indicator_id, target, unit, created_at, updated_at, updated_by) VALUES ('0b0c1a2e-0000-4000-8000-000000000003', '0b0c1a2e-0000-4000-8000-000000000002', @indicator, 300, 'persons', @created_at, @updated_at, @updated_by)`).run({ ...stamp, indicator: referenceId('indicator', 'O.3.3') })
    const measure = db.prepare(`INSERT INTO indicator_measurements (id, project_indicator_id, measured_on, value, source, created_at, updated_at, updated_by) VALUES (?, '0b0c1a2e-0000-4000-8000-000000000003', ?, ?, 'Suivi', @created_at, @updated_at, @updated_by)`)
    measure.run('0b0c1a2e-0000-4000-8000-000000000004', '2024-06-30', 40, stamp)
    measure.run('0b0c1a2e-0000-4000-8000-000000000005', '2024-12-31', 95, stamp)
    db.close()

    await ws.open(old)
    const project = await ok(ws, 'projects.get', { id: '0b0c1a2e-0000-4000-8000-000000000002' })
    const [pi] = project.indicators
    expect(pi).toMatchObject({ code: 'O.3.3', aboutPersons: true, achieved: 95, achievedBreakdown: null })
    expect(pi.measurements.map((m) => [m.value, m.breakdown])).toEqual([[40, null], [95, null]])
    const catalogue = await ok(ws, 'reference.indicators', {})
    expect(catalogue.find((i) => i.code === 'R.4.4')?.aboutPersons).toBe(true)
    expect(catalogue.find((i) => i.code === 'O.3.2')?.aboutPersons).toBe(false)
    // Marking the catalogue is no officer's edit: no new version to merge, no new date.
    const after = ws.file().sqlite.prepare(`SELECT code, updated_at, sync_vv FROM indicators ORDER BY code`).all()
    expect(after).toEqual(before)
    // A measurement recorded now carries its breakdown.
    const now = await ok(ws, 'indicators.addMeasurement', { projectIndicatorId: '0b0c1a2e-0000-4000-8000-000000000003', values: { measuredOn: '2025-06-30', value: 150, source: 'Suivi', breakdown: ADDS_UP } })
    expect(now.achievedBreakdown).toEqual(ADDS_UP)
  })
})
