import { z } from 'zod'
import {
  BUDGET_CATEGORIES,
  COST_MODELS,
  INDICATOR_TYPES,
  INDIRECT_FLAT_RATES,
  MILESTONE_STATUSES,
  OBJECTIVE_CODES,
  PAYMENT_KINDS,
  PAYMENT_STATUSES,
  PROJECT_PARTNER_ROLES,
  PROJECT_STATUSES,
  RAG_STATUSES,
  RATE_GROUNDS,
  STRANDS,
} from '../vocabulary'
import { rateAboveCeiling } from '../cofinancing'
import { FLAT_RATE_CEILING_BP, isFlatRate } from '../money'
import { optionalBreakdown, refineBreakdown } from './breakdown'
import { isoDate, optionalText, pickedRecordId, recordId, requiredText } from './fields'
import { pageParams } from './paging'

/**
 * Input schemas of calls, projects and everything a project holds (budget, payments, partners,
 * indicators, milestones). The renderer's forms validate with the same schemas.
 */

/** Whole euro cents, not negative (« must be positive »), below 10 billion euros. */
export const cents = z.number({ message: 'required' }).int({ message: 'cents' }).min(0, { message: 'mustBePositive' }).max(1e12, { message: 'tooLarge' })
const optionalCents = cents.nullish().transform((v) => v ?? null)
/** A rate in basis points, 0 to 10 000 (100 %). */
export const basisPoints = z.number({ message: 'required' }).int({ message: 'invalid' }).min(0, { message: 'notNegative' }).max(10000, { message: 'rateMax' })
/** An indicator's baseline, target or measured value: not negative, at most 10^12 (as the file allows). */
const quantity = z.number({ message: 'required' }).min(0, { message: 'mustBePositive' }).max(1e12, { message: 'invalid' })
const optionalId = recordId.nullish().transform((v) => v ?? null)
const optionalDate = isoDate.nullish().transform((v) => v ?? null)
const today = isoDate.optional()

export const callValues = z
  .object({
    reference: requiredText(60),
    title: requiredText(300),
    strand: z.enum(STRANDS, { message: 'required' }),
    objectiveCode: z.enum(OBJECTIVE_CODES, { message: 'required' }),
    opensOn: isoDate,
    closesOn: isoDate,
    envelopeCents: cents,
    notes: optionalText(5000),
  })
  .refine((c) => c.closesOn >= c.opensOn, { message: 'endBeforeStart', path: ['closesOn'] })
export type CallValues = z.output<typeof callValues>

/** A page of the calls, or of those whose reference or title match `q`. */
export const callPageQuery = z.object({ q: z.string().trim().max(200).optional(), ...pageParams })
export type CallPageQuery = z.output<typeof callPageQuery>

/** A project code such as AMIF-2025-RV-03: letters, digits and dashes, kept in capitals. */
export const projectCode = z
  .string({ message: 'required' })
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9][A-Z0-9-]{2,39}$/, { message: 'projectCode' })

export const projectValues = z
  .object({
    code: projectCode,
    title: requiredText(300),
    description: optionalText(10000),
    beneficiaryId: pickedRecordId,
    strand: z.enum(STRANDS, { message: 'required' }),
    strandObjectiveId: optionalId,
    objectiveCode: z.enum(OBJECTIVE_CODES, { message: 'required' }),
    callId: optionalId,
    startDate: isoDate,
    endDate: isoDate,
    officerName: optionalText(200),
    euRateBp: basisPoints.default(7500),
    // The co-financing ground (Article 15 AMIF): `none` (or null, as stored) for the general 75 %.
    rateGround: z
      .enum([...RATE_GROUNDS, 'none'])
      .nullish()
      .transform((v) => (v === 'none' || v === undefined ? null : v)),
    rateJustification: optionalText(2000),
    targetGroupIds: z.array(recordId).max(50).default([]),
    /** The plaque or poster requirements the agreement sets on grounds of security or public order (CPR Art. 50(1)). */
    visibilityAdaptation: optionalText(2000),
  })
  .refine((p) => p.endDate >= p.startDate, { message: 'endBeforeStart', path: ['endDate'] })
  // A rate above its ground's ceiling is refused with the ceiling and the article (`rateCeiling.<ground>`).
  .superRefine((p, ctx) => {
    const above = rateAboveCeiling(p.euRateBp, p.rateGround)
    // Above 100 % the rate's own message (rateMax) says it all.
    if (above && p.euRateBp <= 10000) ctx.addIssue({ code: 'custom', message: `rateCeiling.${above.ground}`, path: ['euRateBp'] })
  })
export type ProjectValues = z.output<typeof projectValues>

export const PROJECT_SORT_KEYS = [
  'code',
  'title',
  'beneficiary',
  'objective',
  'strand',
  'status',
  'startDate',
  'endDate',
  'eligible',
  'eu',
  'paid',
  'rag',
] as const
const order = z.enum(['asc', 'desc'])

