import { z } from 'zod'
import { isoDate, optionalText, recordId, requiredText } from './fields'
import { FINDING_SEVERITIES, RECOMMENDATION_STATUSES, VISIT_STATUSES } from '../vocabulary'

/**
 * The values of an on-the-spot verification (CPR Art. 74(1)(a)), its findings and its
 * recommendations with their follow-up (issue 15 §3). Messages are keys under `validation.`.
 */

/** A visit as the officer plans it and then records it. */
export const visitValues = z.object({
  visitDate: isoDate,
  place: requiredText(300),
  /** Who went (free text: « É. Dupont, P. Janssens »). */
  officers: requiredText(300),
  /** What was checked: lines, topics, sites. */
  scope: optionalText(20000),
  status: z.enum(VISIT_STATUSES, { message: 'required' }),
  conclusion: optionalText(20000),
})
export type VisitValues = z.output<typeof visitValues>

/** A finding of a visit. */
export const findingValues = z.object({
  severity: z.enum(FINDING_SEVERITIES, { message: 'required' }),
  description: requiredText(20000),
})
export type FindingValues = z.output<typeof findingValues>

/** A recommendation (new ones are open; their follow-up is `recommendationStatus`). */
export const recommendationValues = z.object({
  recommendation: requiredText(20000),
  dueDate: isoDate,
  /** The finding it answers, of the same visit; none for a general recommendation. */
  findingId: recordId
    .nullish()
    .or(z.literal(''))
    .transform((v) => v || null),
})
export type RecommendationValues = z.output<typeof recommendationValues>

/**
 * The follow-up of a recommendation: done on a day with what was done, dropped on a day with the
 * reason, or open again (reopened: the day and the reason go, the follow-up note stays).
 */
export const recommendationStatus = z
  .object({
    status: z.enum(RECOMMENDATION_STATUSES, { message: 'required' }),
    on: isoDate.nullish().transform((v) => v ?? null),
    followUp: optionalText(20000),
    reason: optionalText(20000),
  })
  .superRefine((v, ctx) => {
    const need = (ok: boolean, path: string, message = 'required') => {
      if (!ok) ctx.addIssue({ code: 'custom', message, path: [path] })
    }
    if (v.status !== 'open') need(v.on !== null, 'on')
    if (v.status === 'done') need(v.followUp !== null, 'followUp', 'followUpRequired')
    if (v.status === 'dropped') need(v.reason !== null, 'reason', 'dropReasonRequired')
  })
export type RecommendationStatusChange = z.output<typeof recommendationStatus>
