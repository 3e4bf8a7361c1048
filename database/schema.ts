/**
 * Kysely table types: what each table holds, as SQLite returns it. A closed-vocabulary column has
 * its union type: migration 005's CHECKs keep anything else out of the file.
 */
import type { Generated } from 'kysely'
import type { AuditAction } from './audit'
import type { DocLanguage } from './domain/languages'
import type {
  AttachmentKind,
  AttachmentMediaType,
  BudgetCategory,
  CheckAnswer,
  ClaimKind,
  ClaimLineKind,
  ClaimStatus,
  ErrorType,
  FindingSeverity,
  LineOutcome,
  RecommendationStatus,
  SamplingMethod,
  VisitStatus,
  ContactLanguage,
  CostModel,
  DocumentKind,
  IndicatorType,
  IndirectFlatRate,
  MilestoneStatus,
  ObjectiveCode,
  OrganisationKind,
  PartnerRole,
  PartnershipStatus,
  PaymentKind,
  PaymentStatus,
  ProjectPartnerRole,
  ProjectStatus,
  RateGround,
  Strand,
} from './domain/vocabulary'

/**
 * The record's version vector (JSON: file id -> number of changes that file made), kept by
 * triggers (migration 004); writers never set it, except a merge.
 */
type SyncVv = Generated<string>

export interface MetaTable {
  id: number
  file_id: string
  created_at: string
  created_with_version: string
  /** The file this one was copied from (save a copy, hand over); null for an original. */
  parent_file_id: string | null
}

export interface OrganisationTable {
  id: string
  name: string
  acronym: string | null
  kind: OrganisationKind
  enterprise_number: string | null
  foreign_registration: string | null
  vat_number: string | null
  street: string | null
  postcode: string | null
  city: string | null
  country: string
  website: string | null
  iban: string | null
  bic: string | null
  /** JSON array of ISO 639-1 codes. */
  working_languages: string
  notes: string | null
  archived: number
  created_at: string
  updated_at: string
  updated_by: string
  sync_vv: SyncVv
  /** The name, street and city in a language where they differ from the ones above (migration 008). */
  name_fr: string | null
  name_nl: string | null
  name_en: string | null
  street_fr: string | null
  street_nl: string | null
  street_en: string | null
  city_fr: string | null
  city_nl: string | null
  city_en: string | null
}

export interface ContactTable {
  id: string
  organisation_id: string
  full_name: string
  job_title: string | null
  email: string | null
  phone: string | null
  preferred_language: ContactLanguage
  can_sign: number
  created_at: string
  updated_at: string
  updated_by: string
  sync_vv: SyncVv
}

export interface PartnershipTable {
  id: string
  organisation_id: string
  strand: Strand
  role: PartnerRole
  start_date: string
  end_date: string | null
  framework_reference: string | null
  status: PartnershipStatus
  notes: string | null
  created_at: string
  updated_at: string
  updated_by: string
  sync_vv: SyncVv
}

export interface AuditLogTable {
  id: string
  at: string
  officer_name: string
  officer_email: string | null
  entity: string
  record_id: string
  parent_id: string | null
  action: AuditAction
  before_json: string | null
  after_json: string | null
  /** The file a merge copied this row from, and when this file received it (migration 006); null for its own. */
  received_from_file_id: Generated<string | null>
  received_at: Generated<string | null>
}

/** Stamp columns every row an officer edits carries. */
interface Stamped {
  created_at: string
  updated_at: string
  updated_by: string
  sync_vv: SyncVv
}

export interface SpecificObjectiveTable extends Stamped {
  id: string
  code: ObjectiveCode
  short_fr: string
  short_nl: string
  short_en: string
  wording_fr: string
  wording_nl: string | null
  wording_en: string
  source: string
  /** Where each language's wording comes from (migration 008). */
  source_fr: string | null
  source_nl: string | null
  source_en: string | null
  /** 1 when the wording in that language is known to be only part of the official text. */
  incomplete_fr: Generated<number>
  incomplete_nl: Generated<number>
  incomplete_en: Generated<number>
}

