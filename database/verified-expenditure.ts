import type { Kysely } from 'kysely'
import { claimResultOf } from './claim-result'
import type { DB } from './schema'

/** What a project's approved payment claims add up to. */
export interface VerifiedExpenditure {
  /** Claims approved (verified or paid). */
  claims: number
  declaredCents: number
  /** Accepted on the lines checked, and the lines outside the sample less any correction applied. */
  acceptedCents: number
  /** The errors found and any extrapolated correction applied: declared less accepted. */
  ineligibleCents: number
  /** Ineligible ÷ declared in basis points (rounded down); null without declared expenditure. */
  errorRateBp: number | null
}

/**
 * A project's verified expenditure, for the evaluation report: every approved claim's result as
 * claimResultOf gives it, summed, and the error rate it makes.
 */
export async function verifiedExpenditure(db: Kysely<DB>, projectId: string): Promise<VerifiedExpenditure> {
  const claims = await db
    .selectFrom('claims')
    .select('id')
    .where('project_id', '=', projectId)
    .where('approved_at', 'is not', null)
    .orderBy('approved_at')
    .execute()
  let declared = 0
  let accepted = 0
  for (const c of claims) {
    const r = await claimResultOf(db, c.id)
    declared += r.declaredCents
    accepted += r.checkedAcceptedCents + r.uncheckedCents - r.correctionCents
  }
  const ineligible = Math.max(0, declared - accepted)
  return {
    claims: claims.length,
    declaredCents: declared,
    acceptedCents: accepted,
    ineligibleCents: ineligible,
    errorRateBp: declared > 0 ? Math.floor((ineligible * 10000) / declared) : null,
  }
}
