import type BetterSqlite3 from 'better-sqlite3'
import { syncTriggersSql } from './004_sync'
import type { Migration } from './types'

/**
 * Every table made again as a STRICT table, with CHECKs on what each column may hold, so that the
 * database itself refuses a value no app version writes, whatever wrote it (a colleague's file
 * merged in, a file edited by hand): money and counts are whole numbers within bounds, dates and
 * timestamps are real ones in the app's formats, closed vocabularies are closed, texts have a
 * maximum length and no NUL character (which would also hide the rest of a text from `length()`),
 * JSON is valid, a version vector is an object, a stored PDF is a BLOB of at most 50 MB whose
 * size and SHA-256 are well formed.
 *
 * The limits are those of the window's input schemas (database/domain/schemas) or looser, and never
 * tighter than anything an earlier version wrote: a real file always migrates. Columns, their
 * order, types, NOT NULL, defaults, keys, foreign keys (with their ON DELETE), unique and other
 * indexes and the sync triggers stay as migrations 001-004 made them; rows keep their ids, their
 * rowids, their version vectors and their history.
 *
 * How: SQLite's documented way to change a table (create the new one, copy, drop the old one),
 * inside the runner's transaction, where `PRAGMA foreign_keys` cannot be switched off. So the old
 * tables are renamed out of the way first (the new ones are then created under their own names,
 * and sqlite_master holds exactly the text below), their triggers are dropped first (dropping a
 * table must not leave tombstones), and the old tables are dropped children first (a parent's
 * implicit DELETE then has no child rows to cascade to). Foreign keys are deferred to the end and
 * checked there with `PRAGMA foreign_key_check`.
 *
 * The vocabularies are written out here, not imported: a migration's text never changes once
 * released (a file's schema is compared with what the migrations make). A test checks that they
 * match database/domain/vocabulary.ts; a later change of vocabulary needs a migration of its own.
 */

// Limits, in characters. Each is at least the window's own limit for that field.
/** Ids (UUIDs, `grantor`, `<clause>:<language>`), file ids, codes and short identifiers. */
const CODE = 100
/** Names, titles, e-mail addresses, places: one line. */
export const NAME = 300
/** Labels and wordings of the reference data. */
export const LABEL = 1000
/** Notes, descriptions, comments, an agreement article. */
export const LONG = 20_000
/** A file system path (Windows allows 32 767 characters). */
const PATH = 32_767
/** The JSON of one audit entry, a handover's open items, a merge's resolutions. */
export const JSON_MAX = 10_000_000
/** A stored PDF, and the data it was made of. */
export const DOCUMENT_BYTES = 50 * 1024 * 1024
/** Money, in cents: 0 to 100 billion euros. */
const CENTS_MAX = 10_000_000_000_000
/** Counts and quantities. */
export const COUNT_MAX = 1_000_000_000
/** Indicator baselines, targets and measured values. */
const QUANTITY_MAX = 1_000_000_000_000

// The closed vocabularies as this migration writes them (see database/domain/vocabulary.ts).
export const STRICT_VOCABULARIES = {
  organisationKinds: ['international_organisation', 'ngo', 'public_authority', 'local_reception_initiative', 'training_operator', 'other'],
  strands: ['reception', 'resettlement', 'voluntary_return', 'integration'],
  partnerRoles: ['beneficiary', 'co_beneficiary', 'implementing_partner', 'reintegration_partner'],
  partnershipStatuses: ['prospective', 'active', 'suspended', 'ended'],
  contactLanguages: ['fr', 'nl', 'en', 'de'],
  objectiveCodes: ['SO1', 'SO2', 'SO3', 'SO4'],
  projectStatuses: ['draft', 'submitted', 'selected', 'agreement_signed', 'running', 'final_report_received', 'closed', 'rejected', 'terminated'],
  projectPartnerRoles: ['co_beneficiary', 'implementing_partner', 'reintegration_partner'],
  budgetCategories: ['staff', 'travel', 'equipment', 'external_services', 'target_group_costs', 'other', 'indirect'],
  costModels: ['actual_costs', 'flat_rate_7_direct', 'flat_rate_15_staff', 'unit_cost', 'lump_sum'],
  rateGrounds: ['annex_iv', 'specific_action', 'operating_support', 'emergency_assistance', 'technical_assistance'],
  paymentKinds: ['advance', 'interim', 'balance'],
  paymentStatuses: ['planned', 'requested', 'paid', 'cancelled'],
  milestoneStatuses: ['planned', 'in_progress', 'done', 'cancelled'],
  indicatorTypes: ['output', 'result'],
  documentKinds: ['agreement', 'report', 'programme', 'handover'],
  documentStatuses: ['draft', 'final'],
  documentLanguages: ['fr', 'nl', 'en'],
  auditActions: ['create', 'update', 'archive', 'restore', 'delete', 'import'],
} as const
const V = STRICT_VOCABULARIES

