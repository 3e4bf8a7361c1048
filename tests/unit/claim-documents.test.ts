import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { claimResultOf } from '../../database/claim-result'
import { VOCABULARY_LABELS } from '../../database/domain/labels'
import { LOCALES } from '../../database/domain/languages'
import { formatEuros } from '../../database/domain/money'
import { insertRecord } from '../../database/records'
import type { Officer } from '../../database/audit'
import type { Workspace } from '../../electron/api/workspace'
import { runCli } from '../../electron/cli/cli'
import { normalise, pdfText } from './fixtures/documents'
import { mergePair, newProjectValues, ok, openNewFile, refused, testWorkspace } from './helpers'

/**
 * The documents of payment claims (issue 15 §4): a claim's verification report and a visit's
 * report, in the register with the claim or visit as subject and versioned per subject, saying
 * the right amounts in the document's language; the evaluation report's verified expenditure.
 */

const TODAY = '2026-12-01'
/** Each test loads the demonstration file and renders documents: on a busy machine that takes a while. */
const SLOW = 90_000
const PREPARER: Officer = { name: 'Élise Préparatrice', email: null }
const APPROVER: Officer = { name: 'Marc Approbateur', email: null }
const AT = (d: string) => `${d}T09:00:00.000Z`
const fr = (cents: number) => normalise(formatEuros(cents, LOCALES.fr))
const nl = (cents: number) => normalise(formatEuros(cents, LOCALES.nl))

interface Setup {
  ws: Workspace
  dir: string
  dialogs: ReturnType<typeof testWorkspace>['dialogs']
  file: string
  projectId: string
  projectCode: string
  sampled: string
  selfApproved: string
  received: string
  visit: string
}

/**
 * A demo file with, on one project: a claim verified on a sample (one line above the threshold, a
 * random part with one line rejected, two lines outside the sample, the extrapolated error
 * applied), approved by a second officer; a claim approved by the officer who prepared it, with
 * the reason; a claim just received; and a visit with findings and recommendations.
 */
async function setup(): Promise<Setup> {
  const t = testWorkspace()
  const file = path.join(t.dir, 'claims.amif')
  await openNewFile(t.ws, file, { demo: true })
  return { ws: t.ws, dir: t.dir, dialogs: t.dialogs, file, ...(await addClaims(t.ws)) }
}

/**
 * The same claims and visit in a file without the demo (whose projects have claims of their own),
 * on its one project, running, with an external services budget line.
 */
async function setupWithoutDemo(): Promise<Setup> {
  const t = testWorkspace()
  const file = path.join(t.dir, 'claims.amif')
  await openNewFile(t.ws, file)
  // A document needs the file's own organisation, which the demo sets.
  await ok(t.ws, 'grantor.save', {
    values: { nameFr: 'Agence fédérale pour l’accueil des demandeurs d’asile', signatoryName: 'Anne Dupont', signatoryTitleFr: 'Directrice générale' },
  })
  const partner = await ok(t.ws, 'partners.create', { values: { name: 'Vluchtelingenwerk Vlaanderen', acronym: 'VWV', kind: 'ngo', country: 'BE' } })
  const p = await ok(t.ws, 'projects.create', { values: newProjectValues(partner.id, 'AMIF-2026-EV-01', { euRateBp: 7500 }), today: '2026-01-02' })
  await ok(t.ws, 'budget.saveLine', {
    projectId: p.id,
    values: { category: 'external_services', costModel: 'actual_costs', description: 'Tolken', amountCents: 10_000_000 },
  })
  for (const status of ['submitted', 'selected', 'agreement_signed', 'running'] as const)
    await ok(t.ws, 'projects.setStatus', { id: p.id, status, changedOn: '2026-01-02' })
  return { ws: t.ws, dir: t.dir, dialogs: t.dialogs, file, ...(await addClaims(t.ws)) }
}

