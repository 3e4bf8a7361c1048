import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { ApiInput, ApiOutput } from '../../electron/api/index'
import type { Workspace } from '../../electron/api/workspace'
import { claimResultOf, claimResultsOf } from '../../database/claim-result'
import { rebuildProjectFigures } from '../../database/figures'
import { newId } from '../../database/ids'
import { insertRecord } from '../../database/records'
import { visitRanking } from '../../database/visits'
import { PAGE_MAX } from '../../database/domain/schemas/paging'
import { foldForSearch } from '../../database/search'
import { STRANDS, type ClaimStatus } from '../../database/domain/vocabulary'
import { fillProjects, random } from '../../scripts/portfolio'
import { OFFICER, ok, openNewFile, projectByCode, refused, testWorkspace } from './helpers'

/**
 * Issue 13 §2, the lists of the Verifications and Visits sections: the claims across projects, a
 * project's visits, the visit ranking and the open recommendations are read a page at a time
 * (keyset, a cursor that names its list, the total on the first page, at most PAGE_MAX rows).
 * Walking the pages gives every row once, in the order the whole list had: the ranking's pages
 * one after the other are the whole ranking, every project scored.
 */

const TODAY = '2026-12-03'

type Paged = 'claims.list' | 'visits.list' | 'visits.ranking' | 'visits.openRecommendations'

/** Every page of a list channel, one after the other: the rows, and the first page's answer. */
async function allPages<C extends Paged>(ws: Workspace, channel: C, input: ApiInput<C>, limit: number) {
  const rows: ApiOutput<C>['rows'][number][] = []
  let first: ApiOutput<C> | undefined
  let after: unknown = undefined
  for (let n = 0; n < 2000; n++) {
    const page = (await ok(ws, channel, { ...input, limit, after } as ApiInput<C>)) as ApiOutput<C>
    if (first) expect(page.total).toBeNull()
    first ??= page
    expect(page.rows.length).toBeLessThanOrEqual(limit)
    rows.push(...(page.rows as ApiOutput<C>['rows'][number][]))
    if (!page.next) break
    expect(page.rows).toHaveLength(limit)
    after = page.next
  }
  expect(new Set(rows.map((r) => (r as { id?: string; projectId: string }).id ?? (r as { projectId: string }).projectId)).size).toBe(rows.length)
  return { rows, first: first! }
}

/**
 * The demonstration file with 240 generated projects more, made once for the tests of this file; two dozen of those under way share their
 * EU contribution (ties ordered by code, some codes in lower case), and visits with high findings
 * and overdue recommendations, and a verified claim with errors, are scattered over the rest.
 */
async function seededFile() {
  seeded ??= seed()
  const t = testWorkspace()
  const copy = path.join(t.dir, 'seeded.amif')
  fs.copyFileSync(await seeded, copy)
  await t.ws.open(copy)
  return t
}
let seeded: Promise<string> | undefined
afterAll(async () => {
  if (seeded) fs.rmSync(path.dirname(await seeded), { recursive: true, force: true })
})

