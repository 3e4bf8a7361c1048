import type BetterSqlite3 from 'better-sqlite3'
import { syncTriggersSql } from './004_sync'
import {
  column,
  DOCUMENT_BYTES,
  COUNT_MAX,
  int,
  json,
  JSON_MAX,
  NAME,
  NOT_NULL,
  oneOf,
  ref,
  stamp,
  STAMPS,
  STRICT_VOCABULARIES,
  SYNC_VV,
  text,
} from './005_strict'
import { insertSyncSql } from './006_merge_provenance'
import { ATTACHMENTS_DEPENDENTS_SQL, ATTACHMENTS_TABLE_SQL } from './010_attachments'
import type { Migration } from './types'

/**
 * The documents of payment claims (issue 15 §4): the register takes more kinds, the
 * verification report of a claim, the report of an on-the-spot visit and the reminder letter
 * about a late milestone (issue 14 §7), all of a project, and
 * `subject_id`, the claim, visit or milestone a document is about, so that their versions count per
 * project, kind, subject and language. `subject_id` has no foreign key (it names a claim or a
 * visit): a produced document stays as produced; its project still takes it along when removed.
 *
 * A CHECK cannot be changed in place, so `documents` is made again the way migration 005 made
 * every table (rename the old one out of the way, create, copy with rowids, drop), inside the
 * runner's transaction, foreign keys deferred and checked at the end. Renaming a table with
 * foreign keys on rewrites the references other tables make to it, even with
 * `legacy_alter_table` (SQLite's documented behaviour), and dropping the old one would then set
 * `attachments.document_id` to NULL (ON DELETE SET NULL). So `attachments`, the one table that
 * refers to documents, is made again with it, from migration 010's own text: both keep their
 * rows, rowids, bytes and version vectors, their indexes and triggers.
 *
 * The vocabularies are written out: this migration's text never changes once released; a test
 * checks them against database/domain/vocabulary.ts.
 */

/** The document kinds as this migration writes them. */
export const DOCUMENT_KINDS_V13 = [...STRICT_VOCABULARIES.documentKinds, 'verification_report', 'visit_report', 'reminder_letter'] as const
/** The kinds that belong to a project, and those about one claim, visit or milestone of it. */
const PROJECT_KINDS = ['agreement', 'report', 'verification_report', 'visit_report', 'reminder_letter']
const SUBJECT_KINDS = ['verification_report', 'visit_report', 'reminder_letter']
const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ')

const V = STRICT_VOCABULARIES

const DOCUMENTS = [
  ref('id', { extra: 'PRIMARY KEY' }),
  oneOf('kind', DOCUMENT_KINDS_V13, NOT_NULL),
  ref('project_id', { extra: 'REFERENCES projects(id) ON DELETE CASCADE' }),
  oneOf('language', V.documentLanguages, NOT_NULL),
  int('version', 1, COUNT_MAX, NOT_NULL),
  oneOf('status', V.documentStatuses, NOT_NULL),
  text('reference', NAME, NOT_NULL),
  text('title', 1000, NOT_NULL),
  text('file_name', 1000, NOT_NULL),
  stamp('produced_at', NOT_NULL),
  text('produced_by', NAME, NOT_NULL),
  stamp('finalized_at'),
  int('page_count', 1, COUNT_MAX, NOT_NULL),
  int('byte_size', 1, DOCUMENT_BYTES, NOT_NULL),
  column('sha256', 'TEXT', [`length(sha256) = 64`, `sha256 NOT GLOB '*[^0-9a-f]*'`], NOT_NULL),
  column('pdf', 'BLOB', [`length(pdf) BETWEEN 1 AND ${DOCUMENT_BYTES}`], NOT_NULL),
  json('data_json', DOCUMENT_BYTES, NOT_NULL),
  json('params_json', JSON_MAX),
  ...STAMPS,
  SYNC_VV,
  // As migration 006 added it: this file's own, never merged.
  'received_from_file_id TEXT',
  // The claim (verification report), visit (visit report) or milestone (reminder letter) the document is about.
  ref('subject_id'),
  `CHECK ((kind IN (${list(PROJECT_KINDS)})) = (project_id IS NOT NULL))`,
  `CHECK ((kind IN (${list(SUBJECT_KINDS)})) = (subject_id IS NOT NULL))`,
  `CHECK (status = 'draft' OR finalized_at IS NOT NULL)`,
  'CHECK (byte_size = length(pdf))',
]

