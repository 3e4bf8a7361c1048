import type { Kysely } from 'kysely'
import type { OpenItem } from '../templates/types'
import { dashboardSummary } from './dashboard'
import { addDays } from './domain/dates'
import { reportingObligations } from './reporting'
import type { DB } from './schema'

/**
 * What a colleague taking a file over must know about, listed by the app itself: late milestones
 * and those due within DUE_WITHIN_DAYS, payments due, agreements not signed, reports due, and
 * merge conflicts left unresolved (passed in: the merge module knows them).
 * Labels are the file's own words (a milestone's title); for payments and reports the label is the
 * payment kind or report kind code, which the document translates.
 */

export const DUE_WITHIN_DAYS = 30

/** Projects whose reports are still owed: signed and under way. */
const REPORTING_STATUSES = ['agreement_signed', 'running'] as const

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