async function seed(): Promise<string> {
  // A folder of its own, kept for the tests after the first (the folder of each test's workspace goes with it).
  const t = testWorkspace({ dir: fs.mkdtempSync(path.join(os.tmpdir(), 'amif-pages-')) })
  const file = path.join(t.dir, 'pages.amif')
  await openNewFile(t.ws, file, { demo: true })
  const { ws } = t
  const sqlite = ws.file().sqlite
  fillProjects(sqlite, 240)
  const running = sqlite
    .prepare("SELECT id, code FROM projects WHERE code LIKE 'BENCH-%' AND status IN ('running', 'final_report_received') ORDER BY code")
    .all() as {
    id: string
    code: string
  }[]
  const tied = running.slice(0, 24)
  const at = new Date().toISOString()
  sqlite.transaction(() => {
    for (const [i, p] of tied.entries()) {
      sqlite.prepare('DELETE FROM budget_lines WHERE project_id = ?').run(p.id)
      sqlite
        .prepare(
          `INSERT INTO budget_lines (id, project_id, category, cost_model, description, amount_cents, units, unit_cost_cents, sort_order, created_at, updated_at, updated_by)
           VALUES (?, ?, 'other', 'actual_costs', 'Même budget', 12345600, NULL, NULL, 1, ?, ?, 'Test')`,
        )
        .run(newId(), p.id, at, at)
      if (i % 2 === 0) sqlite.prepare('UPDATE projects SET code = lower(code) WHERE id = ?').run(p.id)
    }
  })()
  sqlite.transaction(() => rebuildProjectFigures(sqlite))()

  const rnd = random(13)
  const others = running.slice(24)
  const day = (from: number, span: number) => new Date(Date.UTC(2022, 0, 1) + Math.floor(from + rnd() * span) * 86_400_000).toISOString().slice(0, 10)
  for (const p of others.filter(() => rnd() < 0.25)) {
    const done = rnd() < 0.8
    const [v] = (
      await ok(ws, 'visits.save', {
        projectId: p.id,
        values: { visitDate: done ? day(0, 1700) : '2027-02-01', place: 'Sur place', officers: 'É. Test', status: done ? 'done' : 'planned' },
        today: TODAY,
      })
    ).rows
    if (rnd() < 0.4) await ok(ws, 'visits.saveFinding', { visitId: v.id, values: { severity: rnd() < 0.6 ? 'high' : 'low', description: 'Constat' } })
    if (rnd() < 0.5) await ok(ws, 'visits.saveRecommendation', { visitId: v.id, values: { recommendation: `Suivi ${p.code}`, dueDate: day(1200, 800) } })
  }
  // Verified claims with errors on a few projects (the error rates of the project and of its beneficiary's others).
  const db = ws.writableFile().db
  for (const p of others.filter(() => rnd() < 0.15)) {
    const line = sqlite.prepare('SELECT id FROM budget_lines WHERE project_id = ? LIMIT 1').get(p.id) as { id: string } | undefined
    if (!line) continue
    const declared = 100_000 + Math.floor(rnd() * 900_000)
    // Half of them clean: a beneficiary whose history scores no partner points.
    const clean = rnd() < 0.5
    await db.transaction().execute(async (trx) => {
      const claimId = await insertRecord(
        trx,
        OFFICER,
        { table: 'claims', entity: 'claim', parentId: p.id },
        {
          project_id: p.id,
          kind: 'interim',
          period_start: '2026-01-01',
          period_end: '2026-01-31',
          submitted_on: '2026-02-01',
          status: 'verified',
          apply_extrapolation: 0,
          prepared_by: OFFICER.name,
          prepared_at: at,
          approved_by: 'Pieter Collega',
          approved_at: at,
        },
      )
      await insertRecord(
        trx,
        OFFICER,
        { table: 'claim_lines', entity: 'claim_line', parentId: p.id },
        {
          claim_id: claimId,
          budget_line_id: line.id,
          line_no: 1,
          kind: 'actual',
          expense_date: '2026-01-15',
          amount_excl_cents: declared,
          amount_incl_cents: declared,
          declared_cents: declared,
          ...(clean
            ? { outcome: 'accepted', accepted_cents: declared }
            : { outcome: 'reduced', accepted_cents: Math.floor(declared * (0.5 + rnd() / 2)), error_type: 'ineligible_cost' }),
          verified_by: 'Préparatrice',
          verified_at: at,
        },
      )
    })
  }
  await ws.close()
  return file
}

