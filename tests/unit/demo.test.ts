import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { isValidEnterpriseNumber, isValidIbanNumber } from '../../database/domain/identifiers'
import {
  CLAIM_LINE_KINDS,
  CLAIM_STATUSES,
  FINDING_SEVERITIES,
  LINE_OUTCOMES,
  PARTNER_ROLES,
  PARTNERSHIP_STATUSES,
  RECOMMENDATION_STATUSES,
  STRANDS,
} from '../../database/domain/vocabulary'
import { claimClockOf, claimResultOf } from '../../database/claim-result'
import type { ClaimClock } from '../../database/domain/claims'
import { CHECKLIST_SEED } from '../../database/migrations/012_claims'
import type { PartnerDetail } from '../../database/partners'
import { loadDemoData } from '../../database/demo'
import { DEMO_MAPPINGS } from '../../database/demo/claims'
import { sampleLines } from '../../database/verification'
import { countRows, demoCounts, OFFICER, ok, refused, testWorkspace } from './helpers'

async function loadedDemo() {
  const t = testWorkspace()
  await t.ws.create(path.join(t.dir, 'demo.amif'))
  const info = await ok(t.ws, 'demo.load', {})
  const rows = (await ok(t.ws, 'partners.list', { archived: 'all' })).rows
  const details: PartnerDetail[] = []
  for (const r of rows) details.push(await ok(t.ws, 'partners.get', { id: r.id }))
  return { ...t, info, rows, details }
}

