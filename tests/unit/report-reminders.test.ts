import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { reportSubjectId } from '../../database/domain/reports'
import { projectReports } from '../../database/reporting'
import type { Workspace } from '../../electron/api/workspace'
import { runCli } from '../../electron/cli/cli'
import { normalise, pdfText } from './fixtures/documents'
import { mergePair, newProjectValues, ok, openNewFile, refused, testWorkspace } from './helpers'

/**
 * The reminder letter about a late report (issue 14 §7): the reports an agreement asks for are
 * computed from the project's dates; a late one (owed by a project under way, past its due date)
 * gets a letter in the language of the beneficiary's contact, naming the report, its period, due
 * date and days late, kept in the register about that report and versioned per report. A report
 * not late, not owed or of no project gets none, and nothing is written.
 */

const TODAY = '2026-12-01'
/** Each test loads the demonstration file and renders documents: on a busy machine that takes a while. */
const SLOW = 90_000
const ID = '7d0e3a52-52f4-4a55-9a3e-0c1f6b1d2e3f'

async function demo() {
  const t = testWorkspace()
  const file = await openNewFile(t.ws, path.join(t.dir, 'demo.amif'), { demo: true })
  return { ...t, file }
}

/**
 * A running project from 2025-01-01 to 2026-06-30 of a Flemish beneficiary whose one contact
 * (who signs) prefers Dutch: its first progress report (2025) was due on 2026-03-01, its final
 * report on 2026-09-28 (90 days after the end), 64 days before TODAY.
 */
async function lateProject(ws: Workspace, code = 'AMIF-2025-RP-01', patch: { startDate?: string; endDate?: string } = {}) {
  const partner = await ok(ws, 'partners.create', { values: { name: 'Vluchtelingenwerk Oost vzw', kind: 'ngo', country: 'BE' } })
  const contact = await ok(ws, 'contacts.create', {
    organisationId: partner.id,
    values: { fullName: 'Griet Van Damme', jobTitle: 'Coördinator', preferredLanguage: 'nl', canSign: true },
  })
  const project = await ok(ws, 'projects.create', {
    values: newProjectValues(partner.id, code, { startDate: '2025-01-01', endDate: '2026-06-30', ...patch }),
    today: '2024-12-01',
  })
  for (const status of ['submitted', 'selected', 'agreement_signed', 'running'] as const)
    await ok(ws, 'projects.setStatus', { id: project.id, status, changedOn: '2024-12-15' })
  return { project, contact }
}

async function savedText(t: ReturnType<typeof testWorkspace>, id: string): Promise<string> {
  t.dialogs.nextSavePath = path.join(t.dir, `${id}.pdf`)
  const saved = await ok(t.ws, 'documents.save', { id, open: false })
  if (saved.cancelled) throw new Error('cancelled')
  return pdfText(fs.readFileSync(saved.path)).all
}

describe('a project’s reports', () => {
  it('are owed while the project is under way, late past their due date, and the final one received once the status says so', () => {
    const dates = { id: ID, start_date: '2025-01-01', end_date: '2026-06-30' }
    const running = projectReports({ ...dates, status: 'running' }, TODAY)
    expect(running.map((r) => [r.subjectId, r.periodStart, r.periodEnd, r.dueDate, r.owed, r.late, r.daysLate])).toEqual([
      [`${ID}:report:progress:1`, '2025-01-01', '2025-12-31', '2026-03-01', true, true, 275],
      [`${ID}:report:final`, '2025-01-01', '2026-06-30', '2026-09-28', true, true, 64],
    ])
    // Not late the day it is due.
    expect(projectReports({ ...dates, status: 'running' }, '2026-09-28')[1]).toMatchObject({ late: false, daysLate: 0 })
    for (const status of ['draft', 'selected', 'terminated', 'final_report_received', 'closed'] as const) {
      expect(projectReports({ ...dates, status }, TODAY).map((r) => [r.owed, r.late])).toEqual([
        [false, false],
        [false, false],
      ])
    }
    expect(projectReports({ ...dates, status: 'closed' }, TODAY).map((r) => r.received)).toEqual([false, true])
  })
})

