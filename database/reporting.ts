import { addMonths, formatISO, parseISO } from 'date-fns'
import type { ReportingObligation } from '../templates/types'
import { addDays } from './domain/dates'

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
