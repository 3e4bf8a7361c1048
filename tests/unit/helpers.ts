/**
 * Shared helpers for the unit tests: temp folders, byte-level file snapshots, a Workspace wired
 * like main's (settings, dialogs, documents folder) and makers for every kind of bad file.
 */
import { createHash, randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { expect, inject, onTestFinished } from 'vitest'
// The type of what the global setup provides (inject('tempRoot')), for every program that compiles these helpers.
import type {} from '../temp-root'
import type { Officer } from '../../database/audit'
import { createAmifFile } from '../../database/file'
import { nowTimestamp } from '../../database/domain/dates'
import { newId } from '../../database/ids'
import { DEMO_PARTNERS, loadDemoData } from '../../database/demo'
import { DEMO_CALLS, DEMO_PROJECTS, STATUS_PATHS } from '../../database/demo/projects'
import { DEMO_CLAIMS, DEMO_MAPPINGS, DEMO_VISITS } from '../../database/demo/claims'
import { LATEST_VERSION } from '../../database/migrations'
import { referenceId } from '../../database/migrations/data/reference-2021-2027'
import { writeSnapshot } from '../../database/file/snapshot'
import { asWritable } from '../../database/writable'
import { parseVv, vvText } from '../../database/merge/vv'
import type { DialogService, OpenDialogRequest, SaveDialogRequest } from '../../electron/api/dialogs'
import type { ErrorCode } from '../../database/domain/errors'
import { invoke, invokeOk, type ApiInput, type ApiOutput } from '../../electron/api/index'
import { JsonSettingsStore } from '../../electron/api/settings'
import { Workspace, type WorkspaceOptions } from '../../electron/api/workspace'

export const APP_VERSION = '0.1.0-test'
export const OFFICER: Officer = { name: 'Élise Test-Officer', email: 'elise.officer@example.org' }

/** A fresh folder under the system temp folder, removed when the current test ends. */
export function tempDir(prefix = 'amif-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix))
  onTestFinished(() => fs.rmSync(dir, { recursive: true, force: true }))
  return dir
}

export function sha256(filePath: string): string {
  return createHash('sha256').update(fs.readFileSync(filePath)).digest('hex')
}

/** What a file looks like on disk: its bytes' hash (null when absent) and the names beside it. */
export interface FileSnapshot {
  hash: string | null
  siblings: string[]
}

export function snapshot(filePath: string): FileSnapshot {
  const exists = fs.existsSync(filePath)
  return {
    hash: !exists ? null : fs.statSync(filePath).isDirectory() ? `directory: ${fs.readdirSync(filePath).sort().join(', ')}` : sha256(filePath),
    siblings: fs.readdirSync(path.dirname(filePath)).sort(),
  }
}

/** Asserts the file is byte-identical and that nothing (no -journal, no -wal) appeared beside it. */
export function expectUntouched(filePath: string, before: FileSnapshot): void {
  const after = snapshot(filePath)
  expect(after.hash).toBe(before.hash)
  expect(after.siblings).toEqual(before.siblings)
  expect(after.siblings.filter((n) => /-(journal|wal|shm)$/.test(n))).toEqual([])
}

/**
 * The files makeAmifFile copies, made once per test process: creating a file runs every migration
 * and a VACUUM (a fifth of a second), loading the demonstration data as much again. They live in
 * the run's temp folder (tests/temp-root.ts), which the run removes when it ends.
 */
const templates = new Map<'empty' | 'demo', Promise<string>>()
let templateDir: string | null = null

function template(kind: 'empty' | 'demo'): Promise<string> {
  let made = templates.get(kind)
  if (!made) {
    templateDir ??= fs.mkdtempSync(path.join(inject('tempRoot'), 'templates-'))
    const filePath = path.join(templateDir, `${kind}.amif`)
    made = (async () => {
      const file = asWritable(createAmifFile(filePath, { appVersion: APP_VERSION }))
      try {
        if (kind === 'demo') await loadDemoData(file.db, OFFICER)
      } finally {
        await file.close()
      }
      return filePath
    })()
    templates.set(kind, made)
  }
  return made
}

/**
 * Gives a copy of a template a file id of its own, as a newly created file has: in its meta record
 * and in the version vectors that counted its records (and tombstones) as made in the template.
 */
function ownIdentity(filePath: string): void {
  const db = new Database(filePath, { fileMustExist: true })
  try {
    const old = db.prepare('SELECT file_id FROM meta WHERE id = 1').pluck().get() as string
    const fresh = newId()
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[]
    db.transaction(() => {
      db.prepare('UPDATE meta SET file_id = ?, created_at = ? WHERE id = 1').run(fresh, nowTimestamp())
      for (const table of tables) {
        if (!(db.prepare(`PRAGMA table_info("${table}")`).all() as { name: string }[]).some((c) => c.name === 'sync_vv')) continue
        db.prepare(`UPDATE "${table}" SET sync_vv = replace(sync_vv, ?, ?) WHERE instr(sync_vv, ?) > 0`).run(`"${old}"`, `"${fresh}"`, `"${old}"`)
      }
    })()
  } finally {
    db.close()
  }
}

/**
 * A current `.amif` file (optionally with the demonstration data, stamped by OFFICER), closed: a
 * copy of a file created once per test process with its own file id. The demonstration records
 * therefore have the same ids and timestamps in every such file of a process, as in copies of one
 * file; a test about creating a file calls createAmifFile or `file.new`.
 */
export async function makeAmifFile(filePath: string, options: { demo?: boolean } = {}): Promise<string> {
  const source = await template(options.demo ? 'demo' : 'empty')
  fs.mkdirSync(path.dirname(filePath), { recursive: true })
  fs.copyFileSync(source, filePath, fs.constants.COPYFILE_EXCL)
  ownIdentity(filePath)
  return filePath
}

/**
 * Opens a new file in the workspace, as `file.new` does (an empty file at the latest schema, locked
 * by this workspace), from makeAmifFile's copy instead of migrating again; with the demonstration
 * data (stamped by OFFICER) when asked, as `demo.load` puts it there.
 */
export async function openNewFile(ws: Workspace, filePath: string, options: { demo?: boolean } = {}): Promise<string> {
  await ws.open(await makeAmifFile(filePath, options))
  return filePath
}

export { makeFileAtVersion } from '../fixtures/older-files'

/** The schema as SQLite records it, for comparing two files. */
export function schemaOf(filePath: string): { type: string; name: string; tbl_name: string; sql: string | null }[] {
  const db = new Database(filePath, { readonly: true, fileMustExist: true })
  try {
    return db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name').all() as {
      type: string
      name: string
      tbl_name: string
      sql: string | null
    }[]
  } finally {
    db.close()
  }
}

