import type { Kysely, Transaction } from 'kysely'
import { AppError } from './domain/errors'
import { breakdownIssues, type PersonBreakdown } from './domain/schemas/breakdown'
import type { DB, IndicatorMeasurementTable } from './schema'

/** The age and gender breakdown of measurements of indicators about persons (Annex VIII). */

type BreakdownColumns = Pick<
  IndicatorMeasurementTable,
  'age_under_18' | 'age_18_60' | 'age_over_60' | 'gender_female' | 'gender_male' | 'gender_non_binary' | 'gender_unknown'
>

/** The columns a breakdown is stored in (all NULL for "not recorded"). */
export function breakdownColumns(b: PersonBreakdown | null): BreakdownColumns {
  return {
    age_under_18: b?.ageUnder18 ?? null,
    age_18_60: b?.age18to60 ?? null,
    age_over_60: b?.ageOver60 ?? null,
    gender_female: b?.female ?? null,
    gender_male: b?.male ?? null,
    gender_non_binary: b?.nonBinary ?? null,
    gender_unknown: b?.genderUnknown ?? null,
  }
}

/** A stored measurement's breakdown, or null when it was not recorded (measurements of earlier versions). */
export function breakdownOf(row: BreakdownColumns): PersonBreakdown | null {
  const parts = [row.age_under_18, row.age_18_60, row.age_over_60, row.gender_female, row.gender_male, row.gender_non_binary, row.gender_unknown]
  if (parts.some((p) => p === null)) return null
  return {
    ageUnder18: row.age_under_18!,
    age18to60: row.age_18_60!,
    ageOver60: row.age_over_60!,
    female: row.gender_female!,
    male: row.gender_male!,
    nonBinary: row.gender_non_binary!,
    genderUnknown: row.gender_unknown!,
  }
}

/** Adds two breakdowns part by part. */
export function addBreakdowns(a: PersonBreakdown, b: PersonBreakdown): PersonBreakdown {
  return {
    ageUnder18: a.ageUnder18 + b.ageUnder18,
    age18to60: a.age18to60 + b.age18to60,
    ageOver60: a.ageOver60 + b.ageOver60,
    female: a.female + b.female,
    male: a.male + b.male,
    nonBinary: a.nonBinary + b.nonBinary,
    genderUnknown: a.genderUnknown + b.genderUnknown,
  }
}

/** A breakdown of nobody (the start of a sum). */
export const EMPTY_BREAKDOWN: PersonBreakdown = { ageUnder18: 0, age18to60: 0, ageOver60: 0, female: 0, male: 0, nonBinary: 0, genderUnknown: 0 }

/**
 * Refuses a measurement's breakdown (VALIDATION, nothing written) when its parts do not add up to
 * the value, or when the indicator does not count persons. Kept apart from the other measurement
 * rules (date, decrease) so that each can change alone.
 */
export async function checkMeasurementBreakdown(
  db: Kysely<DB> | Transaction<DB>,
  projectIndicatorId: string,
  value: number,
  breakdown: PersonBreakdown | null,
): Promise<void> {
  const indicator = await db
    .selectFrom('project_indicators as pi')
    .innerJoin('indicators as i', 'i.id', 'pi.indicator_id')
    .select(['i.code', 'i.about_persons'])
    .where('pi.id', '=', projectIndicatorId)
    .executeTakeFirst()
  // Annex VIII: every indicator about persons is reported by age and gender, so a new
  // measurement of one records its breakdown (measurements of earlier versions stay as they are).
  if (!breakdown) {
    if (indicator?.about_persons === 1) {
      throw new AppError('VALIDATION', `Indicator ${indicator.code} counts persons: its breakdown by age and gender is required`, {
        issues: [{ path: 'values.breakdown', message: 'breakdownRequired' }],
      })
    }
    return
  }
  if (indicator && indicator.about_persons !== 1) {
    throw new AppError('VALIDATION', `Indicator ${indicator.code} does not count persons`, {
      issues: [{ path: 'values.breakdown', message: 'breakdownNotPersons' }],
    })
  }
  const issues = breakdownIssues(value, breakdown)
  if (issues.length) {
    throw new AppError('VALIDATION', 'The breakdown does not add up to the measured value', {
      issues: issues.map((i) => ({ path: `values.${i.path}`, message: i.message })),
    })
  }
}
