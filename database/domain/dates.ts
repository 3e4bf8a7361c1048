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

const brusselsMinutes = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Brussels',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
})

/** Brussels' offset from UTC (ms) by UTC hour `YYYY-MM-DDTHH`: it only ever changes on the hour. */
const brusselsOffsets = new Map<string, number>()

function brusselsOffset(hourStart: Date): number {
  const key = hourStart.toISOString().slice(0, 13)
  let offset = brusselsOffsets.get(key)
  if (offset === undefined) {
    const part = Object.fromEntries(brusselsMinutes.formatToParts(hourStart).map((p) => [p.type, Number(p.value)]))
    offset = Date.UTC(part.year!, part.month! - 1, part.day, part.hour, part.minute) - hourStart.getTime()
    if (brusselsOffsets.size > 10_000) brusselsOffsets.clear()
    brusselsOffsets.set(key, offset)
  }
  return offset
}

/**
 * An instant (an ISO-8601 timestamp as stored, in UTC) as the wall-clock time in Brussels,
 * `YYYY-MM-DD HH:mm` (`2026-03-05T13:07:00Z` gives `2026-03-05 14:07`); null when it is not an instant.
 */
export function brusselsMinute(instant: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(instant)) return null
  const time = new Date(instant).getTime()
  if (Number.isNaN(time)) return null
  // Formatting every instant through Intl costs ~20 µs; the offset, asked once per hour, does not.
  const offset = brusselsOffset(new Date(time - (time % 3_600_000)))
  return new Date(time + offset).toISOString().slice(0, 16).replace('T', ' ')
}

/** The calendar date `days` after (or before, if negative) an ISO date. */
export function addDays(iso: string, days: number): string {
  return formatISO(dfAddDays(parseISO(iso), days), { representation: 'date' })
}

const DAY_ZERO = parseISO('2000-01-01')
const dayNumbers = new Map<string, number>()

/** Calendar days from 2000-01-01 to a date, each date parsed once: a list judges thousands of projects on a few dates. */
function dayNumber(iso: string): number {
  let n = dayNumbers.get(iso)
  if (n === undefined) {
    n = differenceInCalendarDays(parseISO(iso), DAY_ZERO)
    if (dayNumbers.size >= 50_000) dayNumbers.clear()
    dayNumbers.set(iso, n)
  }
  return n
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from)
}

const dayFormats = new Map<string, Intl.DateTimeFormat>()

/**
 * The one date formatter: a calendar date `YYYY-MM-DD` for a locale, `short` (14/01/2025) or
 * `long` (14 janvier 2025 / 14 januari 2025); empty for null, the text itself if it is not a date.
 */
export function formatDay(iso: string | null | undefined, locale: string, style: 'short' | 'long' = 'short'): string {
  if (!iso) return ''
  const d = new Date(`${iso.slice(0, 10)}T00:00:00Z`)
  if (Number.isNaN(d.getTime())) return iso
  const key = `${locale}:${style}`
  let format = dayFormats.get(key)
  if (!format) {
    const options: Intl.DateTimeFormatOptions =
      style === 'long'
        ? { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }
        : { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' }
    format = new Intl.DateTimeFormat(locale, options)
    dayFormats.set(key, format)
  }
  return format.format(d)
}
