import { sql, type Kysely, type Selectable, type SelectQueryBuilder, type Transaction } from 'kysely'
import { AppError } from './domain/errors'
import type { MeasurementValues, MilestonePageQuery, MilestoneQuery, MilestoneValues, ProjectIndicatorValues } from './domain/schemas/projects'
import type { PersonBreakdown } from './domain/schemas/breakdown'
import type { Officer } from './audit'
import { breakdownColumns, breakdownOf, checkMeasurementBreakdown } from './breakdown'
import { daysBetween } from './domain/dates'
import { whereProject, type ProjectFilters } from './projects'
import { achievementPercent } from './domain/rag'
import { deleteRecord, insertRecord, recordRow, updateRecord, type NewRecord, type RecordTarget } from './records'
import type { DB, IndicatorMeasurementTable } from './schema'
import { compiledOnce, type ParameterOf } from './compiled-once'
import { jsonRows, parseRows } from './json-rows'
import { foldForSearch, searchPattern } from './search'
import { gramFacts } from './milestone-grams'
import { afterSql, cutPage, keyColumns, orderSql, type Page, type SortPart } from './paging'
import { MILESTONE_STATUSES, type IndicatorType, type MilestoneStatus, type ObjectiveCode, type Strand } from './domain/vocabulary'
import type { WritableDb } from './writable'

/** Progress of a project: its indicators with their measurements, and its milestones. */

export interface MeasurementRow {
  id: string
  measuredOn: string
  value: number
  source: string
  /** Why a cumulative value is lower than the previous one. */
  note: string | null
  /** Age and gender breakdown (indicators about persons); null when not recorded. */
  breakdown: PersonBreakdown | null
  updatedBy: string
}

export interface ProjectIndicatorRow {
  id: string
  indicatorId: string
  code: string
  type: IndicatorType
  labelFr: string
  labelNl: string
  labelEn: string
  baseline: number
  target: number
  unit: string
  /** Counts persons: its measurements carry the age and gender breakdown (Annex VIII). */
  aboutPersons: boolean
  /** The latest measurement's value (values are cumulative), null before the first. */
  achieved: number | null
  /** The latest measurement's breakdown, null when not recorded. */
  achievedBreakdown: PersonBreakdown | null
  achievementPct: number | null
  measurements: MeasurementRow[]
  updatedAt: string
}

/** The columns of a project's indicator and of its catalogue entry, as its row shows them. */
function indicatorColumns(db: Kysely<DB>) {
  return db
    .selectFrom('project_indicators as pi')
    .innerJoin('indicators as i', 'i.id', 'pi.indicator_id')
    .select([
      'pi.id',
      'pi.project_id',
      'pi.indicator_id',
      'i.code',
      'i.type',
      'i.label_fr',
      'i.label_nl',
      'i.label_en',
      'i.about_persons',
      'pi.baseline',
      'pi.target',
      'pi.unit',
      'pi.updated_at',
    ])
}

type IndicatorColumns = Awaited<ReturnType<ReturnType<typeof indicatorColumns>['execute']>>[number]

/** What a measurement's row shows. */
type MeasurementColumns = Pick<
  Selectable<IndicatorMeasurementTable>,
  | 'id'
  | 'measured_on'
  | 'value'
  | 'source'
  | 'note'
  | 'updated_by'
  | 'age_under_18'
  | 'age_18_60'
  | 'age_over_60'
  | 'gender_female'
  | 'gender_male'
  | 'gender_non_binary'
  | 'gender_unknown'
>

/** An indicator's row from its columns and its measurements, oldest first: achieved is the latest (values are cumulative). */
function toIndicatorRow(r: IndicatorColumns, own: readonly MeasurementColumns[]): ProjectIndicatorRow & { projectId: string } {
  const latest = own.length ? own[own.length - 1] : null
  const achieved = latest ? latest.value : null
  return {
    id: r.id,
    projectId: r.project_id,
    indicatorId: r.indicator_id,
    code: r.code,
    type: r.type,
    labelFr: r.label_fr,
    labelNl: r.label_nl,
    labelEn: r.label_en,
    baseline: r.baseline,
    target: r.target,
    unit: r.unit,
    aboutPersons: r.about_persons === 1,
    achieved,
    achievedBreakdown: latest ? breakdownOf(latest) : null,
    achievementPct: achievementPercent(achieved, r.target),
    measurements: own.map((m) => ({
      id: m.id,
      measuredOn: m.measured_on,
      value: m.value,
      source: m.source,
      note: m.note,
      breakdown: breakdownOf(m),
      updatedBy: m.updated_by,
    })),
    updatedAt: r.updated_at,
  }
}

