import { z } from 'zod'

/**
 * The age and gender breakdown of a measurement of an indicator about persons (Regulation (EU)
 * 2021/1147, Annex VIII: "reported by age brackets (< 18, 18-60, > 60) and by gender"). Each set
 * of parts adds up to the measured value.
 */

const count = z.number({ message: 'required' }).int({ message: 'wholeNumber' }).min(0, { message: 'notNegative' }).max(1e9, { message: 'tooLarge' })

export const personBreakdown = z.object({
  ageUnder18: count,
  age18to60: count,
  ageOver60: count,
  female: count,
  male: count,
  nonBinary: count,
  genderUnknown: count,
})
export type PersonBreakdown = z.output<typeof personBreakdown>

/** The three age brackets, in the order the regulation lists them. */
export const AGE_PARTS = ['ageUnder18', 'age18to60', 'ageOver60'] as const
/** The four genders a measurement records. */
export const GENDER_PARTS = ['female', 'male', 'nonBinary', 'genderUnknown'] as const

/** A breakdown, or null where it was not recorded. */
export const optionalBreakdown = personBreakdown.nullish().transform((v) => v ?? null)

/** Sum of some parts of a breakdown. */
export function partsSum(b: PersonBreakdown, parts: readonly (keyof PersonBreakdown)[]): number {
  return parts.reduce((s, k) => s + b[k], 0)
}

/**
 * What is wrong with a breakdown against its measured value: `breakdownAge` when the age brackets
 * do not add up to it, `breakdownGender` when the genders do not (message keys under `validation.`).
 */
export function breakdownIssues(value: number, b: PersonBreakdown | null): { path: 'breakdownAge' | 'breakdownGender'; message: string }[] {
  if (!b) return []
  const issues: { path: 'breakdownAge' | 'breakdownGender'; message: string }[] = []
  if (partsSum(b, AGE_PARTS) !== value) issues.push({ path: 'breakdownAge', message: 'breakdownAge' })
  if (partsSum(b, GENDER_PARTS) !== value) issues.push({ path: 'breakdownGender', message: 'breakdownGender' })
  return issues
}

/** zod refinement of a measurement's values: each set of the breakdown's parts adds up to the value. */
export function refineBreakdown(v: { value: number; breakdown: PersonBreakdown | null }, ctx: z.RefinementCtx): void {
  for (const issue of breakdownIssues(v.value, v.breakdown)) ctx.addIssue({ code: 'custom', path: [issue.path], message: issue.message })
}