describe('the visit ranking, a page at a time', () => {
  it('gives, page after page, exactly the whole ranking with every project scored: same order, same scores, ties by code', async () => {
    const { ws } = await seededFile()
    for (const today of [TODAY, '2028-01-15']) {
      for (const strand of [undefined, ...STRANDS]) {
        const full = await visitRanking(ws.file().db, { filters: { strand: strand ? [strand] : [] } }, today)
        if (strand === undefined) {
          // The seeded file ranks what the pages must get right: plain projects tied on amount, and scored ones among them.
          expect(full.total).toBeGreaterThan(100)
          const ties = full.rows.filter((r, i) => i > 0 && r.score === full.rows[i - 1].score && r.euCents === full.rows[i - 1].euCents)
          expect(ties.length).toBeGreaterThan(10)
          expect(full.rows.some((r) => r.lastVisitOn !== null)).toBe(true)
          expect(full.rows.some((r) => (r.errorRateBp ?? 0) > 0)).toBe(true)
          // Projects with nothing of their own but a beneficiary's history: read down the amounts with the plain ones, not scored upfront.
          const partnerOnly = full.rows.filter(
            (r) => r.checkedDeclaredCents === 0 && r.lastVisitOn === null && r.nextPlannedOn === null && r.factors.find((f) => f.key === 'partner')!.points > 0,
          )
          expect(partnerOnly.length).toBeGreaterThan(5)
        }
        for (const limit of [1, 7, 50, PAGE_MAX]) {
          const { rows, first } = await allPages(ws, 'visits.ranking', { strand, today }, limit)
          expect(first.total).toBe(full.total)
          expect(rows).toEqual(full.rows)
        }
      }
    }
  }, 120_000)

  it('keeps the dashboard’s top rows the ranking’s first page', async () => {
    const { ws } = await seededFile()
    const page = await ok(ws, 'visits.ranking', { today: TODAY, limit: 3 })
    const shown = await ok(ws, 'dashboard.summary', { today: TODAY })
    expect(shown.attention.visitRanking).toEqual({ rows: page.rows, total: page.total })
  }, 60_000)
})

describe('the open recommendations, a page at a time', () => {
  it('give every open recommendation once, earliest due first, the total on the first page', async () => {
    const { ws } = await seededFile()
    const expected = ws
      .file()
      .sqlite.prepare(
        `SELECT r.id FROM visit_recommendations r JOIN visits v ON v.id = r.visit_id JOIN projects p ON p.id = v.project_id
         WHERE r.status = 'open' ORDER BY r.due_date, p.code, r.created_at, r.id`,
      )
      .all()
      .map((r) => (r as { id: string }).id)
    expect(expected.length).toBeGreaterThan(5)
    const { rows, first } = await allPages(ws, 'visits.openRecommendations', { today: TODAY }, 4)
    expect(rows.map((r) => r.id)).toEqual(expected)
    expect(first.total).toBe(expected.length)
    const due = await allPages(ws, 'visits.openRecommendations', { today: TODAY, dueBy: '2026-01-01' }, 3)
    expect(due.rows.every((r) => r.dueDate <= '2026-01-01')).toBe(true)
    expect(due.first.total).toBe(due.rows.length)
  }, 60_000)
})

describe('a project’s visits, a page at a time', () => {
  it('are saved and found again page after page, latest first, with the total on the first page', async () => {
    const t = testWorkspace()
    await openNewFile(t.ws, path.join(t.dir, 'visits.amif'), { demo: true })
    const { ws } = t
    const p = await projectByCode(ws, 'AMIF-2024-RV-02')
    let count = (await ok(ws, 'visits.list', { projectId: p.id, today: TODAY })).total!
    const known = new Set((await ok(ws, 'visits.list', { projectId: p.id, today: TODAY, limit: PAGE_MAX })).rows.map((v) => v.id))
    for (const visitDate of ['2026-03-10', '2026-05-02', '2026-03-10', '2025-11-20', '2026-05-02']) {
      const saved = await ok(ws, 'visits.save', {
        projectId: p.id,
        values: { visitDate, place: 'Bruxelles', officers: 'É. Test', status: 'done' },
        today: TODAY,
      })
      // Every write answers with the first page, counted.
      expect(saved.total).toBe(++count)
      const added = saved.rows.find((v) => !known.has(v.id))!
      known.add(added.id)
      await ok(ws, 'visits.saveFinding', { visitId: added.id, values: { severity: 'low', description: visitDate } })
    }
    const whole = (await ok(ws, 'visits.list', { projectId: p.id, today: TODAY, limit: PAGE_MAX })).rows
    const { rows, first } = await allPages(ws, 'visits.list', { projectId: p.id, today: TODAY }, 2)
    expect(rows).toEqual(whole)
    expect(first.total).toBe(whole.length)
    expect(rows.map((v) => v.visitDate)).toEqual([...rows.map((v) => v.visitDate)].sort().reverse())
    expect(rows.filter((v) => v.findings.length === 1)).toHaveLength(5)
    // Another project's cursor is refused.
    const other = await projectByCode(ws, 'AMIF-2024-RV-01')
    const next = (await ok(ws, 'visits.list', { projectId: p.id, today: TODAY, limit: 1 })).next
    expect((await refused(ws, 'visits.list', { projectId: other.id, after: next })).code).toBe('VALIDATION')
  }, 60_000)
})

