import type { Kysely } from 'kysely'
import { nowTimestamp } from './domain/dates'
import { newId } from './ids'
import type { DB } from './schema'
import type { WriteTrx } from './writable'

/** The person a change is stamped with (from the app's settings, never from the file). */
export interface Officer {
  name: string
  email: string | null
}

export type AuditAction = 'create' | 'update' | 'archive' | 'restore' | 'delete' | 'import'

/** One audit row as the history views show it. */
export interface AuditEntry {
  id: string
  at: string
  officerName: string
  officerEmail: string | null
  entity: string
  recordId: string
  parentId: string | null
  action: AuditAction
  before: Record<string, unknown> | null
  after: Record<string, unknown> | null
  /** The file a merge copied this entry from (null: recorded in this file), and its name as last merged. */
  receivedFromFileId: string | null
  receivedFromName: string | null
}

export interface AuditRecord {
  entity: string
  recordId: string
  parentId?: string | null
  action: AuditAction
  before?: object | null
  after?: object | null
}

/** Writes one audit row; call it with the transaction that makes the change. */
export async function writeAudit(trx: WriteTrx, officer: Officer, record: AuditRecord, at = nowTimestamp()): Promise<void> {
  await trx
    .insertInto('audit_log')
    .values({
      id: newId(),
      at,
      officer_name: officer.name,
      officer_email: officer.email,
      entity: record.entity,
      record_id: record.recordId,
      parent_id: record.parentId ?? null,
      action: record.action,
      before_json: record.before ? JSON.stringify(record.before) : null,
      after_json: record.after ? JSON.stringify(record.after) : null,
    })
    .execute()
}

/** The history of a record and of the records that belong to it (its contacts, its partnerships), newest first. */
export async function historyOf(db: Kysely<DB>, recordId: string): Promise<AuditEntry[]> {
  const rows = await db
    .selectFrom('audit_log')
    .selectAll('audit_log')
    // The name that file had when this one last merged from it, for "received from ...".
    .select((eb) =>
      eb
        .selectFrom('sync_merges as m')
        .select('m.from_name')
        .whereRef('m.from_file_id', '=', 'audit_log.received_from_file_id')
        .orderBy('m.at', 'desc')
        .limit(1)
        .as('received_from_name'),
    )
    .where((eb) => eb.or([eb('record_id', '=', recordId), eb('parent_id', '=', recordId)]))
    .orderBy('at', 'desc')
    .orderBy('id')
    .execute()
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    officerName: r.officer_name,
    officerEmail: r.officer_email,
    entity: r.entity,
    recordId: r.record_id,
    parentId: r.parent_id,
    action: r.action,
    before: r.before_json ? (JSON.parse(r.before_json) as Record<string, unknown>) : null,
    after: r.after_json ? (JSON.parse(r.after_json) as Record<string, unknown>) : null,
    receivedFromFileId: r.received_from_file_id,
    receivedFromName: r.received_from_file_id ? (r.received_from_name ?? r.received_from_file_id.slice(0, 8)) : null,
  }))
}
