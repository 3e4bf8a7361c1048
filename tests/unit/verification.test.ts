import { describe, expect, it } from 'vitest'
import { previewMerge } from '../../database/merge'
import { insertRecord } from '../../database/records'
import { sampleLines } from '../../database/verification'
import type { ApiInput } from '../../electron/api/index'
import type { Workspace } from '../../electron/api/workspace'
import { COLLEAGUE, mergePair, OFFICER, ok, projectByCode, refused } from './helpers'
import { message, openNew, projectWithBudget, TODAY } from './money-helpers'

/**
 * The administrative verification of a claim through the API, as the window does it: the sample
 * drawn again identically from its seed, outcomes, the extrapolation, four eyes, the payment the
 * approval writes and its effect on the project's figures, and two approvals merged.
 */

/** A claim (received) with one `actual` line per amount in cents, written as the claims' writer would. */
async function claimWithLines(ws: Workspace, projectId: string, budgetLineId: string, amounts: number[], kind: 'interim' | 'final' = 'interim') {
  const officer = ws.officer()
  return ws
    .writableFile()
    .db.transaction()
    .execute(async (trx) => {
      const target = { entity: 'claim', parentId: projectId }
      const claimId = await insertRecord(
        trx,
        officer,
        { table: 'claims', ...target },
        {
          project_id: projectId,
          kind,
          reference: 'DP-1',
          period_start: '2026-01-01',
          period_end: '2026-06-30',
          submitted_on: '2026-07-10',
          status: 'received',
        },
      )
      const lineIds: string[] = []
      for (const [i, cents] of amounts.entries()) {
        lineIds.push(
          await insertRecord(
            trx,
            officer,
            { table: 'claim_lines', entity: 'claim_line', parentId: projectId },
            {
              claim_id: claimId,
              budget_line_id: budgetLineId,
              line_no: i + 1,
              kind: 'actual',
              expense_date: '2026-03-01',
              supplier: `Fournisseur ${i + 1}`,
              reference: `F-${i + 1}`,
              amount_excl_cents: cents,
              amount_incl_cents: cents,
              declared_cents: cents,
            },
          ),
        )
      }
      return { claimId, lineIds }
    })
}

/** A project of 300 000 € staff costs at 75 % (EU 225 000 €) and a claim with these lines. */
async function setUp(amounts: number[], kind: 'interim' | 'final' = 'interim') {
  const t = await openNew()
  const p = await projectWithBudget(t.ws, t.partnerId, [{ category: 'staff', cents: 30_000_000 }])
  const { claimId, lineIds } = await claimWithLines(t.ws, p.id, p.budget.lines[0].id, amounts, kind)
  return { ...t, project: p, claimId, lineIds }
}

/** 100 lines: 95 small ones (100 € to 1 040 €) and 5 of 6 000 € (lines 20, 40, 60, 80, 100). */
const AMOUNTS = Array.from({ length: 100 }, (_, i) => ((i + 1) % 20 === 0 ? 600_000 : 10_000 + ((i * 37) % 95) * 1_000))
const THRESHOLD = 500_000

type Sampling = ApiInput<'verification.drawSample'>['values']
const random = (seed?: string, size = 10): Sampling => ({ method: 'threshold_random', thresholdCents: THRESHOLD, sampleSize: size, seed })

/** Lines 20, 40, 60, 80, 100 (above the threshold) and five drawn; checked against a separate implementation of the documented rule. */
const PINNED_SAMPLE = [4, 20, 25, 40, 60, 62, 68, 80, 98, 100]

const sampled = (v: { lines: { lineNo: number; inSample: boolean }[] }) => v.lines.filter((l) => l.inSample).map((l) => l.lineNo)

/** Every active checklist question answered yes. */
async function answerAll(ws: Workspace, claimId: string) {
  const v = await ok(ws, 'verification.get', { claimId, today: TODAY })
  for (const q of v.checklist) await ok(ws, 'verification.answer', { claimId, questionId: q.questionId, values: { answer: 'yes' } })
}

