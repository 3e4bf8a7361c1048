import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { ApiInput, ApiOutput } from '../../electron/api/index'
import type { Workspace } from '../../electron/api/workspace'
import { countRows, dumpTables, expectUntouched, OFFICER, ok, openNewFile, projectByCode, refused, snapshot, testWorkspace } from './helpers'

/** Payment claims through the API (issue 15): a claim and its lines, its status moves and the 80-day clock. */

type LineValues = ApiInput<'claims.saveLine'>['values']
type Project = ApiOutput<'projects.get'>

async function demo() {
  const t = testWorkspace()
  await openNewFile(t.ws, path.join(t.dir, 'claims.amif'), { demo: true })
  return t
}

/** A budget line of each cost model a claim line needs, added to the project; returns their ids by model. */
async function budgetLines(ws: Workspace, p: Project) {
  const add = async (values: ApiInput<'budget.saveLine'>['values']) => {
    const after = await ok(ws, 'budget.saveLine', { projectId: p.id, values })
    return after.budget.lines.find((l) => l.description === values.description)!.id
  }
  return {
    actual: await add({ category: 'equipment', costModel: 'actual_costs', description: 'Ordinateurs portables', amountCents: 1_000_000 }),
    staff: await add({ category: 'staff', costModel: 'actual_costs', description: 'Assistants sociaux', amountCents: 5_000_000 }),
    unit: await add({ category: 'target_group_costs', costModel: 'unit_cost', description: 'Kits de réintégration', units: 100, unitCostCents: 150_000 }),
    lump: await add({ category: 'other', costModel: 'lump_sum', description: 'Étude de suivi', amountCents: 2_500_000 }),
  }
}

const claimValues = { kind: 'interim', reference: 'DC-2026-01', periodStart: '2026-01-01', periodEnd: '2026-06-30', submittedOn: '2026-07-10' } as const

async function setUp() {
  const t = await demo()
  const p = await projectByCode(t.ws, 'AMIF-2024-RV-02')
  const b = await budgetLines(t.ws, p)
  const claim = await ok(t.ws, 'claims.save', { projectId: p.id, values: claimValues, today: '2026-07-10' })
  return { ...t, p, b, claim }
}

