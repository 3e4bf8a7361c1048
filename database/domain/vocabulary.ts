/** Closed lists the registry uses; their labels in fr, nl and en are in labels/, under the same keys. */

export const ORGANISATION_KINDS = ['international_organisation', 'ngo', 'public_authority', 'local_reception_initiative', 'training_operator', 'other'] as const
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number]

/** Fedasil's and the Agence FSE's AMIF strands. */
export const STRANDS = ['reception', 'resettlement', 'voluntary_return', 'integration'] as const
export type Strand = (typeof STRANDS)[number]

export const PARTNER_ROLES = ['beneficiary', 'co_beneficiary', 'implementing_partner', 'reintegration_partner'] as const
export type PartnerRole = (typeof PARTNER_ROLES)[number]

export const PARTNERSHIP_STATUSES = ['prospective', 'active', 'suspended', 'ended'] as const
export type PartnershipStatus = (typeof PARTNERSHIP_STATUSES)[number]

/** Languages a contact may prefer for correspondence and documents. */
export const CONTACT_LANGUAGES = ['fr', 'nl', 'en', 'de'] as const
export type ContactLanguage = (typeof CONTACT_LANGUAGES)[number]

/** Working languages offered for organisations (ISO 639-1); names come from Intl.DisplayNames. */
export const WORKING_LANGUAGES = ['fr', 'nl', 'en', 'de', 'ar', 'fa', 'ps', 'ti', 'so', 'es', 'pt', 'ru', 'uk', 'tr', 'ku', 'am', 'sw', 'ln', 'sq'] as const

/** The four AMIF specific objectives (Regulation (EU) 2021/1147, Article 3(2)). */
export const OBJECTIVE_CODES = ['SO1', 'SO2', 'SO3', 'SO4'] as const
export type ObjectiveCode = (typeof OBJECTIVE_CODES)[number]

/** A project's life: see PROJECT_TRANSITIONS for which change is allowed from which status. */
export const PROJECT_STATUSES = [
  'draft',
  'submitted',
  'selected',
  'agreement_signed',
  'running',
  'final_report_received',
  'closed',
  'rejected',
  'terminated',
] as const
export type ProjectStatus = (typeof PROJECT_STATUSES)[number]

/** Allowed status changes; anything else is refused with TRANSITION_NOT_ALLOWED. */
export const PROJECT_TRANSITIONS: Record<ProjectStatus, readonly ProjectStatus[]> = {
  draft: ['submitted'],
  submitted: ['selected', 'rejected'],
  selected: ['agreement_signed', 'rejected'],
  agreement_signed: ['running', 'terminated'],
  running: ['final_report_received', 'terminated'],
  final_report_received: ['closed'],
  closed: [],
  rejected: [],
  terminated: [],
}

/** Statuses in which a project may still be deleted (nothing has been committed to it yet). */
export const DELETABLE_STATUSES: readonly ProjectStatus[] = ['draft', 'submitted', 'rejected']

/** Roles of the other partners of a project (the beneficiary is the project's own field). */
export const PROJECT_PARTNER_ROLES = ['co_beneficiary', 'implementing_partner', 'reintegration_partner'] as const
export type ProjectPartnerRole = (typeof PROJECT_PARTNER_ROLES)[number]

/** Budget categories; `indirect` holds the flat-rate lines. */
export const BUDGET_CATEGORIES = ['staff', 'travel', 'equipment', 'external_services', 'target_group_costs', 'other', 'indirect'] as const
export type BudgetCategory = (typeof BUDGET_CATEGORIES)[number]

/** Simplified cost options of Regulation (EU) 2021/1060, Articles 53-56, and actual costs. */
export const COST_MODELS = ['actual_costs', 'flat_rate_7_direct', 'flat_rate_15_staff', 'unit_cost', 'lump_sum'] as const
export type CostModel = (typeof COST_MODELS)[number]

/**
 * A project's flat rates (Regulation (EU) 2021/1060): indirect costs on direct costs (54(a), up to
 * 7 %), on direct staff costs (54(b), up to 15 %) or on direct costs with a justification (54(c),
 * up to 25 %), one of the three at most; direct staff costs on the other direct costs (55(1), up
 * to 20 %); all remaining costs on direct staff costs (56(1), up to 40 %).
 */
export const FLAT_RATE_KINDS = ['art54a', 'art54b', 'art54c', 'art55', 'art56'] as const
export type FlatRateKind = (typeof FLAT_RATE_KINDS)[number]

/** The indirect-cost flat rates of Article 54, of which a project uses one at most. */
export const INDIRECT_FLAT_RATES = ['art54a', 'art54b', 'art54c'] as const
export type IndirectFlatRate = (typeof INDIRECT_FLAT_RATES)[number]

/** Grounds for an EU co-financing rate above 75 % (Regulation (EU) 2021/1147, Article 15). */
export const RATE_GROUNDS = ['annex_iv', 'specific_action', 'operating_support', 'emergency_assistance', 'technical_assistance'] as const
export type RateGround = (typeof RATE_GROUNDS)[number]

export const PAYMENT_KINDS = ['advance', 'interim', 'balance'] as const
export type PaymentKind = (typeof PAYMENT_KINDS)[number]

export const PAYMENT_STATUSES = ['planned', 'requested', 'paid', 'cancelled'] as const
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number]

export const MILESTONE_STATUSES = ['planned', 'in_progress', 'done', 'cancelled'] as const
export type MilestoneStatus = (typeof MILESTONE_STATUSES)[number]

export const INDICATOR_TYPES = ['output', 'result'] as const
export type IndicatorType = (typeof INDICATOR_TYPES)[number]