/** Every line to check accepted as declared. */
async function acceptAll(ws: Workspace, claimId: string) {
  const v = await ok(ws, 'verification.get', { claimId, today: TODAY })
  for (const l of v.lines.filter((x) => x.toCheck && x.outcome === null))
    await ok(ws, 'verification.setOutcome', { lineId: l.id, values: { outcome: 'accepted' } })
}

describe('sampling', () => {
  it('draws the lines above the threshold and a random sample of the rest, the same again from the same seed', async () => {
    const { ws, claimId } = await setUp(AMOUNTS)
    const first = await ok(ws, 'verification.drawSample', { claimId, values: random('graine-2026') })
    expect(first.claim).toMatchObject({
      samplingMethod: 'threshold_random',
      sampleThresholdCents: THRESHOLD,
      sampleSize: 10,
      sampleSeed: 'graine-2026',
      sampledBy: OFFICER.name,
    })
    expect(first.claim.status).toBe('under_verification')
    const lines = sampled(first)
    expect(lines).toHaveLength(15)
    expect(lines).toEqual(expect.arrayContaining([20, 40, 60, 80, 100]))
    expect(first.progress).toMatchObject({ lines: 100, toCheck: 15, checked: 0 })

    const other = await ok(ws, 'verification.drawSample', { claimId, values: random('autre-graine') })
    expect(sampled(other)).toEqual(expect.arrayContaining([20, 40, 60, 80, 100]))
    expect(sampled(other)).not.toEqual(lines)

    const again = await ok(ws, 'verification.drawSample', { claimId, values: random('graine-2026') })
    expect(sampled(again)).toEqual(lines)
  })

  it('records a new seed of 16 hexadecimal characters when none is given, and draws with it', async () => {
    const { ws, claimId } = await setUp(AMOUNTS)
    const v = await ok(ws, 'verification.drawSample', { claimId, values: random() })
    expect(v.claim.sampleSeed).toMatch(/^[0-9a-f]{16}$/)
    const again = await ok(ws, 'verification.drawSample', { claimId, values: random(v.claim.sampleSeed!) })
    expect(sampled(again)).toEqual(sampled(v))
  })

  it('keeps its algorithm: a known seed draws the same lines in every version of the app', () => {
    const lines = AMOUNTS.map((declaredCents, i) => ({ id: `line-${i + 1}`, lineNo: i + 1, declaredCents }))
    const drawn = sampleLines(lines, { claimId: 'claim-1', seed: 'graine-2026', thresholdCents: THRESHOLD, size: 5 })
    // Pinned: a change of the generator or of the shuffle would make old samples impossible to draw again.
    expect([...drawn].map((id) => Number(id.slice(5))).sort((a, b) => a - b)).toEqual(PINNED_SAMPLE)
    // Lines given in another order draw the same sample (they are ordered by line number first).
    expect(sampleLines([...lines].reverse(), { claimId: 'claim-1', seed: 'graine-2026', thresholdCents: THRESHOLD, size: 5 })).toEqual(drawn)
  })

  it('checks every line with the method "all", and refuses an outcome on a line outside a sample', async () => {
    const { ws, claimId, lineIds } = await setUp(AMOUNTS)
    expect(await refused(ws, 'verification.setOutcome', { lineId: lineIds[0], values: { outcome: 'accepted' } })).toMatchObject({ code: 'LINE_NOT_IN_SAMPLE' })
    const v = await ok(ws, 'verification.drawSample', { claimId, values: random('s1', 3) })
    const outside = v.lines.find((l) => !l.inSample)!
    expect(await refused(ws, 'verification.setOutcome', { lineId: outside.id, values: { outcome: 'accepted' } })).toMatchObject({ code: 'LINE_NOT_IN_SAMPLE' })
    const all = await ok(ws, 'verification.drawSample', { claimId, values: { method: 'all' } })
    expect(all.claim).toMatchObject({ samplingMethod: 'all', sampleSeed: null, sampleThresholdCents: null })
    expect(all.progress.toCheck).toBe(100)
    await ok(ws, 'verification.setOutcome', { lineId: outside.id, values: { outcome: 'accepted' } })
  })

  it('refuses to draw again once a sampled line has an outcome, until it is cleared', async () => {
    const { ws, claimId } = await setUp(AMOUNTS)
    const v = await ok(ws, 'verification.drawSample', { claimId, values: random('s1') })
    const line = v.lines.find((l) => l.inSample)!
    await ok(ws, 'verification.setOutcome', { lineId: line.id, values: { outcome: 'accepted' } })
    expect(await refused(ws, 'verification.drawSample', { claimId, values: random('s2') })).toMatchObject({ code: 'SAMPLE_HAS_OUTCOMES' })
    expect(sampled(await ok(ws, 'verification.get', { claimId }))).toEqual(sampled(v))
    await ok(ws, 'verification.setOutcome', { lineId: line.id, values: { outcome: null } })
    await ok(ws, 'verification.drawSample', { claimId, values: random('s2') })
    for (const lang of ['fr', 'nl', 'en'] as const) expect(message(lang, 'errors.SAMPLE_HAS_OUTCOMES').length).toBeGreaterThan(20)
  })
})

