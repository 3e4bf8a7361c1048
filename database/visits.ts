import { sql, type Kysely, type Transaction } from 'kysely'
import type { Officer } from './audit'
import { addDays } from './domain/dates'
import { AppError } from './domain/errors'
import type { FindingValues, RecommendationStatusChange, RecommendationValues, VisitValues } from './domain/schemas/visits'
import type { FindingSeverity, RecommendationStatus, VisitStatus } from './domain/vocabulary'
import { visitRisk, type RiskScore } from './domain/visit-risk'
import { whereProject, type ProjectFilters } from './projects'
import { whereKept, type KeptFilters } from './figures'
import { deleteRecord, insertRecord, recordRow, updateRecord, type RecordTarget } from './records'
import type { DB } from './schema'
import type { WritableDb, WriteTrx } from './writable'

/**
 * On-the-spot verifications (CPR Art. 74(1)(a), issue 15 §3): a project's visits, their findings
 * and their recommendations with the follow-up, and the risk ranking of the projects to visit.
 * Every write goes through the record writer (audit rows under the project's history).
 */

export interface FindingRow {
  id: string
  visitId: string
  severity: FindingSeverity
  description: string
  updatedAt: string
}

export interface RecommendationRow {
  id: string
  visitId: string
  findingId: string | null
  recommendation: string
  dueDate: string
  status: RecommendationStatus
  /** The day it was done or dropped. */
  statusOn: string | null
  statusReason: string | null
  followUp: string | null
  /** Open and past its due date. */
  overdue: boolean
  updatedAt: string
}

export interface VisitRow {
  id: string
  projectId: string
  visitDate: string
  place: string
  officers: string
  scope: string | null
  status: VisitStatus
  conclusion: string | null
  updatedAt: string
  findings: FindingRow[]
  recommendations: RecommendationRow[]
}

/** Projects whose spending is under way or just ended: those the ranking proposes to visit. */
export const VISIT_CANDIDATE_STATUSES = ['running', 'final_report_received'] as const

const visitTarget = (projectId: string): RecordTarget<'visits'> => ({ table: 'visits', entity: 'visit', parentId: projectId })
const findingTarget = (projectId: string): RecordTarget<'visit_findings'> => ({ table: 'visit_findings', entity: 'visit_finding', parentId: projectId })
const recommendationTarget = (projectId: string): RecordTarget<'visit_recommendations'> => ({
  table: 'visit_recommendations',
  entity: 'visit_recommendation',
  parentId: projectId,
})

/** A project's visits, latest first, each with its findings and recommendations. */
export async function listVisits(db: Kysely<DB>, projectId: string, today: string): Promise<VisitRow[]> {
  const visits = await db.selectFrom('visits').selectAll().where('project_id', '=', projectId).orderBy('visit_date', 'desc').orderBy('created_at').execute()
  if (!visits.length) return []
  const ids = visits.map((v) => v.id)
  const findings = await db.selectFrom('visit_findings').selectAll().where('visit_id', 'in', ids).orderBy('created_at').execute()
  const recommendations = await db
    .selectFrom('visit_recommendations')
    .selectAll()
    .where('visit_id', 'in', ids)
    .orderBy('due_date')
    .orderBy('created_at')
    .execute()
  return visits.map((v) => ({
    id: v.id,
    projectId: v.project_id,
    visitDate: v.visit_date,
    place: v.place,
    officers: v.officers,
    scope: v.scope,
    status: v.status,
    conclusion: v.conclusion,
    updatedAt: v.updated_at,
    findings: findings
      .filter((f) => f.visit_id === v.id)
      .map((f) => ({ id: f.id, visitId: f.visit_id, severity: f.severity, description: f.description, updatedAt: f.updated_at })),
    recommendations: recommendations
      .filter((r) => r.visit_id === v.id)
      .map((r) => ({
        id: r.id,
        visitId: r.visit_id,
        findingId: r.finding_id,
        recommendation: r.recommendation,
        dueDate: r.due_date,
        status: r.status,
        statusOn: r.status_on,
        statusReason: r.status_reason,
        followUp: r.follow_up,
        overdue: r.status === 'open' && r.due_date < today,
        updatedAt: r.updated_at,
      })),
  }))
}

/** The project a visit belongs to (NOT_FOUND when it is gone). */
async function visitProject(db: Kysely<DB> | Transaction<DB>, visitId: string): Promise<string> {
  const row = await db.selectFrom('visits').select('project_id').where('id', '=', visitId).executeTakeFirst()
  if (!row) throw new AppError('NOT_FOUND', `No visit ${visitId}`, { entity: 'visits', id: visitId })
  return row.project_id
}

