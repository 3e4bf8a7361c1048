import path from 'node:path'
import Database from 'better-sqlite3'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { invoke, type ApiOutput } from '../../electron/api/index'
import type { Workspace } from '../../electron/api/workspace'
import { claimFigureDifferences } from '../../database/claim-figures'
import { claimResultsOf } from '../../database/claim-result'
import { CLAIM_STATUSES } from '../../database/domain/vocabulary'
import type { PageCursor } from '../../database/domain/schemas/paging'
import { copyRowsInto } from './file-helpers'
import { makeAmifFile, makeFileAtVersion, mergePair, ok, openNewFile, testWorkspace } from './helpers'

/**
 * Issue 13 §1 for the Verifications and Visits sections: each claim's figures (its lines, what
 * they declare, its verification result) and each project's risk facts that do not depend on
 * today are kept (claim_figures, project_risk, migration 019). Whatever the writes, merges and
 * migrations, the claims list shows what the full computation (claimResultsOf over every claim,
 * the lines summed in SQL) gives, and the kept risk facts are what grouping every checked claim
 * line, finding and visit gives.
 */

const TODAY = '2026-12-03'

/** Every page of the claims list (100 at a time), one after the other. */
async function allClaims(ws: Workspace) {
  const rows = []
  let after: PageCursor | undefined = undefined
  for (;;) {
    const page: ApiOutput<'claims.list'> = await ok(ws, 'claims.list', { today: TODAY, limit: 100, after })
    rows.push(...page.rows)
    if (!page.next) return rows
    after = page.next
  }
}

/** The risk facts of every project, grouped from every claim line, finding and visit (as the ranking did before they were kept). */
function riskFromRecords(sqlite: Database.Database) {
  const out = new Map<string, Record<string, unknown>>()
  const beneficiary = sqlite.prepare('SELECT beneficiary_id FROM projects WHERE id = ?').pluck()
  const of = (id: string) => {
    if (!out.has(id))
      out.set(id, {
        beneficiary_id: beneficiary.get(id),
        checked_lines: 0,
        checked_cents: 0,
        ineligible_cents: 0,
        visits: 0,
        high_findings: 0,
        last_done_visit: null,
      })
    return out.get(id)!
  }
  const errors = sqlite
    .prepare(
      `SELECT c.project_id, count(*) AS n, sum(l.declared_cents) AS checked, coalesce(sum(l.declared_cents - l.accepted_cents), 0) AS ineligible
       FROM claim_lines l JOIN claims c ON c.id = l.claim_id
       WHERE c.status IN ('verified', 'paid') AND l.outcome IS NOT NULL AND (c.sampling_method IS NULL OR c.sampling_method = 'all' OR l.in_sample = 1)
       GROUP BY c.project_id`,
    )
    .all() as { project_id: string; n: number; checked: number; ineligible: number }[]
  for (const e of errors) Object.assign(of(e.project_id), { checked_lines: e.n, checked_cents: e.checked, ineligible_cents: e.ineligible })
  const visits = sqlite
    .prepare(
      `SELECT project_id, count(*) AS n, max(CASE WHEN status = 'done' THEN visit_date END) AS last_done,
         (SELECT count(*) FROM visit_findings f JOIN visits w ON w.id = f.visit_id WHERE w.project_id = v.project_id AND w.status = 'done' AND f.severity = 'high') AS high
       FROM visits v GROUP BY project_id`,
    )
    .all() as { project_id: string; n: number; last_done: string | null; high: number }[]
  for (const v of visits) Object.assign(of(v.project_id), { visits: v.n, high_findings: v.high, last_done_visit: v.last_done })
  return out
}

/** The claims list and the kept risk facts against the full computation; `check` finds nothing. */
async function expectKeptEqualsFullComputation(ws: Workspace): Promise<void> {
  const { db, sqlite } = ws.file()
  expect(claimFigureDifferences(sqlite)).toEqual([])
  const ids = (sqlite.prepare('SELECT id FROM claims ORDER BY id').all() as { id: string }[]).map((r) => r.id)
  const results = await claimResultsOf(db, ids)
  const lines = new Map(
    (
      sqlite.prepare('SELECT claim_id, count(*) AS n, sum(declared_cents) AS declared FROM claim_lines GROUP BY claim_id').all() as {
        claim_id: string
        n: number
        declared: number
      }[]
    ).map((l) => [l.claim_id, l]),
  )
  const expected = ids.map((id) => ({
    id,
    lineCount: lines.get(id)?.n ?? 0,
    declaredCents: lines.get(id)?.declared ?? 0,
    acceptedCents: results.get(id)!.acceptedDirectCents,
    ineligibleCents: results.get(id)!.ineligibleCents,
    payableCents: results.get(id)!.payableCents,
  }))
  const listed = (await allClaims(ws))
    .map((r) => ({
      id: r.id,
      lineCount: r.lineCount,
      declaredCents: r.declaredCents,
      acceptedCents: r.acceptedCents,
      ineligibleCents: r.ineligibleCents,
      payableCents: r.payableCents,
    }))
    .sort((a, b) => (a.id < b.id ? -1 : 1))
  expect(listed).toEqual(expected)
  const kept = new Map(
    (sqlite.prepare('SELECT * FROM project_risk').all() as Record<string, unknown>[]).map(({ project_id, ...r }) => [project_id as string, r]),
  )
  expect(kept).toEqual(riskFromRecords(sqlite))
}