/**
 * The project page's indicators (compiled once): each with its measurements as one JSON array,
 * in one statement.
 */
const projectIndicatorsQuery = compiledOnce((db, value: ParameterOf<{ projectId: string }>) =>
  indicatorColumns(db)
    .select((eb) =>
      jsonRows(
        eb
          .selectFrom('indicator_measurements as im')
          .select([
            'im.id',
            'im.measured_on',
            'im.value',
            'im.source',
            'im.note',
            'im.updated_by',
            'im.created_at',
            'im.age_under_18',
            'im.age_18_60',
            'im.age_over_60',
            'im.gender_female',
            'im.gender_male',
            'im.gender_non_binary',
            'im.gender_unknown',
          ])
          .whereRef('im.project_indicator_id', '=', 'pi.id'),
        ['measured_on', 'created_at'],
      ).as('measurements'),
    )
    .where('pi.project_id', '=', value('projectId'))
    .orderBy('i.code'),
)

/** A project's indicators with their measurements, oldest measurement first. */
export async function listProjectIndicators(db: Kysely<DB>, projectId: string): Promise<ProjectIndicatorRow[]> {
  return (await projectIndicatorsQuery(db, { projectId })).map(({ measurements, ...r }) => {
    const { projectId: _p, ...row } = toIndicatorRow(r, parseRows(measurements))
    return row
  })
}

/** The indicators of some projects, or of all (the dashboard's), each with its project's id. */
export async function listProjectIndicatorsOf(db: Kysely<DB>, projectIds?: readonly string[]): Promise<(ProjectIndicatorRow & { projectId: string })[]> {
  if (projectIds?.length === 0) return []
  let query = indicatorColumns(db)
  if (projectIds) query = query.where('pi.project_id', 'in', projectIds)
  const rows = await query.orderBy('i.code').execute()
  let measurementQuery = db.selectFrom('indicator_measurements').selectAll()
  if (projectIds) measurementQuery = measurementQuery.where('project_indicator_id', 'in', rows.length ? rows.map((r) => r.id) : [''])
  const measurements = await measurementQuery.orderBy('measured_on').orderBy('created_at').execute()
  const byIndicator = new Map<string, typeof measurements>()
  for (const m of measurements) {
    const list = byIndicator.get(m.project_indicator_id) ?? []
    list.push(m)
    byIndicator.set(m.project_indicator_id, list)
  }
  return rows.map((r) => toIndicatorRow(r, byIndicator.get(r.id) ?? []))
}

/** Adds an indicator of the catalogue to a project, or changes its baseline, target and unit. */
export async function saveProjectIndicator(
  db: WritableDb,
  officer: Officer,
  input: { projectId: string; id?: string; expectedUpdatedAt?: string; values: ProjectIndicatorValues },
): Promise<string> {
  return db.transaction().execute(async (trx) => {
    await recordRow(trx, 'projects', input.projectId)
    await recordRow(trx, 'indicators', input.values.indicatorId)
    let dup = trx.selectFrom('project_indicators').select('id').where('project_id', '=', input.projectId).where('indicator_id', '=', input.values.indicatorId)
    if (input.id) dup = dup.where('id', '!=', input.id)
    if (await dup.executeTakeFirst()) throw new AppError('DUPLICATE', 'The project already follows this indicator', { field: 'indicatorId' })
    const target: RecordTarget<'project_indicators'> = { table: 'project_indicators', entity: 'project_indicator', parentId: input.projectId }
    const v = input.values
    const columns: Omit<NewRecord<'project_indicators'>, 'project_id'> = { indicator_id: v.indicatorId, baseline: v.baseline, target: v.target, unit: v.unit }
    if (!input.id) return insertRecord(trx, officer, target, { project_id: input.projectId, ...columns })
    await updateRecord(trx, officer, target, input.id, columns, input.expectedUpdatedAt)
    return input.id
  })
}

