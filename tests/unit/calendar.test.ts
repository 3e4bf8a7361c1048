import fs from 'node:fs'
import path from 'node:path'
import ICAL from 'ical.js'
import { describe, expect, it, vi } from 'vitest'
import { foldLine, writeCalendar } from '../../templates/icalendar'
import { runHere } from './cli-helpers'
import { MERGE_TODAY, makeAmifFile, milestoneEdit, ok, projectByCode, testWorkspace } from './helpers'

const TODAY = MERGE_TODAY

interface ReadEvent {
  uid: string
  summary: string
  description: string
  start: string
  sequence: number
  alarm: string | null
}

/** Reads an .ics file back with a real iCalendar parser, as a calendar application would. */
function readCalendar(filePath: string): { name: string; events: ReadEvent[] } {
  const component = new ICAL.Component(ICAL.parse(fs.readFileSync(filePath, 'utf8')))
  const events = component.getAllSubcomponents('vevent').map((v) => {
    const event = new ICAL.Event(v)
    const alarm = v.getFirstSubcomponent('valarm')
    return {
      uid: event.uid,
      summary: event.summary,
      description: event.description,
      start: event.startDate.toString(),
      sequence: event.sequence,
      alarm: alarm ? String(alarm.getFirstPropertyValue('trigger')) : null,
    }
  })
  return { name: String(component.getFirstPropertyValue('x-wr-calname')), events }
}

async function demoWorkspace() {
  const t = testWorkspace()
  await makeAmifFile(path.join(t.dir, 'demo.amif'), { demo: true })
  await t.ws.open(path.join(t.dir, 'demo.amif'))
  return t
}