const issue = (path: string, message: string) => new AppError('VALIDATION', message, { issues: [{ path, message }] })

/** Adds or updates a visit of a project; a visit marked done cannot be dated after `today`. Returns its id. */
export async function saveVisit(
  db: WritableDb,
  officer: Officer,
  input: { projectId: string; id?: string; expectedUpdatedAt?: string; values: VisitValues },
  today: string,
): Promise<string> {
  const v = input.values
  if (v.status === 'done' && v.visitDate > today) throw issue('values.visitDate', 'visitDoneInFuture')
  return db.transaction().execute(async (trx) => {
    const project = await trx.selectFrom('projects').select('id').where('id', '=', input.projectId).executeTakeFirst()
    if (!project) throw new AppError('NOT_FOUND', `No project ${input.projectId}`, { entity: 'projects', id: input.projectId })
    const columns = { visit_date: v.visitDate, place: v.place, officers: v.officers, scope: v.scope, status: v.status, conclusion: v.conclusion }
    if (input.id) {
      const before = await recordRow(trx, 'visits', input.id)
      if (before.project_id !== input.projectId) throw new AppError('NOT_FOUND', `No visit ${input.id} on this project`, { entity: 'visits', id: input.id })
      await updateRecord(trx, officer, visitTarget(input.projectId), input.id, columns, input.expectedUpdatedAt)
      return input.id
    }
    return insertRecord(trx, officer, visitTarget(input.projectId), { project_id: input.projectId, ...columns })
  })
}

/** Deletes a visit with its findings and recommendations, each with its audit row; returns the project's id. */
export async function deleteVisit(db: WritableDb, officer: Officer, id: string): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const projectId = await visitProject(trx, id)
    const recs = await trx.selectFrom('visit_recommendations').select('id').where('visit_id', '=', id).execute()
    for (const r of recs) await deleteRecord(trx, officer, recommendationTarget(projectId), r.id)
    const findings = await trx.selectFrom('visit_findings').select('id').where('visit_id', '=', id).execute()
    for (const f of findings) await deleteRecord(trx, officer, findingTarget(projectId), f.id)
    await deleteRecord(trx, officer, visitTarget(projectId), id)
    return projectId
  })
}

/** Adds or updates a finding of a visit; returns the project's id. */
export async function saveFinding(
  db: WritableDb,
  officer: Officer,
  input: { visitId: string; id?: string; expectedUpdatedAt?: string; values: FindingValues },
): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const projectId = await visitProject(trx, input.visitId)
    const columns = { severity: input.values.severity, description: input.values.description }
    if (input.id) {
      await sameVisit(trx, 'visit_findings', input.id, input.visitId)
      await updateRecord(trx, officer, findingTarget(projectId), input.id, columns, input.expectedUpdatedAt)
    } else await insertRecord(trx, officer, findingTarget(projectId), { visit_id: input.visitId, ...columns })
    return projectId
  })
}

/** Deletes a finding; the recommendations that answered it stay, no longer linked (each with its audit row). Returns the project's id. */
export async function deleteFinding(db: WritableDb, officer: Officer, id: string): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const finding = await recordRow(trx, 'visit_findings', id)
    const projectId = await visitProject(trx, finding.visit_id)
    const linked = await trx.selectFrom('visit_recommendations').select('id').where('finding_id', '=', id).execute()
    for (const r of linked) await updateRecord(trx, officer, recommendationTarget(projectId), r.id, { finding_id: null })
    await deleteRecord(trx, officer, findingTarget(projectId), id)
    return projectId
  })
}

/** Refuses an edit of a finding or recommendation through another visit than its own. */
async function sameVisit(trx: WriteTrx, table: 'visit_findings' | 'visit_recommendations', id: string, visitId: string): Promise<void> {
  const row = await recordRow(trx, table, id)
  if (row.visit_id !== visitId) throw new AppError('NOT_FOUND', `No ${table} record ${id} on this visit`, { entity: table, id })
}

/** Adds (open) or updates a recommendation of a visit; its finding, if any, must be of the same visit. Returns the project's id. */
export async function saveRecommendation(
  db: WritableDb,
  officer: Officer,
  input: { visitId: string; id?: string; expectedUpdatedAt?: string; values: RecommendationValues },
): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const projectId = await visitProject(trx, input.visitId)
    const v = input.values
    if (v.findingId !== null) {
      const finding = await trx.selectFrom('visit_findings').select('visit_id').where('id', '=', v.findingId).executeTakeFirst()
      if (!finding || finding.visit_id !== input.visitId) throw issue('values.findingId', 'findingOfAnotherVisit')
    }
    const columns = { recommendation: v.recommendation, due_date: v.dueDate, finding_id: v.findingId }
    if (input.id) {
      await sameVisit(trx, 'visit_recommendations', input.id, input.visitId)
      await updateRecord(trx, officer, recommendationTarget(projectId), input.id, columns, input.expectedUpdatedAt)
    } else await insertRecord(trx, officer, recommendationTarget(projectId), { visit_id: input.visitId, ...columns, status: 'open' })
    return projectId
  })
}

