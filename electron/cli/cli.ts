import fs from 'node:fs'
import path from 'node:path'
import os from 'node:os'
import { parseArgs } from 'node:util'
import packageJson from '../../package.json'
import { isIsoDate, todayIso } from '../../database/domain/dates'
import type { Choice } from '../../database/merge'
import type { PartnerDetail } from '../../database/partners'
import { noDialogs, type DialogService, type SaveDialogRequest } from '../api/dialogs'
import { AppError, toErrorPayload, type ApiErrorPayload } from '../../database/domain/errors'
import { invokeAllPages, invokeOk as call } from '../api/index'
import type { DocumentRenderer } from '../api/render-runner'
import type { Settings, SettingsStore } from '../api/settings'
import { Workspace } from '../api/workspace'
import type { MigrationProgress } from '../../database/file/migrate'
import { OBJECTIVE_CODES, type ObjectiveCode } from '../../database/domain/vocabulary'
import { reportSubjectId, type ReportRef } from '../../database/domain/reports'
import { DOC_LANGUAGES, type DocLanguage } from '../../templates/types'
import { CLAIMS_IMPORT_USAGE, ClaimsUsageError, isClaimsImportCommand, runClaimsImport } from './claims-import'

/** Where the command line writes: the process's streams, or a test's buffers. */
export interface CliIo {
  stdout(text: string): void
  stderr(text: string): void
}

export interface CliOptions {
  /** The app's version, written into the meta record of files `init` creates. */
  appVersion?: string
  /** Renders documents (the packaged app's bundled worker); the source worker thread by default. */
  renderer?: DocumentRenderer
}

/** Exit codes: 0 done, 1 usage error or unexpected failure, 2 refused (a bad file, an existing file...). */
export const EXIT_OK = 0
export const EXIT_FAILURE = 1
export const EXIT_REFUSED = 2

export const USAGE = `AMIF Desk command line

Usage:
  init <file> [--demo]      create a database file (never over an existing one);
                            --demo fills it with the demonstration registry
  check <file>              check a file without changing it: identity, schema version,
                            schema ("ok" or what differs from the app's), integrity,
                            foreign keys, kept figures, the milestone search and record
                            counts; a file whose schema is not the app's is reported
                            (exit 2) without running anything of it
  import <file> --out <new-file> [--json]
                            import the records of a file refused for its schema into a new
                            file (never over an existing one): only the app's tables and
                            columns, row by row; reports what was imported and refused
  partners <file> [--json]  list the partner organisations (read-only); --json prints the
                            full records with contacts and partnerships
  summary <file> [--json] [--today YYYY-MM-DD]
                            figures per specific objective SO1-SO4: projects, eligible
                            cost, EU contribution, paid, milestones done and late
  projects <file> [--json] [--today YYYY-MM-DD]
                            every project with its money and traffic light
  indicators <file> [--json] [--year YYYY]
                            per specific objective and indicator (output and result): the
                            cumulative value of the projects (each one's latest measurement,
                            up to 31 December of --year) with the age and gender breakdown
                            of indicators about persons (annual performance report)
  merge <into> <from> [--json] [--prefer mine|theirs] [--dry-run]
                            merge a colleague's file <from> into <into>: what does not
                            conflict is applied (after a backup beside <into>); conflicts
                            only with --prefer; <from> is never changed
  backup <file> <dest>      write a consistent, integrity-checked copy of the file to <dest>
                            (never over an existing file), also while someone has the file
                            open; the copy keeps the file's identity
  pdf agreement <file> --project <code> --lang fr|nl|en --out <path>
  pdf report <file> --project <code> --lang fr|nl|en --out <path>
  pdf programme <file> --lang fr|nl|en --out <path> [--objective SO1..SO4]
  pdf verification <file> --claim <id> --lang fr|nl|en --out <path>
  pdf visit <file> --visit <id> --lang fr|nl|en --out <path>
  pdf reminder <file> --milestone <id> --out <path> [--lang contact|fr|nl|en]
  pdf reminder <file> --project <code> --report final|progress-<n> --out <path>
                      [--lang contact|fr|nl|en]
                            produce a grant agreement, an evaluation report, the programme
                            report, the verification report of a payment claim, the report
                            of an on-the-spot visit or the reminder letter about a late
                            milestone or report (the final one, or progress report n counted
                            from 1) to the beneficiary's contact, in the contact's language
                            unless --lang names one, as a draft in the file's register
                            (replacing the latest draft of its version) and write it to
                            <path> (ending in .pdf)
  handover <file> --to "<name>" --note "<text>" --out <dir> [--lang fr|nl|en] [--force]
                            hand the file over: a copy with the note and the open items
                            inside, and the handover summary PDF beside it, in <dir>;
                            never over existing files unless --force
  claims <file> [--json] [--project <code>] [--today YYYY-MM-DD]
                            every payment claim (or one project's) by days left on the
                            80-day payment limit: status, declared, accepted, ineligible and
                            payable amounts, days left (negative: overdue), clock stopped
  calendar <file> --out <path> [--officer "<name>"] [--lang fr|nl|en] [--today YYYY-MM-DD]
                            write the open deadlines (milestones, planned payments, reports
                            owed) as an iCalendar file (.ics) with a reminder 7 days before;
                            written again, calendars update the same events; --officer keeps
                            only the projects that officer follows
${CLAIMS_IMPORT_USAGE}  --help                    show this text

Options:
  --officer "<name>"        (init, import, merge, pdf, handover: every command that writes)
                            who changes are stamped with; default: $AMIF_OFFICER, or
                            "command line (<user>)"; (calendar) whose projects to include
  --today YYYY-MM-DD        (summary, projects, claims) the day lateness is measured against;
                            default: today in Brussels
  --prefer mine|theirs      (merge) settle every conflict with my or their version
  --dry-run                 (merge) report what would change, write nothing
  --today YYYY-MM-DD        (pdf, handover) also the day documents are produced for

Results are printed as JSON on standard output.
Exit codes: 0 done; 1 usage error or unexpected failure; 2 refused, with
{"ok": false, "code": "...", "message": "..."}.
`

