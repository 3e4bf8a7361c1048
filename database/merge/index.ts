import fs from 'node:fs'
import path from 'node:path'
import type { Kysely } from 'kysely'
import { AppError } from '../domain/errors'
import type { Officer } from '../audit'
import { refreshStatistics, type AmifFile } from '../file'
import { newId } from '../ids'
import { screenAppend, screenSynced, type RefusedRow } from './check'
import { camelRow, entityOf, Labeller, type Lookup } from './labels'
import {
  APPEND_ONLY_TABLES,
  loadChangedSides,
  loadSide,
  openTheirs,
  readAppendRows,
  readSchema,
  SYNC_SCHEMA_VERSION,
  type TheirsFile,
  tableSchemaOf,
  type AppendOnlyTable,
  type RowValues,
  type Side,
} from './load'
import { buildPlan, differingColumns, refKey, resolve, type Choice, type ConflictKind, type Hold, type Outcome, type Plan, type Step } from './plan'
import { writeMerge } from './write'
import type { DB } from '../schema'
import { writeSnapshot } from '../file/snapshot'
import { fileSignature, sourceCheck } from './source-check'
import type { WritableFile } from '../writable'

/**
 * Merging a colleague's `.amif` file ("theirs") into the open one ("mine").
 *
 * Every record an officer edits carries a version vector (migration 004): for each file, the
 * number of changes that file made to it. A file's counter grows only with its own changes, so
 * "since the two files last met" needs no clock and no log: when my vector of a record dominates
 * theirs (every counter at least as high), the record was changed only in my file since they last
 * exchanged it, and the other way round; when neither dominates, both changed it (a conflict).
 * A deleted record leaves a tombstone with its vector, so deletions travel the same way.
 *
 * For each record, with its state in mine and in theirs (row, tombstone or absent):
 * - only theirs has it: added; but if I deleted it, it stays deleted unless they changed it since
 *   (a conflict 'delete_edit'), or kept it after seeing my deletion (it comes back);
 * - both have it: theirs dominates, mine takes theirs; mine dominates or equal, nothing; neither,
 *   the same content merges the vectors silently, a different one is a conflict 'edit_edit';
 * - they deleted it: their tombstone dominates, it is deleted here; mine dominates, it stays;
 *   neither, a conflict 'edit_delete'.
 * Records that belong to another (ON DELETE CASCADE: a project's milestones) go with it: if they
 * deleted a project and I changed one of its milestones, the project's deletion is the conflict,
 * never a silent loss. An addition whose parent my file will not have, or a deletion of a record
 * my file still uses, is held back as a conflict 'reference'; a record whose unique value (a
 * project code) a different record of mine holds, a conflict 'unique'. Resolving 'mine' or
 * 'theirs' gives the record the element-wise maximum of both vectors plus one change of mine, so
 * the next merge of the same files finds nothing to do, in either direction.
 *
 * Two files with the same identity (a plain copy made outside the app), or a file from before
 * version vectors, cannot be ordered: every difference is then a conflict, additions still apply.
 * Their file is opened read-only (an older one is migrated in memory) and never changed; mine is
 * backed up beside itself, then changed in one transaction.
 */

export type { Choice, ConflictKind } from './plan'
export type { RefusedRow } from './check'

/** The colleague's file as the preview shows it. */
export interface MergeFileInfo {
  path: string
  name: string
  fileId: string
  /** Who last changed it: the officer of its latest audit row. */
  officerHint: string | null
  createdAt: string
  /** Its schema version on disk (an older one is merged from a copy migrated in memory). */
  schemaVersion: number
}

/** A merge recorded in `sync_merges`. */
export interface MergeRecord {
  id: string
  at: string
  officerName: string
  intoFileId: string
  fromFileId: string
  fromName: string
  added: number
  updated: number
  deleted: number
  conflicts: number
  backupPath: string | null
}

/** A record the merge adds, changes or deletes in my file. */
export interface Change {
  key: string
  table: string
  entity: string
  id: string
  label: string
  projectCode: string | null
  /** The columns (camelCase) that change, for an update. */
  fields: string[]
}

/** A record that goes with a conflict's choice: changed or added on one side, or waiting on it. */
export interface RelatedRecord {
  key: string
  entity: string
  label: string
  change: 'changed' | 'added' | 'restored' | 'waiting'
}

