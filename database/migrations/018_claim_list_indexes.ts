import type { Migration } from './types'

/**
 * Covering indexes for the claims list and the visit ranking (issue 13 §2), which read every
 * matching claim, or every project with a history, to give a page: what the claims' order and
 * filters need of a claim (status, submitted_on, project_id, id) and each claim's declared lines
 * summed (claim_id, declared_cents), from the indexes alone; a project's code (the claims' order's
 * tie-break) and beneficiary (the partner's history) without the project's row; the ranking's
 * candidates (by id or by beneficiary) from the kept figures' indexes without their rows.
 * New indexes only: no table is made again (the figures' rebuild empties and fills its table).
 */
export const migration018: Migration = {
  version: 18,
  name: 'claim_list_indexes',
  up(db) {
    db.exec(`
      CREATE INDEX IF NOT EXISTS claim_lines_declared ON claim_lines(claim_id, declared_cents);
      CREATE INDEX IF NOT EXISTS claims_list ON claims(status, submitted_on, project_id, id);
      CREATE INDEX IF NOT EXISTS projects_code_of ON projects(id, code, beneficiary_id);
      CREATE INDEX IF NOT EXISTS project_figures_rank ON project_figures(project_id, status, eu_cents, code, beneficiary_id);
      CREATE INDEX IF NOT EXISTS project_figures_rank_beneficiary ON project_figures(beneficiary_id, status, eu_cents, code, project_id);
    `)
  },
}
