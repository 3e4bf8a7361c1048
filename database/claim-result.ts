import type { Kysely } from 'kysely'
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
    const paid = await db.selectFrom('payments').select(['claim_id', 'paid_date']).where('claim_id', 'in', chunk).where('status', '=', 'paid').execute()
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
  const claim = await db.selectFrom('claims').selectAll().where('id', '=', claimId).executeTakeFirst()
  if (!claim) throw new AppError('NOT_FOUND', `No claim ${claimId}`, { entity: 'claims', id: claimId })
  const project = await db.selectFrom('projects').selectAll().where('id', '=', claim.project_id).executeTakeFirstOrThrow()
  const budgetLines = await db.selectFrom('budget_lines').selectAll().where('project_id', '=', project.id).execute()
  const options = costOptionsOf(project)
  const euContribution = computeBudget(budgetLines.map(budgetLineInput), project.eu_rate_bp, options).euCents
  const flatRateLines = budgetLines.filter((b) => isFlatRate(b.cost_model)).map(budgetLineInput)

  const linesOf = async (id: string): Promise<VerifiedLine[]> => {
    const rows = await db
      .selectFrom('claim_lines as l')
      .innerJoin('budget_lines as b', 'b.id', 'l.budget_line_id')
      .select(['b.category', 'b.public_procurement', 'l.declared_cents', 'l.in_sample', 'l.outcome', 'l.accepted_cents', 'l.error_type'])
      .where('l.claim_id', '=', id)
      .orderBy('l.line_no')
      .execute()
    return rows.map((r) => ({
      category: r.category,
      publicProcurement: r.public_procurement === 1,
      declaredCents: r.declared_cents,
      inSample: r.in_sample === 1,
      outcome: r.outcome,
      acceptedCents: r.accepted_cents,
      errorType: r.error_type,
    }))
  }

  // Claims approved before this one, in the order they were approved.
  let earlierQuery = db
    .selectFrom('claims')
    .selectAll()
    .where('project_id', '=', project.id)
    .where('id', '!=', claim.id)
    .where('approved_at', 'is not', null)
    .orderBy('approved_at')
  if (claim.approved_at !== null) earlierQuery = earlierQuery.where('approved_at', '<', claim.approved_at)
  const earlier = await earlierQuery.execute()
  const later = await db
    .selectFrom('claims')
    .select('id')
    .where('project_id', '=', project.id)
    .where('id', '!=', claim.id)
    .where((eb) => eb.or([eb('approved_at', 'is', null), ...(claim.approved_at !== null ? [eb('approved_at', '>=', claim.approved_at)] : [])]))
    .execute()
  const notBefore = new Set([claim.id, ...later.map((c) => c.id)])
  const paidRows = await db
    .selectFrom('payments')
    .select(['paid_cents', 'claim_id'])
    .where('project_id', '=', project.id)
    .where('status', '=', 'paid')
    .execute()
  const paidBefore = (exclude: Set<string>) =>
    paidRows.filter((p) => p.claim_id === null || !exclude.has(p.claim_id)).reduce((sum, p) => sum + (p.paid_cents ?? 0), 0)

  const common = { flatRateLines, costOptions: options, euRateBp: project.eu_rate_bp, euContributionCents: euContribution }
  let earlierEuShare = 0
  for (const [i, c] of earlier.entries()) {
    // Each earlier claim's result as at its approval: what was paid before it, and the claims approved before it.
    const after = new Set([...earlier.slice(i).map((e) => e.id), ...notBefore])
    const r = claimResult({
      ...common,
      lines: await linesOf(c.id),
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
    lines: await linesOf(claim.id),
    samplingMethod: claim.sampling_method,
    sampleThresholdCents: claim.sample_threshold_cents,
    applyExtrapolation: claim.apply_extrapolation === 1,
    earlierEuShareCents: earlierEuShare,
    paidCents: paidBefore(notBefore),
  })
}