describe('line outcomes and the result', () => {
  it('counts a rejected line as ineligible by its error type and a reduced one by the difference', async () => {
    const { ws, claimId, lineIds } = await setUp([100_000, 200_000, 300_000])
    await ok(ws, 'verification.drawSample', { claimId, values: { method: 'all' } })
    const rejected = await ok(ws, 'verification.setOutcome', {
      lineId: lineIds[0],
      values: { outcome: 'rejected', errorType: 'no_proof_of_payment', comment: 'Pas de preuve de paiement' },
    })
    expect(rejected.lines).toEqual([expect.objectContaining({ lineNo: 1, outcome: 'rejected', acceptedCents: 0, verifiedBy: OFFICER.name })])
    const reduced = await ok(ws, 'verification.setOutcome', {
      lineId: lineIds[1],
      values: { outcome: 'reduced', acceptedCents: 150_000, errorType: 'calculation_error' },
    })
    expect(reduced.result.ineligibleByType).toMatchObject({ no_proof_of_payment: 100_000, calculation_error: 50_000, ineligible_cost: 0 })
    expect(reduced.result.pendingCents).toBe(300_000)
    const done = await ok(ws, 'verification.setOutcome', { lineId: lineIds[2], values: { outcome: 'accepted' } })
    expect(done.result).toMatchObject({
      declaredCents: 600_000,
      ineligibleCents: 150_000,
      eligibleCents: 450_000,
      euShareCents: 337_500,
      payableCents: 337_500,
    })
  })

  it('refuses a difference without its error type and a reduced amount outside 0 and the declared one', async () => {
    const { ws, claimId, lineIds } = await setUp([100_000])
    await ok(ws, 'verification.drawSample', { claimId, values: { method: 'all' } })
    expect(await refused(ws, 'verification.setOutcome', { lineId: lineIds[0], values: { outcome: 'rejected' } })).toMatchObject({
      code: 'VALIDATION',
      details: { issues: [{ path: 'values.errorType', message: 'errorTypeRequired' }] },
    })
    expect(
      await refused(ws, 'verification.setOutcome', { lineId: lineIds[0], values: { outcome: 'reduced', acceptedCents: 100_000, errorType: 'other' } }),
    ).toMatchObject({
      code: 'VALIDATION',
      details: { issues: [{ path: 'values.acceptedCents', message: 'reducedBetween', params: { declaredCents: 100_000 } }] },
    })
    expect(message('fr', 'validation.reducedBetween', { declared: '1 000,00 €' })).toContain('1 000,00 €')
    const v = await ok(ws, 'verification.get', { claimId })
    expect(v.lines[0].outcome).toBeNull()
  })

  it('shows the error of the random sample extrapolated to the lines not checked and deducts it when applied', async () => {
    // Ten lines of 1 000 €, one of 10 000 €: above the 5 000 € threshold it is checked in full.
    const { ws, claimId } = await setUp([...Array.from({ length: 10 }, () => 100_000), 1_000_000])
    const v = await ok(ws, 'verification.drawSample', { claimId, values: { method: 'threshold_random', thresholdCents: THRESHOLD, sampleSize: 2, seed: 'x' } })
    const random2 = v.lines.filter((l) => l.inSample && !l.aboveThreshold)
    expect(random2).toHaveLength(2)
    await ok(ws, 'verification.setOutcome', { lineId: random2[0].id, values: { outcome: 'reduced', acceptedCents: 90_000, errorType: 'ineligible_cost' } })
    await ok(ws, 'verification.setOutcome', { lineId: random2[1].id, values: { outcome: 'accepted' } })
    const big = v.lines.find((l) => l.aboveThreshold)!
    const shown = await ok(ws, 'verification.setOutcome', { lineId: big.id, values: { outcome: 'accepted' } })
    // 10 000 € of error in 200 000 € drawn: 5 %, on the 800 000 € not checked = 40 000 €.
    expect(shown.result.extrapolation).toMatchObject({ errorRateBp: 500, uncheckedDeclaredCents: 800_000, projectedCents: 40_000, applied: false })
    expect(shown.result.eligibleCents).toBe(1_990_000)
    const applied = await ok(ws, 'verification.setExtrapolation', { claimId, apply: true })
    expect(applied.claim.applyExtrapolation).toBe(true)
    expect(applied.result).toMatchObject({ correctionCents: 40_000, eligibleCents: 1_950_000 })
    expect(applied.result.payableCents).toBe(shown.result.payableCents - 30_000)
  })
})

