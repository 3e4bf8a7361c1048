import { z } from 'zod'
import { isoDate, optionalText, requiredText } from '../domain/schemas/fields'
import { personBreakdown, refineBreakdown, type PersonBreakdown } from '../domain/schemas/breakdown'
import { basisPoints, cents, costOptionValues, projectCode } from '../domain/schemas/projects'
import { DOC_LANGUAGES } from '../domain/languages'
import { DAC_CRITERIA, DOCUMENT_KINDS } from '../domain/vocabulary'
import { isIsoDate } from '../domain/dates'
import { isValidBicCode, isValidIbanNumber, isValidVat } from '../domain/identifiers'
import { MAX_DOCUMENT_BYTES, sha256Hex } from '../file/pdf-files'
import { attachmentFileName, detectMediaType, isAttachmentMediaType, MAX_ATTACHMENT_BYTES } from '../file/attachment-files'
import { ATTACHMENT_CONTENT_COLUMNS } from '../migrations/010_attachments'
import { camelName, entityOf, type Labeller } from './labels'
import { tableOf, type AppendOnlyTable, type MergeSchema, type RowValues, type Side } from './load'
import { refKey, sameContent } from './plan'
import { type Vv } from './vv'
import {
  ATTACHMENT_KINDS,
  ATTACHMENT_MEDIA_TYPES,
  BUDGET_CATEGORIES,
  CHECK_ANSWERS,
  CLAIM_KINDS,
  CLAIM_LINE_KINDS,
  CLAIM_STATUSES,
  CONTACT_LANGUAGES,
  COST_MODELS,
  ERROR_TYPES,
  FINDING_SEVERITIES,
  INDICATOR_TYPES,
  INDIRECT_FLAT_RATES,
  LINE_OUTCOMES,
  MILESTONE_STATUSES,
  OBJECTIVE_CODES,
  ORGANISATION_KINDS,
  PARTNER_ROLES,
  PARTNERSHIP_STATUSES,
  PAYMENT_KINDS,
  PAYMENT_STATUSES,
  PROJECT_PARTNER_ROLES,
  PROJECT_STATUSES,
  RATE_GROUNDS,
  RECOMMENDATION_STATUSES,
  SAMPLING_METHODS,
  STRANDS,
  VISIT_STATUSES,
  WORKING_LANGUAGES,
} from '../domain/vocabulary'

/**
 * A colleague's file is input from outside: every row a merge would take from it is checked with
 * the value schemas of the window's forms (text lengths, whole cents within bounds, dates that
 * exist, closed vocabularies, JSON that parses), its version vector against what this file knows
 * of its own changes, a document's bytes against what a PDF of its register entry must be, and
 * history rows against this file's clock. A row that fails is refused: listed in the preview with
 * its reason and left out of the merge, with the records that could not be written without it.
 */

/** Why a row of their file is not merged (translated in the window under `merge.refusedReasons`). */
export type RefusalReason =
  | 'invalid_value'
  | 'forged_vector'
  | 'future_date'
  | 'bad_json'
  | 'not_pdf'
  | 'pdf_mismatch'
  | 'too_large'
  | 'wrong_type'
  | 'attachment_changed'
  | 'depends_on_refused'

/** A row of their file the merge leaves out, and why. */
export interface RefusedRow {
  key: string
  table: string
  entity: string
  id: string
  label: string
  projectCode: string | null
  reason: RefusalReason
  /** The field (camelCase) at fault, if one. */
  field: string | null
  /** The schema's message key (`validation.<key>` in the window) for an invalid value. */
  message: string | null
  /** The same in English, for the command line and the log. */
  detail: string
}

/** How far ahead of this file's clock a history row may be dated (clocks differ a little). */
const FUTURE_TOLERANCE_MS = 24 * 60 * 60 * 1000
const LABEL_MAX = 120

// ---------------------------------------------------------------------------------------------
// Row schemas, column by column, from the input schemas' own fields.

const id = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9:_.-]+$/, { message: 'id' })
const optId = id.nullable()
/** A moment `2026-03-15T10:20:30.000Z`, as the app stamps rows (a plain date, as older rows may hold, too). */
const timestamp = z
  .string()
  .max(40)
  .refine((v) => isTimestamp(v) || isIsoDate(v), { message: 'date' })
const optTimestamp = timestamp.nullable()
const optDate = isoDate.nullable()
const optCents = cents.nullable()
const flag = z.union([z.literal(0), z.literal(1)], { message: 'invalid' })
const int = z.number().int().min(0).max(1_000_000_000)
const measure = z.number().min(0).max(1e15)
const enumOf = <T extends readonly [string, ...string[]]>(values: T) => z.enum(values, { message: 'required' })
const optEnum = <T extends readonly [string, ...string[]]>(values: T) => enumOf(values).nullable()
const longText = requiredText(20000)
const optLongText = optionalText(20000)
const country = z.string().regex(/^[A-Z]{2}$/, { message: 'country' })
const enterpriseNumber = z
  .string()
  .regex(/^\d{10}$/, { message: 'enterpriseNumber' })
  .nullable()
