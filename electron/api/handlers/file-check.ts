import Database from 'better-sqlite3'
import { Kysely, SqliteDialect } from 'kysely'
import { openAmifFile } from '../../../database/file'
import { keptFiguresDifferences, milestoneSearchDifferences, type FigureDifference } from '../../../database/figures'
import { milestoneGramDifferences } from '../../../database/milestone-grams'
import { organisationSearchDifferences } from '../../../database/organisation-search'
import { claimFigureDifferences } from '../../../database/claim-figures'
import { hardenConnection } from '../../../database/file/app-schema'
import { foreignKeyProblems, inspectRefusedFile, type ForeignKeyProblem, type RefusedFileInspection } from '../../../database/file/import-foreign'
import { migrate } from '../../../database/file/migrate'
import { LATEST_VERSION } from '../../../database/migrations'
import type { DB } from '../../../database/schema'
import { fileCounts, fileMeta, type FileCounts } from '../../../database/stats'
import { AppError, type ErrorCode } from '../../../database/domain/errors'
import { checkPages, type PageCheckOptions } from '../../../database/file/page-check'

/** What `file.check` says of a file the app can read (at its schema or an older one). */
export interface FileCheckReport {
  refused: false
  path: string
  schemaVersion: number
  latestVersion: number
  upgradeNeeded: boolean
  applicationId: number
  applicationIdHex: string
  schema: 'ok'
  integrity: 'ok'
  foreignKeys: ForeignKeyProblem[]
  /**
   * Projects whose kept figures (project_figures) differ from their records computed again by the
   * money rule; null for a file at an older schema, whose figures are built when it is upgraded.
   */
  figures: FigureDifference[] | null
  /**
   * Milestones whose row of the milestone search (milestone_search, kept for the milestone list)
   * is missing or not what the milestone gives, and rows of no milestone; null for a file at an
   * older schema, which builds it when it is upgraded.
   */
  milestoneSearch: string[] | null
  /**
   * The short searches' kept rows that are not what the records give: counts of one- and
   * two-character pieces of milestones (milestone_grams) and organisations' folded names
   * (organisation_search), each told as a line; null for a file at an older schema.
   */
  searchIndex: string[] | null
  /**
   * The claims list's and the visit ranking's kept rows (claim_figures, project_risk) that are
   * not what the records give, each told as a line (`claim_figures <claim id>`); null for a file at an older schema.
   */
  claimFigures: string[] | null
  /** A transaction a crash interrupted: read here as rolled back; the file rolls it back when opened for writing. */
  interruptedTransaction: boolean
  fileId: string | null
  createdAt: string | null
  createdWithVersion: string | null
  counts: FileCounts
}

/** What `file.check` says of a file refused for its schema: what differs, read from a copy in memory. */
export interface RefusedFileCheck {
  refused: true
  code: ErrorCode
  message: string
  path: string
  schemaVersion: number
  latestVersion: number
  applicationId: number
  applicationIdHex: string
  schema: RefusedFileInspection['deviations']
  integrity: RefusedFileInspection['integrity']
  foreignKeys: RefusedFileInspection['foreignKeys']
  fileId: string | null
}

const hex = (id: number) => `0x${id.toString(16).toUpperCase()}`

/** The short searches' kept rows that differ from the records (migration 017), one line each. */
function searchIndexDifferences(sqlite: Database.Database): string[] {
  return [
    ...milestoneGramDifferences(sqlite).map(
      (d) => `milestone_grams "${d.gram}" ${d.open ? 'open' : 'closed'} ${d.month}: kept ${d.kept}, counted ${d.computed}`,
    ),
    ...organisationSearchDifferences(sqlite).map((id) => `organisation_search ${id}`),
  ]
}

/** Counts of a file at an older schema, taken on a migrated copy in memory: the file itself is not changed. */
async function countsAfterMigration(sqlite: Database.Database): Promise<FileCounts> {
  const copy = new Database(sqlite.serialize())
  hardenConnection(copy)
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: copy }) })
  try {
    migrate(copy)
    return await fileCounts(db)
  } finally {
    await db.destroy()
  }
}

/**
 * Checks a file without changing it: identity, schema version, schema, integrity, foreign keys,
 * kept figures, the milestone search and record counts. Read-only and without migrating, on a connection of its own (the
 * workspace's open file stays as it is). A file refused for its schema is reported, nothing of
 * it run; any other refusal (not a file of the app, damaged...) is thrown.
 */
export async function checkFile(filePath: string, options: PageCheckOptions = {}): Promise<FileCheckReport | RefusedFileCheck> {
  let opened
  try {
    // A large file's full check runs in a worker thread, table by table with progress, and can be stopped.
    opened = openAmifFile(filePath, { inspectOnly: true, integrity: 'full-deferred' })
  } catch (err) {
    if (err instanceof AppError && err.code === 'FOREIGN_SCHEMA') return refusedCheck(filePath, err)
    throw err
  }
  try {
    if (!opened.pagesChecked) {
      const problems = await checkPages(opened.sqlite.name, 'full', options)
      if (problems.length > 0) {
        throw new AppError('CORRUPT', `${opened.path} is damaged (integrity check failed)`, { path: opened.path, problems })
      }
    } else options.onProgress?.({ done: 1, total: 1 })
    const applicationId = opened.sqlite.pragma('application_id', { simple: true }) as number
    const current = opened.schemaVersion === LATEST_VERSION
    // The meta record exists from version 1 on; version 0 is a file whose first migration never ran.
    const meta = opened.schemaVersion >= 1 ? await fileMeta(opened.db) : null
    return {
      refused: false,
      path: opened.path,
      schemaVersion: opened.schemaVersion,
      latestVersion: LATEST_VERSION,
      upgradeNeeded: !current,
      applicationId,
      applicationIdHex: hex(applicationId),
      schema: 'ok',
      integrity: 'ok',
      foreignKeys: foreignKeyProblems(opened.sqlite),
      figures: current ? keptFiguresDifferences(opened.sqlite) : null,
      milestoneSearch: current ? milestoneSearchDifferences(opened.sqlite) : null,
      searchIndex: current ? searchIndexDifferences(opened.sqlite) : null,
      claimFigures: current ? claimFigureDifferences(opened.sqlite) : null,
      interruptedTransaction: opened.interruptedTransaction,
      fileId: meta?.fileId ?? null,
      createdAt: meta?.createdAt ?? null,
      createdWithVersion: meta?.createdWithVersion ?? null,
      counts: current ? await fileCounts(opened.db) : await countsAfterMigration(opened.sqlite),
    }
  } finally {
    await opened.close()
  }
}

/** The check of a file refused for its schema: what differs, read from a copy in memory, nothing of it run. */
function refusedCheck(filePath: string, err: AppError): RefusedFileCheck {
  const r = inspectRefusedFile(filePath)
  return {
    refused: true,
    code: err.code,
    message: err.message,
    path: r.path,
    schemaVersion: r.schemaVersion,
    latestVersion: LATEST_VERSION,
    applicationId: r.applicationId,
    applicationIdHex: hex(r.applicationId),
    schema: r.deviations,
    integrity: r.integrity,
    foreignKeys: r.foreignKeys,
    fileId: r.fileId,
  }
}
