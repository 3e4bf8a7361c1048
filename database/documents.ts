import { sql, type Insertable, type Kysely } from 'kysely'
import { AppError } from './domain/errors'
import type { DocumentStamp } from '../templates/types'
import { DOC_LANGUAGES, type DocLanguage } from './domain/languages'
import { DOCUMENT_KINDS, type DocumentKind } from './domain/vocabulary'
import { writeAudit, type Officer } from './audit'
import { nowTimestamp } from './domain/dates'
import { newId } from './ids'
import { searchPattern } from './search'
import { afterSql, cutPage, keyColumns, orderSql, type Page, type SortPart } from './paging'
import type { PageCursor } from './domain/schemas/paging'
import { checkDocumentSize, checkPdfBytes, sha256Hex } from './file/pdf-files'
import type { DB, DocumentTable } from './schema'
import type { WritableDb, WriteTrx } from './writable'

/**
 * The register of every PDF the file produced: its kind, project, language, version, who made it
 * and when, draft or final, and its bytes with their SHA-256.
 * Versions count per project, kind, subject (the claim or visit a verification or visit report is
 * about) and language. Producing a document again while its latest
 * version is a draft replaces that draft; once a version is final it is never changed, and the
 * next one gets the next number. A final version is rendered from the data its draft was made of
 * (kept with it), so it is the text the officer read, without the watermark.
 */

export interface DocumentRow {
  id: string
  kind: DocumentKind
  projectId: string | null
  projectCode: string | null
  /** The claim (verification report), visit (visit report) or milestone (reminder letter) the document is about; null for the other kinds. */
  subjectId: string | null
  language: DocLanguage
  version: number
  /** A document received from another file by a merge reads as a draft until the officer marks it final here. */
  status: 'draft' | 'final'
  /** The file a merge brought it from, while the officer has not marked it final here. */
  receivedFromFileId: string | null
  reference: string
  title: string
  fileName: string
  producedAt: string
  producedBy: string
  finalizedAt: string | null
  pageCount: number
  byteSize: number
  sha256: string
  updatedAt: string
}

/** What a renderer makes of a document's data and stamp. */
export type RenderDocument = (stamp: DocumentStamp, data: unknown) => Promise<{ bytes: Buffer; pageCount: number }>

/** Names a version: its reference, title and file name. */
export type NameDocument = (version: number, status: 'draft' | 'final') => { reference: string; title: string; fileName: string }

export interface ProduceRequest {
  kind: DocumentKind
  projectId: string | null
  /** The claim or visit a verification or visit report is about (required for those kinds, null for the others). */
  subjectId?: string | null
  language: DocLanguage
  /** What the template lays out, without its stamp (kept, to render the final version). */
  data: object
  params: object | null
  name: NameDocument
  render: RenderDocument
}

/** The register joined to its projects (their codes), before any column is chosen. */
function registerQuery(db: Kysely<DB>) {
  return db.selectFrom('documents as d').leftJoin('projects as p', 'p.id', 'd.project_id')
}

function baseQuery(db: Kysely<DB>) {
  return withDocumentColumns(registerQuery(db))
}

/** Every column a register row shows. */
function withDocumentColumns(query: ReturnType<typeof registerQuery>) {
  return query.select([
    'd.id',
    'd.kind',
    'd.project_id',
    'p.code as project_code',
    'd.subject_id',
    'd.language',
    'd.version',
    'd.status',
    'd.reference',
    'd.title',
    'd.file_name',
    'd.produced_at',
    'd.produced_by',
    'd.finalized_at',
    'd.page_count',
    'd.byte_size',
    'd.sha256',
    'd.updated_at',
    'd.received_from_file_id',
  ])
}

type BaseRow = Awaited<ReturnType<ReturnType<typeof baseQuery>['executeTakeFirstOrThrow']>>

