import path from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { insertRecord } from '../../database/records'
import { channels, type ApiInput } from '../../electron/api/index'
import type { Workspace } from '../../electron/api/workspace'
import { expectUntouched, newProjectValues, OFFICER, ok, openNewFile, projectByCode, refused, snapshot, testWorkspace } from './helpers'

const TODAY = '2026-03-15'

/** The rows of the first page of a project's visits, as `visits.list` and every visit write answer. */
async function visitRows<
  C extends
    | 'visits.list'
    | 'visits.save'
    | 'visits.delete'
    | 'visits.saveFinding'
    | 'visits.deleteFinding'
    | 'visits.saveRecommendation'
    | 'visits.deleteRecommendation'
    | 'visits.setRecommendationStatus',
>(ws: Workspace, channel: C, input: ApiInput<C>) {
  return (await ok(ws, channel, input)).rows
}

async function demo() {
  const t = testWorkspace()
  await openNewFile(t.ws, path.join(t.dir, 'visits.amif'), { demo: true })
  return t
}

const visit = { visitDate: '2026-03-10', place: 'Bruxelles, rue de la Loi 1', officers: 'É. Test-Officer, P. Collega', status: 'done' as const }

/** Audit rows of an entity, read with a plain connection. */
function auditOf(ws: Workspace, entity: string): { action: string; record_id: string; parent_id: string | null }[] {
  const db = new Database(ws.file().path, { readonly: true })
  try {
    return db.prepare('SELECT action, record_id, parent_id FROM audit_log WHERE entity = ? ORDER BY rowid').all(entity) as {
      action: string
      record_id: string
      parent_id: string | null
    }[]
  } finally {
    db.close()
  }
}

/**
 * The audit rows of an entity written after this call (rows come in rowid order): the demo's visits
 * have rows of their own, so a test compares only what it wrote.
 */
function auditSince(ws: Workspace): (entity: string) => ReturnType<typeof auditOf> {
  const base = new Map(['visit', 'visit_finding', 'visit_recommendation'].map((e) => [e, auditOf(ws, e).length]))
  return (entity) => auditOf(ws, entity).slice(base.get(entity) ?? 0)
}

