import type { Kysely, Selectable } from 'kysely'
import { claimClock, claimResult, type ClaimClock, type ClaimResult, type VerifiedLine } from './domain/claims'
import { computeBudget, isFlatRate } from './domain/money'
import { AppError } from './domain/errors'
import { budgetLineInput, costOptionsOf } from './figures'
import type { DB } from './schema'

/**
 * A claim's verification result and clock read from the file: the one place that gathers what
 * the pure rule (domain/claims.ts) needs, for the window, the documents and the command line.
 */

/**
 * The 80-day clocks of many claims on `today` (a list sorted by days left), read in three queries
 * whatever their number. A clock ends on the payment's day once paid, on the last change's day
 * once withdrawn; a withdrawn claim is never to be paid, so it is never late.
 */
export async function claimClocksOf(
  db: Kysely<DB>,
  claims: readonly { id: string; submitted_on: string; status: string; updated_at: string }[],
  today: string,
): Promise<Map<string, ClaimClock>> {
  const out = new Map<string, ClaimClock>()
  if (claims.length === 0) return out
  const ids = claims.map((c) => c.id)
  const suspensions = new Map<string, { stoppedOn: string; resumedOn: string | null }[]>()
  const paidOn = new Map<string, string | null>()
  // In chunks: SQLite binds at most 32 766 parameters.
  for (let i = 0; i < ids.length; i += 10_000) {
    const chunk = ids.slice(i, i + 10_000)
    const rows = await db
      .selectFrom('claim_suspensions')
      .select(['claim_id', 'stopped_on as stoppedOn', 'resumed_on as resumedOn'])
      .where('claim_id', 'in', chunk)
      .orderBy('stopped_on')
      .execute()
    for (const r of rows) suspensions.set(r.claim_id, [...(suspensions.get(r.claim_id) ?? []), { stoppedOn: r.stoppedOn, resumedOn: r.resumedOn }])
    // From the claims to their payments (a cross join keeps that order): the planner, told that most
    // payments have no claim, would otherwise read every paid payment of the file.
    const paid = await db
      .selectFrom('claims as c')
      .crossJoin('payments as p')
      .select(['p.claim_id', 'p.paid_date'])
      .whereRef('p.claim_id', '=', 'c.id')
      .where('c.id', 'in', chunk)
      .where('p.status', '=', 'paid')
      // Should a claim have two payments paid, the one planned last gives the day, whatever the plan.
      .orderBy('p.planned_date')
      .execute()
    for (const p of paid) if (p.claim_id) paidOn.set(p.claim_id, p.paid_date)
  }
  for (const c of claims) {
    const endedOn = c.status === 'paid' ? (paidOn.get(c.id) ?? null) : c.status === 'withdrawn' ? c.updated_at.slice(0, 10) : null
    const clock = claimClock(c.submitted_on, suspensions.get(c.id) ?? [], today, endedOn)
    out.set(c.id, c.status === 'withdrawn' ? { ...clock, overdue: false } : clock)
  }
  return out
}

/** The 80-day clock of a claim on `today`. */
export async function claimClockOf(db: Kysely<DB>, claimId: string, today: string): Promise<ClaimClock> {
  const claim = await db.selectFrom('claims').select(['id', 'submitted_on', 'status', 'updated_at']).where('id', '=', claimId).executeTakeFirst()
  if (!claim) throw new AppError('NOT_FOUND', `No claim ${claimId}`, { entity: 'claims', id: claimId })
  return (await claimClocksOf(db, [claim], today)).get(claim.id)!
}

/**
 * The result of a claim's verification as it stands. What was paid before and the EU share of
 * earlier claims are those of claims approved before this one (all approved claims while this
 * one is not), so an approved claim's result does not move when later claims are paid.
 */
export async function claimResultOf(db: Kysely<DB>, claimId: string): Promise<ClaimResult> {
  const result = (await claimResultsOf(db, [claimId])).get(claimId)
  if (!result) throw new AppError('NOT_FOUND', `No claim ${claimId}`, { entity: 'claims', id: claimId })
  return result
}