type Write =
  | { kind: 'claim'; project: number }
  | { kind: 'line'; claim: number; cents: number }
  | { kind: 'deleteLine'; line: number }
  | { kind: 'deleteClaim'; claim: number }
  | { kind: 'status'; claim: number; status: number }
  | { kind: 'outcome'; line: number; outcome: number; cents: number }
  | { kind: 'sample'; claim: number; all: boolean }
  | { kind: 'approve'; claim: number }
  | { kind: 'paid'; payment: number }
  | { kind: 'budget'; project: number; cents: number }
  | { kind: 'visit'; project: number; done: boolean; day: number }
  | { kind: 'finding'; visit: number; high: boolean }
  | { kind: 'deleteVisit'; visit: number }

const write: fc.Arbitrary<Write> = fc.oneof(
  fc.record({ kind: fc.constant('claim' as const), project: fc.nat() }),
  fc.record({ kind: fc.constant('line' as const), claim: fc.nat(), cents: fc.integer({ min: 1, max: 5_000_000 }) }),
  fc.record({ kind: fc.constant('deleteLine' as const), line: fc.nat() }),
  fc.record({ kind: fc.constant('deleteClaim' as const), claim: fc.nat() }),
  fc.record({ kind: fc.constant('status' as const), claim: fc.nat(), status: fc.nat() }),
  fc.record({ kind: fc.constant('outcome' as const), line: fc.nat(), outcome: fc.nat(), cents: fc.integer({ min: 1, max: 5_000_000 }) }),
  fc.record({ kind: fc.constant('sample' as const), claim: fc.nat(), all: fc.boolean() }),
  fc.record({ kind: fc.constant('approve' as const), claim: fc.nat() }),
  fc.record({ kind: fc.constant('paid' as const), payment: fc.nat() }),
  fc.record({ kind: fc.constant('budget' as const), project: fc.nat(), cents: fc.integer({ min: 0, max: 50_000_000 }) }),
  fc.record({ kind: fc.constant('visit' as const), project: fc.nat(), done: fc.boolean(), day: fc.integer({ min: 0, max: 1500 }) }),
  fc.record({ kind: fc.constant('finding' as const), visit: fc.nat(), high: fc.boolean() }),
  fc.record({ kind: fc.constant('deleteVisit' as const), visit: fc.nat() }),
)

const dayFrom = (n: number) => new Date(Date.UTC(2023, 0, 1) + n * 86_400_000).toISOString().slice(0, 10)