/** Options per command; anything else on the command line is a usage error. */
const COMMAND_OPTIONS = {
  init: ['demo', 'officer'],
  check: [],
  import: ['out', 'json', 'officer'],
  partners: ['json'],
  summary: ['json', 'today'],
  projects: ['json', 'today'],
  indicators: ['json', 'year'],
  merge: ['json', 'prefer', 'dry-run', 'officer'],
  backup: [],
  pdf: ['project', 'claim', 'visit', 'milestone', 'report', 'lang', 'out', 'objective', 'officer', 'today'],
  handover: ['to', 'note', 'out', 'lang', 'officer', 'today', 'force'],
  calendar: ['out', 'officer', 'lang', 'today'],
  claims: ['json', 'project', 'today'],
} as const satisfies Record<string, readonly string[]>
type Command = keyof typeof COMMAND_OPTIONS

const PARSE_OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  demo: { type: 'boolean' },
  json: { type: 'boolean' },
  officer: { type: 'string' },
  today: { type: 'string' },
  year: { type: 'string' },
  prefer: { type: 'string' },
  'dry-run': { type: 'boolean' },
  project: { type: 'string' },
  claim: { type: 'string' },
  visit: { type: 'string' },
  milestone: { type: 'string' },
  report: { type: 'string' },
  lang: { type: 'string' },
  out: { type: 'string' },
  objective: { type: 'string' },
  to: { type: 'string' },
  note: { type: 'string' },
  force: { type: 'boolean' },
} as const

class UsageError extends Error {}

/** Settings that live only as long as the command: the command line never touches the app's own settings. */
class MemorySettingsStore implements SettingsStore {
  private value: Settings = { officer: null, language: 'fr', lastFile: null, recentFiles: [], seenHandovers: [] }
  read(): Settings {
    return this.value
  }
  write(next: Settings): void {
    this.value = next
  }
}

/**
 * The command line's dialogs: a save dialog answers with the path the command was given (--out,
 * backup's <dest>), an open dialog with the file it was given (check's <file>, merge's <from>),
 * every other dialog as if cancelled. Paths reach the channels only this way, as in the window.
 */
class CommandLineDialogs implements DialogService {
  answer: ((request: SaveDialogRequest) => string) | null = null
  openAnswer: string | null = null
  async saveFile(request: SaveDialogRequest): Promise<string | null> {
    return this.answer ? this.answer(request) : null
  }
  async openFile(): Promise<string | null> {
    return this.openAnswer
  }
  revealFile = noDialogs.revealFile
  openWithSystem = noDialogs.openWithSystem
}

/** The officer stamped on changes: --officer, then $AMIF_OFFICER, then the operating-system user. */
export function cliOfficerName(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (flag !== undefined) return flag
  if (env.AMIF_OFFICER) return env.AMIF_OFFICER
  let user: string
  try {
    user = os.userInfo().username
  } catch {
    user = env.USER ?? env.USERNAME ?? 'unknown'
  }
  return `command line (${user})`
}

/**
 * A channel's answer once its dialog was answered: the command line answers the save and open
 * dialogs with the paths it was given, so a cancel here is a bug, not the officer's choice.
 */
function answered<T extends { cancelled: boolean }>(result: T): Exclude<T, { cancelled: true }> {
  if (result.cancelled) throw new Error('A dialog of the command line was cancelled')
  return result as Exclude<T, { cancelled: true }>
}

function printJson(io: CliIo, value: unknown): void {
  io.stdout(`${JSON.stringify(value, null, 2)}\n`)
}

async function init(ws: Workspace, file: string, demo: boolean, officer: string, io: CliIo): Promise<number> {
  await call(ws, 'app.setOfficer', { name: officer, email: null })
  const created = await ws.create(file)
  try {
    if (demo) await call(ws, 'demo.load', {})
  } catch (err) {
    // The file is ours and was empty a moment ago: do not leave a half-made one behind.
    await ws.close()
    fs.rmSync(created.path, { force: true })
    throw err
  }
  const info = await call(ws, 'file.info', {})
  printJson(io, { ok: true, path: info.path, schemaVersion: info.schemaVersion, fileId: info.fileId, counts: info.counts })
  return EXIT_OK
}