describe('four eyes', () => {
  async function prepared() {
    const s = await setUp([100_000, 200_000])
    await ok(s.ws, 'verification.drawSample', { claimId: s.claimId, values: { method: 'all' } })
    expect(await refused(s.ws, 'verification.prepare', { claimId: s.claimId })).toMatchObject({
      code: 'VERIFICATION_INCOMPLETE',
      details: { linesPending: 2, questionsPending: 8 },
    })
    await answerAll(s.ws, s.claimId)
    await acceptAll(s.ws, s.claimId)
    const v = await ok(s.ws, 'verification.prepare', { claimId: s.claimId })
    expect(v.claim).toMatchObject({ preparedBy: OFFICER.name, status: 'under_verification' })
    expect(v.can).toMatchObject({ approve: true, ownPreparation: true })
    return s
  }

  it('lets a second officer approve without a reason', async () => {
    const { ws, claimId } = await prepared()
    ws.updateSettings({ officer: COLLEAGUE })
    const v = await ok(ws, 'verification.approve', { claimId, today: '2026-08-01' })
    expect(v.claim).toMatchObject({ status: 'verified', preparedBy: OFFICER.name, approvedBy: COLLEAGUE.name, selfApprovalReason: null })
  })

  it('can be undone before payment and approved again, the claim keeping one payment', async () => {
    const { ws, claimId, project } = await prepared()
    ws.updateSettings({ officer: COLLEAGUE })
    const first = await ok(ws, 'verification.approve', { claimId, today: '2026-08-01' })
    const undone = await ok(ws, 'verification.undoApproval', { claimId, reason: 'Approuvée trop tôt' })
    expect(undone).toMatchObject({ claim: { status: 'under_verification', approvedBy: null }, payment: null })
    const again = await ok(ws, 'verification.approve', { claimId, today: '2026-08-03' })
    expect(again.payment).toMatchObject({ id: first.payment!.id, plannedDate: '2026-08-03', status: 'requested' })
    const p = await ok(ws, 'projects.get', { id: project.id, today: TODAY })
    expect(p.payments).toHaveLength(1)
  })

  it('asks the officer who prepared it for a reason, and keeps that reason in the history', async () => {
    const { ws, claimId, project } = await prepared()
    expect(await refused(ws, 'verification.approve', { claimId })).toMatchObject({ code: 'SELF_APPROVAL_REASON' })
    expect(await refused(ws, 'verification.approve', { claimId, reason: '   ' })).toMatchObject({ code: 'SELF_APPROVAL_REASON' })
    const reason = 'Collègue en congé de longue durée; validation par le chef de service le 3/8'
    const v = await ok(ws, 'verification.approve', { claimId, reason, today: '2026-08-01' })
    expect(v.claim).toMatchObject({ status: 'verified', approvedBy: OFFICER.name, selfApprovalReason: reason })
    const history = (await ok(ws, 'projects.history', { id: project.id })).rows
    const approval = history.find((h) => h.entity === 'claim' && h.after?.approvedBy === OFFICER.name)
    expect(approval?.after).toMatchObject({ status: 'verified', selfApprovalReason: reason, preparedBy: OFFICER.name })
  })

  it('withdraws the preparation when the verification changes after it, and locks it once approved', async () => {
    const { ws, claimId, lineIds } = await prepared()
    const changed = await ok(ws, 'verification.setOutcome', { lineId: lineIds[0], values: { outcome: 'rejected', errorType: 'double_funding' } })
    expect(changed.claim.preparedBy).toBeNull()
    expect(await refused(ws, 'verification.approve', { claimId, reason: 'x' })).toMatchObject({ code: 'VERIFICATION_NOT_PREPARED' })
    await ok(ws, 'verification.prepare', { claimId })
    ws.updateSettings({ officer: COLLEAGUE })
    await ok(ws, 'verification.approve', { claimId })
    expect(await refused(ws, 'verification.setOutcome', { lineId: lineIds[1], values: { outcome: null } })).toMatchObject({ code: 'VERIFICATION_CLOSED' })
  })
})