export interface StrandObjectiveTable extends Stamped {
  id: string
  strand: Strand
  code: string
  sort_order: number
  label_fr: string
  label_nl: string
  label_en: string
  source: string
}

export interface IndicatorTable extends Stamped {
  id: string
  code: string
  type: IndicatorType
  objective_code: ObjectiveCode
  parent_id: string | null
  label_fr: string
  label_nl: string
  label_en: string
  unit: string
  common: number
  source: string
  /** 1 when the indicator counts persons: its measurements carry the age and gender breakdown. */
  about_persons: Generated<number>
}

export interface TargetGroupTable extends Stamped {
  id: string
  code: string
  vulnerability: number
  label_fr: string
  label_nl: string
  label_en: string
  source: string
}

export interface CallTable extends Stamped {
  id: string
  reference: string
  title: string
  strand: Strand
  objective_code: ObjectiveCode
  opens_on: string
  closes_on: string
  envelope_cents: number
  notes: string | null
}

export interface ProjectTable extends Stamped {
  id: string
  code: string
  title: string
  description: string | null
  beneficiary_id: string
  strand: Strand
  strand_objective_id: string | null
  objective_code: ObjectiveCode
  call_id: string | null
  start_date: string
  end_date: string
  officer_name: string | null
  status: ProjectStatus
  eu_rate_bp: number
  rate_ground: RateGround | null
  rate_justification: string | null
  /** Migration 007: the project's flat rates (Articles 54-56 CPR) and why it uses none (53(2)). */
  indirect_flat_rate: IndirectFlatRate | null
  indirect_rate_bp: number | null
  indirect_justification: string | null
  staff_flat_rate_bp: number | null
  remaining_flat_rate_bp: number | null
  sco_exemption: string | null
  /** The plaque or poster adaptation the agreement sets, on grounds of security or public order (migration 008). */
  visibility_adaptation: string | null
}

export interface ProjectStatusChangeTable extends Stamped {
  id: string
  project_id: string
  status: ProjectStatus
  changed_on: string
  note: string | null
}

export interface ProjectPartnerTable extends Stamped {
  id: string
  project_id: string
  organisation_id: string
  role: ProjectPartnerRole
  budget_share_cents: number
}

export interface ProjectTargetGroupTable extends Stamped {
  id: string
  project_id: string
  target_group_id: string
}

export interface BudgetLineTable extends Stamped {
  id: string
  project_id: string
  category: BudgetCategory
  cost_model: CostModel
  description: string
  amount_cents: number | null
  units: number | null
  unit_cost_cents: number | null
  sort_order: number
  /** Migration 007: 1 when bought through public procurement (outside the 55(1) base). */
  public_procurement: Generated<number>
}

export interface PaymentTable extends Stamped {
  id: string
  project_id: string
  kind: PaymentKind
  planned_date: string
  planned_cents: number | null
  planned_rate_bp: number | null
  status: PaymentStatus
  paid_date: string | null
  paid_cents: number | null
  note: string | null
  /** The claim whose approval created this payment (migration 012). */
  claim_id: Generated<string | null>
}

export interface ProjectIndicatorTable extends Stamped {
  id: string
  project_id: string
  indicator_id: string
  baseline: number
  target: number
  unit: string
}

export interface IndicatorMeasurementTable extends Stamped {
  id: string
  project_indicator_id: string
  measured_on: string
  value: number
  source: string
  /** Migration 007: why a cumulative value is lower than the previous one. */
  note: Generated<string | null>
  /** The Annex VIII breakdown; all NULL where it was not recorded. */
  age_under_18: number | null
  age_18_60: number | null
  age_over_60: number | null
  gender_female: number | null
  gender_male: number | null
  gender_non_binary: number | null
  gender_unknown: number | null
}

export interface MilestoneTable extends Stamped {
  id: string
  project_id: string
  title: string
  description: string | null
  objective_code: ObjectiveCode
  project_indicator_id: string | null
  due_date: string
  status: MilestoneStatus
  done_date: string | null
  evidence: string | null
  responsible_id: string | null
}