/** One step of updating an older file, as the command line says it on stderr (stdout keeps to the command's answer). */
function migrationStepLine(progress: MigrationProgress, filePath: string): string {
  const name = path.basename(filePath)
  switch (progress.stage) {
    case 'check':
      return `updating ${name}: checking the file before updating it\n`
    case 'backup':
      return `updating ${name}: saving a copy of the file before updating it\n`
    case 'migration':
      return `updating ${name}: step ${progress.step} of ${progress.steps} (${String(progress.version).padStart(3, '0')} ${progress.name.replace(/_/g, ' ')})\n`
    case 'compact':
      return `updating ${name}: compacting the file\n`
    case 'statistics':
      return `updating ${name}: preparing the search statistics\n`
  }
}

/** How often `check` says how far the full check of a large file is (on stderr). */
const CHECK_PROGRESS_MS = 2000

/**
 * Checks a file through `file.check` (read-only, without migrating: every byte stays as it was);
 * a file refused for its schema is reported with exit 2. The full check of a large file says how
 * far it is on stderr, as a percentage.
 */
async function check(ws: Workspace, dialogs: CommandLineDialogs, file: string, io: CliIo): Promise<number> {
  dialogs.openAnswer = path.resolve(file)
  let shown = -1
  const timer = setInterval(() => {
    const p = ws.checkProgress()
    const percent = p ? Math.floor((100 * p.done) / Math.max(1, p.total)) : -1
    if (percent > shown && percent < 100) io.stderr(`checking: ${percent}%\n`)
    shown = Math.max(shown, percent)
  }, CHECK_PROGRESS_MS)
  try {
    const { cancelled: _cancelled, refused, ...report } = answered(await call(ws, 'file.check', {}))
    printJson(io, { ok: !refused, ...report })
    return refused ? EXIT_REFUSED : EXIT_OK
  } finally {
    clearInterval(timer)
  }
}

/** Imports the records of a refused file into a new file (--out), as the window's way out does. */
async function importFile(ws: Workspace, dialogs: CommandLineDialogs, file: string, out: string, json: boolean, officer: string, io: CliIo): Promise<number> {
  await call(ws, 'app.setOfficer', { name: officer, email: null })
  // As in the window: <file> is chosen in the open dialog, --out in the save dialog.
  dialogs.openAnswer = path.resolve(file)
  dialogs.answer = () => path.resolve(out)
  const { report } = answered(await call(ws, 'file.importForeign', {}))
  if (json) {
    printJson(io, { ok: true, ...report })
    return EXIT_OK
  }
  io.stdout(
    `Imported ${report.importedTotal} records into ${report.path}; ${report.refusedTotal} refused; ${report.removed.length} objects of the file left out\n`,
  )
  for (const r of report.refused) io.stdout(`refused\t${r.table}\t${r.reason}\t${r.count}\t${r.message}\n`)
  for (const d of report.removed) io.stdout(`left out\t${d.kind}\t${d.type}\t${d.name}\n`)
  return EXIT_OK
}

async function partners(ws: Workspace, file: string, json: boolean, io: CliIo): Promise<number> {
  await ws.open(file, { readOnly: true })
  const list = { rows: await invokeAllPages(ws, 'partners.list', { archived: 'all' }) }
  if (!json) {
    for (const r of list.rows) {
      const cells = [r.name, r.acronym ?? '', r.kind, r.enterpriseNumberDisplay ?? '', r.city ?? '', r.strands.join(',')]
      io.stdout(`${cells.join('\t')}${r.archived ? '\t(archived)' : ''}\n`)
    }
    return EXIT_OK
  }
  const details: PartnerDetail[] = []
  for (const r of list.rows) details.push(await call(ws, 'partners.get', { id: r.id }))
  printJson(io, { ok: true, count: details.length, partners: details })
  return EXIT_OK
}

/** `--today`, checked: a real calendar date, or today in Brussels when absent. */
function todayOption(value: string | undefined): string {
  if (value === undefined) return todayIso()
  if (!isIsoDate(value)) throw new UsageError(`--today must be a date written YYYY-MM-DD, not "${value}".`)
  return value
}

/** Amounts in euros with two decimals, for the text output. */
function euros(cents: number): string {
  return (cents / 100).toFixed(2)
}

async function summary(ws: Workspace, file: string, json: boolean, today: string, io: CliIo): Promise<number> {
  await ws.open(file, { readOnly: true })
  const d = await call(ws, 'dashboard.summary', { today })
  const objectives = d.objectives.map((o) => ({
    code: o.code,
    projects: o.projects,
    eligibleCents: o.eligibleCents,
    euCents: o.euCents,
    paidCents: o.paidCents,
    milestones: { total: o.milestones.total, done: o.milestones.done, late: o.milestones.late },
    indicatorAchievementPct: o.indicatorAchievementPct,
    rag: o.rag,
  }))
  if (json) {
    printJson(io, { today: d.today, objectives })
    return EXIT_OK
  }
  io.stdout(`Today: ${d.today}\n`)
  for (const o of objectives) {
    io.stdout(
      `${o.code}\t${o.projects} projects\teligible ${euros(o.eligibleCents)}\tEU ${euros(o.euCents)}\tpaid ${euros(o.paidCents)}\tmilestones ${o.milestones.done}/${o.milestones.total} done, ${o.milestones.late} late\n`,
    )
  }
  return EXIT_OK
}

