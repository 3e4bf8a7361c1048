/** Kysely table types: what each table holds, as SQLite returns it. */

export interface MetaTable {
  id: number
  file_id: string
  created_at: string
  created_with_version: string
}

export interface OrganisationTable {
  id: string
  name: string
  acronym: string | null
  kind: string
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
}

export interface ContactTable {
  id: string
  organisation_id: string
  full_name: string
  job_title: string | null
  email: string | null
  phone: string | null
  preferred_language: string
  can_sign: number
  created_at: string
  updated_at: string
  updated_by: string
}

export interface PartnershipTable {
  id: string
  organisation_id: string
  strand: string
  role: string
  start_date: string
  end_date: string | null
  framework_reference: string | null
  status: string
  notes: string | null
  created_at: string
  updated_at: string
  updated_by: string
}

export interface AuditLogTable {
  id: string
  at: string
  officer_name: string
  officer_email: string | null
  entity: string
  record_id: string
  parent_id: string | null
  action: string
  before_json: string | null
  after_json: string | null
}

/** Stamp columns every row an officer edits carries. */
interface Stamped {
  created_at: string
  updated_at: string
  updated_by: string
}

export interface SpecificObjectiveTable extends Stamped {
  id: string
  code: string
  short_fr: string
  short_nl: string
  short_en: string
  wording_fr: string
  wording_nl: string | null
  wording_en: string
  source: string
}

export interface StrandObjectiveTable extends Stamped {
  id: string
  strand: string
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
  type: string
  objective_code: string
  parent_id: string | null
  label_fr: string
  label_nl: string
  label_en: string
  unit: string
  common: number
  source: string
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
  strand: string
  objective_code: string
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
  strand: string
  strand_objective_id: string | null
  objective_code: string
  call_id: string | null
  start_date: string
  end_date: string
  officer_name: string | null
  status: string
  eu_rate_bp: number
  rate_ground: string | null
  rate_justification: string | null
}

export interface ProjectStatusChangeTable extends Stamped {
  id: string
  project_id: string
  status: string
  changed_on: string
  note: string | null
}

export interface ProjectPartnerTable extends Stamped {
  id: string
  project_id: string
  organisation_id: string
  role: string
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
  category: string
  cost_model: string
  description: string
  amount_cents: number | null
  units: number | null
  unit_cost_cents: number | null
  sort_order: number
}

export interface PaymentTable extends Stamped {
  id: string
  project_id: string
  kind: string
  planned_date: string
  planned_cents: number | null
  planned_rate_bp: number | null
  status: string
  paid_date: string | null
  paid_cents: number | null
  note: string | null
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
}

export interface MilestoneTable extends Stamped {
  id: string
  project_id: string
  title: string
  description: string | null
  objective_code: string
  project_indicator_id: string | null
  due_date: string
  status: string
  done_date: string | null
  evidence: string | null
  responsible_id: string | null
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
}
