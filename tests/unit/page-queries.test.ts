/**
 * The project and partner pages read a record and its short lists in one query each (the lists as
 * JSON arrays, issue 13 §5): each list holds the records, in the page's order, and is empty when
 * there is none.
 */
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { newId } from '../../database/ids'
import { newProjectValues, ok, openNewFile, refused, testWorkspace } from './helpers'

const TODAY = '2026-03-15'

/** The ids a query gives, in its order. */
function ids(sqlite: import('better-sqlite3').Database, query: string, id: string): string[] {
  return sqlite.prepare(query).pluck().all(id) as string[]
}

describe('the project page', () => {
  it('lists each project’s partners, target groups, status changes, budget lines, payments, indicators and milestones in their order', async () => {
    const t = testWorkspace()
    await openNewFile(t.ws, path.join(t.dir, 'demo.amif'), { demo: true })
    const { sqlite } = t.ws.file()
    const projects = ids(sqlite, 'SELECT id FROM projects WHERE ? IS NOT NULL ORDER BY code', '')
    expect(projects.length).toBeGreaterThan(5)
    let listed = 0
    for (const id of projects) {
      const p = await ok(t.ws, 'projects.get', { id, today: TODAY })
      const expected = {
        partners: ids(
          sqlite,
          'SELECT pp.id FROM project_partners pp JOIN organisations o ON o.id = pp.organisation_id WHERE pp.project_id = ? ORDER BY o.name',
          id,
        ),
        targetGroupIds: ids(sqlite, 'SELECT target_group_id FROM project_target_groups WHERE project_id = ? ORDER BY target_group_id', id),
        statusChanges: ids(sqlite, 'SELECT id FROM project_status_changes WHERE project_id = ? ORDER BY created_at, changed_on', id),
        lines: ids(sqlite, 'SELECT id FROM budget_lines WHERE project_id = ? ORDER BY sort_order, created_at', id),
        payments: ids(sqlite, 'SELECT id FROM payments WHERE project_id = ? ORDER BY planned_date, created_at', id),
        indicators: ids(
          sqlite,
          'SELECT pi.id FROM project_indicators pi JOIN indicators i ON i.id = pi.indicator_id WHERE pi.project_id = ? ORDER BY i.code',
          id,
        ),
        milestones: ids(sqlite, 'SELECT id FROM milestones WHERE project_id = ? ORDER BY due_date, id', id),
      }
      expect({
        partners: p.partners.map((r) => r.id),
        targetGroupIds: p.targetGroupIds,
        statusChanges: p.statusChanges.map((r) => r.id),
        lines: p.budget.lines.map((r) => r.id),
        payments: p.payments.map((r) => r.id),
        indicators: p.indicators.map((r) => r.id),
        milestones: p.milestones.map((r) => r.id),
      }).toEqual(expected)
      for (const indicator of p.indicators) {
        const measured = ids(sqlite, 'SELECT id FROM indicator_measurements WHERE project_indicator_id = ? ORDER BY measured_on, created_at', indicator.id)
        expect(indicator.measurements.map((m) => m.id)).toEqual(measured)
      }
      listed += Object.values(expected).filter((list) => list.length > 1).length
    }
    // The demonstration data has lists of several rows, whose order the page shows.
    expect(listed).toBeGreaterThan(10)
  })

  it('shows empty lists for a project that has nothing but itself, and refuses an unknown project with NOT_FOUND', async () => {
    const t = testWorkspace()
    await openNewFile(t.ws, path.join(t.dir, 'empty.amif'))
    const beneficiary = await ok(t.ws, 'partners.create', { values: { name: 'Vluchtelingenwerk Vlaanderen', kind: 'ngo', country: 'BE' } })
    const created = await ok(t.ws, 'projects.create', { values: newProjectValues(beneficiary.id, 'AMIF-2026-IN-01', { targetGroupIds: [] }), today: TODAY })
    const p = await ok(t.ws, 'projects.get', { id: created.id, today: TODAY })
    expect(p).toMatchObject({ partners: [], targetGroupIds: [], payments: [], indicators: [], milestones: [], moneyChecks: [] })
    expect(p.budget).toMatchObject({ lines: [], eligibleCents: 0, euCents: 0 })
    expect(p.paymentSummary).toEqual({ plannedCents: 0, paidCents: 0, toPayCents: 0 })
    expect(p.statusChanges.map((c) => c.status)).toEqual(['draft'])
    expect((await refused(t.ws, 'projects.get', { id: newId(), today: TODAY })).code).toBe('NOT_FOUND')
  })
})

describe('the partner page', () => {
  it('lists each partner’s contacts (signatories first) and partnerships (newest first) and counts what refers to it', async () => {
    const t = testWorkspace()
    await openNewFile(t.ws, path.join(t.dir, 'demo.amif'), { demo: true })
    const { sqlite } = t.ws.file()
    for (const id of ids(sqlite, 'SELECT id FROM organisations WHERE ? IS NOT NULL ORDER BY name', '')) {
      const o = await ok(t.ws, 'partners.get', { id })
      expect(o.contacts.map((c) => c.id)).toEqual(ids(sqlite, 'SELECT id FROM contacts WHERE organisation_id = ? ORDER BY can_sign DESC, full_name', id))
      const partnerships = ids(sqlite, 'SELECT id FROM partnerships WHERE organisation_id = ? ORDER BY start_date DESC', id)
      expect(o.partnerships.map((p) => p.id)).toEqual(partnerships)
      const projects = sqlite
        .prepare(
          `SELECT count(DISTINCT id) FROM (SELECT id FROM projects WHERE beneficiary_id = @id UNION ALL SELECT project_id FROM project_partners WHERE organisation_id = @id
           UNION ALL SELECT project_id FROM milestones WHERE responsible_id = @id)`,
        )
        .pluck()
        .get({ id })
      expect(o.references).toEqual({ partnerships: partnerships.length, projects })
    }
  })

  it('shows a partner with nothing yet, and refuses an unknown one with NOT_FOUND', async () => {
    const t = testWorkspace()
    await openNewFile(t.ws, path.join(t.dir, 'empty.amif'))
    const created = await ok(t.ws, 'partners.create', { values: { name: 'Caritas International', kind: 'ngo', country: 'BE' } })
    const o = await ok(t.ws, 'partners.get', { id: created.id })
    expect(o).toMatchObject({ id: created.id, name: 'Caritas International', contacts: [], partnerships: [], references: { partnerships: 0, projects: 0 } })
    expect((await refused(t.ws, 'partners.get', { id: newId() })).code).toBe('NOT_FOUND')
  })
})
