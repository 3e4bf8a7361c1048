import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { sql, type Insertable, type Kysely, type Selectable } from 'kysely'
import Database from 'better-sqlite3'
import { AppError } from './domain/errors'
import type { DocumentStamp, HandoverData, OpenItem } from '../templates/types'
import type { DocLanguage } from './domain/languages'
import { hardenConnection } from './file/app-schema'
import { writeAudit, type Officer } from './audit'
import { nowTimestamp } from './domain/dates'
import { documentColumns, insertDocument } from './documents'
import { kyselyOn } from './file'
import { safeFileName } from './file/file-names'
import { getGrantor, grantorForDocument } from './grantor'
import { newId } from './ids'
import { stageVerifiedPdf, type StagedPdf } from './file/pdf-files'
import type { DB, HandoverTable } from './schema'
import { isSameFile, moveIntoPlace, writeSnapshot } from './file/snapshot'
import { fileCounts } from './stats'
import type { WritableDb, WritableFile } from './writable'

/**
 * Handing a file over to a colleague: a consistent copy of the open file with a file id of its
 * own, holding the handover note and the open items the app listed; a summary PDF beside it; the
 * same handover recorded in the officer's own file (the handover table is append-only, so a later
 * merge of the two files keeps one row).
 */

export interface HandoverRequest {
  toName: string
  note: string
  /** Where the copy goes (from the save dialog, or the command line's --out folder). */
  destPath: string
  officer: Officer
  language: DocLanguage
  today: string
  items: OpenItem[]
  /** Words of the summary: its title and file name in the document's language. */
  name: (date: string) => { reference: string; title: string; fileName: string }
  render: (data: HandoverData) => Promise<{ bytes: Buffer; pageCount: number }>
  /** Write the summary over an existing PDF of its name: the officer was asked (or `--force`). */
  replaceSummary?: boolean
}

export interface HandoverResult {
  handoverId: string
  path: string
  bytes: number
  fileId: string
  integrity: 'ok'
  pdfPath: string
  pdfBytes: number
  pdfSha256: string
  pageCount: number
  openItems: OpenItem[]
}

/** A handover as the file keeps it. */
export interface Handover {
  id: string
  at: string
  fromOfficer: string
  fromEmail: string | null
  toName: string
  note: string
  openItems: OpenItem[]
  sourceFileId: string
  copyFileId: string
  /** The file a merge brought it from; null when it was recorded in this file. */
  receivedFromFileId: string | null
}

function toHandover(r: Selectable<HandoverTable>): Handover {
  return {
    id: r.id,
    at: r.at,
    fromOfficer: r.from_officer,
    fromEmail: r.from_email,
    toName: r.to_name,
    note: r.note,
    openItems: JSON.parse(r.open_items_json) as OpenItem[],
    sourceFileId: r.source_file_id,
    copyFileId: r.copy_file_id,
    receivedFromFileId: r.received_from_file_id,
  }
}

/**
 * The latest handover recorded in a file, or null: by this file's own time of recording or
 * receiving it, never by a date another file claims.
 */
export async function latestHandover(db: Kysely<DB>): Promise<Handover | null> {
  const row = await db
    .selectFrom('handovers')
    .selectAll()
    .orderBy(sql`coalesce(received_at, at)`, 'desc')
    .orderBy('id')
    .executeTakeFirst()
  return row ? toHandover(row) : null
}

/**
 * Writes the handover row and its summary into one file, in one transaction. The history entry is
 * written in the officer's own file only, where the handover was made (the two files' histories
 * join when they are merged, and would otherwise tell it twice). `beforeCommit` runs last inside
 * the transaction: if it fails, nothing is recorded.
 */
async function record(
  db: WritableDb,
  officer: Officer,
  row: Insertable<HandoverTable>,
  summary: ReturnType<typeof documentColumns>,
  audited: boolean,
  beforeCommit: () => void = () => undefined,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('handovers').values(row).execute()
    if (!audited) {
      await trx.insertInto('documents').values(summary).execute()
    } else {
      const after = { toName: row.to_name, note: row.note, copyFileId: row.copy_file_id, openItems: JSON.parse(row.open_items_json).length }
      await writeAudit(trx, officer, { entity: 'handover', recordId: row.id, action: 'create', after }, row.at)
      await insertDocument(trx, officer, summary)
    }
    beforeCommit()
  })
}

/** Where the summary of a handover copy goes: beside it, under the same name, as a safe `.pdf`. */
export function summaryPathFor(destPath: string): string {
  const dest = path.resolve(destPath)
  return path.join(path.dirname(dest), safeFileName(path.parse(dest).name))
}