describe('the reminder letter about a late report', () => {
  it(
    'goes to the Dutch-speaking contact in Dutch, naming the final report, its period, due date and days late; versions count per report',
    async () => {
      const t = await demo()
      const { project, contact } = await lateProject(t.ws)
      const reports = await ok(t.ws, 'reports.list', { projectId: project.id, today: TODAY })
      expect(reports.map((r) => [r.kind, r.number, r.dueDate, r.late, r.daysLate])).toEqual([
        ['progress', 1, '2026-03-01', true, 275],
        ['final', null, '2026-09-28', true, 64],
      ])
      const [progress, final] = reports

      const doc = await ok(t.ws, 'documents.generateReminder', { reportId: final.subjectId, today: TODAY })
      expect(doc).toMatchObject({
        kind: 'reminder_letter',
        projectId: project.id,
        subjectId: `${project.id}:report:final`,
        language: 'nl',
        version: 1,
        status: 'draft',
        reference: `${project.code}/RAPPEL/2026-09-28/v1`,
      })
      const text = await savedText(t, doc.id)
      for (const expected of [
        'Herinneringsbrief',
        `Herinnering: eindverslag van project ${project.code} (periode van 1 januari 2025 tot 30 juni 2026), vervaldatum 28 september 2026, 64 dagen te laat`,
        contact.fullName,
        'moest ons uiterlijk op 28 september 2026 bereiken',
        'De subsidieovereenkomst verplicht de begunstigde om zijn verslagen',
        // The reply is asked for within fifteen days.
        '16 december 2026',
      ]) {
        expect(text).toContain(normalise(expected))
      }
      expect(text).not.toContain('mijlpaal')

      // Produced again, the draft is replaced; once final, the next is version 2 of this report only.
      expect(await ok(t.ws, 'documents.generateReminder', { reportId: final.subjectId, today: TODAY })).toMatchObject({ id: doc.id, version: 1 })
      await ok(t.ws, 'documents.finalize', { id: doc.id })
      expect(await ok(t.ws, 'documents.generateReminder', { reportId: final.subjectId, today: TODAY })).toMatchObject({ version: 2, status: 'draft' })
      const aboutProgress = await ok(t.ws, 'documents.generateReminder', { reportId: progress.subjectId, language: 'en', today: TODAY })
      expect(aboutProgress).toMatchObject({ subjectId: `${project.id}:report:progress:1`, language: 'en', version: 1 })
      expect(await savedText(t, aboutProgress.id)).toContain(
        normalise(`Reminder: progress report no. 1 of project ${project.code} (period 1 January 2025 to 31 December 2025), due 1 March 2026, 275 days late`),
      )
      expect((await ok(t.ws, 'documents.list', { subjectId: final.subjectId })).rows.map((d) => [d.version, d.status])).toEqual([
        [2, 'draft'],
        [1, 'final'],
      ])
      expect((await ok(t.ws, 'documents.list', { subjectId: progress.subjectId })).rows.map((d) => d.version)).toEqual([1])
    },
    SLOW,
  )

  it(
    'is refused for a report that is not late, not owed or of no project, writing nothing',
    async () => {
      const t = await demo()
      const { project } = await lateProject(t.ws)
      const { project: current } = await lateProject(t.ws, 'AMIF-2026-RP-02', { startDate: '2026-01-01', endDate: '2027-06-30' })
      const draft = await ok(t.ws, 'projects.create', {
        values: newProjectValues(project.beneficiaryId, 'AMIF-2025-RP-03', { startDate: '2024-01-01', endDate: '2025-06-30' }),
      })
      await ok(t.ws, 'projects.setStatus', { id: project.id, status: 'final_report_received', changedOn: '2026-11-20' })
      const { db } = t.ws.file()
      const written = async () => ({
        documents: (await db.selectFrom('documents').select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n,
        audit: (await db.selectFrom('audit_log').select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n,
      })
      const before = await written()

      const code = async (input: Record<string, unknown>) => (await refused(t.ws, 'documents.generateReminder', { ...input, today: TODAY })).code
      // Not yet due.
      expect(await code({ reportId: `${current.id}:report:final` })).toBe('REPORT_NOT_LATE')
      expect(await code({ reportId: `${current.id}:report:progress:1` })).toBe('REPORT_NOT_LATE')
      // Not owed: no such report by the project's dates, a project not signed, a final report received.
      expect(await code({ reportId: `${current.id}:report:progress:2` })).toBe('REPORT_NOT_OWED')
      expect(await code({ reportId: `${draft.id}:report:final` })).toBe('REPORT_NOT_OWED')
      expect(await code({ reportId: `${project.id}:report:final` })).toBe('REPORT_NOT_OWED')
      expect(await code({ reportId: `${project.id}:report:progress:1` })).toBe('REPORT_NOT_OWED')
      // No such project; not a report's name; both a milestone and a report, or neither.
      expect(await code({ reportId: `${ID}:report:final` })).toBe('NOT_FOUND')
      const malformed = await refused(t.ws, 'documents.generateReminder', { reportId: `${project.id}:report:interim`, today: TODAY })
      expect(malformed.code).toBe('VALIDATION')
      expect(malformed.details).toMatchObject({ issues: [{ path: 'reportId', message: 'reportId' }] })
      expect(await code({ reportId: `${project.id}:report:progress:0` })).toBe('VALIDATION')
      expect(await code({ reportId: `${project.id}:report:final`, milestoneId: ID })).toBe('VALIDATION')
      expect(await code({})).toBe('VALIDATION')

      expect(await written()).toEqual(before)
    },
    SLOW,
  )

  it(
    'is produced by the command line for a report or a milestone, in the contact’s language unless --lang says otherwise',
    async () => {
      const t = await demo()
      const { project } = await lateProject(t.ws)
      const late = await ok(t.ws, 'milestones.list', { lateOnly: true, today: TODAY, limit: 1 })
      const milestone = late.rows[0]
      await t.ws.close()

      const run = async (args: string[]) => {
        const out: string[] = []
        const err: string[] = []
        const code = await runCli(args, { stdout: (s) => out.push(s), stderr: (s) => err.push(s) })
        return { code, out: out.join(''), err: err.join('') }
      }
      const pdf = path.join(t.dir, 'final.pdf')
      const report = await run([
        'pdf',
        'reminder',
        t.file,
        '--project',
        project.code.toLowerCase(),
        '--report',
        'final',
        '--out',
        pdf,
        '--today',
        TODAY,
        '--officer',
        'Jan Peeters',
      ])
      expect(report.err).toBe('')
      expect(report.code).toBe(0)
      expect(JSON.parse(report.out)).toMatchObject({
        ok: true,
        kind: 'reminder_letter',
        project: project.code,
        subject: reportSubjectId(project.id, { kind: 'final', number: null }),
        language: 'nl',
        version: 1,
      })
      expect(pdfText(fs.readFileSync(pdf)).all).toContain(normalise(`Herinnering: eindverslag van project ${project.code}`))

      const progressPdf = path.join(t.dir, 'progress.pdf')
      const progress = await run([
        'pdf',
        'reminder',
        t.file,
        '--project',
        project.code,
        '--report',
        'progress-1',
        '--lang',
        'fr',
        '--out',
        progressPdf,
        '--today',
        TODAY,
      ])
      expect(JSON.parse(progress.out)).toMatchObject({ subject: `${project.id}:report:progress:1`, language: 'fr' })
      expect(pdfText(fs.readFileSync(progressPdf)).all).toContain(normalise(`Rappel : rapport intermédiaire n° 1 du projet ${project.code}`))

      const milestonePdf = path.join(t.dir, 'milestone.pdf')
      const byMilestone = await run(['pdf', 'reminder', t.file, '--milestone', milestone.id, '--lang', 'contact', '--out', milestonePdf, '--today', TODAY])
      expect(byMilestone.code).toBe(0)
      expect(JSON.parse(byMilestone.out)).toMatchObject({ kind: 'reminder_letter', subject: milestone.id, project: milestone.projectCode })
      expect(fs.readFileSync(milestonePdf).subarray(0, 5).toString()).toBe('%PDF-')

      // A report not owed is refused (exit 2) and nothing is written.
      const refusedPdf = path.join(t.dir, 'refused.pdf')
      const notOwed = await run(['pdf', 'reminder', t.file, '--project', project.code, '--report', 'progress-2', '--out', refusedPdf, '--today', TODAY])
      expect(notOwed.code).toBe(2)
      expect(JSON.parse(notOwed.out)).toMatchObject({ ok: false, code: 'REPORT_NOT_OWED' })
      expect(fs.existsSync(refusedPdf)).toBe(false)

      // Usage: one subject, a report with its project, a report named final or progress-<n>.
      expect((await run(['pdf', 'reminder', t.file, '--out', pdf])).err).toContain(
        'pdf reminder needs --milestone <id>, or --project <code> with --report final|progress-<n>.',
      )
      expect((await run(['pdf', 'reminder', t.file, '--project', project.code, '--out', pdf])).err).toContain('pdf reminder needs --report')
      expect((await run(['pdf', 'reminder', t.file, '--milestone', milestone.id, '--project', project.code, '--report', 'final', '--out', pdf])).code).toBe(1)
      expect((await run(['pdf', 'reminder', t.file, '--project', project.code, '--report', 'interim', '--out', pdf])).err).toContain(
        '--report takes final or progress-<n>, not "interim".',
      )
      expect((await run(['pdf', 'agreement', t.file, '--project', project.code, '--report', 'final', '--out', pdf])).err).toContain(
        '--report does not apply to pdf agreement.',
      )
      expect((await run(['pdf', 'agreement', t.file, '--project', project.code, '--lang', 'contact', '--out', pdf])).err).toContain('--lang takes fr, nl or en')
      const help = (await run(['--help'])).out
      expect(help).toContain('pdf reminder <file> --milestone <id>')
      expect(help).toContain('pdf reminder <file> --project <code> --report final|progress-<n>')
    },
    SLOW,
  )
})

describe('a reminder letter about a report in a merge', () => {
  it(
    'travels from a colleague’s file with its report as subject',
    async () => {
      let projectId = ''
      const pair = await mergePair(async (ws) => {
        projectId = (await lateProject(ws)).project.id
      })
      const reportId = `${projectId}:report:final`
      const theirs = await ok(pair.theirs, 'documents.generateReminder', { reportId, today: TODAY })
      await pair.theirs.close()
      pair.dialogs.nextOpenPath = pair.theirsPath
      const preview = await ok(pair.mine, 'merge.preview', {})
      if (preview.cancelled) throw new Error('cancelled')
      await ok(pair.mine, 'merge.apply', { resolutions: {} })
      expect((await ok(pair.mine, 'documents.list', { subjectId: reportId })).rows).toMatchObject([
        { id: theirs.id, kind: 'reminder_letter', projectId, subjectId: reportId, language: 'nl', version: 1 },
      ])
    },
    SLOW,
  )
})