/** JSON text that parses to the given schema. */
const json = (inner: z.ZodType) =>
  z
    .string()
    .max(5_000_000)
    .superRefine((text, ctx) => {
      let value: unknown
      try {
        value = JSON.parse(text)
      } catch {
        ctx.addIssue({ code: 'custom', message: 'json' })
        return
      }
      if (!inner.safeParse(value).success) ctx.addIssue({ code: 'custom', message: 'json' })
    })
const jsonObject = json(z.record(z.string(), z.unknown()))

const stamps = { created_at: timestamp, updated_at: timestamp, updated_by: requiredText(200) }

/** A column per document language (`name_fr`, `name_nl`, `name_en`), each with the same check (migration 008). */
const perLanguage = (column: string, schema: z.ZodType) => Object.fromEntries(DOC_LANGUAGES.map((l) => [`${column}_${l}`, schema]))

/**
 * A project's flat rates as stored (migration 007): whole basis points from 1; each article's
 * ceiling (within the CHECKs' bounds) and the rules between them are refineCostOptions'.
 */
const flatRateBp = basisPoints.min(1, { message: 'mustBePositive' }).nullable()
const costOptionColumns = {
  indirect_flat_rate: optEnum(INDIRECT_FLAT_RATES),
  indirect_rate_bp: flatRateBp,
  indirect_justification: optionalText(2000),
  staff_flat_rate_bp: flatRateBp,
  remaining_flat_rate_bp: flatRateBp,
  sco_exemption: optionalText(2000),
}
/** The window's field of each cost-option column. */
const COST_OPTION_FIELDS: Record<string, keyof typeof costOptionColumns> = {
  indirect: 'indirect_flat_rate',
  indirectRateBp: 'indirect_rate_bp',
  indirectJustification: 'indirect_justification',
  staffRateBp: 'staff_flat_rate_bp',
  remainingRateBp: 'remaining_flat_rate_bp',
  scoExemption: 'sco_exemption',
}

/**
 * The rules between a project's flat rates, as the window's cost-option form has them
 * (costOptionValues): each rate up to its article's ceiling, a rate with its indirect flat rate
 * and the other way round, 54(c) with its justification, 56(1) alone.
 */
function refineCostOptions(p: Record<keyof typeof costOptionColumns, unknown>, ctx: z.RefinementCtx): void {
  const parsed = costOptionValues.safeParse({
    indirect: p.indirect_flat_rate,
    indirectRateBp: p.indirect_rate_bp,
    indirectJustification: p.indirect_justification,
    staffRateBp: p.staff_flat_rate_bp,
    remainingRateBp: p.remaining_flat_rate_bp,
    scoExemption: p.sco_exemption,
  })
  if (parsed.success) return
  for (const issue of parsed.error.issues) {
    const field = typeof issue.path[0] === 'string' ? COST_OPTION_FIELDS[issue.path[0]] : undefined
    ctx.addIssue({ code: 'custom', message: issue.message, path: field ? [field] : [] })
  }
}

/** A measurement's age and gender breakdown (migration 009): seven counts, all NULL where it was not recorded. */
const breakdownCount = personBreakdown.shape.ageUnder18.nullable()
const BREAKDOWN_COLUMNS = {
  age_under_18: 'ageUnder18',
  age_18_60: 'age18to60',
  age_over_60: 'ageOver60',
  gender_female: 'female',
  gender_male: 'male',
  gender_non_binary: 'nonBinary',
  gender_unknown: 'genderUnknown',
} as const satisfies Record<string, keyof PersonBreakdown>
type BreakdownColumn = keyof typeof BREAKDOWN_COLUMNS
const breakdownColumns = Object.fromEntries(Object.keys(BREAKDOWN_COLUMNS).map((c) => [c, breakdownCount])) as Record<BreakdownColumn, typeof breakdownCount>

/**
 * A breakdown recorded whole or not at all, and, as the window refuses (refineBreakdown), whose
 * age brackets and genders each add up to the measured value.
 */
function refineBreakdownColumns(m: { value: number } & Record<BreakdownColumn, number | null>, ctx: z.RefinementCtx): void {
  const columns = Object.keys(BREAKDOWN_COLUMNS) as BreakdownColumn[]
  const missing = columns.filter((c) => m[c] === null)
  if (missing.length === columns.length) return
  if (missing.length > 0) {
    ctx.addIssue({ code: 'custom', message: 'required', path: [missing[0]] })
    return
  }
  // The window's own rule, with its fields (`breakdownAge`, `breakdownGender`) and messages.
  const breakdown = Object.fromEntries(columns.map((c) => [BREAKDOWN_COLUMNS[c], m[c]])) as unknown as PersonBreakdown
  refineBreakdown({ value: m.value, breakdown }, ctx)
}

const optName = optionalText(300)
const optLong = optionalText(20000)
/** An issue at a column when a rule between columns (the same as migration 012's CHECKs) fails. */
const rule = (ok: boolean, column: string, ctx: z.RefinementCtx, message = 'invalid') => {
  if (!ok) ctx.addIssue({ code: 'custom', message, path: [column] })
}