describe('on-the-spot visits', () => {
  it('are saved with their findings and recommendations, found again, and leave audit rows under the project', async () => {
    const { ws } = await demo()
    const p = await projectByCode(ws, 'AMIF-2024-RV-02')
    const audit = auditSince(ws)
    const historyBefore = new Set((await ok(ws, 'projects.history', { id: p.id })).rows.map((e) => e.id))
    const [v] = await visitRows(ws, 'visits.save', { projectId: p.id, values: { ...visit, scope: 'Lignes de personnel T1, visibilité' }, today: TODAY })
    expect(v).toMatchObject({ place: visit.place, status: 'done', scope: 'Lignes de personnel T1, visibilité', findings: [], recommendations: [] })
    let visits = await visitRows(ws, 'visits.saveFinding', {
      visitId: v.id,
      values: { severity: 'high', description: 'Feuilles de temps non signées' },
      today: TODAY,
    })
    const finding = visits[0].findings[0]
    visits = await visitRows(ws, 'visits.saveRecommendation', {
      visitId: v.id,
      values: { recommendation: 'Faire signer les feuilles de temps chaque mois', dueDate: '2026-03-01', findingId: finding.id },
      today: TODAY,
    })
    visits = await visitRows(ws, 'visits.saveRecommendation', {
      visitId: v.id,
      values: { recommendation: 'Afficher l’emblème de l’UE à l’accueil', dueDate: '2026-06-30' },
      today: TODAY,
    })
    const again = await visitRows(ws, 'visits.list', { projectId: p.id, today: TODAY })
    expect(again).toEqual(visits)
    const saved = again.find((x) => x.id === v.id)!
    expect(saved.findings).toEqual([expect.objectContaining({ severity: 'high', description: 'Feuilles de temps non signées' })])
    expect(saved.recommendations).toEqual([
      expect.objectContaining({ findingId: finding.id, status: 'open', dueDate: '2026-03-01', overdue: true }),
      expect.objectContaining({ findingId: null, status: 'open', overdue: false }),
    ])

    // A finding of another visit cannot be linked; nothing is written.
    const [other] = await visitRows(ws, 'visits.save', { projectId: p.id, values: { ...visit, visitDate: '2026-05-01', status: 'planned' }, today: TODAY })
    const wrong = await refused(ws, 'visits.saveRecommendation', {
      visitId: other.id,
      values: { recommendation: 'x', dueDate: '2026-06-30', findingId: finding.id },
    })
    expect(wrong).toMatchObject({ code: 'VALIDATION', details: { issues: [{ path: 'values.findingId', message: 'findingOfAnotherVisit' }] } })
    // A visit cannot be done in the future.
    const future = await refused(ws, 'visits.save', { projectId: p.id, values: { ...visit, visitDate: '2026-04-01' }, today: TODAY })
    expect(future).toMatchObject({ code: 'VALIDATION', details: { issues: [{ path: 'values.visitDate', message: 'visitDoneInFuture' }] } })

    expect(audit('visit')).toEqual([
      { action: 'create', record_id: v.id, parent_id: p.id },
      { action: 'create', record_id: other.id, parent_id: p.id },
    ])
    expect(audit('visit_finding')).toEqual([{ action: 'create', record_id: finding.id, parent_id: p.id }])
    expect(audit('visit_recommendation').map((a) => a.action)).toEqual(['create', 'create'])
    const history = (await ok(ws, 'projects.history', { id: p.id })).rows
    expect(history.filter((e) => e.entity.startsWith('visit') && !historyBefore.has(e.id)).length).toBe(5)

    // Deleting the finding keeps its recommendation, unlinked; deleting the visit takes the rest, each with its row.
    visits = await visitRows(ws, 'visits.deleteFinding', { id: finding.id, today: TODAY })
    const done = visits.find((x) => x.id === v.id)!
    expect(done.recommendations.map((r) => r.findingId)).toEqual([null, null])
    const othersBefore = visits.filter((x) => x.id !== v.id).map((x) => x.id)
    expect(othersBefore).toContain(other.id)
    visits = await visitRows(ws, 'visits.delete', { id: v.id, today: TODAY })
    expect(visits.map((x) => x.id)).toEqual(othersBefore)
    expect(audit('visit_recommendation').map((a) => a.action)).toEqual(['create', 'create', 'update', 'delete', 'delete'])
    expect(audit('visit_finding').map((a) => a.action)).toEqual(['create', 'delete'])
  })

  it('follow a recommendation up: dropped needs a reason (refused, nothing changed), done has a day and a note, and it can be reopened', async () => {
    const { ws } = await demo()
    const p = await projectByCode(ws, 'AMIF-2024-RV-01')
    const audit = auditSince(ws)
    const [v] = await visitRows(ws, 'visits.save', { projectId: p.id, values: visit, today: TODAY })
    const withRec = await visitRows(ws, 'visits.saveRecommendation', {
      visitId: v.id,
      values: { recommendation: 'Tenir un code comptable propre au projet', dueDate: '2026-04-30' },
    })
    // The demo has a visit of this project too: this test's is found by its id.
    const ours = (visits: typeof withRec) => visits.find((x) => x.id === v.id)!.recommendations[0]
    const rec = ours(withRec)

    const before = await visitRows(ws, 'visits.list', { projectId: p.id, today: TODAY })
    const noReason = await refused(ws, 'visits.setRecommendationStatus', { id: rec.id, change: { status: 'dropped', on: TODAY, reason: '  ' } })
    expect(noReason).toMatchObject({ code: 'VALIDATION', details: { issues: [{ path: 'change.reason', message: 'dropReasonRequired' }] } })
    const noNote = await refused(ws, 'visits.setRecommendationStatus', { id: rec.id, change: { status: 'done', on: TODAY } })
    expect(noNote).toMatchObject({ code: 'VALIDATION', details: { issues: [{ path: 'change.followUp', message: 'followUpRequired' }] } })
    expect(await visitRows(ws, 'visits.list', { projectId: p.id, today: TODAY })).toEqual(before)

    let after = await visitRows(ws, 'visits.setRecommendationStatus', {
      id: rec.id,
      expectedUpdatedAt: rec.updatedAt,
      change: { status: 'done', on: '2026-03-14', followUp: 'Code analytique 6100-AMIF créé, extrait du grand livre reçu' },
    })
    expect(ours(after)).toMatchObject({
      status: 'done',
      statusOn: '2026-03-14',
      followUp: 'Code analytique 6100-AMIF créé, extrait du grand livre reçu',
      overdue: false,
    })
    // A stale edit (the record changed since it was read) is refused.
    expect((await refused(ws, 'visits.setRecommendationStatus', { id: rec.id, expectedUpdatedAt: rec.updatedAt, change: { status: 'open' } })).code).toBe(
      'STALE',
    )
    after = await visitRows(ws, 'visits.setRecommendationStatus', { id: rec.id, change: { status: 'open' }, today: '2026-05-02' })
    expect(ours(after)).toMatchObject({ status: 'open', statusOn: null, overdue: true, followUp: expect.stringContaining('6100') })
    after = await visitRows(ws, 'visits.setRecommendationStatus', {
      id: rec.id,
      change: { status: 'dropped', on: TODAY, reason: 'Projet clôturé avant échéance' },
    })
    expect(ours(after)).toMatchObject({ status: 'dropped', statusReason: 'Projet clôturé avant échéance' })
    expect(audit('visit_recommendation').map((a) => a.action)).toEqual(['create', 'update', 'update', 'update'])
  })

  it('list the open recommendations across projects, earliest due first, overdue marked', async () => {
    const { ws } = await demo()
    const a = await projectByCode(ws, 'AMIF-2024-RV-01')
    const b = await projectByCode(ws, 'AMIF-2024-RV-02')
    const [va] = await visitRows(ws, 'visits.save', { projectId: a.id, values: visit, today: TODAY })
    const [vb] = await visitRows(ws, 'visits.save', { projectId: b.id, values: visit, today: TODAY })
    await visitRows(ws, 'visits.saveRecommendation', { visitId: va.id, values: { recommendation: 'A-late', dueDate: '2026-02-01' } })
    await visitRows(ws, 'visits.saveRecommendation', { visitId: vb.id, values: { recommendation: 'B-soon', dueDate: '2026-03-20' } })
    const [closed] = await visitRows(ws, 'visits.saveRecommendation', { visitId: vb.id, values: { recommendation: 'B-done', dueDate: '2026-01-01' } })
    const doneRec = closed.recommendations.find((r) => r.recommendation === 'B-done')!
    await visitRows(ws, 'visits.setRecommendationStatus', { id: doneRec.id, change: { status: 'done', on: TODAY, followUp: 'Fait' } })
    const open = await ok(ws, 'visits.openRecommendations', { today: TODAY })
    const mine = open.rows.filter((r) => ['A-late', 'B-soon', 'B-done'].includes(r.recommendation))
    expect(mine.map((r) => [r.recommendation, r.projectCode, r.overdue])).toEqual([
      ['A-late', 'AMIF-2024-RV-01', true],
      ['B-soon', 'AMIF-2024-RV-02', false],
    ])
    const dash = await ok(ws, 'dashboard.summary', { today: TODAY })
    expect(dash.attention.recommendationsDue.rows.map((r) => r.recommendation)).toEqual(expect.arrayContaining(['A-late', 'B-soon']))
    expect(dash.attention.recommendationsDue.total).toBeGreaterThanOrEqual(2)
    expect(dash.attention.visitRanking.rows.length).toBeLessThanOrEqual(3)
  })
})