export interface GrantorProfileTable extends Stamped {
  /** Always `grantor`: one per file. */
  id: string
  name_fr: string
  name_nl: string | null
  name_en: string | null
  acronym: string | null
  enterprise_number: string | null
  street: string | null
  postcode: string | null
  city: string | null
  country: string
  signatory_name: string
  signatory_title_fr: string
  signatory_title_nl: string | null
  signatory_title_en: string | null
  signature_place: string | null
  programme_reference_fr: string | null
  programme_reference_nl: string | null
  programme_reference_en: string | null
  national_basis_fr: string | null
  national_basis_nl: string | null
  national_basis_en: string | null
  /** The address and place of signature in a language where they differ from the ones above (migration 008). */
  street_fr: string | null
  street_nl: string | null
  street_en: string | null
  city_fr: string | null
  city_nl: string | null
  city_en: string | null
  signature_place_fr: string | null
  signature_place_nl: string | null
  signature_place_en: string | null
}

export interface AgreementClauseTable extends Stamped {
  /** `<clause_key>:<language>`. */
  id: string
  clause_key: string
  language: DocLanguage
  title: string
  body: string
}

export interface ProjectEvaluationTable extends Stamped {
  /** The project's id: one evaluation per project. */
  id: string
  evaluated_on: string | null
  relevance_score: number | null
  relevance_comment: string | null
  coherence_score: number | null
  coherence_comment: string | null
  effectiveness_score: number | null
  effectiveness_comment: string | null
  efficiency_score: number | null
  efficiency_comment: string | null
  impact_score: number | null
  impact_comment: string | null
  sustainability_score: number | null
  sustainability_comment: string | null
  conclusions: string | null
  recommendations: string | null
}

export interface DocumentTable extends Stamped {
  id: string
  kind: DocumentKind
  project_id: string | null
  language: DocLanguage
  version: number
  status: 'draft' | 'final'
  reference: string
  title: string
  file_name: string
  produced_at: string
  produced_by: string
  finalized_at: string | null
  page_count: number
  byte_size: number
  sha256: string
  pdf: Buffer
  /** What the template laid out, so a final version is the draft the officer read, without the watermark. */
  data_json: string
  params_json: string | null
  /** The file this document came from by a merge (migration 006): not final here until the officer marks it so. */
  received_from_file_id: Generated<string | null>
  /** The claim (verification report) or visit (visit report) the document is about (migration 013); null for the other kinds. */
  subject_id: string | null
}

export interface AttachmentTable extends Stamped {
  id: string
  /** Exactly one of project_id and organisation_id (migration 010). */
  project_id: string | null
  organisation_id: string | null
  kind: AttachmentKind
  title: string
  document_date: string | null
  file_name: string
  media_type: AttachmentMediaType
  byte_size: number
  sha256: string
  content: Buffer
  added_by: string
  /** The produced agreement this is the signed scan of (a signed_agreement of the same project). */
  document_id: string | null
}

/** A payment claim of a project and its administrative verification (migration 012). */
export interface ClaimTable extends Stamped {
  id: string
  project_id: string
  kind: ClaimKind
  /** The beneficiary's own reference of the claim. */
  reference: string | null
  period_start: string
  period_end: string
  /** The 80-day clock (CPR Art. 74(1)(b)) starts on this day. */
  submitted_on: string
  status: ClaimStatus
  withdrawn_reason: string | null
  sampling_method: SamplingMethod | null
  sample_threshold_cents: number | null
  sample_size: number | null
  sample_seed: string | null
  sampled_at: string | null
  sampled_by: string | null
  /** 1 when the sample's extrapolated error rate is applied as a flat correction. */
  apply_extrapolation: Generated<number>
  prepared_by: string | null
  prepared_at: string | null
  approved_by: string | null
  approved_at: string | null
  /** Why the officer who prepared the verification also approved it. */
  self_approval_reason: string | null
  note: string | null
}

