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

export interface DB {
  meta: MetaTable
  organisations: OrganisationTable
  contacts: ContactTable
  partnerships: PartnershipTable
  audit_log: AuditLogTable
}
