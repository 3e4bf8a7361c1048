import { z } from 'zod'
import { pageHistory } from '../../../database/audit'
import { pageParams } from '../../../database/domain/schemas/paging'
import { namedPage } from '../../../database/paging'
import { todayIso } from '../../../database/domain/dates'
import {
  addMeasurement,
  deleteMeasurement,
  pageMilestones,
  milestoneRow,
  type MilestoneListRow,
  projectIndicatorRow,
  saveMilestone,
  saveProjectIndicator,
} from '../../../database/progress'
import {
  createProject,
  deleteProject,
  deleteProjectItem,
  getProject,
  listOfficers,
  pageProjects,
  saveBudgetLine,
  type ProjectListRow,
  saveCostOptions,
  savePayment,
  saveProjectPartner,
  setProjectStatus,
  updateProject,
} from '../../../database/projects'
import { command, query } from '../channel'
import { column, exportRequest, pagedRows, saveTableAs, type TableSpec } from '../export-table'
import { isoDate, recordId } from '../../../database/domain/schemas/fields'
import {
  budgetLineValues,
  costOptionValues,
  measurementValues,
  milestonePageQuery,
  milestoneQuery,
  milestoneValues,
  paymentValues,
  projectIndicatorValues,
  projectPartnerValues,
  projectPageQuery,
  projectQuery,
  projectValues,
  statusChange,
} from '../../../database/domain/schemas/projects'

const today = isoDate.optional()
const expectedUpdatedAt = z.string().optional()
const byId = z.object({ id: recordId, today })
/** Saving a record a project holds: a new one without `id`, an edit with it. */
const item = <S extends z.ZodType>(values: S) => z.object({ projectId: recordId, id: recordId.optional(), expectedUpdatedAt, values, today })
const day = (t: string | undefined) => t ?? todayIso()

/** The project list's columns as exported (the renderer picks them by key and sends their headers). */
const PROJECT_EXPORT: TableSpec<ProjectListRow> = {
  code: column('text', (r) => r.code),
  title: column('text', (r) => r.title),
  beneficiary: column('text', (r) => r.beneficiaryName),
  objective: column('text', (r, label) => label('objective', r.objectiveCode)),
  strand: column('text', (r, label) => label('strand', r.strand)),
  status: column('text', (r, label) => label('status', r.status)),
  call: column('text', (r) => r.callReference),
  startDate: column('date', (r) => r.startDate),
  endDate: column('date', (r) => r.endDate),
  officer: column('text', (r) => r.officerName),
  eligible: column('money', (r) => r.eligibleCents),
  euRate: column('percent', (r) => r.euRateBp),
  eu: column('money', (r) => r.euCents),
  own: column('money', (r) => r.ownCents),
  paid: column('money', (r) => r.paidCents),
  rag: column('text', (r, label) => label('rag', r.rag)),
  lateMilestones: column('number', (r) => r.lateMilestones),
  updatedAt: column('timestamp', (r) => r.updatedAt),
}

/** The milestone list's columns as exported. */
const MILESTONE_EXPORT: TableSpec<MilestoneListRow> = {
  project: column('text', (m) => m.projectCode),
  title: column('text', (m) => m.title),
  objective: column('text', (m, label) => label('objective', m.objectiveCode)),
  dueDate: column('date', (m) => m.dueDate),
  status: column('text', (m, label) => label('status', m.status)),
  doneDate: column('date', (m) => m.doneDate),
  late: column('number', (m) => (m.late ? m.daysLate : null)),
  responsible: column('text', (m) => m.responsibleName),
  indicator: column('text', (m) => m.indicatorCode),
  evidence: column('text', (m) => m.evidence),
  updatedAt: column('timestamp', (m) => m.updatedAt),
}