/** A record the two files disagree on, for the officer to decide. */
export interface Conflict {
  key: string
  table: string
  entity: string
  id: string
  label: string
  projectCode: string | null
  kind: ConflictKind
  reason: string
  /** My version (camelCase, no vector, bytes as `{ bytes }`): for 'unique', my record that holds the value. */
  mine: Record<string, unknown> | null
  theirs: Record<string, unknown> | null
  fields: string[]
  canTakeTheirs: boolean
  related: RelatedRecord[]
}

export interface MergePreview {
  theirs: MergeFileInfo
  sameIdentity: boolean
  /** False for the same identity or a file from before version vectors: every difference is a conflict. */
  vectorsTrusted: boolean
  lastMerge: MergeRecord | null
  added: Change[]
  updated: Change[]
  deleted: Change[]
  conflicts: Conflict[]
  /** Rows of their audit log, handovers and merges that mine lacks (added, marked as received from their file). */
  appendOnly: { auditEntries: number; handovers: number; merges: number }
  /** Rows of their file that fail the checks: never merged. */
  refused: RefusedRow[]
  /** Their file holds nothing mine lacks and nothing refused (a copy with nothing different): merging changes nothing. */
  nothingToMerge: boolean
}

export interface MergeOptions {
  officer: Officer
  /** Decisions by conflict key; keys the merge no longer finds are ignored. */
  resolutions: Record<string, Choice>
  /** For every conflict without a resolution; without it they stay unresolved. */
  prefer?: Choice
  /** Writes `<name>.before-merge-<YYYYMMDD-HHMMSS>.amif` beside mine before changing it. */
  backup: boolean
  /** Computes everything and writes nothing (no backup either). */
  dryRun?: boolean
  /**
   * When a large backup's pages are checked (SnapshotOptions.pages): 'now' (the default) before
   * the merge goes on; 'later' by the caller, in a worker thread with progress once the merge is
   * written (the window: the backup is a byte copy of a file checked when it was opened, and its
   * full check would hold the merge up for tens of seconds).
   */
  backupPages?: 'now' | 'later'
  /**
   * Reads both files whole and builds every project's kept figures again, as merges did before
   * they read only the records that differ: the tests compare the two.
   */
  readWhole?: boolean
}

export interface MergeResult {
  added: number
  updated: number
  deleted: number
  /** Conflicts left unresolved (my side unchanged for them). */
  conflicts: Conflict[]
  resolved: number
  backupPath: string | null
  /** The `sync_merges` row written; null when nothing changed (or a dry run). */
  mergeId: string | null
  sameIdentity: boolean
  dryRun: boolean
  /** Rows of their audit log, handovers and merges added to mine. */
  appendOnly: { auditEntries: number; handovers: number; merges: number }
  /** Rows of their file that fail the checks: not merged. */
  refused: RefusedRow[]
  /** Nothing to take from their file, and nothing was written. */
  nothingToMerge: boolean
}

/** A conflict left unresolved by the latest merge from another file (the handover's open items). */
export interface OpenConflict {
  mergeId: string
  mergedAt: string
  fromFileId: string
  fromName: string
  key: string
  kind: ConflictKind
  entity: string
  label: string
  projectCode: string | null
}

/** What `sync_merges.resolutions_json` holds for each conflict key. */
interface RecordedResolution {
  resolution: Choice | 'unresolved'
  kind: ConflictKind
  entity: string
  label: string
  projectCode: string | null
}

// ---------------------------------------------------------------------------------------------

interface Computed {
  plan: Plan
  base: Outcome
  theirsInfo: MergeFileInfo
  sameIdentity: boolean
  lastMerge: MergeRecord | null
  lastUnresolved: Set<string> | null
  missingAppend: Record<AppendOnlyTable, string[]>
  appendRows: Record<AppendOnlyTable, RowValues[]>
  refused: RefusedRow[]
  nothingToMerge: boolean
  /** Read in part (loadChangedSides): only such a plan is kept from a preview for the merge. */
  partial: boolean
}

/**
 * A preview reads their file after the quick check; a merge (and its dry run) after the full
 * check (indexes against tables: the records that differ are found through them). Both read only
 * the records that differ, and what the plan consults around them, when both files are on disk at
 * the same schema (see loadChangedSides); `whole` reads every record of both, as merges did
 * before (the tests compare the two).
 */
type PlanScope = 'preview' | 'merge' | 'whole'