describe('the payment of an approved claim', () => {
  it('is requested on the approval day, linked to the claim; paid, it moves the claim to paid and the project’s figures', async () => {
    const { ws, claimId, project } = await setUp([1_000_000, 2_000_000])
    await ok(ws, 'verification.drawSample', { claimId, values: { method: 'all' } })
    await answerAll(ws, claimId)
    await acceptAll(ws, claimId)
    await ok(ws, 'verification.prepare', { claimId })
    ws.updateSettings({ officer: COLLEAGUE })
    const v = await ok(ws, 'verification.approve', { claimId, today: '2026-08-01' })
    expect(v.result.payableCents).toBe(2_250_000)
    expect(v.payment).toMatchObject({ kind: 'interim', status: 'requested', plannedDate: '2026-08-01', plannedCents: 2_250_000 })

    const before = await ok(ws, 'projects.get', { id: project.id, today: TODAY })
    const payment = before.payments.find((p) => p.id === v.payment!.id)!
    expect(before.paymentSummary).toMatchObject({ paidCents: 0, toPayCents: 22_500_000 })
    expect(await refused(ws, 'payments.delete', { id: payment.id })).toMatchObject({ code: 'PAYMENT_OF_CLAIM' })

    const after = await ok(ws, 'payments.save', {
      projectId: project.id,
      id: payment.id,
      values: { kind: 'interim', plannedDate: '2026-08-01', plannedCents: 2_250_000, status: 'paid', paidDate: '2026-08-20', paidCents: 2_250_000 },
    })
    expect(after.paymentSummary).toMatchObject({ paidCents: 2_250_000, toPayCents: 20_250_000 })
    const paid = await ok(ws, 'verification.get', { claimId, today: '2026-09-01' })
    expect(paid.claim.status).toBe('paid')
    expect(paid.clock.runDays).toBe(41) // from 10 July to the payment on 20 August
    expect(await refused(ws, 'verification.undoApproval', { claimId, reason: 'Erreur' })).toMatchObject({ code: 'CLAIM_PAYMENT_PAID' })
    // A payment marked paid by mistake and put back: the claim is verified again, not paid.
    await ok(ws, 'payments.save', {
      projectId: project.id,
      id: payment.id,
      values: { kind: 'interim', plannedDate: '2026-08-01', plannedCents: 2_250_000, status: 'requested' },
    })
    expect((await ok(ws, 'verification.get', { claimId })).claim.status).toBe('verified')
  })

  it('names its claim in the project’s payment schedule, where a payment planned by hand names none', async () => {
    const { ws, claimId, project } = await setUp([1_000_000])
    await ok(ws, 'payments.save', { projectId: project.id, values: { kind: 'advance', plannedDate: '2026-02-01', plannedRateBp: 4000, status: 'planned' } })
    await ok(ws, 'verification.drawSample', { claimId, values: { method: 'all' } })
    await answerAll(ws, claimId)
    await acceptAll(ws, claimId)
    await ok(ws, 'verification.prepare', { claimId })
    ws.updateSettings({ officer: COLLEAGUE })
    const v = await ok(ws, 'verification.approve', { claimId, today: '2026-08-01' })
    const { payments } = await ok(ws, 'projects.get', { id: project.id, today: TODAY })
    expect(payments.find((p) => p.kind === 'advance')!.claim).toBeNull()
    expect(payments.find((p) => p.id === v.payment!.id)!.claim).toEqual({
      id: claimId,
      kind: 'interim',
      reference: 'DP-1',
      periodStart: '2026-01-01',
      periodEnd: '2026-06-30',
    })
  })

  it('writes no payment when nothing is payable: the advance paid clears the EU share', async () => {
    const { ws, claimId, project } = await setUp([1_000_000])
    // A schedule planned to 100 %: 40 % advance paid, 30 % interim and 30 % balance planned.
    await ok(ws, 'payments.save', {
      projectId: project.id,
      values: { kind: 'advance', plannedDate: '2026-02-01', plannedRateBp: 4000, status: 'paid', paidDate: '2026-02-03', paidCents: 9_000_000 },
    })
    await ok(ws, 'payments.save', { projectId: project.id, values: { kind: 'interim', plannedDate: '2026-09-01', plannedRateBp: 3000, status: 'planned' } })
    await ok(ws, 'payments.save', { projectId: project.id, values: { kind: 'balance', plannedDate: '2027-09-01', plannedRateBp: 3000, status: 'planned' } })
    await ok(ws, 'verification.drawSample', { claimId, values: { method: 'all' } })
    await answerAll(ws, claimId)
    await acceptAll(ws, claimId)
    await ok(ws, 'verification.prepare', { claimId })
    ws.updateSettings({ officer: COLLEAGUE })
    // 10 000 € declared, EU share 7 500 €: all cleared against the 90 000 € advance, nothing payable.
    const v = await ok(ws, 'verification.approve', { claimId, today: '2026-08-01' })
    expect(v.result).toMatchObject({ euShareCents: 750_000, advanceClearedCents: 750_000, payableCents: 0 })
    expect(v.payment).toBeNull()
    const p = await ok(ws, 'projects.get', { id: project.id, today: TODAY })
    expect(p.payments.map((x) => [x.kind, x.status])).toEqual([
      ['advance', 'paid'],
      ['interim', 'planned'],
      ['balance', 'planned'],
    ])
  })

  it('takes over the next scheduled payment of its kind and never exceeds the EU contribution left', async () => {
    const t = await openNew()
    // 10 000 € of staff costs: EU 7 500 €; a claim of 20 000 € declared cannot be paid above it.
    const project = await projectWithBudget(t.ws, t.partnerId, [{ category: 'staff', cents: 1_000_000 }])
    await ok(t.ws, 'payments.save', {
      projectId: project.id,
      values: { kind: 'advance', plannedDate: '2026-02-01', plannedCents: 300_000, status: 'paid', paidDate: '2026-02-01', paidCents: 300_000 },
    })
    const planned = await ok(t.ws, 'payments.save', {
      projectId: project.id,
      values: { kind: 'balance', plannedDate: '2027-03-01', plannedCents: 450_000, status: 'planned' },
    })
    const scheduled = planned.payments.find((x) => x.kind === 'balance')!
    const { claimId } = await claimWithLines(t.ws, project.id, project.budget.lines[0].id, [2_000_000], 'final')
    await ok(t.ws, 'verification.drawSample', { claimId, values: { method: 'all' } })
    await answerAll(t.ws, claimId)
    await acceptAll(t.ws, claimId)
    await ok(t.ws, 'verification.prepare', { claimId })
    t.ws.updateSettings({ officer: COLLEAGUE })
    const v = await ok(t.ws, 'verification.approve', { claimId, today: '2026-08-01' })
    expect(v.result).toMatchObject({
      euShareCents: 1_500_000,
      advanceClearedCents: 300_000,
      remainingBalanceCents: 450_000,
      payableCents: 450_000,
      cappedByBalance: true,
    })
    expect(v.payment).toMatchObject({ id: scheduled.id, kind: 'balance', status: 'requested', plannedCents: 450_000 })
    const p = await ok(t.ws, 'projects.get', { id: project.id, today: TODAY })
    expect(p.payments).toHaveLength(2)
    expect(p.paymentSummary.plannedCents).toBe(750_000)

    const undone = await ok(t.ws, 'verification.undoApproval', { claimId, reason: 'Montant à revoir' })
    expect(undone.claim).toMatchObject({ status: 'under_verification', approvedBy: null, preparedBy: OFFICER.name })
    expect(undone.payment).toBeNull()
    const back = await ok(t.ws, 'projects.get', { id: project.id, today: TODAY })
    expect(back.payments.find((x) => x.id === scheduled.id)).toMatchObject({ status: 'planned', kind: 'balance' })
    const history = (await ok(t.ws, 'projects.history', { id: project.id })).rows
    expect(history.find((h) => h.entity === 'claim_approval')?.after).toEqual({ reason: 'Montant à revoir' })
  })
})

