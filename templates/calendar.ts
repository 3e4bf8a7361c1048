import type { Deadline } from '../database/deadlines'
import { day, fill, formatRate, money } from './format'
import { writeCalendar, type CalendarEvent } from './icalendar'
import { vocabulary } from './labels'
import type { DocLanguage } from './types'
import { wording } from './wording'

/** Days before a deadline at which the officer's calendar reminds them. */
export const REMINDER_DAYS_BEFORE = 7

// SEQUENCE must grow with each change and stay a 32-bit integer: seconds since 2020 do both.
const SEQUENCE_EPOCH_MS = Date.UTC(2020, 0, 1)

export interface CalendarRequest {
  deadlines: Deadline[]
  language: DocLanguage
  /** The officer whose projects these are, named in the calendar's title; null for the whole file. */
  officer: string | null
  appVersion: string
  /** When the file is written. */
  now: Date
}

function sequenceOf(timestamp: string): number {
  return Math.max(0, Math.floor((Date.parse(timestamp) - SEQUENCE_EPOCH_MS) / 1000))
}

function eventOf(d: Deadline, lang: DocLanguage): CalendarEvent {
  const w = wording(lang)
  const c = w.calendar
  const lines = [fill(c.project, { code: d.projectCode, title: d.projectTitle })]
  let summary: string
  let category: string
  if (d.kind === 'milestone') {
    summary = fill(c.milestone, { code: d.projectCode, title: d.title })
    category = c.categoryMilestone
  } else if (d.kind === 'payment') {
    summary = fill(c.payment, { code: d.projectCode, kind: vocabulary(lang).paymentKinds[d.paymentKind] })
    category = c.categoryPayment
    if (d.plannedCents !== null) lines.push(fill(c.amount, { amount: money(d.plannedCents, lang) }))
    else if (d.plannedRateBp !== null) lines.push(fill(c.rate, { rate: formatRate(d.plannedRateBp, lang) }))
  } else if (d.kind === 'claim') {
    summary = fill(c.claim, { code: d.projectCode, kind: vocabulary(lang).claimKinds[d.claimKind] })
    category = c.categoryClaim
    lines.push(fill(c.submitted, { date: day(d.submittedOn, lang) }))
    if (d.reference) lines.push(d.reference)
    lines.push(fill(c.declared, { amount: money(d.declaredCents, lang) }))
  } else {
    summary = fill(c.report, { code: d.projectCode, report: d.reportKind === 'final' ? w.agreement.finalReport : w.agreement.progressReport })
    category = c.categoryReport
    lines.push(fill(c.period, { from: day(d.periodStart, lang), to: day(d.periodEnd, lang) }))
  }
  return {
    uid: `${d.key}@amif-desk`,
    date: d.date,
    summary,
    description: lines.join('\n'),
    categories: ['AMIF', category],
    sequence: sequenceOf(d.updatedAt),
    lastModified: d.updatedAt,
    alarmDaysBefore: REMINDER_DAYS_BEFORE,
    alarmText: fill(c.reminder, { days: REMINDER_DAYS_BEFORE, summary }),
  }
}

/** The deadlines as an iCalendar file's text, in the officer's language, one all-day event each. */
export function buildCalendar(request: CalendarRequest): string {
  const c = wording(request.language).calendar
  return writeCalendar({
    prodId: `-//AMIF Desk//${request.appVersion}//${request.language.toUpperCase()}`,
    name: request.officer ? fill(c.nameOf, { officer: request.officer }) : c.name,
    stamp: request.now,
    events: request.deadlines.map((d) => eventOf(d, request.language)),
  })
}