/** Deletes a recommendation; returns the project's id. */
export async function deleteRecommendation(db: WritableDb, officer: Officer, id: string): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const rec = await recordRow(trx, 'visit_recommendations', id)
    const projectId = await visitProject(trx, rec.visit_id)
    await deleteRecord(trx, officer, recommendationTarget(projectId), id)
    return projectId
  })
}

/**
 * Records the follow-up of a recommendation: done (the day, what was done), dropped (the day, the
 * reason) or open again. Returns the project's id.
 */
export async function setRecommendationStatus(
  db: WritableDb,
  officer: Officer,
  input: { id: string; expectedUpdatedAt?: string; change: RecommendationStatusChange },
): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const rec = await recordRow(trx, 'visit_recommendations', input.id)
    const projectId = await visitProject(trx, rec.visit_id)
    const c = input.change
    const columns =
      c.status === 'open'
        ? { status: c.status, status_on: null, status_reason: null }
        : c.status === 'done'
          ? { status: c.status, status_on: c.on, status_reason: null, follow_up: c.followUp }
          : { status: c.status, status_on: c.on, status_reason: c.reason }
    await updateRecord(trx, officer, recommendationTarget(projectId), input.id, columns, input.expectedUpdatedAt)
    return projectId
  })
}

// ---------------------------------------------------------------------------------------------
// Across projects: open recommendations and the ranking of projects to visit.

export interface OpenRecommendationRow {
  id: string
  visitId: string
  visitDate: string
  projectId: string
  projectCode: string
  projectTitle: string
  recommendation: string
  dueDate: string
  overdue: boolean
  updatedAt: string
}

/**
 * The open recommendations of every project (matching the filters), earliest due first: `dueBy`
 * keeps those due on or before a day; `limit` the first ones (total counts them all).
 */
export async function listOpenRecommendations(
  db: Kysely<DB>,
  q: { filters?: ProjectFilters; dueBy?: string; limit?: number },
  today: string,
): Promise<{ rows: OpenRecommendationRow[]; total: number }> {
  let base = whereProject(
    db
      .selectFrom('visit_recommendations as r')
      .innerJoin('visits as v', 'v.id', 'r.visit_id')
      .innerJoin('projects as p', 'p.id', 'v.project_id')
      .where('r.status', '=', 'open'),
    q.filters ?? {},
  )
  if (q.dueBy) base = base.where('r.due_date', '<=', q.dueBy)
  const total = Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst())?.n ?? 0)
  let rows = base
    .select(['r.id', 'r.visit_id', 'v.visit_date', 'p.id as project_id', 'p.code', 'p.title', 'r.recommendation', 'r.due_date', 'r.updated_at'])
    .orderBy('r.due_date')
    .orderBy('p.code')
    .orderBy('r.created_at')
  if (q.limit !== undefined) rows = rows.limit(q.limit)
  return {
    total,
    rows: (await rows.execute()).map((r) => ({
      id: r.id,
      visitId: r.visit_id,
      visitDate: r.visit_date,
      projectId: r.project_id,
      projectCode: r.code,
      projectTitle: r.title,
      recommendation: r.recommendation,
      dueDate: r.due_date,
      overdue: r.due_date < today,
      updatedAt: r.updated_at,
    })),
  }
}

/** Up to this many rows of the ranking are found without scoring every project under way. */
const FEW_RANKED = 50

/** What `localeCompare` does without arguments, made once (thousands of projects may tie on score and amount). */
const byCode = new Intl.Collator()

/** Recommendations the dashboard shows: open and due within this many days, or overdue. */
export const RECOMMENDATION_DUE_DAYS = 14

/** The open recommendations due within RECOMMENDATION_DUE_DAYS of `today`, or overdue. */
export function recommendationsDue(db: Kysely<DB>, filters: ProjectFilters, today: string, limit: number) {
  return listOpenRecommendations(db, { filters, dueBy: addDays(today, RECOMMENDATION_DUE_DAYS), limit }, today)
}

