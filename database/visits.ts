import { sql, type Kysely, type Selectable, type Transaction } from 'kysely'
import type { Officer } from './audit'
import { addDays } from './domain/dates'
import { AppError } from './domain/errors'
import type { FindingValues, RecommendationStatusChange, RecommendationValues, VisitValues } from './domain/schemas/visits'
import type { FindingSeverity, RecommendationStatus, VisitStatus } from './domain/vocabulary'
import { amountPoints, RISK_WEIGHTS, visitRisk, type RiskScore } from './domain/visit-risk'
import { whereProject, type ProjectFilters } from './projects'
import { whereKept, type KeptFilters } from './figures'
import { afterSql, cutPage, keyColumns, orderSql, type Page, type SortPart } from './paging'
import type { PageCursor } from './domain/schemas/paging'
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

/** A project's visits in the order they are shown: latest first, then as they were recorded (the id last, so the order is total). */
const VISIT_ORDER: SortPart[] = [
  { expr: sql`visit_date`, desc: true },
  { expr: sql`created_at`, desc: false },
  { expr: sql`id`, desc: false },
]

/**
 * A page of a project's visits, latest first, each with its findings and recommendations; `total`
 * counts the project's visits on the first page.
 */
export async function pageVisits(db: Kysely<DB>, projectId: string, q: { limit: number; after?: PageCursor }, today: string): Promise<Page<VisitRow>> {
  let keys = db.selectFrom('visits').selectAll().select(keyColumns(VISIT_ORDER)).where('project_id', '=', projectId)
  if (q.after) keys = keys.where(afterSql(VISIT_ORDER, q.after))
  const found = (await keys
    .orderBy(orderSql(VISIT_ORDER))
    .limit(q.limit + 1)
    .execute()) as (Selectable<DB['visits']> & Record<string, unknown>)[]
  const { rows: visits, next } = cutPage(found, q.limit, VISIT_ORDER.length)
  const total = q.after
    ? null
    : Number(
        (
          await db
            .selectFrom('visits')
            .select(sql<number>`count(*)`.as('n'))
            .where('project_id', '=', projectId)
            .executeTakeFirstOrThrow()
        ).n,
      )
  if (!visits.length) return { rows: [], next, total }
  const ids = visits.map((v) => v.id)
  const findings = await db.selectFrom('visit_findings').selectAll().where('visit_id', 'in', ids).orderBy('created_at').execute()
  const recommendations = await db
    .selectFrom('visit_recommendations')
    .selectAll()
    .where('visit_id', 'in', ids)
    .orderBy('due_date')
    .orderBy('created_at')
    .execute()
  const rows = visits.map((v) => ({
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
  return { rows, next, total }
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

/** Open recommendations across projects: earliest due first, then by project code and as recorded (the id last). */
const OPEN_RECOMMENDATION_ORDER: SortPart[] = [
  { expr: sql`r.due_date`, desc: false },
  { expr: sql`p.code`, desc: false },
  { expr: sql`r.created_at`, desc: false },
  { expr: sql`r.id`, desc: false },
]

/**
 * A page of the open recommendations of every project (matching the filters), earliest due first:
 * `dueBy` keeps those due on or before a day; `total` counts them all on the first page.
 */
export async function pageOpenRecommendations(
  db: Kysely<DB>,
  q: { filters?: ProjectFilters; dueBy?: string; limit: number; after?: PageCursor },
  today: string,
): Promise<Page<OpenRecommendationRow>> {
  let base = whereProject(
    db
      .selectFrom('visit_recommendations as r')
      .innerJoin('visits as v', 'v.id', 'r.visit_id')
      .innerJoin('projects as p', 'p.id', 'v.project_id')
      .where('r.status', '=', 'open'),
    q.filters ?? {},
  )
  if (q.dueBy) base = base.where('r.due_date', '<=', q.dueBy)
  const total = q.after ? null : Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst())?.n ?? 0)
  let rows = base
    .select(['r.id', 'r.visit_id', 'v.visit_date', 'p.id as project_id', 'p.code', 'p.title', 'r.recommendation', 'r.due_date', 'r.updated_at'])
    .select(keyColumns(OPEN_RECOMMENDATION_ORDER))
  if (q.after) rows = rows.where(afterSql(OPEN_RECOMMENDATION_ORDER, q.after))
  const found = (await rows
    .orderBy(orderSql(OPEN_RECOMMENDATION_ORDER))
    .limit(q.limit + 1)
    .execute()) as (Awaited<ReturnType<typeof rows.execute>>[number] & Record<string, unknown>)[]
  const page = cutPage(found, q.limit, OPEN_RECOMMENDATION_ORDER.length)
  return {
    total,
    next: page.next,
    rows: page.rows.map((r) => ({
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

/** What `localeCompare` does without arguments, made once (thousands of projects may tie on score and amount). */
const byCode = new Intl.Collator()

/** Recommendations the dashboard shows: open and due within this many days, or overdue. */
export const RECOMMENDATION_DUE_DAYS = 14

/** The first `limit` open recommendations due within RECOMMENDATION_DUE_DAYS of `today`, or overdue, and how many in all. */
export async function recommendationsDue(
  db: Kysely<DB>,
  filters: ProjectFilters,
  today: string,
  limit: number,
): Promise<{ rows: OpenRecommendationRow[]; total: number }> {
  const page = await pageOpenRecommendations(db, { filters, dueBy: addDays(today, RECOMMENDATION_DUE_DAYS), limit }, today)
  return { rows: page.rows, total: page.total ?? 0 }
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

/** Where a project stands in the ranking: highest score first, then the larger EU contribution, then by code (as `localeCompare`), the id last. */
interface RankKey {
  score: number
  euCents: number
  code: string
  id: string
}

/** The ranking's order (negative: `a` comes first). */
function byRank(a: RankKey, b: RankKey): number {
  return b.score - a.score || b.euCents - a.euCents || byCode.compare(a.code, b.code) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
}

/** A ranking cursor's values (score, EU contribution, code, id); any other is refused as a bad page, as afterSql refuses one. */
function rankCursor(after: PageCursor): RankKey {
  const [score, euCents, code, id] = after
  if (after.length !== 4 || typeof score !== 'number' || typeof euCents !== 'number' || typeof code !== 'string' || typeof id !== 'string') {
    throw new AppError('VALIDATION', 'This page does not follow from the list asked for', { issues: [{ path: 'after', message: 'invalid' }] })
  }
  return { score, euCents, code, id }
}

/**
 * The score of a project with no claim checked, no visit (not even planned) and a beneficiary
 * without history: its EU contribution alone decides it, the larger the higher (never lower).
 */
const plainScore = (euCents: number) =>
  visitRisk(
    {
      euCents,
      checkedDeclaredCents: 0,
      ineligibleCents: 0,
      partner: { checkedDeclaredCents: 0, ineligibleCents: 0, highFindings: 0, overdueRecommendations: 0 },
      lastVisitOn: null,
    },
    '2000-01-01',
  ).score

/** The largest EU contribution (cents) that scores at most `score` as a plain project, by halving (-1: none does). */
function largestPlainEuAtMost(score: number): number {
  if (plainScore(0) > score) return -1
  let low = 0
  let high = Number.MAX_SAFE_INTEGER
  if (plainScore(high) <= score) return high
  while (high - low > 1) {
    const mid = low + Math.floor((high - low) / 2)
    if (plainScore(mid) <= score) low = mid
    else high = mid
  }
  return low
}

/** The partner points of a project without kept risk facts: its beneficiary's whole history, and the recommendations overdue. */
function partnerPoints(sums: PartnerSums, overdueRecommendations: number): number {
  return visitRisk(
    {
      euCents: 0,
      checkedDeclaredCents: 0,
      ineligibleCents: 0,
      partner: { checkedDeclaredCents: sums.checked, ineligibleCents: sums.ineligible, highFindings: sums.findings, overdueRecommendations },
      lastVisitOn: null,
    },
    '2000-01-01',
  ).factors.find((f) => f.key === 'partner')!.points
}

/**
 * The largest EU contribution a plain project after `after` in the ranking can have: it comes
 * after when it scores less, or as much with a smaller (or, by code, the same) contribution.
 */
function plainEuBound(after: RankKey): number {
  return plainScore(after.euCents) <= after.score ? Math.max(after.euCents, largestPlainEuAtMost(after.score - 1)) : largestPlainEuAtMost(after.score)
}

/** What project_risk keeps of a project, as the ranking reads it. */
type KeptRisk = Pick<
  Selectable<DB['project_risk']>,
  'beneficiary_id' | 'checked_lines' | 'checked_cents' | 'ineligible_cents' | 'visits' | 'high_findings' | 'last_done_visit'
>

/** A beneficiary's history over all its projects: declared on checked lines, not accepted of it, high findings of done visits. */
interface PartnerSums {
  checked: number
  ineligible: number
  findings: number
}

/**
 * The inputs of the risk score besides project_figures': what claims and visits say,
 * per project and per beneficiary. What does not depend on today is kept per project
 * (project_risk, claim-figures.ts), read with each project's beneficiary and summed per
 * beneficiary in one pass, and with the project's code and EU contribution when it is a
 * candidate (under way, matching the filters); the recommendations overdue on `today` are
 * counted per beneficiary through their index of open ones.
 */
async function riskFacts(db: Kysely<DB>, filters: KeptFilters, today: string) {
  const candidates = whereKept(db.selectFrom('project_figures as f'), filters)
    .where('f.status', 'in', VISIT_CANDIDATE_STATUSES)
    .select(['f.project_id', 'f.code', 'f.eu_cents'])
  // Per project, over every project (the partner's history counts its closed projects too).
  const kept = await db
    .selectFrom('project_risk as r')
    .leftJoin(candidates.as('c'), 'c.project_id', 'r.project_id')
    .select([
      'r.project_id as id',
      'r.beneficiary_id',
      'r.checked_lines',
      'r.checked_cents',
      'r.ineligible_cents',
      'r.visits',
      'r.high_findings',
      'r.last_done_visit',
    ])
    .select(['c.code', 'c.eu_cents'])
    .execute()
  const byProject = new Map<string, KeptRisk>()
  const partnerSums = new Map<string, PartnerSums>()
  // The candidates' rows as they are (not a copy of a thousand rows per page).
  const withFacts: Candidate[] = []
  for (const k of kept) {
    byProject.set(k.id, k)
    if (k.code !== null && k.eu_cents !== null) withFacts.push(k as Candidate)
    // A project with visits only adds nothing (its checked and ineligible sums are 0 without a checked line).
    if (k.checked_lines === 0 && k.high_findings === 0) continue
    const sums = partnerSums.get(k.beneficiary_id)
    if (sums) {
      sums.checked += k.checked_cents
      sums.ineligible += k.ineligible_cents
      sums.findings += k.high_findings
    } else partnerSums.set(k.beneficiary_id, { checked: k.checked_cents, ineligible: k.ineligible_cents, findings: k.high_findings })
  }
  const overdue = await db
    .selectFrom('visit_recommendations as r')
    .innerJoin('visits as v', 'v.id', 'r.visit_id')
    .innerJoin('projects as p', 'p.id', 'v.project_id')
    .select(['p.beneficiary_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('r.status', '=', 'open')
    .where('r.due_date', '<', today)
    .groupBy('p.beneficiary_id')
    .execute()
  return { byProject, partnerSums, overdueBy: new Map(overdue.map((o) => [o.beneficiary_id, Number(o.n)])), withFacts }
}

/**
 * The projects to visit (running or with their final report in, matching the filters), highest
 * risk first (domain/visit-risk.ts), a page at a time; `total` counts them all on the first page.
 *
 * The order is computed, not kept, so a page is found without scoring every project under way: the
 * few projects with a claim checked or a visit (kept in project_risk) are read at once and scored,
 * those that can score the most first, until none left could come in the page; any other scores
 * its EU contribution's points, its beneficiary's partner points and the whole weight of a visit
 * never made (never lower for a larger contribution), so of those only the largest after the
 * cursor are read, down the (status, EU contribution) index, until none further could come in the
 * page. Titles and names are read for the rows returned only.
 */
export async function pageVisitRanking(
  db: Kysely<DB>,
  q: { filters?: KeptFilters; limit: number; after?: PageCursor },
  today: string,
): Promise<Page<RankingRow>> {
  return rankProjects(db, q, today)
}

/** A project under way as the ranking reads it from project_figures. */
type Candidate = { id: string; code: string; beneficiary_id: string; eu_cents: number }

/** The ranking's page (`limit`), or without `limit` the whole ranking at once, every project scored. */
async function rankProjects(db: Kysely<DB>, q: { filters?: KeptFilters; limit?: number; after?: PageCursor }, today: string): Promise<Page<RankingRow>> {
  const after = q.after ? rankCursor(q.after) : null
  const { byProject, partnerSums, overdueBy, withFacts } = await riskFacts(db, q.filters ?? {}, today)

  // From the kept figures alone (status, filters, code, beneficiary, EU contribution).
  const candidateRows = () =>
    whereKept(db.selectFrom('project_figures as f'), q.filters ?? {}).select(['f.project_id as id', 'f.code', 'f.beneficiary_id', 'f.eu_cents'])
  const NO_SUMS: PartnerSums = { checked: 0, ineligible: 0, findings: 0 }
  const score = (p: Candidate) => {
    const kept = byProject.get(p.id)
    const own = { checked: kept?.checked_cents ?? 0, ineligible: kept?.ineligible_cents ?? 0 }
    const sums = partnerSums.get(p.beneficiary_id) ?? NO_SUMS
    const partner = {
      checkedDeclaredCents: sums.checked - own.checked,
      ineligibleCents: sums.ineligible - own.ineligible,
      highFindings: sums.findings - (kept?.high_findings ?? 0),
      overdueRecommendations: overdueBy.get(p.beneficiary_id) ?? 0,
    }
    const euCents = p.eu_cents
    const lastVisitOn = kept?.last_done_visit ?? null
    const risk = visitRisk({ euCents, checkedDeclaredCents: own.checked, ineligibleCents: own.ineligible, partner, lastVisitOn }, today)
    return { p, risk, own, partner, euCents, lastVisitOn, key: { score: risk.score, euCents, code: p.code, id: p.id } }
  }
  const isAfter = (key: RankKey) => after === null || byRank(key, after) > 0

  let scored: ReturnType<typeof score>[]
  if (q.limit === undefined) {
    // The whole ranking at once: every project under way scored (what the pages are checked against).
    scored = (await candidateRows().where('f.status', 'in', VISIT_CANDIDATE_STATUSES).execute()).map(score)
  } else {
    const limit = q.limit
    // One more than the page (is there a page after it?).
    const count = limit + 1
    scored = []
    // The `count`-th best score found after the cursor (none before `count` are found): a project
    // scoring less cannot be in the page. Kept up to date as projects are added.
    const best: number[] = []
    const add = (s: ReturnType<typeof score>) => {
      scored.push(s)
      let i = best.length
      while (i > 0 && best[i - 1] < s.key.score) i--
      if (i < count) best.splice(i, 0, s.key.score)
      if (best.length > count) best.pop()
    }
    const below = (most: number) => best.length === count && most < best[count - 1]
    // The projects with kept risk facts: their own claims and visits may put them anywhere. Each
    // is scored unless the most it can score (its amount's points, the whole weight of the error
    // rate when it has a checked line, of the partner factor when its beneficiary has a history
    // or overdue recommendations, of the last visit) is below the page's; the most first.
    const mostOf = (p: Candidate) =>
      amountPoints(p.eu_cents) +
      (byProject.get(p.id)!.checked_lines > 0 ? RISK_WEIGHTS.errorRate : 0) +
      (partnerSums.has(p.beneficiary_id) || overdueBy.has(p.beneficiary_id) ? RISK_WEIGHTS.partner : 0) +
      RISK_WEIGHTS.lastVisit
    const most = withFacts.map(mostOf)
    const order = withFacts.map((_p, i) => i).sort((a, b) => most[b] - most[a])
    for (const i of order) {
      if (below(most[i])) break
      const s = score(withFacts[i])
      if (isAfter(s.key)) add(s)
    }
    // Any other project scores its amount's points, its beneficiary's partner points (none
    // without history) and the whole weight of the last visit. A beneficiary's points are
    // computed once, for the projects read only.
    const pointsBy = new Map<string, number>()
    const partnerPointsOf = (beneficiaryId: string) => {
      let points = pointsBy.get(beneficiaryId)
      if (points === undefined) {
        const sums = partnerSums.get(beneficiaryId)
        const overdue = overdueBy.get(beneficiaryId)
        points = sums || overdue ? partnerPoints(sums ?? NO_SUMS, overdue ?? 0) : 0
        pointsBy.set(beneficiaryId, points)
      }
      return points
    }
    const mostPartner = partnerSums.size || overdueBy.size ? RISK_WEIGHTS.partner : 0
    // Those with partner points score more than a plain project of the same contribution, so
    // none after the cursor has a contribution above a plain project's bound.
    const euBound = after === null ? Number.MAX_SAFE_INTEGER : plainEuBound(after)
    for (const status of VISIT_CANDIDATE_STATUSES) {
      if (euBound < 0) break
      let plain = 0
      let lastPlainEu: number | null = null
      let plainDone = false
      // By the EU contribution, largest first, from the bound; plain projects until one more
      // than the page is found (and those tied with the last one: their order is by code).
      for await (const p of candidateRows().where('f.status', '=', status).where('f.eu_cents', '<=', euBound).orderBy('f.eu_cents', 'desc').stream(100)) {
        const amount = amountPoints(p.eu_cents)
        if (below(amount + mostPartner + RISK_WEIGHTS.lastVisit)) break
        if (byProject.has(p.id)) continue
        const plainOne = partnerPointsOf(p.beneficiary_id) === 0
        if (plainOne) {
          if (plainDone) continue
          if ((plain >= count && p.eu_cents !== lastPlainEu) || below(amount + RISK_WEIGHTS.lastVisit)) {
            plainDone = true
            if (!mostPartner) break
            continue
          }
        }
        const s = score(p)
        if (!isAfter(s.key)) continue
        add(s)
        if (plainOne) {
          plain++
          lastPlainEu = p.eu_cents
        }
      }
    }
  }
  scored.sort((a, b) => byRank(a.key, b.key))
  const shown = q.limit === undefined ? scored : scored.slice(0, q.limit)
  const last = shown[shown.length - 1]
  const next = q.limit !== undefined && scored.length > q.limit && last ? [last.key.score, last.key.euCents, last.key.code, last.key.id] : null
  const total = after
    ? null
    : Number(
        (
          await whereKept(db.selectFrom('project_figures as f'), q.filters ?? {})
            .select(sql<number>`count(*)`.as('n'))
            .where('f.status', 'in', VISIT_CANDIDATE_STATUSES)
            .executeTakeFirstOrThrow()
        ).n,
      )
  if (!shown.length) return { rows: [], next: null, total }

  const names = new Map<string, { title: string; name: string; acronym: string | null }>()
  const nextPlanned = new Map<string, string>()
  // In chunks (the whole ranking may be asked for): SQLite binds at most 32 766 parameters.
  for (let i = 0; i < shown.length; i += 10_000) {
    const ids = shown.slice(i, i + 10_000).map((r) => r.p.id)
    const found = await db
      .selectFrom('projects as p')
      .innerJoin('organisations as o', 'o.id', 'p.beneficiary_id')
      .select(['p.id', 'p.title', 'o.name', 'o.acronym'])
      .where('p.id', 'in', ids)
      .execute()
    for (const r of found) names.set(r.id, r)
    // The next visit planned on or after today, of the projects with a visit (by their visits' index).
    const visited = ids.filter((id) => (byProject.get(id)?.visits ?? 0) > 0)
    if (visited.length) {
      const planned = await db
        .selectFrom('visits')
        .select(['project_id', (eb) => eb.fn.min<string>('visit_date').as('next')])
        .where('project_id', 'in', visited)
        .where('status', '=', 'planned')
        .where('visit_date', '>=', today)
        .groupBy('project_id')
        .execute()
      for (const r of planned) nextPlanned.set(r.project_id, r.next)
    }
  }
  const rows = shown.map(({ p, risk, own, partner, euCents, lastVisitOn }): RankingRow => {
    const named = names.get(p.id)!
    // Each property named: a spread into so large an object costs more, a hundred times a page.
    return {
      score: risk.score,
      factors: risk.factors,
      errorRateBp: risk.errorRateBp,
      partnerErrorRateBp: risk.partnerErrorRateBp,
      daysSinceVisit: risk.daysSinceVisit,
      projectId: p.id,
      code: p.code,
      title: named.title,
      beneficiaryId: p.beneficiary_id,
      beneficiaryName: named.name,
      beneficiaryAcronym: named.acronym,
      euCents,
      lastVisitOn,
      nextPlannedOn: nextPlanned.get(p.id) ?? null,
      checkedDeclaredCents: own.checked,
      ineligibleCents: own.ineligible,
      partnerHighFindings: partner.highFindings,
      partnerOverdueRecommendations: partner.overdueRecommendations,
    }
  })
  return { rows, next, total }
}

/**
 * The first `limit` projects of the visit ranking and how many it ranks (the dashboard's top rows);
 * without `limit`, the whole ranking, every project under way scored.
 */
export async function visitRanking(
  db: Kysely<DB>,
  q: { filters?: KeptFilters; limit?: number },
  today: string,
): Promise<{ rows: RankingRow[]; total: number }> {
  const page = await rankProjects(db, q, today)
  return { rows: page.rows, total: page.total ?? 0 }
}
