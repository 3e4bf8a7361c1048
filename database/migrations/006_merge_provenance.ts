import { SYNCED_TABLES_V4 } from './004_sync'
import type { Migration } from './types'

/**
 * What a merge needs to tell a colleague's records from the officer's own (issue 10).
 *
 * - Creating a record counts as a change: a trigger per synced table gives a record inserted with
 *   the empty vector `{}` the vector `{<this file>: 1}`. Records with natural ids (an agreement
 *   article `key:lang`, the grantor, a project's evaluation) created independently in two files
 *   then meet as a conflict instead of one silently winning. A merge writes vectors explicitly.
 *   Natural-id records still at `{}` count as created here for the same reason (two copies with
 *   the same content merge their vectors silently).
 * - `documents.received_from_file_id`: a document that came in by a merge, from that file; it is
 *   not final in this file until the officer marks it so (the column is this file's own and
 *   never merged).
 * - `received_from_file_id` and `received_at` on the history tables: rows copied in by a merge,
 *   from which file and when this file received them (its own clock, not a date the file claims).
 *
 * The tables are those synced since migration 004 (005 added none); a later synced table gets its
 * trigger in its own migration.
 */

const NATURAL_ID_TABLES = ['grantor_profile', 'agreement_clauses', 'project_evaluations'] as const

const OWN_FIRST_CHANGE = `json_object((SELECT file_id FROM meta WHERE id = 1), 1)`

/** The trigger that counts a record's creation as its file's first change. */
export function insertSyncSql(table: string): string {
  return `
    CREATE TRIGGER ${table}_sync_insert AFTER INSERT ON ${table} FOR EACH ROW WHEN NEW.sync_vv = '{}'
    BEGIN
      UPDATE ${table} SET sync_vv = ${OWN_FIRST_CHANGE} WHERE id = NEW.id;
    END;
  `
}

export const migration006: Migration = {
  version: 6,
  name: 'merge_provenance',
  up(db) {
    db.exec(`
      ALTER TABLE documents ADD COLUMN received_from_file_id TEXT;
      ALTER TABLE audit_log ADD COLUMN received_from_file_id TEXT;
      ALTER TABLE audit_log ADD COLUMN received_at TEXT;
      ALTER TABLE handovers ADD COLUMN received_from_file_id TEXT;
      ALTER TABLE handovers ADD COLUMN received_at TEXT;
      ALTER TABLE sync_merges ADD COLUMN received_from_file_id TEXT;
      ALTER TABLE sync_merges ADD COLUMN received_at TEXT;
    `)
    // A new vector differs from the old one, so the update trigger does not count this as a change.
    for (const table of NATURAL_ID_TABLES) db.exec(`UPDATE ${table} SET sync_vv = ${OWN_FIRST_CHANGE} WHERE sync_vv = '{}'`)
    for (const table of SYNCED_TABLES_V4) db.exec(insertSyncSql(table))
  },
}