/** Reads header fields and pragmas of a file through a read-only connection. */
export function pragmasOf(filePath: string): { applicationId: number; userVersion: number; journalMode: string } {
  const db = new Database(filePath, { readonly: true, fileMustExist: true })
  try {
    return {
      applicationId: db.pragma('application_id', { simple: true }) as number,
      userVersion: db.pragma('user_version', { simple: true }) as number,
      journalMode: db.pragma('journal_mode', { simple: true }) as string,
    }
  } finally {
    db.close()
  }
}

/** Counts rows of a table with a plain read-only connection (independent of the code under test). */
export function countRows(filePath: string, table: string): number {
  const db = new Database(filePath, { readonly: true, fileMustExist: true })
  try {
    return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n
  } finally {
    db.close()
  }
}

// ---------------------------------------------------------------------------------------------
// Bad files: each maker writes one into `dir` and returns its path.

function pageSizeOf(bytes: Buffer): number {
  const raw = bytes.readUInt16BE(16)
  return raw === 1 ? 65536 : raw
}

/**
 * A real file whose index b-tree page was damaged while its header stayed valid: one name in
 * the `organisations_name` index page is overwritten, so the index no longer matches the table
 * and `PRAGMA integrity_check` fails (as after a bad sector or a half-copied page).
 */