describe('an approval the schedule has no room for', () => {
  it('is refused with what to do, and changes nothing', async () => {
    const { ws, claimId, project } = await setUp([1_000_000, 20_000_000])
    // Advance 40 % paid and balance 60 % planned: no interim payment to take over, nothing left to plan.
    await ok(ws, 'payments.save', {
      projectId: project.id,
      values: { kind: 'advance', plannedDate: '2026-02-01', plannedRateBp: 4000, status: 'paid', paidDate: '2026-02-03', paidCents: 9_000_000 },
    })
    await ok(ws, 'payments.save', { projectId: project.id, values: { kind: 'balance', plannedDate: '2027-09-01', plannedRateBp: 6000, status: 'planned' } })
    await ok(ws, 'verification.drawSample', { claimId, values: { method: 'all' } })
    await answerAll(ws, claimId)
    await acceptAll(ws, claimId)
    await ok(ws, 'verification.prepare', { claimId })
    ws.updateSettings({ officer: COLLEAGUE })
    const error = await refused(ws, 'verification.approve', { claimId, today: '2026-08-01' })
    // EU share 157 500 € less the 90 000 € advance: 67 500 € payable, all of it above the schedule.
    expect(error).toMatchObject({
      code: 'VALIDATION',
      details: { issues: [{ path: 'payment', message: 'claimPaymentAboveSchedule', params: { excessCents: 6_750_000 } }] },
    })
    expect(message('nl', 'validation.claimPaymentAboveSchedule', { excess: '€ 67.500,00' })).toContain('€ 67.500,00')
    const v = await ok(ws, 'verification.get', { claimId })
    expect(v.claim).toMatchObject({ status: 'under_verification', approvedBy: null })
    expect(v.payment).toBeNull()
  })
})