describe('the demonstration data', () => {
  it('fills an empty file with every record it defines, each with its audit row', async () => {
    const { ws, info } = await loadedDemo()
    const expected = demoCounts()
    expect(info.counts).toEqual(expected)
    // Counted again with a plain connection, not through the code under test.
    const file = ws.file().path
    expect(countRows(file, 'organisations')).toBe(expected.organisations)
    expect(countRows(file, 'contacts')).toBe(expected.contacts)
    expect(countRows(file, 'partnerships')).toBe(expected.partnerships)
    const audit = ws.file().sqlite.prepare('SELECT action, officer_name, count(*) AS n FROM audit_log GROUP BY action, officer_name').all()
    expect(audit).toEqual([{ action: 'create', officer_name: OFFICER.name, n: expected.auditEntries }])
  })

  it('names the organisations of the Belgian AMIF programme', async () => {
    const { rows } = await loadedDemo()
    const label = (r: (typeof rows)[number]) => `${r.name} (${r.acronym ?? ''})`
    const labels = rows.map(label)
    for (const pattern of [
      /Fedasil/,
      /Agence FSE/,
      /SPF Intérieur/,
      /\bOIM\b.*\bIOM\b|\bIOM\b.*\bOIM\b/,
      /Caritas International/,
      /Croix-Rouge de Belgique/,
      /Rode Kruis Vlaanderen/,
      /CPAS/,
    ]) {
      expect(
        labels.some((l) => pattern.test(l)),
        String(pattern),
      ).toBe(true)
    }
    const kinds = new Set(rows.map((r) => r.kind))
    for (const kind of ['international_organisation', 'ngo', 'public_authority', 'local_reception_initiative', 'training_operator']) {
      expect(kinds.has(kind as never), kind).toBe(true)
    }
  })

  it('covers every strand, role and status with 2021-2027 dates and framework references', async () => {
    const { details } = await loadedDemo()
    const partnerships = details.flatMap((d) => d.partnerships)
    expect(new Set(partnerships.map((p) => p.strand))).toEqual(new Set(STRANDS))
    expect(new Set(partnerships.map((p) => p.role))).toEqual(new Set(PARTNER_ROLES))
    expect(new Set(partnerships.map((p) => p.status))).toEqual(new Set(PARTNERSHIP_STATUSES))
    for (const p of partnerships) {
      expect(p.startDate >= '2021-01-01' && p.startDate <= '2027-12-31', p.startDate).toBe(true)
      expect(p.endDate === null || (p.endDate >= p.startDate && p.endDate <= '2027-12-31'), String(p.endDate)).toBe(true)
      expect(p.frameworkReference).toMatch(/^[A-Z]+\/AMIF\/202[1-7]\/[A-Z]+-[A-Z0-9]+$/)
    }
    // The registry list shows the strands of each organisation.
    const fedasil = details.find((d) => d.acronym === 'Fedasil')!
    expect(fedasil.partnerships.map((p) => p.strand).sort()).toEqual(['reception', 'resettlement', 'voluntary_return'])
  })

  it('gives every organisation that receives grants a signatory, and only fictitious contacts', async () => {
    const { details, rows } = await loadedDemo()
    for (const d of details) {
      const receivesGrants = d.partnerships.some((p) => p.role === 'beneficiary' || p.role === 'co_beneficiary')
      if (receivesGrants)
        expect(
          d.contacts.some((c) => c.canSign),
          d.name,
        ).toBe(true)
      expect(d.contacts.length, d.name).toBeGreaterThanOrEqual(1)
      expect(d.contacts.length, d.name).toBeLessThanOrEqual(3)
      for (const c of d.contacts) {
        expect(c.email).toMatch(/^[a-z.-]+@example\.org$/)
        expect(c.phone).toMatch(/^\+\d{2,3} [\d ]+$/)
      }
      if (d.country === 'BE')
        expect(
          d.contacts.every((c) => c.phone!.startsWith('+32 ')),
          d.name,
        ).toBe(true)
    }
    expect(rows.every((r) => r.signatories >= 1)).toBe(true)
  })

  it('uses only valid, distinct identifiers and websites', async () => {
    const { details } = await loadedDemo()
    const numbers = details.map((d) => d.enterpriseNumber).filter((n): n is string => n !== null)
    expect(numbers.length).toBeGreaterThanOrEqual(8)
    expect(new Set(numbers).size).toBe(numbers.length)
    for (const n of numbers) expect(isValidEnterpriseNumber(n), n).toBe(true)
    for (const d of details) {
      if (d.iban) expect(isValidIbanNumber(d.iban), d.iban).toBe(true)
      expect(d.website, d.name).toMatch(/^https:\/\/[a-z0-9.-]+\.[a-z]+$/)
      expect(d.workingLanguages.length, d.name).toBeGreaterThanOrEqual(1)
      expect(d.enterpriseNumber !== null || d.foreignRegistration !== null || d.kind === 'international_organisation', d.name).toBe(true)
    }
  })

  it('exercises accents and a non-Latin script, and is found by accent-insensitive search', async () => {
    const { ws, details } = await loadedDemo()
    const names = details.flatMap((d) => [d.name, d.city ?? '', ...d.contacts.map((c) => c.fullName)])
    expect(names.some((n) => /[éèêàçïœ]/i.test(n))).toBe(true)
    expect(names.some((n) => /\p{Script=Arabic}/u.test(n))).toBe(true)
    const liege = (await ok(ws, 'partners.list', { search: 'liege' })).rows
    expect(liege.length).toBeGreaterThanOrEqual(1)
    expect(liege.every((r) => /Liège/.test(`${r.name} ${r.city}`))).toBe(true)
  })

  it('shows in each partner history where the records came from', async () => {
    const { ws, details } = await loadedDemo()
    const caritas = details.find((d) => d.acronym === 'Caritas')!
    const history = (await ok(ws, 'partners.history', { id: caritas.id })).rows
    // The organisation, its contacts and partnerships, and the column mapping its expenditure lists are imported with.
    const mappings = DEMO_MAPPINGS.filter((m) => m.organisation === 'Caritas').length
    expect(mappings).toBe(1)
    expect(history).toHaveLength(1 + caritas.contacts.length + caritas.partnerships.length + mappings)
    expect(history.every((e) => e.action === 'create' && e.officerName === OFFICER.name)).toBe(true)
  })

  it('goes only into an empty file: FILE_NOT_EMPTY otherwise, nothing added', async () => {
    const { ws, info } = await loadedDemo()
    expect((await refused(ws, 'demo.load', {})).code).toBe('FILE_NOT_EMPTY')
    expect((await ok(ws, 'file.info', {})).counts).toEqual(info.counts)

    const other = testWorkspace()
    await other.ws.create(path.join(other.dir, 'mine.amif'))
    await ok(other.ws, 'partners.create', { values: { name: 'Mon partenaire', kind: 'other' } })
    expect((await refused(other.ws, 'demo.load', {})).code).toBe('FILE_NOT_EMPTY')
    expect((await ok(other.ws, 'file.info', {})).counts).toMatchObject({ organisations: 1, contacts: 0, partnerships: 0 })
  })

  it('is written in one transaction: a failure half-way leaves the file empty', async () => {
    const { ws, dir } = testWorkspace()
    await ws.create(path.join(dir, 'half.amif'))
    // Fail on the fifth partnership, well after the first organisations were written.
    ws.file().sqlite.exec(`CREATE TEMP TRIGGER stop_demo BEFORE INSERT ON main.partnerships
      WHEN (SELECT count(*) FROM main.partnerships) >= 4 BEGIN SELECT RAISE(ABORT, 'stopped (test)'); END`)
    expect((await refused(ws, 'demo.load', {})).message).toMatch(/stopped \(test\)/)
    expect((await ok(ws, 'file.info', {})).counts).toEqual({
      organisations: 0,
      contacts: 0,
      partnerships: 0,
      calls: 0,
      projects: 0,
      milestones: 0,
      payments: 0,
      auditEntries: 0,
    })
  })
})