export async function makeCorruptFile(filePath: string): Promise<string> {
  await makeAmifFile(filePath, { demo: true })
  const db = new Database(filePath, { readonly: true })
  const { rootpage } = db.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'organisations_name'").get() as { rootpage: number }
  db.close()
  const bytes = fs.readFileSync(filePath)
  const pageSize = pageSizeOf(bytes)
  const start = (rootpage - 1) * pageSize
  const page = bytes.subarray(start, start + pageSize)
  const original = Buffer.from('Rode Kruis Vlaanderen', 'utf8')
  const at = page.indexOf(original)
  if (at < 0) throw new Error('demo name not found in the index page')
  Buffer.from('Aode Kruis Vlaanderen', 'utf8').copy(page, at)
  fs.writeFileSync(filePath, bytes)
  return filePath
}

export interface BadFile {
  label: string
  code: ErrorCode
  make(dir: string): Promise<string>
}

/** Every kind of file AMIF Desk must refuse without changing a byte, with its error code. */
export const BAD_FILES: readonly BadFile[] = [
  {
    label: 'a missing file',
    code: 'FILE_NOT_FOUND',
    make: async (dir) => path.join(dir, 'missing.amif'),
  },
  {
    label: 'an empty file',
    code: 'FILE_EMPTY',
    make: async (dir) => {
      const p = path.join(dir, 'empty.amif')
      fs.writeFileSync(p, '')
      return p
    },
  },
  {
    label: 'random bytes',
    code: 'NOT_SQLITE',
    make: async (dir) => {
      const p = path.join(dir, 'random.amif')
      fs.writeFileSync(p, Buffer.concat([Buffer.from('PK\x03\x04'), randomBytes(8188)]))
      return p
    },
  },
  {
    label: 'a directory named like a file',
    code: 'NOT_SQLITE',
    make: async (dir) => {
      const p = path.join(dir, 'folder.amif')
      fs.mkdirSync(p)
      fs.writeFileSync(path.join(p, 'inside.txt'), 'a folder, not a database')
      return p
    },
  },
  {
    label: 'a text file',
    code: 'NOT_SQLITE',
    make: async (dir) => {
      const p = path.join(dir, 'notes.amif')
      fs.writeFileSync(p, 'Partenaires AMIF : Fedasil, Caritas, OIM\n')
      return p
    },
  },
  {
    label: 'a file cut inside the SQLite header',
    code: 'FILE_TRUNCATED',
    make: async (dir) => {
      const p = await makeAmifFile(path.join(dir, 'header-only.amif'))
      fs.truncateSync(p, 60)
      return p
    },
  },
  {
    label: 'a real file cut in the middle of a page',
    code: 'FILE_TRUNCATED',
    make: async (dir) => {
      const p = await makeAmifFile(path.join(dir, 'cut.amif'), { demo: true })
      fs.truncateSync(p, Math.floor(fs.statSync(p).size / 2) + 123)
      return p
    },
  },
  {
    label: 'a real file cut at a page boundary',
    code: 'FILE_TRUNCATED',
    make: async (dir) => {
      const p = await makeAmifFile(path.join(dir, 'cut-page.amif'), { demo: true })
      const pageSize = pageSizeOf(fs.readFileSync(p))
      fs.truncateSync(p, pageSize * 2)
      return p
    },
  },
  {
    label: "another application's SQLite database",
    code: 'FOREIGN_FILE',
    make: async (dir) => {
      const p = path.join(dir, 'other-app.amif')
      const db = new Database(p)
      db.exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('hello')")
      db.close()
      return p
    },
  },
  {
    label: 'a file from a newer AMIF Desk',
    code: 'NEWER_VERSION',
    make: async (dir) => {
      const p = await makeAmifFile(path.join(dir, 'newer.amif'))
      const db = new Database(p)
      db.pragma(`user_version = ${LATEST_VERSION + 1}`)
      db.close()
      return p
    },
  },
  {
    label: 'a file that fails the integrity check',
    code: 'CORRUPT',
    make: (dir) => makeCorruptFile(path.join(dir, 'corrupt.amif')),
  },
]

// ---------------------------------------------------------------------------------------------
// Workspace and API.

/** Dialogs for tests: the next save path is set by the test (null = the officer cancels). */
export class FakeDialogs implements DialogService {
  nextSavePath: string | null = null
  nextOpenPath: string | null = null
  saveRequests: SaveDialogRequest[] = []
  revealed: string[] = []

