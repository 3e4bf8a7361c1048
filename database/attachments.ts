import type { Kysely } from 'kysely'
import { sql } from 'kysely'
import { AppError } from './domain/errors'
import type { PageCursor } from './domain/schemas/paging'
import { afterSql, cutPage, keyColumns, orderSql, type Page, type SortPart } from './paging'
import type { AttachmentKind, AttachmentMediaType } from './domain/vocabulary'
import type { Officer } from './audit'
import { checkAttachmentBytes, checkAttachmentSize, describeAttachment } from './file/attachment-files'
import { deleteRecord, insertRecord, recordRow, updateRecord, type RecordTarget } from './records'
import type { DB } from './schema'
import type { WritableDb } from './writable'

/**
 * Attachments: documents an officer keeps without having produced them (a signed agreement's scan,
 * a partner's report, a supporting document), held in the file with their bytes and SHA-256, each
 * belonging to one project or one partner organisation (migration 010). Never changed once added,
 * a new version is a new attachment; removing one leaves a tombstone, so the removal travels in a
 * merge. A signed scan may point to the produced agreement it is the signed copy of.
 */

/** An attachment as lists show it: everything but its bytes. */
export interface AttachmentRow {
  id: string
  projectId: string | null
  organisationId: string | null
  kind: AttachmentKind
  title: string
  documentDate: string | null
  fileName: string
  mediaType: AttachmentMediaType
  byteSize: number
  sha256: string
  addedBy: string
  addedAt: string
  /** The produced agreement this is the signed scan of, and its reference. */
  documentId: string | null
  documentReference: string | null
  updatedAt: string
}

/** Whose attachment it is: a project's or a partner organisation's. */
export type AttachmentOwner = { projectId: string } | { organisationId: string }

export interface NewAttachment {
  owner: AttachmentOwner
  kind: AttachmentKind
  title: string
  documentDate: string | null
  /** The name of the file the officer chose (made safe, with the extension of the type its bytes are). */
  originalName: string
  bytes: Buffer
}

const target = (parentId: string | null): RecordTarget<'attachments'> => ({ table: 'attachments', entity: 'attachment', parentId, omit: ['content'] })

function baseQuery(db: Kysely<DB>) {
  return db
    .selectFrom('attachments as a')
    .leftJoin('documents as d', 'd.id', 'a.document_id')
    .select([
      'a.id',
      'a.project_id',
      'a.organisation_id',
      'a.kind',
      'a.title',
      'a.document_date',
      'a.file_name',
      'a.media_type',
      'a.byte_size',
      'a.sha256',
      'a.added_by',
      'a.created_at',
      'a.document_id',
      'd.reference as document_reference',
      'a.updated_at',
    ])
}

type BaseRow = Awaited<ReturnType<ReturnType<typeof baseQuery>['executeTakeFirstOrThrow']>>

function toRow(r: BaseRow): AttachmentRow {
  return {
    id: r.id,
    projectId: r.project_id,
    organisationId: r.organisation_id,
    kind: r.kind,
    title: r.title,
    documentDate: r.document_date,
    fileName: r.file_name,
    mediaType: r.media_type,
    byteSize: r.byte_size,
    sha256: r.sha256,
    addedBy: r.added_by,
    addedAt: r.created_at,
    documentId: r.document_id,
    documentReference: r.document_reference,
    updatedAt: r.updated_at,
  }
}

/** An owner's attachments' order: newest first, the id last (the order is total). */
const ATTACHMENT_ORDER: readonly SortPart[] = [
  { expr: sql`a.created_at`, desc: true },
  { expr: sql`a.id`, desc: false },
]

/** A project's or a partner's attachments, newest first, without their bytes. */
export async function listAttachments(db: Kysely<DB>, owner: AttachmentOwner): Promise<AttachmentRow[]> {
  let q = baseQuery(db)
  q = 'projectId' in owner ? q.where('a.project_id', '=', owner.projectId) : q.where('a.organisation_id', '=', owner.organisationId)
  const rows = await q.orderBy(orderSql(ATTACHMENT_ORDER)).execute()
  return rows.map(toRow)
}

/**
 * One page of a project's or a partner's attachments, newest first, without their bytes, with
 * the count of them all on the first page: the page's ids by the owner's index first, then its rows.
 */
export async function pageAttachments(db: Kysely<DB>, owner: AttachmentOwner, page: { limit: number; after?: PageCursor }): Promise<Page<AttachmentRow>> {
  let keys = db.selectFrom('attachments as a').select(keyColumns(ATTACHMENT_ORDER))
  keys = 'projectId' in owner ? keys.where('a.project_id', '=', owner.projectId) : keys.where('a.organisation_id', '=', owner.organisationId)
  // The first page counts them all in the same pass; the pages after it do not count them again.
  if (!page.after) keys = keys.select(sql<number>`count(*) over ()`.as('total_n'))
  else keys = keys.where(afterSql(ATTACHMENT_ORDER, page.after))
  const found = (await keys
    .orderBy(orderSql(ATTACHMENT_ORDER))
    .limit(page.limit + 1)
    .execute()) as Record<string, unknown>[]
  const cut = cutPage(found, page.limit, ATTACHMENT_ORDER.length)
  const ids = cut.rows.map((r) => r[`k${ATTACHMENT_ORDER.length - 1}`] as string)
  const byId = new Map((ids.length ? await baseQuery(db).where('a.id', 'in', ids).execute() : []).map((r) => [r.id, r]))
  return { rows: ids.map((id) => toRow(byId.get(id)!)), next: cut.next, total: page.after ? null : Number(found[0]?.total_n ?? 0) }
}