/** A project of the file taken to `running`, its budget worth `eligibleCents` (75 % EU). */
async function runningProject(ws: Workspace, beneficiaryId: string, code: string, eligibleCents: number) {
  const p = await ok(ws, 'projects.create', { values: newProjectValues(beneficiaryId, code, { euRateBp: 7500 }), today: '2026-01-02' })
  await ok(ws, 'budget.saveLine', {
    projectId: p.id,
    values: { category: 'staff', costModel: 'actual_costs', description: 'Personnel', amountCents: eligibleCents },
  })
  for (const status of ['submitted', 'selected', 'agreement_signed', 'running'] as const)
    await ok(ws, 'projects.setStatus', { id: p.id, status, changedOn: '2026-01-02' })
  return ok(ws, 'projects.get', { id: p.id })
}

/** A verified claim of a project with one line declared and partly rejected (written as the verification would). */
async function verifiedClaim(ws: Workspace, projectId: string, declaredCents: number, acceptedCents: number) {
  const budgetLine = (await ok(ws, 'projects.get', { id: projectId })).budget.lines[0]
  const db = ws.writableFile().db
  const at = '2026-02-01T10:00:00.000Z'
  await db.transaction().execute(async (trx) => {
    const claimId = await insertRecord(
      trx,
      OFFICER,
      { table: 'claims', entity: 'claim', parentId: projectId },
      {
        project_id: projectId,
        kind: 'interim',
        period_start: '2026-01-01',
        period_end: '2026-01-31',
        submitted_on: '2026-02-01',
        status: 'verified',
        prepared_by: 'Préparatrice',
        prepared_at: at,
        approved_by: 'Approbateur',
        approved_at: at,
      },
    )
    await insertRecord(
      trx,
      OFFICER,
      { table: 'claim_lines', entity: 'claim_line', parentId: projectId },
      {
        claim_id: claimId,
        budget_line_id: budgetLine.id,
        line_no: 1,
        kind: 'actual',
        expense_date: '2026-01-15',
        amount_excl_cents: declaredCents,
        amount_incl_cents: declaredCents,
        declared_cents: declaredCents,
        outcome: acceptedCents === declaredCents ? 'accepted' : acceptedCents === 0 ? 'rejected' : 'reduced',
        accepted_cents: acceptedCents,
        error_type: acceptedCents === declaredCents ? null : 'ineligible_cost',
        verified_by: 'Préparatrice',
        verified_at: at,
      },
    )
  })
}

