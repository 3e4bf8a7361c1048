import { sql, type Kysely } from 'kysely'
import type { OpenItem } from '../templates/types'
import { claimClocksOf } from './claim-result'
import { dashboardSummary } from './dashboard'
import { addDays } from './domain/dates'
import { REPORTING_STATUSES, reportingObligations } from './reporting'
import type { DB } from './schema'

/**
 * What a colleague taking a file over must know about, listed by the app itself: late milestones
 * and those due within DUE_WITHIN_DAYS, payments due, payment claims awaiting verification (dated
 * by their 80-day limit), agreements not signed, reports due, and
 * merge conflicts left unresolved (passed in: the merge module knows them).
 * Labels are the file's own words (a milestone's title); for payments and reports the label is the
 * payment kind or report kind code, which the document translates.
 */

export const DUE_WITHIN_DAYS = 30

/** The open items of a file on `today`, most urgent kinds first. */
export async function openItems(db: Kysely<DB>, today: string, unresolved: { label: string; projectCode: string | null }[] = []): Promise<OpenItem[]> {
  const { attention } = await dashboardSummary(db, {}, today)
  const soon = addDays(today, DUE_WITHIN_DAYS)
  const items: OpenItem[] = []
  for (const m of attention.lateMilestones) {
    items.push({ kind: 'milestone_late', projectCode: m.projectCode, projectTitle: m.projectTitle, label: m.title, date: m.dueDate, amountCents: null })
  }
  for (const m of attention.dueSoon) {
    items.push({ kind: 'milestone_due', projectCode: m.projectCode, projectTitle: m.projectTitle, label: m.title, date: m.dueDate, amountCents: null })
  }
  for (const p of attention.paymentsDue) {
    items.push({ kind: 'payment_due', projectCode: p.code, projectTitle: p.title, label: p.kind, date: p.plannedDate, amountCents: p.amountCents })
  }
  // Every claim awaiting verification, not only the dashboard's first ones: the colleague inherits them all.
  const claims = await db
    .selectFrom('claims as c')
    .innerJoin('projects as p', 'p.id', 'c.project_id')
    .select([
      'c.id',
      'c.kind',
      'c.status',
      'c.submitted_on',
      'c.updated_at',
      'p.code',
      'p.title',
      (eb) =>
        eb
          .selectFrom('claim_lines as l')
          .select(sql<number>`coalesce(sum(l.declared_cents), 0)`.as('n'))
          .whereRef('l.claim_id', '=', 'c.id')
          .as('declared'),
    ])
    .where('c.status', 'in', ['received', 'under_verification'])
    .execute()
  const clocks = await claimClocksOf(db, claims, today)
  for (const c of claims.sort((a, b) => clocks.get(a.id)!.daysLeft - clocks.get(b.id)!.daysLeft || a.code.localeCompare(b.code))) {
    items.push({
      kind: 'claim_verification',
      projectCode: c.code,
      projectTitle: c.title,
      label: c.kind,
      date: clocks.get(c.id)!.dueOn,
      amountCents: Number(c.declared ?? 0),
    })
  }
  for (const a of attention.agreementsNotSigned) {
    items.push({ kind: 'agreement_unsigned', projectCode: a.code, projectTitle: a.title, label: '', date: a.since, amountCents: null })
  }
  const reporting = await db
    .selectFrom('projects')
    .select(['code', 'title', 'start_date', 'end_date'])
    .where('status', 'in', REPORTING_STATUSES)
    .orderBy('code')
    .execute()
  for (const p of reporting) {
    for (const r of reportingObligations(p.start_date, p.end_date)) {
      const coming = r.dueDate >= today && r.dueDate <= soon
      // A final report past its date is still owed while the project has not received it.
      const overdueFinal = r.kind === 'final' && r.dueDate < today
      if (coming || overdueFinal)
        items.push({ kind: 'report_due', projectCode: p.code, projectTitle: p.title, label: r.kind, date: r.dueDate, amountCents: null })
    }
  }
  for (const c of unresolved) {
    items.push({ kind: 'conflict_unresolved', projectCode: c.projectCode, projectTitle: null, label: c.label, date: null, amountCents: null })
  }
  return items
}
