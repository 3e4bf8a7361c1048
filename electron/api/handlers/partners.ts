import { z } from 'zod'
import { pageHistory } from '../../../database/audit'
import { pageParams } from '../../../database/domain/schemas/paging'
import { namedPage } from '../../../database/paging'
import {
  createContact,
  createPartner,
  createPartnership,
  deleteContact,
  deletePartner,
  deletePartnership,
  getPartner,
  pagePartners,
  setPartnerArchived,
  type PartnerListRow,
  updateContact,
  updatePartner,
  updatePartnership,
} from '../../../database/partners'
import { command, query } from '../channel'
import { column, exportRequest, pagedRows, saveTableAs, type TableSpec } from '../export-table'
import { contactValues, organisationValues, partnerPageQuery, partnerQuery, partnershipValues, recordId } from '../../../database/domain/schemas/partners'

const byId = z.object({ id: recordId })
const expected = z.string().optional()

/** The registry's columns as exported (the renderer picks them by key and sends their headers). */
const PARTNER_EXPORT: TableSpec<PartnerListRow> = {
  name: column('text', (r) => r.name),
  acronym: column('text', (r) => r.acronym),
  kind: column('text', (r, label) => label('kind', r.kind)),
  enterpriseNumber: column('text', (r) => r.enterpriseNumberDisplay),
  city: column('text', (r) => r.city),
  country: column('text', (r) => r.country),
  strands: column('text', (r, label) => r.strands.map((s) => label('strand', s)).join(', ')),
  contacts: column('number', (r) => r.contacts),
  signatories: column('number', (r) => r.signatories),
  archived: column('text', (r, label) => label('archived', String(r.archived))),
  updatedAt: column('timestamp', (r) => r.updatedAt),
}

/** Channels of the partner registry: organisations, their contacts and partnerships. */
export const partnerChannels = {
  /** A page of the registry (at most PAGE_MAX rows) with the count of the whole filtered list. */
  'partners.list': query(partnerPageQuery, async (ctx, q) => namedPage('partners', q.after, (after) => pagePartners(ctx.file().db, { ...q, after }))),

  'partners.get': query(byId, async (ctx, { id }) => getPartner(ctx.file().db, id)),

  /** A page of a partner's history (its own changes, its contacts' and its partnerships'), newest first. */
  'partners.history': query(byId.extend(pageParams), async (ctx, { id, limit, after }) =>
    // A history's cursor names its record: another record's is refused.
    namedPage(`history:${id}`, after, (after) => pageHistory(ctx.file().db, id, { limit, after })),
  ),

  'partners.create': command(z.object({ values: organisationValues }), async (ctx, { values }) => createPartner(ctx.writableFile().db, ctx.officer(), values)),

  'partners.update': command(z.object({ id: recordId, expectedUpdatedAt: expected, values: organisationValues }), async (ctx, input) =>
    updatePartner(ctx.writableFile().db, ctx.officer(), input.id, input.values, input.expectedUpdatedAt),
  ),

  'partners.setArchived': command(z.object({ id: recordId, archived: z.boolean() }), async (ctx, input) =>
    setPartnerArchived(ctx.writableFile().db, ctx.officer(), input.id, input.archived),
  ),

  'partners.delete': command(byId, async (ctx, { id }) => {
    await deletePartner(ctx.writableFile().db, ctx.officer(), id)
    return { deleted: id }
  }),

  /**
   * Writes the rows the list shows (same search, filters and sort) to a file the officer picks;
   * the renderer passes the translated headers and value labels. Null when the dialog is cancelled.
   */
  'partners.export': query(z.object({ ...exportRequest, query: partnerQuery }), async (ctx, input) =>
    saveTableAs(
      ctx,
      input,
      PARTNER_EXPORT,
      pagedRows((page) => pagePartners(ctx.file().db, { ...input.query, ...page })),
    ),
  ),

  'contacts.create': command(z.object({ organisationId: recordId, values: contactValues }), async (ctx, input) =>
    createContact(ctx.writableFile().db, ctx.officer(), input.organisationId, input.values),
  ),

  'contacts.update': command(z.object({ id: recordId, expectedUpdatedAt: expected, values: contactValues }), async (ctx, input) =>
    updateContact(ctx.writableFile().db, ctx.officer(), input.id, input.values, input.expectedUpdatedAt),
  ),

  'contacts.delete': command(byId, async (ctx, { id }) => {
    await deleteContact(ctx.writableFile().db, ctx.officer(), id)
    return { deleted: id }
  }),

  'partnerships.create': command(z.object({ organisationId: recordId, values: partnershipValues }), async (ctx, input) =>
    createPartnership(ctx.writableFile().db, ctx.officer(), input.organisationId, input.values),
  ),

  'partnerships.update': command(z.object({ id: recordId, expectedUpdatedAt: expected, values: partnershipValues }), async (ctx, input) =>
    updatePartnership(ctx.writableFile().db, ctx.officer(), input.id, input.values, input.expectedUpdatedAt),
  ),

  'partnerships.delete': command(byId, async (ctx, { id }) => {
    await deletePartnership(ctx.writableFile().db, ctx.officer(), id)
    return { deleted: id }
  }),
}