// Column builders: each returns one column definition, its CHECK included. A CHECK whose value is
// NULL passes, so a nullable column needs no `IS NULL OR`; for the same reason a date function,
// which gives NULL for what it cannot read (a 13th month), is compared with IS, never with =.
export type Options = { notNull?: boolean; default?: string; extra?: string }
export function column(name: string, type: 'TEXT' | 'INTEGER' | 'REAL' | 'BLOB', checks: string[], o: Options = {}): string {
  const parts = [name, type]
  if (o.notNull) parts.push('NOT NULL')
  if (o.default !== undefined) parts.push(`DEFAULT ${o.default}`)
  if (o.extra) parts.push(o.extra)
  if (checks.length > 0) parts.push(`CHECK (${checks.join(' AND ')})`)
  return parts.join(' ')
}
export const noNul = (c: string) => `instr(${c}, char(0)) = 0`
/** Free text of at most `max` characters. */
export const text = (c: string, max: number, o?: Options) => column(c, 'TEXT', [`length(${c}) <= ${max}`, noNul(c)], o)
/** Text that must say something (not only spaces). */
export const filled = (c: string, max: number, o?: Options) => column(c, 'TEXT', [`length(trim(${c})) BETWEEN 1 AND ${max}`, noNul(c)], o)
/** An id, a file id or a reference to a record. */
export const ref = (c: string, o?: Options) => column(c, 'TEXT', [`length(${c}) BETWEEN 1 AND ${CODE}`, noNul(c)], o)
/** One value of a closed vocabulary. */
export const oneOf = (c: string, values: readonly string[], o?: Options) => column(c, 'TEXT', [`${c} IN (${values.map((v) => `'${v}'`).join(', ')})`], o)
/** A calendar date `YYYY-MM-DD` that exists (`date()` turns 2025-02-30 into 2025-03-02). */
export const day = (c: string, o?: Options) => column(c, 'TEXT', [`${c} GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'`, `date(${c}) IS ${c}`], o)
/** An instant as the app writes it, `YYYY-MM-DDTHH:MM:SS.sssZ` (UTC, what toISOString gives). */
export const stamp = (c: string, o?: Options) =>
  column(
    c,
    'TEXT',
    [
      `${c} GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]Z'`,
      `substr(${c}, 12, 2) < '24'`,
      `strftime('%Y-%m-%dT%H:%M:%fZ', ${c}) IS ${c}`,
    ],
    o,
  )
/** A whole number from `min` to `max`. */
export const int = (c: string, min: number, max: number, o?: Options) => column(c, 'INTEGER', [`${c} BETWEEN ${min} AND ${max}`], o)
/** 0 or 1. */
export const flag = (c: string, o?: Options) => column(c, 'INTEGER', [`${c} IN (0, 1)`], o)
/** Money in whole cents. */
export const cents = (c: string, o?: Options) => int(c, 0, CENTS_MAX, o)
/** A rate in basis points (10 000 = 100 %). */
const basisPoints = (c: string, o?: Options) => int(c, 0, 10_000, o)
/** A quantity that may have decimals (an indicator's value). */
const quantity = (c: string, o?: Options) => column(c, 'REAL', [`${c} BETWEEN 0 AND ${QUANTITY_MAX}`], o)
/** JSON text; `shape` when it must be an object or an array. */
export const json = (c: string, max: number, o?: Options & { shape?: 'object' | 'array' }) =>
  column(c, 'TEXT', [`length(${c}) <= ${max}`, `json_valid(${c})`, ...(o?.shape ? [`json_type(${c}) = '${o.shape}'`] : [])], o)

export const NOT_NULL = { notNull: true }
/** The officer's stamps and the version vector every synced record carries (in that order). */
export const STAMPS = [stamp('created_at', NOT_NULL), stamp('updated_at', NOT_NULL), text('updated_by', NAME, NOT_NULL)]
export const SYNC_VV = json('sync_vv', JSON_MAX, { notNull: true, default: `'{}'`, shape: 'object' })