/** The projects list's search, filters and sort (export takes the same). */
export const projectQuery = z.object({
  q: z.string().trim().max(200).default(''),
  objective: z.array(z.enum(OBJECTIVE_CODES)).default([]),
  strand: z.array(z.enum(STRANDS)).default([]),
  status: z.array(z.enum(PROJECT_STATUSES)).default([]),
  rag: z.array(z.enum(RAG_STATUSES)).default([]),
  partnerId: recordId.optional(),
  officer: z.string().trim().max(200).optional(),
  callId: recordId.optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  sort: z.object({ key: z.enum(PROJECT_SORT_KEYS), order }).default({ key: 'code', order: 'asc' }),
  today,
})
export type ProjectQuery = z.output<typeof projectQuery>

/** A page of the projects list (the list channel; export takes projectQuery, every row). */
export const projectPageQuery = projectQuery.extend(pageParams)
export type ProjectPageQuery = z.output<typeof projectPageQuery>

export const statusChange = z.object({
  id: recordId,
  status: z.enum(PROJECT_STATUSES, { message: 'required' }),
  changedOn: isoDate,
  note: optionalText(2000),
  expectedUpdatedAt: z.string().optional(),
})

export const projectPartnerValues = z.object({
  organisationId: pickedRecordId,
  role: z.enum(PROJECT_PARTNER_ROLES, { message: 'required' }),
  budgetShareCents: cents.default(0),
})
export type ProjectPartnerValues = z.output<typeof projectPartnerValues>

export const budgetLineValues = z
  .object({
    category: z.enum(BUDGET_CATEGORIES, { message: 'required' }),
    costModel: z.enum(COST_MODELS, { message: 'required' }),
    description: requiredText(300),
    amountCents: optionalCents,
    units: z
      .number()
      .int({ message: 'invalid' })
      .min(0, { message: 'notNegative' })
      .max(10_000_000)
      .nullish()
      .transform((v) => v ?? null),
    unitCostCents: optionalCents,
    publicProcurement: z.boolean().default(false),
  })
  .superRefine((l, ctx) => {
    const flat = isFlatRate(l.costModel)
    if (flat !== (l.category === 'indirect')) ctx.addIssue({ code: 'custom', message: 'flatRateCategory', path: ['category'] })
    if (l.costModel === 'unit_cost') {
      if (l.units === null) ctx.addIssue({ code: 'custom', message: 'required', path: ['units'] })
      if (l.unitCostCents === null) ctx.addIssue({ code: 'custom', message: 'required', path: ['unitCostCents'] })
    } else if (!flat && l.amountCents === null) {
      ctx.addIssue({ code: 'custom', message: 'required', path: ['amountCents'] })
    }
  })
  .transform((l) => {
    // Keep only what the cost model uses, so a stored line never contradicts its model.
    const flat = isFlatRate(l.costModel)
    const unit = l.costModel === 'unit_cost'
    return { ...l, amountCents: flat || unit ? null : l.amountCents, units: unit ? l.units : null, unitCostCents: unit ? l.unitCostCents : null }
  })
export type BudgetLineValues = z.output<typeof budgetLineValues>

const optionalBp = z
  .number({ message: 'required' })
  .int({ message: 'invalid' })
  .min(1, { message: 'mustBePositive' })
  .nullish()
  .transform((v) => v ?? null)

/**
 * A project's simplified cost options (Regulation (EU) 2021/1060, Articles 53-56): one indirect
 * flat rate at most, each rate up to its ceiling (`flatRateCeiling.<kind>` names it), 54(c) with
 * its justification, 56(1) alone (it covers every cost other than staff); and why a project of
 * at most 200 000 € uses none (53(2)).
 */
export const costOptionValues = z
  .object({
    indirect: z
      .enum(INDIRECT_FLAT_RATES)
      .nullish()
      .transform((v) => v ?? null),
    indirectRateBp: optionalBp,
    indirectJustification: optionalText(2000),
    staffRateBp: optionalBp,
    remainingRateBp: optionalBp,
    scoExemption: optionalText(2000),
  })
  .superRefine((o, ctx) => {
    if (o.indirect !== null && o.indirectRateBp === null) ctx.addIssue({ code: 'custom', message: 'required', path: ['indirectRateBp'] })
    if (o.indirect === null && o.indirectRateBp !== null) ctx.addIssue({ code: 'custom', message: 'required', path: ['indirect'] })
    if (o.indirect !== null && o.indirectRateBp !== null && o.indirectRateBp > FLAT_RATE_CEILING_BP[o.indirect]) {
      ctx.addIssue({ code: 'custom', message: `flatRateCeiling.${o.indirect}`, path: ['indirectRateBp'] })
    }
    if (o.indirect === 'art54c' && o.indirectJustification === null)
      ctx.addIssue({ code: 'custom', message: 'flatRateJustification', path: ['indirectJustification'] })
    if (o.staffRateBp !== null && o.staffRateBp > FLAT_RATE_CEILING_BP.art55)
      ctx.addIssue({ code: 'custom', message: 'flatRateCeiling.art55', path: ['staffRateBp'] })
    if (o.remainingRateBp !== null && o.remainingRateBp > FLAT_RATE_CEILING_BP.art56)
      ctx.addIssue({ code: 'custom', message: 'flatRateCeiling.art56', path: ['remainingRateBp'] })
    if (o.remainingRateBp !== null && (o.indirect !== null || o.staffRateBp !== null))
      ctx.addIssue({ code: 'custom', message: 'flatRate56Alone', path: ['remainingRateBp'] })
  })