describe('the checklist', () => {
  it('is read in the officer’s language; its questions are reference data: added, edited, deactivated, never deleted once answered', async () => {
    const { ws, claimId } = await setUp([100_000])
    const fr = await ok(ws, 'verification.get', { claimId, lang: 'fr' })
    expect(fr.checklist).toHaveLength(8)
    expect(fr.checklist[2]).toMatchObject({ questionId: 'proof_of_payment', text: 'La preuve du paiement de chaque dépense est fournie.', answer: null })
    const nl = await ok(ws, 'verification.get', { claimId, lang: 'nl' })
    expect(nl.checklist[2].text).toBe('Het betalingsbewijs van elke uitgave is voorgelegd.')

    const answered = await ok(ws, 'verification.answer', { claimId, questionId: 'proof_of_payment', values: { answer: 'no', comment: 'Extraits manquants' } })
    expect(answered.checklist[2]).toMatchObject({ answer: 'no', comment: 'Extraits manquants', answeredBy: OFFICER.name })

    const added = await ok(ws, 'verification.saveQuestion', {
      values: { textFr: 'Les listes de présence sont signées.', textNl: 'De aanwezigheidslijsten zijn ondertekend.', textEn: 'Attendance lists are signed.' },
    })
    expect(added).toMatchObject({ sortOrder: 90, active: true, answers: 0 })
    expect((await ok(ws, 'verification.get', { claimId, lang: 'en' })).checklist.at(-1)?.text).toBe('Attendance lists are signed.')
    await ok(ws, 'verification.deleteQuestion', { id: added.id })

    expect(await refused(ws, 'verification.deleteQuestion', { id: 'proof_of_payment' })).toMatchObject({ code: 'QUESTION_ANSWERED' })
    const q = (await ok(ws, 'verification.questions', {})).find((x) => x.id === 'proof_of_payment')!
    expect(q.answers).toBe(1)
    await ok(ws, 'verification.saveQuestion', {
      id: q.id,
      expectedUpdatedAt: q.updatedAt,
      values: { textFr: q.textFr, textNl: q.textNl, textEn: q.textEn, legalBasis: q.legalBasis, active: false },
    })
    // Deactivated: no longer asked, but this claim's answer stays visible.
    const after = await ok(ws, 'verification.get', { claimId })
    expect(after.progress.questions).toBe(7)
    expect(after.checklist.find((x) => x.questionId === 'proof_of_payment')).toMatchObject({ active: false, answer: 'no' })
  })
})