const DOCUMENTS_INDEXES = `
      CREATE INDEX documents_project ON documents(project_id, kind, language, version);
      CREATE INDEX documents_kind ON documents(kind, produced_at);
      CREATE INDEX documents_subject ON documents(subject_id, kind, language, version) WHERE subject_id IS NOT NULL;
    `

const OLD = (name: string) => `m13_old_${name}`

function columnsOf(db: BetterSqlite3.Database, table: string): string[] {
  return (db.prepare(`PRAGMA table_info("${table}")`).all() as { name: string }[]).map((c) => c.name)
}

/** Copies the old table's rows (rowids and every column it has) into the new one. */
function copyRows(db: BetterSqlite3.Database, table: string): void {
  const columns = ['rowid', ...columnsOf(db, OLD(table))].join(', ')
  db.exec(`INSERT INTO ${table} (${columns}) SELECT ${columns} FROM ${OLD(table)} ORDER BY rowid`)
}

function rebuild(db: BetterSqlite3.Database): void {
  // Triggers first (nothing below may bump a vector or leave a tombstone), then the indexes, whose names the new tables take.
  const dependents = db
    .prepare(
      `SELECT type, name FROM sqlite_master WHERE type IN ('trigger', 'index') AND sql IS NOT NULL AND tbl_name IN ('documents', 'attachments') ORDER BY type DESC, name`,
    )
    .all() as { type: 'trigger' | 'index'; name: string }[]
  for (const d of dependents) db.exec(`DROP ${d.type.toUpperCase()} "${d.name}"`)

  db.exec(`ALTER TABLE documents RENAME TO ${OLD('documents')}`)
  db.exec(`ALTER TABLE attachments RENAME TO ${OLD('attachments')}`)
  db.exec(`CREATE TABLE documents (\n  ${DOCUMENTS.join(',\n  ')}\n) STRICT`)
  db.exec(ATTACHMENTS_TABLE_SQL)
  copyRows(db, 'documents')
  copyRows(db, 'attachments')
  // Children first: the old documents then have no rows pointing at them to set to NULL.
  db.exec(`DROP TABLE ${OLD('attachments')}`)
  db.exec(`DROP TABLE ${OLD('documents')}`)

  db.exec(DOCUMENTS_INDEXES)
  db.exec(ATTACHMENTS_DEPENDENTS_SQL)
  for (const table of ['documents', 'attachments']) {
    db.exec(syncTriggersSql(table))
    db.exec(insertSyncSql(table))
  }

  const broken = db.pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[]
  if (broken.length > 0) {
    const first = broken[0]
    throw new Error(`The file has ${broken.length} record(s) pointing at records it lacks (first: ${first.table} row ${first.rowid} -> ${first.parent})`)
  }
}

export const migration013: Migration = {
  version: 13,
  name: 'claim_documents',
  up(db) {
    const deferred = db.pragma('defer_foreign_keys', { simple: true }) as number
    const legacy = db.pragma('legacy_alter_table', { simple: true }) as number
    db.pragma('defer_foreign_keys = ON')
    db.pragma('legacy_alter_table = ON')
    try {
      rebuild(db)
    } finally {
      db.pragma(`defer_foreign_keys = ${deferred ? 'ON' : 'OFF'}`)
      db.pragma(`legacy_alter_table = ${legacy ? 'ON' : 'OFF'}`)
    }
  },
}
