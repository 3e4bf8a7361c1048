import fs from 'node:fs'
import path from 'node:path'
import { listDeadlines } from '../../../database/deadlines'
import { todayIso } from '../../../database/domain/dates'
import { calendarRequest } from '../../../database/domain/schemas/documents'
import { buildCalendar } from '../../../templates/calendar'
import { wording } from '../../../templates/wording'
import { query } from '../channel'

/** Writes text beside the target and renames it over, so a calendar reading the file never sees half of it. */
function replaceFile(target: string, text: string): void {
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`)
  try {
    fs.writeFileSync(tmp, text, 'utf8')
    fs.renameSync(tmp, target)
  } finally {
    fs.rmSync(tmp, { force: true })
  }
}

/** The officer's deadlines for their own calendar. */
export const calendarChannels = {
  /**
   * Open milestones, planned payments and owed reports as an iCalendar (.ics) file the officer
   * saves where they choose; exported again, the same events are updated, not added twice.
   */
  'calendar.export': query(calendarRequest, async (ctx, input) => {
    const officer = input.officer ?? null
    const deadlines = await listDeadlines(ctx.file().db, { today: input.today ?? todayIso(), officer })
    const text = buildCalendar({ deadlines, language: input.language, officer, appVersion: ctx.appVersion, now: new Date() })
    const name = `${wording(input.language).calendar.fileName}.ics`
    const chosen = await ctx.dialogs.saveFile({ title: name, defaultName: name, filters: [{ name: 'iCalendar', extensions: ['ics'] }] })
    if (!chosen) return { cancelled: true as const }
    const target = path.extname(chosen).toLowerCase() === '.ics' ? chosen : `${chosen}.ics`
    replaceFile(target, text)
    return { cancelled: false as const, path: target, events: deadlines.length }
  }),
}
