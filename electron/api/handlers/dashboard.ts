import { dashboardView } from '../../../database/dashboard'
import { todayIso } from '../../../database/domain/dates'
import { query } from '../channel'
import { dashboardQuery } from '../../../database/domain/schemas/projects'

/** The home screen: figures per specific objective and what needs attention today (the most urgent rows of each list, with their counts). */
export const dashboardChannels = {
  'dashboard.summary': query(dashboardQuery, async (ctx, q) => dashboardView(ctx.file().db, q, q.today ?? todayIso())),
}
