import { z } from 'zod'
import { todayIso } from '../../../database/domain/dates'
import { isoDate, recordId } from '../../../database/domain/schemas/fields'
import { findingValues, recommendationStatus, recommendationValues, visitValues } from '../../../database/domain/schemas/visits'
import { STRANDS } from '../../../database/domain/vocabulary'
import {
  deleteFinding,
  deleteRecommendation,
  deleteVisit,
  listOpenRecommendations,
  listVisits,
  saveFinding,
  saveRecommendation,
  saveVisit,
  setRecommendationStatus,
  visitRanking,
} from '../../../database/visits'
import { command, query } from '../channel'

const today = isoDate.optional()
const expectedUpdatedAt = z.string().optional()
const day = (t: string | undefined) => t ?? todayIso()
const byId = z.object({ id: recordId, today })
/** A record of a visit: a new one without `id`, an edit with it. */
const ofVisit = <S extends z.ZodType>(values: S) => z.object({ visitId: recordId, id: recordId.optional(), expectedUpdatedAt, values, today })
/** The projects a list across projects covers (as the dashboard filters them). */
const projectFilters = {
  strand: z.enum(STRANDS).optional(),
  callId: recordId.optional(),
  officer: z.string().trim().max(200).optional(),
}
const filtersOf = (q: { strand?: (typeof STRANDS)[number]; callId?: string; officer?: string }) => ({
  strand: q.strand ? [q.strand] : [],
  callId: q.callId,
  officer: q.officer,
})

/**
 * Channels of on-the-spot verifications: a project's visits with their findings and
 * recommendations (every write answers with the project's visits as `visits.list` gives them),
 * the follow-up of recommendations, the risk ranking and the open recommendations across projects.
 */
export const visitChannels = {
  'visits.list': query(z.object({ projectId: recordId, today }), async (ctx, input) => listVisits(ctx.file().db, input.projectId, day(input.today))),

  'visits.save': command(z.object({ projectId: recordId, id: recordId.optional(), expectedUpdatedAt, values: visitValues, today }), async (ctx, input) => {
    const db = ctx.writableFile().db
    await saveVisit(db, ctx.officer(), input, day(input.today))
    return listVisits(db, input.projectId, day(input.today))
  }),

  'visits.delete': command(byId, async (ctx, input) => {
    const db = ctx.writableFile().db
    const projectId = await deleteVisit(db, ctx.officer(), input.id)
    return listVisits(db, projectId, day(input.today))
  }),

  'visits.saveFinding': command(ofVisit(findingValues), async (ctx, input) => {
    const db = ctx.writableFile().db
    const projectId = await saveFinding(db, ctx.officer(), input)
    return listVisits(db, projectId, day(input.today))
  }),

  'visits.deleteFinding': command(byId, async (ctx, input) => {
    const db = ctx.writableFile().db
    const projectId = await deleteFinding(db, ctx.officer(), input.id)
    return listVisits(db, projectId, day(input.today))
  }),

  'visits.saveRecommendation': command(ofVisit(recommendationValues), async (ctx, input) => {
    const db = ctx.writableFile().db
    const projectId = await saveRecommendation(db, ctx.officer(), input)
    return listVisits(db, projectId, day(input.today))
  }),

  'visits.deleteRecommendation': command(byId, async (ctx, input) => {
    const db = ctx.writableFile().db
    const projectId = await deleteRecommendation(db, ctx.officer(), input.id)
    return listVisits(db, projectId, day(input.today))
  }),

  /** Done (day, follow-up), dropped (day, reason) or reopened. */
  'visits.setRecommendationStatus': command(z.object({ id: recordId, expectedUpdatedAt, change: recommendationStatus, today }), async (ctx, input) => {
    const db = ctx.writableFile().db
    const projectId = await setRecommendationStatus(db, ctx.officer(), input)
    return listVisits(db, projectId, day(input.today))
  }),

  /** The projects to visit, highest risk first, each factor with its points (domain/visit-risk.ts). */
  'visits.ranking': query(z.object({ ...projectFilters, limit: z.number().int().min(1).max(10_000).default(50), today }), async (ctx, q) =>
    visitRanking(ctx.file().db, { filters: filtersOf(q), limit: q.limit }, day(q.today)),
  ),

  /** Open recommendations across projects, earliest due first (`dueBy`: due on or before that day). */
  'visits.openRecommendations': query(
    z.object({ ...projectFilters, dueBy: isoDate.optional(), limit: z.number().int().min(1).max(10_000).default(200), today }),
    async (ctx, q) => listOpenRecommendations(ctx.file().db, { filters: filtersOf(q), dueBy: q.dueBy, limit: q.limit }, day(q.today)),
  ),
}