/** Traffic-light status of a project; `none` for a project not yet or no longer under way. */
export const RAG_STATUSES = ['green', 'amber', 'red', 'none'] as const
export type RagStatus = (typeof RAG_STATUSES)[number]

/** The OECD DAC evaluation criteria an evaluation scores. */
export const DAC_CRITERIA = ['relevance', 'coherence', 'effectiveness', 'efficiency', 'impact', 'sustainability'] as const
export type DacCriterion = (typeof DAC_CRITERIA)[number]

/**
 * The kinds of document the app produces; a verification report is about one claim, a visit
 * report about one visit, a reminder letter about one late milestone.
 */
export const DOCUMENT_KINDS = ['agreement', 'report', 'programme', 'handover', 'verification_report', 'visit_report', 'reminder_letter'] as const
export type DocumentKind = (typeof DOCUMENT_KINDS)[number]

/** What an attachment is: a document the officer keeps but did not produce (issue 14 §6). */
export const ATTACHMENT_KINDS = ['signed_agreement', 'partner_report', 'supporting_document', 'correspondence', 'other'] as const
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number]

/** The file types an attachment may be, each recognised by its first bytes, never by its name. */
export const ATTACHMENT_MEDIA_TYPES = [
  'application/pdf',
  'image/png',
  'image/jpeg',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
] as const
export type AttachmentMediaType = (typeof ATTACHMENT_MEDIA_TYPES)[number]

/** The extension an attachment of each type is saved with (the stored name's own is never trusted). */
export const ATTACHMENT_EXTENSIONS: Readonly<Record<AttachmentMediaType, string>> = {
  'application/pdf': 'pdf',
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/vnd.oasis.opendocument.text': 'odt',
  'application/vnd.oasis.opendocument.spreadsheet': 'ods',
}

/** The columns of the annual indicator figures export, in order (the window gives each its translated header). */
export const FIGURE_COLUMNS = [
  'objective',
  'code',
  'type',
  'label',
  'unit',
  'aboutPersons',
  'projects',
  'value',
  'ageUnder18',
  'age18to60',
  'ageOver60',
  'female',
  'male',
  'nonBinary',
  'genderUnknown',
  'notRecorded',
] as const

/** Indicator units the app names in each language; any other unit is shown as the officer wrote it. */
export const NAMED_UNITS = ['participants', 'persons', 'places', 'authorities', 'items', 'projects', 'staff'] as const
export type NamedUnit = (typeof NAMED_UNITS)[number]

/** A payment claim: interim (during the project) or final (the balance). Issue 15. */
export const CLAIM_KINDS = ['interim', 'final'] as const
export type ClaimKind = (typeof CLAIM_KINDS)[number]

/**
 * Where a claim stands. The 80-day payment clock (CPR Art. 74(1)(b)) runs from submission, stops
 * while the claim is returned for information, and ends when it is paid or withdrawn.
 */
export const CLAIM_STATUSES = ['received', 'under_verification', 'returned', 'verified', 'paid', 'withdrawn'] as const
export type ClaimStatus = (typeof CLAIM_STATUSES)[number]

/** The moves an officer makes by hand; `verified` comes only from an approval, `paid` only from its payment. */
export const CLAIM_TRANSITIONS: Record<ClaimStatus, readonly ClaimStatus[]> = {
  received: ['under_verification', 'returned', 'withdrawn'],
  under_verification: ['returned', 'withdrawn'],
  returned: ['under_verification', 'withdrawn'],
  verified: [],
  paid: [],
  withdrawn: [],
}

/**
 * A declared expenditure line: an actual cost (invoice), a staff cost (hours × hourly rate,
 * Art. 55(2)), units at the budget line's unit cost, or a lump sum claimed whole. Flat rates are
 * never declared: they are computed on the accepted base.
 */
export const CLAIM_LINE_KINDS = ['actual', 'staff', 'unit', 'lump_sum'] as const
export type ClaimLineKind = (typeof CLAIM_LINE_KINDS)[number]

/** What the verification made of a declared line. */
export const LINE_OUTCOMES = ['accepted', 'reduced', 'rejected'] as const
export type LineOutcome = (typeof LINE_OUTCOMES)[number]

/** Why an accepted amount is below the declared one. */
export const ERROR_TYPES = [
  'ineligible_cost',
  'outside_period',
  'no_proof_of_payment',
  'procurement_breach',
  'double_funding',
  'calculation_error',
  'other',
] as const
export type ErrorType = (typeof ERROR_TYPES)[number]

/** An answer to a verification checklist question. */
export const CHECK_ANSWERS = ['yes', 'no', 'not_applicable'] as const
export type CheckAnswer = (typeof CHECK_ANSWERS)[number]

/** How the lines to verify were chosen: all of them, or those above a threshold plus a seeded random sample of the rest. */
export const SAMPLING_METHODS = ['all', 'threshold_random'] as const
export type SamplingMethod = (typeof SAMPLING_METHODS)[number]

/** An on-the-spot visit: planned, done or cancelled. */
export const VISIT_STATUSES = ['planned', 'done', 'cancelled'] as const
export type VisitStatus = (typeof VISIT_STATUSES)[number]

/** How serious a visit's finding is. */
export const FINDING_SEVERITIES = ['low', 'medium', 'high'] as const
export type FindingSeverity = (typeof FINDING_SEVERITIES)[number]

/** The follow-up of a recommendation: open, done, or dropped with a reason. */
export const RECOMMENDATION_STATUSES = ['open', 'done', 'dropped'] as const
export type RecommendationStatus = (typeof RECOMMENDATION_STATUSES)[number]