/** One project indicator with its measurements (NOT_FOUND if it is gone). */
export async function projectIndicatorRow(db: Kysely<DB>, id: string): Promise<ProjectIndicatorRow & { projectId: string }> {
  const pi = await db.selectFrom('project_indicators').select('project_id').where('id', '=', id).executeTakeFirst()
  const row = pi && (await listProjectIndicatorsOf(db, [pi.project_id])).find((r) => r.id === id)
  if (!row) throw new AppError('NOT_FOUND', `No project indicator ${id}`, { entity: 'project_indicator', id })
  return row
}

/** One milestone as the lists show it (NOT_FOUND if it is gone). */
export async function milestoneRow(db: Kysely<DB>, id: string, today: string): Promise<MilestoneListRow> {
  const m = await db.selectFrom('milestones').select('project_id').where('id', '=', id).executeTakeFirst()
  const row = m && (await listMilestones(db, { projectId: m.project_id }, today)).find((r) => r.id === id)
  if (!row) throw new AppError('NOT_FOUND', `No milestone ${id}`, { entity: 'milestone', id })
  return row
}

/**
 * A measurement is dated within the project's period; values are cumulative, so one lower than
 * the measurement before it (by date) is kept only when the officer confirms it with a note.
 */
async function checkMeasurement(trx: Transaction<DB>, projectId: string, projectIndicatorId: string, v: MeasurementValues): Promise<void> {
  const p = await trx.selectFrom('projects').select(['start_date', 'end_date']).where('id', '=', projectId).executeTakeFirstOrThrow()
  if (v.measuredOn < p.start_date || v.measuredOn > p.end_date) {
    throw new AppError('VALIDATION', `A measurement is dated within the project's period (${p.start_date} to ${p.end_date})`, {
      issues: [
        {
          path: 'values.measuredOn',
          message: v.measuredOn > p.end_date ? 'measuredAfterEnd' : 'measuredBeforeStart',
          params: { from: p.start_date, to: p.end_date },
        },
      ],
    })
  }
  const previous = await trx
    .selectFrom('indicator_measurements')
    .select(['value', 'measured_on'])
    .where('project_indicator_id', '=', projectIndicatorId)
    .where('measured_on', '<=', v.measuredOn)
    .orderBy('measured_on', 'desc')
    .orderBy('created_at', 'desc')
    .executeTakeFirst()
  if (previous && v.value < previous.value && !(v.confirmDecrease && v.note)) {
    throw new AppError('VALIDATION', `Cumulative value ${v.value} is lower than the previous one (${previous.value})`, {
      issues: [
        {
          path: 'values.value',
          message: v.confirmDecrease ? 'decreaseNoteRequired' : 'valueBelowPrevious',
          params: { previous: previous.value, previousOn: previous.measured_on },
        },
      ],
      decrease: { previous: previous.value, previousOn: previous.measured_on },
    })
  }
}

/** Records a dated, cumulative measurement of a project indicator; returns the project's id. */
export async function addMeasurement(db: WritableDb, officer: Officer, projectIndicatorId: string, v: MeasurementValues): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const pi = await recordRow(trx, 'project_indicators', projectIndicatorId)
    const projectId = pi.project_id
    await checkMeasurement(trx, projectId, projectIndicatorId, v)
    await checkMeasurementBreakdown(trx, projectIndicatorId, v.value, v.breakdown)
    await insertRecord(
      trx,
      officer,
      { table: 'indicator_measurements', entity: 'indicator_measurement', parentId: projectId },
      { project_indicator_id: projectIndicatorId, measured_on: v.measuredOn, value: v.value, source: v.source, note: v.note, ...breakdownColumns(v.breakdown) },
    )
    return projectId
  })
}

/** Deletes a measurement; returns its project indicator's id. */
export async function deleteMeasurement(db: WritableDb, officer: Officer, id: string): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const m = await recordRow(trx, 'indicator_measurements', id)
    const pi = await recordRow(trx, 'project_indicators', m.project_indicator_id)
    const projectId = pi.project_id
    await deleteRecord(trx, officer, { table: 'indicator_measurements', entity: 'indicator_measurement', parentId: projectId }, id)
    return pi.id
  })
}

export interface MilestoneRow {
  id: string
  projectId: string
  title: string
  description: string | null
  objectiveCode: ObjectiveCode
  projectIndicatorId: string | null
  indicatorCode: string | null
  dueDate: string
  status: MilestoneStatus
  doneDate: string | null
  evidence: string | null
  responsibleId: string | null
  responsibleName: string | null
  /** Not done or cancelled, and the due date has passed (computed from today, never stored). */
  late: boolean
  daysLate: number
  updatedAt: string
}

