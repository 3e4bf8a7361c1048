import type BetterSqlite3 from 'better-sqlite3'
import { MIGRATIONS } from '../migrations'
import type { Migration } from '../migrations/types'

/** The schema version recorded in the file. */
export function schemaVersion(db: BetterSqlite3.Database): number {
  return db.pragma('user_version', { simple: true }) as number
}

/**
 * Brings the file up to `target` (the latest by default), one transaction per migration so that
 * a crash leaves the file at a whole version. Returns the versions applied.
 */
export function migrate(
  db: BetterSqlite3.Database,
  target: number = MIGRATIONS[MIGRATIONS.length - 1].version,
  migrations: readonly Migration[] = MIGRATIONS,
): number[] {
  const applied: number[] = []
  for (const m of migrations) {
    if (m.version <= schemaVersion(db) || m.version > target) continue
    db.transaction(() => {
      m.up(db)
      db.pragma(`user_version = ${m.version}`)
    })()
    applied.push(m.version)
  }
  return applied
}
