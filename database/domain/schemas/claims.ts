import { z } from 'zod'
import { isoDate, optionalText, pickedRecordId } from './fields'
import { pageParams } from './paging'
import { cents } from './projects'
import { CLAIM_KINDS, CLAIM_LINE_KINDS, CLAIM_STATUSES } from '../vocabulary'

/**
 * The values of a payment claim and of a declared expenditure line, as the window's forms and the
 * import of a beneficiary's list check them (issue 15). Messages are keys under `validation.`.
 */

const optionalCents = cents.nullish().transform((v) => v ?? null)
const optionalDate = isoDate.nullish().transform((v) => v ?? null)

/** A claim as the officer records it on receipt. */
export const claimValues = z
  .object({
    kind: z.enum(CLAIM_KINDS, { message: 'required' }),
    reference: optionalText(300),
    periodStart: isoDate,
    periodEnd: isoDate,
    submittedOn: isoDate,
    note: optionalText(20000),
  })
  .refine((c) => c.periodEnd >= c.periodStart, { message: 'endBeforeStart', path: ['periodEnd'] })
export type ClaimValues = z.output<typeof claimValues>

/** Hours in hundredths (7,5 h = 750), more than 0 and at most 100 000 h. */
export const hoursHundredths = z
  .number({ message: 'required' })
  .int({ message: 'invalid' })
  .min(1, { message: 'mustBePositive' })
  .max(10_000_000, { message: 'tooLarge' })

/**
 * A declared line. What its kind needs is required; the declared amount is never typed: it is
 * computed from these values and the budget line (domain/claims.ts `declaredCents`).
 */
export const claimLineValues = z
  .object({
    kind: z.enum(CLAIM_LINE_KINDS, { message: 'required' }),
    budgetLineId: pickedRecordId,
    expenseDate: optionalDate,
    supplier: optionalText(300),
    reference: optionalText(300),
    description: optionalText(20000),
    amountExclCents: optionalCents,
    amountInclCents: optionalCents,
    vatEligible: z.boolean().default(false),
    paymentDate: optionalDate,
    personName: optionalText(300),
    hoursHundredths: hoursHundredths.nullish().transform((v) => v ?? null),
    /** Art. 55(2): when given, the hourly rate is these costs / 1 720 h. */
    annualGrossCents: optionalCents,
    hourlyRateCents: optionalCents,
    units: z
      .number({ message: 'required' })
      .int({ message: 'invalid' })
      .min(1, { message: 'mustBePositive' })
      .max(1e9, { message: 'tooLarge' })
      .nullish()
      .transform((v) => v ?? null),
  })
  .superRefine((l, ctx) => {
    const need = (ok: boolean, path: string) => {
      if (!ok) ctx.addIssue({ code: 'custom', message: 'required', path: [path] })
    }
    if (l.kind === 'actual') {
      need(l.expenseDate !== null, 'expenseDate')
      need(l.amountExclCents !== null, 'amountExclCents')
      need(l.amountInclCents !== null, 'amountInclCents')
      if (l.amountExclCents !== null && l.amountInclCents !== null && l.amountInclCents < l.amountExclCents)
        ctx.addIssue({ code: 'custom', message: 'inclBelowExcl', path: ['amountInclCents'] })
    }
    if (l.kind === 'staff') {
      need(l.personName !== null, 'personName')
      need(l.hoursHundredths !== null, 'hoursHundredths')
      need(l.hourlyRateCents !== null || l.annualGrossCents !== null, 'hourlyRateCents')
    }
    if (l.kind === 'unit') need(l.units !== null, 'units')
  })
export type ClaimLineValues = z.output<typeof claimLineValues>

/**
 * A claim moved by hand (CLAIM_TRANSITIONS): returning it for information stops the clock on
 * `on` and needs the reason; withdrawing it needs the reason too.
 */
export const claimStatusChange = z
  .object({
    status: z.enum(CLAIM_STATUSES, { message: 'required' }),
    on: isoDate,
    reason: optionalText(20000),
  })
  .superRefine((c, ctx) => {
    if ((c.status === 'returned' || c.status === 'withdrawn') && c.reason === null) ctx.addIssue({ code: 'custom', message: 'required', path: ['reason'] })
  })
export type ClaimStatusChange = z.output<typeof claimStatusChange>

/** The claims list across projects: status, one project, a search on the project's code and title and the claim's reference; a page of it. */
export const claimQuery = z.object({
  q: z.string().trim().max(200).default(''),
  status: z.array(z.enum(CLAIM_STATUSES)).max(CLAIM_STATUSES.length).default([]),
  projectId: z.string().uuid().optional(),
  ...pageParams,
})
export type ClaimQuery = z.output<typeof claimQuery>
