import { sql, type Kysely } from 'kysely'
import { claimClocksOf } from './claim-result'
import type { ClaimKind, PaymentKind } from './domain/vocabulary'
import { REPORTING_STATUSES, reportingObligations } from './reporting'
import type { DB } from './schema'

/**
 * Every date a beneficiary or the officer still has to meet: open milestones, planned or requested
 * payments, the reports an agreement still asks for and the 80-day payment limit of each claim not
 * yet paid. Each carries a key that stays the same
 * while the thing it dates exists, so a calendar exported again updates its events instead of
 * adding new ones.
 */

/** Projects whose deadlines no longer matter: finished, refused or stopped. */
const ENDED_STATUSES = ['closed', 'rejected', 'terminated'] as const

interface DeadlineBase {
  /** Stable across exports: the record's id, or the project's id and the report's place. */
  key: string
  date: string
  projectId: string
  projectCode: string
  projectTitle: string
  /** When the dated record last changed (for a report: the project), so calendars see an update. */
  updatedAt: string
}

export type Deadline =
  | (DeadlineBase & { kind: 'milestone'; title: string })
  | (DeadlineBase & { kind: 'payment'; paymentKind: PaymentKind; plannedCents: number | null; plannedRateBp: number | null })
  | (DeadlineBase & { kind: 'report'; reportKind: 'progress' | 'final'; periodStart: string; periodEnd: string })
  | (DeadlineBase & { kind: 'claim'; claimKind: ClaimKind; reference: string | null; submittedOn: string; declaredCents: number })

export interface DeadlineQuery {
  /** Reports due before this day are left out, except a final report still owed. */
  today: string
  /** Only the projects this officer follows (the project's officer), when given. */
  officer?: string | null
}

/** The open deadlines of a file, by date then project code. */
export async function listDeadlines(db: Kysely<DB>, q: DeadlineQuery): Promise<Deadline[]> {
  let projects = db.selectFrom('projects').where('status', 'not in', ENDED_STATUSES)
  if (q.officer) projects = projects.where('officer_name', '=', q.officer)
  const projectRows = await projects.select(['id', 'code', 'title', 'status', 'start_date', 'end_date', 'updated_at']).execute()
  const byId = new Map(projectRows.map((p) => [p.id, p]))
  const ids = [...byId.keys()]
  if (ids.length === 0) return []
  const base = (projectId: string) => {
    const p = byId.get(projectId)!
    return { projectId, projectCode: p.code, projectTitle: p.title }
  }

  const deadlines: Deadline[] = []
  const milestones = await db
    .selectFrom('milestones')
    .select(['id', 'project_id', 'title', 'due_date', 'updated_at'])
    .where('status', 'in', ['planned', 'in_progress'])
    .where('project_id', 'in', ids)
    .execute()
  for (const m of milestones) {
    deadlines.push({ kind: 'milestone', key: `milestone-${m.id}`, date: m.due_date, title: m.title, updatedAt: m.updated_at, ...base(m.project_id) })
  }

  const payments = await db
    .selectFrom('payments')
    .select(['id', 'project_id', 'kind', 'planned_date', 'planned_cents', 'planned_rate_bp', 'updated_at'])
    .where('status', 'in', ['planned', 'requested'])
    .where('project_id', 'in', ids)
    .execute()
  for (const pay of payments) {
    deadlines.push({
      kind: 'payment',
      key: `payment-${pay.id}`,
      date: pay.planned_date,
      paymentKind: pay.kind,
      plannedCents: pay.planned_cents,
      plannedRateBp: pay.planned_rate_bp,
      updatedAt: pay.updated_at,
      ...base(pay.project_id),
    })
  }

  for (const p of projectRows) {
    if (!(REPORTING_STATUSES as readonly string[]).includes(p.status)) continue
    const reports = reportingObligations(p.start_date, p.end_date)
    reports.forEach((r, index) => {
      // A progress report's date passed is the past; a final report is owed until it is received.
      if (r.kind === 'progress' && r.dueDate < q.today) return
      const key = r.kind === 'final' ? `report-${p.id}-final` : `report-${p.id}-progress-${index + 1}`
      deadlines.push({
        kind: 'report',
        key,
        date: r.dueDate,
        reportKind: r.kind,
        periodStart: r.periodStart,
        periodEnd: r.periodEnd,
        updatedAt: p.updated_at,
        ...base(p.id),
      })
    })
  }

  // The 80-day limit of each claim whose clock runs (CPR Art. 74(1)(b)). A claim returned for
  // information has no date while its clock is stopped: its event comes back when it resumes.
  const claims = await db
    .selectFrom('claims as c')
    .select([
      'c.id',
      'c.project_id',
      'c.kind',
      'c.reference',
      'c.status',
      'c.submitted_on',
      // The date moves when the clock stops or runs again: the event changes with the claim or its stops.
      sql<string>`max(c.updated_at, coalesce((select max(s.updated_at) from claim_suspensions s where s.claim_id = c.id), ''))`.as('updated_at'),
      sql<number>`(select coalesce(sum(l.declared_cents), 0) from claim_lines l where l.claim_id = c.id)`.as('declared'),
    ])
    .where('c.status', 'in', ['received', 'under_verification', 'verified'])
    .where('c.project_id', 'in', ids)
    .execute()
  const clocks = await claimClocksOf(db, claims, q.today)
  for (const c of claims) {
    const clock = clocks.get(c.id)!
    if (clock.stopped) continue
    deadlines.push({
      kind: 'claim',
      key: `claim-${c.id}`,
      date: clock.dueOn,
      claimKind: c.kind,
      reference: c.reference,
      submittedOn: c.submitted_on,
      declaredCents: Number(c.declared),
      updatedAt: c.updated_at,
      ...base(c.project_id),
    })
  }

  return deadlines.sort((a, b) => a.date.localeCompare(b.date) || a.projectCode.localeCompare(b.projectCode) || a.key.localeCompare(b.key))
}