export interface MilestoneListRow extends MilestoneRow {
  projectCode: string
  projectTitle: string
  strand: Strand
  officerName: string | null
}

/** True when a milestone is late on `today`. */
export function isLate(m: { status: string; dueDate: string }, today: string): boolean {
  return m.status !== 'done' && m.status !== 'cancelled' && m.dueDate < today
}

const MILESTONE_SORT = {
  dueDate: sql`m.due_date`,
  // Kept folded (milestone_search, migration 015): amif_fold(m.title).
  title: sql`t.title_key`,
  project: sql`p.code`,
  objective: sql`m.objective_code`,
  status: sql`m.status`,
} as const

/** Not done nor cancelled, named (the column allows no other status) so that an index finds them by status. */
const OPEN_STATUSES = MILESTONE_STATUSES.filter((s) => s !== 'done' && s !== 'cancelled')

type MilestoneFilters = Partial<MilestoneQuery> & { projectFilters?: ProjectFilters; projectIds?: readonly string[] }

/**
 * The list's order: the sort key, then the due date and the id (ascending whatever the order, as
 * the list always did); each has an index of the milestones (migration 015).
 */
function milestoneOrder(sort: MilestoneQuery['sort'] | undefined): SortPart[] {
  const s = sort ?? { key: 'dueDate', order: 'asc' }
  const id: SortPart = { expr: sql`m.id`, desc: false }
  if (s.key === 'dueDate') return [{ expr: sql`m.due_date`, desc: s.order === 'desc' }, id]
  return [{ expr: MILESTONE_SORT[s.key], desc: s.order === 'desc' }, { expr: sql`m.due_date`, desc: false }, id]
}

type Joined = SelectQueryBuilder<DB & { m: DB['milestones']; p: DB['projects']; t: DB['milestone_search'] }, 'm' | 'p' | 't', object>

/** The milestones' column each order's index leads with. */
const LEADING_COLUMN: Record<MilestoneQuery['sort']['key'], string | null> = {
  dueDate: 'due_date',
  title: null,
  project: null,
  objective: 'objective_code',
  status: 'status',
}

/**
 * The milestones of a search and filters, before any column is chosen. Their project (`p`) and
 * folded title (`t`) are joined only when a filter or the order reads them, so that a count reads
 * no more than it needs. With `order` (a page), the index of that order leads, unless the
 * milestones of a few projects are asked for: the loop of the order's table comes first (a cross
 * join keeps SQLite's table order) and the filters on other columns are kept from choosing an
 * index (`+column`), for the sampled statistics take each status or objective for a few rows; the
 * page then reads only the rows up to its end.
 */