/** Applies one write through the app's channels, on records picked among those there are; a write the app refuses changes nothing. */
async function apply(ws: Workspace, w: Write): Promise<void> {
  const sqlite = ws.file().sqlite
  const pick = <T>(query: string, n: number): T | undefined => {
    const rows = sqlite.prepare(query).all() as T[]
    return rows.length ? rows[n % rows.length] : undefined
  }
  const call = (channel: string, input: unknown) => invoke(ws, channel, input)
  if (w.kind === 'claim') {
    const p = pick<{ id: string }>('SELECT id FROM projects ORDER BY id', w.project)
    if (p)
      await call('claims.save', { projectId: p.id, values: { kind: 'interim', periodStart: '2025-01-01', periodEnd: '2025-06-30', submittedOn: '2025-07-15' } })
  } else if (w.kind === 'line') {
    const c = pick<{ id: string; project_id: string }>('SELECT id, project_id FROM claims ORDER BY id', w.claim)
    const b = c && pick<{ id: string }>(`SELECT id FROM budget_lines WHERE project_id = '${c.project_id}' AND cost_model = 'actual_costs' ORDER BY id`, w.cents)
    if (c && b)
      await call('claims.saveLine', {
        claimId: c.id,
        values: { kind: 'actual', budgetLineId: b.id, expenseDate: '2025-03-01', amountExclCents: w.cents, amountInclCents: w.cents },
      })
  } else if (w.kind === 'deleteLine') {
    const l = pick<{ id: string }>('SELECT id FROM claim_lines ORDER BY id', w.line)
    if (l) await call('claims.deleteLine', { id: l.id })
  } else if (w.kind === 'deleteClaim') {
    const c = pick<{ id: string }>('SELECT id FROM claims ORDER BY id', w.claim)
    if (c) await call('claims.delete', { id: c.id })
  } else if (w.kind === 'status') {
    const c = pick<{ id: string }>('SELECT id FROM claims ORDER BY id', w.claim)
    const status = CLAIM_STATUSES[w.status % CLAIM_STATUSES.length]
    if (c) await call('claims.setStatus', { id: c.id, status, on: '2025-09-01', reason: 'Pièces' })
  } else if (w.kind === 'outcome') {
    const l = pick<{ id: string; declared_cents: number }>('SELECT id, declared_cents FROM claim_lines ORDER BY id', w.line)
    const outcome = (['accepted', 'reduced', 'rejected', null] as const)[w.outcome % 4]
    if (l)
      await call('verification.setOutcome', {
        lineId: l.id,
        values: {
          outcome,
          acceptedCents: outcome === 'reduced' ? Math.max(1, Math.min(l.declared_cents - 1, w.cents)) : null,
          errorType: outcome === 'reduced' || outcome === 'rejected' ? 'ineligible_cost' : null,
        },
      })
  } else if (w.kind === 'sample') {
    const c = pick<{ id: string }>('SELECT id FROM claims ORDER BY id', w.claim)
    if (c)
      await call('verification.drawSample', {
        claimId: c.id,
        values: w.all ? { method: 'all' } : { method: 'threshold_random', thresholdCents: 1_000_000, sampleSize: 1, seed: 'seed' },
      })
  } else if (w.kind === 'approve') {
    // The whole verification of a claim with lines: under verification, every line checked (some reduced), the checklist answered, prepared, approved.
    const c = pick<{ id: string; status: string }>(
      "SELECT id, status FROM claims WHERE status IN ('received', 'under_verification') AND id IN (SELECT claim_id FROM claim_lines) ORDER BY id",
      w.claim,
    )
    if (c) {
      if (c.status === 'received') await call('claims.setStatus', { id: c.id, status: 'under_verification', on: '2025-09-01' })
      await call('verification.drawSample', { claimId: c.id, values: { method: 'all' } })
      const v = (await ok(ws, 'verification.get', { claimId: c.id })) as { lines: { id: string; declaredCents: number }[]; checklist: { questionId: string }[] }
      for (const q of v.checklist) await call('verification.answer', { claimId: c.id, questionId: q.questionId, values: { answer: 'yes' } })
      for (const [i, l] of v.lines.entries())
        await call('verification.setOutcome', {
          lineId: l.id,
          values:
            (i + w.claim) % 3 === 0 && l.declaredCents > 1
              ? { outcome: 'reduced', acceptedCents: Math.floor(l.declaredCents / 2), errorType: 'ineligible_cost' }
              : { outcome: 'accepted' },
        })
      await call('verification.prepare', { claimId: c.id })
      await call('verification.approve', { claimId: c.id, reason: 'Seule au service', today: TODAY })
    }
  } else if (w.kind === 'paid') {
    // Claims' payments first (approvals make them), then the others.
    const p = pick<{
      id: string
      project_id: string
      kind: string
      planned_date: string
      planned_cents: number | null
      planned_rate_bp: number | null
      updated_at: string
    }>(
      "SELECT id, project_id, kind, planned_date, planned_cents, planned_rate_bp, updated_at FROM payments WHERE status != 'paid' ORDER BY claim_id IS NULL, id",
      w.payment % 3,
    )
    if (p)
      await call('payments.save', {
        projectId: p.project_id,
        id: p.id,
        expectedUpdatedAt: p.updated_at,
        values: {
          kind: p.kind,
          plannedDate: p.planned_date,
          plannedCents: p.planned_cents,
          plannedRateBp: p.planned_rate_bp,
          status: 'paid',
          paidDate: p.planned_date,
          paidCents: p.planned_cents ?? 100_000,
        },
      })
  } else if (w.kind === 'budget') {
    const p = pick<{ id: string }>('SELECT DISTINCT project_id AS id FROM claims ORDER BY project_id', w.project)
    if (p)
      await call('budget.saveLine', {
        projectId: p.id,
        values: { category: 'equipment', costModel: 'actual_costs', description: 'Ligne', amountCents: w.cents, publicProcurement: w.cents % 2 === 0 },
      })
  } else if (w.kind === 'visit') {
    const p = pick<{ id: string }>('SELECT DISTINCT project_id AS id FROM claims ORDER BY project_id', w.project)
    if (p)
      await call('visits.save', {
        projectId: p.id,
        values: { visitDate: dayFrom(w.day), place: 'Sur place', officers: 'É. Test', status: w.done ? 'done' : 'planned' },
        today: TODAY,
      })
  } else if (w.kind === 'finding') {
    const v = pick<{ id: string }>('SELECT id FROM visits ORDER BY id', w.visit)
    if (v) await call('visits.saveFinding', { visitId: v.id, values: { severity: w.high ? 'high' : 'low', description: 'Constat' } })
  } else if (w.kind === 'deleteVisit') {
    const v = pick<{ id: string }>('SELECT id FROM visits ORDER BY id', w.visit)
    if (v) await call('visits.delete', { id: v.id })
  }
}

