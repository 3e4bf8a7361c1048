import type { Migration } from './types'

/**
 * Covering indexes for the claims list (issue 13 §2), which orders and sums every matching claim
 * to give a page: each claim's declared lines summed from the index alone (claim_id,
 * declared_cents), and each claim's project code, a tie-break of the order, read without the
 * project's row (id, code). New indexes only: no table is made again.
 */
export const migration018: Migration = {
  version: 18,
  name: 'claim_list_indexes',
  up(db) {
    db.exec(`
      CREATE INDEX IF NOT EXISTS claim_lines_declared ON claim_lines(claim_id, declared_cents);
      CREATE INDEX IF NOT EXISTS projects_code_of ON projects(id, code);
    `)
  },
}
