import type BetterSqlite3 from 'better-sqlite3'

/** How a kept table's rows are made from their records: the record read by id, the upsert and its parameters, the row's DELETE by id. */
export interface KeptRowsSql<S> {
  source: string
  upsert: string
  params: (record: S) => unknown[]
  drop: string
}

/**
 * Makes the kept rows of these records again (those a merge wrote), or drops those of records
 * gone, synchronously inside the caller's transaction.
 */
export function refreshKeptRows<S>(sqlite: BetterSqlite3.Database, ids: Iterable<string>, kept: KeptRowsSql<S>): void {
  const read = sqlite.prepare(kept.source)
  const upsert = sqlite.prepare(kept.upsert)
  const drop = sqlite.prepare(kept.drop)
  for (const id of new Set(ids)) {
    const record = read.get(id) as S | undefined
    if (record) upsert.run(...kept.params(record))
    else drop.run(id)
  }
}