/** `--year`, checked: four digits (null when absent: everything measured so far). */
function yearOption(value: string | undefined): number | null {
  if (value === undefined) return null
  if (!/^\d{4}$/.test(value) || Number(value) < 2000 || Number(value) > 2100) throw new UsageError(`--year takes a year written YYYY, not "${value}".`)
  return Number(value)
}

/** The indicator figures of the annual performance report, read-only. */
async function indicators(ws: Workspace, file: string, json: boolean, year: number | null, io: CliIo): Promise<number> {
  await ws.open(file, { readOnly: true })
  const figures = await call(ws, 'reference.indicatorFigures', { year })
  const objectives = figures.objectives.map((o) => ({
    code: o.code,
    indicators: o.indicators.map((i) => ({
      code: i.code,
      type: i.type,
      label: i.labelEn,
      unit: i.unit,
      aboutPersons: i.aboutPersons,
      projects: i.projects,
      value: i.value,
      breakdown: i.breakdown && {
        age: { under18: i.breakdown.ageUnder18, from18to60: i.breakdown.age18to60, over60: i.breakdown.ageOver60 },
        gender: { female: i.breakdown.female, male: i.breakdown.male, nonBinary: i.breakdown.nonBinary, unknown: i.breakdown.genderUnknown },
        notRecorded: i.notRecorded,
      },
    })),
  }))
  if (json) {
    printJson(io, { year: figures.year, until: figures.until, objectives })
    return EXIT_OK
  }
  io.stdout(`Cumulative values${figures.until ? ` up to ${figures.until}` : ''}\n`)
  for (const o of objectives) {
    for (const i of o.indicators) {
      const b = i.breakdown
      const parts = b
        ? `\t<18 ${b.age.under18}, 18-60 ${b.age.from18to60}, >60 ${b.age.over60}; female ${b.gender.female}, male ${b.gender.male}, non-binary ${b.gender.nonBinary}, unknown ${b.gender.unknown}${b.notRecorded ? `; not recorded ${b.notRecorded}` : ''}`
        : ''
      io.stdout(`${o.code}\t${i.code}\t${i.type}\t${i.value} ${i.unit}\t${i.projects} projects${parts}\n`)
    }
  }
  return EXIT_OK
}

async function projects(ws: Workspace, file: string, json: boolean, today: string, io: CliIo): Promise<number> {
  await ws.open(file, { readOnly: true })
  const rows = await invokeAllPages(ws, 'projects.list', { today })
  const list = rows.map((r) => ({
    code: r.code,
    title: r.title,
    beneficiary: r.beneficiaryName,
    objective: r.objectiveCode,
    strand: r.strand,
    status: r.status,
    startDate: r.startDate,
    endDate: r.endDate,
    eligibleCents: r.eligibleCents,
    euRate: r.euRateBp / 100,
    euCents: r.euCents,
    ownCents: r.ownCents,
    paidCents: r.paidCents,
    rag: r.rag,
  }))
  if (json) {
    printJson(io, list)
    return EXIT_OK
  }
  for (const p of list) {
    io.stdout(`${[p.code, p.objective, p.status, p.rag, euros(p.eligibleCents), `${p.euRate} %`, euros(p.euCents), euros(p.paidCents), p.title].join('\t')}\n`)
  }
  return EXIT_OK
}

/** Payment claims across projects (or of one), by days left on the 80-day clock, read-only. */
async function claims(ws: Workspace, file: string, json: boolean, projectCode: string | undefined, today: string, io: CliIo): Promise<number> {
  await ws.open(file, { readOnly: true })
  const projectId = projectCode === undefined ? undefined : await projectIdByCode(ws, projectCode)
  // A page at a time, as the window reads it.
  const rows = await invokeAllPages(ws, 'claims.list', { projectId, today })
  const list = rows.map((r) => ({
    id: r.id,
    project: r.projectCode,
    kind: r.kind,
    reference: r.reference,
    periodStart: r.periodStart,
    periodEnd: r.periodEnd,
    submittedOn: r.submittedOn,
    status: r.status,
    lines: r.lineCount,
    declaredCents: r.declaredCents,
    acceptedCents: r.acceptedCents,
    ineligibleCents: r.ineligibleCents,
    payableCents: r.payableCents,
    daysLeft: r.status === 'paid' || r.status === 'withdrawn' ? null : r.clock.daysLeft,
    clockStopped: r.clock.stopped,
    overdue: r.status !== 'paid' && r.status !== 'withdrawn' && r.clock.overdue,
    dueOn: r.status === 'paid' || r.status === 'withdrawn' ? null : r.clock.dueOn,
  }))
  if (json) {
    printJson(io, { today, claims: list })
    return EXIT_OK
  }
  io.stdout(`${['project', 'kind', 'reference', 'submitted', 'status', 'declared', 'accepted', 'ineligible', 'payable', 'days left'].join('\t')}\n`)
  for (const c of list) {
    const days = c.daysLeft === null ? '-' : c.clockStopped ? `${c.daysLeft} (stopped)` : c.overdue ? `${c.daysLeft} (overdue)` : String(c.daysLeft)
    io.stdout(
      `${[c.project, c.kind, c.reference ?? '-', c.submittedOn, c.status, euros(c.declaredCents), euros(c.acceptedCents), euros(c.ineligibleCents), euros(c.payableCents), days].join('\t')}\n`,
    )
  }
  return EXIT_OK
}

