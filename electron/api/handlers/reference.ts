import { z } from 'zod'
import {
  createIndicator,
  deleteIndicator,
  getIndicator,
  listIndicators,
  listObjectives,
  listStrandObjectives,
  listTargetGroups,
  updateIndicatorLabels,
  updateObjectiveWording,
} from '../../../database/reference'
import { figureCells, indicatorFigures } from '../../../database/indicator-figures'
import { FIGURE_COLUMNS, OBJECTIVE_CODES } from '../../../database/domain/vocabulary'
import { command, query } from '../channel'
import { column, exportRequest, saveTableAs, type TableSpec } from '../export-table'
import { recordId } from '../../../database/domain/schemas/fields'
import { indicatorLabels, indicatorValues, objectiveWordingValues } from '../../../database/domain/schemas/projects'

/** A reporting year (the programme runs 2021-2027, its reports until the end of the decade). */
const reportYear = z
  .number()
  .int()
  .min(2000)
  .max(2100)
  .nullish()
  .transform((v) => v ?? null)

type FigureCells = ReturnType<typeof figureCells>[number]
const FIGURE_TEXT: readonly string[] = ['objective', 'code', 'type', 'label', 'unit', 'aboutPersons']

/** The annual performance report's columns as exported: labels as text, counts as numbers. */
const FIGURE_EXPORT: TableSpec<FigureCells> = Object.fromEntries(
  FIGURE_COLUMNS.map((key) => [key, column<FigureCells>(FIGURE_TEXT.includes(key) ? 'text' : 'number', (r) => r[key])]),
)

/** Channels of the reference section: objectives, strand objectives, indicator catalogue, target groups. */
export const referenceChannels = {
  'reference.objectives': query(z.object({}), async (ctx) => listObjectives(ctx.file().db)),

  'reference.updateObjectiveWording': command(
    z.object({ code: z.enum(OBJECTIVE_CODES), expectedUpdatedAt: z.string().optional(), values: objectiveWordingValues }),
    async (ctx, input) => {
      const db = ctx.writableFile().db
      await updateObjectiveWording(db, ctx.officer(), input.code, input.values, input.expectedUpdatedAt)
      return (await listObjectives(db)).find((o) => o.code === input.code)!
    },
  ),

  'reference.strandObjectives': query(z.object({}), async (ctx) => listStrandObjectives(ctx.file().db)),

  'reference.indicators': query(z.object({ objective: z.enum(OBJECTIVE_CODES).optional(), q: z.string().trim().max(200).optional() }), async (ctx, q) =>
    listIndicators(ctx.file().db, q),
  ),

  /** Cumulative values per objective and indicator with their age and gender breakdown, at the end of a year if given. */
  'reference.indicatorFigures': query(z.object({ year: reportYear }), async (ctx, q) => indicatorFigures(ctx.file().db, { year: q.year })),

  /** The same figures written to a spreadsheet the officer picks (annual performance report). */
  'reference.exportIndicatorFigures': query(z.object({ ...exportRequest, year: reportYear, language: z.enum(['fr', 'nl', 'en']) }), async (ctx, input) =>
    saveTableAs(ctx, input, FIGURE_EXPORT, figureCells(await indicatorFigures(ctx.file().db, { year: input.year }), input.language, input.labels)),
  ),

  'reference.createIndicator': command(z.object({ values: indicatorValues }), async (ctx, { values }) => {
    const db = ctx.writableFile().db
    return getIndicator(db, await createIndicator(db, ctx.officer(), values))
  }),

  'reference.updateIndicator': command(z.object({ id: recordId, expectedUpdatedAt: z.string().optional(), values: indicatorLabels }), async (ctx, input) => {
    const db = ctx.writableFile().db
    await updateIndicatorLabels(db, ctx.officer(), input.id, input.values, input.expectedUpdatedAt)
    return getIndicator(db, input.id)
  }),

  'reference.deleteIndicator': command(z.object({ id: recordId }), async (ctx, { id }) => {
    await deleteIndicator(ctx.writableFile().db, ctx.officer(), id)
    return { deleted: id }
  }),

  'reference.targetGroups': query(z.object({}), async (ctx) => listTargetGroups(ctx.file().db)),
}
