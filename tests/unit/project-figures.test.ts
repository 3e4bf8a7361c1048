import path from 'node:path'
import Database from 'better-sqlite3'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { invoke } from '../../electron/api/index'
import type { Workspace } from '../../electron/api/workspace'
import { keptFiguresDifferences, loadProjectFigures } from '../../database/figures'
import { loadRag } from '../../database/rag'
import { listProjects } from '../../database/projects'
import { listProjectIndicatorsOf } from '../../database/progress'
import { dashboardSummary } from '../../database/dashboard'
import type { DashboardQuery } from '../../database/domain/schemas/projects'
import { BUDGET_CATEGORIES, PAYMENT_STATUSES } from '../../database/domain/vocabulary'
import { copyRowsInto } from './file-helpers'
import { makeAmifFile, makeFileAtVersion, mergePair, ok, openNewFile, projectEdit, testWorkspace } from './helpers'

/**
 * Issue 13 §1: each project's money and the indicators' mean are kept in project_figures, and the
 * traffic light's late and overdue counts come from SQL on the day asked. Whatever the writes, the
 * merges and the migrations, the project list shows exactly what the full computation (every
 * budget line, payment, milestone and indicator read and judged in TypeScript) gives.
 */

const DAYS = ['2025-06-01', '2026-03-15', '2026-11-30', '2028-02-29']

/** The list's money and lights against the full recomputation (loadProjectFigures, loadRag), on several days. */
async function expectListEqualsFullComputation(ws: Workspace): Promise<void> {
  const db = ws.file().db
  expect(keptFiguresDifferences(ws.file().sqlite)).toEqual([])
  const figures = await loadProjectFigures(db)
  for (const today of DAYS) {
    const rags = await loadRag(db, today)
    const list = await listProjects(db, { q: '', objective: [], strand: [], status: [], rag: [], sort: { key: 'code', order: 'asc' } }, today)
    expect(list.length).toBe(figures.size)
    for (const row of list) {
      const f = figures.get(row.id)!
      expect({
        id: row.id,
        eligibleCents: row.eligibleCents,
        euRateBp: row.euRateBp,
        euCents: row.euCents,
        ownCents: row.ownCents,
        paidCents: row.paidCents,
      }).toEqual({ id: row.id, ...f })
      expect({ id: row.id, rag: row.rag, reasons: row.ragReasons }).toEqual({ id: row.id, rag: rags.get(row.id)!.status, reasons: rags.get(row.id)!.reasons })
    }
  }
  // The dashboard's mean achievement per objective, against every indicator with its measurements.
  const objectiveOf = new Map(
    (await listProjects(db, { q: '', objective: [], strand: [], status: [], rag: [], sort: { key: 'code', order: 'asc' } }, DAYS[0])).map((p) => [
      p.id,
      p.objectiveCode,
    ]),
  )
  const indicators = await listProjectIndicatorsOf(db)
  const summary = await dashboardSummary(db, {} as DashboardQuery, DAYS[1])
  for (const o of summary.objectives) {
    const measured = indicators.filter((i) => objectiveOf.get(i.projectId) === o.code && i.achievementPct !== null)
    const mean = measured.length ? Math.round((measured.reduce((s, i) => s + Math.min(100, i.achievementPct!), 0) / measured.length) * 10) / 10 : null
    expect({ code: o.code, pct: o.indicatorAchievementPct }).toEqual({ code: o.code, pct: mean })
  }
}

async function openDemo() {
  const t = testWorkspace()
  await openNewFile(t.ws, path.join(t.dir, 'figures.amif'), { demo: true })
  return t
}

type Write =
  | { kind: 'line'; project: number; category: number; model: 'actual_costs' | 'unit_cost' | 'lump_sum' | 'flat_rate_7_direct'; cents: number; units: number }
  | { kind: 'deleteLine'; project: number; line: number }
  | { kind: 'payment'; project: number; status: number; cents: number; day: number }
  | { kind: 'deletePayment'; project: number; payment: number }
  | { kind: 'options'; project: number; staffBp: number | null; remainingBp: number | null }
  | { kind: 'rate'; project: number; rateBp: number }
  | { kind: 'measure'; project: number; value: number; day: number }
  | { kind: 'target'; project: number; target: number }

const write: fc.Arbitrary<Write> = fc.oneof(
  fc.record({
    kind: fc.constant('line' as const),
    project: fc.nat(),
    category: fc.nat(),
    model: fc.constantFrom('actual_costs' as const, 'unit_cost' as const, 'lump_sum' as const, 'flat_rate_7_direct' as const),
    cents: fc.integer({ min: 0, max: 50_000_000 }),
    units: fc.integer({ min: 0, max: 500 }),
  }),
  fc.record({ kind: fc.constant('deleteLine' as const), project: fc.nat(), line: fc.nat() }),
  fc.record({
    kind: fc.constant('payment' as const),
    project: fc.nat(),
    status: fc.nat(),
    cents: fc.integer({ min: 1, max: 20_000_000 }),
    day: fc.integer({ min: 0, max: 1500 }),
  }),
  fc.record({ kind: fc.constant('deletePayment' as const), project: fc.nat(), payment: fc.nat() }),
  fc.record({
    kind: fc.constant('options' as const),
    project: fc.nat(),
    staffBp: fc.option(fc.integer({ min: 1, max: 2000 })),
    remainingBp: fc.option(fc.integer({ min: 1, max: 4000 })),
  }),
  fc.record({ kind: fc.constant('rate' as const), project: fc.nat(), rateBp: fc.integer({ min: 1000, max: 7500 }) }),
  fc.record({ kind: fc.constant('measure' as const), project: fc.nat(), value: fc.integer({ min: 0, max: 5000 }), day: fc.integer({ min: 0, max: 1500 }) }),
  fc.record({ kind: fc.constant('target' as const), project: fc.nat(), target: fc.integer({ min: 0, max: 3000 }) }),
)