/** `--prefer`, checked: mine or theirs, or absent. */
function preferOption(value: string | undefined): Choice | undefined {
  if (value === undefined) return undefined
  if (value !== 'mine' && value !== 'theirs') throw new UsageError(`--prefer takes mine or theirs, not "${value}".`)
  return value
}

const NOTHING_TO_MERGE = 'Nothing to merge: the other file holds nothing this one does not have.'

/**
 * Merges <from> into <into>: applies what does not conflict (conflicts too with --prefer) and
 * reports it. A dry run opens <into> read-only and writes nothing, not even a backup.
 */
async function merge(
  ws: Workspace,
  dialogs: CommandLineDialogs,
  into: string,
  from: string,
  options: { json: boolean; prefer: Choice | undefined; dryRun: boolean; officer: string },
  io: CliIo,
): Promise<number> {
  // A dry run stamps nothing: no officer is needed (nor checked) for it.
  if (!options.dryRun) await call(ws, 'app.setOfficer', { name: options.officer, email: null })
  await ws.open(into, { readOnly: options.dryRun })
  // As in the window: merge.preview has <from> chosen (in the open dialog), merge.apply merges it.
  dialogs.openAnswer = path.resolve(from)
  answered(await call(ws, 'merge.preview', {}))
  const decisions = { resolutions: {}, prefer: options.prefer }
  const r = options.dryRun ? await call(ws, 'merge.dryRun', decisions) : await call(ws, 'merge.apply', decisions)
  const report = {
    ok: true,
    dryRun: r.dryRun,
    sameIdentity: r.sameIdentity,
    added: r.added,
    updated: r.updated,
    deleted: r.deleted,
    resolved: r.resolved,
    conflicts: r.conflicts,
    backupPath: r.backupPath,
    mergeId: r.mergeId,
    nothingToMerge: r.nothingToMerge,
    message: r.nothingToMerge ? NOTHING_TO_MERGE : null,
    refused: r.refused.map((x) => ({
      table: x.table,
      entity: x.entity,
      id: x.id,
      label: x.label,
      projectCode: x.projectCode,
      reason: x.reason,
      field: x.field,
      detail: x.detail,
    })),
  }
  if (options.json) {
    printJson(io, report)
    return EXIT_OK
  }
  if (r.nothingToMerge) io.stdout(`${NOTHING_TO_MERGE}\n`)
  else
    io.stdout(
      `${r.dryRun ? 'Would add' : 'Added'} ${r.added}, updated ${r.updated}, deleted ${r.deleted}; ${r.resolved} conflicts resolved, ${r.conflicts.length} left${r.backupPath ? `; backup: ${r.backupPath}` : ''}\n`,
    )
  for (const c of r.conflicts) io.stdout(`${[c.kind, c.entity, c.projectCode ?? '', c.label, c.reason].join('\t')}\n`)
  if (r.refused.length > 0) io.stdout(`Refused ${r.refused.length} rows of ${path.basename(from)} (not merged):\n`)
  for (const x of r.refused) io.stdout(`${['refused', x.entity, x.projectCode ?? '', x.label, `${x.reason}: ${x.detail}`].join('\t')}\n`)
  return EXIT_OK
}

/**
 * A copy of the file at `dest` with its identity (a backup to restore in its place): read-only,
 * without a lock, so it works while an officer has the file open for writing; never over an
 * existing file. A file with an interrupted transaction is copied as it is once rolled back.
 */
async function calendar(
  ws: Workspace,
  dialogs: CommandLineDialogs,
  file: string,
  values: { out?: string; officer?: string; lang?: string; today?: string },
  io: CliIo,
): Promise<number> {
  const out = required(values.out, 'out', 'calendar')
  const language = langOption(values.lang)
  const today = todayOption(values.today)
  await ws.open(file, { readOnly: true })
  dialogs.answer = () => path.resolve(out)
  const written = answered(await call(ws, 'calendar.export', { language, officer: values.officer ?? null, today }))
  printJson(io, { ok: true, path: written.path, events: written.events, language })
  return EXIT_OK
}