function samePath(a: string, b: string): boolean {
  if (path.resolve(a) === path.resolve(b)) return true
  try {
    return fs.realpathSync(a) === fs.realpathSync(b)
  } catch {
    return false
  }
}

/**
 * The plan the preview of a large file computed, kept for the merge that follows: when neither
 * file changed since (mine's signature, theirs' the one their full check then found sound), the
 * merge writes that plan rather than reading and comparing both files again. The same reading,
 * the same rows, its verdict given after the fact by the full check of the very same bytes.
 */
let previewed: { minePath: string; mineSignature: string; theirsPath: string; theirsSignature: string; at: number; computed: Computed } | null = null
/** How long a preview's plan is kept for the merge (an officer reads a preview for minutes, not days). */
const PREVIEW_KEPT_MS = 30 * 60 * 1000

/** How many times a merge opens their file again when it changed while it was checked. */
const CHANGED_RETRIES = 3

/**
 * Reads both files, checks every row of theirs (refused rows stay out of the plan), plans the
 * merge and hands the plan, with their history rows to copy, to `use`. Reading mine, planning and `use` (which may write) run without a
 * pause in between, so no other change to my file can slip between the plan and its writing.
 */
async function withPlan<T>(mine: AmifFile, theirsPath: string, scope: PlanScope, use: (c: Computed) => T): Promise<T> {
  if (samePath(mine.path, theirsPath)) {
    throw new AppError('SAME_FILE', 'A file cannot be merged into itself', { path: mine.path })
  }
  for (let attempt = 1; ; attempt++) {
    const opened = fileSignature(theirsPath)
    const theirs = await openTheirs(theirsPath, scope === 'preview' ? 'quick' : 'full-deferred')
    try {
      if (theirs.pagesChecked) return await previewOrChecked(mine, theirs, scope, use)
      if (scope === 'preview') {
        previewed = null
        const mineSignature = fileSignature(mine.path)
        const check = sourceCheck(theirs.path)
        try {
          return await previewOrChecked(mine, theirs, scope, (c) => {
            if (c.partial && mineSignature && opened) {
              previewed = { minePath: path.resolve(mine.path), mineSignature, theirsPath: theirs.path, theirsSignature: opened, at: Date.now(), computed: c }
            }
            return use(c)
          })
        } finally {
          // The preview has read what it needs: the check, which the merge waits for, may take both cores.
          check.help()
        }
      }
      // A large file's full check runs in a worker thread, started by the preview (source-check.ts):
      // waited for before anything of either file is read, then the reading, the plan and the
      // writing follow without a pause.
      const check = sourceCheck(theirs.path)
      check.help()
      const problems = await check.full
      if (problems.length > 0) throw new AppError('CORRUPT', `${theirs.path} is damaged (integrity check failed)`, { path: theirs.path, problems })
      if (check.signature === opened && fileSignature(theirs.path) === opened) {
        const kept = previewed
        if (
          scope === 'merge' &&
          kept &&
          kept.theirsPath === theirs.path &&
          kept.theirsSignature === opened &&
          kept.minePath === path.resolve(mine.path) &&
          kept.mineSignature === fileSignature(mine.path) &&
          Date.now() - kept.at < PREVIEW_KEPT_MS
        )
          return use(kept.computed)
        return await planned(mine, theirs, scope, null, use)
      }
      if (attempt >= CHANGED_RETRIES)
        throw new AppError('STALE', `${theirs.path} keeps changing; merge it once it is no longer being written`, { path: theirs.path })
    } finally {
      await theirs.close()
    }
  }
}

/** A preview (a large file's quick check in a worker thread beside the reading), or a merge of a file checked at opening. */
async function previewOrChecked<T>(mine: AmifFile, theirs: TheirsFile, scope: PlanScope, use: (c: Computed) => T): Promise<T> {
  // A large file's quick check runs in a worker thread while its records are read and compared;
  // it is the first part of the full check, which goes on for the merge to come.
  const pages = theirs.pagesChecked ? null : sourceCheck(theirs.path).quick
  // Only then awaited: a merge goes from reading mine to writing it without a pause.
  const damaged = pages
    ? async () => {
        const problems = await pages
        if (problems.length > 0) throw new AppError('CORRUPT', `${theirs.path} is damaged (quick check failed)`, { path: theirs.path, problems })
      }
    : null
  try {
    return await planned(mine, theirs, scope, damaged, use)
  } catch (err) {
    // Reading a damaged file may fail before its check has said so: the check's verdict is what is told.
    await damaged?.()
    throw err
  }
}

