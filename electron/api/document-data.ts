import type { Kysely } from 'kysely'
import { AppError } from '../../database/domain/errors'
import type { ProgrammeRequest } from '../../database/domain/schemas/documents'
import type { ClauseOverride } from '../../templates/clauses'
import type { AgreementSource } from '../../templates/produce'
import type {
  BudgetData,
  DocumentParty,
  IndicatorData,
  MilestoneData,
  ObjectiveText,
  PartnerData,
  PaymentData,
  ProgrammeData,
  ProjectData,
  ReportData,
} from '../../templates/types'
import type { DocLanguage } from '../../database/domain/languages'
import { DAC_CRITERIA } from '../../database/domain/vocabulary'
import { getCall } from '../../database/calls'
import { dashboardFigures } from '../../database/dashboard'
import { getEvaluation } from '../../database/evaluations'
import { getGrantor, grantorForDocument } from '../../database/grantor'
import { indicatorFigures } from '../../database/indicator-figures'
import { inLanguage, ownForm } from '../../database/domain/languages'
import { coFinancing } from '../../database/domain/money'
import { getPartnerParty, type PartnerParty } from '../../database/partners'
import { getProject, listProjects, type ProjectDetail } from '../../database/projects'
import { elapsedPercent } from '../../database/domain/rag'
import { listObjectives, listStrandObjectives, listTargetGroups, usableWording, type ObjectiveRow } from '../../database/reference'
import { reportingObligations } from '../../database/reporting'
import { verifiedExpenditure } from '../../database/verified-expenditure'
import type { DB } from '../../database/schema'
import { OBJECTIVE_CODES, type ObjectiveCode } from '../../database/domain/vocabulary'

/**
 * Gathers from the file what each document lays out (templates never query the database).
 * Reference data comes in the document's language; closed vocabularies stay codes.
 */

/** An objective's short label and official wording in the document's language (null when missing or incomplete: never another language's). */
export function objectiveText(o: ObjectiveRow, lang: DocLanguage): ObjectiveText {
  return { code: o.code, short: inLanguage(lang, o.shortFr, o.shortNl, o.shortEn), wording: usableWording(o, lang) }
}

async function objectiveTexts(db: Kysely<DB>, lang: DocLanguage): Promise<Map<ObjectiveCode, ObjectiveText>> {
  return new Map((await listObjectives(db)).map((o) => [o.code, objectiveText(o, lang)]))
}

/** The file's grantor in the document's language; GRANTOR_REQUIRED until the officer has set it. */
export async function documentGrantor(db: Kysely<DB>, lang: DocLanguage) {
  const g = await getGrantor(db)
  if (!g) throw new AppError('GRANTOR_REQUIRED', 'The file’s own organisation (the grantor) is not set')
  return grantorForDocument(g, lang)
}

/** The organisation as a document in `lang` names it: its name, street and city in that language where it has them. */
export function party(o: PartnerParty, lang: DocLanguage): DocumentParty {
  return {
    name: ownForm(lang, o.name, o.nameFr, o.nameNl, o.nameEn) ?? o.name,
    acronym: o.acronym,
    kind: o.kind,
    enterpriseNumber: o.enterpriseNumber,
    foreignRegistration: o.foreignRegistration,
    vatNumber: o.vatNumber,
    street: ownForm(lang, o.street, o.streetFr, o.streetNl, o.streetEn),
    postcode: o.postcode,
    city: ownForm(lang, o.city, o.cityFr, o.cityNl, o.cityEn),
    country: o.country,
    iban: o.iban,
    bic: o.bic,
  }
}

async function projectData(db: Kysely<DB>, p: ProjectDetail, lang: DocLanguage, objectives: Map<ObjectiveCode, ObjectiveText>): Promise<ProjectData> {
  const strandObjective = p.strandObjectiveId ? (await listStrandObjectives(db)).find((s) => s.id === p.strandObjectiveId) : undefined
  const groups = new Set(p.targetGroupIds)
  const targetGroups = (await listTargetGroups(db)).filter((g) => groups.has(g.id)).map((g) => inLanguage(lang, g.labelFr, g.labelNl, g.labelEn))
  const call = p.callId ? await getCall(db, p.callId) : null
  return {
    code: p.code,
    title: p.title,
    description: p.description,
    objective: objectives.get(p.objectiveCode)!,
    strand: p.strand,
    strandObjective: strandObjective
      ? { code: strandObjective.code, label: inLanguage(lang, strandObjective.labelFr, strandObjective.labelNl, strandObjective.labelEn) }
      : null,
    targetGroups,
    call: call ? { reference: call.reference, title: call.title } : null,
    startDate: p.startDate,
    endDate: p.endDate,
    status: p.status,
    officerName: p.officerName,
    visibilityAdaptation: p.visibilityAdaptation,
  }
}

