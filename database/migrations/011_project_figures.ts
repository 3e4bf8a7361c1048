import type { Migration } from './types'

/**
 * `project_figures`: each project's money (eligible, EU, own, paid, still to pay) and the mean
 * achievement of its indicators, kept so that the lists and the dashboard read them instead of
 * computing every project again on every call. This file's own derived data: no version vector
 * (so never synced nor merged), refreshed in the transaction of every write that changes it
 * (database/records.ts) and rebuilt after a merge, an import and the demo loader. The
 * computation stays in TypeScript (database/figures.ts, the money rule of money.ts): derived
 * data, so unlike the schema above it follows the rule of the build that runs it: migration 016
 * makes the table again with more columns and fills it, so this one leaves it empty.
 */
export const migration011: Migration = {
  version: 11,
  name: 'project_figures',
  up(db) {
    db.exec(`
      CREATE TABLE project_figures (
        project_id TEXT PRIMARY KEY NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        eligible_cents INTEGER NOT NULL CHECK (eligible_cents >= 0),
        eu_cents INTEGER NOT NULL CHECK (eu_cents BETWEEN 0 AND eligible_cents),
        own_cents INTEGER NOT NULL CHECK (own_cents = eligible_cents - eu_cents),
        paid_cents INTEGER NOT NULL CHECK (paid_cents >= 0),
        to_pay_cents INTEGER NOT NULL CHECK (to_pay_cents = max(0, eu_cents - paid_cents)),
        indicator_mean_pct REAL CHECK (indicator_mean_pct BETWEEN 0 AND 100)
      ) STRICT;
      -- What depends on today is counted per project in SQL: its open milestones and payments by date.
      CREATE INDEX milestones_open ON milestones(project_id, due_date) WHERE status NOT IN ('done', 'cancelled');
      CREATE INDEX payments_open ON payments(project_id, planned_date) WHERE status IN ('planned', 'requested');
    `)
  },
}
