import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { claimClock, claimResult, declaredCents, type ClaimResultInput, type VerifiedLine } from '../../database/domain/claims'
import { NO_COST_OPTIONS } from '../../database/domain/money'
import * as vocabulary from '../../database/domain/vocabulary'
import { registerAppFunctions } from '../../database/file/app-schema'
import { migrate } from '../../database/file/migrate'
import { CLAIM_VOCABULARIES, CHECKLIST_SEED } from '../../database/migrations/012_claims'

const line = (declared: number, patch: Partial<VerifiedLine> = {}): VerifiedLine => ({
  category: 'other',
  publicProcurement: false,
  declaredCents: declared,
  inSample: true,
  outcome: 'accepted',
  acceptedCents: declared,
  errorType: null,
  ...patch,
})
const input = (patch: Partial<ClaimResultInput>): ClaimResultInput => ({
  lines: [],
  flatRateLines: [],
  costOptions: NO_COST_OPTIONS,
  euRateBp: 7500,
  samplingMethod: null,
  sampleThresholdCents: null,
  applyExtrapolation: false,
  euContributionCents: 100_000_00,
  earlierEuShareCents: 0,
  paidCents: 0,
  ...patch,
})

describe('a claim line declares what its kind computes, never a typed amount', () => {
  const actual = {
    kind: 'actual' as const,
    amountExclCents: 1000_00,
    amountInclCents: 1210_00,
    vatEligible: false,
    hoursHundredths: null,
    hourlyRateCents: null,
    units: null,
  }
  const budget = { costModel: 'actual_costs' as const, amountCents: 5000_00, unitCostCents: null }
  it('takes the amount without VAT unless VAT is eligible', () => {
    expect(declaredCents(actual, budget)).toBe(1000_00)
    expect(declaredCents({ ...actual, vatEligible: true }, budget)).toBe(1210_00)
  })
  it('counts staff time as hours × the Art. 55(2) hourly rate, and units at the budget line’s unit cost', () => {
    const staff = { ...actual, kind: 'staff' as const, hoursHundredths: 12_550, hourlyRateCents: 3488 }
    expect(declaredCents(staff, budget)).toBe(Math.floor((12_550 * 3488) / 100))
    const unit = { ...actual, kind: 'unit' as const, units: 12 }
    expect(declaredCents(unit, { costModel: 'unit_cost', amountCents: null, unitCostCents: 2000_00 })).toBe(24_000_00)
    expect(declaredCents(unit, budget)).toBeNull()
    expect(declaredCents({ ...actual, kind: 'lump_sum' }, { costModel: 'lump_sum', amountCents: 15_000_00, unitCostCents: null })).toBe(15_000_00)
  })
})

describe('the 80-day clock', () => {
  it('runs from submission, stops while the claim is returned for information and runs again when it comes back', () => {
    expect(claimClock('2026-09-01', [], '2026-10-01')).toMatchObject({ runDays: 30, daysLeft: 50, overdue: false, stopped: false })
    const stopped = claimClock('2026-09-01', [{ stoppedOn: '2026-09-11', resumedOn: null }], '2026-10-01')
    expect(stopped).toMatchObject({ runDays: 10, stoppedDays: 20, daysLeft: 70, stopped: true })
    const resumed = claimClock('2026-09-01', [{ stoppedOn: '2026-09-11', resumedOn: '2026-09-21' }], '2026-12-01')
    expect(resumed).toMatchObject({ runDays: 81, stoppedDays: 10, daysLeft: -1, overdue: true, stopped: false })
  })
  it('ends when the claim is paid', () => {
    expect(claimClock('2026-09-01', [], '2026-12-31', '2026-10-01')).toMatchObject({ runDays: 30, overdue: false })
  })
})

