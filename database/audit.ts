import { sql, type Kysely } from 'kysely'
import { nowTimestamp } from './domain/dates'
import { newId } from './ids'
import type { PageCursor } from './domain/schemas/paging'
import { afterSql, cutPage, keyColumns, orderSql, type Page, type SortPart } from './paging'
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

/** A history's order: newest first, the id last (the order is total). */
const HISTORY_ORDER: readonly SortPart[] = [
  { expr: sql`at`, desc: true },
  { expr: sql`id`, desc: false },
]

/** The audit rows' columns as a history shows them, with the name of the file a merged row came from. */
function historyColumns(db: Kysely<DB>) {
  return (
    db
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
  )
}

function toEntry(r: Awaited<ReturnType<ReturnType<typeof historyColumns>['execute']>>[number]): AuditEntry {
  return {
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
  }
}

/** The history of a record and of the records that belong to it (its contacts, its partnerships), newest first. */
export async function historyOf(db: Kysely<DB>, recordId: string): Promise<AuditEntry[]> {
  const rows = await historyColumns(db)
    .where((eb) => eb.or([eb('record_id', '=', recordId), eb('parent_id', '=', recordId)]))
    .orderBy(orderSql(HISTORY_ORDER))
    .execute()
  return rows.map(toEntry)
}

/**
 * One page of a record's history (its own rows and those of the records that belong to it),
 * newest first, with the count of the whole history on the first page. The record's rows and its
 * children's are two walks down their indexes (record_id, at and parent_id, at), each stopping
 * after a page, merged here; the count is counts on the same indexes: a page costs what its rows
 * cost, however long the history.
 */
export async function pageHistory(db: Kysely<DB>, recordId: string, page: { limit: number; after?: PageCursor }): Promise<Page<AuditEntry>> {
  const walk = (column: 'record_id' | 'parent_id') => {
    let q = db.selectFrom('audit_log').select(keyColumns(HISTORY_ORDER)).where(column, '=', recordId)
    // A row of both (a project's evaluation has its project's id) is the record's own.
    if (column === 'parent_id') q = q.where('record_id', '!=', recordId)
    if (page.after) {
      // The first part alone bounds the walk on the index; the whole cursor then picks the rows after it.
      q = q.where(afterSql(HISTORY_ORDER, page.after)).where('at', '<=', String(page.after[0]))
    }
    return q.orderBy(orderSql(HISTORY_ORDER)).limit(page.limit + 1)
  }
  const [own, children] = await Promise.all([walk('record_id').execute(), walk('parent_id').execute()])
  // Merged in the order SQLite gives (text compared byte by byte, as JavaScript compares these ASCII texts).
  const merged = ([...own, ...children] as Record<string, string>[]).sort((a, b) =>
    a.k0! !== b.k0! ? (a.k0! < b.k0! ? 1 : -1) : a.k1! < b.k1! ? -1 : a.k1! > b.k1! ? 1 : 0,
  )
  const cut = cutPage(merged, page.limit, HISTORY_ORDER.length)
  const ids = cut.rows.map((r) => r.k1!)
  const byId = new Map((ids.length ? await historyColumns(db).where('audit_log.id', 'in', ids).execute() : []).map((r) => [r.id, r]))
  let total: number | null = null
  if (!page.after) {
    const counted = await db
      .selectNoFrom([
        sql<number>`(select count(*) from audit_log where record_id = ${recordId})`.as('own'),
        // The rows of both (few: a record's own rows) are looked up, the others counted on the index.
        sql<number>`(select count(*) from audit_log where parent_id = ${recordId}) - (select count(*) from audit_log where record_id = ${recordId} and parent_id = ${recordId})`.as(
          'children',
        ),
      ])
      .executeTakeFirstOrThrow()
    total = Number(counted.own) + Number(counted.children)
  }
  return { rows: ids.map((id) => toEntry(byId.get(id)!)), next: cut.next, total }
}