function budgetData(p: ProjectDetail): BudgetData {
  const b = p.budget
  return {
    lines: b.lines.map((l) => ({
      category: l.category,
      costModel: l.costModel,
      description: l.description,
      units: l.units,
      unitCostCents: l.unitCostCents,
      cents: l.computedCents,
    })),
    byCategory: b.byCategory.map((c) => ({ category: c.category, cents: c.cents, ...coFinancing(c.cents, b.euRateBp) })),
    directCents: b.directCents,
    indirectCents: b.indirectCents,
    eligibleCents: b.eligibleCents,
    euRateBp: b.euRateBp,
    euCents: b.euCents,
    ownCents: b.ownCents,
    rateGround: p.rateGround,
    rateJustification: p.rateJustification,
    staffCents: b.staffCents,
    remainingCents: b.remainingCents,
    flatRates: b.flatRates,
    indirectJustification: b.options.indirectJustification,
    scoExemption: b.options.scoExemption,
  }
}

function paymentData(p: ProjectDetail): PaymentData[] {
  return p.payments
    .filter((x) => x.status !== 'cancelled')
    .map((x) => ({
      kind: x.kind,
      plannedDate: x.plannedDate,
      amountCents: x.plannedAmountCents,
      rateBp: x.plannedRateBp,
      status: x.status,
      paidDate: x.paidDate,
      paidCents: x.paidCents,
    }))
}

function indicatorData(p: ProjectDetail, lang: DocLanguage): IndicatorData[] {
  return p.indicators.map((i) => ({
    code: i.code,
    label: inLanguage(lang, i.labelFr, i.labelNl, i.labelEn),
    type: i.type,
    unit: i.unit,
    baseline: i.baseline,
    target: i.target,
    achieved: i.achieved,
    achievementPct: i.achievementPct === null ? null : Math.round(i.achievementPct * 10) / 10,
    aboutPersons: i.aboutPersons,
    breakdown: i.achievedBreakdown,
  }))
}

/**
 * The names, in the document's language (Fedasil is « Federaal Agentschap... » in Dutch), of the
 * organisations a project's document names (its partners, who is responsible for a milestone),
 * by id: read by primary key, never the whole registry.
 */
async function organisationNames(db: Kysely<DB>, lang: DocLanguage, p: ProjectDetail): Promise<Map<string, string>> {
  const ids = [...new Set([...p.partners.map((x) => x.organisationId), ...p.milestones.flatMap((m) => (m.responsibleId ? [m.responsibleId] : []))])]
  if (ids.length === 0) return new Map()
  const rows = await db.selectFrom('organisations').select(['id', 'name', 'name_fr', 'name_nl', 'name_en']).where('id', 'in', ids).execute()
  return new Map(rows.map((r) => [r.id, ownForm(lang, r.name, r.name_fr, r.name_nl, r.name_en) ?? r.name]))
}

function milestoneData(p: ProjectDetail, names: Map<string, string> = new Map()): MilestoneData[] {
  return p.milestones.map((m) => ({
    title: m.title,
    description: m.description,
    dueDate: m.dueDate,
    status: m.status,
    doneDate: m.doneDate,
    late: m.late,
    daysLate: m.daysLate,
    responsible: (m.responsibleId ? names.get(m.responsibleId) : undefined) ?? m.responsibleName,
    indicatorCode: m.indicatorCode,
  }))
}

function partnerData(p: ProjectDetail, names: Map<string, string> = new Map()): PartnerData[] {
  return p.partners.map((x) => ({ name: names.get(x.organisationId) ?? x.name, acronym: x.acronym, role: x.role, budgetShareCents: x.budgetShareCents }))
}

/** The beneficiary's signatory: the contact asked for, else its first contact who may sign. */
function signatoryOf(beneficiary: PartnerParty, signatoryId: string | null) {
  const signers = beneficiary.contacts.filter((c) => c.canSign)
  const chosen = signatoryId ? beneficiary.contacts.find((c) => c.id === signatoryId) : signers[0]
  if (signatoryId && !chosen) {
    throw new AppError('VALIDATION', 'The signatory is not a contact of the beneficiary', { issues: [{ path: 'signatoryId', message: 'invalid' }] })
  }
  return chosen ? { name: chosen.fullName, title: chosen.jobTitle } : null
}

/** Everything an agreement says, but its stamp; the file's clause edits go with it (filled in when it is rendered). */
export async function agreementData(
  db: Kysely<DB>,
  projectId: string,
  lang: DocLanguage,
  today: string,
  signatoryId: string | null,
  clauseEdits: ClauseOverride[],
): Promise<AgreementSource> {
  const grantor = await documentGrantor(db, lang)
  const p = await getProject(db, projectId, today)
  const beneficiary = await getPartnerParty(db, p.beneficiaryId)
  const project = await projectData(db, p, lang, await objectiveTexts(db, lang))
  const names = await organisationNames(db, lang, p)
  // An agreement quotes its objective in its own language, or is not produced (the officer completes the wording first).
  if (project.objective.wording === null) {
    throw new AppError('WORDING_MISSING', `The official wording of ${project.objective.code} is missing or incomplete in ${lang}`, {
      objective: project.objective.code,
      language: lang,
    })
  }
  return {
    grantor,
    beneficiary: { ...party(beneficiary, lang), signatory: signatoryOf(beneficiary, signatoryId) },
    project,
    budget: budgetData(p),
    payments: paymentData(p),
    indicators: indicatorData(p, lang),
    milestones: milestoneData(p, names),
    reporting: reportingObligations(p.startDate, p.endDate),
    partners: partnerData(p, names),
    clauseEdits,
  }
}

