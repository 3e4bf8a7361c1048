import path from 'node:path'
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { referenceId } from '../../database/migrations/data/reference-2021-2027'
import { channels, type ApiInput } from '../../electron/api/index'
import { DAC_CRITERIA } from '../../templates/types'
import type { Workspace } from '../../electron/api/workspace'
import { adultsOfUnknownGender, expectUntouched, ok, openNewFile, refused, snapshot, testWorkspace } from './helpers'

type ProjectInput = ApiInput<'projects.create'>['values']
const TODAY = '2026-03-15'

async function openNew() {
  const t = testWorkspace()
  await openNewFile(t.ws, path.join(t.dir, 'projects.amif'))
  return t
}

async function partner(ws: Workspace, name: string, acronym: string) {
  return ok(ws, 'partners.create', { values: { name, acronym, kind: 'ngo', country: 'BE' } })
}

function projectValues(beneficiaryId: string, patch: Partial<ProjectInput> = {}): ProjectInput {
  return {
    code: 'amif-2026-rv-01',
    title: 'Réintégration après retour volontaire',
    beneficiaryId,
    strand: 'voluntary_return',
    strandObjectiveId: referenceId('strand-objective', 'RV-2'),
    objectiveCode: 'SO3',
    startDate: '2026-01-01',
    endDate: '2026-12-31',
    officerName: 'Élise Test-Officer',
    targetGroupIds: [referenceId('target-group', 'returnees'), referenceId('target-group', 'families_children')],
    ...patch,
  }
}

