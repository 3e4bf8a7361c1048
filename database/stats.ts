import type { Kysely } from 'kysely'
import type { DB } from './schema'

/** How many records of each kind a file holds (the CLI's `check` and the file panel show it). */
export interface FileCounts {
  organisations: number
  contacts: number
  partnerships: number
  calls: number
  projects: number
  milestones: number
  payments: number
  auditEntries: number
}

/** The file's identity as written at creation. */
export interface FileMeta {
  fileId: string
  createdAt: string
  createdWithVersion: string
}

/** Counts the records of each table an officer works with. */
export async function fileCounts(db: Kysely<DB>): Promise<FileCounts> {
  const count = async (table: keyof DB) =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )
  return {
    organisations: await count('organisations'),
    contacts: await count('contacts'),
    partnerships: await count('partnerships'),
    calls: await count('calls'),
    projects: await count('projects'),
    milestones: await count('milestones'),
    payments: await count('payments'),
    auditEntries: await count('audit_log'),
  }
}

/** Reads the meta record (file UUID, creation date, app version that created it). */
export async function fileMeta(db: Kysely<DB>): Promise<FileMeta> {
  const m = await db.selectFrom('meta').selectAll().executeTakeFirstOrThrow()
  return { fileId: m.file_id, createdAt: m.created_at, createdWithVersion: m.created_with_version }
}