/** The plan of a merge from their open file into mine, handed to `use` once their pages are found sound. */
async function planned<T>(mine: AmifFile, theirs: TheirsFile, scope: PlanScope, damaged: (() => Promise<void>) | null, use: (c: Computed) => T): Promise<T> {
  // My file's schema, never theirs: what their file declares decides nothing here.
  const schema = readSchema(mine.sqlite)
  // Both files on disk at the same schema: only what differs (and what it touches) is read.
  const inPart = scope !== 'whole' && theirs.onDisk && !mine.sqlite.memory && fs.existsSync(mine.sqlite.name)
  const changed = inPart ? loadChangedSides(mine.sqlite, mine.sqlite.name, theirs.sqlite, schema) : null
  const mineSide = changed?.mine ?? loadSide(mine.sqlite, schema)
  const theirsSide = changed?.theirs ?? loadSide(theirs.sqlite, schema)
  const sameIdentity = mineSide.fileId === theirsSide.fileId
  const trusted = !sameIdentity && theirs.schemaVersion >= SYNC_SCHEMA_VERSION
  const look: Lookup = (table, id) =>
    typeof id === 'string' ? (mineSide.tables.get(table)?.rows.get(id) ?? theirsSide.tables.get(table)?.rows.get(id))?.values : undefined
  const labeller = new Labeller(look)
  const refused = screenSynced({ schema, mine: mineSide, theirs: theirsSide, trusted, labeller })
  const plan = buildPlan({ schema, mine: mineSide, theirs: theirsSide, mineFileId: mineSide.fileId, trusted, labeller })
  const base = resolve(plan, new Map(), new Map())

  const now = new Date()
  const missingAppend = {} as Record<AppendOnlyTable, string[]>
  const appendRows = {} as Record<AppendOnlyTable, RowValues[]>
  for (const t of APPEND_ONLY_TABLES) {
    const missing = changed?.missingAppend[t] ?? [...theirsSide.appendIds[t]].filter((id) => !mineSide.appendIds[t].has(id))
    const checked = screenAppend(t, readAppendRows(theirs.sqlite, t, missing), now)
    appendRows[t] = checked.ok
    missingAppend[t] = checked.ok.map((r) => r.id as string)
    refused.push(...checked.refused)
  }
  // Nothing to write, and nothing refused to tell about: the other file is a copy with nothing new.
  const nothingToMerge = refused.length === 0 && plan.units.length === 0 && APPEND_ONLY_TABLES.every((t) => missingAppend[t].length === 0)

  const meta = theirs.sqlite.prepare('SELECT file_id, created_at FROM meta WHERE id = 1').get() as { file_id: string; created_at: string }
  const latest = theirs.sqlite.prepare('SELECT officer_name FROM audit_log ORDER BY at DESC, id DESC LIMIT 1').get() as { officer_name: string } | undefined
  const theirsInfo: MergeFileInfo = {
    path: theirs.path,
    name: path.basename(theirs.path),
    fileId: meta.file_id,
    officerHint: typeof latest?.officer_name === 'string' ? latest.officer_name.slice(0, 200) : null,
    createdAt: meta.created_at,
    schemaVersion: theirs.schemaVersion,
  }
  const last = mine.sqlite
    .prepare('SELECT * FROM sync_merges WHERE from_file_id = ? AND into_file_id = ? ORDER BY coalesce(received_at, at) DESC, id DESC LIMIT 1')
    .get(meta.file_id, mineSide.fileId) as Record<string, unknown> | undefined
  if (damaged) await damaged()
  return use({
    plan,
    base,
    theirsInfo,
    sameIdentity,
    lastMerge: last ? mergeRecord(last) : null,
    lastUnresolved: last ? unresolvedKeys(String(last.resolutions_json)) : null,
    missingAppend,
    appendRows,
    refused,
    nothingToMerge,
    partial: inPart,
  })
}

function mergeRecord(r: Record<string, unknown>): MergeRecord {
  return {
    id: r.id as string,
    at: r.at as string,
    officerName: r.officer_name as string,
    intoFileId: r.into_file_id as string,
    fromFileId: r.from_file_id as string,
    fromName: r.from_name as string,
    added: r.added as number,
    updated: r.updated as number,
    deleted: r.deleted as number,
    conflicts: r.conflicts as number,
    backupPath: (r.backup_path as string | null) ?? null,
  }
}