/** The rows of payment claims, their verification and the visits on the spot (migration 012). */
const CLAIM_ROWS: Record<string, z.ZodType<RowValues>> = {
  claims: z
    .object({
      ...stamps,
      project_id: id,
      kind: enumOf(CLAIM_KINDS),
      reference: optName,
      period_start: isoDate,
      period_end: isoDate,
      submitted_on: isoDate,
      status: enumOf(CLAIM_STATUSES),
      withdrawn_reason: optLong,
      sampling_method: optEnum(SAMPLING_METHODS),
      sample_threshold_cents: optCents,
      sample_size: int.nullable(),
      sample_seed: optionalText(100),
      sampled_at: optTimestamp,
      sampled_by: optName,
      apply_extrapolation: flag,
      prepared_by: optName,
      prepared_at: optTimestamp,
      approved_by: optName,
      approved_at: optTimestamp,
      self_approval_reason: optLong,
      note: optLong,
    })
    .superRefine((c, ctx) => {
      rule(c.period_end >= c.period_start, 'period_end', ctx, 'endBeforeStart')
      rule((c.status === 'withdrawn') === (c.withdrawn_reason !== null), 'withdrawn_reason', ctx)
      rule(c.sampling_method !== null || (c.sample_threshold_cents === null && c.sample_size === null && c.sample_seed === null), 'sampling_method', ctx)
      rule(
        c.sampling_method !== 'threshold_random' || (c.sample_threshold_cents !== null && c.sample_size !== null && c.sample_seed !== null),
        'sample_seed',
        ctx,
      )
      rule((c.sampling_method === null) === (c.sampled_at === null), 'sampled_at', ctx)
      rule((c.prepared_by === null) === (c.prepared_at === null), 'prepared_at', ctx)
      rule((c.approved_by === null) === (c.approved_at === null), 'approved_at', ctx)
      rule(c.approved_by === null || c.prepared_by !== null, 'prepared_by', ctx)
      rule(c.approved_by === null || c.approved_by !== c.prepared_by || (c.self_approval_reason ?? '').trim() !== '', 'self_approval_reason', ctx)
      rule((c.status === 'verified' || c.status === 'paid') === (c.approved_by !== null), 'approved_by', ctx)
    }),
  claim_suspensions: z
    .object({ ...stamps, claim_id: id, stopped_on: isoDate, reason: longText, resumed_on: optDate })
    .refine((s) => s.resumed_on === null || s.resumed_on >= s.stopped_on, { message: 'endBeforeStart', path: ['resumed_on'] }),
  claim_lines: z
    .object({
      ...stamps,
      claim_id: id,
      budget_line_id: id,
      line_no: int.min(1),
      kind: enumOf(CLAIM_LINE_KINDS),
      expense_date: optDate,
      supplier: optName,
      reference: optName,
      description: optLong,
      amount_excl_cents: optCents,
      amount_incl_cents: optCents,
      vat_eligible: flag,
      payment_date: optDate,
      person_name: optName,
      hours_hundredths: z.number().int().min(1).max(100_000_000).nullable(),
      annual_gross_cents: optCents,
      hourly_rate_cents: optCents,
      units: int.min(1).nullable(),
      declared_cents: cents,
      in_sample: flag,
      outcome: optEnum(LINE_OUTCOMES),
      accepted_cents: optCents,
      error_type: optEnum(ERROR_TYPES),
      outcome_comment: optLong,
      verified_by: optName,
      verified_at: optTimestamp,
    })
    .superRefine((l, ctx) => {
      const excl = l.amount_excl_cents
      const incl = l.amount_incl_cents
      rule(excl === null || incl === null || incl >= excl, 'amount_incl_cents', ctx)
      if (l.kind === 'actual')
        rule(excl !== null && incl !== null && l.expense_date !== null && l.declared_cents === (l.vat_eligible === 1 ? incl : excl), 'declared_cents', ctx)
      if (l.kind === 'staff') {
        const hours = l.hours_hundredths
        const rate = l.hourly_rate_cents
        rule(l.person_name !== null && hours !== null && rate !== null && l.declared_cents === Math.floor((hours * rate) / 100), 'declared_cents', ctx)
      }
      rule(l.annual_gross_cents === null || (l.kind === 'staff' && l.hourly_rate_cents === Math.floor(l.annual_gross_cents / 1720)), 'hourly_rate_cents', ctx)
      rule(l.kind !== 'unit' || l.units !== null, 'units', ctx)
      rule((l.outcome === null) === (l.accepted_cents === null) && (l.outcome === null) === (l.verified_at === null), 'outcome', ctx)
      rule((l.verified_by === null) === (l.verified_at === null), 'verified_by', ctx)
      const accepted = l.accepted_cents
      if (accepted !== null) {
        rule(accepted <= l.declared_cents, 'accepted_cents', ctx)
        if (l.outcome === 'accepted') rule(accepted === l.declared_cents, 'accepted_cents', ctx)
        if (l.outcome === 'rejected') rule(accepted === 0, 'accepted_cents', ctx)
        if (l.outcome === 'reduced') rule(accepted > 0 && accepted < l.declared_cents, 'accepted_cents', ctx)
      }
      rule((l.error_type !== null) === (l.outcome === 'reduced' || l.outcome === 'rejected'), 'error_type', ctx)
    }),
  checklist_questions: z.object({
    ...stamps,
    sort_order: int,
    text_fr: requiredText(1000),
    text_nl: requiredText(1000),
    text_en: requiredText(1000),
    legal_basis: optName,
    active: flag,
  }),
  claim_checks: z.object({ ...stamps, claim_id: id, question_id: id, answer: enumOf(CHECK_ANSWERS), comment: optLong }),
  expenditure_mappings: z.object({ ...stamps, organisation_id: id, mapping_json: json(z.record(z.string().max(60), z.string().max(300))) }),
  visits: z.object({
    ...stamps,
    project_id: id,
    visit_date: isoDate,
    place: requiredText(300),
    officers: requiredText(300),
    scope: optLong,
    status: enumOf(VISIT_STATUSES),
    conclusion: optLong,
  }),
  visit_findings: z.object({ ...stamps, visit_id: id, severity: enumOf(FINDING_SEVERITIES), description: longText }),
  visit_recommendations: z
    .object({
      ...stamps,
      visit_id: id,
      finding_id: optId,
      recommendation: longText,
      due_date: isoDate,
      status: enumOf(RECOMMENDATION_STATUSES),
      status_on: optDate,
      status_reason: optLong,
      follow_up: optLong,
    })
    .superRefine((r, ctx) => {
      rule(r.status !== 'dropped' || (r.status_reason ?? '').trim() !== '', 'status_reason', ctx)
      rule((r.status === 'open') === (r.status_on === null), 'status_on', ctx)
    }),
}