  async saveFile(request: SaveDialogRequest): Promise<string | null> {
    this.saveRequests.push(request)
    return this.nextSavePath
  }

  async openFile(_request: OpenDialogRequest): Promise<string | null> {
    return this.nextOpenPath
  }

  async revealFile(filePath: string): Promise<void> {
    this.revealed.push(filePath)
  }

  opened: string[] = []

  async openWithSystem(filePath: string): Promise<void> {
    this.opened.push(filePath)
  }
}

export interface TestWorkspace {
  ws: Workspace
  dir: string
  documentsDir: string
  settings: JsonSettingsStore
  dialogs: FakeDialogs
}

/**
 * A Workspace as main builds one, in a temp folder: settings in `<dir>/userData`, documents in
 * `<dir>/Documents`. The officer is set unless `officer: null`. Closed when the test ends.
 */
export function testWorkspace(
  options: { dir?: string; officer?: Officer | null } & Pick<WorkspaceOptions, 'renderer' | 'checkInBackground' | 'onMigrationProgress'> = {},
): TestWorkspace {
  const dir = options.dir ?? tempDir()
  const settings = new JsonSettingsStore(path.join(dir, 'userData', 'settings.json'))
  const dialogs = new FakeDialogs()
  const documentsDir = path.join(dir, 'Documents')
  const { renderer, checkInBackground, onMigrationProgress } = options
  const ws = new Workspace({ settings, dialogs, documentsDir, appVersion: APP_VERSION, renderer, checkInBackground, onMigrationProgress })
  const officer = options.officer === undefined ? OFFICER : options.officer
  if (officer) ws.updateSettings({ officer })
  onTestFinished(() => ws.close())
  return { ws, dir, documentsDir, settings, dialogs }
}

/** Calls a channel that must succeed and returns its typed data (a refusal is thrown as a ChannelError). */
export const ok = invokeOk

/** Calls a channel that must fail and returns its error payload. */
export async function refused(ws: Workspace, channel: unknown, input: unknown) {
  const result = await invoke(ws, channel, input)
  if (result.ok) throw new Error(`${String(channel)} unexpectedly succeeded: ${JSON.stringify(result.data)}`)
  return result.error
}

/** What the demonstration data holds, counted from its definitions (one audit row per record). */
export function demoCounts() {
  const sum = <T>(list: readonly T[], n: (x: T) => number) => list.reduce((total, x) => total + n(x), 0)
  const organisations = DEMO_PARTNERS.length
  const contacts = sum(DEMO_PARTNERS, (p) => p.contacts.length)
  const partnerships = sum(DEMO_PARTNERS, (p) => p.partnerships.length)
  const calls = DEMO_CALLS.length
  const projects = DEMO_PROJECTS.length
  const milestones = sum(DEMO_PROJECTS, (p) => p.milestones?.length ?? 0)
  // The payments an approved claim created are the claim's.
  const payments = sum(DEMO_PROJECTS, (p) => p.payments?.length ?? 0) + DEMO_CLAIMS.filter((c) => c.payment).length
  const projectRecords = sum(
    DEMO_PROJECTS,
    (p) =>
      1 +
      STATUS_PATHS[p.status].length +
      p.targetGroups.length +
      (p.partners?.length ?? 0) +
      p.budget.length +
      sum(p.indicators ?? [], (i) => 1 + (i.measured?.length ?? 0)) +
      (p.evaluation ? 1 : 0),
  )
  const grantor = 1
  const claimRecords =
    sum(DEMO_CLAIMS, (c) => 1 + (c.suspensions?.length ?? 0) + c.lines.length + (c.checks?.length ?? 0)) +
    DEMO_MAPPINGS.length +
    sum(DEMO_VISITS, (v) => 1 + sum(v.findings ?? [], (f) => 1 + (f.recommendations?.length ?? 0)))
  const auditEntries = organisations + contacts + partnerships + calls + projects + projectRecords + milestones + payments + grantor + claimRecords
  return { organisations, contacts, partnerships, calls, projects, milestones, payments, auditEntries }
}