function parseResolutions(json: string): Record<string, RecordedResolution> {
  try {
    const value = JSON.parse(json) as Record<string, RecordedResolution | string>
    const out: Record<string, RecordedResolution> = {}
    for (const [key, v] of Object.entries(value)) {
      out[key] = typeof v === 'string' ? { resolution: v as RecordedResolution['resolution'], kind: 'edit_edit', entity: '', label: key, projectCode: null } : v
    }
    return out
  } catch {
    return {}
  }
}

function unresolvedKeys(json: string): Set<string> {
  return new Set(
    Object.entries(parseResolutions(json))
      .filter(([, v]) => v.resolution === 'unresolved')
      .map(([k]) => k),
  )
}

// ---------------------------------------------------------------------------------------------
// From an outcome to what the officer reads.

function rowOf(side: Side, table: string, id: string): RowValues | undefined {
  return side.tables.get(table)?.rows.get(id)?.values
}

/** The changes an outcome writes (silent ones, vectors and tombstones, left out). */
function changesOf(plan: Plan, outcome: Outcome): { added: Change[]; updated: Change[]; deleted: Change[] } {
  const out = { added: [] as Change[], updated: [] as Change[], deleted: [] as Change[] }
  for (const s of outcome.steps.values()) {
    const { table, id } = s.ref
    const mineRow = rowOf(plan.mine, table, id)
    const theirsRow = rowOf(plan.theirs, table, id)
    if (s.effect.kind === 'put') {
      const row = theirsRow!
      if (!mineRow) out.added.push(change(plan, table, id, row, []))
      else {
        const fields = differingColumns(mineRow, row, tableSchemaOf(plan.schema, table).columns)
        if (fields.length > 0) out.updated.push(change(plan, table, id, row, fields))
      }
    } else if (s.effect.kind === 'remove') {
      out.deleted.push(change(plan, table, id, mineRow!, []))
    }
  }
  const order = new Map(plan.schema.tables.map((t, i) => [t.name, i]))
  const sort = (a: Change, b: Change) => order.get(a.table)! - order.get(b.table)! || a.label.localeCompare(b.label) || a.id.localeCompare(b.id)
  out.added.sort(sort)
  out.updated.sort(sort)
  out.deleted.sort(sort)
  return out
}

function change(plan: Plan, table: string, id: string, row: RowValues, fields: string[]): Change {
  return {
    key: refKey(table, id),
    table,
    entity: entityOf(table),
    id,
    label: plan.labeller.label(table, row),
    projectCode: plan.labeller.projectCode(table, row),
    fields,
  }
}

interface OpenItem {
  key: string
  kind: ConflictKind
  reason: string
  fields: string[]
  hold: Hold | null
}

/**
 * The conflicts an outcome leaves: conflict units not applied, and held-back units that wait on
 * nothing else (those that wait on another conflict come with it, listed in its `related`).
 */
function openItems(plan: Plan, outcome: Outcome, baseHeld: Map<string, Hold>): OpenItem[] {
  const out: OpenItem[] = []
  for (const u of plan.units) {
    if (outcome.active.has(u.key)) continue
    const failure = outcome.failed.get(u.key)
    if (u.kind !== 'auto') {
      out.push({ key: u.key, kind: u.kind, reason: failure ? `${u.reason}; taking theirs failed: ${failure}` : u.reason, fields: u.fields, hold: null })
      continue
    }
    const hold = outcome.held.get(u.key) ?? baseHeld.get(u.key) ?? null
    if (!hold) continue
    if (outcome.held.has(u.key) && hold.blocker) continue
    out.push({ key: u.key, kind: hold.kind, reason: failure ? `${hold.reason}; taking theirs failed: ${failure}` : hold.reason, fields: hold.fields, hold })
  }
  return out
}

/** The conflict (or held unit) each held unit finally waits on. */
function waitingOn(outcome: Outcome): Map<string, string[]> {
  const out = new Map<string, string[]>()
  for (const [key, hold] of outcome.held) {
    if (!hold.blocker) continue
    let root = hold.blocker
    const seen = new Set([key])
    while (outcome.held.get(root)?.blocker && !seen.has(root)) {
      seen.add(root)
      root = outcome.held.get(root)!.blocker!
    }
    const list = out.get(root)
    if (list) list.push(key)
    else out.set(root, [key])
  }
  return out
}

