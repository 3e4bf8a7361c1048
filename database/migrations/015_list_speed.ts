import type { Migration } from './types'

/** The projects list's indexes on `project_figures`: each order by its kept key then the code (migration 016 makes them again). */
export const PROJECT_LIST_INDEXES = `
      CREATE INDEX project_figures_code ON project_figures(code);
      CREATE INDEX project_figures_title ON project_figures(title_key, code);
      CREATE INDEX project_figures_beneficiary ON project_figures(beneficiary_key, code);
      CREATE INDEX project_figures_beneficiary_id ON project_figures(beneficiary_id);
      CREATE INDEX project_figures_objective ON project_figures(objective_code, code);
      CREATE INDEX project_figures_strand ON project_figures(strand, code);
      CREATE INDEX project_figures_status ON project_figures(status, code);
      CREATE INDEX project_figures_start ON project_figures(start_date, code);
      CREATE INDEX project_figures_end ON project_figures(end_date, code);
      -- With the other sums: the count and sums of the whole list read this index alone.
      CREATE INDEX project_figures_eligible ON project_figures(eligible_cents, code, eu_cents, own_cents, paid_cents);
      CREATE INDEX project_figures_eu ON project_figures(eu_cents, code);
      CREATE INDEX project_figures_paid ON project_figures(paid_cents, code);
      -- The count and sums of a filtered list, and the traffic light of each project, in one index.
      CREATE INDEX project_figures_sums ON project_figures(objective_code, status, strand, start_date, end_date,
        eligible_cents, eu_cents, own_cents, paid_cents, rag_amber_on, rag_red_on, code, project_id);
`

/**
 * Lists that page in a blink at any size (issue 13 §2): `project_figures` also keeps what the
 * projects list sorts and filters by (copies of the project's columns, its code, title and
 * beneficiary folded for search and sort, and the first days its light is amber and red), so that a
 * page is found in that one narrow table through its indexes; `milestone_search` keeps each
 * milestone's folded title with copies of what a search is filtered by, for a search reads them all; the milestones get an index for each order of
 * their list. Derived data like the figures (never synced, never merged): refreshed by the record
 * writer and rebuilt after a merge and an import (database/figures.ts). Migration 016 makes
 * `project_figures` again with the dashboard's columns too and fills both tables, so this one
 * leaves them to it (the figures of a file are only read at the latest version).
 */
export const migration015: Migration = {
  version: 15,
  name: 'list_speed',
  up(db) {
    db.exec(`
      ALTER TABLE project_figures ADD COLUMN code TEXT;
      ALTER TABLE project_figures ADD COLUMN code_key TEXT;
      ALTER TABLE project_figures ADD COLUMN title_key TEXT;
      ALTER TABLE project_figures ADD COLUMN beneficiary_id TEXT;
      ALTER TABLE project_figures ADD COLUMN beneficiary_key TEXT;
      ALTER TABLE project_figures ADD COLUMN objective_code TEXT;
      ALTER TABLE project_figures ADD COLUMN strand TEXT;
      ALTER TABLE project_figures ADD COLUMN status TEXT;
      ALTER TABLE project_figures ADD COLUMN start_date TEXT;
      ALTER TABLE project_figures ADD COLUMN end_date TEXT;
      ALTER TABLE project_figures ADD COLUMN officer_name TEXT;
      ALTER TABLE project_figures ADD COLUMN call_id TEXT;
      ALTER TABLE project_figures ADD COLUMN rag_amber_on TEXT;
      ALTER TABLE project_figures ADD COLUMN rag_red_on TEXT;
${PROJECT_LIST_INDEXES}

      CREATE TABLE milestone_search (
        milestone_id TEXT PRIMARY KEY NOT NULL REFERENCES milestones(id) ON DELETE CASCADE,
        project_id TEXT NOT NULL,
        title_key TEXT NOT NULL,
        objective_code TEXT NOT NULL,
        status TEXT NOT NULL,
        due_date TEXT NOT NULL
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX milestone_search_title ON milestone_search(title_key);

      -- Each order of the milestones list, ending with the id as the list does (a descending key
      -- with ascending tie-breakers needs an index of its own), then the columns the list filters
      -- on most, so that a page and a count read the index alone.
      DROP INDEX milestones_project;
      CREATE INDEX milestones_project ON milestones(project_id, due_date, id);
      DROP INDEX milestones_due;
      CREATE INDEX milestones_due ON milestones(status, due_date, id, objective_code);
      CREATE INDEX milestones_due_desc ON milestones(status DESC, due_date, id, objective_code);
      CREATE INDEX milestones_date ON milestones(due_date, id, status, objective_code);
      DROP INDEX milestones_objective;
      CREATE INDEX milestones_objective ON milestones(objective_code, status, due_date);
      CREATE INDEX milestones_objective_due ON milestones(objective_code, due_date, id, status);
      CREATE INDEX milestones_objective_due_desc ON milestones(objective_code DESC, due_date, id, status);
    `)
  },
}
