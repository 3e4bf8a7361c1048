import { z } from 'zod'
import { todayIso } from '../../../database/domain/dates'
import { isoDate, recordId } from '../../../database/domain/schemas/fields'
import { listProjectReports } from '../../../database/reporting'
import { query } from '../channel'

/** Channels of the reports an agreement asks for: computed from the project's dates, never stored. */
export const reportChannels = {
  /**
   * A project's reports in date order (progress reports, then the final report), each with its
   * period, due date, register name and where it stands on `today` (owed, received, late).
   */
  'reports.list': query(z.object({ projectId: recordId, today: isoDate.optional() }), async (ctx, input) =>
    listProjectReports(ctx.file().db, input.projectId, input.today ?? todayIso()),
  ),
}
