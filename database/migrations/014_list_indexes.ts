import type { Migration } from './types'

/**
 * Indexes for lists read a page at a time in their own order (issue 13 §2): the register of
 * documents newest first (produced_at, version) and the calls newest first (opens_on, reference),
 * so that a page walks the index and stops instead of sorting the whole table. The histories use
 * the audit log's indexes on (record_id, at) and (parent_id, at) as they are, and a project's or
 * a partner's attachments those of migration 010. New indexes only: no table is made again.
 */
export const migration014: Migration = {
  version: 14,
  name: 'list_indexes',
  up(db) {
    db.exec(`
      CREATE INDEX IF NOT EXISTS documents_produced ON documents(produced_at, version);
      CREATE INDEX IF NOT EXISTS calls_opens ON calls(opens_on, reference);
    `)
  },
}