describe('the result of a verification', () => {
  it('counts rejected and reduced lines as ineligible by error type and recomputes flat rates on the accepted base', () => {
    const r = claimResult(
      input({
        lines: [
          line(10_000_00, { category: 'staff' }),
          line(5_000_00, { outcome: 'reduced', acceptedCents: 3_000_00, errorType: 'no_proof_of_payment' }),
          line(1_000_00, { outcome: 'rejected', acceptedCents: 0, errorType: 'outside_period' }),
        ],
        costOptions: { indirect: 'art54a', indirectRateBp: 700, staffRateBp: null, remainingRateBp: null },
      }),
    )
    expect(r.declaredCents).toBe(16_000_00)
    expect(r.ineligibleByType).toMatchObject({ no_proof_of_payment: 2_000_00, outside_period: 1_000_00 })
    expect(r.acceptedDirectCents).toBe(13_000_00)
    expect(r.flatRates).toEqual([expect.objectContaining({ kind: 'art54a', baseCents: 13_000_00, cents: 910_00 })])
    expect(r.eligibleCents).toBe(13_910_00)
    expect(r.euShareCents).toBe(10_432_50)
    expect(r.payableCents).toBe(10_432_50)
  })

  it('projects the random sample’s error rate on the lines not checked, deducted only when applied', () => {
    const lines = [
      line(50_000_00, { inSample: true }), // above the threshold: checked in full, not extrapolated
      line(1_000_00, { inSample: true, outcome: 'reduced', acceptedCents: 900_00, errorType: 'calculation_error' }),
      line(1_000_00, { inSample: true }),
      line(2_000_00, { inSample: false, outcome: null, acceptedCents: null }),
      line(3_000_00, { inSample: false, outcome: null, acceptedCents: null }),
    ]
    const shown = claimResult(input({ lines, samplingMethod: 'threshold_random', sampleThresholdCents: 10_000_00 }))
    expect(shown.extrapolation).toEqual(
      expect.objectContaining({
        randomDeclaredCents: 2_000_00,
        randomErrorCents: 100_00,
        errorRateBp: 500,
        uncheckedDeclaredCents: 5_000_00,
        projectedCents: 250_00,
        applied: false,
      }),
    )
    expect(shown.correctionCents).toBe(0)
    expect(shown.eligibleCents).toBe(56_900_00)
    const applied = claimResult(input({ lines, samplingMethod: 'threshold_random', sampleThresholdCents: 10_000_00, applyExtrapolation: true }))
    expect(applied.correctionCents).toBe(250_00)
    expect(applied.eligibleCents).toBe(56_650_00)
  })

  it('clears what was paid in advance first and never pays above what is left of the EU contribution', () => {
    const lines = [line(40_000_00)]
    // An advance of 10 000 €: the EU share of 30 000 € is paid less the advance.
    expect(claimResult(input({ lines, paidCents: 10_000_00 }))).toMatchObject({
      euShareCents: 30_000_00,
      advanceClearedCents: 10_000_00,
      payableCents: 20_000_00,
    })
    // A second claim after the advance was cleared by the first: nothing more is deducted.
    expect(claimResult(input({ lines, paidCents: 30_000_00, earlierEuShareCents: 30_000_00 }))).toMatchObject({
      advanceClearedCents: 0,
      payableCents: 30_000_00,
    })
    // The EU contribution is 50 000 €, 30 000 € already paid: 20 000 € at most.
    const capped = claimResult(input({ lines, euContributionCents: 50_000_00, paidCents: 30_000_00, earlierEuShareCents: 30_000_00 }))
    expect(capped).toMatchObject({ payableCents: 20_000_00, cappedByBalance: true, remainingBalanceCents: 20_000_00 })
  })

  it('leaves sampled lines not yet checked pending, never accepted', () => {
    const r = claimResult(input({ lines: [line(1_000_00, { outcome: null, acceptedCents: null })], samplingMethod: 'all' }))
    expect(r).toMatchObject({ pendingCents: 1_000_00, eligibleCents: 0, payableCents: 0 })
  })
})