describe('merge', () => {
  it('shows a claim verified on both sides as a conflict, side by side', async () => {
    let claimId = ''
    const { mine, theirs, theirsPath } = await mergePair(async (ws) => {
      // A project whose schedule has room for the approval's payment: on AMIF-2024-RV-01 the demo's verified
      // claim took the scheduled interim payment, so approving another is refused (claimPaymentAboveSchedule).
      const p = await projectByCode(ws, 'AMIF-2024-RV-02')
      const line = p.budget.lines.find((l) => l.costModel === 'actual_costs')!
      claimId = (await claimWithLines(ws, p.id, line.id, [100_000, 50_000])).claimId
      await ok(ws, 'verification.drawSample', { claimId, values: { method: 'all' } })
      await answerAll(ws, claimId)
      await acceptAll(ws, claimId)
      await ok(ws, 'verification.prepare', { claimId })
    })
    await ok(mine, 'verification.approve', { claimId, reason: 'Seul agent disponible', today: '2026-08-01' })
    await ok(theirs, 'verification.approve', { claimId, today: '2026-08-02' })
    await theirs.close()
    const preview = await previewMerge(mine.file(), theirsPath)
    const conflict = preview.conflicts.find((c) => c.key === `claims:${claimId}`)
    expect(conflict).toMatchObject({
      kind: 'edit_edit',
      mine: { status: 'verified', approvedBy: OFFICER.name, selfApprovalReason: 'Seul agent disponible' },
      theirs: { status: 'verified', approvedBy: COLLEAGUE.name, selfApprovalReason: null },
    })
    expect(conflict!.fields).toEqual(expect.arrayContaining(['approvedBy', 'selfApprovalReason']))
  })
})
