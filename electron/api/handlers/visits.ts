import { z } from 'zod'
import { todayIso } from '../../../database/domain/dates'
import { isoDate, recordId } from '../../../database/domain/schemas/fields'
import { findingValues, recommendationStatus, recommendationValues, visitValues } from '../../../database/domain/schemas/visits'
import { STRANDS } from '../../../database/domain/vocabulary'
import {
  deleteFinding,
  deleteRecommendation,
  deleteVisit,
  pageOpenRecommendations,
  pageVisitRanking,
  pageVisits,
  saveFinding,
  saveRecommendation,
  saveVisit,
  setRecommendationStatus,
} from '../../../database/visits'
import { namedPage } from '../../../database/paging'
import { PAGE_DEFAULT, pageParams } from '../../../database/domain/schemas/paging'
import type { Kysely } from 'kysely'
import type { DB } from '../../../database/schema'
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

/** A page of a project's visits; the cursor names the project, so another list's (or project's) is refused. */
const visitsPage = (db: Kysely<DB>, projectId: string, page: { limit: number; after?: (string | number | null)[] }, today: string) =>
  namedPage(`visits:${projectId}`, page.after, (after) => pageVisits(db, projectId, { limit: page.limit, after }, today))

/** What every write answers: the first page of the project's visits, as `visits.list` gives it. */
const firstVisits = (db: Kysely<DB>, projectId: string, today: string) => visitsPage(db, projectId, { limit: PAGE_DEFAULT }, today)

/**
 * Channels of on-the-spot verifications: a page of a project's visits with their findings and
 * recommendations (every write answers with the first page as `visits.list` gives it),
 * the follow-up of recommendations, the risk ranking and the open recommendations across projects.
 */
export const visitChannels = {
  'visits.list': query(z.object({ projectId: recordId, ...pageParams, today }), async (ctx, input) =>
    visitsPage(ctx.file().db, input.projectId, input, day(input.today)),
  ),

  'visits.save': command(z.object({ projectId: recordId, id: recordId.optional(), expectedUpdatedAt, values: visitValues, today }), async (ctx, input) => {
    const db = ctx.writableFile().db
    await saveVisit(db, ctx.officer(), input, day(input.today))
    return firstVisits(db, input.projectId, day(input.today))
  }),

  'visits.delete': command(byId, async (ctx, input) => {
    const db = ctx.writableFile().db
    const projectId = await deleteVisit(db, ctx.officer(), input.id)
    return firstVisits(db, projectId, day(input.today))
  }),

  'visits.saveFinding': command(ofVisit(findingValues), async (ctx, input) => {
    const db = ctx.writableFile().db
    const projectId = await saveFinding(db, ctx.officer(), input)
    return firstVisits(db, projectId, day(input.today))
  }),

  'visits.deleteFinding': command(byId, async (ctx, input) => {
    const db = ctx.writableFile().db
    const projectId = await deleteFinding(db, ctx.officer(), input.id)
    return firstVisits(db, projectId, day(input.today))
  }),

  'visits.saveRecommendation': command(ofVisit(recommendationValues), async (ctx, input) => {
    const db = ctx.writableFile().db
    const projectId = await saveRecommendation(db, ctx.officer(), input)
    return firstVisits(db, projectId, day(input.today))
  }),

  'visits.deleteRecommendation': command(byId, async (ctx, input) => {
    const db = ctx.writableFile().db
    const projectId = await deleteRecommendation(db, ctx.officer(), input.id)
    return firstVisits(db, projectId, day(input.today))
  }),

  /** Done (day, follow-up), dropped (day, reason) or reopened. */
  'visits.setRecommendationStatus': command(z.object({ id: recordId, expectedUpdatedAt, change: recommendationStatus, today }), async (ctx, input) => {
    const db = ctx.writableFile().db
    const projectId = await setRecommendationStatus(db, ctx.officer(), input)
    return firstVisits(db, projectId, day(input.today))
  }),

  /** A page of the projects to visit, highest risk first, each factor with its points (domain/visit-risk.ts). */
  'visits.ranking': query(z.object({ ...projectFilters, ...pageParams, today }), async (ctx, q) =>
    namedPage('visitRanking', q.after, (after) => pageVisitRanking(ctx.file().db, { filters: filtersOf(q), limit: q.limit, after }, day(q.today))),
  ),

  /** A page of the open recommendations across projects, earliest due first (`dueBy`: due on or before that day). */
  'visits.openRecommendations': query(z.object({ ...projectFilters, dueBy: isoDate.optional(), ...pageParams, today }), async (ctx, q) =>
    namedPage('openRecommendations', q.after, (after) =>
      pageOpenRecommendations(ctx.file().db, { filters: filtersOf(q), dueBy: q.dueBy, limit: q.limit, after }, day(q.today)),
    ),
  ),
}