function filteredMilestones(
  db: Kysely<DB>,
  q: MilestoneFilters,
  today: string,
  order?: MilestoneQuery['sort']['key'],
  found?: readonly string[] | 'all',
): Joined {
  const projectFilters: ProjectFilters = { strand: q.strand, officer: q.officer, callId: q.callId, ...q.projectFilters }
  const search = searchPattern(q.q)
  // A search that finds few milestones is read through their ids instead (`found`, see pageMilestones).
  const few = search !== null && found !== undefined
  const pinned = order !== undefined && !q.projectId && !q.projectIds && !few
  const withProjects =
    order === 'project' || q.partnerId !== undefined || Object.values(projectFilters).some((v) => v !== undefined && (!Array.isArray(v) || v.length > 0))
  const withTitles = order === 'title' || (search !== null && !few)
  const column = (name: string) => (pinned && LEADING_COLUMN[order] !== name ? sql.raw(`+m.${name}`) : sql.ref(`m.${name}`))

  let query: Joined
  if (pinned && order === 'title') {
    query = db.selectFrom('milestone_search as t').crossJoin('milestones as m').whereRef('m.id', '=', 't.milestone_id') as unknown as Joined
  } else if (pinned && order === 'project') {
    query = db.selectFrom('projects as p').crossJoin('milestones as m').whereRef('m.project_id', '=', 'p.id') as unknown as Joined
    if (withTitles) query = query.crossJoin('milestone_search as t').whereRef('t.milestone_id', '=', 'm.id') as unknown as Joined
  } else {
    query = db.selectFrom('milestones as m') as unknown as Joined
    if (withProjects)
      query = (
        pinned ? query.crossJoin('projects as p').whereRef('p.id', '=', 'm.project_id') : query.innerJoin('projects as p', 'p.id', 'm.project_id')
      ) as Joined
    if (withTitles)
      query = (
        pinned
          ? query.crossJoin('milestone_search as t').whereRef('t.milestone_id', '=', 'm.id')
          : query.innerJoin('milestone_search as t', 't.milestone_id', 'm.id')
      ) as Joined
  }
  if (withProjects) query = whereProject(query, projectFilters)
  if (q.projectId) query = query.where('m.project_id', '=', q.projectId)
  if (q.projectIds) query = query.where('m.project_id', 'in', q.projectIds.length ? q.projectIds : [''])
  if (q.objective?.length) query = query.where(column('objective_code'), 'in', q.objective)
  if (q.status?.length) query = query.where(column('status'), 'in', q.status)
  if (q.from) query = query.where(column('due_date'), '>=', q.from)
  if (q.to) query = query.where(column('due_date'), '<=', q.to)
  if (q.lateOnly) query = query.where(column('status'), 'in', OPEN_STATUSES).where(column('due_date'), '<', today)
  if (q.partnerId) {
    const partnerId = q.partnerId
    query = query.where((eb) => eb.or([eb('m.responsible_id', '=', partnerId), eb('p.beneficiary_id', '=', partnerId)]))
  }
  if (search) {
    if (found === 'all') query = query.where('m.id', 'in', searchMatches(db, search).select('s.milestone_id'))
    else if (few) query = query.where('m.id', 'in', found.length ? found : [''])
    else query = query.where((eb) => eb.or([eb(sql`t.title_key`, 'like', sql`${search} escape '\\'`), eb('t.project_id', 'in', projectsFound(db, search))]))
  }
  return query
}

/** The projects whose code or title (kept folded in project_figures) a search finds: looked up once, not again for each of their milestones. */
function projectsFound(db: Kysely<DB>, search: string) {
  const pattern = sql`${search} escape '\\'`
  return db
    .selectFrom('project_figures as f')
    .select('f.project_id')
    .where((eb) => eb.or([eb(sql`f.code_key`, 'like', pattern), eb(sql`f.title_key`, 'like', pattern)]))
}

/** The milestones a search finds by their folded title or their project's code or title, in milestone_search alone. */
function searchMatches(db: Kysely<DB>, search: string) {
  return db
    .selectFrom('milestone_search as s')
    .where((eb) => eb.or([eb(sql`s.title_key`, 'like', sql`${search} escape '\\'`), eb('s.project_id', 'in', projectsFound(db, search))]))
}

/** True when a filter reads the milestones' projects (strand, officer, call, partner, the projects list's filters). */
function byProject(q: MilestonePageQuery & { projectFilters?: ProjectFilters }): boolean {
  return (
    q.partnerId !== undefined ||
    Object.values({ strand: q.strand, officer: q.officer, callId: q.callId, ...q.projectFilters }).some(
      (v) => v !== undefined && (!Array.isArray(v) || v.length > 0),
    )
  )
}

/**
 * A search's milestones with the filters milestone_search holds, or null when another filter
 * needs the milestones or their projects: what a search counts reading that narrow table alone.
 */
function searchedMilestones(db: Kysely<DB>, q: MilestonePageQuery & { projectFilters?: ProjectFilters }, today: string) {
  const search = searchPattern(q.q)
  if (!search || byProject(q)) return null
  let query = searchMatches(db, search)
  if (q.projectId) query = query.where('s.project_id', '=', q.projectId)
  if (q.objective.length) query = query.where('s.objective_code', 'in', q.objective)
  if (q.status.length) query = query.where('s.status', 'in', q.status)
  if (q.from) query = query.where('s.due_date', '>=', q.from)
  if (q.to) query = query.where('s.due_date', '<=', q.to)
  if (q.lateOnly) query = query.where('s.status', 'in', OPEN_STATUSES).where('s.due_date', '<', today)
  return query
}

/** Up to this many milestones found by a search are read through their ids; more are found walking the order's index. */
const FEW_FOUND = 2000

/** Every column a list row shows. */
function withMilestoneColumns(query: Joined) {
  return query
    .innerJoin('projects as pr', 'pr.id', 'm.project_id')
    .leftJoin('organisations as o', 'o.id', 'm.responsible_id')
    .leftJoin('project_indicators as pi', 'pi.id', 'm.project_indicator_id')
    .leftJoin('indicators as i', 'i.id', 'pi.indicator_id')
    .selectAll('m')
    .select(['o.name as responsible_name', 'i.code as indicator_code', 'pr.code as project_code', 'pr.title as project_title', 'pr.strand', 'pr.officer_name'])
}