// ---------------------------------------------------------------------------------------------
// Merging two officers' files.

/** The colleague who works in the copy of a file. */
export const COLLEAGUE: Officer = { name: 'Pieter Collega', email: 'pieter.collega@example.org' }

/** A copy a colleague goes on working in: its own file id, its source as parent (as a handover makes it). */
export function colleagueCopy(source: string, dest: string): string {
  const db = new Database(source, { readonly: true, fileMustExist: true })
  try {
    writeSnapshot(db, source, dest, { newIdentity: true })
  } finally {
    db.close()
  }
  return dest
}

/**
 * Every row of the given tables (all tables by default) in a stable order, bytes as hex: two
 * dumps are equal when the files hold the same data. Read with a plain read-only connection.
 */
export function dumpTables(filePath: string, tables?: string[]): Record<string, unknown[]> {
  const db = new Database(filePath, { readonly: true, fileMustExist: true })
  try {
    const names =
      tables ?? (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[])
    const out: Record<string, unknown[]> = {}
    for (const name of names) {
      const rows = db.prepare(`SELECT * FROM "${name}"`).all() as Record<string, unknown>[]
      // A vector's keys come in the order its changes were counted: compared as vectors, not text.
      const plain = rows.map((r) =>
        Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Buffer.isBuffer(v) ? v.toString('hex') : k === 'sync_vv' ? vvText(parseVv(v as string)) : v])),
      )
      out[name] = plain.map((r) => JSON.stringify(r)).sort()
    }
    return out
  } finally {
    db.close()
  }
}

/** The tables officers edit (those with a version vector), as the merge compares them. */
export function syncedTables(filePath: string): string[] {
  const db = new Database(filePath, { readonly: true, fileMustExist: true })
  try {
    const names = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[]
    return names.filter(
      (n) => n !== 'sync_tombstones' && (db.prepare(`PRAGMA table_info("${n}")`).all() as { name: string }[]).some((c) => c.name === 'sync_vv'),
    )
  } finally {
    db.close()
  }
}

export interface MergePair {
  dir: string
  minePath: string
  theirsPath: string
  /** My workspace, with mine open. */
  mine: Workspace
  /** My workspace's dialogs (the colleague's file for `merge.preview` is chosen here). */
  dialogs: FakeDialogs
  /** The colleague's workspace, with theirs open (close it before checking its bytes). */
  theirs: Workspace
}

/**
 * Two files that were one: `mine.amif` with the demonstration data (and whatever `prepare` adds),
 * then the colleague's copy `theirs.amif` with a new identity. Each is open in its own workspace.
 */
export async function mergePair(prepare?: (ws: Workspace) => Promise<void>): Promise<MergePair> {
  const dir = tempDir('amif-merge-')
  const minePath = await makeAmifFile(path.join(dir, 'mine.amif'), { demo: true })
  const { ws: mine, dialogs } = testWorkspace({ dir: path.join(dir, 'me') })
  await mine.open(minePath)
  if (prepare) await prepare(mine)
  // In a folder of its own, as on the colleague's computer: mine's backups appear beside mine only.
  const theirsPath = path.join(dir, 'colleague', 'theirs.amif')
  writeSnapshot(mine.file().sqlite, minePath, theirsPath, { newIdentity: true })
  const theirs = testWorkspace({ dir: path.join(dir, 'colleague'), officer: COLLEAGUE }).ws
  await theirs.open(theirsPath)
  return { dir, minePath, theirsPath, mine, dialogs, theirs }
}

type ProjectDetailOut = ApiOutput<'projects.get'>
type ProjectValuesIn = ApiInput<'projects.update'>['values']
type MilestoneValuesIn = ApiInput<'milestones.save'>['values']

/** The values `projects.update` takes, from a project as `projects.get` returns it, with changes. */
export function projectEdit(p: ProjectDetailOut, patch: Partial<ProjectValuesIn> = {}): ProjectValuesIn {
  return {
    code: p.code,
    title: p.title,
    description: p.description,
    beneficiaryId: p.beneficiaryId,
    strand: p.strand,
    strandObjectiveId: p.strandObjectiveId,
    objectiveCode: p.objectiveCode,
    callId: p.callId,
    startDate: p.startDate,
    endDate: p.endDate,
    officerName: p.officerName,
    euRateBp: p.euRateBp,
    rateGround: p.rateGround,
    rateJustification: p.rateJustification,
    targetGroupIds: p.targetGroupIds,
    ...patch,
  }
}