describe('projects', () => {
  it('are created for a partner in draft and found again by search and filters', async () => {
    const { ws } = await openNew()
    const iom = await partner(ws, 'Organisation internationale pour les migrations', 'OIM')
    const created = await ok(ws, 'projects.create', { values: projectValues(iom.id), today: TODAY })
    expect(created).toMatchObject({
      code: 'AMIF-2026-RV-01',
      status: 'draft',
      beneficiaryAcronym: 'OIM',
      euRateBp: 7500,
      rag: 'none',
      allowedTransitions: ['submitted'],
    })
    expect(created.statusChanges).toEqual([expect.objectContaining({ status: 'draft', changedOn: TODAY })])
    expect(created.targetGroupIds).toHaveLength(2)

    await ok(ws, 'projects.create', {
      values: projectValues(iom.id, { code: 'AMIF-2026-AC-01', title: 'Accueil', strand: 'reception', strandObjectiveId: null, objectiveCode: 'SO1' }),
    })
    const found = async (q: ApiInput<'projects.list'>) => (await ok(ws, 'projects.list', q)).rows.map((r) => r.code)
    expect(await found({ q: 'reintegration' })).toEqual(['AMIF-2026-RV-01']) // accents ignored
    expect(await found({ q: 'oim' })).toEqual(['AMIF-2026-AC-01', 'AMIF-2026-RV-01'])
    expect(await found({ objective: ['SO1'] })).toEqual(['AMIF-2026-AC-01'])
    expect(await found({ strand: ['voluntary_return'], partnerId: iom.id })).toEqual(['AMIF-2026-RV-01'])
    expect(await found({ from: '2027-01-01' })).toEqual([])
    expect(await found({ sort: { key: 'code', order: 'desc' } })).toEqual(['AMIF-2026-RV-01', 'AMIF-2026-AC-01'])
    expect((await refused(ws, 'projects.create', { values: projectValues(iom.id) })).code).toBe('DUPLICATE')
  })

  it('refuse a rate above 75 % without a ground, a strand objective of another strand and an end before the start', async () => {
    const { ws } = await openNew()
    const iom = await partner(ws, 'OIM Belgique', 'OIM')
    const noGround = await refused(ws, 'projects.create', { values: projectValues(iom.id, { euRateBp: 9000 }) })
    expect(noGround).toMatchObject({ code: 'VALIDATION', details: { issues: [{ path: 'values.euRateBp', message: 'rateCeiling.none' }] } })
    const wrongStrand = await refused(ws, 'projects.create', { values: projectValues(iom.id, { strandObjectiveId: referenceId('strand-objective', 'AC-1') }) })
    expect(wrongStrand).toMatchObject({ code: 'VALIDATION', details: { issues: [{ path: 'values.strandObjectiveId' }] } })
    const backwards = await refused(ws, 'projects.create', { values: projectValues(iom.id, { endDate: '2025-12-31' }) })
    expect(backwards).toMatchObject({ code: 'VALIDATION', details: { issues: [{ path: 'values.endDate', message: 'endBeforeStart' }] } })
    const noBeneficiary = await refused(ws, 'projects.create', { values: projectValues('') })
    expect((noBeneficiary.details as { issues: unknown[] }).issues[0]).toEqual({ path: 'values.beneficiaryId', message: 'required' })
    expect((await ok(ws, 'projects.list', {})).total).toBe(0)
    const annexIv = await ok(ws, 'projects.create', {
      values: projectValues(iom.id, { euRateBp: 9000, rateGround: 'annex_iv', rateJustification: 'Retour volontaire assisté' }),
    })
    expect(annexIv).toMatchObject({ euRateBp: 9000, rateGround: 'annex_iv' })
  })

  it('move only along the allowed status transitions, each dated', async () => {
    const { ws } = await openNew()
    const iom = await partner(ws, 'OIM Belgique', 'OIM')
    const p = await ok(ws, 'projects.create', { values: projectValues(iom.id) })
    const skip = await refused(ws, 'projects.setStatus', { id: p.id, status: 'running', changedOn: '2026-01-10' })
    expect(skip).toMatchObject({ code: 'TRANSITION_NOT_ALLOWED', details: { from: 'draft', to: 'running' } })
    for (const [status, changedOn] of [
      ['submitted', '2025-10-01'],
      ['selected', '2025-11-15'],
      ['agreement_signed', '2025-12-20'],
      ['running', '2026-01-01'],
    ] as const) {
      await ok(ws, 'projects.setStatus', { id: p.id, status, changedOn })
    }
    const running = await ok(ws, 'projects.get', { id: p.id, today: TODAY })
    expect(running.status).toBe('running')
    expect(running.allowedTransitions).toEqual(['final_report_received', 'terminated'])
    expect(running.statusChanges.map((c) => c.status)).toEqual(['draft', 'submitted', 'selected', 'agreement_signed', 'running'])
    expect((await refused(ws, 'projects.setStatus', { id: p.id, status: 'draft', changedOn: TODAY })).code).toBe('TRANSITION_NOT_ALLOWED')
    expect((await refused(ws, 'projects.delete', { id: p.id })).code).toBe('IN_USE')
    expect((await refused(ws, 'partners.delete', { id: iom.id })).code).toBe('PARTNER_REFERENCED')
  })

  it('compute the budget, co-financing and what is paid and still to pay', async () => {
    const { ws } = await openNew()
    const caritas = await partner(ws, 'Caritas International', 'Caritas')
    const p = await ok(ws, 'projects.create', { values: projectValues(caritas.id) })
    const line = (values: ApiInput<'budget.saveLine'>['values']) => ok(ws, 'budget.saveLine', { projectId: p.id, values, today: TODAY })
    await line({ category: 'staff', costModel: 'actual_costs', description: 'Case workers', amountCents: 8_000_000 })
    await line({ category: 'target_group_costs', costModel: 'unit_cost', description: 'Reintegration packages', units: 50, unitCostCents: 200_000 })
    const refusedFlat = await refused(ws, 'budget.saveLine', {
      projectId: p.id,
      values: { category: 'staff', costModel: 'flat_rate_7_direct', description: 'Indirect' },
    })
    expect(refusedFlat).toMatchObject({ code: 'VALIDATION', details: { issues: [{ path: 'values.category', message: 'flatRateCategory' }] } })
    const withFlat = await line({ category: 'indirect', costModel: 'flat_rate_7_direct', description: 'Indirect costs 7 %' })
    // Direct 80 000 + 100 000 = 180 000 €; 7 % = 12 600 €; eligible 192 600 €; EU 75 % = 144 450 €.
    expect(withFlat.budget).toMatchObject({
      directCents: 18_000_000,
      indirectCents: 1_260_000,
      eligibleCents: 19_260_000,
      euCents: 14_445_000,
      ownCents: 4_815_000,
    })
    expect(withFlat.budget.lines.map((l) => l.computedCents)).toEqual([8_000_000, 10_000_000, 1_260_000])

    await ok(ws, 'payments.save', {
      projectId: p.id,
      values: { kind: 'advance', plannedDate: '2026-01-15', plannedRateBp: 4000, status: 'paid', paidDate: '2026-01-20', paidCents: 5_778_000 },
    })
    const refusedPaid = await refused(ws, 'payments.save', {
      projectId: p.id,
      values: { kind: 'interim', plannedDate: '2026-07-01', plannedCents: 100, status: 'paid' },
    })
    expect(refusedPaid).toMatchObject({ code: 'VALIDATION' })
    const after = await ok(ws, 'payments.save', {
      projectId: p.id,
      values: { kind: 'interim', plannedDate: '2026-03-01', plannedCents: 4_000_000, status: 'requested' },
      today: TODAY,
    })
    expect(after.payments.map((x) => [x.kind, x.plannedAmountCents, x.overdue])).toEqual([
      ['advance', 5_778_000, false],
      ['interim', 4_000_000, true],
    ])
    expect(after.paymentSummary).toEqual({ plannedCents: 9_778_000, paidCents: 5_778_000, toPayCents: 8_667_000 })
    expect(after).toMatchObject({ paidCents: 5_778_000, eligibleCents: 19_260_000 })

    const history = (await ok(ws, 'projects.history', { id: p.id })).rows
    expect(history.filter((h) => h.entity === 'budget_line')).toHaveLength(3)
    expect(history.filter((h) => h.entity === 'payment')).toHaveLength(2)
  })

  it('show a milestone gone late from the day after its due date until it is done', async () => {
    const { ws } = await openNew()
    const iom = await partner(ws, 'OIM Belgique', 'OIM')
    const p = await ok(ws, 'projects.create', { values: projectValues(iom.id) })
    const m = await ok(ws, 'milestones.save', {
      projectId: p.id,
      values: { title: 'Premier rapport intermédiaire', dueDate: '2026-03-10', status: 'in_progress', responsibleId: iom.id },
      today: '2026-03-10',
    })
    expect(m).toMatchObject({ late: false, objectiveCode: 'SO3', responsibleName: 'OIM Belgique' })
    expect((await ok(ws, 'projects.get', { id: p.id, today: '2026-03-11' })).milestones[0]).toMatchObject({ late: true, daysLate: 1 })
    expect((await ok(ws, 'milestones.list', { lateOnly: true, today: TODAY })).rows.map((r) => r.daysLate)).toEqual([5])
    const done = await ok(ws, 'milestones.save', {
      projectId: p.id,
      id: m.id,
      expectedUpdatedAt: m.updatedAt,
      values: { title: m.title, dueDate: m.dueDate, status: 'done' },
      today: TODAY,
    })
    expect(done).toMatchObject({ status: 'done', doneDate: TODAY, late: false })
    const stale = await refused(ws, 'milestones.save', {
      projectId: p.id,
      id: m.id,
      expectedUpdatedAt: m.updatedAt,
      values: { title: 'x', dueDate: m.dueDate, status: 'planned' },
    })
    expect(stale.code).toBe('STALE')
    expect((await ok(ws, 'milestones.list', { lateOnly: true, today: TODAY })).total).toBe(0)
  })

  it('follow indicators from the catalogue, achieved being the latest cumulative measurement', async () => {
    const { ws } = await openNew()
    const iom = await partner(ws, 'OIM Belgique', 'OIM')
    const p = await ok(ws, 'projects.create', { values: projectValues(iom.id) })
    const pi = await ok(ws, 'indicators.saveForProject', {
      projectId: p.id,
      values: { indicatorId: referenceId('indicator', 'O.3.3'), target: 400, unit: 'persons' },
    })
    expect(pi).toMatchObject({ code: 'O.3.3', achieved: null, achievementPct: null })
    await ok(ws, 'indicators.addMeasurement', {
      projectIndicatorId: pi.id,
      values: { measuredOn: '2026-06-30', value: 150, source: 'Rapport intermédiaire', breakdown: adultsOfUnknownGender(150) },
    })
    const measured = await ok(ws, 'indicators.addMeasurement', {
      projectIndicatorId: pi.id,
      values: { measuredOn: '2026-03-31', value: 60, source: 'Tableau de suivi OIM', breakdown: adultsOfUnknownGender(60) },
    })
    expect(measured).toMatchObject({ achieved: 150, achievementPct: 37.5 })
    expect(measured.measurements.map((x) => x.value)).toEqual([60, 150])
    expect((await ok(ws, 'projects.get', { id: p.id })).indicators[0]).toMatchObject({ code: 'O.3.3', achieved: 150 })
    const fewer = await ok(ws, 'indicators.deleteMeasurement', { id: measured.measurements[1].id })
    expect(fewer).toMatchObject({ achieved: 60, achievementPct: 15 })
    expect(
      (
        await refused(ws, 'indicators.saveForProject', {
          projectId: p.id,
          values: { indicatorId: referenceId('indicator', 'O.3.3'), target: 1, unit: 'persons' },
        })
      ).code,
    ).toBe('DUPLICATE')
    expect((await ok(ws, 'reference.indicators', { q: 'O.3.3' })).find((i) => i.code === 'O.3.3')?.usedBy).toBe(1)
  })
})

