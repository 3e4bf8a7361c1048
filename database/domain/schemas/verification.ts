import { z } from 'zod'
import { optionalText, requiredText } from './fields'
import { cents } from './projects'
import { CHECK_ANSWERS, ERROR_TYPES, LINE_OUTCOMES, SAMPLING_METHODS } from '../vocabulary'

/**
 * The values of a claim's administrative verification (issue 15): a checklist answer, how the
 * sample is drawn, a line's outcome, a checklist question as reference data, an approval.
 * Messages are keys under `validation.`.
 */

/** A checklist question's id: the seeded ones are words (`proof_of_payment`), new ones UUIDs. */
export const questionId = z
  .string({ message: 'required' })
  .min(1, { message: 'required' })
  .max(100, { message: 'tooLong' })
  .regex(/^[A-Za-z0-9_-]+$/, { message: 'id' })

/** The answer to one checklist question. */
export const checkAnswerValues = z.object({
  answer: z.enum(CHECK_ANSWERS, { message: 'required' }),
  comment: optionalText(20000),
})
export type CheckAnswerValues = z.output<typeof checkAnswerValues>

/**
 * How the lines to check are chosen: all of them, or every line at or above the threshold plus
 * `sampleSize` lines drawn among the others. Without a seed a new one is generated; the same seed
 * draws the same lines again.
 */
export const samplingValues = z
  .object({
    method: z.enum(SAMPLING_METHODS, { message: 'required' }),
    thresholdCents: cents.nullish().transform((v) => v ?? null),
    sampleSize: z
      .number({ message: 'required' })
      .int({ message: 'invalid' })
      .min(0, { message: 'notNegative' })
      .max(1_000_000, { message: 'tooLarge' })
      .nullish()
      .transform((v) => v ?? null),
    seed: z
      .string()
      .trim()
      .max(100, { message: 'tooLong' })
      .regex(/^[A-Za-z0-9_-]*$/, { message: 'seedCharacters' })
      .nullish()
      .transform((v) => (v ? v : null)),
  })
  .superRefine((s, ctx) => {
    if (s.method !== 'threshold_random') return
    if (s.thresholdCents === null) ctx.addIssue({ code: 'custom', message: 'required', path: ['thresholdCents'] })
    if (s.sampleSize === null) ctx.addIssue({ code: 'custom', message: 'required', path: ['sampleSize'] })
  })
export type SamplingValues = z.output<typeof samplingValues>

/**
 * What the verification made of a line: accepted whole, reduced to an amount (above 0, below the
 * declared one, which the writer checks) or rejected; any difference has its error type. A null
 * outcome clears the line's verification.
 */
export const lineOutcomeValues = z
  .object({
    outcome: z
      .enum(LINE_OUTCOMES, { message: 'required' })
      .nullish()
      .transform((v) => v ?? null),
    acceptedCents: cents.nullish().transform((v) => v ?? null),
    errorType: z
      .enum(ERROR_TYPES, { message: 'required' })
      .nullish()
      .transform((v) => v ?? null),
    comment: optionalText(20000),
  })
  .superRefine((o, ctx) => {
    if ((o.outcome === 'reduced' || o.outcome === 'rejected') && o.errorType === null)
      ctx.addIssue({ code: 'custom', message: 'errorTypeRequired', path: ['errorType'] })
    if (o.outcome === 'reduced' && o.acceptedCents === null) ctx.addIssue({ code: 'custom', message: 'required', path: ['acceptedCents'] })
  })
export type LineOutcomeValues = z.output<typeof lineOutcomeValues>

/** A checklist question as reference data: its text in the three languages, its legal basis, active or not. */
export const questionValues = z.object({
  textFr: requiredText(1000),
  textNl: requiredText(1000),
  textEn: requiredText(1000),
  legalBasis: optionalText(300),
  active: z.boolean().default(true),
})
export type QuestionValues = z.output<typeof questionValues>