/** The claims list's order as the list always had it: open clocks first by days left, then submitted, then code; ended ones last, newest first. */
function byDaysLeft(a: ApiOutput<'claims.list'>['rows'][number], b: typeof a): number {
  const ended = (r: typeof a) => r.status === 'paid' || r.status === 'withdrawn'
  if (ended(a) !== ended(b)) return ended(a) ? 1 : -1
  if (ended(a)) return b.submittedOn.localeCompare(a.submittedOn) || a.projectCode.localeCompare(b.projectCode) || (a.id < b.id ? -1 : 1)
  return (
    a.clock.daysLeft - b.clock.daysLeft || a.submittedOn.localeCompare(b.submittedOn) || a.projectCode.localeCompare(b.projectCode) || (a.id < b.id ? -1 : 1)
  )
}

describe('the claims across projects, a page at a time', () => {
  it('are saved and found again page after page by days left (clocks stopped included), with the total and the sum declared', async () => {
    const t = testWorkspace()
    await openNewFile(t.ws, path.join(t.dir, 'claims.amif'), { demo: true })
    const { ws } = t
    const rnd = random(80)
    const projects = (await ok(ws, 'projects.list', { limit: PAGE_MAX, today: TODAY })).rows.filter((p) => p.status === 'running').slice(0, 6)
    for (const [i, p] of projects.entries()) {
      for (let n = 0; n < 3; n++) {
        const submittedOn = ['2026-09-01', '2026-10-15', '2026-11-20', '2026-12-10'][Math.floor(rnd() * 4)]
        const claim = await ok(ws, 'claims.save', {
          projectId: p.id,
          values: { kind: 'interim', reference: `DP-${i}-${n}`, periodStart: '2026-01-01', periodEnd: '2026-06-30', submittedOn },
          today: TODAY,
        })
        const fate = rnd()
        if (fate < 0.3 && submittedOn < '2026-11-01') {
          await ok(ws, 'claims.setStatus', { id: claim.id, status: 'returned', on: '2026-11-01', reason: 'Pièces manquantes', today: TODAY })
          if (rnd() < 0.5) await ok(ws, 'claims.setStatus', { id: claim.id, status: 'under_verification', on: '2026-11-15', today: TODAY })
        } else if (fate < 0.4 && submittedOn <= TODAY)
          await ok(ws, 'claims.setStatus', { id: claim.id, status: 'withdrawn', on: TODAY, reason: 'Doublon', today: TODAY })
      }
    }
    const whole = [...(await ok(ws, 'claims.list', { today: TODAY, limit: PAGE_MAX })).rows].sort(byDaysLeft)
    expect(whole.some((c) => c.clock.stoppedDays > 0)).toBe(true)
    const { rows, first } = await allPages(ws, 'claims.list', { today: TODAY }, 3)
    expect(rows.map((c) => c.id)).toEqual(whole.map((c) => c.id))
    expect(first.total).toBe(whole.length)
    expect(first.declaredCents).toBe(whole.reduce((sum, c) => sum + c.declaredCents, 0))
    // The page's clocks are the claims' own.
    for (const c of rows.slice(0, 5)) expect(c.clock).toEqual((await ok(ws, 'claims.get', { id: c.id, today: TODAY })).clock)
    // A filter pages the same way.
    const returned = await allPages(ws, 'claims.list', { today: TODAY, status: ['returned', 'received'] }, 2)
    expect(returned.rows.map((c) => c.id)).toEqual(whole.filter((c) => c.status === 'returned' || c.status === 'received').map((c) => c.id))
    // Its first page counts and sums the claims it keeps, whether they are the fewer or the more.
    const statuses = [
      ['returned', 'received'],
      ['received', 'under_verification', 'returned', 'verified', 'paid'],
    ] as ClaimStatus[][]
    for (const status of statuses) {
      const kept = whole.filter((c) => status.includes(c.status))
      const first = await ok(ws, 'claims.list', { today: TODAY, status, limit: 2 })
      expect([first.total, first.declaredCents]).toEqual([kept.length, kept.reduce((sum, c) => sum + c.declaredCents, 0)])
    }
    expect(new Set(whole.map((c) => c.status)).has('withdrawn')).toBe(true)
  }, 60_000)
})

