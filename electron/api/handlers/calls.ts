import { z } from 'zod'
import { deleteCall, getCall, pageCalls, saveCall } from '../../../database/calls'
import { todayIso } from '../../../database/domain/dates'
import { listProjects } from '../../../database/projects'
import { command, query } from '../channel'
import { isoDate, recordId } from '../../../database/domain/schemas/fields'
import { callPageQuery, callValues, projectQuery } from '../../../database/domain/schemas/projects'

/** Channels of calls for projects. */
export const callChannels = {
  /** A page of the calls, newest first, or of those whose reference or title match `q` (accents, case and punctuation ignored). */
  'calls.list': query(callPageQuery, async (ctx, input) => pageCalls(ctx.file().db, input)),

  'calls.get': query(z.object({ id: recordId, today: isoDate.optional() }), async (ctx, input) => {
    const db = ctx.file().db
    const call = await getCall(db, input.id)
    const projects = await listProjects(db, projectQuery.parse({ callId: input.id }), input.today ?? todayIso())
    return { ...call, projects }
  }),

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