interface Table {
  name: string
  /** Columns and table constraints, in the order of the table they replace. */
  body: string[]
  indexes?: string[]
  /** A synced table (migration 004): it gets its two triggers back. */
  synced?: boolean
}

/** Every table, parents before children, in the order migrations 001-004 created them. */
const TABLES: Table[] = [
  {
    name: 'meta',
    body: [
      'id INTEGER PRIMARY KEY CHECK (id = 1)',
      ref('file_id', NOT_NULL),
      stamp('created_at', NOT_NULL),
      text('created_with_version', CODE, NOT_NULL),
      ref('parent_file_id'),
    ],
  },
  {
    name: 'organisations',
    synced: true,
    body: [
      ref('id', { extra: 'PRIMARY KEY' }),
      filled('name', NAME, NOT_NULL),
      text('acronym', CODE),
      oneOf('kind', V.organisationKinds, NOT_NULL),
      column('enterprise_number', 'TEXT', [`enterprise_number GLOB '[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'`]),
      text('foreign_registration', CODE),
      text('vat_number', CODE),
      text('street', NAME),
      text('postcode', CODE),
      text('city', NAME),
      column('country', 'TEXT', [`country GLOB '[A-Z][A-Z]'`], { notNull: true, default: `'BE'` }),
      text('website', 1000),
      text('iban', CODE),
      text('bic', CODE),
      json('working_languages', 1000, { notNull: true, default: `'[]'`, shape: 'array' }),
      text('notes', LONG),
      flag('archived', { notNull: true, default: '0' }),
      ...STAMPS,
      SYNC_VV,
    ],
    indexes: [
      `CREATE UNIQUE INDEX organisations_enterprise_number ON organisations(enterprise_number)
        WHERE enterprise_number IS NOT NULL`,
      'CREATE INDEX organisations_name ON organisations(name COLLATE NOCASE)',
      'CREATE INDEX organisations_kind ON organisations(kind, archived)',
    ],
  },
  {
    name: 'contacts',
    synced: true,
    body: [
      ref('id', { extra: 'PRIMARY KEY' }),
      ref('organisation_id', { notNull: true, extra: 'REFERENCES organisations(id) ON DELETE CASCADE' }),
      filled('full_name', NAME, NOT_NULL),
      text('job_title', NAME),
      text('email', NAME),
      text('phone', CODE),
      oneOf('preferred_language', V.contactLanguages, { notNull: true, default: `'fr'` }),
      flag('can_sign', { notNull: true, default: '0' }),
      ...STAMPS,
      SYNC_VV,
    ],
    indexes: ['CREATE INDEX contacts_organisation ON contacts(organisation_id)'],
  },
  {
    name: 'partnerships',
    synced: true,
    body: [
      ref('id', { extra: 'PRIMARY KEY' }),
      ref('organisation_id', { notNull: true, extra: 'REFERENCES organisations(id) ON DELETE RESTRICT' }),
      oneOf('strand', V.strands, NOT_NULL),
      oneOf('role', V.partnerRoles, NOT_NULL),
      day('start_date', NOT_NULL),
      day('end_date'),
      text('framework_reference', NAME),
      oneOf('status', V.partnershipStatuses, NOT_NULL),
      text('notes', LONG),
      ...STAMPS,
      SYNC_VV,
      'CHECK (end_date IS NULL OR end_date >= start_date)',
    ],
    indexes: [
      'CREATE INDEX partnerships_organisation ON partnerships(organisation_id)',
      'CREATE INDEX partnerships_strand ON partnerships(strand, organisation_id)',
    ],
  },
  {
    name: 'audit_log',
    body: [
      ref('id', { extra: 'PRIMARY KEY' }),
      stamp('at', NOT_NULL),
      text('officer_name', NAME, NOT_NULL),
      text('officer_email', NAME),
      column('entity', 'TEXT', [`length(entity) BETWEEN 1 AND 60`, `entity NOT GLOB '*[^a-z_]*'`], NOT_NULL),
      ref('record_id', NOT_NULL),
      ref('parent_id'),
      oneOf('action', V.auditActions, NOT_NULL),
      json('before_json', JSON_MAX),
      json('after_json', JSON_MAX),
    ],
    indexes: ['CREATE INDEX audit_log_record ON audit_log(record_id, at)', 'CREATE INDEX audit_log_parent ON audit_log(parent_id, at)'],
  },
  {
    name: 'specific_objectives',
    synced: true,
    body: [
      ref('id', { extra: 'PRIMARY KEY' }),
      oneOf('code', V.objectiveCodes, { notNull: true, extra: 'UNIQUE' }),
      text('short_fr', NAME, NOT_NULL),
      text('short_nl', NAME, NOT_NULL),
      text('short_en', NAME, NOT_NULL),
      text('wording_fr', LABEL, NOT_NULL),
      text('wording_nl', LABEL),
      text('wording_en', LABEL, NOT_NULL),
      text('source', NAME, NOT_NULL),
      ...STAMPS,
      SYNC_VV,
    ],
  },
  {
    name: 'strand_objectives',
    synced: true,
    body: [
      ref('id', { extra: 'PRIMARY KEY' }),
      oneOf('strand', V.strands, NOT_NULL),
      ref('code', { notNull: true, extra: 'UNIQUE' }),
      int('sort_order', 0, COUNT_MAX, NOT_NULL),
      text('label_fr', LABEL, NOT_NULL),
      text('label_nl', LABEL, NOT_NULL),
      text('label_en', LABEL, NOT_NULL),
      text('source', NAME, NOT_NULL),
      ...STAMPS,
      SYNC_VV,
    ],
  },
  {
    name: 'indicators',
    synced: true,
    body: [
      ref('id', { extra: 'PRIMARY KEY' }),
      ref('code', { notNull: true, extra: 'UNIQUE' }),
      oneOf('type', V.indicatorTypes, NOT_NULL),
      oneOf('objective_code', V.objectiveCodes, { notNull: true, extra: 'REFERENCES specific_objectives(code)' }),
      ref('parent_id', { extra: 'REFERENCES indicators(id)' }),
      text('label_fr', LABEL, NOT_NULL),
      text('label_nl', LABEL, NOT_NULL),
      text('label_en', LABEL, NOT_NULL),
      text('unit', CODE, { notNull: true, default: `'participants'` }),
      flag('common', NOT_NULL),
      text('source', NAME, NOT_NULL),
      ...STAMPS,
      SYNC_VV,
    ],
    indexes: ['CREATE INDEX indicators_objective ON indicators(objective_code)'],
  },
  {
    name: 'target_groups',
    synced: true,
    body: [
      ref('id', { extra: 'PRIMARY KEY' }),
      ref('code', { notNull: true, extra: 'UNIQUE' }),
      flag('vulnerability', NOT_NULL),
      text('label_fr', LABEL, NOT_NULL),
      text('label_nl', LABEL, NOT_NULL),
      text('label_en', LABEL, NOT_NULL),
      text('source', NAME, NOT_NULL),
      ...STAMPS,
      SYNC_VV,
    ],
  },
  {
    name: 'calls',
    synced: true,
    body: [
      ref('id', { extra: 'PRIMARY KEY' }),
      ref('reference', { notNull: true, extra: 'UNIQUE' }),
      text('title', NAME, NOT_NULL),
      oneOf('strand', V.strands, NOT_NULL),
      oneOf('objective_code', V.objectiveCodes, { notNull: true, extra: 'REFERENCES specific_objectives(code)' }),
      day('opens_on', NOT_NULL),
      day('closes_on', NOT_NULL),
      cents('envelope_cents', NOT_NULL),
      text('notes', LONG),
      ...STAMPS,
      SYNC_VV,
      'CHECK (closes_on >= opens_on)',
    ],
  },
  {
    name: 'projects',
    synced: true,
    body: [
      ref('id', { extra: 'PRIMARY KEY' }),
      ref('code', { notNull: true, extra: 'UNIQUE' }),
      text('title', NAME, NOT_NULL),
      text('description', LONG),
      ref('beneficiary_id', { notNull: true, extra: 'REFERENCES organisations(id)' }),
      oneOf('strand', V.strands, NOT_NULL),
      ref('strand_objective_id', { extra: 'REFERENCES strand_objectives(id)' }),
      oneOf('objective_code', V.objectiveCodes, { notNull: true, extra: 'REFERENCES specific_objectives(code)' }),
      ref('call_id', { extra: 'REFERENCES calls(id)' }),
      day('start_date', NOT_NULL),
      day('end_date', NOT_NULL),
      text('officer_name', NAME),
      oneOf('status', V.projectStatuses, NOT_NULL),
      basisPoints('eu_rate_bp', { notNull: true, default: '7500' }),
      oneOf('rate_ground', V.rateGrounds),
      text('rate_justification', LONG),
      ...STAMPS,
      SYNC_VV,
      'CHECK (end_date >= start_date)',
      'CHECK (eu_rate_bp <= 7500 OR rate_ground IS NOT NULL)',
    ],
    indexes: [
      'CREATE INDEX projects_objective ON projects(objective_code, status)',
      'CREATE INDEX projects_strand ON projects(strand, status)',
      'CREATE INDEX projects_beneficiary ON projects(beneficiary_id)',
      'CREATE INDEX projects_call ON projects(call_id)',
      'CREATE INDEX projects_officer ON projects(officer_name)',
      'CREATE INDEX projects_period ON projects(start_date, end_date)',
    ],
  },
  {
    name: 'project_status_changes',
    synced: true,
    body: [
      ref('id', { extra: 'PRIMARY KEY' }),
      ref('project_id', { notNull: true, extra: 'REFERENCES projects(id) ON DELETE CASCADE' }),
      oneOf('status', V.projectStatuses, NOT_NULL),
      day('changed_on', NOT_NULL),
      text('note', LONG),
      ...STAMPS,
      SYNC_VV,
    ],
    indexes: ['CREATE INDEX project_status_changes_project ON project_status_changes(project_id, changed_on)'],
  },
  {
    name: 'project_partners',
    synced: true,
    body: [
      ref('id', { extra: 'PRIMARY KEY' }),
      ref('project_id', { notNull: true, extra: 'REFERENCES projects(id) ON DELETE CASCADE' }),
      ref('organisation_id', { notNull: true, extra: 'REFERENCES organisations(id)' }),
      oneOf('role', V.projectPartnerRoles, NOT_NULL),
      cents('budget_share_cents', { notNull: true, default: '0' }),
      ...STAMPS,
      SYNC_VV,
      'UNIQUE (project_id, organisation_id)',
    ],
    indexes: ['CREATE INDEX project_partners_organisation ON project_partners(organisation_id)'],
  },
  {
    name: 'project_target_groups',
    synced: true,
    body: [
      ref('id', { extra: 'PRIMARY KEY' }),
      ref('project_id', { notNull: true, extra: 'REFERENCES projects(id) ON DELETE CASCADE' }),
      ref('target_group_id', { notNull: true, extra: 'REFERENCES target_groups(id)' }),
      ...STAMPS,
      SYNC_VV,
      'UNIQUE (project_id, target_group_id)',
    ],
  },
  {
    name: 'budget_lines',
    synced: true,
    body: [
      ref('id', { extra: 'PRIMARY KEY' }),
      ref('project_id', { notNull: true, extra: 'REFERENCES projects(id) ON DELETE CASCADE' }),
      oneOf('category', V.budgetCategories, NOT_NULL),
      oneOf('cost_model', V.costModels, NOT_NULL),
      text('description', NAME, NOT_NULL),
      cents('amount_cents'),
      int('units', 0, COUNT_MAX),
      cents('unit_cost_cents'),
      int('sort_order', 0, COUNT_MAX, { notNull: true, default: '0' }),
      ...STAMPS,
      SYNC_VV,
    ],
    indexes: ['CREATE INDEX budget_lines_project ON budget_lines(project_id)'],
  },
  {
    name: 'payments',
    synced: true,
    body: [
      ref('id', { extra: 'PRIMARY KEY' }),
      ref('project_id', { notNull: true, extra: 'REFERENCES projects(id) ON DELETE CASCADE' }),
      oneOf('kind', V.paymentKinds, NOT_NULL),
      day('planned_date', NOT_NULL),
      cents('planned_cents'),
      basisPoints('planned_rate_bp'),
      oneOf('status', V.paymentStatuses, NOT_NULL),
      day('paid_date'),
      cents('paid_cents'),
      text('note', LONG),
      ...STAMPS,
      SYNC_VV,
      'CHECK ((planned_cents IS NULL) <> (planned_rate_bp IS NULL))',
      `CHECK (status <> 'paid' OR (paid_date IS NOT NULL AND paid_cents IS NOT NULL))`,
    ],
    indexes: ['CREATE INDEX payments_project ON payments(project_id, planned_date)', 'CREATE INDEX payments_due ON payments(status, planned_date)'],
  },
  {
    name: 'project_indicators',
    synced: true,
    body: [
      ref('id', { extra: 'PRIMARY KEY' }),
      ref('project_id', { notNull: true, extra: 'REFERENCES projects(id) ON DELETE CASCADE' }),
      ref('indicator_id', { notNull: true, extra: 'REFERENCES indicators(id)' }),
      quantity('baseline', { notNull: true, default: '0' }),
      quantity('target', NOT_NULL),
      text('unit', CODE, NOT_NULL),
      ...STAMPS,
      SYNC_VV,
      'UNIQUE (project_id, indicator_id)',
    ],
    indexes: ['CREATE INDEX project_indicators_indicator ON project_indicators(indicator_id)'],
  },
  {
    name: 'indicator_measurements',
    synced: true,
    body: [
      ref('id', { extra: 'PRIMARY KEY' }),
      ref('project_indicator_id', { notNull: true, extra: 'REFERENCES project_indicators(id) ON DELETE CASCADE' }),
      day('measured_on', NOT_NULL),
      quantity('value', NOT_NULL),
      text('source', NAME, NOT_NULL),
      ...STAMPS,
      SYNC_VV,
    ],
    indexes: ['CREATE INDEX indicator_measurements_indicator ON indicator_measurements(project_indicator_id, measured_on)'],
  },
  {
    name: 'milestones',
    synced: true,
    body: [
      ref('id', { extra: 'PRIMARY KEY' }),
      ref('project_id', { notNull: true, extra: 'REFERENCES projects(id) ON DELETE CASCADE' }),
      text('title', NAME, NOT_NULL),
      text('description', LONG),
      oneOf('objective_code', V.objectiveCodes, { notNull: true, extra: 'REFERENCES specific_objectives(code)' }),
      ref('project_indicator_id', { extra: 'REFERENCES project_indicators(id) ON DELETE SET NULL' }),
      day('due_date', NOT_NULL),
      oneOf('status', V.milestoneStatuses, NOT_NULL),
      day('done_date'),
      text('evidence', LONG),
      ref('responsible_id', { extra: 'REFERENCES organisations(id)' }),
      ...STAMPS,
      SYNC_VV,
      `CHECK (status <> 'done' OR done_date IS NOT NULL)`,
    ],
    indexes: [
      'CREATE INDEX milestones_project ON milestones(project_id, due_date)',
      'CREATE INDEX milestones_due ON milestones(status, due_date)',
      'CREATE INDEX milestones_objective ON milestones(objective_code, status)',
      'CREATE INDEX milestones_responsible ON milestones(responsible_id)',
    ],
  },
  {
    name: 'grantor_profile',
    synced: true,
    body: [
      column('id', 'TEXT', [`id = 'grantor'`], { extra: 'PRIMARY KEY' }),
      filled('name_fr', NAME, NOT_NULL),
      text('name_nl', NAME),
      text('name_en', NAME),
      text('acronym', CODE),
      column('enterprise_number', 'TEXT', [`enterprise_number GLOB '[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'`]),
      text('street', NAME),
      text('postcode', CODE),
      text('city', NAME),
      column('country', 'TEXT', [`country GLOB '[A-Z][A-Z]'`], { notNull: true, default: `'BE'` }),
      filled('signatory_name', NAME, NOT_NULL),
      text('signatory_title_fr', NAME, NOT_NULL),
      text('signatory_title_nl', NAME),
      text('signatory_title_en', NAME),
      text('signature_place', NAME),
      text('programme_reference_fr', NAME),
      text('programme_reference_nl', NAME),
      text('programme_reference_en', NAME),
      text('national_basis_fr', LONG),
      text('national_basis_nl', LONG),
      text('national_basis_en', LONG),
      ...STAMPS,
      SYNC_VV,
    ],
  },
  {
    name: 'agreement_clauses',
    synced: true,
    body: [
      ref('id', { extra: 'PRIMARY KEY' }),
      ref('clause_key', NOT_NULL),
      oneOf('language', V.documentLanguages, NOT_NULL),
      filled('title', NAME, NOT_NULL),
      filled('body', LONG, NOT_NULL),
      ...STAMPS,
      SYNC_VV,
      'UNIQUE (clause_key, language)',
      `CHECK (id = clause_key || ':' || language)`,
    ],
  },
  {
    name: 'project_evaluations',
    synced: true,
    body: [
      ref('id', { extra: 'PRIMARY KEY REFERENCES projects(id) ON DELETE CASCADE' }),
      day('evaluated_on'),
      ...['relevance', 'coherence', 'effectiveness', 'efficiency', 'impact', 'sustainability'].flatMap((c) => [
        int(`${c}_score`, 1, 4),
        text(`${c}_comment`, LONG),
      ]),
      text('conclusions', LONG),
      text('recommendations', LONG),
      ...STAMPS,
      SYNC_VV,
    ],
  },
  {
    name: 'documents',
    synced: true,
    body: [
      ref('id', { extra: 'PRIMARY KEY' }),
      oneOf('kind', V.documentKinds, NOT_NULL),
      ref('project_id', { extra: 'REFERENCES projects(id) ON DELETE CASCADE' }),
      oneOf('language', V.documentLanguages, NOT_NULL),
      int('version', 1, COUNT_MAX, NOT_NULL),
      oneOf('status', V.documentStatuses, NOT_NULL),
      text('reference', NAME, NOT_NULL),
      text('title', 1000, NOT_NULL),
      text('file_name', 1000, NOT_NULL),
      stamp('produced_at', NOT_NULL),
      text('produced_by', NAME, NOT_NULL),
      stamp('finalized_at'),
      int('page_count', 1, COUNT_MAX, NOT_NULL),
      int('byte_size', 1, DOCUMENT_BYTES, NOT_NULL),
      column('sha256', 'TEXT', [`length(sha256) = 64`, `sha256 NOT GLOB '*[^0-9a-f]*'`], NOT_NULL),
      column('pdf', 'BLOB', [`length(pdf) BETWEEN 1 AND ${DOCUMENT_BYTES}`], NOT_NULL),
      json('data_json', DOCUMENT_BYTES, NOT_NULL),
      json('params_json', JSON_MAX),
      ...STAMPS,
      SYNC_VV,
      `CHECK ((kind IN ('agreement', 'report')) = (project_id IS NOT NULL))`,
      `CHECK (status = 'draft' OR finalized_at IS NOT NULL)`,
      'CHECK (byte_size = length(pdf))',
    ],
    indexes: [
      'CREATE INDEX documents_project ON documents(project_id, kind, language, version)',
      'CREATE INDEX documents_kind ON documents(kind, produced_at)',
    ],
  },
  {
    name: 'sync_tombstones',
    body: [
      column('table_name', 'TEXT', [`length(table_name) BETWEEN 1 AND ${CODE}`, `table_name NOT GLOB '*[^a-z_]*'`], NOT_NULL),
      ref('record_id', NOT_NULL),
      json('sync_vv', JSON_MAX, { notNull: true, shape: 'object' }),
      stamp('deleted_at', NOT_NULL),
      'PRIMARY KEY (table_name, record_id)',
    ],
  },
  {
    name: 'handovers',
    body: [
      ref('id', { extra: 'PRIMARY KEY' }),
      stamp('at', NOT_NULL),
      text('from_officer', NAME, NOT_NULL),
      text('from_email', NAME),
      filled('to_name', NAME, NOT_NULL),
      text('note', LONG, NOT_NULL),
      json('open_items_json', JSON_MAX, NOT_NULL),
      ref('source_file_id', NOT_NULL),
      ref('copy_file_id', NOT_NULL),
    ],
    indexes: ['CREATE INDEX handovers_at ON handovers(at)'],
  },
  {
    name: 'sync_merges',
    body: [
      ref('id', { extra: 'PRIMARY KEY' }),
      stamp('at', NOT_NULL),
      text('officer_name', NAME, NOT_NULL),
      ref('into_file_id', NOT_NULL),
      ref('from_file_id', NOT_NULL),
      text('from_name', 1000, NOT_NULL),
      int('added', 0, COUNT_MAX, NOT_NULL),
      int('updated', 0, COUNT_MAX, NOT_NULL),
      int('deleted', 0, COUNT_MAX, NOT_NULL),
      int('conflicts', 0, COUNT_MAX, NOT_NULL),
      json('resolutions_json', JSON_MAX, NOT_NULL),
      text('backup_path', PATH),
    ],
    indexes: ['CREATE INDEX sync_merges_from ON sync_merges(from_file_id, at)'],
  },
]