const dayFrom = (n: number) => new Date(Date.UTC(2025, 0, 1) + n * 86_400_000).toISOString().slice(0, 10)

/** Applies one write through the app's channels; a write the app refuses (a rule, a validation) changes nothing. */
async function apply(ws: Workspace, ids: string[], w: Write): Promise<void> {
  const projectId = ids[w.project % ids.length]
  const p = await ok(ws, 'projects.get', { id: projectId, today: '2026-03-15' })
  const call = (channel: string, input: unknown) => invoke(ws, channel, input)
  if (w.kind === 'line') {
    const flat = w.model === 'flat_rate_7_direct'
    const category = flat ? 'indirect' : BUDGET_CATEGORIES.filter((c) => c !== 'indirect')[w.category % 6]
    await call('budget.saveLine', {
      projectId,
      values: {
        category,
        costModel: w.model,
        description: 'Ligne',
        amountCents: w.cents,
        units: w.units,
        unitCostCents: Math.floor(w.cents / 100),
        publicProcurement: w.units % 2 === 0,
      },
    })
  } else if (w.kind === 'deleteLine' && p.budget.lines.length) {
    await call('budget.deleteLine', { id: p.budget.lines[w.line % p.budget.lines.length].id })
  } else if (w.kind === 'payment') {
    const status = PAYMENT_STATUSES[w.status % PAYMENT_STATUSES.length]
    const date = dayFrom(w.day)
    await call('payments.save', {
      projectId,
      values: {
        kind: 'interim',
        plannedDate: date,
        plannedCents: w.cents,
        status,
        paidDate: status === 'paid' ? date : null,
        paidCents: status === 'paid' ? w.cents : null,
      },
    })
  } else if (w.kind === 'deletePayment' && p.payments.length) {
    await call('payments.delete', { id: p.payments[w.payment % p.payments.length].id })
  } else if (w.kind === 'options') {
    await call('budget.saveOptions', { projectId, values: { staffRateBp: w.remainingBp === null ? w.staffBp : null, remainingRateBp: w.remainingBp } })
  } else if (w.kind === 'rate') {
    await call('projects.update', { id: projectId, values: projectEdit(p, { euRateBp: w.rateBp }), expectedUpdatedAt: p.updatedAt })
  } else if (w.kind === 'measure' && p.indicators.length) {
    const indicator = p.indicators[w.value % p.indicators.length]
    await call('indicators.addMeasurement', {
      projectIndicatorId: indicator.id,
      values: { measuredOn: dayFrom(w.day), value: w.value, source: 'Rapport', confirmDecrease: true },
    })
  } else if (w.kind === 'target' && p.indicators.length) {
    const indicator = p.indicators[w.target % p.indicators.length]
    await call('indicators.saveForProject', {
      projectId,
      id: indicator.id,
      values: { indicatorId: indicator.indicatorId, baseline: 0, target: w.target, unit: indicator.unit },
    })
  }
}

