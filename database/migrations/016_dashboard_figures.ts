import { rebuildProjectFigures } from '../figures'
import { COUNT_MAX, day, int, NOT_NULL, oneOf, ref, STRICT_VOCABULARIES, text, NAME } from './005_strict'
import type { Migration } from './types'

const V = STRICT_VOCABULARIES

/**
 * `project_figures` made again with what the dashboard counts (issue 13 §1), so that its figures
 * for any filter are one pass over this table instead of every project, milestone, payment and
 * indicator: the project's columns it filters, groups and orders by (code, beneficiary, objective,
 * strand, status, officer, call, period), its milestones by status with the earliest and latest due dates of the open ones,
 * its open payments' count and dates, its measured indicators' achievement in tenths of a percent,
 * and the first days its light is amber and red (the rule only worsens with time). What depends
 * on today is then a comparison with today in SQL. Derived data, dropped and filled again here
 * (migration 011 left it empty), refreshed in every write and rebuilt after merges and imports.
 */
export const migration016: Migration = {
  version: 16,
  name: 'dashboard_figures',
  up(db) {
    const count = (c: string) => int(c, 0, COUNT_MAX, NOT_NULL)
    db.exec(`
      DROP TABLE project_figures;
      CREATE TABLE project_figures (
        project_id TEXT PRIMARY KEY NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        eligible_cents INTEGER NOT NULL CHECK (eligible_cents >= 0),
        eu_cents INTEGER NOT NULL CHECK (eu_cents BETWEEN 0 AND eligible_cents),
        own_cents INTEGER NOT NULL CHECK (own_cents = eligible_cents - eu_cents),
        paid_cents INTEGER NOT NULL CHECK (paid_cents >= 0),
        to_pay_cents INTEGER NOT NULL CHECK (to_pay_cents = max(0, eu_cents - paid_cents)),
        indicator_mean_pct REAL CHECK (indicator_mean_pct BETWEEN 0 AND 100),
        ${text('code', NAME, NOT_NULL)},
        ${ref('beneficiary_id', NOT_NULL)},
        ${oneOf('objective_code', V.objectiveCodes, NOT_NULL)},
        ${oneOf('strand', V.strands, NOT_NULL)},
        ${oneOf('status', V.projectStatuses, NOT_NULL)},
        ${text('officer_name', NAME)},
        ${ref('call_id')},
        ${day('start_date', NOT_NULL)},
        ${day('end_date', NOT_NULL)},
        ${count('milestones_total')},
        ${count('milestones_done')},
        ${count('milestones_in_progress')},
        ${count('milestones_planned')},
        ${count('milestones_cancelled')},
        ${day('first_open_due')},
        ${day('last_open_due')},
        ${count('open_payments')},
        ${day('first_open_payment')},
        ${day('last_open_payment')},
        ${count('indicators_measured')},
        ${int('indicator_tenths', 0, COUNT_MAX, NOT_NULL)},
        ${day('amber_from')},
        ${day('red_from')},
        CHECK (milestones_total = milestones_done + milestones_in_progress + milestones_planned + milestones_cancelled),
        CHECK (indicator_tenths <= 1000 * indicators_measured)
      ) STRICT;
      -- The most urgent rows of the dashboard's lists come from the projects whose oldest open milestone or payment comes first.
      CREATE INDEX project_figures_open_due ON project_figures(first_open_due) WHERE first_open_due IS NOT NULL;
      CREATE INDEX project_figures_code ON project_figures(code);
      -- The projects under way with the largest EU contribution first (the visit ranking's first rows).
      CREATE INDEX project_figures_status_eu ON project_figures(status, eu_cents);
      CREATE INDEX project_figures_open_payment ON project_figures(first_open_payment) WHERE first_open_payment IS NOT NULL;
      -- The portfolio's first late milestones and payments due, by date, each with its project.
      CREATE INDEX milestones_open_due ON milestones(due_date, id, project_id) WHERE status NOT IN ('done', 'cancelled');
      CREATE INDEX payments_open_due ON payments(planned_date, id, project_id) WHERE status IN ('planned', 'requested');
    `)
    rebuildProjectFigures(db)
  },
}
