import { z } from 'zod'
import { addAttachment, attachmentContent, linkAttachment, pageAttachments, removeAttachment } from '../../../database/attachments'
import { readAttachmentSource, writeVerifiedAttachment } from '../../../database/file/attachment-files'
import { attachmentOwner, attachmentPageQuery, attachmentValues } from '../../../database/domain/schemas/attachments'
import { recordId } from '../../../database/domain/schemas/fields'
import { ATTACHMENT_EXTENSIONS } from '../../../database/domain/vocabulary'
import { command, query } from '../channel'
import { namedPage } from '../../../database/paging'

/** The extensions the open dialog offers (the type is still read from the content). */
const OPEN_FILTERS = [{ name: 'PDF, PNG, JPEG, DOCX, XLSX, ODT, ODS', extensions: [...new Set([...Object.values(ATTACHMENT_EXTENSIONS), 'jpeg'])] }]

/** Channels of the attachments: documents a project or a partner holds that the app did not produce. */
export const attachmentChannels = {
  /** A page of a project's or a partner's attachments, newest first, without their bytes. */
  'attachments.list': query(attachmentPageQuery, async (ctx, { limit, after, ...owner }) =>
    // The cursor names its owner: another owner's is refused.
    namedPage(`attachments:${'projectId' in owner ? owner.projectId : owner.organisationId}`, after, (after) =>
      pageAttachments(ctx.file().db, owner, { limit, after }),
    ),
  ),

  /**
   * Adds an attachment: the officer chooses the file in the open dialog (the window never names a
   * path); its type is read from its content, at most 50 MB (ATTACHMENT_UNSUPPORTED,
   * ATTACHMENT_TOO_LARGE, nothing written). Cancelling the dialog adds nothing.
   */
  'attachments.add': command(z.object({ owner: attachmentOwner, values: attachmentValues }), async (ctx, input) => {
    const db = ctx.writableFile().db
    const chosen = await ctx.dialogs.openFile({ title: input.values.title, filters: OPEN_FILTERS })
    if (!chosen) return { cancelled: true as const }
    const source = readAttachmentSource(chosen)
    const row = await addAttachment(db, ctx.officer(), { owner: input.owner, ...input.values, originalName: source.fileName, bytes: source.bytes })
    return { cancelled: false as const, attachment: row }
  }),

  /**
   * Writes an attachment where the officer chooses in the save dialog, under its name with its
   * type's extension, checked against its SHA-256 before and after writing, and opens it with the
   * system's viewer when asked (checked once more there).
   */
  'attachments.save': query(z.object({ id: recordId, open: z.boolean().default(true) }), async (ctx, input) => {
    const { row, bytes } = await attachmentContent(ctx.file().db, input.id)
    const ext = ATTACHMENT_EXTENSIONS[row.mediaType]
    const chosen = await ctx.dialogs.saveFile({ title: row.fileName, defaultName: row.fileName, filters: [{ name: ext.toUpperCase(), extensions: [ext] }] })
    if (!chosen) return { cancelled: true as const }
    const target = writeVerifiedAttachment(chosen, bytes, row.mediaType, row.sha256)
    if (input.open) await ctx.dialogs.openWithSystem(target, row.sha256)
    return { cancelled: false as const, path: target, bytes: bytes.length, sha256: row.sha256 }
  }),

  /** Removes an attachment (its removal travels in a merge). */
  'attachments.remove': command(z.object({ id: recordId }), async (ctx, { id }) => {
    await removeAttachment(ctx.writableFile().db, ctx.officer(), id)
    return { removed: id }
  }),

  /** Points a signed agreement scan at the project's produced agreement it is the signed copy of (null: unlinks). */
  'attachments.link': command(z.object({ id: recordId, documentId: recordId.nullable(), expectedUpdatedAt: z.string().optional() }), async (ctx, input) =>
    linkAttachment(ctx.writableFile().db, ctx.officer(), input.id, input.documentId, input.expectedUpdatedAt),
  ),
}