/** A time the claim was returned for information: the clock stops from `stopped_on` to `resumed_on`. */
export interface ClaimSuspensionTable extends Stamped {
  id: string
  claim_id: string
  stopped_on: string
  reason: string
  resumed_on: string | null
}

/** A declared expenditure line and its verification. */
export interface ClaimLineTable extends Stamped {
  id: string
  claim_id: string
  budget_line_id: string
  line_no: number
  kind: ClaimLineKind
  expense_date: string | null
  supplier: string | null
  reference: string | null
  description: string | null
  amount_excl_cents: number | null
  amount_incl_cents: number | null
  vat_eligible: Generated<number>
  payment_date: string | null
  person_name: string | null
  /** Hours in hundredths (7,5 h = 750). */
  hours_hundredths: number | null
  annual_gross_cents: number | null
  hourly_rate_cents: number | null
  units: number | null
  /** Computed from the line's kind (never typed): the VAT-inclusive or exclusive amount, hours × rate, units × unit cost, the lump sum. */
  declared_cents: number
  in_sample: Generated<number>
  outcome: LineOutcome | null
  accepted_cents: number | null
  error_type: ErrorType | null
  outcome_comment: string | null
  verified_by: string | null
  verified_at: string | null
}

/** A question of the administrative verification checklist (reference data, editable). */
export interface ChecklistQuestionTable extends Stamped {
  id: string
  sort_order: number
  text_fr: string
  text_nl: string
  text_en: string
  legal_basis: string | null
  active: Generated<number>
}

/** A claim's answer to a checklist question; id `<claim_id>:<question_id>`. */
export interface ClaimCheckTable extends Stamped {
  id: string
  claim_id: string
  question_id: string
  answer: CheckAnswer
  comment: string | null
}

/** A partner's expenditure-list column mapping (JSON: field -> column header); id = the organisation's. */
export interface ExpenditureMappingTable extends Stamped {
  id: string
  organisation_id: string
  mapping_json: string
}

/** An on-the-spot verification of a project. */
export interface VisitTable extends Stamped {
  id: string
  project_id: string
  visit_date: string
  place: string
  officers: string
  scope: string | null
  status: VisitStatus
  conclusion: string | null
}

export interface VisitFindingTable extends Stamped {
  id: string
  visit_id: string
  severity: FindingSeverity
  description: string
}

export interface VisitRecommendationTable extends Stamped {
  id: string
  visit_id: string
  finding_id: string | null
  recommendation: string
  due_date: string
  status: RecommendationStatus
  /** The day it was done or dropped. */
  status_on: string | null
  status_reason: string | null
  follow_up: string | null
}

export interface SyncTombstoneTable {
  table_name: string
  record_id: string
  sync_vv: string
  deleted_at: string
}

export interface HandoverTable {
  id: string
  at: string
  from_officer: string
  from_email: string | null
  to_name: string
  note: string
  open_items_json: string
  source_file_id: string
  copy_file_id: string
  /** The file a merge copied this row from, and when this file received it (migration 006); null for its own. */
  received_from_file_id: Generated<string | null>
  received_at: Generated<string | null>
}

export interface SyncMergeTable {
  id: string
  at: string
  officer_name: string
  into_file_id: string
  from_file_id: string
  from_name: string
  added: number
  updated: number
  deleted: number
  conflicts: number
  resolutions_json: string
  backup_path: string | null
  /** The file a merge copied this row from, and when this file received it (migration 006); null for its own. */
  received_from_file_id: Generated<string | null>
  received_at: Generated<string | null>
}