describe('the visit ranking', () => {
  it('puts a never-visited big project with past errors above a recently visited small clean one, each factor with its points', async () => {
    const t = testWorkspace()
    await openNewFile(t.ws, path.join(t.dir, 'ranking.amif'))
    const ws = t.ws
    const big = await ok(ws, 'partners.create', { values: { name: 'Grande ASBL', acronym: 'GRA', kind: 'ngo', country: 'BE' } })
    const small = await ok(ws, 'partners.create', { values: { name: 'Petite ASBL', acronym: 'PET', kind: 'ngo', country: 'BE' } })
    const bigProject = await runningProject(ws, big.id, 'AMIF-2026-BIG-01', 200_000_000) // EU €1.5M
    const smallProject = await runningProject(ws, small.id, 'AMIF-2026-SMA-01', 5_000_000) // EU €37,500
    await verifiedClaim(ws, bigProject.id, 10_000_000, 9_200_000) // 8 % error
    await verifiedClaim(ws, smallProject.id, 1_000_000, 1_000_000) // clean
    await visitRows(ws, 'visits.save', { projectId: smallProject.id, values: { ...visit, visitDate: '2026-02-13' }, today: TODAY })

    const ranking = await ok(ws, 'visits.ranking', { today: TODAY })
    expect(ranking.total).toBe(2)
    expect(ranking.rows.map((r) => r.code)).toEqual(['AMIF-2026-BIG-01', 'AMIF-2026-SMA-01'])
    const [first, second] = ranking.rows
    // amount: 30 × log(150)/log(500) = 24; error: 30 × 8 % / 10 % = 24; partner: none; never visited: 20.
    expect(first).toMatchObject({ score: 68, errorRateBp: 800, lastVisitOn: null, daysSinceVisit: null, euCents: 150_000_000 })
    expect(Object.fromEntries(first.factors.map((f) => [f.key, f.points]))).toEqual({ amount: 24, errorRate: 24, partner: 0, lastVisit: 20 })
    // amount: 30 × log(3.75)/log(500) = 6; no error; visited 30 days ago: 20 × 30/1095 = 0.
    expect(Object.fromEntries(second.factors.map((f) => [f.key, f.points]))).toEqual({ amount: 6, errorRate: 0, partner: 0, lastVisit: 0 })
    expect(second).toMatchObject({ score: 6, errorRateBp: 0, lastVisitOn: '2026-02-13', daysSinceVisit: 30 })

    // The small partner's high-severity finding on another project, and an overdue recommendation, count for the partner.
    const other = await runningProject(ws, small.id, 'AMIF-2026-SMA-02', 5_000_000)
    const [v] = await visitRows(ws, 'visits.save', { projectId: other.id, values: visit, today: TODAY })
    await visitRows(ws, 'visits.saveFinding', { visitId: v.id, values: { severity: 'high', description: 'Double financement' } })
    await visitRows(ws, 'visits.saveRecommendation', { visitId: v.id, values: { recommendation: 'Rembourser', dueDate: '2026-03-01' } })
    const again = await ok(ws, 'visits.ranking', { today: TODAY, limit: 1 })
    expect(again.total).toBe(3)
    expect(again.rows).toHaveLength(1)
    const smallAgain = (await ok(ws, 'visits.ranking', { today: TODAY })).rows.find((r) => r.code === 'AMIF-2026-SMA-01')!
    expect(smallAgain.factors.find((f) => f.key === 'partner')!.points).toBe(10)
    expect(smallAgain).toMatchObject({ partnerHighFindings: 1, partnerOverdueRecommendations: 1 })
  })
})