describe('the demonstration projects', () => {
  it('cover every objective and strand, with milestones done, late and coming, whatever the day they are loaded', async () => {
    for (const today of ['2026-11-23', '2031-02-28']) {
      const t = testWorkspace()
      await t.ws.create(path.join(t.dir, 'demo.amif'))
      await loadDemoData(t.ws.writableFile().db, OFFICER, today)
      const { rows } = await ok(t.ws, 'projects.list', { today })
      expect(new Set(rows.map((r) => r.objectiveCode))).toEqual(new Set(['SO1', 'SO2', 'SO3', 'SO4']))
      expect(new Set(rows.map((r) => r.strand))).toEqual(new Set(['reception', 'resettlement', 'voluntary_return', 'integration']))
      expect(rows.some((r) => r.beneficiaryAcronym === 'OIM / IOM' && r.strand === 'voluntary_return')).toBe(true)
      expect(rows.some((r) => r.beneficiaryAcronym === 'Caritas' && r.strand === 'voluntary_return')).toBe(true)
      const d = await ok(t.ws, 'dashboard.summary', { today })
      expect(d.totals.milestones.done).toBeGreaterThan(0)
      expect(d.attention.lateMilestones.length).toBeGreaterThan(0)
      expect(d.attention.dueSoon.length).toBeGreaterThan(0)
      expect(d.attention.agreementsNotSigned.length).toBeGreaterThan(0)
      expect(d.attention.paymentsDue.length).toBeGreaterThan(0)
      expect(d.attention.red.length).toBeGreaterThan(0)
      await t.ws.close()
    }
  })
})

describe('trying the app with the demonstration data', () => {
  it('puts the demonstration in a file of its own, named as such, and leaves the officer’s working file empty', async () => {
    const { ws } = testWorkspace()
    await ws.openAtStartup()
    const working = ws.file().path
    expect(countRows(working, 'organisations')).toBe(0)

    const info = await ok(ws, 'demo.create', { name: 'AMIF Desk – démonstration' })
    expect(info.name).toBe('AMIF Desk – démonstration.amif')
    expect(path.dirname(info.path)).toBe(path.dirname(working))
    expect(info.counts).toEqual(demoCounts())
    expect(ws.file().path).toBe(info.path)
    expect(countRows(working, 'organisations')).toBe(0)

    // A second demonstration does not replace the first; a name that is not a file name is made one.
    expect((await ok(ws, 'demo.create', { name: 'AMIF Desk – démonstration' })).name).toBe('AMIF Desk – démonstration (2).amif')
    expect((await ok(ws, 'demo.create', { name: '../../demo: essai' })).name).toBe('-..-demo- essai.amif')
    expect((await refused(ws, 'demo.create', { name: '' })).code).toBe('VALIDATION')
  })
})