/** What a claim's result needs of its project, its budget lines and its project's claims. */
const PROJECT_FACTS = ['id', 'eu_rate_bp', 'indirect_flat_rate', 'indirect_rate_bp', 'staff_flat_rate_bp', 'remaining_flat_rate_bp'] as const
const BUDGET_LINE_FACTS = ['project_id', 'category', 'cost_model', 'amount_cents', 'units', 'unit_cost_cents', 'public_procurement'] as const
const CLAIM_FACTS = ['id', 'project_id', 'approved_at', 'sampling_method', 'sample_threshold_cents', 'apply_extrapolation'] as const
export type ProjectFacts = Pick<Selectable<DB['projects']>, (typeof PROJECT_FACTS)[number]>
export type BudgetLineFacts = Pick<Selectable<DB['budget_lines']>, (typeof BUDGET_LINE_FACTS)[number]>
export type ClaimFacts = Pick<Selectable<DB['claims']>, (typeof CLAIM_FACTS)[number]>

/**
 * The results of many claims (claimResultOf for each), read in six queries for their projects
 * whatever their number (a page of the claims list); an unknown id is left out of the map.
 * Claims approved at the same instant count in the order of their ids.
 */
export async function claimResultsOf(db: Kysely<DB>, claimIds: readonly string[]): Promise<Map<string, ClaimResult>> {
  const out = new Map<string, ClaimResult>()
  const ids = [...new Set(claimIds)]
  if (ids.length === 0) return out
  // In chunks: SQLite binds at most 32 766 parameters.
  const chunks = <T>(list: readonly T[]) => Array.from({ length: Math.ceil(list.length / 10_000) }, (_, i) => list.slice(i * 10_000, (i + 1) * 10_000))
  const wanted: string[] = []
  const projectIds = new Set<string>()
  for (const chunk of chunks(ids)) {
    for (const c of await db.selectFrom('claims').select(['id', 'project_id']).where('id', 'in', chunk).execute()) {
      wanted.push(c.id)
      projectIds.add(c.project_id)
    }
  }
  const projects = [...projectIds]
  const projectRows = new Map<string, ProjectFacts>()
  const budgetLinesBy = new Map<string, BudgetLineFacts[]>()
  const claimsBy = new Map<string, ClaimFacts[]>()
  const paidBy = new Map<string, { paid_cents: number | null; claim_id: string | null }[]>()
  const linesBy = new Map<string, VerifiedLine[]>()
  const push = <K, V>(map: Map<K, V[]>, key: K, value: V) => {
    const list = map.get(key)
    if (list) list.push(value)
    else map.set(key, [value])
  }
  for (const chunk of chunks(projects)) {
    for (const p of await db.selectFrom('projects').select(PROJECT_FACTS).where('id', 'in', chunk).execute()) projectRows.set(p.id, p)
    for (const b of await db.selectFrom('budget_lines').select(BUDGET_LINE_FACTS).where('project_id', 'in', chunk).execute())
      push(budgetLinesBy, b.project_id, b)
    // Every claim of these projects: the earlier ones count in each claim's result.
    for (const c of await db.selectFrom('claims').select(CLAIM_FACTS).where('project_id', 'in', chunk).orderBy('approved_at').orderBy('id').execute()) {
      push(claimsBy, c.project_id, c)
    }
    const paid = await db
      .selectFrom('payments')
      .select(['project_id', 'paid_cents', 'claim_id'])
      .where('project_id', 'in', chunk)
      .where('status', '=', 'paid')
      .execute()
    for (const p of paid) push(paidBy, p.project_id, p)
    const lines = await db
      .selectFrom('claim_lines as l')
      .innerJoin('claims as c', 'c.id', 'l.claim_id')
      .innerJoin('budget_lines as b', 'b.id', 'l.budget_line_id')
      .select(['l.claim_id', 'b.category', 'b.public_procurement', 'l.declared_cents', 'l.in_sample', 'l.outcome', 'l.accepted_cents', 'l.error_type'])
      .where('c.project_id', 'in', chunk)
      .orderBy('l.claim_id')
      .orderBy('l.line_no')
      .execute()
    for (const r of lines) push(linesBy, r.claim_id, verifiedLine(r))
  }

  const claimById = new Map([...claimsBy.values()].flat().map((c) => [c.id, c]))
  for (const id of wanted) {
    const claim = claimById.get(id)!
    const project = projectRows.get(claim.project_id)!
    out.set(id, resultOf(claim, project, budgetLinesBy.get(project.id) ?? [], claimsBy.get(project.id) ?? [], paidBy.get(project.id) ?? [], linesBy))
  }
  return out
}

