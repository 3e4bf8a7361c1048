import type { Migration } from './types'

/** The kept figures' sort columns a list orders by, descending or not (migration 015's indexes are ascending). */
const DESC_ORDERED = [
  'title_key',
  'beneficiary_key',
  'objective_code',
  'strand',
  'status',
  'start_date',
  'end_date',
  'eligible_cents',
  'eu_cents',
  'paid_cents',
]

/**
 * Indexes for the lists, the search and the dashboard at any size (issue 13 §2, §5). A projects
 * page sorted by a column descending is ordered by the column descending then the code ascending:
 * SQLite cannot read an ascending index that way, so it read every project of the first value and
 * sorted them (a status is thousands of projects); an index per column with the column descending
 * walks straight to the page. The search's count and sums read the folded keys and the money from
 * one index (they looked each project found up in the table). A page sorted by traffic light, which
 * depends on today and has no index of its own, is sorted from a narrow index of its inputs instead
 * of every wide row. The dashboard's grouped pass reads
 * each objective's figures from one index instead of every project's wide row.
 * New indexes only (the search's narrower index gives way to the covering one).
 */
export const migration020: Migration = {
  version: 20,
  name: 'list_orders',
  up(db) {
    for (const column of DESC_ORDERED) db.exec(`CREATE INDEX project_figures_${column}_desc ON project_figures(${column} DESC, code)`)
    db.exec(`
      DROP INDEX IF EXISTS project_figures_search;
      CREATE INDEX project_figures_search ON project_figures(code_key, title_key, beneficiary_id, eligible_cents, eu_cents, own_cents, paid_cents, project_id);
      CREATE INDEX project_figures_rag ON project_figures(status, rag_amber_on, rag_red_on, code, project_id);
      CREATE INDEX project_figures_dashboard ON project_figures(objective_code, strand, status, start_date, end_date, officer_name, call_id,
        eligible_cents, eu_cents, paid_cents, milestones_total, milestones_done, milestones_in_progress, milestones_planned, milestones_cancelled,
        first_open_due, last_open_due, open_payments, first_open_payment, last_open_payment, rag_amber_on, rag_red_on, indicators_measured,
        indicator_tenths, project_id);
    `)
  },
}