/** The checks of each synced table's columns (stamps included); columns not listed are not merged values. */
const SYNCED: Record<string, z.ZodType<RowValues>> = {
  organisations: z.object({
    ...stamps,
    name: requiredText(200),
    acronym: optionalText(40),
    kind: enumOf(ORGANISATION_KINDS),
    enterprise_number: enterpriseNumber,
    foreign_registration: optionalText(60),
    vat_number: optionalText(20).refine((v) => v === null || isValidVat(v), { message: 'vat' }),
    street: optionalText(200),
    // Free, not the forms' Belgian four digits (refinePostcode): older files hold `B-1000` and merge as they are.
    postcode: optionalText(12),
    city: optionalText(100),
    country,
    website: optionalText(300),
    iban: optionalText(42).refine((v) => v === null || isValidIbanNumber(v), { message: 'iban' }),
    bic: optionalText(14).refine((v) => v === null || isValidBicCode(v), { message: 'bic' }),
    working_languages: json(z.array(z.enum(WORKING_LANGUAGES)).max(20)),
    notes: optionalText(5000),
    archived: flag,
    ...perLanguage('name', optionalText(200)),
    ...perLanguage('street', optionalText(200)),
    ...perLanguage('city', optionalText(100)),
  }),
  contacts: z.object({
    ...stamps,
    organisation_id: id,
    full_name: requiredText(200),
    job_title: optionalText(200),
    email: optionalText(200),
    phone: optionalText(40),
    preferred_language: enumOf(CONTACT_LANGUAGES),
    can_sign: flag,
  }),
  partnerships: z
    .object({
      ...stamps,
      organisation_id: id,
      strand: enumOf(STRANDS),
      role: enumOf(PARTNER_ROLES),
      start_date: isoDate,
      end_date: optDate,
      framework_reference: optionalText(100),
      status: enumOf(PARTNERSHIP_STATUSES),
      notes: optionalText(5000),
    })
    .refine((p) => p.end_date === null || p.end_date >= p.start_date, { message: 'endBeforeStart', path: ['end_date'] }),
  specific_objectives: z.object({
    ...stamps,
    code: enumOf(OBJECTIVE_CODES),
    short_fr: longText,
    short_nl: longText,
    short_en: longText,
    wording_fr: longText,
    wording_nl: optLongText,
    wording_en: longText,
    source: longText,
    ...perLanguage('source', optionalText(500)),
    ...perLanguage('incomplete', flag),
  }),
  strand_objectives: z.object({
    ...stamps,
    strand: enumOf(STRANDS),
    code: requiredText(60),
    sort_order: int,
    label_fr: longText,
    label_nl: longText,
    label_en: longText,
    source: longText,
  }),
  indicators: z.object({
    ...stamps,
    code: requiredText(30),
    type: enumOf(INDICATOR_TYPES),
    objective_code: enumOf(OBJECTIVE_CODES),
    parent_id: optId,
    label_fr: requiredText(2000),
    label_nl: requiredText(2000),
    label_en: requiredText(2000),
    unit: requiredText(40),
    common: flag,
    source: longText,
    about_persons: flag,
  }),
  target_groups: z.object({
    ...stamps,
    code: requiredText(60),
    vulnerability: flag,
    label_fr: requiredText(2000),
    label_nl: requiredText(2000),
    label_en: requiredText(2000),
    source: longText,
  }),
  calls: z
    .object({
      ...stamps,
      reference: requiredText(60),
      title: requiredText(300),
      strand: enumOf(STRANDS),
      objective_code: enumOf(OBJECTIVE_CODES),
      opens_on: isoDate,
      closes_on: isoDate,
      envelope_cents: cents,
      notes: optionalText(5000),
    })
    .refine((c) => c.closes_on >= c.opens_on, { message: 'endBeforeStart', path: ['closes_on'] }),
  projects: z
    .object({
      ...stamps,
      code: projectCode,
      title: requiredText(300),
      description: optionalText(10000),
      beneficiary_id: id,
      strand: enumOf(STRANDS),
      strand_objective_id: optId,
      objective_code: enumOf(OBJECTIVE_CODES),
      call_id: optId,
      start_date: isoDate,
      end_date: isoDate,
      officer_name: optionalText(200),
      status: enumOf(PROJECT_STATUSES),
      eu_rate_bp: basisPoints,
      rate_ground: optEnum(RATE_GROUNDS),
      rate_justification: optionalText(2000),
      ...costOptionColumns,
      visibility_adaptation: optionalText(2000),
    })
    .refine((p) => p.end_date >= p.start_date, { message: 'endBeforeStart', path: ['end_date'] })
    .refine((p) => p.eu_rate_bp <= 7500 || p.rate_ground !== null, { message: 'rateGroundRequired', path: ['rate_ground'] })
    .superRefine(refineCostOptions),
  project_status_changes: z.object({ ...stamps, project_id: id, status: enumOf(PROJECT_STATUSES), changed_on: isoDate, note: optionalText(2000) }),
  project_partners: z.object({ ...stamps, project_id: id, organisation_id: id, role: enumOf(PROJECT_PARTNER_ROLES), budget_share_cents: cents }),
  project_target_groups: z.object({ ...stamps, project_id: id, target_group_id: id }),
  budget_lines: z.object({
    ...stamps,
    project_id: id,
    category: enumOf(BUDGET_CATEGORIES),
    cost_model: enumOf(COST_MODELS),
    description: requiredText(300),
    amount_cents: optCents,
    units: z.number().int({ message: 'invalid' }).min(0).max(10_000_000).nullable(),
    unit_cost_cents: optCents,
    sort_order: int,
    public_procurement: flag,
  }),
  payments: z
    .object({
      ...stamps,
      project_id: id,
      kind: enumOf(PAYMENT_KINDS),
      planned_date: isoDate,
      planned_cents: optCents,
      planned_rate_bp: basisPoints.nullable(),
      status: enumOf(PAYMENT_STATUSES),
      paid_date: optDate,
      paid_cents: optCents,
      note: optionalText(2000),
      claim_id: optId,
    })
    .refine((p) => (p.planned_cents === null) !== (p.planned_rate_bp === null), { message: 'amountOrRate', path: ['planned_cents'] })
    .refine((p) => p.status !== 'paid' || (p.paid_date !== null && p.paid_cents !== null), { message: 'required', path: ['paid_cents'] }),
  project_indicators: z.object({ ...stamps, project_id: id, indicator_id: id, baseline: measure, target: measure, unit: requiredText(40) }),
  indicator_measurements: z
    .object({
      ...stamps,
      project_indicator_id: id,
      measured_on: isoDate,
      value: measure,
      source: requiredText(300),
      note: optionalText(2000),
      ...breakdownColumns,
    })
    .superRefine(refineBreakdownColumns),
  milestones: z.object({
    ...stamps,
    project_id: id,
    title: requiredText(300),
    description: optionalText(5000),
    objective_code: enumOf(OBJECTIVE_CODES),
    project_indicator_id: optId,
    due_date: isoDate,
    status: enumOf(MILESTONE_STATUSES),
    done_date: optDate,
    evidence: optionalText(5000),
    responsible_id: optId,
  }),
  grantor_profile: z.object({
    ...stamps,
    name_fr: requiredText(200),
    name_nl: optionalText(200),
    name_en: optionalText(200),
    acronym: optionalText(40),
    enterprise_number: enterpriseNumber,
    street: optionalText(200),
    postcode: optionalText(12),
    city: optionalText(100),
    country,
    signatory_name: requiredText(200),
    signatory_title_fr: requiredText(200),
    signatory_title_nl: optionalText(200),
    signatory_title_en: optionalText(200),
    signature_place: optionalText(100),
    programme_reference_fr: optionalText(300),
    programme_reference_nl: optionalText(300),
    programme_reference_en: optionalText(300),
    national_basis_fr: optionalText(2000),
    national_basis_nl: optionalText(2000),
    national_basis_en: optionalText(2000),
    ...perLanguage('street', optionalText(200)),
    ...perLanguage('city', optionalText(100)),
    ...perLanguage('signature_place', optionalText(100)),
  }),
  agreement_clauses: z.object({
    ...stamps,
    clause_key: z.string().min(1).max(60),
    language: enumOf(DOC_LANGUAGES),
    title: requiredText(200),
    body: requiredText(20000),
  }),
  project_evaluations: z.object({
    ...stamps,
    evaluated_on: optDate,
    ...Object.fromEntries(
      DAC_CRITERIA.flatMap((c) => [
        [`${c}_score`, z.number().int({ message: 'invalid' }).min(1, { message: 'score' }).max(4, { message: 'score' }).nullable()],
        [`${c}_comment`, optionalText(5000)],
      ]),
    ),
    conclusions: optionalText(10000),
    recommendations: optionalText(10000),
  }),
  documents: z
    .object({
      ...stamps,
      kind: enumOf(DOCUMENT_KINDS),
      project_id: optId,
      // The claim or visit a verification or visit report is about (migration 013).
      subject_id: optId,
      language: enumOf(DOC_LANGUAGES),
      version: z.number().int().min(1).max(100_000),
      status: enumOf(['draft', 'final'] as const),
      reference: requiredText(200),
      title: requiredText(500),
      file_name: requiredText(300),
      produced_at: timestamp,
      produced_by: requiredText(200),
      finalized_at: optTimestamp,
      page_count: z.number().int().min(1).max(100_000),
      byte_size: z.number().int().min(1),
      sha256: z.string().regex(/^[0-9a-f]{64}$/, { message: 'invalid' }),
      data_json: jsonObject,
      params_json: jsonObject.nullable(),
    })
    .superRefine((r, ctx) => {
      const aboutSubject = r.kind === 'verification_report' || r.kind === 'visit_report' || r.kind === 'reminder_letter'
      if (aboutSubject !== (r.subject_id !== null)) ctx.addIssue({ code: 'custom', message: aboutSubject ? 'required' : 'invalid', path: ['subject_id'] })
      const ofProject = aboutSubject || r.kind === 'agreement' || r.kind === 'report'
      if (ofProject !== (r.project_id !== null)) ctx.addIssue({ code: 'custom', message: ofProject ? 'required' : 'invalid', path: ['project_id'] })
    }),
  attachments: z
    .object({
      ...stamps,
      project_id: optId,
      organisation_id: optId,
      kind: enumOf(ATTACHMENT_KINDS),
      title: requiredText(300),
      document_date: optDate,
      file_name: z.string().min(1, { message: 'required' }).max(255, { message: 'tooLong' }),
      media_type: enumOf(ATTACHMENT_MEDIA_TYPES),
      byte_size: z.number().int().min(1).max(MAX_ATTACHMENT_BYTES),
      sha256: z.string().regex(/^[0-9a-f]{64}$/, { message: 'invalid' }),
      added_by: requiredText(200),
      document_id: optId,
    })
    .superRefine((r, ctx) => {
      if ((r.project_id === null) === (r.organisation_id === null)) ctx.addIssue({ code: 'custom', message: 'required', path: ['project_id'] })
      // A name the app would have made for a file of this type: one name in one folder, with the type's extension.
      if (attachmentFileName(r.file_name, r.media_type) !== r.file_name) ctx.addIssue({ code: 'custom', message: 'invalid', path: ['file_name'] })
      if (r.document_id !== null && (r.project_id === null || r.kind !== 'signed_agreement'))
        ctx.addIssue({ code: 'custom', message: 'invalid', path: ['document_id'] })
    }),
  ...CLAIM_ROWS,
}