/** The columns of a claim line (with its budget line's category and procurement) the verification reads. */
export type VerifiedLineRow = Pick<Selectable<DB['claim_lines']>, 'declared_cents' | 'in_sample' | 'outcome' | 'accepted_cents' | 'error_type'> &
  Pick<Selectable<DB['budget_lines']>, 'category' | 'public_procurement'>

/** A stored claim line as the verification sees it. */
export function verifiedLine(r: VerifiedLineRow): VerifiedLine {
  return {
    category: r.category,
    publicProcurement: r.public_procurement === 1,
    declaredCents: r.declared_cents,
    inSample: r.in_sample === 1,
    outcome: r.outcome,
    acceptedCents: r.accepted_cents,
    errorType: r.error_type,
  }
}

/**
 * One claim's result from its project's rows as gathered: its budget, its claims (in the order
 * they were approved, then by id) with their lines, and what was paid to it. The one place that
 * feeds the rule: claimResultsOf and the kept claim figures (claim-figures.ts) both call it.
 */
export function resultOf(
  claim: ClaimFacts,
  project: ProjectFacts,
  budgetLines: readonly BudgetLineFacts[],
  projectClaims: readonly ClaimFacts[],
  paidRows: readonly { paid_cents: number | null; claim_id: string | null }[],
  linesBy: ReadonlyMap<string, VerifiedLine[]>,
): ClaimResult {
  const options = costOptionsOf(project)
  const euContribution = computeBudget(budgetLines.map(budgetLineInput), project.eu_rate_bp, options).euCents
  const flatRateLines = budgetLines.filter((b) => isFlatRate(b.cost_model)).map(budgetLineInput)
  const others = projectClaims.filter((c) => c.id !== claim.id)
  // Claims approved before this one, in the order they were approved.
  const earlier = others.filter((c) => c.approved_at !== null && (claim.approved_at === null || c.approved_at < claim.approved_at))
  const later = others.filter((c) => c.approved_at === null || (claim.approved_at !== null && c.approved_at >= claim.approved_at))
  const notBefore = new Set([claim.id, ...later.map((c) => c.id)])
  const paidBefore = (exclude: Set<string>) =>
    paidRows.filter((p) => p.claim_id === null || !exclude.has(p.claim_id)).reduce((sum, p) => sum + (p.paid_cents ?? 0), 0)

  const common = { flatRateLines, costOptions: options, euRateBp: project.eu_rate_bp, euContributionCents: euContribution }
  let earlierEuShare = 0
  for (const [i, c] of earlier.entries()) {
    // Each earlier claim's result as at its approval: what was paid before it, and the claims approved before it.
    const after = new Set([...earlier.slice(i).map((e) => e.id), ...notBefore])
    const r = claimResult({
      ...common,
      lines: linesBy.get(c.id) ?? [],
      samplingMethod: c.sampling_method,
      sampleThresholdCents: c.sample_threshold_cents,
      applyExtrapolation: c.apply_extrapolation === 1,
      earlierEuShareCents: earlierEuShare,
      paidCents: paidBefore(after),
    })
    earlierEuShare += r.euShareCents
  }
  return claimResult({
    ...common,
    lines: linesBy.get(claim.id) ?? [],
    samplingMethod: claim.sampling_method,
    sampleThresholdCents: claim.sample_threshold_cents,
    applyExtrapolation: claim.apply_extrapolation === 1,
    earlierEuShareCents: earlierEuShare,
    paidCents: paidBefore(notBefore),
  })
}