describe('a read-only file', () => {
  it('refuses every visit channel that writes, and stays byte-identical', async () => {
    const setup = await demo()
    const p = await projectByCode(setup.ws, 'AMIF-2024-RV-01')
    const [v] = await visitRows(setup.ws, 'visits.save', { projectId: p.id, values: visit, today: TODAY })
    const written = await visitRows(setup.ws, 'visits.list', { projectId: p.id, today: TODAY })
    const filePath = setup.ws.file().path
    await setup.ws.close()
    const id = v.id
    const samples: Record<string, unknown> = {
      'visits.save': { projectId: p.id, values: visit, today: TODAY },
      'visits.delete': { id },
      'visits.saveFinding': { visitId: id, values: { severity: 'low', description: 'x' } },
      'visits.deleteFinding': { id },
      'visits.saveRecommendation': { visitId: id, values: { recommendation: 'x', dueDate: TODAY } },
      'visits.deleteRecommendation': { id },
      'visits.setRecommendationStatus': { id, change: { status: 'open' } },
    }
    const writing = Object.entries(channels)
      .filter(([name, c]) => c.writesFile && name.startsWith('visits.'))
      .map(([name]) => name)
    expect(Object.keys(samples).sort()).toEqual(writing.sort())
    const before = snapshot(filePath)
    const { ws } = testWorkspace({ dir: setup.dir })
    await ws.open(filePath, { readOnly: true })
    for (const [channel, input] of Object.entries(samples)) expect((await refused(ws, channel, input)).code, channel).toBe('READ_ONLY')
    // The demo's visit of the project and this test's, read as they were written.
    const read = await visitRows(ws, 'visits.list', { projectId: p.id, today: TODAY })
    expect(read.map((x) => x.id)).toContain(v.id)
    expect(read).toEqual(written)
    await ws.close()
    expectUntouched(filePath, before)
  })
})