async function backup(ws: Workspace, dialogs: CommandLineDialogs, file: string, dest: string, io: CliIo): Promise<number> {
  await ws.open(file, { inspectOnly: true })
  dialogs.answer = () => path.resolve(dest)
  const copy = answered(await call(ws, 'file.saveCopy', { newIdentity: false, replace: false }))
  printJson(io, { ok: true, path: copy.path, bytes: copy.bytes, integrity: copy.integrity, fileId: copy.fileId, sourceFileId: copy.sourceFileId })
  return EXIT_OK
}

function parse(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: PARSE_OPTIONS, allowPositionals: true, strict: true })
  } catch (err) {
    throw new UsageError((err as Error).message)
  }
}

/** `--lang`, checked: fr, nl or en (French when absent). */
function langOption(value: string | undefined): DocLanguage {
  if (value === undefined) return 'fr'
  if (!(DOC_LANGUAGES as readonly string[]).includes(value)) throw new UsageError(`--lang takes fr, nl or en, not "${value}".`)
  return value as DocLanguage
}

/** A required option's value, or a usage error naming it. */
function required(value: string | undefined, name: string, command: string): string {
  if (value === undefined || value.trim() === '') throw new UsageError(`${command} needs --${name}.`)
  return value
}

interface PdfOptions {
  project: string | null
  claim: string | null
  visit: string | null
  milestone: string | null
  report: ReportRef | null
  /** null: the contact's language (reminder letters only). */
  lang: DocLanguage | null
  out: string
  objective: ObjectiveCode | null
  officer: string
  today: string
}

/** `--report`: `final` or `progress-<n>` (n from 1), or a usage error. */
function reportOption(value: string | undefined): ReportRef | null {
  if (value === undefined) return null
  if (value === 'final') return { kind: 'final', number: null }
  const progress = /^progress-([1-9][0-9]?)$/.exec(value)
  if (!progress) throw new UsageError(`--report takes final or progress-<n>, not "${value}".`)
  return { kind: 'progress', number: Number(progress[1]) }
}

function pdfOptions(kind: PdfKind, values: ReturnType<typeof parse>['values']): PdfOptions {
  const objective = values.objective
  if (objective !== undefined && !(OBJECTIVE_CODES as readonly string[]).includes(objective)) {
    throw new UsageError(`--objective takes SO1, SO2, SO3 or SO4, not "${objective}".`)
  }
  return {
    project: values.project ?? null,
    claim: values.claim ?? null,
    visit: values.visit ?? null,
    milestone: values.milestone ?? null,
    report: reportOption(values.report),
    // A reminder letter goes in its contact's language unless --lang names one.
    lang: kind === 'reminder' && (values.lang === undefined || values.lang === 'contact') ? null : langOption(values.lang),
    out: required(values.out, 'out', 'pdf'),
    objective: (objective as ObjectiveCode | undefined) ?? null,
    officer: cliOfficerName(values.officer),
    today: todayOption(values.today),
  }
}

/** The id of the project with this code (codes are kept in capitals), or NOT_FOUND. */
async function projectIdByCode(ws: Workspace, code: string): Promise<string> {
  const wanted = code.trim().toUpperCase()
  const rows = await invokeAllPages(ws, 'projects.list', { q: wanted })
  const found = rows.find((r) => r.code === wanted)
  if (!found) throw new AppError('NOT_FOUND', `No project with the code ${wanted}`, { entity: 'project', code: wanted })
  return found.id
}

/**
 * Produces a document as the window does (a draft in the file's register) and writes it to
 * --out: prints its path, page count, size and SHA-256.
 */
async function pdf(ws: Workspace, dialogs: CommandLineDialogs, kind: PdfKind, file: string, o: PdfOptions, io: CliIo): Promise<number> {
  const byProject = kind === 'agreement' || kind === 'report'
  if (byProject && !o.project) throw new UsageError(`pdf ${kind} needs --project <code>.`)
  if (!byProject && kind !== 'reminder' && o.project) throw new UsageError(`--project does not apply to pdf ${kind}.`)
  if (kind === 'reminder') {
    if (o.milestone && (o.project || o.report)) throw new UsageError('pdf reminder takes --milestone <id> or --project <code> with --report, not both.')
    if (!o.milestone && !o.project && !o.report)
      throw new UsageError('pdf reminder needs --milestone <id>, or --project <code> with --report final|progress-<n>.')
    if (o.project && !o.report) throw new UsageError('pdf reminder needs --report final|progress-<n> with --project.')
    if (o.report && !o.project) throw new UsageError('pdf reminder needs --project <code> with --report.')
  } else {
    if (o.milestone) throw new UsageError(`--milestone does not apply to pdf ${kind}.`)
    if (o.report) throw new UsageError(`--report does not apply to pdf ${kind}.`)
  }
  if (kind !== 'programme' && o.objective) throw new UsageError(`--objective does not apply to pdf ${kind}.`)
  if (kind === 'verification' && !o.claim) throw new UsageError('pdf verification needs --claim <id>.')
  if (kind !== 'verification' && o.claim) throw new UsageError(`--claim does not apply to pdf ${kind}.`)
  if (kind === 'visit' && !o.visit) throw new UsageError('pdf visit needs --visit <id>.')
  if (kind !== 'visit' && o.visit) throw new UsageError(`--visit does not apply to pdf ${kind}.`)
  await call(ws, 'app.setOfficer', { name: o.officer, email: null })
  await ws.open(file)
  const lang = o.lang ?? 'fr'
  const doc =
    kind === 'reminder'
      ? await call(ws, 'documents.generateReminder', {
          ...(o.milestone ? { milestoneId: o.milestone } : { reportId: reportSubjectId(await projectIdByCode(ws, o.project!), o.report!) }),
          language: o.lang,
          today: o.today,
        })
      : kind === 'programme'
        ? await call(ws, 'documents.generateProgramme', { language: lang, objective: o.objective, today: o.today })
        : kind === 'verification'
          ? await call(ws, 'documents.generateVerification', { kind: 'verification_report', claimId: o.claim!, language: lang, today: o.today })
          : kind === 'visit'
            ? await call(ws, 'documents.generateVerification', { kind: 'visit_report', visitId: o.visit!, language: lang, today: o.today })
            : await call(ws, 'documents.generate', { projectId: await projectIdByCode(ws, o.project!), kind, language: lang, today: o.today })
  dialogs.answer = () => path.resolve(o.out)
  const saved = answered(await call(ws, 'documents.save', { id: doc.id, open: false }))
  printJson(io, {
    ok: true,
    path: saved.path,
    pageCount: doc.pageCount,
    bytes: saved.bytes,
    sha256: saved.sha256,
    kind: doc.kind,
    project: doc.projectCode,
    subject: doc.subjectId,
    language: doc.language,
    reference: doc.reference,
    version: doc.version,
    status: doc.status,
  })
  return EXIT_OK
}

