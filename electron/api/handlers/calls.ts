import { z } from 'zod'
import { deleteCall, getCall, pageCalls, saveCall } from '../../../database/calls'
import { command, query } from '../channel'
import { namedPage } from '../../../database/paging'
import { recordId } from '../../../database/domain/schemas/fields'
import { callPageQuery, callValues } from '../../../database/domain/schemas/projects'

/** Channels of calls for projects. */
export const callChannels = {
  /** A page of the calls, newest first, or of those whose reference or title match `q` (accents, case and punctuation ignored). */
  'calls.list': query(callPageQuery, async (ctx, q) => namedPage('calls', q.after, (after) => pageCalls(ctx.file().db, { ...q, after }))),

  /** One call with its projects counted and its commitment; its projects are read a page at a time through projects.list (callId). */
  'calls.get': query(z.object({ id: recordId }), async (ctx, input) => getCall(ctx.file().db, input.id)),

  'calls.create': command(z.object({ values: callValues }), async (ctx, { values }) => {
    const db = ctx.writableFile().db
    return getCall(db, await saveCall(db, ctx.officer(), { values }))
  }),

  'calls.update': command(z.object({ id: recordId, expectedUpdatedAt: z.string().optional(), values: callValues }), async (ctx, input) => {
    const db = ctx.writableFile().db
    return getCall(db, await saveCall(db, ctx.officer(), input))
  }),

  'calls.delete': command(z.object({ id: recordId }), async (ctx, { id }) => {
    await deleteCall(ctx.writableFile().db, ctx.officer(), id)
    return { deleted: id }
  }),
}