/** The claims and the visit of `setup`, added to the open file. */
async function addClaims(ws: Workspace): Promise<Omit<Setup, 'ws' | 'dir' | 'dialogs' | 'file'>> {
  const db = ws.writableFile().db
  const project = await db
    .selectFrom('projects as p')
    .innerJoin('budget_lines as b', 'b.project_id', 'p.id')
    .select(['p.id', 'p.code', 'b.id as line'])
    .where('b.cost_model', '=', 'actual_costs')
    .where('b.category', '=', 'external_services')
    .where('p.status', '=', 'running')
    .orderBy('p.code')
    .executeTakeFirstOrThrow()
  const ids = await db.transaction().execute(async (trx) => {
    const claim = (columns: Record<string, unknown>) =>
      insertRecord(
        trx,
        PREPARER,
        { table: 'claims', entity: 'claim', parentId: project.id },
        {
          project_id: project.id,
          kind: 'interim',
          reference: null,
          period_start: '2026-01-01',
          period_end: '2026-06-30',
          submitted_on: '2026-10-01',
          status: 'received',
          withdrawn_reason: null,
          sampling_method: null,
          sample_threshold_cents: null,
          sample_size: null,
          sample_seed: null,
          sampled_at: null,
          sampled_by: null,
          prepared_by: null,
          prepared_at: null,
          approved_by: null,
          approved_at: null,
          self_approval_reason: null,
          note: null,
          ...columns,
        },
      )
    const line = (claimId: string, no: number, cents: number, outcome: { inSample?: boolean; outcome?: 'accepted' | 'rejected'; comment?: string } = {}) =>
      insertRecord(
        trx,
        PREPARER,
        { table: 'claim_lines', entity: 'claim_line', parentId: claimId },
        {
          claim_id: claimId,
          budget_line_id: project.line,
          line_no: no,
          kind: 'actual',
          expense_date: '2026-03-15',
          supplier: `Fournisseur ${no}`,
          reference: `F-2026-${no}`,
          description: `Dépense ${no}`,
          amount_excl_cents: cents,
          amount_incl_cents: cents,
          vat_eligible: 0,
          payment_date: '2026-03-30',
          declared_cents: cents,
          in_sample: outcome.inSample ? 1 : 0,
          outcome: outcome.outcome ?? null,
          accepted_cents: outcome.outcome === 'accepted' ? cents : outcome.outcome === 'rejected' ? 0 : null,
          error_type: outcome.outcome === 'rejected' ? 'ineligible_cost' : null,
          outcome_comment: outcome.comment ?? null,
          verified_by: outcome.outcome ? PREPARER.name : null,
          verified_at: outcome.outcome ? AT('2026-10-20') : null,
        },
      )
    const sampled = await claim({
      reference: 'DP-2026-01',
      status: 'verified',
      sampling_method: 'threshold_random',
      sample_threshold_cents: 500_000,
      sample_size: 2,
      sample_seed: 'seed-4711',
      sampled_at: AT('2026-10-15'),
      sampled_by: PREPARER.name,
      apply_extrapolation: 1,
      prepared_by: PREPARER.name,
      prepared_at: AT('2026-10-25'),
      approved_by: APPROVER.name,
      approved_at: AT('2026-10-28'),
    })
    await line(sampled, 1, 600_000, { inSample: true, outcome: 'accepted' })
    await line(sampled, 2, 100_000, { inSample: true, outcome: 'rejected', comment: 'Facture adressée à un autre organisme' })
    await line(sampled, 3, 100_000, { inSample: true, outcome: 'accepted' })
    await line(sampled, 4, 200_000)
    await line(sampled, 5, 50_000)
    for (const [question, answer, comment] of [
      ['eligibility_period', 'yes', null],
      ['public_procurement', 'no', 'Pas de mise en concurrence pour la ligne 2'],
    ] as const) {
      await insertRecord(
        trx,
        PREPARER,
        { table: 'claim_checks', entity: 'claim_check', parentId: sampled },
        {
          id: `${sampled}:${question}`,
          claim_id: sampled,
          question_id: question,
          answer,
          comment,
        },
      )
    }
    const selfApproved = await claim({
      submitted_on: '2026-11-02',
      period_start: '2026-07-01',
      period_end: '2026-09-30',
      status: 'verified',
      prepared_by: PREPARER.name,
      prepared_at: AT('2026-11-10'),
      approved_by: PREPARER.name,
      approved_at: AT('2026-11-12'),
      self_approval_reason: 'Seule agente en service pendant les congés',
    })
    await line(selfApproved, 1, 300_000, { outcome: 'accepted' })
    const received = await claim({ submitted_on: '2026-11-20', period_start: '2026-10-01', period_end: '2026-10-31' })
    await line(received, 1, 40_000)

    const visit = await insertRecord(
      trx,
      PREPARER,
      { table: 'visits', entity: 'visit', parentId: project.id },
      {
        project_id: project.id,
        visit_date: '2026-09-10',
        place: 'Antwerpen, Lange Kievitstraat 111',
        officers: 'Élise Préparatrice, Marc Approbateur',
        scope: 'Personeelsdossiers en aanwezigheidslijsten van de opvangcentra.',
        status: 'done',
        conclusion: 'De begunstigde voert het project uit zoals overeengekomen.',
      },
    )
    const serious = await insertRecord(
      trx,
      PREPARER,
      { table: 'visit_findings', entity: 'visit_finding', parentId: visit },
      {
        visit_id: visit,
        severity: 'high',
        description: 'Aanwezigheidslijsten ontbreken voor maart.',
      },
    )
    await insertRecord(
      trx,
      PREPARER,
      { table: 'visit_findings', entity: 'visit_finding', parentId: visit },
      {
        visit_id: visit,
        severity: 'low',
        description: 'EU-embleem te klein op de affiche.',
      },
    )
    await insertRecord(
      trx,
      PREPARER,
      { table: 'visit_recommendations', entity: 'visit_recommendation', parentId: visit },
      {
        visit_id: visit,
        finding_id: serious,
        recommendation: 'Aanwezigheidslijsten maandelijks laten ondertekenen.',
        due_date: '2026-10-31',
        status: 'open',
        status_on: null,
        status_reason: null,
        follow_up: null,
      },
    )
    return { sampled, selfApproved, received, visit }
  })
  return { projectId: project.id, projectCode: project.code, ...ids }
}

