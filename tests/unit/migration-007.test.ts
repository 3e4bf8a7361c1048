import path from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { MIGRATIONS } from '../../database/migrations'
import { makeFileAtVersion, ok, refused, tempDir, testWorkspace } from './helpers'
import { TODAY } from './money-helpers'

/** The schema version just before migration 007 (the file an officer opens after updating). */
const PREVIOUS = MIGRATIONS[MIGRATIONS.findIndex((m) => m.version === 7) - 1].version
const STAMP = { created_at: '2024-02-01T09:00:00.000Z', updated_at: '2024-02-01T09:00:00.000Z', updated_by: 'Ancien agent' }

/** A file of the previous version holding a running Annex IV project at 95 % (its ceiling is 90 %). */
function previousFile(filePath: string): string {
  makeFileAtVersion(filePath, PREVIOUS)
  const db = new Database(filePath)
  try {
    db.prepare(
      `INSERT INTO organisations (id, name, kind, created_at, updated_at, updated_by) VALUES ('11111111-1111-4111-8111-111111111111', 'Caritas International', 'ngo', @created_at, @updated_at, @updated_by)`,
    ).run(STAMP)
    db.prepare(
      `INSERT INTO projects (id, code, title, beneficiary_id, strand, objective_code, start_date, end_date, status, eu_rate_bp, rate_ground, rate_justification, created_at, updated_at, updated_by)
       VALUES ('22222222-2222-4222-8222-222222222222', 'AMIF-2024-RV-01', 'Retour volontaire', '11111111-1111-4111-8111-111111111111', 'voluntary_return', 'SO3', '2026-01-01', '2026-12-31', 'running', 9500, 'annex_iv', 'Retour volontaire assisté', @created_at, @updated_at, @updated_by)`,
    ).run(STAMP)
    db.prepare(
      `INSERT INTO budget_lines (id, project_id, category, cost_model, description, amount_cents, sort_order, created_at, updated_at, updated_by)
       VALUES ('33333333-3333-4333-8333-333333333333', '22222222-2222-4222-8222-222222222222', 'staff', 'actual_costs', 'Accompagnateurs', 30000000, 1, @created_at, @updated_at, @updated_by)`,
    ).run(STAMP)
  } finally {
    db.close()
  }
  return filePath
}

describe('opening a file of the previous version that holds a project above its ceiling', () => {
  it('opens, keeps the rate and the ground, warns on the project and turns its light red with the reason', async () => {
    const filePath = previousFile(path.join(tempDir(), 'avant.amif'))
    const { ws } = testWorkspace()
    await ws.open(filePath)
    const p = await ok(ws, 'projects.get', { id: '22222222-2222-4222-8222-222222222222', today: TODAY })
    expect(p).toMatchObject({ euRateBp: 9500, rateGround: 'annex_iv', rateJustification: 'Retour volontaire assisté' })
    expect(p.moneyChecks).toContainEqual({ code: 'rate_above_ceiling', params: { rateBp: 9500, ceilingBp: 9000, article: '15(3)', ground: 'annex_iv' } })
    expect(p.rag).toBe('red')
    expect(p.ragDetail.reasons).toContainEqual({ code: 'rate_above_ceiling', severity: 'red', params: { ratePct: 95, ceilingPct: 90 } })
    // No flat rate chosen, no line changed: the money is what it was (300 000 € at 95 %).
    expect(p.budget).toMatchObject({
      eligibleCents: 30_000_000,
      euCents: 28_500_000,
      flatRates: [],
      options: { indirect: null, staffRateBp: null, remainingRateBp: null, scoExemption: null },
    })
    expect(p.budget.lines[0]).toMatchObject({ publicProcurement: false, computedCents: 30_000_000 })

    // Saving it unchanged is refused with the ceiling's message: the officer corrects it, nothing else does.
    const values = {
      code: p.code,
      title: p.title,
      beneficiaryId: p.beneficiaryId,
      strand: p.strand,
      objectiveCode: p.objectiveCode,
      startDate: p.startDate,
      endDate: p.endDate,
      euRateBp: p.euRateBp,
      rateGround: p.rateGround,
      rateJustification: p.rateJustification,
    }
    const update = await refused(ws, 'projects.update', { id: p.id, values })
    expect(update).toMatchObject({ code: 'VALIDATION', details: { issues: [{ path: 'values.euRateBp', message: 'rateCeiling.annex_iv' }] } })
    const fixed = await ok(ws, 'projects.update', { id: p.id, values: { ...values, euRateBp: 9000 }, today: TODAY })
    expect(fixed.moneyChecks.map((c) => c.code)).not.toContain('rate_above_ceiling')
    expect(fixed.ragDetail.reasons.map((r) => r.code)).not.toContain('rate_above_ceiling')
  })
})
