import type BetterSqlite3 from 'better-sqlite3'

/** Inserts the AMIF 2021-2027 reference data (written by helper R). */
export function seedReferenceData(_db: BetterSqlite3.Database): void {}