/** Everything an evaluation report says, but its stamp, on `today`. */
export async function reportData(db: Kysely<DB>, projectId: string, lang: DocLanguage, today: string): Promise<Omit<ReportData, 'stamp'>> {
  const grantor = await documentGrantor(db, lang)
  const p = await getProject(db, projectId, today)
  const beneficiary = await getPartnerParty(db, p.beneficiaryId)
  const evaluation = await getEvaluation(db, projectId)
  const names = await organisationNames(db, lang, p)
  return {
    grantor,
    beneficiary: party(beneficiary, lang),
    project: await projectData(db, p, lang, await objectiveTexts(db, lang)),
    today,
    elapsedPct: Math.round(elapsedPercent(p.startDate, p.endDate, today)),
    rag: p.ragDetail,
    budget: budgetData(p),
    payments: paymentData(p),
    paidCents: p.paidCents,
    indicators: indicatorData(p, lang),
    milestones: milestoneData(p, names),
    partners: partnerData(p, names),
    evaluation: {
      evaluatedOn: evaluation.evaluatedOn,
      evaluator: evaluation.updatedBy,
      criteria: DAC_CRITERIA.map((c) => ({ criterion: c, score: evaluation.criteria[c].score, comment: evaluation.criteria[c].comment })),
      conclusions: evaluation.conclusions,
      recommendations: evaluation.recommendations,
    },
    verified: await verifiedExpenditure(db, projectId),
  }
}

/** The programme report: the dashboard's figures per objective for the filters, and the projects. */
export async function programmeData(db: Kysely<DB>, req: ProgrammeRequest, today: string): Promise<Omit<ProgrammeData, 'stamp'>> {
  const lang = req.language
  const grantor = await documentGrantor(db, lang)
  const objectives = await objectiveTexts(db, lang)
  const period = { callId: req.callId ?? undefined, from: req.from ?? undefined, to: req.to ?? undefined }
  const summary = await dashboardFigures(db, { ...period, strand: req.strand ? [req.strand] : [] }, today)
  const call = req.callId ? await getCall(db, req.callId) : null
  const codes = req.objective ? [req.objective] : [...OBJECTIVE_CODES]
  const chosen = summary.objectives.filter((o) => codes.includes(o.code))
  const projects = await listProjects(
    db,
    { q: '', objective: codes, status: [], rag: [], strand: req.strand ? [req.strand] : [], ...period, sort: { key: 'code', order: 'asc' } },
    today,
  )
  const sum = (pick: (o: (typeof chosen)[number]) => number) => chosen.reduce((s, o) => s + pick(o), 0)
  const figures = await indicatorFigures(db, { projectIds: projects.map((r) => r.id) })
  const personIndicators = figures.objectives.flatMap((o) =>
    o.indicators
      .filter((i) => i.aboutPersons && i.projects > 0)
      .map((i) => ({
        objectiveCode: i.objectiveCode,
        code: i.code,
        label: inLanguage(lang, i.labelFr, i.labelNl, i.labelEn),
        type: i.type,
        projects: i.projects,
        value: i.value,
        breakdown: i.notRecorded > 0 && i.notRecorded === i.value ? null : i.breakdown,
        notRecorded: i.notRecorded,
      })),
  )
  return {
    personIndicators,
    grantor,
    today,
    filters: { from: req.from, to: req.to, strand: req.strand, call: call ? { reference: call.reference, title: call.title } : null, objective: req.objective },
    objectives: chosen.map((o) => ({
      objective: objectives.get(o.code)!,
      projects: o.projects,
      eligibleCents: o.eligibleCents,
      euCents: o.euCents,
      paidCents: o.paidCents,
      milestones: { total: o.milestones.total, done: o.milestones.done, late: o.milestones.late },
      indicatorAchievementPct: o.indicatorAchievementPct,
      rag: o.rag,
    })),
    totals: {
      projects: sum((o) => o.projects),
      eligibleCents: sum((o) => o.eligibleCents),
      euCents: sum((o) => o.euCents),
      paidCents: sum((o) => o.paidCents),
      milestones: { total: sum((o) => o.milestones.total), done: sum((o) => o.milestones.done), late: sum((o) => o.milestones.late) },
      rag: { green: sum((o) => o.rag.green), amber: sum((o) => o.rag.amber), red: sum((o) => o.rag.red), none: sum((o) => o.rag.none) },
    },
    projects: projects.map((r) => ({
      code: r.code,
      title: r.title,
      beneficiary: r.beneficiaryAcronym ?? r.beneficiaryName,
      objectiveCode: r.objectiveCode,
      strand: r.strand,
      status: r.status,
      rag: r.rag,
      eligibleCents: r.eligibleCents,
      euCents: r.euCents,
      paidCents: r.paidCents,
      lateMilestones: r.lateMilestones,
    })),
  }
}