describe('payment claims', () => {
  it('are recorded with their declared lines and found again, in the list across projects too', async () => {
    const { ws, p, b, claim } = await setUp()
    // The demo has claims of its own: the list is compared with itself before this claim had lines.
    const listBefore = await ok(ws, 'claims.list', { today: '2026-07-20' })
    const linesBefore = countRows(ws.file().path, 'claim_lines')
    expect(claim).toMatchObject({ status: 'received', projectCode: 'AMIF-2024-RV-02', declaredCents: 0, editable: true, deletable: true })
    expect(claim.allowedTransitions).toEqual(['under_verification', 'returned', 'withdrawn'])
    await ok(ws, 'claims.saveLine', {
      claimId: claim.id,
      values: {
        kind: 'actual',
        budgetLineId: b.actual,
        expenseDate: '2026-02-03',
        supplier: 'Dell',
        reference: 'F-001',
        amountExclCents: 100_000,
        amountInclCents: 121_000,
      },
    })
    await ok(ws, 'claims.saveLine', {
      claimId: claim.id,
      values: { kind: 'staff', budgetLineId: b.staff, personName: 'A. Janssens', hoursHundredths: 15_050, hourlyRateCents: 3_210 },
    })
    const again = await ok(ws, 'claims.get', { id: claim.id, today: '2026-07-20' })
    expect(again.lines.map((l) => [l.lineNo, l.kind, l.budgetLineDescription, l.declaredCents])).toEqual([
      [1, 'actual', 'Ordinateurs portables', 100_000],
      [2, 'staff', 'Assistants sociaux', 483_105],
    ])
    expect(again).toMatchObject({ reference: 'DC-2026-01', declaredCents: 583_105, lineCount: 2, clock: { runDays: 10, daysLeft: 70, stopped: false } })
    expect(again.result.declaredCents).toBe(583_105)

    const list = await ok(ws, 'claims.list', { today: '2026-07-20' })
    expect(listBefore.rows.map((r) => r.id)).toContain(claim.id)
    expect(list).toMatchObject({ total: listBefore.total, declaredCents: listBefore.declaredCents! + 583_105 })
    expect(list.rows.find((r) => r.id === claim.id)).toMatchObject({ projectCode: 'AMIF-2024-RV-02', beneficiaryAcronym: 'Caritas', declaredCents: 583_105 })
    const listed = async (filter: Omit<ApiInput<'claims.list'>, 'today'>) => (await ok(ws, 'claims.list', { ...filter, today: '2026-07-20' })).rows
    const rv02 = await listed({ q: 'rv-02' })
    expect(rv02.map((r) => r.id)).toContain(claim.id)
    expect(rv02.every((r) => r.projectCode === 'AMIF-2024-RV-02')).toBe(true)
    const rv01 = await listed({ q: 'rv-01' })
    expect(rv01.map((r) => r.id)).not.toContain(claim.id)
    expect(rv01.every((r) => r.projectCode === 'AMIF-2024-RV-01')).toBe(true)
    const returned = await listed({ status: ['returned'] })
    expect(returned.map((r) => r.id)).not.toContain(claim.id)
    expect(returned.every((r) => r.status === 'returned')).toBe(true)
    const ofProject = await listed({ projectId: p.id })
    expect(ofProject.map((r) => r.id)).toContain(claim.id)
    expect(ofProject.every((r) => r.projectId === p.id)).toBe(true)

    const edited = await ok(ws, 'claims.save', { projectId: p.id, id: claim.id, values: { ...claimValues, reference: 'DC-2026-01bis' } })
    expect(edited.reference).toBe('DC-2026-01bis')
    const withoutFirst = await ok(ws, 'claims.deleteLine', { id: again.lines[0].id })
    expect(withoutFirst.lines.map((l) => l.lineNo)).toEqual([2])
    await ok(ws, 'claims.delete', { id: claim.id })
    expect(countRows(ws.file().path, 'claim_lines')).toBe(linesBefore)
  })

  it('compute each kind of line’s declared amount: VAT only when eligible, hours × rate (annual costs / 1 720), units × unit cost, the lump sum whole', async () => {
    const { ws, b, claim } = await setUp()
    const declared = async (values: LineValues) => {
      const after = await ok(ws, 'claims.saveLine', { claimId: claim.id, values })
      return after.lines[after.lines.length - 1]
    }
    const invoice = { kind: 'actual', budgetLineId: b.actual, expenseDate: '2026-02-03', amountExclCents: 100_000, amountInclCents: 121_000 } as const
    expect((await declared(invoice)).declaredCents).toBe(100_000)
    expect((await declared({ ...invoice, vatEligible: true })).declaredCents).toBe(121_000)
    const staff = await declared({ kind: 'staff', budgetLineId: b.staff, personName: 'B. Dupont', hoursHundredths: 10_000, annualGrossCents: 5_500_000 })
    // 55 000,00 € / 1 720 h = 31,976... € → 31,97 €/h; 100 h → 3 197,00 €.
    expect(staff).toMatchObject({ hourlyRateCents: 3_197, annualGrossCents: 5_500_000, declaredCents: 319_700 })
    expect((await declared({ kind: 'unit', budgetLineId: b.unit, units: 12 })).declaredCents).toBe(1_800_000)
    expect((await declared({ kind: 'lump_sum', budgetLineId: b.lump })).declaredCents).toBe(2_500_000)
    // A lump sum is claimed once.
    expect(await refused(ws, 'claims.saveLine', { claimId: claim.id, values: { kind: 'lump_sum', budgetLineId: b.lump } })).toMatchObject({ code: 'DUPLICATE' })
    // What a kind needs is required; a declared amount is never taken from the input.
    const noHours = await refused(ws, 'claims.saveLine', {
      claimId: claim.id,
      values: { kind: 'staff', budgetLineId: b.staff, personName: 'X', hourlyRateCents: 3_000 },
    })
    expect(noHours).toMatchObject({ code: 'VALIDATION', details: { issues: [{ path: 'values.hoursHundredths', message: 'required' }] } })
  })

  it('refuse a line on another project’s budget line or on a budget line of the wrong cost model, changing nothing', async () => {
    const { ws, b, claim } = await setUp()
    const other = await projectByCode(ws, 'AMIF-2024-RV-01')
    const foreign = other.budget.lines.find((l) => l.costModel === 'actual_costs')!
    const file = ws.file().path
    const before = dumpTables(file, ['claim_lines', 'audit_log'])
    const elsewhere = await refused(ws, 'claims.saveLine', {
      claimId: claim.id,
      values: { kind: 'actual', budgetLineId: foreign.id, expenseDate: '2026-02-03', amountExclCents: 1_000, amountInclCents: 1_000 },
    })
    expect(elsewhere.code).toBe('CLAIM_LINE_OTHER_PROJECT')
    expect((await refused(ws, 'claims.saveLine', { claimId: claim.id, values: { kind: 'unit', budgetLineId: b.actual, units: 3 } })).code).toBe(
      'CLAIM_LINE_COST_MODEL',
    )
    expect((await refused(ws, 'claims.saveLine', { claimId: claim.id, values: { kind: 'lump_sum', budgetLineId: b.unit } })).code).toBe('CLAIM_LINE_COST_MODEL')
    const onUnit = { kind: 'actual', budgetLineId: b.unit, expenseDate: '2026-02-03', amountExclCents: 1_000, amountInclCents: 1_000 } as const
    expect((await refused(ws, 'claims.saveLine', { claimId: claim.id, values: onUnit })).code).toBe('CLAIM_LINE_COST_MODEL')
    expect(dumpTables(file, ['claim_lines', 'audit_log'])).toEqual(before)
  })

  it('stop the clock while returned for information (dated, with its reason) and run it again when the claim comes back', async () => {
    const { ws, claim } = await setUp()
    // Submitted on 10 July: 20 days run, then returned on 30 July.
    const started = await ok(ws, 'claims.setStatus', { id: claim.id, status: 'under_verification', on: '2026-07-15', today: '2026-07-15' })
    expect(started.allowedTransitions).toEqual(['returned', 'withdrawn'])
    const noReason = await refused(ws, 'claims.setStatus', { id: claim.id, status: 'returned', on: '2026-07-30' })
    expect(noReason).toMatchObject({ code: 'VALIDATION', details: { issues: [{ path: 'reason', message: 'required' }] } })
    const returned = await ok(ws, 'claims.setStatus', {
      id: claim.id,
      status: 'returned',
      on: '2026-07-30',
      reason: 'Preuves de paiement manquantes',
      today: '2026-08-19',
    })
    expect(returned.clock).toMatchObject({ runDays: 20, stoppedDays: 20, daysLeft: 60, stopped: true })
    expect(returned.suspensions).toEqual([expect.objectContaining({ stoppedOn: '2026-07-30', reason: 'Preuves de paiement manquantes', resumedOn: null })])
    const listed = await ok(ws, 'claims.list', { today: '2026-08-19', status: ['returned'] })
    expect(listed.rows[0].clock).toMatchObject({ daysLeft: 60, stopped: true })
    // It cannot come back before it left, nor jump to verified by hand.
    expect((await refused(ws, 'claims.setStatus', { id: claim.id, status: 'under_verification', on: '2026-07-29' })).code).toBe('VALIDATION')
    expect(await refused(ws, 'claims.setStatus', { id: claim.id, status: 'verified', on: '2026-08-19' })).toMatchObject({
      code: 'CLAIM_MOVE_NOT_ALLOWED',
      details: { from: 'returned', to: 'verified' },
    })
    const resumed = await ok(ws, 'claims.setStatus', { id: claim.id, status: 'under_verification', on: '2026-08-19', today: '2026-08-29' })
    expect(resumed.suspensions[0].resumedOn).toBe('2026-08-19')
    // 20 days before the return, 10 since it came back: 50 left.
    expect(resumed.clock).toMatchObject({ runDays: 30, stoppedDays: 20, daysLeft: 50, stopped: false })
    const late = await ok(ws, 'claims.get', { id: claim.id, today: '2026-10-20' })
    expect(late.clock).toMatchObject({ daysLeft: -2, overdue: true })
  })

  it('are withdrawn with a reason, and then nothing of them changes', async () => {
    const { ws, p, b, claim } = await setUp()
    expect((await refused(ws, 'claims.setStatus', { id: claim.id, status: 'withdrawn', on: '2026-07-12' })).code).toBe('VALIDATION')
    const withdrawn = await ok(ws, 'claims.setStatus', { id: claim.id, status: 'withdrawn', on: '2026-07-12', reason: 'Introduite deux fois' })
    expect(withdrawn).toMatchObject({ status: 'withdrawn', withdrawnReason: 'Introduite deux fois', editable: false, allowedTransitions: [] })
    expect((await refused(ws, 'claims.setStatus', { id: claim.id, status: 'under_verification', on: '2026-07-12' })).code).toBe('CLAIM_MOVE_NOT_ALLOWED')
    expect((await refused(ws, 'claims.save', { projectId: p.id, id: claim.id, values: claimValues })).code).toBe('CLAIM_LOCKED')
    expect((await refused(ws, 'claims.saveLine', { claimId: claim.id, values: { kind: 'lump_sum', budgetLineId: b.lump } })).code).toBe('CLAIM_LOCKED')
    // Withdrawn, it is listed after the claims whose clock still runs: its clock ended.
    const other = await ok(ws, 'claims.save', { projectId: p.id, values: { ...claimValues, reference: 'DC-2026-02' } })
    const ids = (await ok(ws, 'claims.list', { today: '2026-07-20' })).rows.map((r) => r.id)
    expect(ids.filter((id) => id === other.id || id === claim.id)).toEqual([other.id, claim.id])
  })

  it('refuse changes to a verified line and the deletion of a claim with one', async () => {
    const { ws, b, claim } = await setUp()
    const saved = await ok(ws, 'claims.saveLine', { claimId: claim.id, values: { kind: 'unit', budgetLineId: b.unit, units: 2 } })
    const line = saved.lines[0]
    // The verification (database/verification.ts) records outcomes; here written as it would.
    ws.file()
      .sqlite.prepare(
        `UPDATE claim_lines SET outcome = 'accepted', accepted_cents = declared_cents, verified_by = 'V', verified_at = '2026-07-20T10:00:00.000Z' WHERE id = ?`,
      )
      .run(line.id)
    expect((await refused(ws, 'claims.saveLine', { claimId: claim.id, id: line.id, values: { kind: 'unit', budgetLineId: b.unit, units: 3 } })).code).toBe(
      'CLAIM_LOCKED',
    )
    expect((await refused(ws, 'claims.deleteLine', { id: line.id })).code).toBe('CLAIM_LOCKED')
    expect((await refused(ws, 'claims.delete', { id: claim.id })).code).toBe('CLAIM_LOCKED')
    expect((await ok(ws, 'claims.get', { id: claim.id })).deletable).toBe(false)
  })

  it('write audit rows under the project for the claim, its lines and its clock stops', async () => {
    const { ws, p, b, claim } = await setUp()
    const withLine = await ok(ws, 'claims.saveLine', { claimId: claim.id, values: { kind: 'unit', budgetLineId: b.unit, units: 2 } })
    await ok(ws, 'claims.setStatus', { id: claim.id, status: 'returned', on: '2026-07-20', reason: 'Liste des participants' })
    await ok(ws, 'claims.setStatus', { id: claim.id, status: 'under_verification', on: '2026-07-25' })
    const { suspensions } = await ok(ws, 'claims.get', { id: claim.id })
    await ok(ws, 'claims.deleteLine', { id: withLine.lines[0].id })
    const history = (await ok(ws, 'projects.history', { id: p.id })).rows
    // The demo's own claims on this project have audit rows too: only this claim's records count.
    const mine = new Set([claim.id, withLine.lines[0].id, ...suspensions.map((s) => s.id)])
    const ours = history.filter((h) => h.entity.startsWith('claim') && mine.has(h.recordId)).map((h) => `${h.entity}:${h.action}`)
    expect(ours.sort()).toEqual(
      ['claim:create', 'claim_line:create', 'claim_suspension:create', 'claim:update', 'claim_suspension:update', 'claim:update', 'claim_line:delete'].sort(),
    )
    expect(history.find((h) => h.entity === 'claim_suspension' && h.action === 'create' && mine.has(h.recordId))?.officerName).toBe(OFFICER.name)
  })

  it('are refused on a read-only file with READ_ONLY, and read', async () => {
    const { ws, dir, claim, b } = await setUp()
    const file = ws.file().path
    await ws.close()
    const claimCount = countRows(file, 'claims')
    const { ws: reader } = testWorkspace({ dir: path.join(dir, 'reader') })
    await reader.open(file, { readOnly: true })
    const before = snapshot(file)
    for (const [channel, input] of [
      ['claims.save', { projectId: claim.projectId, values: claimValues }],
      ['claims.delete', { id: claim.id }],
      ['claims.saveLine', { claimId: claim.id, values: { kind: 'unit', budgetLineId: b.unit, units: 1 } }],
      ['claims.deleteLine', { id: claim.id }],
      ['claims.setStatus', { id: claim.id, status: 'withdrawn', on: '2026-07-12', reason: 'x' }],
    ] as const) {
      expect((await refused(reader, channel, input)).code, channel).toBe('READ_ONLY')
    }
    expect((await ok(reader, 'claims.get', { id: claim.id })).id).toBe(claim.id)
    const read = await ok(reader, 'claims.list', {})
    expect(read.total).toBe(claimCount)
    expect(read.rows.map((r) => r.id)).toContain(claim.id)
    expectUntouched(file, before)
  })

  it('show on the dashboard (waiting with days left, overdue first; returned apart), in the calendar by their 80-day limit and in a handover’s open items', async () => {
    const { ws, dir, dialogs, p, claim } = await setUp()
    const today = '2026-07-30'
    // The demo's claims show too: each list is compared with itself before these two claims.
    const claimItems = async () =>
      (await ok(ws, 'handover.prepare', { today })).openItems.filter((i) => i.kind === 'claim_verification').map((i) => [i.projectCode, i.label, i.date])
    const { attention: attentionBefore } = await ok(ws, 'dashboard.summary', { today })
    const itemsBefore = await claimItems()
    const late = await ok(ws, 'claims.save', { projectId: p.id, values: { ...claimValues, reference: 'DC-LATE', submittedOn: '2026-05-01' } })
    const back = await ok(ws, 'claims.save', { projectId: p.id, values: { ...claimValues, reference: 'DC-BACK' } })
    await ok(ws, 'claims.setStatus', { id: back.id, status: 'returned', on: '2026-07-20', reason: 'Listes de présence' })
    const { attention } = await ok(ws, 'dashboard.summary', { today })
    const mine = [claim.id, late.id, back.id]
    expect(attention.claimsWaiting.total).toBe(attentionBefore.claimsWaiting.total + 1)
    expect(attention.claimsWaiting.rows.filter((c) => mine.includes(c.claimId)).map((c) => [c.reference, c.clock.daysLeft, c.clock.overdue])).toEqual([
      ['DC-LATE', -10, true],
      ['DC-2026-01', 60, false],
    ])
    expect(attention.claimsReturned.total).toBe(attentionBefore.claimsReturned.total + 1)
    expect(attention.claimsReturned.rows.filter((c) => mine.includes(c.claimId))).toMatchObject([{ claimId: back.id, clock: { stopped: true, daysLeft: 70 } }])

    dialogs.nextSavePath = path.join(dir, 'deadlines.ics')
    const exported = await ok(ws, 'calendar.export', { language: 'en', today })
    if (exported.cancelled) throw new Error('cancelled')
    const ics = fs.readFileSync(exported.path, 'utf8').replace(/\r\n /g, '')
    // Submitted 10 July: due 80 days later, 28 September; the returned claim has no date while stopped.
    expect(ics).toContain(`UID:claim-${claim.id}@amif-desk`)
    expect(ics).toMatch(new RegExp(`UID:claim-${claim.id}@amif-desk[\\s\\S]*?DTSTART;VALUE=DATE:20260928`))
    expect(ics).toContain('AMIF-2024-RV-02 · Interim payment claim: end of the 80-day payment limit')
    expect(ics).toContain(`UID:claim-${late.id}@amif-desk`)
    expect(ics).not.toContain(`UID:claim-${back.id}@amif-desk`)

    // Only the late claim is new (the returned one waits on the beneficiary), listed before the one due later.
    const lateItem = ['AMIF-2024-RV-02', 'interim', '2026-07-20']
    const claimItem = ['AMIF-2024-RV-02', 'interim', '2026-09-28']
    expect(itemsBefore).toContainEqual(claimItem)
    expect(itemsBefore).not.toContainEqual(lateItem)
    const itemsAfter = await claimItems()
    const at = itemsAfter.findIndex((i) => i.join() === lateItem.join())
    expect(at).toBeGreaterThanOrEqual(0)
    expect(itemsAfter.filter((_, n) => n !== at)).toEqual(itemsBefore)
    expect(at).toBeLessThan(itemsAfter.findIndex((i) => i.join() === claimItem.join()))
  })
})