describe('the results of a page of claims', () => {
  it('are each claim’s own result, read for the whole page at once (earlier approved claims and payments of each project counted)', async () => {
    for (const [k, { ws }] of [await seededFile(), await demoFile()].entries()) {
      const db = ws.file().db
      const ids = (ws.file().sqlite.prepare('SELECT id FROM claims ORDER BY id').all() as { id: string }[]).map((c) => c.id)
      // In the demonstration file, projects with claims approved one after the other, and paid ones.
      if (k === 1)
        expect(
          ws.file().sqlite.prepare('SELECT count(*) AS n FROM claims WHERE approved_at IS NOT NULL GROUP BY project_id ORDER BY n DESC').pluck().get(),
        ).toBeGreaterThan(1)
      const batched = await claimResultsOf(db, [...ids, 'no-such-claim', ids[0]])
      expect([...batched.keys()].sort()).toEqual(ids)
      for (const id of ids) expect(batched.get(id)).toEqual(await claimResultOf(db, id))
      // The list shows each claim's result as its own page does.
      const { rows } = await allPages(ws, 'claims.list', { today: TODAY }, 7)
      expect(rows).toHaveLength(ids.length)
      for (const c of rows) {
        const { result } = await ok(ws, 'claims.get', { id: c.id, today: TODAY })
        expect([c.acceptedCents, c.ineligibleCents, c.payableCents]).toEqual([result.acceptedDirectCents, result.ineligibleCents, result.payableCents])
      }
    }
  }, 60_000)
})

describe('a search of the claims', () => {
  it('finds the claims whose project code, project title or reference holds the words, accents and case aside', async () => {
    const { ws } = await demoFile()
    const whole = (await ok(ws, 'claims.list', { today: TODAY, limit: PAGE_MAX })).rows
    const claim = whole.find((c) => c.reference !== null)!
    const title = whole.find((c) => /[éèàô]/i.test(c.projectTitle)) ?? whole[0]
    const words = [
      claim.reference!.toLowerCase(),
      title.projectTitle
        .split(' ')
        .find((w) => w.length > 4)!
        .toUpperCase(),
      claim.projectCode.toLowerCase(),
      'zzz-none',
    ]
    for (const q of words) {
      const fold = (v: string | null) => foldForSearch(v ?? '')
      const expected = whole.filter((c) => [c.projectCode, c.projectTitle, c.reference].some((v) => fold(v).includes(fold(q)))).map((c) => c.id)
      const found = await allPages(ws, 'claims.list', { today: TODAY, q }, 5)
      expect(found.rows.map((c) => c.id)).toEqual(expected)
      expect(found.first.total).toBe(expected.length)
      if (q !== 'zzz-none') expect(expected.length).toBeGreaterThan(0)
    }
  })
})

/**
 * The demonstration file, in a workspace of its own, with a second claim approved (and paid) after
 * each approved one: a project's result counts the claims approved before it and what was paid.
 */