describe('calls for projects', () => {
  it('show their projects and the EU contribution committed against the envelope', async () => {
    const { ws } = await openNew()
    const op = await partner(ws, 'Lire et Écrire Bruxelles', 'LEB')
    const call = await ok(ws, 'calls.create', {
      values: {
        reference: 'AFSE-AMIF-2024-01',
        title: 'Primo-arrivants',
        strand: 'integration',
        objectiveCode: 'SO2',
        opensOn: '2024-01-15',
        closesOn: '2024-03-31',
        envelopeCents: 100_000_000,
      },
    })
    const values = projectValues(op.id, { code: 'AMIF-2024-IN-01', strand: 'integration', strandObjectiveId: null, objectiveCode: 'SO2', callId: call.id })
    const p = await ok(ws, 'projects.create', { values })
    await ok(ws, 'budget.saveLine', {
      projectId: p.id,
      values: { category: 'external_services', costModel: 'lump_sum', description: 'Cours de français', amountCents: 10_000_000 },
    })
    expect((await ok(ws, 'calls.get', { id: call.id })).committedCents).toBe(0) // a draft commits nothing
    await ok(ws, 'projects.setStatus', { id: p.id, status: 'submitted', changedOn: '2024-03-20' })
    await ok(ws, 'projects.setStatus', { id: p.id, status: 'selected', changedOn: '2024-05-02' })
    const after = await ok(ws, 'calls.get', { id: call.id })
    expect(after).toMatchObject({ projectCount: 1, committedCents: 7_500_000 })
    // Its projects are a page of the projects list, filtered on the call.
    expect((await ok(ws, 'projects.list', { callId: call.id })).rows.map((x) => x.code)).toEqual(['AMIF-2024-IN-01'])
    expect((await refused(ws, 'calls.delete', { id: call.id })).code).toBe('IN_USE')
    expect(
      (
        await refused(ws, 'calls.create', {
          values: {
            reference: 'AFSE-AMIF-2024-01',
            title: 'x',
            strand: 'integration',
            objectiveCode: 'SO2',
            opensOn: '2024-01-01',
            closesOn: '2024-01-02',
            envelopeCents: 1,
          },
        })
      ).code,
    ).toBe('DUPLICATE')
  })
})

