import { rebuildClaimFigures } from '../claim-figures'
import { COUNT_MAX, day, int, NOT_NULL, ref } from './005_strict'
import type { Migration } from './types'

/**
 * A page of the claims list and of the visit ranking in a blink at any size (issue 13 §1, §2):
 * `claim_figures` keeps each claim's line count, declared sum and the figures of its verification
 * result the list shows (accepted direct costs, ineligible, payable), which a page gathered from
 * every claim, line, budget line and payment of its projects; `project_risk` keeps, for each
 * project with a checked claim line or a visit, what its risk score reads that does not depend on
 * today (the lines checked of its verified or paid claims, what they declare and the part not
 * accepted, its visits, the high findings of those done, the last done), which the ranking grouped
 * from every claim line, finding and visit of the file on every page. What depends on today (the
 * overdue recommendations, the next planned visit) stays a query
 * through the indexes of 012. Derived data (never synced,
 * never merged): kept by the record writer, rebuilt after a merge and an import, filled here
 * (database/claim-figures.ts).
 */
export const migration019: Migration = {
  version: 19,
  name: 'claim_figures',
  up(db) {
    const count = (c: string) => int(c, 0, COUNT_MAX, NOT_NULL)
    db.exec(`
      CREATE TABLE claim_figures (
        claim_id TEXT PRIMARY KEY NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
        ${ref('project_id', NOT_NULL)},
        ${count('line_count')},
        declared_cents INTEGER NOT NULL,
        accepted_cents INTEGER NOT NULL,
        ineligible_cents INTEGER NOT NULL,
        payable_cents INTEGER NOT NULL
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE project_risk (
        project_id TEXT PRIMARY KEY NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        -- The project's beneficiary, whose history the ranking sums: read without a lookup per project.
        ${ref('beneficiary_id', NOT_NULL)},
        ${count('checked_lines')},
        checked_cents INTEGER NOT NULL,
        ineligible_cents INTEGER NOT NULL,
        ${count('visits')},
        ${count('high_findings')},
        ${day('last_done_visit')}
      ) STRICT, WITHOUT ROWID;
    `)
    rebuildClaimFigures(db)
    db.exec(`
      -- A project's rows, computed again at every write to its claims, budget or payments.
      CREATE INDEX claim_figures_project ON claim_figures(project_id);
    `)
  },
}
