import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { runHere } from './cli-helpers'
import { countRows, expectUntouched, ok, openNewFile, projectByCode, snapshot, testWorkspace } from './helpers'

/** `claims <file>`: the payment claims with their amounts, status and days left, read-only. */
describe('the claims command', () => {
  it('lists every claim (or one project’s) by days left with declared, accepted, ineligible and payable amounts, as JSON and as text', async () => {
    const { ws, dir } = testWorkspace()
    const file = await openNewFile(ws, path.join(dir, 'claims.amif'), { demo: true })
    const p = await projectByCode(ws, 'AMIF-2024-RV-02')
    const withUnits = await ok(ws, 'budget.saveLine', {
      projectId: p.id,
      values: { category: 'target_group_costs', costModel: 'unit_cost', description: 'Kits', units: 100, unitCostCents: 150_000 },
    })
    const unitLine = withUnits.budget.lines.find((b) => b.description === 'Kits')!
    const values = { kind: 'interim', reference: 'DC-01', periodStart: '2026-01-01', periodEnd: '2026-06-30', submittedOn: '2026-07-10' } as const
    const first = await ok(ws, 'claims.save', { projectId: p.id, values })
    await ok(ws, 'claims.saveLine', { claimId: first.id, values: { kind: 'unit', budgetLineId: unitLine.id, units: 4 } })
    const other = await projectByCode(ws, 'AMIF-2024-RV-01')
    const second = await ok(ws, 'claims.save', { projectId: other.id, values: { ...values, reference: 'IOM-07', submittedOn: '2026-05-01' } })
    await ok(ws, 'claims.setStatus', { id: second.id, status: 'returned', on: '2026-07-01', reason: 'Preuves manquantes' })
    await ws.close()
    const before = snapshot(file)

    const run = await runHere(['claims', file, '--json', '--today', '2026-07-30'])
    expect(run.code).toBe(0)
    const out = JSON.parse(run.stdout) as { today: string; claims: Record<string, unknown>[] }
    expect(out.today).toBe('2026-07-30')
    // Every claim of the file, the demo's too; of this test's two, in order of days left:
    // returned on 1 July after 61 days, 19 left, stopped; the other has run 20 days, 60 left.
    expect(out.claims).toHaveLength(countRows(file, 'claims'))
    expect(out.claims.filter((c) => c.reference === 'IOM-07' || c.reference === 'DC-01')).toEqual([
      expect.objectContaining({ project: 'AMIF-2024-RV-01', reference: 'IOM-07', status: 'returned', daysLeft: 19, clockStopped: true, declaredCents: 0 }),
      expect.objectContaining({
        project: 'AMIF-2024-RV-02',
        reference: 'DC-01',
        status: 'received',
        lines: 1,
        declaredCents: 600_000,
        // Nothing verified yet: nothing accepted, nothing payable.
        acceptedCents: 0,
        ineligibleCents: 0,
        payableCents: 0,
        daysLeft: 60,
        overdue: false,
        dueOn: '2026-09-28',
      }),
    ])

    const one = JSON.parse((await runHere(['claims', file, '--json', '--project', 'amif-2024-rv-01', '--today', '2026-07-30'])).stdout) as {
      claims: { project: string; reference: string }[]
    }
    expect(one.claims.map((c) => c.reference)).toContain('IOM-07')
    expect(one.claims.map((c) => c.reference)).toEqual(out.claims.filter((c) => c.project === 'AMIF-2024-RV-01').map((c) => c.reference))

    const text = await runHere(['claims', file, '--today', '2026-07-30'])
    expect(text.code).toBe(0)
    expect(text.stdout.split('\n')[0]).toBe('project\tkind\treference\tsubmitted\tstatus\tdeclared\taccepted\tineligible\tpayable\tdays left')
    expect(text.stdout).toContain('AMIF-2024-RV-01\tinterim\tIOM-07\t2026-05-01\treturned\t0.00\t0.00\t0.00\t0.00\t19 (stopped)')
    expect(text.stdout).toContain('AMIF-2024-RV-02\tinterim\tDC-01\t2026-07-10\treceived\t6000.00\t0.00\t0.00\t0.00\t60\n')

    const unknown = await runHere(['claims', file, '--json', '--project', 'AMIF-0000-XX-99'])
    expect(unknown.code).toBe(2)
    expect(JSON.parse(unknown.stdout)).toMatchObject({ ok: false, code: 'NOT_FOUND' })
    expect((await runHere(['--help'])).stdout).toContain('claims <file> [--json] [--project <code>]')
    expectUntouched(file, before)
  })
})