interface HandoverOptions {
  to: string
  note: string
  out: string
  lang: DocLanguage
  officer: string
  today: string
  force: boolean
}

function handoverOptions(values: ReturnType<typeof parse>['values']): HandoverOptions {
  return {
    to: required(values.to, 'to', 'handover'),
    note: required(values.note, 'note', 'handover'),
    out: required(values.out, 'out', 'handover'),
    lang: langOption(values.lang),
    officer: cliOfficerName(values.officer),
    today: todayOption(values.today),
    force: values.force ?? false,
  }
}

/** Hands the file over as the window's wizard does: the copy and its summary PDF in --out. */
async function handover(ws: Workspace, dialogs: CommandLineDialogs, file: string, o: HandoverOptions, io: CliIo): Promise<number> {
  await call(ws, 'app.setOfficer', { name: o.officer, email: null })
  await ws.open(file)
  const folder = path.resolve(o.out)
  fs.mkdirSync(folder, { recursive: true })
  dialogs.answer = (request) => {
    // No dialog asks before replacing: an existing copy is refused unless --force.
    const dest = path.join(folder, request.defaultName)
    if (!o.force && fs.existsSync(dest)) throw new AppError('FILE_EXISTS', `${dest} already exists (--force replaces it)`, { path: dest })
    return dest
  }
  const r = answered(
    await call(ws, 'handover.write', {
      values: { toName: o.to, note: o.note },
      language: o.lang,
      today: o.today,
      replaceSummary: o.force,
    }),
  )
  printJson(io, {
    ok: true,
    path: r.path,
    bytes: r.bytes,
    fileId: r.fileId,
    integrity: r.integrity,
    summary: { path: r.pdfPath, bytes: r.pdfBytes, pageCount: r.pageCount },
    openItems: r.openItems.length,
  })
  return EXIT_OK
}

/** Commands that take a second file: merge (the file changes are taken from), backup (where the copy goes). */
const SECOND_FILE: Partial<Record<Command, string>> = { merge: 'a second file: the file to take changes from', backup: 'a destination file' }

/** The documents `pdf` produces. */
const PDF_KINDS = ['agreement', 'report', 'programme', 'verification', 'visit', 'reminder'] as const
type PdfKind = (typeof PDF_KINDS)[number]

/** Commands with a kind before the file: `pdf agreement|report|programme|verification|visit|reminder <file>`. */
const KINDS: Partial<Record<Command, readonly string[]>> = { pdf: PDF_KINDS }

function commandOf(positionals: string[], values: Record<string, unknown>): { command: Command; kind: string | null; file: string; second: string | null } {
  const [name, ...rest] = positionals
  if (!name) throw new UsageError('No command given.')
  if (!Object.prototype.hasOwnProperty.call(COMMAND_OPTIONS, name)) throw new UsageError(`Unknown command: ${name}`)
  const command = name as Command
  const kinds = KINDS[command]
  const kind = kinds ? (rest.shift() ?? null) : null
  if (kinds && (!kind || !kinds.includes(kind))) throw new UsageError(`${command} needs a kind: ${kinds.join(', ')}.`)
  const [file, ...extra] = rest
  if (!file) throw new UsageError(`${command} needs a file.`)
  const secondNeeded = SECOND_FILE[command]
  const second = secondNeeded ? (extra.shift() ?? null) : null
  if (secondNeeded && !second) throw new UsageError(`${command} needs ${secondNeeded}.`)
  if (extra.length > 0) throw new UsageError(`Unexpected argument: ${extra[0]}`)
  const allowed: readonly string[] = COMMAND_OPTIONS[command]
  const misplaced = Object.keys(values).find((k) => values[k] !== undefined && !allowed.includes(k))
  if (misplaced) throw new UsageError(`--${misplaced} does not apply to ${command}.`)
  return { command, kind, file, second }
}

