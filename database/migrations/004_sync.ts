import type { Migration } from './types'

/**
 * What two officers' files need to be merged without losing anything (see database/merge/).
 *
 * - Every table an officer edits gets `sync_vv`, a version vector: a JSON object from file id to
 *   the number of changes that file made to the record (`{}` for a record as it was created).
 *   A trigger bumps the open file's own counter on every update that does not set `sync_vv`
 *   itself (a merge sets it), so every write path, old and new, keeps it without knowing.
 * - A deleted record leaves a tombstone with its bumped vector, so deletions travel in a merge
 *   (cascaded deletions fire the trigger too).
 * - The audit log, handovers and the record of merges are append-only: a merge adds the rows it
 *   lacks.
 * - `meta.parent_file_id`: the file a copy was made from (save a copy, hand over). A copy gets its
 *   own file id, so that its changes count under its own name in the vectors.
 *
 * The table list is this migration's own: a later table gets its columns and triggers in its own
 * migration.
 */
/** The tables this migration made synced (frozen: a later synced table is its own migration's). */
export const SYNCED_TABLES_V4 = [
  'organisations',
  'contacts',
  'partnerships',
  'specific_objectives',
  'strand_objectives',
  'indicators',
  'target_groups',
  'calls',
  'projects',
  'project_status_changes',
  'project_partners',
  'project_target_groups',
  'budget_lines',
  'payments',
  'project_indicators',
  'indicator_measurements',
  'milestones',
  'grantor_profile',
  'agreement_clauses',
  'project_evaluations',
  'documents',
] as const

const FILE_ID = `(SELECT file_id FROM meta WHERE id = 1)`
/** `vv` with the open file's counter increased by one. */
const bumped = (vv: string) => `json_set(${vv}, '$."' || ${FILE_ID} || '"', coalesce(json_extract(${vv}, '$."' || ${FILE_ID} || '"'), 0) + 1)`

/** The column and the two triggers of one synced table. */
export function syncSql(table: string): string {
  return `
    ALTER TABLE ${table} ADD COLUMN sync_vv TEXT NOT NULL DEFAULT '{}';${syncTriggersSql(table)}`
}

/** The two triggers of one synced table (migration 005 makes them again on its rebuilt tables). */
export function syncTriggersSql(table: string): string {
  return `
    CREATE TRIGGER ${table}_sync_update AFTER UPDATE ON ${table} FOR EACH ROW WHEN NEW.sync_vv IS OLD.sync_vv
    BEGIN
      UPDATE ${table} SET sync_vv = ${bumped('OLD.sync_vv')} WHERE id = NEW.id;
    END;
    CREATE TRIGGER ${table}_sync_delete AFTER DELETE ON ${table} FOR EACH ROW
    BEGIN
      INSERT INTO sync_tombstones (table_name, record_id, sync_vv, deleted_at)
      VALUES ('${table}', OLD.id, ${bumped('OLD.sync_vv')}, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
      ON CONFLICT (table_name, record_id) DO UPDATE SET sync_vv = excluded.sync_vv, deleted_at = excluded.deleted_at;
    END;
  `
}

export const migration004: Migration = {
  version: 4,
  name: 'sync',
  up(db) {
    db.exec(`
      ALTER TABLE meta ADD COLUMN parent_file_id TEXT;

      CREATE TABLE sync_tombstones (
        table_name TEXT NOT NULL,
        record_id TEXT NOT NULL,
        sync_vv TEXT NOT NULL,
        deleted_at TEXT NOT NULL,
        PRIMARY KEY (table_name, record_id)
      );

      CREATE TABLE handovers (
        id TEXT PRIMARY KEY,
        at TEXT NOT NULL,
        from_officer TEXT NOT NULL,
        from_email TEXT,
        to_name TEXT NOT NULL CHECK (length(trim(to_name)) > 0),
        note TEXT NOT NULL,
        open_items_json TEXT NOT NULL,
        source_file_id TEXT NOT NULL,
        copy_file_id TEXT NOT NULL
      );
      CREATE INDEX handovers_at ON handovers(at);

      CREATE TABLE sync_merges (
        id TEXT PRIMARY KEY,
        at TEXT NOT NULL,
        officer_name TEXT NOT NULL,
        into_file_id TEXT NOT NULL,
        from_file_id TEXT NOT NULL,
        from_name TEXT NOT NULL,
        added INTEGER NOT NULL,
        updated INTEGER NOT NULL,
        deleted INTEGER NOT NULL,
        conflicts INTEGER NOT NULL,
        resolutions_json TEXT NOT NULL,
        backup_path TEXT
      );
      CREATE INDEX sync_merges_from ON sync_merges(from_file_id, at);
    `)
    for (const table of SYNCED_TABLES_V4) db.exec(syncSql(table))
  },
}
