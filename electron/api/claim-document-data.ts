import type { Kysely } from 'kysely'
import { claimClockOf, claimResultOf } from '../../database/claim-result'
import { addDays, daysBetween } from '../../database/domain/dates'
import { AppError } from '../../database/domain/errors'
import { inLanguage, type DocLanguage } from '../../database/domain/languages'
import { FINDING_SEVERITIES, type ContactLanguage } from '../../database/domain/vocabulary'
import { getPartnerParty } from '../../database/partners'
import { isLate } from '../../database/progress'
import { lateReport } from '../../database/reporting'
import type { DB } from '../../database/schema'
import type { SourceByKind } from '../../templates/produce'
import type { VerificationProject } from '../../templates/types'
import { documentGrantor, party } from './document-data'

/**
 * Gathers from the file what the verification report of a claim, the report of a visit, the
 * reminder letter about a late milestone or report and the evaluation report's verified expenditure lay out. The figures of a claim are claimResultOf's
 * (database/claim-result.ts), never recomputed here.
 */

async function verificationProject(db: Kysely<DB>, projectId: string, lang: DocLanguage): Promise<VerificationProject> {
  const p = await db.selectFrom('projects').select(['code', 'title', 'beneficiary_id', 'eu_rate_bp']).where('id', '=', projectId).executeTakeFirstOrThrow()
  return { code: p.code, title: p.title, beneficiary: party(await getPartnerParty(db, p.beneficiary_id), lang), euRateBp: p.eu_rate_bp }
}

/** The claim a verification report is about: its project and submission day (NOT_FOUND when the file lacks it). */
export async function claimSubject(db: Kysely<DB>, claimId: string): Promise<{ projectId: string; projectCode: string; day: string }> {
  const row = await db
    .selectFrom('claims as c')
    .innerJoin('projects as p', 'p.id', 'c.project_id')
    .select(['c.project_id', 'p.code', 'c.submitted_on'])
    .where('c.id', '=', claimId)
    .executeTakeFirst()
  if (!row) throw new AppError('NOT_FOUND', `No claim ${claimId}`, { entity: 'claims', id: claimId })
  return { projectId: row.project_id, projectCode: row.code, day: row.submitted_on }
}

/** The visit a visit report is about: its project and day (NOT_FOUND when the file lacks it). */
export async function visitSubject(db: Kysely<DB>, visitId: string): Promise<{ projectId: string; projectCode: string; day: string }> {
  const row = await db
    .selectFrom('visits as v')
    .innerJoin('projects as p', 'p.id', 'v.project_id')
    .select(['v.project_id', 'p.code', 'v.visit_date'])
    .where('v.id', '=', visitId)
    .executeTakeFirst()
  if (!row) throw new AppError('NOT_FOUND', `No visit ${visitId}`, { entity: 'visits', id: visitId })
  return { projectId: row.project_id, projectCode: row.code, day: row.visit_date }
}

