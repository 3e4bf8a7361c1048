import { z } from 'zod'
import { historyOf } from '../../../database/audit'
import { todayIso } from '../../../database/domain/dates'
import {
  addMeasurement,
  deleteMeasurement,
  listMilestones,
  milestoneRow,
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
  listProjects,
  saveBudgetLine,
  saveCostOptions,
  savePayment,
  saveProjectPartner,
  setProjectStatus,
  updateProject,
} from '../../../database/projects'
import { command, query } from '../channel'
import { exportRequest, saveTableAs } from '../export-table'
import { isoDate, recordId } from '../../../database/domain/schemas/fields'
import {
  budgetLineValues,
  costOptionValues,
  measurementValues,
  milestoneQuery,
  milestoneValues,
  paymentValues,
  projectIndicatorValues,
  projectPartnerValues,
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

/** Channels of projects and what they hold: partners, budget, payments, indicators, milestones. */
export const projectChannels = {
  'projects.list': query(projectQuery, async (ctx, q) => {
    const rows = await listProjects(ctx.file().db, q, day(q.today))
    return { rows, total: rows.length }
  }),

  'projects.officers': query(z.object({}), async (ctx) => listOfficers(ctx.file().db)),

  'projects.get': query(byId, async (ctx, input) => getProject(ctx.file().db, input.id, day(input.today))),

  'projects.history': query(z.object({ id: recordId }), async (ctx, { id }) => historyOf(ctx.file().db, id)),

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
  'projects.export': query(z.object({ ...exportRequest, query: projectQuery }), async (ctx, input) => {
    const rows = await listProjects(ctx.file().db, input.query, day(input.query.today))
    const label = (key: string, value: string) => input.labels[key]?.[value] ?? value
    const euros = (cents: number) => cents / 100
    const cells = rows.map((r) => ({
      code: r.code,
      title: r.title,
      beneficiary: r.beneficiaryName,
      objective: label('objective', r.objectiveCode),
      strand: label('strand', r.strand),
      status: label('status', r.status),
      call: r.callReference,
      startDate: r.startDate,
      endDate: r.endDate,
      officer: r.officerName,
      eligible: euros(r.eligibleCents),
      euRate: r.euRateBp / 100,
      eu: euros(r.euCents),
      own: euros(r.ownCents),
      paid: euros(r.paidCents),
      rag: label('rag', r.rag),
      lateMilestones: r.lateMilestones,
    }))
    return saveTableAs(ctx.dialogs, input, cells)
  }),

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

  'milestones.list': query(milestoneQuery, async (ctx, q) => {
    const rows = await listMilestones(ctx.file().db, q, day(q.today))
    return { rows, total: rows.length }
  }),

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
  'milestones.export': query(z.object({ ...exportRequest, query: milestoneQuery }), async (ctx, input) => {
    const rows = await listMilestones(ctx.file().db, input.query, day(input.query.today))
    const label = (key: string, value: string) => input.labels[key]?.[value] ?? value
    const cells = rows.map((m) => ({
      project: m.projectCode,
      title: m.title,
      objective: label('objective', m.objectiveCode),
      dueDate: m.dueDate,
      status: label('status', m.status),
      doneDate: m.doneDate,
      late: m.late ? m.daysLate : null,
      responsible: m.responsibleName,
      indicator: m.indicatorCode,
      evidence: m.evidence,
    }))
    return saveTableAs(ctx.dialogs, input, cells)
  }),
}