function conflictOf(plan: Plan, item: OpenItem, canTakeTheirs: boolean, waiting: string[]): Conflict {
  const unit = plan.unitByKey.get(item.key)!
  const { table, id } = unit.ref
  const mineRow = rowOf(plan.mine, table, id)
  const theirsRow = rowOf(plan.theirs, table, id)
  const row = (mineRow ?? theirsRow)!
  const clash = item.hold?.clash
  const clashRow = clash ? rowOf(plan.mine, clash.table, clash.id) : undefined
  const related = (ref: { table: string; id: string }, changeKind: RelatedRecord['change']): RelatedRecord => {
    const r = rowOf(plan.mine, ref.table, ref.id) ?? rowOf(plan.theirs, ref.table, ref.id)
    return { key: refKey(ref.table, ref.id), entity: entityOf(ref.table), label: r ? plan.labeller.label(ref.table, r) : ref.id, change: changeKind }
  }
  return {
    key: item.key,
    table,
    entity: entityOf(table),
    id,
    label: plan.labeller.label(table, row),
    projectCode: plan.labeller.projectCode(table, row),
    kind: item.kind,
    reason: item.reason,
    mine: clashRow ? camelRow(clashRow) : mineRow ? camelRow(mineRow) : null,
    theirs: theirsRow ? camelRow(theirsRow) : null,
    fields: item.fields,
    canTakeTheirs,
    related: [
      ...unit.members.filter((m) => m.ref.table !== table || m.ref.id !== id).map((m) => related(m.ref, m.state)),
      ...waiting.map((k) => related(plan.unitByKey.get(k)!.ref, 'waiting')),
    ],
  }
}

/** Whether taking theirs for this one conflict, all else as it is, holds. */
function canTake(plan: Plan, item: OpenItem): boolean {
  if (item.hold && !item.hold.extra) return false
  const extras = new Map<string, Step[]>(item.hold?.extra ? [[item.key, item.hold.extra]] : [])
  return resolve(plan, new Map([[item.key, 'theirs' as Choice]]), extras).active.has(item.key)
}

/** The conflicts an outcome leaves, parents' tables first, then by label. */
function conflictsOf(plan: Plan, outcome: Outcome, baseHeld: Map<string, Hold>, takeable: Map<string, boolean>): Conflict[] {
  const waiting = waitingOn(outcome)
  const order = new Map(plan.schema.tables.map((t, i) => [t.name, i]))
  const list = openItems(plan, outcome, baseHeld).map((item) => {
    let ok = takeable.get(item.key)
    if (ok === undefined) {
      ok = canTake(plan, item)
      takeable.set(item.key, ok)
    }
    return conflictOf(plan, item, ok, waiting.get(item.key) ?? [])
  })
  return list.sort((a, b) => order.get(a.table)! - order.get(b.table)! || a.label.localeCompare(b.label) || a.id.localeCompare(b.id))
}

// ---------------------------------------------------------------------------------------------

/**
 * Compares the open file with a colleague's file and says what a merge would do: additions,
 * updates, deletions, conflicts, rows of history to copy. Opens theirs read-only, writes nothing.
 */
export async function previewMerge(mine: AmifFile, theirsPath: string): Promise<MergePreview> {
  return withPlan(mine, theirsPath, 'preview', (c) => ({
    theirs: c.theirsInfo,
    sameIdentity: c.sameIdentity,
    vectorsTrusted: c.plan.trusted,
    lastMerge: c.lastMerge,
    ...changesOf(c.plan, c.base),
    conflicts: conflictsOf(c.plan, c.base, c.base.held, new Map()),
    appendOnly: appendCounts(c.missingAppend),
    refused: c.refused,
    nothingToMerge: c.nothingToMerge,
  }))
}

function appendCounts(missing: Record<AppendOnlyTable, string[]>) {
  return { auditEntries: missing.audit_log.length, handovers: missing.handovers.length, merges: missing.sync_merges.length }
}