/** Everything a claim's verification report says, but its stamp, on `today`. */
export async function verificationReportData(db: Kysely<DB>, claimId: string, lang: DocLanguage, today: string): Promise<SourceByKind['verification_report']> {
  await claimSubject(db, claimId)
  const claim = await db.selectFrom('claims').selectAll().where('id', '=', claimId).executeTakeFirstOrThrow()
  const suspensions = await db
    .selectFrom('claim_suspensions')
    .select(['stopped_on', 'resumed_on', 'reason'])
    .where('claim_id', '=', claimId)
    .orderBy('stopped_on')
    .execute()
  // Every active question, and any inactive one this claim answered (its answer stays part of the verification).
  const questions = await db
    .selectFrom('checklist_questions as q')
    .leftJoin('claim_checks as c', (join) => join.onRef('c.question_id', '=', 'q.id').on('c.claim_id', '=', claimId))
    .select(['q.text_fr', 'q.text_nl', 'q.text_en', 'q.legal_basis', 'q.active', 'c.answer', 'c.comment'])
    .orderBy('q.sort_order')
    .orderBy('q.id')
    .execute()
  const lines = await db
    .selectFrom('claim_lines as l')
    .innerJoin('budget_lines as b', 'b.id', 'l.budget_line_id')
    .select([
      'l.line_no',
      'l.kind',
      'b.description as budget_line',
      'b.category',
      'l.expense_date',
      'l.supplier',
      'l.reference',
      'l.description',
      'l.person_name',
      'l.hours_hundredths',
      'l.hourly_rate_cents',
      'l.units',
      'l.declared_cents',
      'l.in_sample',
      'l.outcome',
      'l.accepted_cents',
      'l.error_type',
      'l.outcome_comment',
    ])
    .where('l.claim_id', '=', claimId)
    .orderBy('l.line_no')
    .execute()
  return {
    grantor: await documentGrantor(db, lang),
    project: await verificationProject(db, claim.project_id, lang),
    today,
    claim: {
      kind: claim.kind,
      reference: claim.reference,
      periodStart: claim.period_start,
      periodEnd: claim.period_end,
      submittedOn: claim.submitted_on,
      status: claim.status,
      note: claim.note,
      clock: await claimClockOf(db, claimId, today),
      suspensions: suspensions.map((s) => ({ stoppedOn: s.stopped_on, resumedOn: s.resumed_on, reason: s.reason })),
    },
    checklist: questions
      .filter((q) => q.active === 1 || q.answer !== null)
      .map((q) => ({
        question: inLanguage(lang, q.text_fr, q.text_nl, q.text_en),
        legalBasis: q.legal_basis,
        answer: q.answer,
        comment: q.comment,
      })),
    sampling: {
      method: claim.sampling_method,
      thresholdCents: claim.sample_threshold_cents,
      size: claim.sample_size,
      seed: claim.sample_seed,
      sampledAt: claim.sampled_at,
      sampledBy: claim.sampled_by,
    },
    lines: lines.map((l) => ({
      lineNo: l.line_no,
      kind: l.kind,
      budgetLine: l.budget_line,
      category: l.category,
      expenseDate: l.expense_date,
      supplier: l.supplier,
      reference: l.reference,
      description: l.description,
      personName: l.person_name,
      hoursHundredths: l.hours_hundredths,
      hourlyRateCents: l.hourly_rate_cents,
      units: l.units,
      declaredCents: l.declared_cents,
      inSample: l.in_sample === 1,
      outcome: l.outcome,
      acceptedCents: l.accepted_cents,
      errorType: l.error_type,
      comment: l.outcome_comment,
    })),
    result: await claimResultOf(db, claimId),
    officers: {
      preparedBy: claim.prepared_by,
      preparedAt: claim.prepared_at,
      approvedBy: claim.approved_by,
      approvedAt: claim.approved_at,
      selfApprovalReason: claim.approved_by !== null && claim.approved_by === claim.prepared_by ? claim.self_approval_reason : null,
    },
  }
}

/** Everything a visit report says, but its stamp, on `today`. */
export async function visitReportData(db: Kysely<DB>, visitId: string, lang: DocLanguage, today: string): Promise<SourceByKind['visit_report']> {
  await visitSubject(db, visitId)
  const visit = await db.selectFrom('visits').selectAll().where('id', '=', visitId).executeTakeFirstOrThrow()
  const severityOrder = (s: string) => FINDING_SEVERITIES.length - FINDING_SEVERITIES.indexOf(s as (typeof FINDING_SEVERITIES)[number])
  const findings = (
    await db.selectFrom('visit_findings').select(['id', 'severity', 'description', 'created_at']).where('visit_id', '=', visitId).execute()
  ).sort((a, b) => severityOrder(a.severity) - severityOrder(b.severity) || a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id))
  const numbers = new Map(findings.map((f, i) => [f.id, i + 1]))
  const recommendations = await db
    .selectFrom('visit_recommendations')
    .selectAll()
    .where('visit_id', '=', visitId)
    .orderBy('due_date')
    .orderBy('created_at')
    .orderBy('id')
    .execute()
  return {
    grantor: await documentGrantor(db, lang),
    project: await verificationProject(db, visit.project_id, lang),
    today,
    visit: { date: visit.visit_date, place: visit.place, officers: visit.officers, scope: visit.scope, status: visit.status, conclusion: visit.conclusion },
    findings: findings.map((f) => ({ number: numbers.get(f.id)!, severity: f.severity, description: f.description })),
    recommendations: recommendations.map((r) => ({
      recommendation: r.recommendation,
      finding: r.finding_id ? (numbers.get(r.finding_id) ?? null) : null,
      dueDate: r.due_date,
      status: r.status,
      statusOn: r.status_on,
      statusReason: r.status_reason,
      followUp: r.follow_up,
    })),
  }
}

