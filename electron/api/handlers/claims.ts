import { z } from 'zod'
import { deleteClaim, deleteClaimLine, getClaim, pageClaims, saveClaim, saveClaimLine, setClaimStatus } from '../../../database/claims'
import { todayIso } from '../../../database/domain/dates'
import { claimLineValues, claimQuery, claimStatusChange, claimValues } from '../../../database/domain/schemas/claims'
import { isoDate, recordId } from '../../../database/domain/schemas/fields'
import { namedPage } from '../../../database/paging'
import { command, query } from '../channel'

const today = isoDate.optional()
const expectedUpdatedAt = z.string().optional()
const day = (t: string | undefined) => t ?? todayIso()

/** Channels of payment claims: the list across projects, a claim, its lines and its status moves (issue 15). */
export const claimChannels = {
  /** Claims across projects (or of one), sorted by days left on the 80-day clock, a page at a time. */
  'claims.list': query(claimQuery.extend({ today }), async (ctx, q) =>
    namedPage('claims', q.after, (after) => pageClaims(ctx.file().db, { ...q, after }, day(q.today))),
  ),

  'claims.get': query(z.object({ id: recordId, today }), async (ctx, input) => getClaim(ctx.file().db, input.id, day(input.today))),

  /** A new claim (received) without `id`, an edit of one still open with it. */
  'claims.save': command(z.object({ projectId: recordId, id: recordId.optional(), expectedUpdatedAt, values: claimValues, today }), async (ctx, input) => {
    const db = ctx.writableFile().db
    const id = await saveClaim(db, ctx.officer(), input)
    return getClaim(db, id, day(input.today))
  }),

  'claims.delete': command(z.object({ id: recordId }), async (ctx, { id }) => {
    const projectId = await deleteClaim(ctx.writableFile().db, ctx.officer(), id)
    return { deleted: id, projectId }
  }),

  /** A declared line added (without `id`) or edited; its declared amount is computed, never typed. */
  'claims.saveLine': command(
    z.object({ claimId: recordId, id: recordId.optional(), expectedUpdatedAt, values: claimLineValues, today }),
    async (ctx, input) => {
      const db = ctx.writableFile().db
      await saveClaimLine(db, ctx.officer(), input)
      return getClaim(db, input.claimId, day(input.today))
    },
  ),

  'claims.deleteLine': command(z.object({ id: recordId, today }), async (ctx, input) => {
    const db = ctx.writableFile().db
    const claimId = await deleteClaimLine(db, ctx.officer(), input.id)
    return getClaim(db, claimId, day(input.today))
  }),

  /** A move by hand: start the verification, return for information (the clock stops), resume, withdraw. */
  'claims.setStatus': command(z.intersection(z.object({ id: recordId, expectedUpdatedAt, today }), claimStatusChange), async (ctx, input) => {
    const db = ctx.writableFile().db
    await setClaimStatus(db, ctx.officer(), input)
    return getClaim(db, input.id, day(input.today))
  }),
}
