import type { Migration } from './types'
import { seedReferenceData } from './data/reference-2021-2027'

/**
 * Reference data (specific objectives, strand objectives, the Annex VIII indicator catalogue,
 * target groups), calls for projects, projects with their partners, budget, payments,
 * milestones and indicators. Money is integer cents; rates are basis points (7500 = 75 %).
 */
export const migration002: Migration = {
  version: 2,
  name: 'projects',
  up(db) {
    db.exec(`
      CREATE TABLE specific_objectives (
        id TEXT PRIMARY KEY,
        code TEXT NOT NULL UNIQUE CHECK (code IN ('SO1', 'SO2', 'SO3', 'SO4')),
        short_fr TEXT NOT NULL, short_nl TEXT NOT NULL, short_en TEXT NOT NULL,
        wording_fr TEXT NOT NULL, wording_nl TEXT, wording_en TEXT NOT NULL,
        source TEXT NOT NULL,
        created_at TEXT NOT NULL, updated_at TEXT NOT NULL, updated_by TEXT NOT NULL
      );

      CREATE TABLE strand_objectives (
        id TEXT PRIMARY KEY,
        strand TEXT NOT NULL CHECK (strand IN ('reception', 'resettlement', 'voluntary_return', 'integration')),
        code TEXT NOT NULL UNIQUE,
        sort_order INTEGER NOT NULL,
        label_fr TEXT NOT NULL, label_nl TEXT NOT NULL, label_en TEXT NOT NULL,
        source TEXT NOT NULL,
        created_at TEXT NOT NULL, updated_at TEXT NOT NULL, updated_by TEXT NOT NULL
      );

      CREATE TABLE indicators (
        id TEXT PRIMARY KEY,
        code TEXT NOT NULL UNIQUE,
        type TEXT NOT NULL CHECK (type IN ('output', 'result')),
        objective_code TEXT NOT NULL REFERENCES specific_objectives(code),
        parent_id TEXT REFERENCES indicators(id),
        label_fr TEXT NOT NULL, label_nl TEXT NOT NULL, label_en TEXT NOT NULL,
        unit TEXT NOT NULL DEFAULT 'participants',
        common INTEGER NOT NULL CHECK (common IN (0, 1)),
        source TEXT NOT NULL,
        created_at TEXT NOT NULL, updated_at TEXT NOT NULL, updated_by TEXT NOT NULL
      );
      CREATE INDEX indicators_objective ON indicators(objective_code);

      CREATE TABLE target_groups (
        id TEXT PRIMARY KEY,
        code TEXT NOT NULL UNIQUE,
        vulnerability INTEGER NOT NULL CHECK (vulnerability IN (0, 1)),
        label_fr TEXT NOT NULL, label_nl TEXT NOT NULL, label_en TEXT NOT NULL,
        source TEXT NOT NULL,
        created_at TEXT NOT NULL, updated_at TEXT NOT NULL, updated_by TEXT NOT NULL
      );

      CREATE TABLE calls (
        id TEXT PRIMARY KEY,
        reference TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL,
        strand TEXT NOT NULL CHECK (strand IN ('reception', 'resettlement', 'voluntary_return', 'integration')),
        objective_code TEXT NOT NULL REFERENCES specific_objectives(code),
        opens_on TEXT NOT NULL,
        closes_on TEXT NOT NULL,
        envelope_cents INTEGER NOT NULL CHECK (envelope_cents >= 0),
        notes TEXT,
        created_at TEXT NOT NULL, updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
        CHECK (closes_on >= opens_on)
      );

      CREATE TABLE projects (
        id TEXT PRIMARY KEY,
        code TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL,
        description TEXT,
        beneficiary_id TEXT NOT NULL REFERENCES organisations(id),
        strand TEXT NOT NULL CHECK (strand IN ('reception', 'resettlement', 'voluntary_return', 'integration')),
        strand_objective_id TEXT REFERENCES strand_objectives(id),
        objective_code TEXT NOT NULL REFERENCES specific_objectives(code),
        call_id TEXT REFERENCES calls(id),
        start_date TEXT NOT NULL,
        end_date TEXT NOT NULL,
        officer_name TEXT,
        status TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'selected', 'agreement_signed', 'running',
          'final_report_received', 'closed', 'rejected', 'terminated')),
        eu_rate_bp INTEGER NOT NULL DEFAULT 7500 CHECK (eu_rate_bp BETWEEN 0 AND 10000),
        rate_ground TEXT CHECK (rate_ground IS NULL OR rate_ground IN ('annex_iv', 'specific_action',
          'operating_support', 'emergency_assistance', 'technical_assistance')),
        rate_justification TEXT,
        created_at TEXT NOT NULL, updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
        CHECK (end_date >= start_date),
        CHECK (eu_rate_bp <= 7500 OR rate_ground IS NOT NULL)
      );
      CREATE INDEX projects_objective ON projects(objective_code, status);
      CREATE INDEX projects_strand ON projects(strand, status);
      CREATE INDEX projects_beneficiary ON projects(beneficiary_id);
      CREATE INDEX projects_call ON projects(call_id);
      CREATE INDEX projects_officer ON projects(officer_name);
      CREATE INDEX projects_period ON projects(start_date, end_date);

      CREATE TABLE project_status_changes (
        id TEXT PRIMARY KEY,
        project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        status TEXT NOT NULL,
        changed_on TEXT NOT NULL,
        note TEXT,
        created_at TEXT NOT NULL, updated_at TEXT NOT NULL, updated_by TEXT NOT NULL
      );
      CREATE INDEX project_status_changes_project ON project_status_changes(project_id, changed_on);

      CREATE TABLE project_partners (
        id TEXT PRIMARY KEY,
        project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        organisation_id TEXT NOT NULL REFERENCES organisations(id),
        role TEXT NOT NULL CHECK (role IN ('co_beneficiary', 'implementing_partner', 'reintegration_partner')),
        budget_share_cents INTEGER NOT NULL DEFAULT 0 CHECK (budget_share_cents >= 0),
        created_at TEXT NOT NULL, updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
        UNIQUE (project_id, organisation_id)
      );
      CREATE INDEX project_partners_organisation ON project_partners(organisation_id);

      CREATE TABLE project_target_groups (
        id TEXT PRIMARY KEY,
        project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        target_group_id TEXT NOT NULL REFERENCES target_groups(id),
        created_at TEXT NOT NULL, updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
        UNIQUE (project_id, target_group_id)
      );

      CREATE TABLE budget_lines (
        id TEXT PRIMARY KEY,
        project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        category TEXT NOT NULL CHECK (category IN ('staff', 'travel', 'equipment', 'external_services',
          'target_group_costs', 'other', 'indirect')),
        cost_model TEXT NOT NULL CHECK (cost_model IN ('actual_costs', 'flat_rate_7_direct', 'flat_rate_15_staff',
          'unit_cost', 'lump_sum')),
        description TEXT NOT NULL,
        amount_cents INTEGER CHECK (amount_cents IS NULL OR amount_cents >= 0),
        units INTEGER CHECK (units IS NULL OR units >= 0),
        unit_cost_cents INTEGER CHECK (unit_cost_cents IS NULL OR unit_cost_cents >= 0),
        sort_order INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL, updated_at TEXT NOT NULL, updated_by TEXT NOT NULL
      );
      CREATE INDEX budget_lines_project ON budget_lines(project_id);

      CREATE TABLE payments (
        id TEXT PRIMARY KEY,
        project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('advance', 'interim', 'balance')),
        planned_date TEXT NOT NULL,
        planned_cents INTEGER CHECK (planned_cents IS NULL OR planned_cents >= 0),
        planned_rate_bp INTEGER CHECK (planned_rate_bp IS NULL OR planned_rate_bp BETWEEN 0 AND 10000),
        status TEXT NOT NULL CHECK (status IN ('planned', 'requested', 'paid', 'cancelled')),
        paid_date TEXT,
        paid_cents INTEGER CHECK (paid_cents IS NULL OR paid_cents >= 0),
        note TEXT,
        created_at TEXT NOT NULL, updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
        CHECK ((planned_cents IS NULL) <> (planned_rate_bp IS NULL)),
        CHECK (status <> 'paid' OR (paid_date IS NOT NULL AND paid_cents IS NOT NULL))
      );
      CREATE INDEX payments_project ON payments(project_id, planned_date);
      CREATE INDEX payments_due ON payments(status, planned_date);

      CREATE TABLE project_indicators (
        id TEXT PRIMARY KEY,
        project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        indicator_id TEXT NOT NULL REFERENCES indicators(id),
        baseline REAL NOT NULL DEFAULT 0,
        target REAL NOT NULL CHECK (target >= 0),
        unit TEXT NOT NULL,
        created_at TEXT NOT NULL, updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
        UNIQUE (project_id, indicator_id)
      );
      CREATE INDEX project_indicators_indicator ON project_indicators(indicator_id);

      CREATE TABLE indicator_measurements (
        id TEXT PRIMARY KEY,
        project_indicator_id TEXT NOT NULL REFERENCES project_indicators(id) ON DELETE CASCADE,
        measured_on TEXT NOT NULL,
        value REAL NOT NULL CHECK (value >= 0),
        source TEXT NOT NULL,
        created_at TEXT NOT NULL, updated_at TEXT NOT NULL, updated_by TEXT NOT NULL
      );
      CREATE INDEX indicator_measurements_indicator ON indicator_measurements(project_indicator_id, measured_on);

      CREATE TABLE milestones (
        id TEXT PRIMARY KEY,
        project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        title TEXT NOT NULL,
        description TEXT,
        objective_code TEXT NOT NULL REFERENCES specific_objectives(code),
        project_indicator_id TEXT REFERENCES project_indicators(id) ON DELETE SET NULL,
        due_date TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('planned', 'in_progress', 'done', 'cancelled')),
        done_date TEXT,
        evidence TEXT,
        responsible_id TEXT REFERENCES organisations(id),
        created_at TEXT NOT NULL, updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
        CHECK (status <> 'done' OR done_date IS NOT NULL)
      );
      CREATE INDEX milestones_project ON milestones(project_id, due_date);
      CREATE INDEX milestones_due ON milestones(status, due_date);
      CREATE INDEX milestones_objective ON milestones(objective_code, status);
      CREATE INDEX milestones_responsible ON milestones(responsible_id);
    `)
    seedReferenceData(db)
  },
}
