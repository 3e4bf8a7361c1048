import type BetterSqlite3 from 'better-sqlite3'
import { MIGRATIONS } from '../migrations'
import type { Migration } from '../migrations/types'

/**
 * Where the update of an older file is, step by step: the check of its pages when it was opened
 * without it (`check`), the copy of the file written before it (`backup`), each migration (`migration`, step `step` of `steps`), then compacting the file after
 * the migration that rebuilds every table (`compact`) and the planner's statistics (`statistics`).
 * The runner reports the migrations; whoever updates a file reports the other steps.
 */
export type MigrationProgress =
  | { stage: 'check' }
  | { stage: 'backup' }
  | { stage: 'migration'; step: number; steps: number; version: number; name: string }
  | { stage: 'compact' }
  | { stage: 'statistics' }

/** The schema version recorded in the file. */
export function schemaVersion(db: BetterSqlite3.Database): number {
  return db.pragma('user_version', { simple: true }) as number
}

/**
 * Brings the file up to `target` (the latest by default), one transaction per migration so that
 * a crash leaves the file at a whole version. Says which migration starts, before it runs, to
 * `onProgress`. Returns the versions applied.
 */
export function migrate(
  db: BetterSqlite3.Database,
  target: number = MIGRATIONS[MIGRATIONS.length - 1].version,
  migrations: readonly Migration[] = MIGRATIONS,
  onProgress?: (progress: MigrationProgress) => void,
): number[] {
  const from = schemaVersion(db)
  const pending = migrations.filter((m) => m.version > from && m.version <= target)
  const applied: number[] = []
  for (const [index, m] of pending.entries()) {
    onProgress?.({ stage: 'migration', step: index + 1, steps: pending.length, version: m.version, name: m.name })
    db.transaction(() => {
      m.up(db)
      db.pragma(`user_version = ${m.version}`)
    })()
    applied.push(m.version)
  }
  return applied
}
