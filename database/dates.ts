import { addDays as dfAddDays, differenceInCalendarDays, formatISO, parseISO } from 'date-fns'

/** The current instant as an ISO-8601 UTC timestamp (what `created_at` and audit rows hold). */
export function nowTimestamp(): string {
  return new Date().toISOString()
}

/** True for a real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false
  const d = new Date(`${value}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value
}

/** Today's calendar date in Brussels, `YYYY-MM-DD` (what "late" and "due" are measured against). */
export function todayIso(now: Date = new Date()): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Brussels', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now)
}

/** The calendar date `days` after (or before, if negative) an ISO date. */
export function addDays(iso: string, days: number): string {
  return formatISO(dfAddDays(parseISO(iso), days), { representation: 'date' })
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return differenceInCalendarDays(parseISO(to), parseISO(from))
}