const fileId = z.string().min(1).max(100)
const optJsonObject = jsonObject.nullable()

/** The checks of the history tables' rows (their dates are checked against this file's clock apart). */
const APPEND: Record<AppendOnlyTable, z.ZodType<RowValues>> = {
  audit_log: z.object({
    at: timestamp,
    officer_name: requiredText(200),
    officer_email: optionalText(200),
    entity: requiredText(60),
    record_id: requiredText(200),
    parent_id: optionalText(200),
    action: z.string().regex(/^[a-z_]{1,40}$/, { message: 'invalid' }),
    before_json: optJsonObject,
    after_json: optJsonObject,
  }),
  handovers: z.object({
    at: timestamp,
    from_officer: requiredText(200),
    from_email: optionalText(200),
    to_name: requiredText(200),
    note: requiredText(10000),
    open_items_json: json(z.array(z.unknown()).max(100_000)),
    source_file_id: fileId,
    copy_file_id: fileId,
  }),
  sync_merges: z.object({
    at: timestamp,
    officer_name: requiredText(200),
    into_file_id: fileId,
    from_file_id: fileId,
    from_name: requiredText(300),
    added: int,
    updated: int,
    deleted: int,
    conflicts: int,
    resolutions_json: jsonObject,
    backup_path: optionalText(4096),
  }),
}