/** One attachment without its bytes (NOT_FOUND when there is none). */
export async function getAttachment(db: Kysely<DB>, id: string): Promise<AttachmentRow> {
  const row = await baseQuery(db).where('a.id', '=', id).executeTakeFirst()
  if (!row) throw new AppError('NOT_FOUND', `No attachment ${id}`, { entity: 'attachment', id })
  return toRow(row)
}

/**
 * Adds an attachment with its audit row (which names the bytes by their SHA-256, never holds
 * them). The bytes' type is read from their content: ATTACHMENT_TOO_LARGE over 50 MB,
 * ATTACHMENT_UNSUPPORTED for a type not accepted; NOT_FOUND for an owner the file lacks. Nothing is
 * written on a refusal.
 */
export async function addAttachment(db: WritableDb, officer: Officer, input: NewAttachment): Promise<AttachmentRow> {
  const source = describeAttachment(input.bytes, input.originalName)
  const id = await db.transaction().execute(async (trx) => {
    const projectId = 'projectId' in input.owner ? input.owner.projectId : null
    const organisationId = 'organisationId' in input.owner ? input.owner.organisationId : null
    const owner = projectId
      ? await trx.selectFrom('projects').select('id').where('id', '=', projectId).executeTakeFirst()
      : await trx
          .selectFrom('organisations')
          .select('id')
          .where('id', '=', organisationId as string)
          .executeTakeFirst()
    if (!owner)
      throw new AppError('NOT_FOUND', `No ${projectId ? 'project' : 'organisation'} ${projectId ?? organisationId}`, {
        entity: projectId ? 'project' : 'organisation',
        id: projectId ?? organisationId,
      })
    return insertRecord(trx, officer, target(projectId ?? organisationId), {
      project_id: projectId,
      organisation_id: organisationId,
      kind: input.kind,
      title: input.title,
      document_date: input.documentDate,
      file_name: source.fileName,
      media_type: source.mediaType,
      byte_size: source.bytes.length,
      sha256: source.sha256,
      content: source.bytes,
      added_by: officer.name,
      document_id: null,
    })
  })
  return getAttachment(db, id)
}

/** A stored attachment's bytes, checked: within the cap (looked at before they are read), of its type, matching its SHA-256. */
export async function attachmentContent(db: Kysely<DB>, id: string): Promise<{ row: AttachmentRow; bytes: Buffer }> {
  const row = await getAttachment(db, id)
  const size = await db
    .selectFrom('attachments')
    .select(sql<number>`length(content)`.as('size'))
    .where('id', '=', id)
    .executeTakeFirstOrThrow()
  checkAttachmentSize(size.size, { id })
  const stored: unknown = (await db.selectFrom('attachments').select('content').where('id', '=', id).executeTakeFirstOrThrow()).content
  if (!Buffer.isBuffer(stored)) throw new AppError('ATTACHMENT_INVALID', `Attachment ${id} holds no bytes`, { id, reason: 'type' })
  checkAttachmentBytes(stored, row.mediaType, row.sha256, { id })
  return { row, bytes: stored }
}

/** Removes an attachment with its audit row; it leaves a tombstone, so the removal travels in a merge. */
export async function removeAttachment(db: WritableDb, officer: Officer, id: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await recordRow(trx, 'attachments', id)
    await deleteRecord(trx, officer, target((row.project_id ?? row.organisation_id) as string), id)
  })
}

/**
 * Links a project's signed-agreement scan to the produced agreement it is the signed copy of
 * (`documentId` null unlinks it). The agreement must be one of the same project's: NOT_FOUND or
 * VALIDATION otherwise.
 */
export async function linkAttachment(
  db: WritableDb,
  officer: Officer,
  id: string,
  documentId: string | null,
  expectedUpdatedAt?: string,
): Promise<AttachmentRow> {
  await db.transaction().execute(async (trx) => {
    const row = await recordRow(trx, 'attachments', id)
    if (documentId !== null) {
      const doc = await trx.selectFrom('documents').select(['kind', 'project_id']).where('id', '=', documentId).executeTakeFirst()
      if (!doc) throw new AppError('NOT_FOUND', `No document ${documentId}`, { entity: 'document', id: documentId })
      if (row.kind !== 'signed_agreement' || doc.kind !== 'agreement' || doc.project_id === null || doc.project_id !== row.project_id) {
        throw new AppError('VALIDATION', 'Only a signed agreement scan of a project may point to an agreement of the same project', {
          issues: [{ path: 'documentId', message: 'invalid' }],
        })
      }
    }
    await updateRecord(trx, officer, target(row.project_id as string | null), id, { document_id: documentId }, expectedUpdatedAt)
  })
  return getAttachment(db, id)
}