/** `<name>.before-merge-<YYYYMMDD-HHMMSS>.amif` beside the file, never over an existing one. */
function backupPathFor(filePath: string, now: Date): string {
  const p = (n: number) => String(n).padStart(2, '0')
  const stamp = `${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}`
  const parsed = path.parse(filePath)
  const name = parsed.ext.toLowerCase() === '.amif' ? parsed.name : parsed.base
  let candidate = path.join(parsed.dir, `${name}.before-merge-${stamp}.amif`)
  for (let n = 2; fs.existsSync(candidate); n++) candidate = path.join(parsed.dir, `${name}.before-merge-${stamp}-${n}.amif`)
  return candidate
}

/**
 * Merges a colleague's file into the open one: recomputes the plan (a preview may be stale),
 * applies the officer's resolutions then `prefer`, backs mine up, and writes everything in one
 * transaction with an audit row per record changed and a `sync_merges` row. Writes nothing when
 * nothing would change.
 */
export async function applyMerge(mine: WritableFile, theirsPath: string, options: MergeOptions): Promise<MergeResult> {
  return runMerge(mine, theirsPath, options)
}

/**
 * What applyMerge would do with these decisions, computed and not written (no backup either):
 * works on a file open read-only.
 */
export async function dryRunMerge(mine: AmifFile, theirsPath: string, options: Omit<MergeOptions, 'backup' | 'dryRun'>): Promise<MergeResult> {
  return runMerge(mine, theirsPath, { ...options, backup: false, dryRun: true })
}

async function runMerge(mine: AmifFile, theirsPath: string, options: MergeOptions): Promise<MergeResult> {
  const dryRun = options.dryRun ?? false
  if (mine.readOnly && !dryRun) throw new AppError('READ_ONLY', `${path.basename(mine.path)} is open read-only`)
  return withPlan(mine, theirsPath, options.readWhole ? 'whole' : 'merge', (c) => merge(mine, c, options, dryRun))
}

/** Resolves the plan with the officer's choices and writes it (the synchronous part of applyMerge). */
function merge(mine: AmifFile, c: Computed, options: MergeOptions, dryRun: boolean): MergeResult {
  const { plan, base } = c
  const takeable = new Map<string, boolean>()
  const baseItems = openItems(plan, base, base.held)

  const choices = new Map<string, Choice>()
  const extras = new Map<string, Step[]>()
  for (const item of baseItems) {
    const choice = Object.prototype.hasOwnProperty.call(options.resolutions, item.key) ? options.resolutions[item.key] : options.prefer
    if (choice !== 'mine' && choice !== 'theirs') continue
    choices.set(item.key, choice)
    if (choice === 'theirs' && item.hold?.extra) extras.set(item.key, item.hold.extra)
    if (choice === 'mine' && item.hold?.mineExtra) extras.set(item.key, item.hold.mineExtra)
  }
  const outcome = resolve(plan, choices, extras)
  const left = conflictsOf(plan, outcome, base.held, takeable)
  const leftKeys = new Set(left.map((x) => x.key))

  const recorded: Record<string, RecordedResolution> = {}
  const record = (key: string, kind: ConflictKind, resolution: RecordedResolution['resolution']) => {
    const unit = plan.unitByKey.get(key)!
    const row = (rowOf(plan.mine, unit.ref.table, unit.ref.id) ?? rowOf(plan.theirs, unit.ref.table, unit.ref.id))!
    recorded[key] = {
      resolution,
      kind,
      entity: entityOf(unit.ref.table),
      label: plan.labeller.label(unit.ref.table, row),
      projectCode: plan.labeller.projectCode(unit.ref.table, row),
    }
  }
  for (const item of baseItems) record(item.key, item.kind, leftKeys.has(item.key) ? 'unresolved' : (choices.get(item.key) ?? 'theirs'))
  for (const x of left) if (!recorded[x.key]) record(x.key, x.kind, 'unresolved')
  const resolved = Object.values(recorded).filter((r) => r.resolution !== 'unresolved').length

  const changes = changesOf(plan, outcome)
  const result: MergeResult = {
    added: changes.added.length,
    updated: changes.updated.length,
    deleted: changes.deleted.length,
    conflicts: left,
    resolved,
    backupPath: null,
    mergeId: null,
    sameIdentity: c.sameIdentity,
    dryRun,
    appendOnly: appendCounts(c.missingAppend),
    refused: c.refused,
    nothingToMerge: c.nothingToMerge,
  }
  const appends = APPEND_ONLY_TABLES.some((t) => c.missingAppend[t].length > 0)
  const sameOpenItems = c.lastUnresolved !== null && c.lastUnresolved.size === leftKeys.size && [...leftKeys].every((k) => c.lastUnresolved!.has(k))
  const openItemsUnchanged = sameOpenItems || (c.lastUnresolved === null && leftKeys.size === 0)
  // Copying their history alone records no merge: the record of it would be new history for
  // them to copy back, and two files merged back and forth would never settle.
  const recordMerge = outcome.steps.size > 0 || !openItemsUnchanged
  result.nothingToMerge = c.nothingToMerge && !recordMerge
  if (dryRun || (!recordMerge && !appends)) return result

  const now = new Date()
  const at = now.toISOString()
  if (options.backup) {
    result.backupPath = backupPathFor(mine.path, now)
    writeSnapshot(mine.sqlite, mine.path, result.backupPath, { newIdentity: false, replace: false, pages: options.backupPages ?? 'now' })
  }
  const mergeId = newId()
  try {
    writeMerge({
      sqlite: mine.sqlite,
      schema: plan.schema,
      mine: plan.mine,
      theirs: plan.theirs,
      steps: [...outcome.steps.values()],
      append: c.appendRows,
      fromFileId: c.theirsInfo.fileId,
      audit: auditRows(plan, outcome, options.officer, at),
      merge: recordMerge && {
        id: mergeId,
        at,
        officer_name: options.officer.name,
        into_file_id: plan.mineFileId,
        from_file_id: c.theirsInfo.fileId,
        from_name: c.theirsInfo.name,
        added: result.added,
        updated: result.updated,
        deleted: result.deleted,
        conflicts: Object.keys(recorded).length,
        resolutions_json: JSON.stringify(recorded),
        backup_path: result.backupPath,
      },
      now: at,
      figures: options.readWhole ? 'rebuild' : 'refresh',
    })
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err)
    throw new AppError('INTERNAL', `The merge failed and nothing was changed: ${message}`, { backupPath: result.backupPath })
  }
  result.mergeId = recordMerge ? mergeId : null
  // A merge may bring in as many rows as the file had: the planner's statistics are taken again.
  refreshStatistics(mine.sqlite)
  return result
}