type MilestoneColumns = Awaited<ReturnType<ReturnType<typeof withMilestoneColumns>['execute']>>[number]

function toMilestoneRow(r: MilestoneColumns, today: string): MilestoneListRow {
  const late = isLate({ status: r.status, dueDate: r.due_date }, today)
  return {
    id: r.id,
    projectId: r.project_id,
    title: r.title,
    description: r.description,
    objectiveCode: r.objective_code,
    projectIndicatorId: r.project_indicator_id,
    indicatorCode: r.indicator_code,
    dueDate: r.due_date,
    status: r.status,
    doneDate: r.done_date,
    evidence: r.evidence,
    responsibleId: r.responsible_id,
    responsibleName: r.responsible_name,
    late,
    daysLate: late ? daysBetween(r.due_date, today) : 0,
    updatedAt: r.updated_at,
    projectCode: r.project_code,
    projectTitle: r.project_title,
    strand: r.strand,
    officerName: r.officer_name,
  }
}

/** Milestones for a project page, the dashboard or an export (every one of the filters), with lateness computed for `today`. */
export async function listMilestones(db: Kysely<DB>, q: MilestoneFilters, today: string): Promise<MilestoneListRow[]> {
  const sort = q.sort?.key
  const rows = await withMilestoneColumns(filteredMilestones(db, q, today, sort ?? 'dueDate'))
    .orderBy(orderSql(milestoneOrder(q.sort)))
    .execute()
  return rows.map((r) => toMilestoneRow(r, today))
}

/** The project page's milestones (compiled once): listMilestones of one project, in the list's first order. */
const projectMilestonesQuery = compiledOnce((db, value: ParameterOf<{ projectId: string }>) =>
  withMilestoneColumns(db.selectFrom('milestones as m') as unknown as Joined)
    .where('m.project_id', '=', value('projectId'))
    .orderBy(orderSql(milestoneOrder(undefined))),
)

/** A project's milestones, as listMilestones gives them, with lateness computed for `today`. */
export async function projectMilestones(db: Kysely<DB>, projectId: string, today: string): Promise<MilestoneListRow[]> {
  return (await projectMilestonesQuery(db, { projectId })).map((r) => toMilestoneRow(r, today))
}

/** A page of the milestones list, with how many the whole filtered list has and how many of them are late. */
export interface MilestonePage extends Page<MilestoneListRow> {
  /** Null on the pages after the first (see Page). */
  late: number | null
}

/**
 * One page of the milestones list: the page's ids found through the index of its order, then its
 * rows by id. The first page also counts the whole filtered list and how many of it are late, each
 * by a count of its own (a count of every milestone, unfiltered, reads no row). A search first
 * counts what it finds, up to FEW_FOUND, in milestone_search: few are read through their ids,
 * many found walking the order's index (a match comes every few rows).
 */