async function openDemo() {
  const t = testWorkspace()
  await openNewFile(t.ws, path.join(t.dir, 'claims.amif'), { demo: true })
  return t
}

describe('kept claim figures and risk facts', () => {
  it('on the demonstration file, give the claims list and the ranking exactly what the full computation gives', async () => {
    const { ws } = await openDemo()
    expect((ws.file().sqlite.prepare('SELECT count(*) AS n FROM claim_figures').get() as { n: number }).n).toBeGreaterThan(0)
    expect((ws.file().sqlite.prepare('SELECT count(*) AS n FROM project_risk WHERE checked_lines > 0').get() as { n: number }).n).toBeGreaterThan(0)
    await expectKeptEqualsFullComputation(ws)
  })

  it('stay equal to the full computation after any sequence of writes (claims made and deleted, lines, statuses, outcomes, approvals, payments, budget lines, visits, findings)', async () => {
    const { ws } = await openDemo()
    await fc.assert(
      fc.asyncProperty(fc.array(write, { minLength: 1, maxLength: 10 }), async (writes) => {
        for (const w of writes) await apply(ws, w)
        await expectKeptEqualsFullComputation(ws)
      }),
      { numRuns: 15, seed: 19 },
    )
  }, 180_000)

  it('are rebuilt after a merge: the colleague’s claim lines, outcomes and visits count in mine', async () => {
    const { mine, theirs, theirsPath, dialogs } = await mergePair()
    for (const w of [
      { kind: 'line', claim: 0, cents: 123_456 },
      { kind: 'outcome', line: 1, outcome: 1, cents: 1000 },
      { kind: 'budget', project: 0, cents: 777_000 },
      { kind: 'visit', project: 1, done: true, day: 300 },
      { kind: 'finding', visit: 0, high: true },
    ] as const)
      await apply(theirs, w)
    await theirs.close()
    dialogs.nextOpenPath = theirsPath
    await ok(mine, 'merge.preview', {})
    await ok(mine, 'merge.apply', { resolutions: {} })
    await expectKeptEqualsFullComputation(mine)
  })

  it('are built by the migration for a file at version 18', async () => {
    const t = testWorkspace()
    const demo = await makeAmifFile(path.join(t.dir, 'demo.amif'), { demo: true })
    const filePath = makeFileAtVersion(path.join(t.dir, 'old.amif'), 18)
    copyRowsInto(demo, filePath, { keepSeeded: true })
    await t.ws.open(filePath)
    expect(t.ws.file().migrated).toContain(19)
    expect((t.ws.file().sqlite.prepare('SELECT count(*) AS n FROM claim_figures').get() as { n: number }).n).toBeGreaterThan(0)
    await expectKeptEqualsFullComputation(t.ws)
  })

  it('are checked by `file.check`, which names a claim and a project whose kept rows differ from their records', async () => {
    const t = testWorkspace()
    const filePath = await makeAmifFile(path.join(t.dir, 'check.amif'), { demo: true })
    await t.ws.open(filePath)
    expect(await ok(t.ws, 'file.check', { path: filePath })).toMatchObject({ refused: false, claimFigures: [] })
    await t.ws.close()
    const db = new Database(filePath)
    const { claim_id: claimId } = db.prepare('SELECT claim_id FROM claim_figures ORDER BY claim_id LIMIT 1').get() as { claim_id: string }
    db.prepare('UPDATE claim_figures SET payable_cents = payable_cents + 1 WHERE claim_id = ?').run(claimId)
    const { project_id: projectId } = db.prepare('SELECT project_id FROM project_risk ORDER BY project_id LIMIT 1').get() as { project_id: string }
    db.prepare('DELETE FROM project_risk WHERE project_id = ?').run(projectId)
    db.close()
    await t.ws.open(filePath)
    const report = await ok(t.ws, 'file.check', { path: filePath })
    expect(report).toMatchObject({ refused: false, claimFigures: [`claim_figures ${claimId}`, `project_risk ${projectId}`] })
  })
})
