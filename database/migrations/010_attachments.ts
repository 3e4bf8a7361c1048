import { syncTriggersSql } from './004_sync'
import { column, day, DOCUMENT_BYTES, filled, int, NAME, noNul, NOT_NULL, oneOf, ref, STAMPS, SYNC_VV, text } from './005_strict'
import { insertSyncSql } from './006_merge_provenance'
import type { Migration } from './types'

/**
 * Attachments (issue 14 §6): documents an officer keeps without having produced them (the signed
 * agreement's scan, a partner's report, a supporting document), held in the file with their
 * bytes, type and SHA-256, belonging to exactly one project or one partner organisation.
 *
 * - STRICT, with the CHECKs of migration 005: the bytes are a BLOB of at most 50 MB whose size
 *   and SHA-256 are well formed, the type and kind come from closed lists, the file name is one
 *   name in one folder.
 * - Never changed once added: a trigger refuses an UPDATE of what an attachment is (owner, kind,
 *   title, date, name, type, bytes, fingerprint, who added it). A new version is a new attachment.
 *   Only the link to the produced agreement it is the signed scan of (`document_id`), the stamps
 *   and the version vector may change. Removing one is allowed: it leaves a tombstone, as any
 *   synced record.
 * - Synced: the version vector and the three triggers of migrations 004 and 006, made here.
 *
 * The vocabularies are written out, not imported: this migration's text never changes once
 * released; a test checks them against database/domain/vocabulary.ts.
 */

/** The attachment kinds and media types as this migration writes them. */
export const ATTACHMENT_VOCABULARIES = {
  attachmentKinds: ['signed_agreement', 'partner_report', 'supporting_document', 'correspondence', 'other'],
  attachmentMediaTypes: [
    'application/pdf',
    'image/png',
    'image/jpeg',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'application/vnd.oasis.opendocument.text',
    'application/vnd.oasis.opendocument.spreadsheet',
  ],
} as const

/** The columns that say what an attachment is: the trigger refuses any change of them. */
export const ATTACHMENT_CONTENT_COLUMNS = [
  'id',
  'project_id',
  'organisation_id',
  'kind',
  'title',
  'document_date',
  'file_name',
  'media_type',
  'byte_size',
  'sha256',
  'content',
  'added_by',
  'created_at',
] as const

const BODY = [
  ref('id', { extra: 'PRIMARY KEY' }),
  ref('project_id', { extra: 'REFERENCES projects(id) ON DELETE CASCADE' }),
  ref('organisation_id', { extra: 'REFERENCES organisations(id) ON DELETE CASCADE' }),
  oneOf('kind', ATTACHMENT_VOCABULARIES.attachmentKinds, NOT_NULL),
  filled('title', NAME, NOT_NULL),
  day('document_date'),
  // One name in one folder: no separator, no drive, not hidden; the app saves under its own name anyway.
  column(
    'file_name',
    'TEXT',
    [
      `length(file_name) BETWEEN 1 AND 255`,
      noNul('file_name'),
      `instr(file_name, '/') = 0`,
      `instr(file_name, '\\') = 0`,
      `instr(file_name, ':') = 0`,
      `substr(file_name, 1, 1) <> '.'`,
    ],
    NOT_NULL,
  ),
  oneOf('media_type', ATTACHMENT_VOCABULARIES.attachmentMediaTypes, NOT_NULL),
  int('byte_size', 1, DOCUMENT_BYTES, NOT_NULL),
  column('sha256', 'TEXT', [`length(sha256) = 64`, `sha256 NOT GLOB '*[^0-9a-f]*'`], NOT_NULL),
  column('content', 'BLOB', [`length(content) BETWEEN 1 AND ${DOCUMENT_BYTES}`], NOT_NULL),
  text('added_by', NAME, NOT_NULL),
  // The produced agreement this attachment is the signed scan of; a removed draft leaves it unlinked.
  ref('document_id', { extra: 'REFERENCES documents(id) ON DELETE SET NULL' }),
  ...STAMPS,
  SYNC_VV,
  'CHECK ((project_id IS NULL) <> (organisation_id IS NULL))',
  `CHECK (typeof(content) = 'blob')`,
  'CHECK (byte_size = length(content))',
  `CHECK (document_id IS NULL OR (project_id IS NOT NULL AND kind = 'signed_agreement'))`,
]

const UNCHANGED = ATTACHMENT_CONTENT_COLUMNS.map((c) => `NEW.${c} IS NOT OLD.${c}`).join(' OR ')

/** The table as this migration makes it (migration 013 makes it again, unchanged, when it rebuilds `documents`). */
export const ATTACHMENTS_TABLE_SQL = `CREATE TABLE attachments (\n  ${BODY.join(',\n  ')}\n) STRICT`

/** The table's indexes and its guard trigger, as this migration makes them (and 013 again). */
export const ATTACHMENTS_DEPENDENTS_SQL = `
      CREATE INDEX attachments_project ON attachments(project_id, created_at);
      CREATE INDEX attachments_organisation ON attachments(organisation_id, created_at);
      CREATE INDEX attachments_document ON attachments(document_id);
      CREATE TRIGGER attachments_unchanged BEFORE UPDATE ON attachments FOR EACH ROW WHEN ${UNCHANGED}
      BEGIN
        SELECT RAISE(ABORT, 'an attachment is never changed: a new version is a new attachment');
      END;
    `

export const migration010: Migration = {
  version: 10,
  name: 'attachments',
  up(db) {
    db.exec(ATTACHMENTS_TABLE_SQL)
    db.exec(ATTACHMENTS_DEPENDENTS_SQL)
    db.exec(syncTriggersSql('attachments'))
    db.exec(insertSyncSql('attachments'))
  },
}