export interface RankingRow extends RiskScore {
  projectId: string
  code: string
  title: string
  beneficiaryId: string
  beneficiaryName: string
  beneficiaryAcronym: string | null
  euCents: number
  lastVisitOn: string | null
  /** The next visit planned (not done yet), if any. */
  nextPlannedOn: string | null
  checkedDeclaredCents: number
  ineligibleCents: number
  partnerHighFindings: number
  partnerOverdueRecommendations: number
}

/**
 * The projects to visit (running or with their final report in, matching the filters), highest
 * risk first (domain/visit-risk.ts), the first `limit` of them; `total` counts them all. The
 * figures come from the kept figures and a handful of grouped queries, whatever the number of
 * projects; titles and names are read for the rows returned only.
 */
export async function visitRanking(
  db: Kysely<DB>,
  q: { filters?: KeptFilters; limit?: number },
  today: string,
): Promise<{ rows: RankingRow[]; total: number }> {
  // Per project, over every project (the partner's history counts its closed projects too).
  // Checked lines as claimResult counts them: every line unless a sample was drawn, then the sample's.
  const errors = await db
    .selectFrom('claim_lines as l')
    .innerJoin('claims as c', 'c.id', 'l.claim_id')
    .innerJoin('projects as p', 'p.id', 'c.project_id')
    .select([
      'c.project_id',
      'p.beneficiary_id',
      sql<number>`sum(l.declared_cents)`.as('checked'),
      sql<number>`sum(l.declared_cents - l.accepted_cents)`.as('ineligible'),
    ])
    .where('c.status', 'in', ['verified', 'paid'])
    .where('l.outcome', 'is not', null)
    .where((eb) => eb.or([eb('c.sampling_method', 'is', null), eb('c.sampling_method', '=', 'all'), eb('l.in_sample', '=', 1)]))
    .groupBy('c.project_id')
    .execute()
  const findings = await db
    .selectFrom('visit_findings as fi')
    .innerJoin('visits as v', 'v.id', 'fi.visit_id')
    .innerJoin('projects as p', 'p.id', 'v.project_id')
    .select(['v.project_id', 'p.beneficiary_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('fi.severity', '=', 'high')
    .where('v.status', '=', 'done')
    .groupBy('v.project_id')
    .execute()
  const overdue = await db
    .selectFrom('visit_recommendations as r')
    .innerJoin('visits as v', 'v.id', 'r.visit_id')
    .innerJoin('projects as p', 'p.id', 'v.project_id')
    .select(['p.beneficiary_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('r.status', '=', 'open')
    .where('r.due_date', '<', today)
    .groupBy('p.beneficiary_id')
    .execute()
  const visits = await db
    .selectFrom('visits')
    .select([
      'project_id',
      sql<string | null>`max(case when status = 'done' then visit_date end)`.as('last_done'),
      sql<string | null>`min(case when status = 'planned' and visit_date >= ${today} then visit_date end)`.as('next_planned'),
    ])
    .groupBy('project_id')
    .execute()

  const errorBy = new Map(errors.map((e) => [e.project_id, { checked: Number(e.checked), ineligible: Number(e.ineligible) }]))
  const findingsBy = new Map(findings.map((f) => [f.project_id, Number(f.n)]))
  const sumBy = <T>(rows: T[], key: (r: T) => string, value: (r: T) => number) => {
    const out = new Map<string, number>()
    for (const r of rows) out.set(key(r), (out.get(key(r)) ?? 0) + value(r))
    return out
  }
  const partnerChecked = sumBy(
    errors,
    (e) => e.beneficiary_id,
    (e) => Number(e.checked),
  )
  const partnerIneligible = sumBy(
    errors,
    (e) => e.beneficiary_id,
    (e) => Number(e.ineligible),
  )
  const partnerFindings = sumBy(
    findings,
    (f) => f.beneficiary_id,
    (f) => Number(f.n),
  )
  const overdueBy = new Map(overdue.map((o) => [o.beneficiary_id, Number(o.n)]))
  const visitBy = new Map(visits.map((v) => [v.project_id, v]))

  // From the kept figures alone (status, filters, code, beneficiary, EU contribution): the titles and names only of the rows returned.
  const candidateRows = () =>
    whereKept(db.selectFrom('project_figures as f'), q.filters ?? {}).select(['f.project_id as id', 'f.code', 'f.beneficiary_id', 'f.eu_cents'])
  let candidates: { id: string; code: string; beneficiary_id: string; eu_cents: number }[]
  let total: number
  if (q.limit === undefined || q.limit > FEW_RANKED) {
    candidates = await candidateRows().where('f.status', 'in', VISIT_CANDIDATE_STATUSES).execute()
    total = candidates.length
  } else {
    // The first few only (the dashboard's): a project with no claim checked, no visit and a beneficiary
    // without history scores by its EU contribution alone (the more, the higher), so of those only the
    // largest are read; the others, few, are all scored.
    const specialIds = [...new Set([...errorBy.keys(), ...findingsBy.keys(), ...visitBy.keys()])]
    const specialPartners = [...new Set([...partnerChecked.keys(), ...partnerFindings.keys(), ...overdueBy.keys()])]
    const isSpecial = (p: { id: string; beneficiary_id: string }) =>
      errorBy.has(p.id) ||
      findingsBy.has(p.id) ||
      visitBy.has(p.id) ||
      partnerChecked.has(p.beneficiary_id) ||
      partnerFindings.has(p.beneficiary_id) ||
      overdueBy.has(p.beneficiary_id)
    candidates = await candidateRows()
      .where('f.status', 'in', VISIT_CANDIDATE_STATUSES)
      .where((eb) =>
        eb.or([
          eb('f.project_id', 'in', sql<string>`(select value from json_each(${JSON.stringify(specialIds)}))`),
          eb('f.beneficiary_id', 'in', sql<string>`(select value from json_each(${JSON.stringify(specialPartners)}))`),
        ]),
      )
      .execute()
    for (const status of VISIT_CANDIDATE_STATUSES) {
      let plain = 0
      let lastEu: number | null = null
      // By the EU contribution, largest first; those tied with the last one taken too (their order is by code).
      for await (const p of candidateRows().where('f.status', '=', status).orderBy('f.eu_cents', 'desc').stream(100)) {
        if (isSpecial(p)) continue
        if (plain >= q.limit && p.eu_cents !== lastEu) break
        candidates.push(p)
        plain++
        lastEu = p.eu_cents
      }
    }
    const counted = await whereKept(db.selectFrom('project_figures as f'), q.filters ?? {})
      .select(sql<number>`count(*)`.as('n'))
      .where('f.status', 'in', VISIT_CANDIDATE_STATUSES)
      .executeTakeFirstOrThrow()
    total = Number(counted.n)
  }
  if (!candidates.length) return { rows: [], total: 0 }

  const scored = candidates.map((p) => {
    const own = errorBy.get(p.id) ?? { checked: 0, ineligible: 0 }
    const ownFindings = findingsBy.get(p.id) ?? 0
    const partner = {
      checkedDeclaredCents: (partnerChecked.get(p.beneficiary_id) ?? 0) - own.checked,
      ineligibleCents: (partnerIneligible.get(p.beneficiary_id) ?? 0) - own.ineligible,
      highFindings: (partnerFindings.get(p.beneficiary_id) ?? 0) - ownFindings,
      overdueRecommendations: overdueBy.get(p.beneficiary_id) ?? 0,
    }
    const visit = visitBy.get(p.id)
    const euCents = p.eu_cents
    const lastVisitOn = visit?.last_done ?? null
    const risk = visitRisk({ euCents, checkedDeclaredCents: own.checked, ineligibleCents: own.ineligible, partner, lastVisitOn }, today)
    return { p, risk, own, partner, visit, euCents, lastVisitOn }
  })
  scored.sort((a, b) => b.risk.score - a.risk.score || b.euCents - a.euCents || byCode.compare(a.p.code, b.p.code))
  const shown = q.limit !== undefined ? scored.slice(0, q.limit) : scored
  const names = new Map<string, { title: string; name: string; acronym: string | null }>()
  // In chunks: SQLite binds at most 32 766 parameters.
  for (let i = 0; i < shown.length; i += 10_000) {
    const ids = shown.slice(i, i + 10_000).map((r) => r.p.id)
    const found = await db
      .selectFrom('projects as p')
      .innerJoin('organisations as o', 'o.id', 'p.beneficiary_id')
      .select(['p.id', 'p.title', 'o.name', 'o.acronym'])
      .where('p.id', 'in', ids)
      .execute()
    for (const r of found) names.set(r.id, r)
  }
  const rows = shown.map(({ p, risk, own, partner, visit, euCents, lastVisitOn }): RankingRow => {
    const named = names.get(p.id)!
    return {
      ...risk,
      projectId: p.id,
      code: p.code,
      title: named.title,
      beneficiaryId: p.beneficiary_id,
      beneficiaryName: named.name,
      beneficiaryAcronym: named.acronym,
      euCents,
      lastVisitOn,
      nextPlannedOn: visit?.next_planned ?? null,
      checkedDeclaredCents: own.checked,
      ineligibleCents: own.ineligible,
      partnerHighFindings: partner.highFindings,
      partnerOverdueRecommendations: partner.overdueRecommendations,
    }
  })
  return { rows, total }
}