/** One 'import' audit row per record the merge adds, changes or deletes, as records.ts writes them. */
function auditRows(plan: Plan, outcome: Outcome, officer: Officer, at: string): RowValues[] {
  const rows: RowValues[] = []
  const columnsOf = (table: string) => tableSchemaOf(plan.schema, table).columns
  for (const s of outcome.steps.values()) {
    const { table, id } = s.ref
    const before = rowOf(plan.mine, table, id) ?? null
    let after: RowValues | null = null
    if (s.effect.kind === 'put') {
      after = rowOf(plan.theirs, table, id)!
      if (before && differingColumns(before, after, columnsOf(table), true).length === 0) continue
    } else if (s.effect.kind !== 'remove') continue
    const row = (after ?? before)!
    rows.push({
      id: newId(),
      at,
      officer_name: officer.name,
      officer_email: officer.email,
      entity: entityOf(table),
      record_id: id,
      parent_id: plan.labeller.auditParent(table, row),
      action: 'import',
      before_json: before ? JSON.stringify(camelRow(before)) : null,
      after_json: after ? JSON.stringify(camelRow(after)) : null,
    })
  }
  return rows
}

/**
 * The conflicts left unresolved by the latest merge from each other file into this one, with
 * their labels as recorded then: the open items of a handover.
 */
export async function unresolvedConflicts(db: Kysely<DB>): Promise<OpenConflict[]> {
  const meta = await db.selectFrom('meta').select('file_id').where('id', '=', 1).executeTakeFirstOrThrow()
  const rows = await db.selectFrom('sync_merges').selectAll().where('into_file_id', '=', meta.file_id).orderBy('at', 'desc').orderBy('id', 'desc').execute()
  const seen = new Set<string>()
  const out: OpenConflict[] = []
  for (const r of rows) {
    if (seen.has(r.from_file_id)) continue
    seen.add(r.from_file_id)
    for (const [key, v] of Object.entries(parseResolutions(r.resolutions_json))) {
      if (v.resolution !== 'unresolved') continue
      out.push({
        mergeId: r.id,
        mergedAt: r.at,
        fromFileId: r.from_file_id,
        fromName: r.from_name,
        key,
        kind: v.kind,
        entity: v.entity,
        label: v.label,
        projectCode: v.projectCode,
      })
    }
  }
  return out
}