/** A register entry's text, read back from the bytes `documents.save` writes. */
async function savedText(s: Setup, id: string): Promise<string> {
  s.dialogs.nextSavePath = path.join(s.dir, `${id}.pdf`)
  const saved = await ok(s.ws, 'documents.save', { id, open: false })
  if (saved.cancelled) throw new Error('cancelled')
  return pdfText(fs.readFileSync(saved.path)).all
}

describe('the verification report of a claim', () => {
  it(
    'says what was declared, checked, rejected, extrapolated and payable, in French, with both officers',
    async () => {
      const s = await setup()
      const doc = await ok(s.ws, 'documents.generateVerification', { kind: 'verification_report', claimId: s.sampled, language: 'fr', today: TODAY })
      expect(doc).toMatchObject({ kind: 'verification_report', projectId: s.projectId, subjectId: s.sampled, version: 1, status: 'draft', language: 'fr' })
      expect(doc.reference).toBe(`${s.projectCode}/VERIF/2026-10-01/v1`)
      const text = await savedText(s, doc.id)
      const r = await claimResultOf(s.ws.file().db, s.sampled)
      // The figures are the verification's own: 10 500 € declared, 1 000 € rejected, 50 % error in the random part projected on 2 500 €.
      expect(r.declaredCents).toBe(1_050_000)
      expect(r.ineligibleCents).toBe(100_000)
      expect(r.extrapolation).toMatchObject({ errorRateBp: 5000, projectedCents: 125_000, applied: true })
      const v = VOCABULARY_LABELS.fr.vocab
      for (const expected of [
        'Rapport de vérification de gestion',
        `Dépenses déclarées ${fr(1_050_000)}`,
        `${v.errorTypes.ineligible_cost}`,
        `Total inéligible ${fr(100_000)}`,
        `50 % (${fr(100_000)} sur ${fr(200_000)})`,
        `Erreur projetée sur les lignes hors échantillon ${fr(125_000)}`,
        `Correction forfaitaire appliquée -${fr(125_000)}`,
        `Montant à payer ${fr(r.payableCents)}`,
        v.lineOutcomes.rejected,
        'Facture adressée à un autre organisme',
        'Hors échantillon',
        v.samplingMethods.threshold_random,
        'seed-4711',
        fr(500_000),
        'Pas de mise en concurrence pour la ligne 2',
        'Les règles des marchés publics ont été respectées pour les achats concernés.',
        `Préparée par ${PREPARER.name}, le 25 octobre 2026`,
        `Approuvée par ${APPROVER.name}, le 28 octobre 2026`,
        'B R O U I L L O N',
      ]) {
        expect(text).toContain(normalise(expected))
      }
      expect(text).not.toContain('Motif :')
    },
    SLOW,
  )

  it(
    'shows a self-approval with its reason, in Dutch, and the questions in Dutch',
    async () => {
      const s = await setup()
      const doc = await ok(s.ws, 'documents.generateVerification', { kind: 'verification_report', claimId: s.selfApproved, language: 'nl', today: TODAY })
      const text = await savedText(s, doc.id)
      expect(text).toContain('Verslag van de beheersverificatie')
      expect(text).toContain(normalise('Goedgekeurd door de beheerder die de verificatie heeft voorbereid. Reden: Seule agente en service pendant les congés'))
      expect(text).toContain(normalise('Alle gedeclareerde regels zijn gecontroleerd.'))
      expect(text).toContain(normalise(`Gedeclareerde uitgaven ${nl(300_000)}`))
      expect(text).toContain(normalise('Geen uitgave wordt voor dezelfde kosten gefinancierd'))
    },
    SLOW,
  )

  it(
    'is versioned per claim: a draft produced again stays its version, a final one is followed by the next',
    async () => {
      const s = await setup()
      const gen = (claimId: string) => ok(s.ws, 'documents.generateVerification', { kind: 'verification_report', claimId, language: 'fr', today: TODAY })
      const first = await gen(s.sampled)
      const again = await gen(s.sampled)
      expect(again).toMatchObject({ id: first.id, version: 1 })
      const final = await ok(s.ws, 'documents.finalize', { id: first.id })
      expect(final).toMatchObject({ status: 'final', subjectId: s.sampled })
      expect(await savedText(s, final.id)).not.toContain('B R O U I L L O N')
      expect(await gen(s.sampled)).toMatchObject({ version: 2, subjectId: s.sampled })
      // Another claim of the same project starts at 1.
      expect(await gen(s.received)).toMatchObject({ version: 1, subjectId: s.received, reference: `${s.projectCode}/VERIF/2026-11-20/v1` })
      const listed = (await ok(s.ws, 'documents.list', { subjectId: s.sampled })).rows
      expect(listed.map((d) => [d.kind, d.version, d.status])).toEqual([
        ['verification_report', 2, 'draft'],
        ['verification_report', 1, 'final'],
      ])
      expect((await ok(s.ws, 'documents.list', { projectId: s.projectId, kind: 'verification_report' })).rows.length).toBe(3)
    },
    SLOW,
  )

  it(
    'refuses a claim the file lacks, writing nothing',
    async () => {
      const s = await setup()
      const before = (await ok(s.ws, 'documents.list', {})).rows.length
      const err = await refused(s.ws, 'documents.generateVerification', {
        kind: 'verification_report',
        claimId: '00000000-0000-4000-8000-00000000dead',
        language: 'fr',
      })
      expect(err.code).toBe('NOT_FOUND')
      expect((await ok(s.ws, 'documents.list', {})).rows.length).toBe(before)
    },
    SLOW,
  )

  it(
    'is written by the command line: pdf verification <file> --claim <id>',
    async () => {
      const s = await setup()
      await s.ws.close()
      const out = path.join(s.dir, 'verification.pdf')
      const lines: string[] = []
      const errors: string[] = []
      const code = await runCli(['pdf', 'verification', s.file, '--claim', s.sampled, '--lang', 'en', '--out', out, '--today', TODAY], {
        stdout: (t) => lines.push(t),
        stderr: (t) => errors.push(t),
      })
      expect(errors.join('')).toBe('')
      expect(code).toBe(0)
      expect(JSON.parse(lines.join(''))).toMatchObject({ ok: true, kind: 'verification_report', subject: s.sampled, language: 'en', version: 1 })
      expect(pdfText(fs.readFileSync(out)).all).toContain(normalise('Management verification report'))
      const help: string[] = []
      await runCli(['--help'], { stdout: (t) => help.push(t), stderr: () => undefined })
      expect(help.join('')).toContain('pdf verification <file> --claim <id>')

      // The visit's report the same way; a missing or misplaced subject is a usage error.
      const visitOut = path.join(s.dir, 'visit.pdf')
      const visit: string[] = []
      expect(
        await runCli(['pdf', 'visit', s.file, '--visit', s.visit, '--lang', 'nl', '--out', visitOut], {
          stdout: (t) => visit.push(t),
          stderr: () => undefined,
        }),
      ).toBe(0)
      expect(JSON.parse(visit.join(''))).toMatchObject({ kind: 'visit_report', subject: s.visit, language: 'nl' })
      const usage: string[] = []
      const quiet = { stdout: () => undefined, stderr: (t: string) => usage.push(t) }
      expect(await runCli(['pdf', 'verification', s.file, '--out', out], quiet)).toBe(1)
      expect(await runCli(['pdf', 'visit', s.file, '--claim', s.sampled, '--visit', s.visit, '--out', out], quiet)).toBe(1)
      expect(usage.join('')).toContain('pdf verification needs --claim <id>.')
      expect(usage.join('')).toContain('--claim does not apply to pdf visit.')
    },
    SLOW,
  )
})

