import { rebuildProjectFigures } from '../figures'
import { COUNT_MAX, day, int, LABEL, NOT_NULL, oneOf, ref, STRICT_VOCABULARIES, text, NAME } from './005_strict'
import { PROJECT_LIST_INDEXES } from './015_list_speed'
import type { Migration } from './types'

const V = STRICT_VOCABULARIES

/**
 * `project_figures` made again with what the dashboard counts (issue 13 §1), so that its figures
 * for any filter are one pass over this table instead of every project, milestone, payment and
 * indicator: besides the money (011) and the list's columns (015), its milestones by status with
 * the earliest and latest due dates of the open ones, its open payments' count and dates, its
 * measured indicators' achievement in tenths of a percent; the first days its light is amber and
 * red (015's rag_amber_on and rag_red_on: the rule only worsens with time) stay as the lists read
 * them. What depends on today is then a comparison with today in SQL. Made STRICT with checks (015
 * could only add loose columns), its indexes made again (dropped with the table); derived data,
 * filled here (migrations 011 and 015 leave it to this one) with `milestone_search`, refreshed in
 * every write and rebuilt after merges and imports.
 */
export const migration016: Migration = {
  version: 16,
  name: 'dashboard_figures',
  up(db) {
    const count = (c: string) => int(c, 0, COUNT_MAX, NOT_NULL)
    // Folding keeps a text's letters and digits: a few characters can become two or three.
    const key = (c: string) => text(c, LABEL, NOT_NULL)
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
        ${key('code_key')},
        ${key('title_key')},
        ${ref('beneficiary_id', NOT_NULL)},
        ${key('beneficiary_key')},
        ${oneOf('objective_code', V.objectiveCodes, NOT_NULL)},
        ${oneOf('strand', V.strands, NOT_NULL)},
        ${oneOf('status', V.projectStatuses, NOT_NULL)},
        ${day('start_date', NOT_NULL)},
        ${day('end_date', NOT_NULL)},
        ${text('officer_name', NAME)},
        ${ref('call_id')},
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
        ${day('rag_amber_on')},
        ${day('rag_red_on')},
        CHECK (milestones_total = milestones_done + milestones_in_progress + milestones_planned + milestones_cancelled),
        CHECK (indicator_tenths <= 1000 * indicators_measured),
        -- Red is amber or worse: it never comes before the first amber day.
        CHECK (rag_red_on IS NULL OR rag_red_on >= rag_amber_on)
      ) STRICT;
    `)
    // Filled before its indexes are made: each index is then built once, in order.
    rebuildProjectFigures(db)
    db.exec(`
      -- The list's (migration 015): each order of the projects list, by its kept key then the code.
      ${PROJECT_LIST_INDEXES}
      -- The dashboard's: the most urgent rows of its lists come from the projects whose oldest open milestone or payment comes first.
      CREATE INDEX project_figures_open_due ON project_figures(first_open_due) WHERE first_open_due IS NOT NULL;
      CREATE INDEX project_figures_open_payment ON project_figures(first_open_payment) WHERE first_open_payment IS NOT NULL;
      -- The projects under way with the largest EU contribution first (the visit ranking's first rows).
      CREATE INDEX project_figures_status_eu ON project_figures(status, eu_cents);
      -- The portfolio's first late milestones and payments due, by date, each with its project.
      CREATE INDEX milestones_open_due ON milestones(due_date, id, project_id) WHERE status NOT IN ('done', 'cancelled');
      CREATE INDEX payments_open_due ON payments(planned_date, id, project_id) WHERE status IN ('planned', 'requested');
    `)
  },
}
