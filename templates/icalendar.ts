/**
 * An iCalendar (RFC 5545) writer for the little AMIF Desk needs: a published calendar of all-day
 * events, each with a reminder. Written here rather than taken from a package: the maintained
 * ones either need Node 22 (ical-generator) or bring a second validation library (ics uses yup),
 * and the format's rules that matter (escaping, folding at 75 octets, CRLF) fit in this file.
 */

export interface CalendarEvent {
  /** Globally unique and stable: the same event exported again keeps it, so calendars update it. */
  uid: string
  /** `YYYY-MM-DD`: an all-day event on that day. */
  date: string
  summary: string
  description: string
  categories: string[]
  /** Grows whenever the event changes, so a calendar takes the newer version. */
  sequence: number
  /** `YYYY-MM-DDTHH:MM:SS(.sss)Z`: when the event last changed. */
  lastModified: string
  /** Days before the event at which the calendar reminds, or null for no reminder. */
  alarmDaysBefore: number | null
  alarmText: string
}

export interface Calendar {
  /** `-//AMIF Desk//1.2.0//FR`: who made the file. */
  prodId: string
  name: string
  /** When the file was written (every event's DTSTAMP). */
  stamp: Date
  events: CalendarEvent[]
}

/** Escapes a TEXT value: backslash, semicolon, comma and line breaks (RFC 5545 3.3.11). */
export function escapeText(value: string): string {
  return (
    value
      .replace(/\\/g, '\\\\')
      .replace(/;/g, '\\;')
      .replace(/,/g, '\\,')
      .replace(/\r\n|\r|\n/g, '\\n')
      // Control characters are not allowed in TEXT; the app's own text has none, a pasted title might.
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
  )
}

/** Folds a content line at 75 octets of UTF-8, never inside a character (RFC 5545 3.1). */
export function foldLine(line: string): string {
  const encoder = new TextEncoder()
  const parts: string[] = []
  let current = ''
  let octets = 0
  for (const char of line) {
    const size = encoder.encode(char).length
    // Continuation lines start with a space, which counts towards their 75 octets.
    const limit = parts.length === 0 ? 75 : 74
    if (octets + size > limit) {
      parts.push(current)
      current = ''
      octets = 0
    }
    current += char
    octets += size
  }
  parts.push(current)
  return parts.join('\r\n ')
}

function basicDate(iso: string): string {
  return iso.slice(0, 10).replace(/-/g, '')
}

function basicTimestamp(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '')
}

function nextDay(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + 1)
  return d.toISOString().slice(0, 10)
}

/** The calendar as an .ics file's text (CRLF line ends, folded lines). */
export function writeCalendar(calendar: Calendar): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${calendar.prodId}`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(calendar.name)}`,
  ]
  const stamp = basicTimestamp(calendar.stamp)
  for (const e of calendar.events) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${escapeText(e.uid)}`,
      `DTSTAMP:${stamp}`,
      `LAST-MODIFIED:${basicTimestamp(new Date(e.lastModified))}`,
      `SEQUENCE:${e.sequence}`,
      `DTSTART;VALUE=DATE:${basicDate(e.date)}`,
      `DTEND;VALUE=DATE:${basicDate(nextDay(e.date))}`,
      `SUMMARY:${escapeText(e.summary)}`,
      `DESCRIPTION:${escapeText(e.description)}`,
      `CATEGORIES:${e.categories.map(escapeText).join(',')}`,
      'TRANSP:TRANSPARENT',
    )
    if (e.alarmDaysBefore !== null) {
      lines.push('BEGIN:VALARM', 'ACTION:DISPLAY', `TRIGGER:-P${e.alarmDaysBefore}D`, `DESCRIPTION:${escapeText(e.alarmText)}`, 'END:VALARM')
    }
    lines.push('END:VEVENT')
  }
  lines.push('END:VCALENDAR')
  return lines.map(foldLine).join('\r\n') + '\r\n'
}