/**
 * Runs one command line (the arguments after the program name, or after `--headless` in the
 * packaged app) through the same API handlers as the window. Returns the exit code; never throws
 * and never prints a stack trace.
 */
export async function runCli(argv: string[], io: CliIo, options: CliOptions = {}): Promise<number> {
  if (isClaimsImportCommand(argv) && !argv.includes('--help') && !argv.includes('-h')) return claimsImportCli(argv, io, options)
  let parsed: ReturnType<typeof parse>
  let command: Command
  let kind: string | null
  let file: string
  let second: string | null
  try {
    parsed = parse(argv)
    if (parsed.values.help) {
      io.stdout(USAGE)
      return EXIT_OK
    }
    ;({ command, kind, file, second } = commandOf(parsed.positionals, parsed.values))
  } catch (err) {
    io.stderr(`${err instanceof UsageError ? err.message : String(err)}\n\n${USAGE}`)
    return EXIT_FAILURE
  }

  const dialogs = new CommandLineDialogs()
  const ws = new Workspace({
    settings: new MemorySettingsStore(),
    dialogs,
    documentsDir: os.homedir(),
    appVersion: options.appVersion ?? packageJson.version,
    renderer: options.renderer,
    onMigrationProgress: (progress, filePath) => io.stderr(migrationStepLine(progress, filePath)),
  })
  try {
    switch (command) {
      case 'init':
        return await init(ws, file, parsed.values.demo ?? false, cliOfficerName(parsed.values.officer), io)
      case 'check':
        return await check(ws, dialogs, file, io)
      case 'import':
        return await importFile(
          ws,
          dialogs,
          file,
          required(parsed.values.out, 'out', 'import'),
          parsed.values.json ?? false,
          cliOfficerName(parsed.values.officer),
          io,
        )
      case 'partners':
        return await partners(ws, file, parsed.values.json ?? false, io)
      case 'summary':
        return await summary(ws, file, parsed.values.json ?? false, todayOption(parsed.values.today), io)
      case 'projects':
        return await projects(ws, file, parsed.values.json ?? false, todayOption(parsed.values.today), io)
      case 'indicators':
        return await indicators(ws, file, parsed.values.json ?? false, yearOption(parsed.values.year), io)
      case 'merge':
        return await merge(
          ws,
          dialogs,
          file,
          second!,
          {
            json: parsed.values.json ?? false,
            prefer: preferOption(parsed.values.prefer),
            dryRun: parsed.values['dry-run'] ?? false,
            officer: cliOfficerName(parsed.values.officer),
          },
          io,
        )
      case 'backup':
        return await backup(ws, dialogs, file, second!, io)
      case 'pdf':
        return await pdf(ws, dialogs, kind as PdfKind, file, pdfOptions(kind as PdfKind, parsed.values), io)
      case 'handover':
        return await handover(ws, dialogs, file, handoverOptions(parsed.values), io)
      case 'calendar':
        return await calendar(ws, dialogs, file, parsed.values, io)
      case 'claims':
        return await claims(ws, file, parsed.values.json ?? false, parsed.values.project, todayOption(parsed.values.today), io)
    }
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`${err.message}\n\n${USAGE}`)
      return EXIT_FAILURE
    }
    const payload: ApiErrorPayload = toErrorPayload(err)
    printJson(io, { ok: false, code: payload.code, message: payload.message })
    return payload.code === 'INTERNAL' ? EXIT_FAILURE : EXIT_REFUSED
  } finally {
    await ws.close().catch(() => undefined)
  }
}

/** `claims import` and `claims template` (electron/cli/claims-import.ts), with the same workspace, dialogs and exit codes. */
async function claimsImportCli(argv: string[], io: CliIo, options: CliOptions): Promise<number> {
  const dialogs = new CommandLineDialogs()
  const ws = new Workspace({
    settings: new MemorySettingsStore(),
    dialogs,
    documentsDir: os.homedir(),
    appVersion: options.appVersion ?? packageJson.version,
    renderer: options.renderer,
    onMigrationProgress: (progress, filePath) => io.stderr(migrationStepLine(progress, filePath)),
  })
  try {
    return await runClaimsImport(argv, { ws, dialogs, officerName: (flag) => cliOfficerName(flag), stdout: (text) => io.stdout(text) })
  } catch (err) {
    if (err instanceof ClaimsUsageError) {
      io.stderr(`${err.message}\n\n${USAGE}`)
      return EXIT_FAILURE
    }
    const payload: ApiErrorPayload = toErrorPayload(err)
    printJson(io, { ok: false, code: payload.code, message: payload.message })
    return payload.code === 'INTERNAL' ? EXIT_FAILURE : EXIT_REFUSED
  } finally {
    await ws.close().catch(() => undefined)
  }
}