function toRow(r: BaseRow): DocumentRow {
  return {
    id: r.id,
    kind: r.kind,
    projectId: r.project_id,
    projectCode: r.project_code,
    subjectId: r.subject_id,
    language: r.language,
    version: r.version,
    status: r.received_from_file_id ? 'draft' : r.status,
    receivedFromFileId: r.received_from_file_id,
    reference: r.reference,
    title: r.title,
    fileName: r.file_name,
    producedAt: r.produced_at,
    producedBy: r.produced_by,
    finalizedAt: r.finalized_at,
    pageCount: r.page_count,
    byteSize: r.byte_size,
    sha256: r.sha256,
    updatedAt: r.updated_at,
  }
}

/** Which documents of the register: of one project, of one kind, about one claim, visit or milestone, or matching a search. */
export interface DocumentFilter {
  projectId?: string
  kind?: DocumentKind
  subjectId?: string
  q?: string
}

/** The register's order: newest first, the higher version first among those produced at the same instant, the id last (a total order). */
const DOCUMENT_ORDER: readonly SortPart[] = [
  { expr: sql`d.produced_at`, desc: true },
  { expr: sql`d.version`, desc: true },
  { expr: sql`d.id`, desc: false },
]

/** The register's rows of a filter, before the columns, the order and the page. */
function filteredDocuments(db: Kysely<DB>, filter: DocumentFilter) {
  let q = registerQuery(db)
  if (filter.projectId) q = q.where('d.project_id', '=', filter.projectId)
  if (filter.subjectId) q = q.where('d.subject_id', '=', filter.subjectId)
  if (filter.kind) q = q.where('d.kind', '=', filter.kind)
  const search = searchPattern(filter.q)
  if (search) {
    const pattern = sql`${search} escape '\\'`
    q = q.where((eb) =>
      eb.or([
        eb(sql`amif_fold(d.reference)`, 'like', pattern),
        eb(sql`amif_fold(d.title)`, 'like', pattern),
        eb(sql`amif_fold(coalesce(p.code, ''))`, 'like', pattern),
      ]),
    )
  }
  return q
}

/**
 * The whole register, newest first; of one project, of one kind, or about one claim or visit; `q` finds a
 * reference, a title or a project code the way the other lists search (accents, case and punctuation ignored).
 */
export async function listDocuments(db: Kysely<DB>, filter: DocumentFilter = {}): Promise<DocumentRow[]> {
  const rows = await withDocumentColumns(filteredDocuments(db, filter)).orderBy(orderSql(DOCUMENT_ORDER)).execute()
  return rows.map(toRow)
}

/** The register's rows of these ids, in their order. */
async function rowsById(db: Kysely<DB>, ids: readonly string[]): Promise<DocumentRow[]> {
  if (ids.length === 0) return []
  const byId = new Map((await baseQuery(db).where('d.id', 'in', ids).execute()).map((r) => [r.id, r]))
  return ids.map((id) => toRow(byId.get(id)!))
}