/** A project's kept figures (made by migration 011, again by 016; see KeptFigures in figures.ts): this file's own, derived, never synced. */
export interface ProjectFiguresTable {
  project_id: string
  eligible_cents: number
  eu_cents: number
  own_cents: number
  paid_cents: number
  to_pay_cents: number
  indicator_mean_pct: number | null
  // Copies of the project's columns the lists, the dashboard and the visit ranking filter, group and order by (migrations 015, 016).
  code: string
  /** foldForSearch of the code, the title and the beneficiary's acronym (or name): what the list finds and sorts by (migration 015). */
  code_key: string
  title_key: string
  beneficiary_id: string
  beneficiary_key: string
  objective_code: ObjectiveCode
  strand: Strand
  status: ProjectStatus
  start_date: string
  end_date: string
  officer_name: string | null
  call_id: string | null
  // What the dashboard counts (migration 016).
  milestones_total: number
  milestones_done: number
  milestones_in_progress: number
  milestones_planned: number
  milestones_cancelled: number
  first_open_due: string | null
  last_open_due: string | null
  open_payments: number
  first_open_payment: string | null
  last_open_payment: string | null
  indicators_measured: number
  indicator_tenths: number
  /** The first days the light is amber (or red) and red (ragThresholds): null never or not judged, '0000-01-01' always. */
  rag_amber_on: string | null
  rag_red_on: string | null
}

/** Each milestone's title folded for search and sort, with copies of what a search filters by (migration 015): derived, never synced. */
export interface MilestoneSearchTable {
  milestone_id: string
  project_id: string
  title_key: string
  objective_code: ObjectiveCode
  status: MilestoneStatus
  due_date: string
}

/** How many milestones hold each one- and two-character gram, by open or not and month due (migration 017, milestone-grams.ts): derived, never synced. */
export interface MilestoneGramTable {
  gram: string
  open: number
  month: string
  n: number
}

/** Each organisation's name, acronym and city folded (amif_fold) for the registry's search and sort (migration 017): derived, never synced. */
export interface OrganisationSearchTable {
  organisation_id: string
  name_key: string
  acronym_key: string
  city_key: string
  archived: number
}

/** Each claim's line count, declared sum and result figures the claims list shows (migration 019, claim-figures.ts): derived, never synced. */
export interface ClaimFiguresTable {
  claim_id: string
  project_id: string
  line_count: number
  declared_cents: number
  accepted_cents: number
  ineligible_cents: number
  payable_cents: number
}

/** A project's risk facts that do not depend on today, for the visit ranking (migration 019, claim-figures.ts): derived, never synced. */
export interface ProjectRiskTable {
  project_id: string
  beneficiary_id: string
  checked_lines: number
  checked_cents: number
  ineligible_cents: number
  visits: number
  high_findings: number
  last_done_visit: string | null
}

export interface DB {
  meta: MetaTable
  organisations: OrganisationTable
  contacts: ContactTable
  partnerships: PartnershipTable
  audit_log: AuditLogTable
  specific_objectives: SpecificObjectiveTable
  strand_objectives: StrandObjectiveTable
  indicators: IndicatorTable
  target_groups: TargetGroupTable
  calls: CallTable
  projects: ProjectTable
  project_status_changes: ProjectStatusChangeTable
  project_partners: ProjectPartnerTable
  project_target_groups: ProjectTargetGroupTable
  budget_lines: BudgetLineTable
  payments: PaymentTable
  project_indicators: ProjectIndicatorTable
  indicator_measurements: IndicatorMeasurementTable
  milestones: MilestoneTable
  grantor_profile: GrantorProfileTable
  agreement_clauses: AgreementClauseTable
  project_evaluations: ProjectEvaluationTable
  documents: DocumentTable
  attachments: AttachmentTable
  claims: ClaimTable
  claim_suspensions: ClaimSuspensionTable
  claim_lines: ClaimLineTable
  checklist_questions: ChecklistQuestionTable
  claim_checks: ClaimCheckTable
  expenditure_mappings: ExpenditureMappingTable
  visits: VisitTable
  visit_findings: VisitFindingTable
  visit_recommendations: VisitRecommendationTable
  sync_tombstones: SyncTombstoneTable
  handovers: HandoverTable
  sync_merges: SyncMergeTable
  project_figures: ProjectFiguresTable
  milestone_search: MilestoneSearchTable
  milestone_grams: MilestoneGramTable
  organisation_search: OrganisationSearchTable
  claim_figures: ClaimFiguresTable
  project_risk: ProjectRiskTable
}