describe('the dashboard', () => {
  it('adds up each objective as computed by hand, and lists what needs attention', async () => {
    const { ws } = await openNew()
    const fed = await partner(ws, 'Fedasil', 'Fedasil')
    const iom = await partner(ws, 'OIM Belgique', 'OIM')
    // SO1: a running reception project, 100 000 € at 75 %, 30 000 € paid, one milestone late, one done.
    const a = await ok(ws, 'projects.create', {
      values: projectValues(fed.id, { code: 'AMIF-AC-1', strand: 'reception', strandObjectiveId: null, objectiveCode: 'SO1' }),
    })
    await ok(ws, 'budget.saveLine', {
      projectId: a.id,
      values: { category: 'staff', costModel: 'actual_costs', description: 'Staff', amountCents: 10_000_000 },
    })
    await ok(ws, 'payments.save', {
      projectId: a.id,
      values: { kind: 'advance', plannedDate: '2026-01-10', plannedCents: 3_000_000, status: 'paid', paidDate: '2026-01-12', paidCents: 3_000_000 },
    })
    await ok(ws, 'payments.save', { projectId: a.id, values: { kind: 'interim', plannedDate: '2026-04-01', plannedRateBp: 3000, status: 'planned' } })
    await ok(ws, 'milestones.save', { projectId: a.id, values: { title: 'Late one', dueDate: '2026-03-01', status: 'in_progress' } })
    await ok(ws, 'milestones.save', { projectId: a.id, values: { title: 'Done one', dueDate: '2026-02-01', status: 'done', doneDate: '2026-01-30' } })
    for (const status of ['submitted', 'selected', 'agreement_signed', 'running'] as const)
      await ok(ws, 'projects.setStatus', { id: a.id, status, changedOn: '2026-01-01' })
    // SO3: a selected return project at 90 %, 50 000,01 €, nothing paid, a milestone due in 10 days.
    const b = await ok(ws, 'projects.create', { values: projectValues(iom.id, { code: 'AMIF-RV-1', euRateBp: 9000, rateGround: 'annex_iv' }) })
    await ok(ws, 'budget.saveLine', { projectId: b.id, values: { category: 'other', costModel: 'lump_sum', description: 'Lump sum', amountCents: 5_000_001 } })
    await ok(ws, 'milestones.save', { projectId: b.id, values: { title: 'Soon', dueDate: '2026-03-25', status: 'planned' } })
    await ok(ws, 'projects.setStatus', { id: b.id, status: 'submitted', changedOn: '2026-01-05' })
    await ok(ws, 'projects.setStatus', { id: b.id, status: 'selected', changedOn: '2026-02-10' })

    const d = await ok(ws, 'dashboard.summary', { today: TODAY })
    expect(d.objectives.map((o) => o.code)).toEqual(['SO1', 'SO2', 'SO3', 'SO4'])
    expect(d.objectives[0]).toMatchObject({
      projects: 1,
      eligibleCents: 10_000_000,
      euCents: 7_500_000,
      paidCents: 3_000_000,
      milestones: { total: 2, done: 1, late: 1, inProgress: 1, planned: 0, cancelled: 0 },
      rag: { green: 0, amber: 1, red: 0, none: 0 },
    })
    expect(d.objectives[2]).toMatchObject({
      projects: 1,
      eligibleCents: 5_000_001,
      euCents: 4_500_000,
      paidCents: 0,
      milestones: { total: 1, done: 0, late: 0 },
    })
    expect(d.objectives[1]).toMatchObject({ projects: 0, eligibleCents: 0 })
    expect(d.totals).toMatchObject({ projects: 2, eligibleCents: 15_000_001, euCents: 12_000_000, paidCents: 3_000_000 })
    expect(d.attention.lateMilestones.map((m) => [m.title, m.daysLate])).toEqual([['Late one', 14]])
    expect(d.attention.dueSoon.map((m) => m.title)).toEqual(['Soon'])
    expect(d.attention.agreementsNotSigned).toEqual([expect.objectContaining({ code: 'AMIF-RV-1', since: '2026-02-10' })])
    // 30 % of 75 000 € = 22 500 €, planned 2026-04-01: within 30 days, not overdue.
    expect(d.attention.paymentsDue).toEqual([expect.objectContaining({ code: 'AMIF-AC-1', kind: 'interim', amountCents: 2_250_000, overdue: false })])

    const filtered = await ok(ws, 'dashboard.summary', { today: TODAY, strand: 'voluntary_return' })
    expect(filtered.totals.projects).toBe(1)
    expect(filtered.objectives[0].projects).toBe(0)
  })
})