/** One page of the register (same filters and order as listDocuments), with the count of the whole filtered register on the first page. */
export async function pageDocuments(db: Kysely<DB>, q: DocumentFilter & { limit: number; after?: PageCursor }): Promise<Page<DocumentRow>> {
  // The page's ids by the order first (down the register's index, stopping after the page), then
  // the page's rows by id. The first page counts the whole filtered register apart: counting in the
  // same pass (a window) would read and sort every row before the first could be given.
  let keys = filteredDocuments(db, q).select(keyColumns(DOCUMENT_ORDER))
  if (q.after) keys = keys.where(afterSql(DOCUMENT_ORDER, q.after))
  const found = (await keys
    .orderBy(orderSql(DOCUMENT_ORDER))
    .limit(q.limit + 1)
    .execute()) as Record<string, unknown>[]
  const page = cutPage(found, q.limit, DOCUMENT_ORDER.length)
  const ids = page.rows.map((r) => r[`k${DOCUMENT_ORDER.length - 1}`] as string)
  const total = q.after
    ? null
    : Number(
        (
          await filteredDocuments(db, q)
            .select(sql<number>`count(*)`.as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      )
  return { rows: await rowsById(db, ids), next: page.next, total }
}

/** One entry of the register (NOT_FOUND when there is none). */
export async function getDocument(db: Kysely<DB>, id: string): Promise<DocumentRow> {
  const row = await baseQuery(db).where('d.id', '=', id).executeTakeFirst()
  if (!row) throw new AppError('NOT_FOUND', `No document ${id}`, { entity: 'document', id })
  return toRow(row)
}

/** A stored document as it leaves the register: what its file name is made from, and its checked bytes. */
export interface StoredPdf {
  kind: DocumentKind
  projectCode: string | null
  language: DocLanguage
  version: number
  status: 'draft' | 'final'
  producedAt: string
  bytes: Buffer
  sha256: string
}

/**
 * A document's bytes, checked: within the size cap (looked at before the bytes are read), a PDF,
 * matching its SHA-256 (DOCUMENT_TOO_LARGE, DOCUMENT_INVALID). The stored file name is not
 * returned: a colleague's file may hold any; the caller makes one from the register's fields.
 */
export async function documentPdf(db: Kysely<DB>, id: string): Promise<StoredPdf> {
  const row = await db
    .selectFrom('documents as d')
    .leftJoin('projects as p', 'p.id', 'd.project_id')
    .select(['d.kind', 'p.code as project_code', 'd.language', 'd.version', 'd.status', 'd.produced_at', 'd.sha256'])
    .select(sql<number>`length(d.pdf)`.as('size'))
    .where('d.id', '=', id)
    .executeTakeFirst()
  if (!row) throw new AppError('NOT_FOUND', `No document ${id}`, { entity: 'document', id })
  checkDocumentSize(row.size, { id })
  const fieldsOk =
    (DOCUMENT_KINDS as readonly string[]).includes(row.kind) &&
    (DOC_LANGUAGES as readonly string[]).includes(row.language) &&
    (row.status === 'draft' || row.status === 'final') &&
    Number.isSafeInteger(row.version) &&
    row.version >= 1 &&
    typeof row.produced_at === 'string'
  if (!fieldsOk) throw new AppError('DOCUMENT_INVALID', `Document ${id} has a register entry the app did not write`, { id, reason: 'register' })
  const blob = await db.selectFrom('documents').select('pdf').where('id', '=', id).executeTakeFirstOrThrow()
  const stored: unknown = blob.pdf
  if (!Buffer.isBuffer(stored) && typeof stored !== 'string') throw new AppError('DOCUMENT_INVALID', `Document ${id} holds no bytes`, { id, reason: 'notPdf' })
  const bytes = Buffer.isBuffer(stored) ? stored : Buffer.from(stored)
  checkPdfBytes(bytes, row.sha256, { id })
  return {
    kind: row.kind,
    projectCode: row.project_code,
    language: row.language,
    version: row.version,
    status: row.status,
    producedAt: row.produced_at,
    bytes,
    sha256: row.sha256,
  }
}

/** The register's metadata of a row, as its audit entry holds it (never the bytes). */
function auditView(r: DocumentRow): Record<string, unknown> {
  const { id: _id, projectCode: _c, updatedAt: _u, ...rest } = r
  return rest
}

/** The version a new production gets, and the draft it replaces, if any. */
async function nextVersion(
  db: Kysely<DB>,
  kind: DocumentKind,
  projectId: string | null,
  subjectId: string | null,
  language: DocLanguage,
): Promise<{ version: number; replaces: string | null }> {
  let q = db.selectFrom('documents').select(['id', 'version', 'status']).where('kind', '=', kind).where('language', '=', language)
  q = projectId ? q.where('project_id', '=', projectId) : q.where('project_id', 'is', null)
  q = subjectId ? q.where('subject_id', '=', subjectId) : q.where('subject_id', 'is', null)
  const latest = await q.orderBy('version', 'desc').orderBy('produced_at', 'desc').executeTakeFirst()
  if (!latest) return { version: 1, replaces: null }
  // Documents without a project (programme reports, handover summaries) are each their own record.
  if (latest.status === 'draft' && projectId) return { version: latest.version, replaces: latest.id }
  return { version: latest.version + 1, replaces: null }
}

/** Produces a draft: renders it, then stores it as a new version or in place of the latest draft. */
export async function produceDocument(db: WritableDb, officer: Officer, req: ProduceRequest): Promise<DocumentRow> {
  const subjectId = req.subjectId ?? null
  const { version, replaces } = await nextVersion(db, req.kind, req.projectId, subjectId, req.language)
  const producedAt = nowTimestamp()
  const names = req.name(version, 'draft')
  const stamp: DocumentStamp = { kind: req.kind, reference: names.reference, version, status: 'draft', producedAt, producedBy: officer.name }
  const { bytes, pageCount } = await req.render(stamp, req.data)
  checkDocumentSize(bytes.length, { kind: req.kind })
  const columns: Omit<Insertable<DocumentTable>, 'id' | 'created_at'> = {
    kind: req.kind,
    project_id: req.projectId,
    subject_id: subjectId,
    language: req.language,
    version,
    status: 'draft',
    reference: names.reference,
    title: names.title,
    file_name: names.fileName,
    produced_at: producedAt,
    produced_by: officer.name,
    finalized_at: null,
    page_count: pageCount,
    byte_size: bytes.length,
    sha256: sha256Hex(bytes),
    pdf: bytes,
    data_json: JSON.stringify(req.data),
    params_json: req.params ? JSON.stringify(req.params) : null,
    updated_at: producedAt,
    updated_by: officer.name,
  }
  // One transaction: the row it stores is the row returned (no read after it).
  return db.transaction().execute(async (trx) => {
    if (replaces) {
      const before = toRow(await baseQuery(trx).where('d.id', '=', replaces).executeTakeFirstOrThrow())
      await trx.updateTable('documents').set(columns).where('id', '=', replaces).execute()
      const after = toRow(await baseQuery(trx).where('d.id', '=', replaces).executeTakeFirstOrThrow())
      await writeAudit(
        trx,
        officer,
        { entity: 'document', recordId: replaces, parentId: req.projectId, action: 'update', before: auditView(before), after: auditView(after) },
        producedAt,
      )
      return after
    }
    return insertDocumentRow(trx, officer, { id: newId(), ...columns, created_at: producedAt })
  })
}

/** Adds an entry to the register with its audit row, in the caller's transaction; returns its id. */
export async function insertDocument(trx: WriteTrx, officer: Officer, row: Insertable<DocumentTable>): Promise<string> {
  return (await insertDocumentRow(trx, officer, row)).id
}

/** Adds an entry to the register with its audit row, in the caller's transaction; returns it as the register shows it. */
async function insertDocumentRow(trx: WriteTrx, officer: Officer, row: Insertable<DocumentTable>): Promise<DocumentRow> {
  await trx.insertInto('documents').values(row).execute()
  const created = toRow(await baseQuery(trx).where('d.id', '=', row.id).executeTakeFirstOrThrow())
  await writeAudit(
    trx,
    officer,
    { entity: 'document', recordId: created.id, parentId: row.project_id ?? null, action: 'create', after: auditView(created) },
    row.created_at,
  )
  return created
}

/** The columns of a new register entry for bytes already rendered (a handover summary). */
export function documentColumns(doc: {
  kind: DocumentKind
  projectId: string | null
  language: DocLanguage
  version: number
  status: 'draft' | 'final'
  reference: string
  title: string
  fileName: string
  producedAt: string
  officer: Officer
  bytes: Buffer
  pageCount: number
  data: object
}): Insertable<DocumentTable> {
  checkDocumentSize(doc.bytes.length, { kind: doc.kind })
  return {
    id: newId(),
    kind: doc.kind,
    project_id: doc.projectId,
    language: doc.language,
    version: doc.version,
    status: doc.status,
    reference: doc.reference,
    title: doc.title,
    file_name: doc.fileName,
    produced_at: doc.producedAt,
    produced_by: doc.officer.name,
    finalized_at: doc.status === 'final' ? doc.producedAt : null,
    page_count: doc.pageCount,
    byte_size: doc.bytes.length,
    sha256: sha256Hex(doc.bytes),
    pdf: doc.bytes,
    data_json: JSON.stringify(doc.data),
    params_json: null,
    created_at: doc.producedAt,
    updated_at: doc.producedAt,
    updated_by: doc.officer.name,
  }
}

/**
 * Marks a draft final: renders it again from the data it was made of, without the watermark.
 * DOCUMENT_FINAL when it is final already.
 */
export async function finalizeDocument(
  db: WritableDb,
  officer: Officer,
  id: string,
  name: NameDocument,
  render: RenderDocument,
  expectedUpdatedAt?: string,
): Promise<DocumentRow> {
  const row = await db
    .selectFrom('documents')
    .select(['status', 'version', 'kind', 'reference', 'data_json', 'updated_at', 'project_id', 'received_from_file_id'])
    .where('id', '=', id)
    .executeTakeFirst()
  if (!row) throw new AppError('NOT_FOUND', `No document ${id}`, { entity: 'document', id })
  if (row.status === 'final' && !row.received_from_file_id) throw new AppError('DOCUMENT_FINAL', `Document ${id} is final already`, { id })
  if (expectedUpdatedAt !== undefined && row.updated_at !== expectedUpdatedAt) {
    throw new AppError('STALE', `Document ${id} was changed meanwhile`, { id, updatedAt: row.updated_at })
  }
  const at = nowTimestamp()
  if (row.status === 'final') {
    // Final in the colleague's file: the officer accepts its bytes as they are (they carry no draft mark).
    await db.transaction().execute(async (trx) => {
      const before = toRow(await baseQuery(trx).where('d.id', '=', id).executeTakeFirstOrThrow())
      if (before.status === 'final') throw new AppError('DOCUMENT_FINAL', `Document ${id} is final already`, { id })
      await trx.updateTable('documents').set({ received_from_file_id: null }).where('id', '=', id).execute()
      const after = toRow(await baseQuery(trx).where('d.id', '=', id).executeTakeFirstOrThrow())
      await writeAudit(
        trx,
        officer,
        { entity: 'document', recordId: id, parentId: row.project_id, action: 'update', before: auditView(before), after: auditView(after) },
        at,
      )
    })
    return getDocument(db, id)
  }
  // The final version keeps its draft's reference; only the file name loses the draft mark.
  const { fileName } = name(row.version, 'final')
  const stamp: DocumentStamp = { kind: row.kind, reference: row.reference, version: row.version, status: 'final', producedAt: at, producedBy: officer.name }
  const { bytes, pageCount } = await render(stamp, JSON.parse(row.data_json))
  checkDocumentSize(bytes.length, { id })
  await db.transaction().execute(async (trx) => {
    const before = toRow(await baseQuery(trx).where('d.id', '=', id).executeTakeFirstOrThrow())
    if (before.status === 'final') throw new AppError('DOCUMENT_FINAL', `Document ${id} is final already`, { id })
    await trx
      .updateTable('documents')
      .set({
        status: 'final',
        finalized_at: at,
        produced_at: at,
        produced_by: officer.name,
        file_name: fileName,
        page_count: pageCount,
        byte_size: bytes.length,
        sha256: sha256Hex(bytes),
        pdf: bytes,
        updated_at: at,
        updated_by: officer.name,
        received_from_file_id: null,
      })
      .where('id', '=', id)
      .execute()
    const after = toRow(await baseQuery(trx).where('d.id', '=', id).executeTakeFirstOrThrow())
    await writeAudit(
      trx,
      officer,
      { entity: 'document', recordId: id, parentId: row.project_id, action: 'update', before: auditView(before), after: auditView(after) },
      at,
    )
  })
  return getDocument(db, id)
}

/** Removes a draft from the register; a final version is never removed (DOCUMENT_FINAL). */
export async function deleteDraft(db: WritableDb, officer: Officer, id: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const found = await baseQuery(trx).where('d.id', '=', id).executeTakeFirst()
    if (!found) throw new AppError('NOT_FOUND', `No document ${id}`, { entity: 'document', id })
    const before = toRow(found)
    if (before.status === 'final') throw new AppError('DOCUMENT_FINAL', `Document ${id} is final and stays in the register`, { id })
    await trx.deleteFrom('documents').where('id', '=', id).execute()
    await writeAudit(trx, officer, { entity: 'document', recordId: id, parentId: before.projectId, action: 'delete', before: auditView(before) })
  })
}
