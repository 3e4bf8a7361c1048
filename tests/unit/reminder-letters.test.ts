import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { letterLanguage } from '../../electron/api/claim-document-data'
import type { Workspace } from '../../electron/api/workspace'
import { normalise, pdfText } from './fixtures/documents'
import { newProjectValues, ok, openNewFile, refused, testWorkspace } from './helpers'

/**
 * The reminder letter about a late milestone (issue 14 §7): produced in the language of the
 * beneficiary's contact it goes to, saying which milestone of which project was due when and how
 * many days late it is, kept in the register about its milestone and versioned; a milestone that
 * is not late gets no reminder.
 */

const TODAY = '2026-12-01'
/** Each test loads the demonstration file and renders documents: on a busy machine that takes a while. */
const SLOW = 90_000

interface Late {
  id: string
  title: string
  dueDate: string
  daysLate: number
  projectId: string
  projectCode: string
}

async function demo() {
  const t = testWorkspace()
  await openNewFile(t.ws, path.join(t.dir, 'demo.amif'), { demo: true })
  return t
}

/** The first late milestone whose beneficiary has a contact preferring `lang`, that contact, and the one a letter goes to by default. */
async function lateMilestoneFor(ws: Workspace, lang: string) {
  const page = await ok(ws, 'milestones.list', { lateOnly: true, today: TODAY, limit: 200 })
  for (const m of page.rows as Late[]) {
    const project = await ok(ws, 'projects.get', { id: m.projectId, today: TODAY })
    const partner = await ok(ws, 'partners.get', { id: project.beneficiaryId })
    const contact = partner.contacts.find((c) => c.preferredLanguage === lang)
    const byDefault = partner.contacts.find((c) => c.canSign) ?? partner.contacts[0]
    if (contact && byDefault) return { milestone: m, contact, byDefault }
  }
  throw new Error(`The demo has no late milestone whose beneficiary has a contact preferring ${lang}`)
}

async function savedText(t: ReturnType<typeof testWorkspace>, id: string): Promise<string> {
  t.dialogs.nextSavePath = path.join(t.dir, `${id}.pdf`)
  const saved = await ok(t.ws, 'documents.save', { id, open: false })
  if (saved.cancelled) throw new Error('cancelled')
  return pdfText(fs.readFileSync(saved.path)).all
}

describe('the reminder letter about a late milestone', () => {
  it(
    'goes to a Dutch-speaking contact in Dutch, with the project, milestone, due date and days late, in the register about the milestone',
    async () => {
      const t = await demo()
      const { milestone: m, contact, byDefault } = await lateMilestoneFor(t.ws, 'nl')
      expect(m.daysLate).toBeGreaterThan(0)
      const doc = await ok(t.ws, 'documents.generateReminder', { milestoneId: m.id, contactId: contact.id, today: TODAY })
      expect(doc).toMatchObject({
        kind: 'reminder_letter',
        projectId: m.projectId,
        subjectId: m.id,
        language: 'nl',
        version: 1,
        status: 'draft',
        reference: `${m.projectCode}/RAPPEL/${m.dueDate}/v1`,
      })
      const text = await savedText(t, doc.id)
      const due = new Intl.DateTimeFormat('nl-BE', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(m.dueDate))
      for (const expected of [
        'Herinneringsbrief',
        `Herinnering: mijlpaal ‘${m.title}’ van project ${m.projectCode}, vervaldatum ${due}, ${m.daysLate} dagen te laat`,
        contact.fullName,
        'De subsidieovereenkomst verplicht de begunstigde',
        // The reply is asked for within fifteen days.
        '16 december 2026',
      ]) {
        expect(text).toContain(normalise(expected))
      }
      expect(text).not.toContain('Rappel')

      // Produced again, the draft is replaced; in the register about its milestone.
      const again = await ok(t.ws, 'documents.generateReminder', { milestoneId: m.id, contactId: contact.id, today: TODAY })
      expect(again).toMatchObject({ version: 1 })
      await ok(t.ws, 'documents.finalize', { id: again.id })
      const third = await ok(t.ws, 'documents.generateReminder', { milestoneId: m.id, contactId: contact.id, today: TODAY })
      expect(third).toMatchObject({ version: 2, status: 'draft' })
      const listed = (await ok(t.ws, 'documents.list', { subjectId: m.id })).rows
      expect(listed.map((d) => [d.kind, d.version, d.status])).toEqual([
        ['reminder_letter', 2, 'draft'],
        ['reminder_letter', 1, 'final'],
      ])

      // The officer may pick another language.
      const french = await ok(t.ws, 'documents.generateReminder', { milestoneId: m.id, contactId: contact.id, language: 'fr', today: TODAY })
      expect(french).toMatchObject({ language: 'fr', version: 1 })
      expect(await savedText(t, french.id)).toContain(normalise(`Rappel : jalon « ${m.title} » du projet ${m.projectCode}`))

      // Without a contact, it goes to the beneficiary's first contact who can sign, in that contact's language.
      const expectedLanguage = byDefault.preferredLanguage === 'de' ? 'en' : byDefault.preferredLanguage
      const toDefault = await ok(t.ws, 'documents.generateReminder', { milestoneId: m.id, today: TODAY })
      expect(toDefault.language).toBe(expectedLanguage)
      expect(await savedText(t, toDefault.id)).toContain(normalise(byDefault.fullName))
    },
    SLOW,
  )

  it(
    'is refused for a milestone that is not late, and for an unknown one, producing nothing',
    async () => {
      const t = await demo()
      const page = await ok(t.ws, 'milestones.list', { today: TODAY, limit: 200 })
      const notLate = (page.rows as (Late & { late: boolean })[]).find((m) => !m.late)!
      expect(notLate).toBeDefined()
      const before = (await ok(t.ws, 'documents.list', {})).rows.length
      expect((await refused(t.ws, 'documents.generateReminder', { milestoneId: notLate.id, today: TODAY })).code).toBe('MILESTONE_NOT_LATE')
      expect((await refused(t.ws, 'documents.generateReminder', { milestoneId: '00000000-0000-4000-8000-000000000000', today: TODAY })).code).toBe('NOT_FOUND')
      expect((await ok(t.ws, 'documents.list', {})).rows.length).toBe(before)
    },
    SLOW,
  )

  it(
    'is refused when the beneficiary has no contact to write to',
    async () => {
      const t = await demo()
      const partner = await ok(t.ws, 'partners.create', { values: { name: 'Sans Contact asbl', kind: 'ngo', country: 'BE' } })
      const project = await ok(t.ws, 'projects.create', { values: newProjectValues(partner.id, 'AMIF-2026-NC-01'), today: '2026-01-02' })
      const m = await ok(t.ws, 'milestones.save', {
        projectId: project.id,
        values: { title: 'Premier rapport', dueDate: '2026-06-30', status: 'planned' },
        today: TODAY,
      })
      expect(m.late).toBe(true)
      expect((await refused(t.ws, 'documents.generateReminder', { milestoneId: m.id, today: TODAY })).code).toBe('NO_CONTACT')
      expect((await ok(t.ws, 'documents.list', { subjectId: m.id })).rows).toEqual([])
    },
    SLOW,
  )

  it('goes in English to a contact who prefers German (the documents exist in French, Dutch and English)', () => {
    expect(letterLanguage('de')).toBe('en')
    expect(letterLanguage('nl')).toBe('nl')
  })
})
