import type { RowValues } from './load'

/**
 * What a merge says about a record to the officer: its kind (the audit log's entity name), a
 * human label (project code and title, organisation name, milestone title...) and the project it
 * belongs to. Everything is looked up in the rows already in memory (both files), so labelling
 * thousands of records costs no query.
 */

/** Finds a record of either file by table and id (mine first). */
export type Lookup = (table: string, id: unknown) => RowValues | undefined

interface TableInfo {
  entity: string
  label(row: RowValues, look: Lookup): string
  /** The project the record belongs to, if any. */
  projectId?(row: RowValues, look: Lookup): string | null
  /** The record whose history shows this one's changes (the audit log's parent_id). */
  auditParent?(row: RowValues, look: Lookup): string | null
}

const text = (v: unknown): string => (v === null || v === undefined ? '' : String(v))
const join = (...parts: unknown[]): string =>
  parts
    .map(text)
    .filter((p) => p.length > 0)
    .join(' ')
const ofProject = (row: RowValues): string | null => (row.project_id as string | null) ?? null
const organisationName = (look: Lookup, id: unknown): string => {
  const o = look('organisations', id)
  return o ? text(o.acronym ?? o.name) : text(id)
}
const indicatorCode = (look: Lookup, id: unknown): string => text(look('indicators', id)?.code ?? id)
const projectOfIndicator = (look: Lookup, id: unknown): string | null => (look('project_indicators', id)?.project_id as string | undefined) ?? null

const projectOfClaim = (row: RowValues, look: Lookup): string | null => (look('claims', row.claim_id)?.project_id as string | undefined) ?? null
const projectOfVisit = (row: RowValues, look: Lookup): string | null => (look('visits', row.visit_id)?.project_id as string | undefined) ?? null

const TABLES: Record<string, TableInfo> = {
  organisations: { entity: 'organisation', label: (r) => (r.acronym ? `${text(r.name)} (${text(r.acronym)})` : text(r.name)) },
  contacts: { entity: 'contact', label: (r) => text(r.full_name), auditParent: (r) => r.organisation_id as string },
  partnerships: {
    entity: 'partnership',
    label: (r, look) => join(organisationName(look, r.organisation_id), r.strand, r.role, r.start_date),
    auditParent: (r) => r.organisation_id as string,
  },
  specific_objectives: { entity: 'specific_objective', label: (r) => join(r.code, r.short_fr) },
  strand_objectives: { entity: 'strand_objective', label: (r) => join(r.code, r.label_fr) },
  indicators: { entity: 'indicator', label: (r) => join(r.code, r.label_fr) },
  target_groups: { entity: 'target_group', label: (r) => join(r.code, r.label_fr) },
  calls: { entity: 'call', label: (r) => join(r.reference, r.title) },
  projects: { entity: 'project', label: (r) => join(r.code, r.title), projectId: (r) => r.id as string },
  project_status_changes: { entity: 'project_status_change', label: (r) => join(r.status, r.changed_on), projectId: ofProject },
  project_partners: { entity: 'project_partner', label: (r, look) => organisationName(look, r.organisation_id), projectId: ofProject },
  project_target_groups: {
    entity: 'project_target_group',
    label: (r, look) => text(look('target_groups', r.target_group_id)?.code ?? r.target_group_id),
    projectId: ofProject,
  },
  budget_lines: { entity: 'budget_line', label: (r) => join(r.description, `(${text(r.category)})`), projectId: ofProject },
  payments: { entity: 'payment', label: (r) => join(r.kind, r.planned_date), projectId: ofProject },
  project_indicators: { entity: 'project_indicator', label: (r, look) => indicatorCode(look, r.indicator_id), projectId: ofProject },
  indicator_measurements: {
    entity: 'indicator_measurement',
    label: (r, look) => join(indicatorCode(look, look('project_indicators', r.project_indicator_id)?.indicator_id), r.measured_on),
    projectId: (r, look) => projectOfIndicator(look, r.project_indicator_id),
  },
  milestones: { entity: 'milestone', label: (r) => text(r.title), projectId: ofProject },
  grantor_profile: { entity: 'grantor_profile', label: (r) => text(r.name_fr) },
  agreement_clauses: { entity: 'agreement_clause', label: (r) => `${text(r.title)} (${text(r.language)})` },
  project_evaluations: {
    entity: 'project_evaluation',
    label: (r, look) => join(look('projects', r.id)?.code, r.evaluated_on),
    projectId: (r) => r.id as string,
  },
  documents: { entity: 'document', label: (r) => join(r.reference, r.title), projectId: ofProject },
  attachments: {
    entity: 'attachment',
    label: (r) => join(r.title, `(${text(r.file_name)})`),
    projectId: ofProject,
    auditParent: (r) => (r.project_id as string | null) ?? (r.organisation_id as string | null),
  },
  claims: { entity: 'claim', label: (r) => join(r.reference, r.kind, r.submitted_on), projectId: ofProject },
  claim_suspensions: { entity: 'claim_suspension', label: (r) => join(r.stopped_on), projectId: projectOfClaim, auditParent: projectOfClaim },
  claim_lines: {
    entity: 'claim_line',
    label: (r) => join(`#${text(r.line_no)}`, r.reference, r.supplier ?? r.person_name),
    projectId: projectOfClaim,
    auditParent: projectOfClaim,
  },
  checklist_questions: { entity: 'checklist_question', label: (r) => text(r.text_fr) },
  claim_checks: { entity: 'claim_check', label: (r) => join(r.question_id, r.answer), projectId: projectOfClaim, auditParent: projectOfClaim },
  expenditure_mappings: {
    entity: 'expenditure_mapping',
    label: (r, look) => organisationName(look, r.organisation_id),
    auditParent: (r) => r.organisation_id as string,
  },
  visits: { entity: 'visit', label: (r) => join(r.visit_date, r.place), projectId: ofProject },
  visit_findings: { entity: 'visit_finding', label: (r) => join(r.severity, r.description), projectId: projectOfVisit, auditParent: projectOfVisit },
  visit_recommendations: {
    entity: 'visit_recommendation',
    label: (r) => join(r.recommendation, r.due_date),
    projectId: projectOfVisit,
    auditParent: projectOfVisit,
  },
}