/** The values `milestones.save` takes, from a milestone of `projects.get`, with changes. */
export function milestoneEdit(m: ProjectDetailOut['milestones'][number], patch: Partial<MilestoneValuesIn> = {}): MilestoneValuesIn {
  return {
    title: m.title,
    description: m.description,
    objectiveCode: m.objectiveCode,
    projectIndicatorId: m.projectIndicatorId,
    dueDate: m.dueDate,
    status: m.status,
    doneDate: m.doneDate,
    evidence: m.evidence,
    responsibleId: m.responsibleId,
    ...patch,
  }
}

/** The day the merge tests measure lateness against. */
export const MERGE_TODAY = '2026-03-15'
const TODAY = MERGE_TODAY

/** A project by its code, as `projects.get` returns it. */
export async function projectByCode(ws: Workspace, code: string) {
  const row = (await ok(ws, 'projects.list', { today: TODAY })).rows.find((r) => r.code === code)
  if (!row) throw new Error(`no project ${code}`)
  return ok(ws, 'projects.get', { id: row.id, today: TODAY })
}

/** An organisation of the registry by its acronym. */
export async function organisationByAcronym(ws: Workspace, acronym: string) {
  const row = (await ok(ws, 'partners.list', { archived: 'all' })).rows.find((r) => r.acronym === acronym)
  if (!row) throw new Error(`no organisation ${acronym}`)
  return row
}

/** The values of a new project (resettlement, SO2) for `projects.create`. */
export function newProjectValues(
  beneficiaryId: string,
  code: string,
  patch: Partial<ApiInput<'projects.create'>['values']> = {},
): ApiInput<'projects.create'>['values'] {
  return {
    code,
    title: 'Accompagnement des familles réinstallées',
    beneficiaryId,
    strand: 'resettlement',
    objectiveCode: 'SO2',
    startDate: '2026-01-01',
    endDate: '2027-06-30',
    officerName: COLLEAGUE.name,
    targetGroupIds: [referenceId('target-group', 'resettled_refugees')],
    ...patch,
  }
}

/** A draft project (deletable) with two milestones and a budget line, in the file both start from. */
export async function addDraftProject(ws: Workspace): Promise<void> {
  const caritas = await organisationByAcronym(ws, 'Caritas')
  const p = await ok(ws, 'projects.create', { values: newProjectValues(caritas.id, 'AMIF-2026-TS-01', { officerName: OFFICER.name }), today: TODAY })
  await ok(ws, 'milestones.save', { projectId: p.id, values: { title: 'Recrutement des accompagnateurs', dueDate: '2026-03-01', status: 'planned' } })
  await ok(ws, 'milestones.save', { projectId: p.id, values: { title: 'Premier accueil', dueDate: '2026-05-01', status: 'planned' } })
  await ok(ws, 'budget.saveLine', {
    projectId: p.id,
    values: { category: 'staff', costModel: 'actual_costs', description: 'Accompagnateurs', amountCents: 8_000_000 },
  })
}

/** A breakdown (Annex VIII) that adds up to `value`: every person 18 to 60, gender not known. */
export function adultsOfUnknownGender(value: number) {
  return { ageUnder18: 0, age18to60: value, ageOver60: 0, female: 0, male: 0, nonBinary: 0, genderUnknown: value }
}

/**
 * Writes into a file with a plain connection, as an attacker would: past the tables' CHECKs
 * (ignore_check_constraints), since the schema guard keeps the STRICT tables themselves as they are.
 */
export function writeAsAttacker(filePath: string, write: (db: Database.Database) => void): void {
  const db = new Database(filePath, { fileMustExist: true })
  try {
    db.pragma('foreign_keys = ON')
    db.pragma('ignore_check_constraints = ON')
    write(db)
  } finally {
    db.close()
  }
}