/** The names of the rebuilt tables, for tests. */
export const STRICT_TABLES = TABLES.map((t) => t.name)

const OLD = (name: string) => `strict_old_${name}`

function createSql(t: Table): string {
  return `CREATE TABLE ${t.name} (\n  ${t.body.join(',\n  ')}\n) STRICT`
}

function columnsOf(db: BetterSqlite3.Database, table: string): string[] {
  return (db.prepare(`PRAGMA table_info("${table}")`).all() as { name: string }[]).map((c) => c.name)
}

/**
 * Copies one table's rows (rowids included, so that unordered reads keep their order). When a row
 * is refused, finds which one, so that the log says what in the file stopped the migration.
 */
function copyRows(db: BetterSqlite3.Database, t: Table): void {
  const columns = columnsOf(db, t.name)
  const old = columnsOf(db, OLD(t.name))
  if (old.join(',') !== columns.join(',')) {
    throw new Error(`Table ${t.name} has columns ${old.join(', ')}; the app expects ${columns.join(', ')}`)
  }
  // meta's INTEGER PRIMARY KEY is its rowid already.
  const keep = t.name === 'meta' ? columns : ['rowid', ...columns]
  const list = keep.join(', ')
  const insert = `INSERT INTO ${t.name} (${list}) SELECT ${list} FROM ${OLD(t.name)}`
  try {
    db.exec(`${insert} ORDER BY rowid`)
  } catch (err) {
    const one = db.prepare(`${insert} WHERE rowid = ?`)
    const key = columns.includes('id') ? 'id' : columns.slice(0, 2).join(` || ':' || `)
    for (const row of db.prepare(`SELECT rowid AS r, ${key} AS k FROM ${OLD(t.name)} ORDER BY rowid`).all() as { r: number; k: unknown }[]) {
      try {
        one.run(row.r)
      } catch (refused) {
        throw new Error(`The file's ${t.name} record ${String(row.k)} cannot be kept: ${(refused as Error).message}`)
      }
    }
    throw err
  }
}