describe('kept project figures', () => {
  it('on the demonstration file, give the list exactly the money and traffic lights of the full computation', async () => {
    const { ws } = await openDemo()
    await expectListEqualsFullComputation(ws)
  })

  it('stay equal to the full computation after any sequence of writes (budget lines, options, rate, payments, indicators)', async () => {
    const { ws } = await openDemo()
    const ids = (await ok(ws, 'projects.list', { today: '2026-03-15' })).rows.map((r) => r.id)
    await fc.assert(
      fc.asyncProperty(fc.array(write, { minLength: 1, maxLength: 8 }), async (writes) => {
        for (const w of writes) await apply(ws, ids, w)
        await expectListEqualsFullComputation(ws)
      }),
      { numRuns: 12, seed: 13 },
    )
  }, 120_000)

  it('are rebuilt after a merge: the colleague’s budget and payments count in mine', async () => {
    const { mine, theirs, theirsPath, dialogs } = await mergePair()
    const ids = (await ok(theirs, 'projects.list', { today: '2026-03-15' })).rows.map((r) => r.id)
    await apply(theirs, ids, { kind: 'line', project: 0, category: 0, model: 'actual_costs', cents: 1_234_567, units: 1 })
    await apply(theirs, ids, { kind: 'payment', project: 1, status: 2, cents: 500_000, day: 100 })
    const expected = await loadProjectFigures(theirs.file().db)
    await theirs.close()
    dialogs.nextOpenPath = theirsPath
    await ok(mine, 'merge.preview', {})
    await ok(mine, 'merge.apply', { resolutions: {} })
    await expectListEqualsFullComputation(mine)
    const list = await ok(mine, 'projects.list', { today: '2026-03-15' })
    for (const id of ids.slice(0, 2)) expect(list.rows.find((r) => r.id === id)!.euCents).toBe(expected.get(id)!.euCents)
  })

  it('are built by the migration for a file of an earlier version', async () => {
    const t = testWorkspace()
    // The demonstration's records in a file as version 10 made it: no kept figures, no indexes of open milestones and payments.
    const demo = await makeAmifFile(path.join(t.dir, 'demo.amif'), { demo: true })
    const filePath = makeFileAtVersion(path.join(t.dir, 'old.amif'), 10)
    copyRowsInto(demo, filePath, { keepSeeded: true })
    await t.ws.open(filePath)
    expect(t.ws.file().migrated).toContain(11)
    await expectListEqualsFullComputation(t.ws)
  })

  it('are checked by `file.check`, which names a project whose kept figures differ from its records', async () => {
    const t = testWorkspace()
    const filePath = await makeAmifFile(path.join(t.dir, 'check.amif'), { demo: true })
    await t.ws.open(filePath)
    expect(await ok(t.ws, 'file.check', { path: filePath })).toMatchObject({ refused: false, figures: [] })
    await t.ws.close()
    const db = new Database(filePath)
    const { project_id: projectId } = db.prepare('SELECT project_id FROM project_figures WHERE eu_cents > 0 LIMIT 1').get() as { project_id: string }
    db.prepare('UPDATE project_figures SET paid_cents = paid_cents + 1, to_pay_cents = max(0, eu_cents - paid_cents - 1) WHERE project_id = ?').run(projectId)
    db.close()
    await t.ws.open(filePath)
    const report = await ok(t.ws, 'file.check', { path: filePath })
    expect(report).toMatchObject({ refused: false, figures: [expect.objectContaining({ projectId })] })
  })

  it('`file.check` names the milestones whose row of the milestone search is wrong or missing, and nothing on a sound file', async () => {
    const t = testWorkspace()
    const filePath = await makeAmifFile(path.join(t.dir, 'search.amif'), { demo: true })
    await t.ws.open(filePath)
    expect(await ok(t.ws, 'file.check', { path: filePath })).toMatchObject({ refused: false, figures: [], milestoneSearch: [] })
    await t.ws.close()
    const db = new Database(filePath)
    const [tampered, deleted] = (db.prepare('SELECT milestone_id FROM milestone_search ORDER BY milestone_id LIMIT 2').all() as { milestone_id: string }[]).map(
      (r) => r.milestone_id,
    )
    db.prepare("UPDATE milestone_search SET status = CASE status WHEN 'done' THEN 'planned' ELSE 'done' END WHERE milestone_id = ?").run(tampered)
    db.prepare('DELETE FROM milestone_search WHERE milestone_id = ?').run(deleted)
    db.close()
    await t.ws.open(filePath)
    const report = await ok(t.ws, 'file.check', { path: filePath })
    expect(report).toMatchObject({ refused: false, figures: [] })
    const { milestoneSearch } = report as { milestoneSearch?: string[] }
    expect([...(milestoneSearch ?? [])].sort()).toEqual([tampered, deleted].sort())
  })

  it('`file.check` names the quick search’s kept rows that differ from the records: a short piece’s count, an organisation’s folded name', async () => {
    const t = testWorkspace()
    const filePath = await makeAmifFile(path.join(t.dir, 'grams.amif'), { demo: true })
    await t.ws.open(filePath)
    expect(await ok(t.ws, 'file.check', { path: filePath })).toMatchObject({ refused: false, searchIndex: [] })
    await t.ws.close()
    const db = new Database(filePath)
    const gram = db.prepare('SELECT gram, open, month, n FROM milestone_grams ORDER BY gram, open, month LIMIT 1').get() as {
      gram: string
      open: number
      month: string
      n: number
    }
    db.prepare('UPDATE milestone_grams SET n = n + 1 WHERE gram = ? AND open = ? AND month = ?').run(gram.gram, gram.open, gram.month)
    const organisation = (db.prepare('SELECT organisation_id FROM organisation_search ORDER BY organisation_id LIMIT 1').get() as { organisation_id: string })
      .organisation_id
    db.prepare("UPDATE organisation_search SET name_key = 'zzz' WHERE organisation_id = ?").run(organisation)
    db.close()
    await t.ws.open(filePath)
    const { searchIndex } = (await ok(t.ws, 'file.check', { path: filePath })) as { searchIndex?: string[] }
    expect(searchIndex).toEqual([
      `milestone_grams "${gram.gram}" ${gram.open ? 'open' : 'closed'} ${gram.month}: kept ${gram.n + 1}, counted ${gram.n}`,
      `organisation_search ${organisation}`,
    ])
  })
})