/** Channels of projects and what they hold: partners, budget, payments, indicators, milestones. */
export const projectChannels = {
  /** A page of the projects list (at most PAGE_MAX rows), with the count and money of the whole filtered list. */
  'projects.list': query(projectPageQuery, async (ctx, q) =>
    namedPage('projects', q.after, (after) => pageProjects(ctx.file().db, { ...q, after }, day(q.today))),
  ),

  'projects.officers': query(z.object({}), async (ctx) => listOfficers(ctx.file().db)),

  'projects.get': query(byId, async (ctx, input) => getProject(ctx.file().db, input.id, day(input.today))),

  /** A page of a project's history (its own changes and those of its records), newest first. */
  'projects.history': query(z.object({ id: recordId, ...pageParams }), async (ctx, { id, limit, after }) =>
    // A history's cursor names its record: another record's is refused.
    namedPage(`history:${id}`, after, (after) => pageHistory(ctx.file().db, id, { limit, after })),
  ),

  'projects.create': command(z.object({ values: projectValues, today }), async (ctx, input) => {
    const db = ctx.writableFile().db
    const id = await createProject(db, ctx.officer(), input.values, day(input.today))
    return getProject(db, id, day(input.today))
  }),

  'projects.update': command(z.object({ id: recordId, expectedUpdatedAt, values: projectValues, today }), async (ctx, input) => {
    const db = ctx.writableFile().db
    await updateProject(db, ctx.officer(), input.id, input.values, input.expectedUpdatedAt)
    return getProject(db, input.id, day(input.today))
  }),

  'projects.setStatus': command(statusChange.extend({ today }), async (ctx, input) => {
    const db = ctx.writableFile().db
    await setProjectStatus(db, ctx.officer(), input)
    return getProject(db, input.id, day(input.today))
  }),

  'projects.delete': command(z.object({ id: recordId }), async (ctx, { id }) => {
    await deleteProject(ctx.writableFile().db, ctx.officer(), id)
    return { deleted: id }
  }),

  'projects.savePartner': command(item(projectPartnerValues), async (ctx, input) => {
    const db = ctx.writableFile().db
    await saveProjectPartner(db, ctx.officer(), input)
    return getProject(db, input.projectId, day(input.today))
  }),

  'projects.deletePartner': command(byId, async (ctx, input) => {
    const db = ctx.writableFile().db
    const projectId = await deleteProjectItem(db, ctx.officer(), 'project_partners', 'project_partner', input.id)
    return getProject(db, projectId, day(input.today))
  }),

  /** Writes the projects the list shows (same search, filters and sort) to a file the officer picks. */
  'projects.export': query(z.object({ ...exportRequest, query: projectQuery }), async (ctx, input) =>
    saveTableAs(
      ctx,
      input,
      PROJECT_EXPORT,
      pagedRows((page) => pageProjects(ctx.file().db, { ...input.query, ...page }, day(input.query.today))),
    ),
  ),

  'budget.saveLine': command(item(budgetLineValues), async (ctx, input) => {
    const db = ctx.writableFile().db
    await saveBudgetLine(db, ctx.officer(), input)
    return getProject(db, input.projectId, day(input.today))
  }),

  /** The project's simplified cost options (flat rates, Articles 54-56 CPR) and its 53(2) reason. */
  'budget.saveOptions': command(z.object({ projectId: recordId, expectedUpdatedAt, values: costOptionValues, today }), async (ctx, input) => {
    const db = ctx.writableFile().db
    await saveCostOptions(db, ctx.officer(), input)
    return getProject(db, input.projectId, day(input.today))
  }),

  'budget.deleteLine': command(byId, async (ctx, input) => {
    const db = ctx.writableFile().db
    const projectId = await deleteProjectItem(db, ctx.officer(), 'budget_lines', 'budget_line', input.id)
    return getProject(db, projectId, day(input.today))
  }),

  'payments.save': command(item(paymentValues), async (ctx, input) => {
    const db = ctx.writableFile().db
    await savePayment(db, ctx.officer(), input)
    return getProject(db, input.projectId, day(input.today))
  }),

  'payments.delete': command(byId, async (ctx, input) => {
    const db = ctx.writableFile().db
    const projectId = await deleteProjectItem(db, ctx.officer(), 'payments', 'payment', input.id)
    return getProject(db, projectId, day(input.today))
  }),

  'indicators.saveForProject': command(item(projectIndicatorValues), async (ctx, input) => {
    const db = ctx.writableFile().db
    return projectIndicatorRow(db, await saveProjectIndicator(db, ctx.officer(), input))
  }),

  'indicators.deleteFromProject': command(z.object({ id: recordId }), async (ctx, { id }) => {
    await deleteProjectItem(ctx.writableFile().db, ctx.officer(), 'project_indicators', 'project_indicator', id)
    return { deleted: id }
  }),

  'indicators.addMeasurement': command(z.object({ projectIndicatorId: recordId, values: measurementValues }), async (ctx, input) => {
    const db = ctx.writableFile().db
    await addMeasurement(db, ctx.officer(), input.projectIndicatorId, input.values)
    return projectIndicatorRow(db, input.projectIndicatorId)
  }),

  'indicators.deleteMeasurement': command(z.object({ id: recordId }), async (ctx, { id }) => {
    const db = ctx.writableFile().db
    return projectIndicatorRow(db, await deleteMeasurement(db, ctx.officer(), id))
  }),

  /** A page of the milestones list (at most PAGE_MAX rows), with the count and the late ones of the whole filtered list. */
  'milestones.list': query(milestonePageQuery, async (ctx, q) =>
    namedPage('milestones', q.after, (after) => pageMilestones(ctx.file().db, { ...q, after }, day(q.today))),
  ),

  'milestones.save': command(item(milestoneValues), async (ctx, input) => {
    const db = ctx.writableFile().db
    const id = await saveMilestone(db, ctx.officer(), input, day(input.today))
    return milestoneRow(db, id, day(input.today))
  }),

  'milestones.delete': command(z.object({ id: recordId }), async (ctx, { id }) => {
    await deleteProjectItem(ctx.writableFile().db, ctx.officer(), 'milestones', 'milestone', id)
    return { deleted: id }
  }),

  /** Writes the milestones the list shows to a file the officer picks. */
  'milestones.export': query(z.object({ ...exportRequest, query: milestoneQuery }), async (ctx, input) =>
    saveTableAs(
      ctx,
      input,
      MILESTONE_EXPORT,
      pagedRows((page) => pageMilestones(ctx.file().db, { ...input.query, ...page }, day(input.query.today))),
    ),
  ),
}