async function demoFile() {
  const t = testWorkspace()
  await openNewFile(t.ws, path.join(t.dir, 'demo.amif'), { demo: true })
  const sqlite = t.ws.file().sqlite
  const approved = sqlite
    .prepare(
      `SELECT c.project_id, c.approved_at, (SELECT l.budget_line_id FROM claim_lines l WHERE l.claim_id = c.id ORDER BY l.line_no LIMIT 1) AS line
       FROM claims c WHERE c.approved_at IS NOT NULL`,
    )
    .all() as { project_id: string; approved_at: string; line: string | null }[]
  await t.ws
    .writableFile()
    .db.transaction()
    .execute(async (trx) => {
      for (const [i, c] of approved.entries()) {
        if (!c.line) continue
        const later = new Date(Date.parse(c.approved_at) + 86_400_000).toISOString()
        const claimId = await insertRecord(
          trx,
          OFFICER,
          { table: 'claims', entity: 'claim', parentId: c.project_id },
          {
            project_id: c.project_id,
            kind: 'interim',
            period_start: '2026-01-01',
            period_end: '2026-03-31',
            submitted_on: '2026-04-15',
            status: i % 2 ? 'paid' : 'verified',
            apply_extrapolation: 0,
            prepared_by: OFFICER.name,
            prepared_at: later,
            approved_by: 'Pieter Collega',
            approved_at: later,
          },
        )
        const declared = 250_000 + i * 1000
        await insertRecord(
          trx,
          OFFICER,
          { table: 'claim_lines', entity: 'claim_line', parentId: c.project_id },
          {
            claim_id: claimId,
            budget_line_id: c.line,
            line_no: 1,
            kind: 'actual',
            expense_date: '2026-02-15',
            amount_excl_cents: declared,
            amount_incl_cents: declared,
            declared_cents: declared,
            outcome: 'reduced',
            accepted_cents: declared - 40_000,
            error_type: 'ineligible_cost',
            verified_by: 'Préparatrice',
            verified_at: later,
          },
        )
        if (i % 2) {
          await insertRecord(
            trx,
            OFFICER,
            { table: 'payments', entity: 'payment', parentId: c.project_id },
            {
              project_id: c.project_id,
              claim_id: claimId,
              kind: 'interim',
              planned_date: '2026-05-01',
              planned_cents: 100_000,
              status: 'paid',
              paid_date: '2026-05-02',
              paid_cents: 100_000,
            },
          )
        }
      }
    })
  return t
}

describe('the lists of the Verifications and Visits sections', () => {
  it('answer a page, never more, and refuse a cursor of another list or a made-up one', async () => {
    const { ws } = await seededFile()
    const project = (
      ws.file().sqlite.prepare('SELECT project_id FROM visits GROUP BY project_id ORDER BY count(*) DESC LIMIT 1').get() as { project_id: string }
    ).project_id
    await ok(ws, 'visits.save', { projectId: project, values: { visitDate: '2026-01-05', place: 'Ici', officers: 'É. Test', status: 'done' }, today: TODAY })
    const claimProject = (await ok(ws, 'projects.list', { limit: 5, today: TODAY })).rows[0]
    for (const submittedOn of ['2026-10-01', '2026-10-02'])
      await ok(ws, 'claims.save', {
        projectId: claimProject.id,
        values: { kind: 'interim', reference: null, periodStart: '2026-01-01', periodEnd: '2026-06-30', submittedOn },
        today: TODAY,
      })
    const inputs = {
      'claims.list': { today: TODAY },
      'visits.list': { projectId: project, today: TODAY },
      'visits.ranking': { today: TODAY },
      'visits.openRecommendations': { today: TODAY },
      'projects.list': { today: TODAY },
    } as const
    type Any = keyof typeof inputs
    const cursors: Record<string, unknown> = {}
    for (const [channel, input] of Object.entries(inputs) as [Any, ApiInput<Any>][]) {
      expect((await refused(ws, channel, { ...input, limit: PAGE_MAX + 1 })).details).toMatchObject({ issues: [{ path: 'limit', message: 'invalid' }] })
      expect((await refused(ws, channel, { ...input, after: ['x'] })).code).toBe('VALIDATION')
      const page = (await ok(ws, channel, { ...input, limit: 1 } as ApiInput<Any>)) as { next: unknown }
      expect(page.next).not.toBeNull()
      cursors[channel] = page.next
      expect(((await ok(ws, channel, { ...input, limit: 1, after: page.next } as ApiInput<Any>)) as { rows: unknown[] }).rows).toHaveLength(1)
    }
    for (const [channel, input] of Object.entries(inputs) as [Any, ApiInput<Any>][]) {
      for (const [from, cursor] of Object.entries(cursors)) {
        if (from === channel) continue
        const error = await refused(ws, channel, { ...input, after: cursor })
        expect(error.code, `${from} → ${channel}`).toBe('VALIDATION')
        expect(error.details).toMatchObject({ issues: [{ path: 'after', message: 'invalid' }] })
      }
    }
    // The ranking's own name with values of another kind is refused too, not read as scores.
    expect((await refused(ws, 'visits.ranking', { today: TODAY, after: ['visitRanking', 'a', 'b', 'c', 'd'] })).code).toBe('VALIDATION')
  }, 60_000)
})