describe('calendar export', () => {
  it('puts every open milestone of the file in the officer’s calendar, in their language, with a reminder a week before', async () => {
    const { ws, dir, dialogs } = await demoWorkspace()
    const open = (await ok(ws, 'milestones.list', { status: ['planned', 'in_progress'], today: TODAY })).rows
    expect(open.length).toBeGreaterThan(0)

    dialogs.nextSavePath = path.join(dir, 'deadlines')
    const result = await ok(ws, 'calendar.export', { language: 'fr', today: TODAY })
    if (result.cancelled) throw new Error('cancelled')
    expect(result.path).toBe(path.join(dir, 'deadlines.ics'))
    expect(dialogs.saveRequests.at(-1)?.defaultName).toBe('AMIF Desk - échéances.ics')

    const fr = readCalendar(result.path)
    expect(fr.name).toBe('AMIF Desk\u00a0: échéances')
    expect(fr.events).toHaveLength(result.events)
    expect(new Set(fr.events.map((e) => e.uid)).size).toBe(fr.events.length)
    for (const m of open) {
      const event = fr.events.find((e) => e.uid === `milestone-${m.id}@amif-desk`)
      expect(event, m.title).toBeDefined()
      expect(event!.start).toBe(m.dueDate)
      expect(event!.summary).toBe(`${m.projectCode} · Jalon\u00a0: ${m.title}`)
      expect(event!.alarm).toBe('-P7D')
    }
    expect(fr.events.some((e) => e.summary.includes('Rapport final'))).toBe(true)
    expect(fr.events.some((e) => e.summary.includes('Paiement prévu'))).toBe(true)

    // The same deadlines in Dutch: the same events (ids), in Dutch words.
    dialogs.nextSavePath = path.join(dir, 'termijnen.ics')
    await ok(ws, 'calendar.export', { language: 'nl', today: TODAY })
    const nl = readCalendar(path.join(dir, 'termijnen.ics'))
    expect(nl.events.map((e) => e.uid).sort()).toEqual(fr.events.map((e) => e.uid).sort())
    const milestone = nl.events.find((e) => e.uid.startsWith('milestone-'))!
    expect(milestone.summary).toContain('Mijlpaal: ')
    expect(nl.events.some((e) => e.summary.includes('Eindverslag') || e.summary.includes('eindverslag'))).toBe(true)
  })

  it('exported again after a change, updates the same event with a higher sequence; a milestone done leaves the calendar', async () => {
    const { ws, dir, dialogs } = await demoWorkspace()
    const target = path.join(dir, 'agenda.ics')
    dialogs.nextSavePath = target
    await ok(ws, 'calendar.export', { language: 'en', today: TODAY })
    const before = readCalendar(target).events

    const m = (await ok(ws, 'milestones.list', { status: ['planned'], today: TODAY })).rows[0]
    const p = await projectByCode(ws, m.projectCode)
    const stored = p.milestones.find((x) => x.id === m.id)!
    // The change is made an hour later (the sequence counts seconds).
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 3_600_000 })
    try {
      await ok(ws, 'milestones.save', { projectId: p.id, id: m.id, values: milestoneEdit(stored, { dueDate: '2027-06-30' }), today: TODAY })
    } finally {
      vi.useRealTimers()
    }
    await ok(ws, 'calendar.export', { language: 'en', today: TODAY })
    const after = readCalendar(target).events
    const uid = `milestone-${m.id}@amif-desk`
    const old = before.find((e) => e.uid === uid)!
    const updated = after.find((e) => e.uid === uid)!
    expect(updated.start).toBe('2027-06-30')
    expect(updated.sequence).toBeGreaterThan(old.sequence)
    expect(after).toHaveLength(before.length)

    const moved = (await projectByCode(ws, m.projectCode)).milestones.find((x) => x.id === m.id)!
    await ok(ws, 'milestones.save', { projectId: p.id, id: m.id, values: milestoneEdit(moved, { status: 'done', doneDate: TODAY }), today: TODAY })
    await ok(ws, 'calendar.export', { language: 'en', today: TODAY })
    const done = readCalendar(target).events
    expect(done.find((e) => e.uid === uid)).toBeUndefined()
    expect(done).toHaveLength(before.length - 1)
    expect(fs.readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([])
  })

  it('keeps only one officer’s projects when asked, and writes nothing when the officer cancels', async () => {
    const { ws, dir, dialogs } = await demoWorkspace()
    const officers = await ok(ws, 'projects.officers', {})
    expect(officers.length).toBeGreaterThan(1)
    dialogs.nextSavePath = path.join(dir, 'all.ics')
    const all = await ok(ws, 'calendar.export', { language: 'fr', today: TODAY })
    dialogs.nextSavePath = path.join(dir, 'mine.ics')
    const mine = await ok(ws, 'calendar.export', { language: 'fr', officer: officers[0], today: TODAY })
    if (all.cancelled || mine.cancelled) throw new Error('cancelled')
    expect(mine.events).toBeGreaterThan(0)
    expect(mine.events).toBeLessThan(all.events)
    const theirCodes = new Set((await ok(ws, 'projects.list', { officer: officers[0], today: TODAY })).rows.map((r) => r.code))
    const read = readCalendar(mine.path)
    expect(read.name).toBe(`AMIF Desk\u00a0: échéances de ${officers[0]}`)
    for (const e of read.events) expect(theirCodes.has(e.summary.split(' · ')[0])).toBe(true)

    dialogs.nextSavePath = null
    expect(await ok(ws, 'calendar.export', { language: 'fr', today: TODAY })).toEqual({ cancelled: true })
  })

  it('writes text with commas, semicolons, line breaks and long accented words so that a calendar reads it back as written', () => {
    const summary = 'Évaluation; phase 2, « réinstallation »\\ suivi\nlong: ' + 'éèàç'.repeat(30)
    const text = writeCalendar({
      prodId: '-//AMIF Desk//test//FR',
      name: 'Échéances, test',
      stamp: new Date('2026-03-15T10:00:00Z'),
      events: [
        {
          uid: 'x-1@amif-desk',
          date: '2026-12-31',
          summary,
          description: 'a\nb',
          categories: ['AMIF', 'Jalon'],
          sequence: 3,
          lastModified: '2026-03-01T08:00:00.000Z',
          alarmDaysBefore: 7,
          alarmText: 'x',
        },
      ],
    })
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75)
    expect(text.endsWith('\r\n')).toBe(true)
    const event = new ICAL.Event(new ICAL.Component(ICAL.parse(text)).getFirstSubcomponent('vevent')!)
    expect(event.summary).toBe(summary)
    expect(event.description).toBe('a\nb')
    expect(event.startDate.toString()).toBe('2026-12-31')
    expect(event.endDate.toString()).toBe('2027-01-01')
    expect(foldLine('a'.repeat(75))).toBe('a'.repeat(75))
  })

  it('is on the command line: calendar <file> --out <path> [--officer] [--lang]', async () => {
    const { dir } = testWorkspace()
    const file = await makeAmifFile(path.join(dir, 'demo.amif'), { demo: true })
    const out = path.join(dir, 'cal.ics')
    const run = await runHere(['calendar', file, '--out', out, '--lang', 'nl', '--today', TODAY])
    expect(run.code).toBe(0)
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: true, path: out, language: 'nl' })
    expect(readCalendar(out).events.length).toBe(JSON.parse(run.stdout).events)
    expect((await runHere(['calendar', file, '--out', out, '--lang', 'de'])).code).toBe(1)
    expect((await runHere(['calendar', file])).stderr).toContain('calendar needs --out')
    expect((await runHere(['--help'])).stdout).toMatch(/calendar <file> --out <path>/)
  })
})