/**
 * Hands the open file over: the copy with the note inside, the summary PDF beside it, the handover
 * kept in both files. An existing summary is replaced only with `replaceSummary` (FILE_EXISTS
 * otherwise, before anything is written); the copy replaces an existing file (the save dialog
 * asked). Both are made under temporary names and moved into place last, so a failure leaves
 * whatever was at those places as it was and removes only what this handover created.
 */
export async function handOver(file: WritableFile, req: HandoverRequest): Promise<HandoverResult> {
  const at = nowTimestamp()
  const dest = path.resolve(req.destPath)
  const pdfPath = summaryPathFor(dest)
  const replaceSummary = req.replaceSummary ?? false
  if (isSameFile(dest, file.path) || isSameFile(pdfPath, file.path))
    throw new AppError('SAME_FILE', 'The handover cannot be written over the open file', { path: dest })
  if (pdfPath.toLowerCase() === dest.toLowerCase()) throw new AppError('SAME_FILE', 'The handover copy cannot be named as its summary', { path: dest })
  if (!replaceSummary && fs.existsSync(pdfPath)) throw new AppError('FILE_EXISTS', `${pdfPath} already exists`, { path: pdfPath, summary: true })
  const tmpCopy = path.join(path.dirname(dest), `.${path.basename(dest)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`)
  const snapshot = writeSnapshot(file.sqlite, file.path, tmpCopy, { newIdentity: true, replace: false })
  let staged: StagedPdf | null = null
  let placed = false
  let summaryExisted = true
  try {
    const grantor = await getGrantor(file.db)
    const counts = await fileCounts(file.db)
    const documents = Number(
      (
        await file.db
          .selectFrom('documents')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )
    const names = req.name(req.today)
    const stamp: DocumentStamp = { kind: 'handover', reference: names.reference, version: 1, status: 'final', producedAt: at, producedBy: req.officer.name }
    const data: HandoverData = {
      stamp,
      grantor: grantor ? grantorForDocument(grantor, req.language) : null,
      fromOfficer: req.officer.name,
      toName: req.toName,
      note: req.note,
      fileName: path.basename(dest),
      fileId: snapshot.fileId,
      counts: { partners: counts.organisations, projects: counts.projects, milestones: counts.milestones, documents: documents + 1 },
      openItems: req.items,
    }
    const { bytes, pageCount } = await req.render(data)
    const row: Insertable<HandoverTable> & { at: string } = {
      id: newId(),
      at,
      from_officer: req.officer.name,
      from_email: req.officer.email,
      to_name: req.toName,
      note: req.note,
      open_items_json: JSON.stringify(req.items),
      source_file_id: snapshot.sourceFileId,
      copy_file_id: snapshot.fileId,
    }
    // One register entry with one id in both files, so that merging them later keeps one.
    const summary = documentColumns({
      kind: 'handover',
      projectId: null,
      language: req.language,
      version: 1,
      status: 'final',
      ...names,
      producedAt: at,
      officer: req.officer,
      bytes,
      pageCount,
      data: { ...data, stamp: undefined },
    })
    const copy = new Database(tmpCopy, { fileMustExist: true })
    // Its transaction reports its own error (a full disk), not Kysely's failed rollback after it.
    // The copy this handover has just made: written here and nowhere else.
    const copyDb = kyselyOn(copy) as WritableDb
    try {
      hardenConnection(copy)
      copy.pragma('foreign_keys = ON')
      await record(copyDb, req.officer, row, summary, false)
    } finally {
      await copyDb.destroy()
    }
    const pdf = stageVerifiedPdf(pdfPath, bytes, summary.sha256)
    staged = pdf
    // Moved into place last, inside the officer's own transaction: if they cannot be, nothing is recorded.
    await record(file.db, req.officer, row, summary, true, () => {
      summaryExisted = fs.existsSync(pdfPath)
      pdf.place(replaceSummary)
      placed = true
      moveIntoPlace(tmpCopy, dest, true)
    })
    return {
      handoverId: row.id,
      path: dest,
      bytes: fs.statSync(dest).size,
      fileId: snapshot.fileId,
      integrity: 'ok',
      pdfPath,
      pdfBytes: bytes.length,
      pdfSha256: summary.sha256,
      pageCount,
      openItems: req.items,
    }
  } catch (err) {
    // Only what this handover made goes: its temporary copy and summary, never a file that was there before.
    fs.rmSync(tmpCopy, { force: true })
    fs.rmSync(`${tmpCopy}-journal`, { force: true })
    if (!placed) staged?.discard()
    else if (!summaryExisted) fs.rmSync(pdfPath, { force: true })
    if (err instanceof AppError) throw err
    throw new AppError('WRITE_FAILED', `The handover could not be written: ${(err as Error).message}`, { path: dest })
  }
}