/**
 * The columns each row schema checks, per synced and history table: the rest of a row is either
 * checked apart (id, version vector, a document's bytes) or this file's own (where a row came
 * from), and a column in neither is not checked at all (a zod object strips what it does not list).
 */
export function checkedColumns(): { synced: Record<string, string[]>; append: Record<AppendOnlyTable, string[]> } {
  const keys = (schema: z.ZodType) => Object.keys((schema as z.ZodObject).shape)
  return {
    synced: Object.fromEntries(Object.entries(SYNCED).map(([t, s]) => [t, keys(s)])),
    append: Object.fromEntries(Object.entries(APPEND).map(([t, s]) => [t, keys(s)])) as Record<AppendOnlyTable, string[]>,
  }
}

/** Each append-only table's entity name and label for the preview. */
const APPEND_INFO: Record<AppendOnlyTable, { entity: string; label(r: RowValues): string }> = {
  audit_log: { entity: 'audit_entry', label: (r) => `${text(r.officer_name)} ${text(r.action)} ${text(r.entity)} (${text(r.at)})` },
  handovers: { entity: 'handover', label: (r) => `${text(r.from_officer)} → ${text(r.to_name)} (${text(r.at)})` },
  sync_merges: { entity: 'merge', label: (r) => `${text(r.from_name)} (${text(r.at)})` },
}

// ---------------------------------------------------------------------------------------------

/** True for `YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)` naming a real moment. */
export function isTimestamp(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/.test(value)) return false
  return isIsoDate(value.slice(0, 10)) && Number.isFinite(Date.parse(value))
}

function text(v: unknown): string {
  return v === null || v === undefined ? '' : typeof v === 'string' ? v : Buffer.isBuffer(v) ? `${v.length} bytes` : String(v)
}