describe('a verification report in a merge', () => {
  it(
    'travels from a colleague’s file with its claim as subject, a draft here until marked final',
    async () => {
      let ids: Awaited<ReturnType<typeof addClaims>> | null = null
      const pair = await mergePair(async (ws) => {
        ids = await addClaims(ws)
      })
      const claimId = ids!.sampled
      const theirs = await ok(pair.theirs, 'documents.generateVerification', { kind: 'verification_report', claimId, language: 'nl', today: TODAY })
      await pair.theirs.close()
      pair.dialogs.nextOpenPath = pair.theirsPath
      const preview = await ok(pair.mine, 'merge.preview', {})
      if (preview.cancelled) throw new Error('cancelled')
      await ok(pair.mine, 'merge.apply', { resolutions: {} })
      const mine = (await ok(pair.mine, 'documents.list', { subjectId: claimId })).rows
      expect(mine).toMatchObject([{ id: theirs.id, kind: 'verification_report', subjectId: claimId, version: 1, status: 'draft' }])
      expect(mine[0].receivedFromFileId).not.toBeNull()
    },
    SLOW,
  )
})

describe('the report of an on-the-spot visit', () => {
  it(
    'says in Dutch where and when, its findings by severity and the recommendations with their follow-up',
    async () => {
      const s = await setup()
      const doc = await ok(s.ws, 'documents.generateVerification', { kind: 'visit_report', visitId: s.visit, language: 'nl', today: TODAY })
      expect(doc).toMatchObject({ kind: 'visit_report', subjectId: s.visit, version: 1, reference: `${s.projectCode}/VISIT/2026-09-10/v1` })
      const text = await savedText(s, doc.id)
      const v = VOCABULARY_LABELS.nl.vocab
      for (const expected of [
        'Verslag van de controle ter plaatse',
        'Antwerpen, Lange Kievitstraat 111',
        '10 september 2026',
        'Personeelsdossiers en aanwezigheidslijsten',
        `${v.findingSeverities.high} Aanwezigheidslijsten ontbreken voor maart.`,
        v.findingSeverities.low,
        'Aanwezigheidslijsten maandelijks laten ondertekenen.',
        'Vaststelling 1',
        'termijn verstreken',
        v.recommendationStatuses.open,
        'De begunstigde voert het project uit zoals overeengekomen.',
      ]) {
        expect(text).toContain(normalise(expected))
      }
      // The high finding comes before the low one.
      expect(text.indexOf('Aanwezigheidslijsten ontbreken')).toBeLessThan(text.indexOf('EU-embleem te klein'))
    },
    SLOW,
  )
})

describe('the evaluation report', () => {
  it(
    'shows the project’s verified expenditure over its approved claims and the error rate',
    async () => {
      // Without the demo: its claims on the same project would count in these figures too.
      const s = await setupWithoutDemo()
      const doc = await ok(s.ws, 'documents.generate', { projectId: s.projectId, kind: 'report', language: 'fr', today: TODAY })
      const text = await savedText(s, doc.id)
      // Approved: 10 500 € + 3 000 € declared; accepted 7 000 € checked + 2 500 € outside the sample − 1 250 € correction + 3 000 €.
      expect(text).toContain(normalise('Dépenses vérifiées'))
      expect(text).toContain(normalise('Demandes de paiement approuvées 2'))
      expect(text).toContain(normalise(`Dépenses déclarées ${fr(1_350_000)}`))
      expect(text).toContain(normalise(`Dépenses acceptées ${fr(1_125_000)}`))
      expect(text).toContain(normalise(`Dépenses inéligibles ${fr(225_000)}`))
      expect(text).toContain(normalise('Taux d’erreur 16,7 %'))
    },
    SLOW,
  )
})