describe('the demonstration claims and visits', () => {
  async function demoOn(today: string) {
    const t = testWorkspace()
    await t.ws.create(path.join(t.dir, 'demo.amif'))
    await loadDemoData(t.ws.writableFile().db, OFFICER, today)
    const db = t.ws.file().db
    const claims = await db
      .selectFrom('claims as c')
      .innerJoin('projects as p', 'p.id', 'c.project_id')
      .selectAll('c')
      .select(['p.code', 'p.start_date', 'p.end_date'])
      .orderBy('c.reference')
      .execute()
    return { ...t, db, claims }
  }

  it('hold a claim in every status, lines of every kind, a sample, visits with open recommendations', async () => {
    const { db, claims } = await demoOn('2026-11-23')
    expect(new Set(claims.map((c) => c.status))).toEqual(new Set(CLAIM_STATUSES))
    const lines = await db.selectFrom('claim_lines').selectAll().execute()
    expect(new Set(lines.map((l) => l.kind))).toEqual(new Set(CLAIM_LINE_KINDS))
    expect(new Set(lines.map((l) => l.outcome).filter((o) => o !== null))).toEqual(new Set(LINE_OUTCOMES))
    // The IOM reintegration claim declares units per returnee at the budget line's unit cost.
    const iom = claims.find((c) => c.code === 'AMIF-2024-RV-01')!
    const units = await db
      .selectFrom('claim_lines as l')
      .innerJoin('budget_lines as b', 'b.id', 'l.budget_line_id')
      .select(['l.units', 'l.declared_cents', 'b.unit_cost_cents', 'b.cost_model'])
      .where('l.claim_id', '=', iom.id)
      .where('l.kind', '=', 'unit')
      .execute()
    expect(units.length).toBeGreaterThan(5)
    for (const u of units) expect(u).toMatchObject({ cost_model: 'unit_cost', declared_cents: u.units! * u.unit_cost_cents! })
    // Caritas declares staff at annual gross / 1 720 h, and its 7 % flat rate is computed on the accepted base.
    const caritas = claims.find((c) => c.code === 'AMIF-2024-RS-01')!
    const staff = lines.filter((l) => l.claim_id === caritas.id && l.kind === 'staff')
    expect(staff.length).toBeGreaterThanOrEqual(2)
    for (const l of staff) expect(l.hourly_rate_cents).toBe(Math.floor(l.annual_gross_cents! / 1720))
    const caritasResult = await claimResultOf(db, caritas.id)
    expect(caritasResult.flatRates).toEqual([expect.objectContaining({ rateBp: 700, cents: Math.floor((caritasResult.acceptedDirectCents * 700) / 10000) })])
    // A threshold-and-random sample with its seed, and the error found extrapolated and applied.
    const sampled = claims.find((c) => c.sampling_method === 'threshold_random')!
    expect(sampled).toMatchObject({ apply_extrapolation: 1, sample_seed: expect.stringMatching(/\w{8,}/) })
    const sample = lines.filter((l) => l.claim_id === sampled.id)
    expect(sample.filter((l) => l.in_sample === 1 && l.declared_cents < sampled.sample_threshold_cents!)).toHaveLength(sampled.sample_size!)
    expect(sample.every((l) => (l.in_sample === 1) === (l.outcome !== null))).toBe(true)
    const sampledResult = await claimResultOf(db, sampled.id)
    expect(sampledResult.extrapolation?.applied).toBe(true)
    expect(sampledResult.correctionCents).toBeGreaterThan(0)
    // Visits: one done with findings of every severity and recommendations open, done and dropped; one planned and overdue.
    const visits = await db.selectFrom('visits').selectAll().execute()
    expect(visits.filter((v) => v.status === 'done').length).toBeGreaterThanOrEqual(2)
    expect(visits.some((v) => v.status === 'planned' && v.visit_date < '2026-11-23')).toBe(true)
    expect(visits.some((v) => v.status === 'planned' && v.visit_date > '2026-11-23')).toBe(true)
    const findings = await db.selectFrom('visit_findings').select('severity').execute()
    expect(new Set(findings.map((f) => f.severity))).toEqual(new Set(FINDING_SEVERITIES))
    const recommendations = await db.selectFrom('visit_recommendations').selectAll().execute()
    expect(new Set(recommendations.map((r) => r.status))).toEqual(new Set(RECOMMENDATION_STATUSES))
    expect(recommendations.some((r) => r.status === 'open' && r.due_date < '2026-11-23')).toBe(true)
    // One partner's column mapping is remembered.
    const mapping = await db.selectFrom('expenditure_mappings').selectAll().executeTakeFirstOrThrow()
    expect(mapping.id).toBe(mapping.organisation_id)
    expect(Object.keys(JSON.parse(mapping.mapping_json) as object).length).toBeGreaterThan(5)
  })

  it('pay each approved claim exactly what its verification makes payable, within the EU contribution, the schedules still complete', async () => {
    for (const today of ['2026-11-23', '2031-02-28']) {
      const { ws, db, claims } = await demoOn(today)
      const approved = claims.filter((c) => c.approved_by !== null)
      expect(approved.map((c) => c.status).sort()).toEqual(['paid', 'paid', 'verified'])
      for (const c of approved) {
        const payments = await db.selectFrom('payments').selectAll().where('claim_id', '=', c.id).execute()
        expect(payments, c.reference!).toHaveLength(1)
        const [pay] = payments
        const { payableCents } = await claimResultOf(db, c.id)
        expect(payableCents).toBeGreaterThan(0)
        expect(pay).toMatchObject({ project_id: c.project_id, kind: c.kind === 'final' ? 'balance' : 'interim', planned_cents: payableCents })
        if (c.status === 'paid') expect(pay).toMatchObject({ status: 'paid', paid_cents: payableCents })
        else expect(pay).toMatchObject({ status: 'requested', paid_cents: null })
        // Checklist answered in full, one answer per question.
        const checks = await db.selectFrom('claim_checks').selectAll().where('claim_id', '=', c.id).execute()
        expect(checks.map((k) => k.id).sort()).toEqual(CHECKLIST_SEED.map((q) => `${c.id}:${q.id}`).sort())
        // The project's money checks stay quiet: schedule complete, nothing paid above the EU contribution.
        const project = await ok(ws, 'projects.get', { id: c.project_id, today })
        expect(project.moneyChecks, c.code).toEqual([])
        expect(project.paidCents).toBeLessThanOrEqual(project.euCents)
      }
      // Four eyes: one approved by a second officer, one self-approved with its reason.
      expect(approved.some((c) => c.approved_by !== c.prepared_by && c.self_approval_reason === null)).toBe(true)
      expect(approved.some((c) => c.approved_by === c.prepared_by && (c.self_approval_reason ?? '').length > 20)).toBe(true)
      expect(claims.find((c) => c.status === 'withdrawn')!.withdrawn_reason).toBeTruthy()
      await ws.close()
    }
  })

  it('show a realistic 80-day clock whatever the day they are loaded: one overdue, one stopped, the rest running or paid in time', async () => {
    for (const today of ['2026-11-23', '2031-02-28']) {
      const { ws, db, claims } = await demoOn(today)
      const clocks = new Map<string, ClaimClock>()
      for (const c of claims) clocks.set(c.reference!, await claimClockOf(db, c.id, today))
      const open = claims.filter((c) => ['received', 'under_verification', 'returned', 'verified'].includes(c.status))
      const overdue = open.filter((c) => clocks.get(c.reference!)!.overdue)
      expect(overdue.map((c) => [c.reference, c.status])).toEqual([['CAR-RS01-DI1', 'under_verification']])
      // Returned once and came back: the days it was stopped do not count.
      expect(clocks.get('CAR-RS01-DI1')).toMatchObject({ stoppedDays: 15, stopped: false })
      const returned = claims.find((c) => c.status === 'returned')!
      expect(clocks.get(returned.reference!)).toMatchObject({ stopped: true, overdue: false })
      const suspension = await db.selectFrom('claim_suspensions').selectAll().where('claim_id', '=', returned.id).executeTakeFirstOrThrow()
      expect(suspension).toMatchObject({ resumed_on: null, reason: expect.stringMatching(/\w/) })
      for (const c of claims.filter((c) => c.status === 'paid')) expect(clocks.get(c.reference!)!.overdue, c.reference!).toBe(false)
      for (const c of open.filter((c) => c !== overdue[0])) expect(clocks.get(c.reference!)!.daysLeft, c.reference!).toBeGreaterThan(0)
      // Declared expenditure falls within the claim's period, the claim's within the project's.
      for (const c of claims) {
        expect(c.period_start >= c.start_date && c.period_end <= c.end_date && c.submitted_on > c.period_end, c.reference!).toBe(true)
        const lines = await db.selectFrom('claim_lines').selectAll().where('claim_id', '=', c.id).execute()
        for (const l of lines.filter((l) => l.kind === 'actual' || l.kind === 'unit')) {
          expect(l.expense_date! >= c.period_start && l.expense_date! <= c.period_end, `${c.reference} #${l.line_no}`).toBe(true)
          if (l.payment_date) expect(l.payment_date >= l.expense_date! && l.payment_date <= c.end_date).toBe(true)
        }
      }
      await ws.close()
    }
  })

  it('record a sample that its seed draws again identically', async () => {
    const { ws, db, claims } = await demoOn('2026-11-23')
    const sampled = claims.filter((c) => c.sampling_method === 'threshold_random')
    expect(sampled.length).toBeGreaterThan(0)
    for (const c of sampled) {
      const lines = await db.selectFrom('claim_lines').select(['id', 'line_no', 'declared_cents', 'in_sample']).where('claim_id', '=', c.id).execute()
      const drawn = sampleLines(
        lines.map((l) => ({ id: l.id, lineNo: l.line_no, declaredCents: l.declared_cents })),
        { claimId: c.id, seed: c.sample_seed!, thresholdCents: c.sample_threshold_cents!, size: c.sample_size! },
      )
      expect(new Set(lines.filter((l) => l.in_sample === 1).map((l) => l.id))).toEqual(drawn)
    }
    await ws.close()
  })
})