describe('a read-only file', () => {
  it('refuses every channel that writes (projects, calls, reference, documents, handover, merge), and stays byte-identical', async () => {
    const setup = await openNew()
    const iom = await partner(setup.ws, 'OIM Belgique', 'OIM')
    const p = await ok(setup.ws, 'projects.create', { values: projectValues(iom.id) })
    const filePath = setup.ws.file().path
    await setup.ws.close()
    const id = p.id
    const samples: Record<string, unknown> = {
      'projects.create': { values: projectValues(iom.id, { code: 'OTHER-1' }) },
      'projects.update': { id, values: projectValues(iom.id) },
      'projects.setStatus': { id, status: 'submitted', changedOn: TODAY },
      'projects.delete': { id },
      'projects.savePartner': { projectId: id, values: { organisationId: iom.id, role: 'implementing_partner' } },
      'projects.deletePartner': { id },
      'budget.saveLine': { projectId: id, values: { category: 'other', costModel: 'lump_sum', description: 'x', amountCents: 1 } },
      'budget.deleteLine': { id },
      'budget.saveOptions': { projectId: id, values: { indirect: 'art54a', indirectRateBp: 700 } },
      'payments.save': { projectId: id, values: { kind: 'advance', plannedDate: TODAY, plannedCents: 1, status: 'planned' } },
      'payments.delete': { id },
      'indicators.saveForProject': { projectId: id, values: { indicatorId: referenceId('indicator', 'O.3.3'), target: 1, unit: 'persons' } },
      'indicators.deleteFromProject': { id },
      'indicators.addMeasurement': { projectIndicatorId: id, values: { measuredOn: TODAY, value: 1, source: 'x' } },
      'indicators.deleteMeasurement': { id },
      'milestones.save': { projectId: id, values: { title: 'x', dueDate: TODAY, status: 'planned' } },
      'milestones.delete': { id },
      'calls.create': {
        values: { reference: 'R', title: 'x', strand: 'integration', objectiveCode: 'SO2', opensOn: TODAY, closesOn: TODAY, envelopeCents: 1 },
      },
      'calls.update': {
        id,
        values: { reference: 'R', title: 'x', strand: 'integration', objectiveCode: 'SO2', opensOn: TODAY, closesOn: TODAY, envelopeCents: 1 },
      },
      'calls.delete': { id },
      'reference.createIndicator': { values: { code: 'P.1', type: 'output', objectiveCode: 'SO1', labelFr: 'a', labelNl: 'b', labelEn: 'c', unit: 'u' } },
      'reference.updateIndicator': { id: referenceId('indicator', 'O.3.3'), values: { labelFr: 'a', labelNl: 'b', labelEn: 'c', unit: 'u' } },
      'reference.deleteIndicator': { id },
      'reference.updateObjectiveWording': { code: 'SO4', values: { language: 'nl', wording: 'x', source: null, incomplete: false } },
      'merge.apply': { resolutions: {} },
      'grantor.save': { values: { nameFr: 'SPF Intérieur', signatoryName: 'X', signatoryTitleFr: 'Directeur' } },
      'evaluations.save': { projectId: id, values: { criteria: Object.fromEntries(DAC_CRITERIA.map((c) => [c, {}])) } },
      'clauses.save': { key: 'object', language: 'fr', title: 'Objet', body: 'Texte' },
      'clauses.reset': { key: 'object', language: 'fr' },
      'documents.generate': { projectId: id, kind: 'agreement', language: 'fr' },
      'documents.generateProgramme': { language: 'fr' },
      'documents.generateVerification': { kind: 'verification_report', claimId: id, language: 'fr' },
      'documents.generateReminder': { milestoneId: id },
      'documents.finalize': { id },
      'documents.delete': { id },
      'handover.write': { values: { toName: 'Pieter', note: 'Voici le dossier.' }, language: 'fr' },
      'attachments.add': { owner: { projectId: id }, values: { kind: 'partner_report', title: 'Rapport' } },
      'attachments.remove': { id },
      'attachments.link': { id, documentId: null },
      'verification.answer': { claimId: id, questionId: 'visibility', values: { answer: 'yes' } },
      'verification.drawSample': { claimId: id, values: { method: 'all' } },
      'verification.setOutcome': { lineId: id, values: { outcome: 'accepted' } },
      'verification.setExtrapolation': { claimId: id, apply: false },
      'verification.prepare': { claimId: id },
      'verification.approve': { claimId: id, reason: 'x' },
      'verification.undoApproval': { claimId: id, reason: 'x' },
      'verification.saveQuestion': { values: { textFr: 'a', textNl: 'b', textEn: 'c' } },
      'verification.deleteQuestion': { id: 'visibility' },
      'claims.importConfirm': { claimId: id, mapping: {} },
      'claims.save': { projectId: id, values: { kind: 'interim', periodStart: TODAY, periodEnd: TODAY, submittedOn: TODAY } },
      'claims.delete': { id },
      'claims.saveLine': { claimId: id, values: { kind: 'lump_sum', budgetLineId: id } },
      'claims.deleteLine': { id },
      'claims.setStatus': { id, status: 'withdrawn', on: TODAY, reason: 'x' },
    }
    const writing = Object.entries(channels)
      // visits-api.test.ts covers the visits' channels.
      .filter(([name, c]) => c.writesFile && !/^(demo|partners|contacts|partnerships|visits)\./.test(name))
      .map(([name]) => name)
    expect(Object.keys(samples).sort()).toEqual(writing.sort())
    const before = snapshot(filePath)
    const { ws } = testWorkspace({ dir: setup.dir })
    await ws.open(filePath, { readOnly: true })
    for (const [channel, input] of Object.entries(samples)) expect((await refused(ws, channel, input)).code, channel).toBe('READ_ONLY')
    expect((await ok(ws, 'projects.get', { id })).code).toBe('AMIF-2026-RV-01')
    await ws.close()
    expectUntouched(filePath, before)
  })
})

describe('exports', () => {
  it('write the projects the list shows to Excel with translated labels and amounts in euros', async () => {
    const { ws, dir, dialogs } = await openNew()
    const iom = await partner(ws, 'OIM Belgique', 'OIM')
    const p = await ok(ws, 'projects.create', { values: projectValues(iom.id) })
    await ok(ws, 'budget.saveLine', { projectId: p.id, values: { category: 'other', costModel: 'lump_sum', description: 'x', amountCents: 123_456 } })
    dialogs.nextSavePath = path.join(dir, 'projets.xlsx')
    const columns = [
      { key: 'code', label: 'Code' },
      { key: 'status', label: 'Statut' },
      { key: 'eu', label: 'Contribution UE (€)' },
    ]
    const result = await ok(ws, 'projects.export', {
      format: 'xlsx',
      query: {},
      title: 'Projets',
      defaultName: 'projets',
      columns,
      labels: { status: { draft: 'Brouillon' } },
    })
    expect(result).toEqual({ path: dialogs.nextSavePath, rows: 1 })
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.readFile(dialogs.nextSavePath)
    expect(workbook.worksheets[0].getRow(2).values).toEqual([undefined, 'AMIF-2026-RV-01', 'Brouillon', 925.92])
  })
})