/** A contact's preferred language as a letter's: fr, nl or en; a contact preferring German gets English (documents exist in fr/nl/en only). */
export function letterLanguage(preferred: ContactLanguage): DocLanguage {
  return preferred === 'de' ? 'en' : preferred
}

/**
 * The beneficiary's contact a reminder letter goes to: the one asked for, else the first who can
 * sign, else the first; NO_CONTACT when the beneficiary has none.
 */
async function letterContact(db: Kysely<DB>, beneficiaryId: string, contactId: string | null, projectCode: string) {
  const beneficiary = await getPartnerParty(db, beneficiaryId)
  const contact = contactId ? beneficiary.contacts.find((c) => c.id === contactId) : (beneficiary.contacts.find((c) => c.canSign) ?? beneficiary.contacts[0])
  if (contactId && !contact) {
    throw new AppError('VALIDATION', 'The contact is not a contact of the beneficiary', { issues: [{ path: 'contactId', message: 'invalid' }] })
  }
  if (!contact) throw new AppError('NO_CONTACT', `The beneficiary of ${projectCode} has no contact`, { id: beneficiaryId })
  return { beneficiary, contact }
}

/**
 * The late milestone or report a reminder letter is about, and the beneficiary's contact it goes
 * to. A milestone: NOT_FOUND when the file lacks it, MILESTONE_NOT_LATE when it is not late on
 * `today`. A report: as lateReport says (NOT_FOUND, REPORT_NOT_OWED, REPORT_NOT_LATE). Then
 * NO_CONTACT when the beneficiary has no contact. `subjectId` is the register's name of what the
 * letter is about; `day`, its due day, goes into the reference.
 */
export async function reminderSubject(db: Kysely<DB>, about: { milestoneId?: string; reportId?: string }, contactId: string | null, today: string) {
  if (about.reportId !== undefined) {
    const { project: p, report } = await lateReport(db, about.reportId, today)
    const { beneficiary, contact } = await letterContact(db, p.beneficiary_id, contactId, p.code)
    const { kind, number, periodStart, periodEnd, dueDate } = report
    return {
      about: { report: { kind, number, periodStart, periodEnd, dueDate } },
      project: { code: p.code, title: p.title },
      beneficiary,
      contact,
      projectId: p.id,
      projectCode: p.code,
      subjectId: report.subjectId,
      day: dueDate,
    }
  }
  const milestoneId = about.milestoneId ?? ''
  const m = await db
    .selectFrom('milestones as m')
    .innerJoin('projects as p', 'p.id', 'm.project_id')
    .select(['m.project_id', 'm.title', 'm.description', 'm.due_date', 'm.status', 'p.code', 'p.title as project_title', 'p.beneficiary_id'])
    .where('m.id', '=', milestoneId)
    .executeTakeFirst()
  if (!m) throw new AppError('NOT_FOUND', `No milestone ${milestoneId}`, { entity: 'milestones', id: milestoneId })
  if (!isLate({ status: m.status, dueDate: m.due_date }, today)) {
    throw new AppError('MILESTONE_NOT_LATE', `Milestone ${milestoneId} is not late on ${today}`, { id: milestoneId })
  }
  const { beneficiary, contact } = await letterContact(db, m.beneficiary_id, contactId, m.code)
  return {
    about: { milestone: { title: m.title, description: m.description, dueDate: m.due_date } },
    project: { code: m.code, title: m.project_title },
    beneficiary,
    contact,
    projectId: m.project_id,
    projectCode: m.code,
    subjectId: milestoneId,
    day: m.due_date,
  }
}

/** Everything a reminder letter says, but its stamp, on `today`: the reply is asked for within REPLY_DAYS. */
export async function reminderLetterData(
  db: Kysely<DB>,
  subject: Awaited<ReturnType<typeof reminderSubject>>,
  lang: DocLanguage,
  today: string,
): Promise<SourceByKind['reminder_letter']> {
  const { beneficiary, contact } = subject
  return {
    grantor: await documentGrantor(db, lang),
    project: subject.project,
    beneficiary: party(beneficiary, lang),
    contact: { name: contact.fullName, jobTitle: contact.jobTitle },
    ...subject.about,
    today,
    daysLate: daysBetween(subject.day, today),
    replyBy: addDays(today, REPLY_DAYS),
  }
}

/** How many days a reminder letter gives the beneficiary to answer. */
export const REPLY_DAYS = 15
