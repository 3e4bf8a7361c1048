import { z } from 'zod'
import { ATTACHMENT_KINDS } from '../vocabulary'
import { isoDate, recordId, requiredText } from './fields'
import { pageParams } from './paging'

/**
 * Input schemas of the attachments: what the officer says about a file before choosing it (its
 * kind, title and date; the file itself is chosen in main's open dialog, never named by the
 * window), and whose it is. The renderer's form validates with the same schemas.
 */

/** Whose attachments: one project's or one partner organisation's. */
export const attachmentOwner = z.union([z.object({ projectId: recordId }).strict(), z.object({ organisationId: recordId }).strict()])

/** A page of one owner's attachments: the owner as attachmentOwner takes it, with the page's size and start. */
export const attachmentPageQuery = z.union([
  z.object({ projectId: recordId, ...pageParams }).strict(),
  z.object({ organisationId: recordId, ...pageParams }).strict(),
])

/** What the officer says about an attachment. */
export const attachmentValues = z.object({
  kind: z.enum(ATTACHMENT_KINDS, { message: 'required' }),
  title: requiredText(300),
  documentDate: isoDate
    .nullish()
    .or(z.literal('').transform(() => null))
    .transform((v) => v ?? null),
})
