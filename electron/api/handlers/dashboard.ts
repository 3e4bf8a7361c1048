import { dashboardSummary } from '../../../database/dashboard'
import { todayIso } from '../../../database/domain/dates'
import { query } from '../channel'
import { dashboardQuery } from '../../../database/domain/schemas/projects'

/** The home screen: figures per specific objective and what needs attention today. */
export const dashboardChannels = {
  'dashboard.summary': query(dashboardQuery, async (ctx, q) => dashboardSummary(ctx.file().db, q, q.today ?? todayIso())),
}