function rebuild(db: BetterSqlite3.Database): void {
  const names = TABLES.map((t) => t.name)
  const list = names.map((n) => `'${n}'`).join(', ')
  const present = new Set(
    (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name IN (${list})`).all() as { name: string }[]).map((r) => r.name),
  )
  const missing = names.filter((n) => !present.has(n))
  if (missing.length > 0) throw new Error(`The file lacks the tables ${missing.join(', ')}`)

  // Triggers first: nothing below may bump a vector or leave a tombstone. Then the indexes, whose
  // names the new tables' indexes take.
  const dependents = db
    .prepare(`SELECT type, name FROM sqlite_master WHERE type IN ('trigger', 'index') AND sql IS NOT NULL AND tbl_name IN (${list}) ORDER BY type DESC, name`)
    .all() as {
    type: 'trigger' | 'index'
    name: string
  }[]
  for (const d of dependents) db.exec(`DROP ${d.type.toUpperCase()} "${d.name}"`)

  for (const t of TABLES) db.exec(`ALTER TABLE ${t.name} RENAME TO ${OLD(t.name)}`)
  for (const t of TABLES) db.exec(createSql(t))
  for (const t of TABLES) copyRows(db, t)
  for (const t of [...TABLES].reverse()) db.exec(`DROP TABLE ${OLD(t.name)}`)
  for (const t of TABLES) for (const index of t.indexes ?? []) db.exec(index)
  for (const t of TABLES) if (t.synced) db.exec(syncTriggersSql(t.name))

  const broken = db.pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[]
  if (broken.length > 0) {
    const first = broken[0]
    throw new Error(`The file has ${broken.length} record(s) pointing at records it lacks (first: ${first.table} row ${first.rowid} -> ${first.parent})`)
  }
}

export const migration005: Migration = {
  version: 5,
  name: 'strict',
  up(db) {
    const deferred = db.pragma('defer_foreign_keys', { simple: true }) as number
    const legacy = db.pragma('legacy_alter_table', { simple: true }) as number
    // Foreign keys stay on (a transaction cannot turn them off): checked at the end instead of
    // row by row. Renaming leaves the text of other objects alone.
    db.pragma('defer_foreign_keys = ON')
    db.pragma('legacy_alter_table = ON')
    try {
      rebuild(db)
    } finally {
      db.pragma(`defer_foreign_keys = ${deferred ? 'ON' : 'OFF'}`)
      db.pragma(`legacy_alter_table = ${legacy ? 'ON' : 'OFF'}`)
    }
  },
}