/** A label safe to show: no control characters, not longer than a line. */
function shortLabel(value: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = value.replace(/[\u0000-\u001f\u007f]/g, ' ').trim()
  return clean.length > LABEL_MAX ? `${clean.slice(0, LABEL_MAX - 1)}…` : clean
}

/** A character no text typed in the app holds (NUL and the C0 controls other than tab and line breaks). */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/

type Problem = { reason: RefusalReason; field: string | null; message: string | null; detail: string }

/** The first problem of a row against a schema, or null. */
function valueProblem(schema: z.ZodType, row: RowValues, columns: readonly string[]): Problem | null {
  for (const c of columns) {
    const v = row[c]
    if (typeof v === 'string' && CONTROL.test(v))
      return { reason: 'invalid_value', field: camelName(c), message: 'invalid', detail: `${camelName(c)}: control character` }
  }
  const parsed = schema.safeParse(row)
  if (parsed.success) return null
  const issue = parsed.error.issues[0]
  const column = typeof issue.path[0] === 'string' ? issue.path[0] : null
  const message = issue.message === 'json' ? null : issue.message
  const field = column ? camelName(column) : null
  return { reason: issue.message === 'json' ? 'bad_json' : 'invalid_value', field, message, detail: `${field ?? 'row'}: ${issue.message}` }
}

function idProblem(rid: string): Problem | null {
  return id.safeParse(rid).success ? null : { reason: 'invalid_value', field: 'id', message: 'id', detail: 'id: not a record id' }
}