export async function pageMilestones(db: Kysely<DB>, q: MilestonePageQuery & { projectFilters?: ProjectFilters }, today: string): Promise<MilestonePage> {
  const order = milestoneOrder(q.sort)
  const search = searchPattern(q.q)
  const searched = searchedMilestones(db, q, today)
  const isLate = (m: { status: string; due_date: string }) => (OPEN_STATUSES as readonly string[]).includes(m.status) && m.due_date < today
  // The grams of the search (milestone-grams.ts): a gram no milestone holds finds nothing; one or
  // two characters, or no search at all (the empty gram), with no other filter than late only are
  // counted there, whatever they find.
  const folded = search ? foldForSearch(q.q!.trim()) : ''
  const onlyLate = !q.projectId && !q.objective.length && !q.status.length && !q.from && !q.to && !byProject(q)
  // A search of punctuation alone folds to nothing and finds nothing (searchPattern): not the empty gram.
  const grams = (search ? folded : onlyLate && !q.after) ? await gramFacts(db, folded, today) : null
  if (grams?.none) return { rows: [], next: null, total: q.after ? null : 0, late: q.after ? null : 0 }
  const counted = grams && onlyLate ? { total: q.lateOnly ? grams.late : grams.total, late: grams.late } : null
  // What the search finds, up to FEW_FOUND (with the filters milestone_search holds, when no other
  // applies); not read again when the grams counted FEW_FOUND or more.
  const probe =
    search && !(counted && counted.total >= FEW_FOUND)
      ? await (searched ?? searchMatches(db, search)).select(['s.milestone_id', 's.status', 's.due_date']).limit(FEW_FOUND).execute()
      : null
  const found = probe && probe.length < FEW_FOUND ? probe.map((m) => m.milestone_id) : undefined
  let keys = filteredMilestones(db, q, today, q.sort.key, found).select(keyColumns(order))
  if (q.after) keys = keys.where(afterSql(order, q.after))
  const rows = (await keys
    .orderBy(orderSql(order))
    .limit(q.limit + 1)
    .execute()) as Record<string, unknown>[]
  const page = cutPage(rows, q.limit, order.length)
  const pageIds = page.rows.map((r) => r[`k${order.length - 1}`] as string)
  const byId = new Map(
    (pageIds.length
      ? await withMilestoneColumns(db.selectFrom('milestones as m') as unknown as Joined)
          .where('m.id', 'in', pageIds)
          .execute()
      : []
    ).map((r) => [r.id, r]),
  )
  const pageRows = pageIds.map((id) => toMilestoneRow(byId.get(id)!, today))
  if (q.after) return { rows: pageRows, next: page.next, total: null, late: null }
  // The first page's counts. A search with only the filters milestone_search holds is counted there:
  // from the probe when it found everything, else in one pass over that narrow table.
  if (counted) return { rows: pageRows, next: page.next, ...counted }
  if (searched && found) return { rows: pageRows, next: page.next, total: probe!.length, late: probe!.filter(isLate).length }
  if (searched) {
    const c = await searched
      .select([sql<number>`count(*)`.as('n'), sql<number>`coalesce(sum(s.status in (${sql.join(OPEN_STATUSES)}) and s.due_date < ${today}), 0)`.as('late')])
      .executeTakeFirstOrThrow()
    return { rows: pageRows, next: page.next, total: Number(c.n), late: Number(c.late) }
  }
  const count = async (late: boolean) => {
    let query = filteredMilestones(db, q, today, undefined, found ?? 'all')
    if (late) query = query.where('m.status', 'in', OPEN_STATUSES).where('m.due_date', '<', today)
    return Number((await query.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()).n)
  }
  const total = await count(false)
  return { rows: pageRows, next: page.next, total, late: q.lateOnly ? total : await count(true) }
}

/** Adds or updates a milestone; its objective defaults to the project's, done needs a date (default today). */
export async function saveMilestone(
  db: WritableDb,
  officer: Officer,
  input: { projectId: string; id?: string; expectedUpdatedAt?: string; values: MilestoneValues },
  today: string,
): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const project = await recordRow(trx, 'projects', input.projectId)
    const v = input.values
    if (v.projectIndicatorId) {
      const pi = await trx.selectFrom('project_indicators').select('project_id').where('id', '=', v.projectIndicatorId).executeTakeFirst()
      if (!pi || pi.project_id !== input.projectId) {
        throw new AppError('VALIDATION', 'Indicator of another project', { issues: [{ path: 'values.projectIndicatorId', message: 'invalid' }] })
      }
    }
    if (v.responsibleId && !(await trx.selectFrom('organisations').select('id').where('id', '=', v.responsibleId).executeTakeFirst())) {
      throw new AppError('VALIDATION', 'Unknown partner', { issues: [{ path: 'values.responsibleId', message: 'invalid' }] })
    }
    const columns: Omit<NewRecord<'milestones'>, 'project_id'> = {
      title: v.title,
      description: v.description,
      objective_code: v.objectiveCode ?? project.objective_code,
      project_indicator_id: v.projectIndicatorId,
      due_date: v.dueDate,
      status: v.status,
      done_date: v.status === 'done' ? (v.doneDate ?? today) : null,
      evidence: v.evidence,
      responsible_id: v.responsibleId,
    }
    const target: RecordTarget<'milestones'> = { table: 'milestones', entity: 'milestone', parentId: input.projectId }
    if (input.id) {
      await updateRecord(trx, officer, target, input.id, columns, input.expectedUpdatedAt)
      return input.id
    }
    return insertRecord(trx, officer, target, { project_id: input.projectId, ...columns })
  })
}
