import fs from 'node:fs'
import path from 'node:path'
import { Kysely, sql, SqliteDialect, type Insertable, type Selectable } from 'kysely'
import Database from 'better-sqlite3'
import { AppError } from '../electron/api/errors'
import type { DocLanguage, DocumentStamp, HandoverData, OpenItem } from '../templates/types'
import { writeAudit, type Officer } from './audit'
import { nowTimestamp } from './dates'
import { documentColumns, insertDocument } from './documents'
import type { AmifFile } from './file'
import { getGrantor, grantorForDocument } from './grantor'
import { newId } from './ids'
import type { DB, HandoverTable } from './schema'
import { writeSnapshot } from './snapshot'
import { fileCounts } from './stats'

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
}

export interface HandoverResult {
  handoverId: string
  path: string
  bytes: number
  fileId: string
  integrity: 'ok'
  pdfPath: string
  pdfBytes: number
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
  const row = await db.selectFrom('handovers').selectAll().orderBy(sql`coalesce(received_at, at)`, 'desc').orderBy('id').executeTakeFirst()
  return row ? toHandover(row) : null
}

/**
 * Writes the handover row and its summary into one file, in one transaction. The history entry is
 * written in the officer's own file only, where the handover was made (the two files' histories
 * join when they are merged, and would otherwise tell it twice).
 */
async function record(db: Kysely<DB>, officer: Officer, row: Insertable<HandoverTable>, summary: ReturnType<typeof documentColumns>, audited: boolean): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('handovers').values(row).execute()
    if (!audited) {
      await trx.insertInto('documents').values(summary).execute()
      return
    }
    const after = { toName: row.to_name, note: row.note, copyFileId: row.copy_file_id, openItems: JSON.parse(row.open_items_json).length }
    await writeAudit(trx, officer, { entity: 'handover', recordId: row.id, action: 'create', after }, row.at)
    await insertDocument(trx, officer, summary)
  })
}

/** Hands the open file over: the copy with the note inside, the summary PDF beside it, the handover kept in both files. */
export async function handOver(file: AmifFile, req: HandoverRequest): Promise<HandoverResult> {
  const at = nowTimestamp()
  const snapshot = writeSnapshot(file.sqlite, file.path, req.destPath, { newIdentity: true })
  // The summary sits beside the copy under the same name, so the two go together.
  const pdfPath = path.join(path.dirname(snapshot.path), `${path.parse(snapshot.path).name}.pdf`)
  try {
    const grantor = await getGrantor(file.db)
    const counts = await fileCounts(file.db)
    const documents = Number((await file.db.selectFrom('documents').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)
    const names = req.name(req.today)
    const stamp: DocumentStamp = { kind: 'handover', reference: names.reference, version: 1, status: 'final', producedAt: at, producedBy: req.officer.name }
    const data: HandoverData = {
      stamp,
      grantor: grantor ? grantorForDocument(grantor, req.language) : null,
      fromOfficer: req.officer.name,
      toName: req.toName,
      note: req.note,
      fileName: path.basename(snapshot.path),
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
    const copy = new Database(snapshot.path, { fileMustExist: true })
    const copyDb = new Kysely<DB>({ dialect: new SqliteDialect({ database: copy }) })
    try {
      copy.pragma('foreign_keys = ON')
      await record(copyDb, req.officer, row, summary, false)
    } finally {
      await copyDb.destroy()
    }
    fs.writeFileSync(pdfPath, bytes)
    await record(file.db, req.officer, row, summary, true)
    return {
      handoverId: row.id,
      path: snapshot.path,
      bytes: fs.statSync(snapshot.path).size,
      fileId: snapshot.fileId,
      integrity: 'ok',
      pdfPath,
      pdfBytes: bytes.length,
      pageCount,
      openItems: req.items,
    }
  } catch (err) {
    // Nothing half-made is left for the colleague: no copy without its note, no summary without its copy.
    fs.rmSync(snapshot.path, { force: true })
    fs.rmSync(pdfPath, { force: true })
    if (err instanceof AppError) throw err
    throw new AppError('WRITE_FAILED', `The handover could not be written: ${(err as Error).message}`, { path: snapshot.path })
  }
}