/** A version vector as stored: an object of file ids to whole positive counts. */
function vectorProblem(raw: unknown): Problem | null {
  const bad: Problem = { reason: 'invalid_value', field: 'syncVv', message: 'invalid', detail: 'syncVv: not a version vector' }
  if (typeof raw !== 'string' || raw.length > 100_000) return bad
  let value: unknown
  try {
    value = JSON.parse(raw)
  } catch {
    return bad
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return bad
  for (const [k, n] of Object.entries(value as Record<string, unknown>)) {
    if (k.length === 0 || k.length > 100 || typeof n !== 'number' || !Number.isSafeInteger(n) || n < 1) return bad
  }
  return null
}

/** A document's bytes: a PDF, the one its register entry names, not larger than the cap. */
function pdfProblem(row: RowValues): Problem | null {
  const bytes = row.pdf
  if (!Buffer.isBuffer(bytes)) return { reason: 'not_pdf', field: 'pdf', message: null, detail: 'pdf: not bytes' }
  if (bytes.length > MAX_DOCUMENT_BYTES)
    return { reason: 'too_large', field: 'pdf', message: null, detail: `pdf: ${bytes.length} bytes, more than ${MAX_DOCUMENT_BYTES}` }
  if (bytes.subarray(0, 5).toString('latin1') !== '%PDF-') return { reason: 'not_pdf', field: 'pdf', message: null, detail: 'pdf: does not start with %PDF-' }
  if (row.byte_size !== bytes.length || sha256Hex(bytes) !== row.sha256)
    return { reason: 'pdf_mismatch', field: 'pdf', message: null, detail: 'pdf: bytes do not match their SHA-256 or size' }
  return null
}

/** An attachment's bytes: of the type its row names (by their content), the ones its SHA-256 and size name, not larger than the cap. */
function attachmentProblem(row: RowValues): Problem | null {
  const bytes = row.content
  if (!Buffer.isBuffer(bytes)) return { reason: 'wrong_type', field: 'content', message: null, detail: 'content: not bytes' }
  if (bytes.length > MAX_ATTACHMENT_BYTES)
    return { reason: 'too_large', field: 'content', message: null, detail: `content: ${bytes.length} bytes, more than ${MAX_ATTACHMENT_BYTES}` }
  if (!isAttachmentMediaType(row.media_type) || detectMediaType(bytes) !== row.media_type) {
    return { reason: 'wrong_type', field: 'content', message: null, detail: `content: not a ${text(row.media_type)} file` }
  }
  if (row.byte_size !== bytes.length || sha256Hex(bytes) !== row.sha256)
    return { reason: 'pdf_mismatch', field: 'content', message: null, detail: 'content: bytes do not match their SHA-256 or size' }
  return null
}

/** An attachment mine holds whose content theirs says is different: attachments never change, so theirs is forged. */
function changedAttachment(mineRow: RowValues, theirs: RowValues): Problem | null {
  const changed = ATTACHMENT_CONTENT_COLUMNS.find((c) => {
    const a = mineRow[c]
    const b = theirs[c]
    return Buffer.isBuffer(a) && Buffer.isBuffer(b) ? !a.equals(b) : a !== b
  })
  return changed
    ? { reason: 'attachment_changed', field: camelName(changed), message: null, detail: `${camelName(changed)}: an attachment never changes` }
    : null
}

export interface ScreenInput {
  schema: MergeSchema
  mine: Side
  theirs: Side
  /** Their vectors are compared with mine (false for a plain copy or a file from before vectors). */
  trusted: boolean
  labeller: Labeller
}

/**
 * Checks every row and tombstone of their file; what fails is removed from `theirs` (as if their
 * file had nothing to say about it) and returned, with the rows that depend on a refused one and
 * that my file could not hold without it.
 */
export function screenSynced(input: ScreenInput): RefusedRow[] {
  const { schema, mine, theirs, labeller } = input
  const out: RefusedRow[] = []
  const refusedKeys = new Set<string>()
  const refuse = (table: string, rid: string, row: RowValues | null, p: Problem) => {
    refusedKeys.add(refKey(table, rid))
    let label = rid
    let projectCode: string | null = null
    try {
      if (row) {
        label = labeller.label(table, row)
        projectCode = labeller.projectCode(table, row)
      }
    } catch {
      // A label is a courtesy: a value too odd to label leaves the id.
    }
    out.push({
      key: refKey(table, shortLabel(rid)),
      table,
      entity: entityOf(table),
      id: shortLabel(rid),
      label: shortLabel(label),
      projectCode: projectCode && shortLabel(projectCode),
      ...p,
    })
  }
  /** How many of my file's own changes of a record my file knows of (its vector counts them all). */
  const mineKnows = (table: string, rid: string): number => {
    const t = tableOf(mine, table)
    const vv: Vv | undefined = t.rows.get(rid)?.vv ?? t.tombs.get(rid)?.vv
    return vv?.[mine.fileId] ?? 0
  }
  const forged = (table: string, rid: string, vv: Vv): Problem | null => {
    if (!input.trusted) return null
    const claimed = vv[mine.fileId] ?? 0
    const known = mineKnows(table, rid)
    return claimed > known
      ? { reason: 'forged_vector', field: 'syncVv', message: null, detail: `claims ${claimed} changes made in this file, which made ${known}` }
      : null
  }

  for (const t of schema.tables) {
    const rowSchema = SYNCED[t.name]
    const side = tableOf(theirs, t.name)
    const mineRows = tableOf(mine, t.name).rows
    for (const [rid, row] of side.rows) {
      // A row with the very content mine holds brings no value in: only its vector is new.
      const mineRow = mineRows.get(rid)
      const known = mineRow !== undefined && sameContent(mineRow.values, row.values, t.columns)
      const problem =
        forged(t.name, rid, row.vv) ??
        (known ? null : vectorProblem(row.values.sync_vv)) ??
        (known ? null : idProblem(rid)) ??
        (known || !rowSchema ? null : valueProblem(rowSchema, row.values, t.columns)) ??
        (known || t.name !== 'documents' ? null : pdfProblem(row.values)) ??
        (known || t.name !== 'attachments' ? null : ((mineRow ? changedAttachment(mineRow.values, row.values) : null) ?? attachmentProblem(row.values)))
      if (problem) {
        refuse(t.name, rid, row.values, problem)
        side.rows.delete(rid)
      }
    }
    for (const [rid, tomb] of side.tombs) {
      const problem = forged(t.name, rid, tomb.vv)
      if (problem) {
        refuse(t.name, rid, tableOf(mine, t.name).rows.get(rid)?.values ?? null, problem)
        side.tombs.delete(rid)
      }
    }
  }

  // A record whose parent was refused and that my file does not hold cannot come either.
  for (let changed = true; changed;) {
    changed = false
    for (const t of schema.tables) {
      const side = tableOf(theirs, t.name)
      for (const [rid, row] of side.rows) {
        const fk = t.fks.find((f) => {
          const value = row.values[f.column]
          return (
            f.parentColumn === 'id' &&
            typeof value === 'string' &&
            refusedKeys.has(refKey(f.parent, value)) &&
            !tableOf(mine, f.parent).rows.has(value) &&
            !tableOf(theirs, f.parent).rows.has(value)
          )
        })
        if (!fk) continue
        refuse(t.name, rid, row.values, {
          reason: 'depends_on_refused',
          field: camelName(fk.column),
          message: null,
          detail: `${camelName(fk.column)}: belongs to a refused ${entityOf(fk.parent)}`,
        })
        side.rows.delete(rid)
        changed = true
      }
    }
  }
  return out
}

/**
 * Checks their history rows (audit, handovers, merges) that mine lacks: values, JSON, and dates
 * no more than a day ahead of this file's clock. Returns the rows to copy and those refused.
 */
export function screenAppend(table: AppendOnlyTable, rows: RowValues[], now: Date): { ok: RowValues[]; refused: RefusedRow[] } {
  const ok: RowValues[] = []
  const refused: RefusedRow[] = []
  const info = APPEND_INFO[table]
  const columns = Object.keys((APPEND[table] as z.ZodObject).shape)
  for (const row of rows) {
    const rid = text(row.id)
    let problem = idProblem(rid) ?? valueProblem(APPEND[table], row, columns)
    if (!problem && Date.parse(isIsoDate(row.at as string) ? `${row.at as string}T00:00:00Z` : (row.at as string)) > now.getTime() + FUTURE_TOLERANCE_MS) {
      problem = { reason: 'future_date', field: 'at', message: null, detail: `at: ${text(row.at)} is in the future` }
    }
    if (problem)
      refused.push({
        key: `${table}:${shortLabel(rid)}`,
        table,
        entity: info.entity,
        id: shortLabel(rid),
        label: shortLabel(info.label(row)),
        projectCode: null,
        ...problem,
      })
    else ok.push(row)
  }
  return { ok, refused }
}
