import type { Kysely } from 'kysely'
import type { PersonBreakdown } from './domain/schemas/breakdown'
import { addBreakdowns, breakdownOf, EMPTY_BREAKDOWN } from './breakdown'
import type { DB } from './schema'
import { FIGURE_COLUMNS, type IndicatorType, type ObjectiveCode } from './domain/vocabulary'

/**
 * The programme's indicator figures for the annual performance report: per specific objective
 * and indicator, the cumulative value reached by the projects (each project's latest measurement,
 * as measurements are cumulative), with the age and gender breakdown of indicators about persons.
 */

export interface IndicatorFigure {
  objectiveCode: ObjectiveCode
  code: string
  type: IndicatorType
  labelFr: string
  labelNl: string
  labelEn: string
  unit: string
  aboutPersons: boolean
  /** Projects with at least one measurement up to the cut-off day. */
  projects: number
  /** Sum over the projects of their latest cumulative value. */
  value: number
  /** Sum of the recorded breakdowns (indicators about persons only, else null). */
  breakdown: PersonBreakdown | null
  /** The part of `value` whose latest measurement has no breakdown (recorded before it was asked). */
  notRecorded: number
}

export interface IndicatorFigures {
  /** The year asked for, or null for everything measured so far. */
  year: number | null
  /** The last measurement day counted (31 December of the year), or null. */
  until: string | null
  objectives: { code: ObjectiveCode; indicators: IndicatorFigure[] }[]
}

/** The cumulative figures per objective and indicator, at the end of `year` when given, of some projects or all. */
export async function indicatorFigures(db: Kysely<DB>, options: { year?: number | null; projectIds?: readonly string[] } = {}): Promise<IndicatorFigures> {
  const year = options.year ?? null
  const until = year === null ? null : `${String(year).padStart(4, '0')}-12-31`
  const indicators = await db.selectFrom('indicators').selectAll().orderBy('objective_code').orderBy('common', 'desc').orderBy('code').execute()
  let followedQuery = db.selectFrom('project_indicators').select(['id', 'indicator_id'])
  if (options.projectIds) followedQuery = followedQuery.where('project_id', 'in', options.projectIds.length ? options.projectIds : [''])
  const followed = await followedQuery.execute()
  let measurements = db.selectFrom('indicator_measurements').selectAll()
  if (until) measurements = measurements.where('measured_on', '<=', until)
  // Oldest first: the last one seen per project indicator is its latest (same order as the project page).
  const rows = await measurements.orderBy('measured_on').orderBy('created_at').execute()
  const latest = new Map<string, (typeof rows)[number]>()
  for (const m of rows) latest.set(m.project_indicator_id, m)

  const byIndicator = new Map<string, string[]>()
  for (const pi of followed) byIndicator.set(pi.indicator_id, [...(byIndicator.get(pi.indicator_id) ?? []), pi.id])

  const objectives = new Map<ObjectiveCode, IndicatorFigure[]>()
  for (const i of indicators) {
    const aboutPersons = i.about_persons === 1
    let projects = 0
    let value = 0
    let notRecorded = 0
    let breakdown: PersonBreakdown | null = aboutPersons ? EMPTY_BREAKDOWN : null
    for (const piId of byIndicator.get(i.id) ?? []) {
      const m = latest.get(piId)
      if (!m) continue
      projects += 1
      value += m.value
      if (!aboutPersons) continue
      const b = breakdownOf(m)
      if (b) breakdown = addBreakdowns(breakdown!, b)
      else notRecorded += m.value
    }
    const code = i.objective_code
    const list = objectives.get(code) ?? []
    list.push({
      objectiveCode: code,
      code: i.code,
      type: i.type,
      labelFr: i.label_fr,
      labelNl: i.label_nl,
      labelEn: i.label_en,
      unit: i.unit,
      aboutPersons,
      projects,
      value,
      breakdown,
      notRecorded,
    })
    objectives.set(code, list)
  }
  return { year, until, objectives: [...objectives].map(([code, list]) => ({ code, indicators: list })) }
}

/**
 * One row per indicator for a spreadsheet: labels in `language`, vocabulary through `labels`
 * (e.g. `labels.type.output`); the breakdown cells stay empty for indicators not about persons.
 */
export function figureCells(
  figures: IndicatorFigures,
  language: 'fr' | 'nl' | 'en',
  labels: Record<string, Record<string, string>> = {},
): Record<(typeof FIGURE_COLUMNS)[number], string | number | null>[] {
  const label = (key: string, value: string) => labels[key]?.[value] ?? value
  const labelKey = ({ fr: 'labelFr', nl: 'labelNl', en: 'labelEn' } as const)[language]
  return figures.objectives.flatMap((o) =>
    o.indicators.map((i) => ({
      objective: o.code,
      code: i.code,
      type: label('type', i.type),
      label: i[labelKey],
      unit: label('unit', i.unit),
      aboutPersons: label('aboutPersons', String(i.aboutPersons)),
      projects: i.projects,
      value: i.value,
      ageUnder18: i.breakdown?.ageUnder18 ?? null,
      age18to60: i.breakdown?.age18to60 ?? null,
      ageOver60: i.breakdown?.ageOver60 ?? null,
      female: i.breakdown?.female ?? null,
      male: i.breakdown?.male ?? null,
      nonBinary: i.breakdown?.nonBinary ?? null,
      genderUnknown: i.breakdown?.genderUnknown ?? null,
      notRecorded: i.aboutPersons ? i.notRecorded : null,
    })),
  )
}