describe('migration 012', () => {
  it('writes the claim vocabularies of the app', () => {
    expect(CLAIM_VOCABULARIES).toEqual({
      claimKinds: vocabulary.CLAIM_KINDS,
      claimStatuses: vocabulary.CLAIM_STATUSES,
      claimLineKinds: vocabulary.CLAIM_LINE_KINDS,
      lineOutcomes: vocabulary.LINE_OUTCOMES,
      errorTypes: vocabulary.ERROR_TYPES,
      checkAnswers: vocabulary.CHECK_ANSWERS,
      samplingMethods: vocabulary.SAMPLING_METHODS,
      visitStatuses: vocabulary.VISIT_STATUSES,
      findingSeverities: vocabulary.FINDING_SEVERITIES,
      recommendationStatuses: vocabulary.RECOMMENDATION_STATUSES,
    })
  })

  it('seeds the checklist in three languages with an empty version vector, so two files hold the same questions', () => {
    const db = new Database(':memory:')
    registerAppFunctions(db)
    migrate(db)
    const rows = db.prepare('SELECT id, text_nl, sync_vv FROM checklist_questions ORDER BY sort_order').all() as {
      id: string
      text_nl: string
      sync_vv: string
    }[]
    expect(rows.map((r) => r.id)).toEqual(CHECKLIST_SEED.map((q) => q.id))
    expect(rows.every((r) => r.sync_vv === '{}' && r.text_nl.length > 10)).toBe(true)
    db.close()
  })

  it('refuses a staff line whose amount is not hours × rate, and a self-approval without a reason', () => {
    const db = new Database(':memory:')
    registerAppFunctions(db)
    migrate(db)
    db.exec(`INSERT INTO meta (id, file_id, created_at, created_with_version) VALUES (1, 'f1', '2026-01-01T00:00:00.000Z', 't') ON CONFLICT DO NOTHING`)
    const at = "'2026-01-01T00:00:00.000Z'"
    db.exec(
      `INSERT INTO organisations (id, name, kind, country, working_languages, archived, created_at, updated_at, updated_by) VALUES ('o', 'IOM', 'international_organisation', 'BE', '[]', 0, ${at}, ${at}, 'x')`,
    )
    db.exec(`INSERT INTO projects (id, code, title, beneficiary_id, strand, objective_code, start_date, end_date, status, eu_rate_bp, created_at, updated_at, updated_by)
      VALUES ('p', 'P-1', 'T', 'o', 'reception', 'SO1', '2026-01-01', '2027-12-31', 'running', 7500, ${at}, ${at}, 'x')`)
    db.exec(`INSERT INTO budget_lines (id, project_id, category, cost_model, description, amount_cents, sort_order, created_at, updated_at, updated_by)
      VALUES ('b', 'p', 'staff', 'actual_costs', 'Staff', 100000, 1, ${at}, ${at}, 'x')`)
    const claim = (id: string, extra = '', values = '') =>
      db.exec(`INSERT INTO claims (id, project_id, kind, period_start, period_end, submitted_on, status${extra}, created_at, updated_at, updated_by)
        VALUES ('${id}', 'p', 'interim', '2026-01-01', '2026-06-30', '2026-07-15', ${values || "'received'"}, ${at}, ${at}, 'x')`)
    claim('c')
    const staff = (declared: number) =>
      db.exec(`INSERT INTO claim_lines (id, claim_id, budget_line_id, line_no, kind, person_name, hours_hundredths, hourly_rate_cents, declared_cents, created_at, updated_at, updated_by)
        VALUES ('l${declared}', 'c', 'b', 1, 'staff', 'A. Person', 1000, 3000, ${declared}, ${at}, ${at}, 'x')`)
    expect(() => staff(99_999)).toThrow(/CHECK/)
    staff(30_000)
    const approval = `, prepared_by, prepared_at, approved_by, approved_at`
    expect(() => claim('c2', approval, `'verified', 'Anne', ${at}, 'Anne', ${at}`)).toThrow(/CHECK/)
    claim('c3', approval + ', self_approval_reason', `'verified', 'Anne', ${at}, 'Anne', ${at}, 'Only officer on duty'`)
    db.close()
  })
})