/** A table a later migration adds still gets a name and a label (its id) until it is described here. */
function infoOf(table: string): TableInfo {
  return TABLES[table] ?? { entity: table.replace(/s$/, ''), label: (r) => text(r.id) }
}

/** The audit log's entity name of a table's records (`milestone`, `budget_line`...). */
export function entityOf(table: string): string {
  return infoOf(table).entity
}

/** Labels records of both files, remembering project codes. */
export class Labeller {
  constructor(private readonly look: Lookup) {}

  /** A human name for the record. */
  label(table: string, row: RowValues): string {
    const l = infoOf(table).label(row, this.look)
    return l.length > 0 ? l : text(row.id)
  }

  /** The id of the project the record belongs to, if any. */
  projectId(table: string, row: RowValues): string | null {
    return infoOf(table).projectId?.(row, this.look) ?? null
  }

  /** The code of the project the record belongs to, if any. */
  projectCode(table: string, row: RowValues): string | null {
    const id = this.projectId(table, row)
    if (!id) return null
    return (this.look('projects', id)?.code as string | undefined) ?? null
  }

  /** The audit log's parent_id for a change of this record: its project, or its organisation. */
  auditParent(table: string, row: RowValues): string | null {
    const info = infoOf(table)
    if (info.auditParent) return info.auditParent(row, this.look)
    const project = this.projectId(table, row)
    return project && project !== row.id ? project : null
  }
}

/** snake_case column name to the camelCase the API and the audit log use. */
export function camelName(column: string): string {
  return column.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase())
}

/**
 * A row as the history and the merge preview show it: camelCase keys, without the version vector
 * (bookkeeping, not content), bytes summarised by their size.
 */
export function camelRow(row: RowValues): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(row)) {
    if (k === 'sync_vv') continue
    out[camelName(k)] = Buffer.isBuffer(v) ? { bytes: v.length } : v
  }
  return out
}
