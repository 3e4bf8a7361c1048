import { addMonths, formatISO, parseISO } from 'date-fns'
import type { Kysely } from 'kysely'
import type { ReportingObligation } from '../templates/types'
import { addDays, daysBetween } from './domain/dates'
import { AppError } from './domain/errors'
import { parseReportSubjectId, reportSubjectId, type ReportRef } from './domain/reports'
import type { ProjectStatus } from './domain/vocabulary'
import type { DB } from './schema'

/**
 * The reporting obligations an agreement sets, from the project's dates (the default clause texts
 * say the same): a progress report for every twelve months of implementation, due
 * PROGRESS_REPORT_DAYS after the period, and a final report for the whole project, due
 * FINAL_REPORT_DAYS after its end (the traffic light counts a project as late with its final
 * report from the same day).
 */
export const PROGRESS_REPORT_DAYS = 60
export const FINAL_REPORT_DAYS = 90

function plusMonths(iso: string, months: number): string {
  return formatISO(addMonths(parseISO(iso), months), { representation: 'date' })
}

/** Every report the beneficiary owes for a project running from `startDate` to `endDate`. */
export function reportingObligations(startDate: string, endDate: string): ReportingObligation[] {
  const reports: ReportingObligation[] = []
  for (let year = 1; ; year++) {
    const periodStart = plusMonths(startDate, 12 * (year - 1))
    const periodEnd = addDays(plusMonths(startDate, 12 * year), -1)
    // The last period is covered by the final report, not by a progress report.
    if (periodEnd >= endDate) break
    reports.push({ kind: 'progress', periodStart, periodEnd, dueDate: addDays(periodEnd, PROGRESS_REPORT_DAYS) })
  }
  reports.push({ kind: 'final', periodStart: startDate, periodEnd: endDate, dueDate: addDays(endDate, FINAL_REPORT_DAYS) })
  return reports
}

/** Projects that owe their reports: signed and under way (the final report received ends it). */
export const REPORTING_STATUSES = ['agreement_signed', 'running'] as const
/** Projects whose final report is in: nothing more is owed. */
const RECEIVED_STATUSES = ['final_report_received', 'closed'] as const

/** One report a project's agreement asks for, with where it stands on a day. */
export interface ProjectReport extends ReportingObligation {
  /** Its name in the documents register (reminder letters about it): database/domain/reports.ts. */
  subjectId: string
  /** The progress report's number (from 1, in date order); null for the final report. */
  number: number | null
  /** Still owed by the beneficiary on that day (see projectReports for the rule). */
  owed: boolean
  /** The final report is received (the project's status says so); never known of a progress report. */
  received: boolean
  /** Owed and past its due date. */
  late: boolean
  /** Days since the due date when late, else 0. */
  daysLate: number
}

/**
 * A project's reports on `today`. The file records the receipt of the final report only (the
 * project's status `final_report_received`, then `closed`), never that of a progress report. So:
 * - the final report is owed while the project is under way (agreement signed or running) and
 *   late once its due date has passed;
 * - a progress report is owed while the project is under way too, and late once its due date has
 *   passed, until the final report (which covers the whole project) is received. The app cannot
 *   tell a progress report the beneficiary sent from a missing one: the window marks it late and
 *   offers a reminder, and the officer who has the report sends none.
 * A project not yet signed, rejected or terminated owes nothing.
 */
export function projectReports(project: { id: string; status: ProjectStatus; start_date: string; end_date: string }, today: string): ProjectReport[] {
  const underWay = (REPORTING_STATUSES as readonly string[]).includes(project.status)
  const received = (RECEIVED_STATUSES as readonly string[]).includes(project.status)
  let progress = 0
  return reportingObligations(project.start_date, project.end_date).map((r) => {
    const ref: ReportRef = r.kind === 'final' ? { kind: 'final', number: null } : { kind: 'progress', number: ++progress }
    const late = underWay && r.dueDate < today
    return {
      ...r,
      subjectId: reportSubjectId(project.id, ref),
      number: ref.number,
      owed: underWay,
      received: received && r.kind === 'final',
      late,
      daysLate: late ? daysBetween(r.dueDate, today) : 0,
    }
  })
}

/** The reports of one project on `today` (NOT_FOUND when the file lacks the project). */
export async function listProjectReports(db: Kysely<DB>, projectId: string, today: string): Promise<ProjectReport[]> {
  const p = await db.selectFrom('projects').select(['id', 'status', 'start_date', 'end_date']).where('id', '=', projectId).executeTakeFirst()
  if (!p) throw new AppError('NOT_FOUND', `No project ${projectId}`, { entity: 'projects', id: projectId })
  return projectReports(p, today)
}

/**
 * The late report a subject id names, with its project: NOT_FOUND when the file lacks the
 * project, REPORT_NOT_OWED when the project does not owe that report (no such report by its
 * dates, not under way, final report received), REPORT_NOT_LATE when it is not yet due.
 */
export async function lateReport(db: Kysely<DB>, subjectId: string, today: string) {
  const parsed = parseReportSubjectId(subjectId)
  if (!parsed) throw new AppError('VALIDATION', `Not a report: ${subjectId}`, { issues: [{ path: 'reportId', message: 'reportId' }] })
  const project = await db
    .selectFrom('projects')
    .select(['id', 'code', 'title', 'status', 'start_date', 'end_date', 'beneficiary_id'])
    .where('id', '=', parsed.projectId)
    .executeTakeFirst()
  if (!project) throw new AppError('NOT_FOUND', `No project ${parsed.projectId}`, { entity: 'projects', id: parsed.projectId })
  const wanted = reportSubjectId(project.id, parsed.ref)
  const report = projectReports(project, today).find((r) => r.subjectId === wanted)
  if (!report?.owed) throw new AppError('REPORT_NOT_OWED', `Project ${project.code} does not owe ${wanted} on ${today}`, { id: wanted })
  if (!report.late) throw new AppError('REPORT_NOT_LATE', `Report ${wanted} is not late on ${today}`, { id: wanted })
  return { project, report }
}