export type CostOptionValues = z.output<typeof costOptionValues>

export const paymentValues = z
  .object({
    kind: z.enum(PAYMENT_KINDS, { message: 'required' }),
    plannedDate: isoDate,
    plannedCents: optionalCents,
    plannedRateBp: basisPoints.nullish().transform((v) => v ?? null),
    status: z.enum(PAYMENT_STATUSES, { message: 'required' }),
    paidDate: optionalDate,
    paidCents: optionalCents,
    note: optionalText(2000),
  })
  .refine((p) => (p.plannedCents === null) !== (p.plannedRateBp === null), { message: 'amountOrRate', path: ['plannedCents'] })
  .refine((p) => p.status !== 'paid' || p.paidDate !== null, { message: 'required', path: ['paidDate'] })
  .refine((p) => p.status !== 'paid' || p.paidCents !== null, { message: 'required', path: ['paidCents'] })
export type PaymentValues = z.output<typeof paymentValues>

export const projectIndicatorValues = z.object({
  indicatorId: pickedRecordId,
  baseline: quantity.default(0),
  target: quantity,
  unit: requiredText(40),
})
export type ProjectIndicatorValues = z.output<typeof projectIndicatorValues>

export const measurementValues = z
  .object({
    measuredOn: isoDate,
    value: quantity,
    source: requiredText(300),
    /** Why a cumulative value is lower than the previous one (asked for, with `confirmDecrease`). */
    note: optionalText(2000),
    confirmDecrease: z.boolean().default(false),
    breakdown: optionalBreakdown,
  })
  .superRefine(refineBreakdown)
export type MeasurementValues = z.output<typeof measurementValues>

export const milestoneValues = z.object({
  title: requiredText(300),
  description: optionalText(5000),
  objectiveCode: z
    .enum(OBJECTIVE_CODES)
    .nullish()
    .transform((v) => v ?? null),
  projectIndicatorId: optionalId,
  dueDate: isoDate,
  status: z.enum(MILESTONE_STATUSES, { message: 'required' }),
  doneDate: optionalDate,
  evidence: optionalText(5000),
  responsibleId: optionalId,
})
export type MilestoneValues = z.output<typeof milestoneValues>

export const MILESTONE_SORT_KEYS = ['dueDate', 'title', 'project', 'objective', 'status'] as const

/** The milestones list's search, filters and sort. */
export const milestoneQuery = z.object({
  q: z.string().trim().max(200).default(''),
  objective: z.array(z.enum(OBJECTIVE_CODES)).default([]),
  strand: z.array(z.enum(STRANDS)).default([]),
  status: z.array(z.enum(MILESTONE_STATUSES)).default([]),
  partnerId: recordId.optional(),
  officer: z.string().trim().max(200).optional(),
  callId: recordId.optional(),
  projectId: recordId.optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  lateOnly: z.boolean().default(false),
  sort: z.object({ key: z.enum(MILESTONE_SORT_KEYS), order }).default({ key: 'dueDate', order: 'asc' }),
  today,
})
export type MilestoneQuery = z.output<typeof milestoneQuery>

/** A page of the milestones list. */
export const milestonePageQuery = milestoneQuery.extend(pageParams)
export type MilestonePageQuery = z.output<typeof milestonePageQuery>

export const indicatorValues = z.object({
  code: z.string({ message: 'required' }).trim().min(1, { message: 'required' }).max(30, { message: 'tooLong' }),
  type: z.enum(INDICATOR_TYPES, { message: 'required' }),
  objectiveCode: z.enum(OBJECTIVE_CODES, { message: 'required' }),
  parentId: optionalId,
  labelFr: requiredText(500),
  labelNl: requiredText(500),
  labelEn: requiredText(500),
  unit: requiredText(40),
})
export type IndicatorValues = z.output<typeof indicatorValues>

export const indicatorLabels = indicatorValues.pick({ labelFr: true, labelNl: true, labelEn: true, unit: true })
export type IndicatorLabels = z.output<typeof indicatorLabels>

/** An objective's official wording in one language, with where it comes from. */
export const objectiveWordingValues = z.object({
  language: z.enum(['fr', 'nl', 'en']),
  wording: optionalText(2000),
  source: optionalText(500),
  incomplete: z.boolean().default(false),
})

/** Dashboard filters. */
export const dashboardQuery = z.object({
  strand: z.enum(STRANDS).optional(),
  callId: recordId.optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  officer: z.string().trim().max(200).optional(),
  today,
})
export type DashboardQuery = z.output<typeof dashboardQuery>
