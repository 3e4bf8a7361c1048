import type BetterSqlite3 from 'better-sqlite3'
import { CompiledQuery, sql, type RawBuilder } from 'kysely'
import { refreshKeptRows } from './kept-rows'
import { foldForSearch } from './search'
import type { WriteTrx } from './writable'

/**
 * `organisation_search` (migration 017): each organisation's name, acronym and city folded
 * (foldForSearch, what amif_fold gives) and whether it is archived, so that the registry sorts and
 * finds organisations, and the projects list finds them as beneficiaries, without calling into
 * JavaScript for every row, and its first page is read from one small index.
 * This file's own derived data: never synced, never merged; kept by the partner writer in its
 * transaction and by a merge for the organisations it touched (refreshOrganisationSearchRows),
 * rebuilt with the kept figures (rebuildProjectFigures) after a migration or an import.
 */

const ORGANISATION_SEARCH_UPSERT = `INSERT INTO organisation_search (organisation_id, name_key, acronym_key, city_key, archived) VALUES (?, ?, ?, ?, ?)
  ON CONFLICT (organisation_id) DO UPDATE SET name_key = excluded.name_key, acronym_key = excluded.acronym_key, city_key = excluded.city_key,
    archived = excluded.archived`
type OrganisationTexts = { id: string; name: string; acronym: string | null; city: string | null; archived: number }
const organisationSearchParams = (o: OrganisationTexts) => [
  o.id,
  foldForSearch(o.name),
  foldForSearch(o.acronym ?? ''),
  foldForSearch(o.city ?? ''),
  o.archived,
]
const SOURCE = 'SELECT id, name, acronym, city, archived FROM organisations'

/** Keeps an organisation's row of `organisation_search` (migration 017) in the transaction that wrote it; gone with it (ON DELETE CASCADE). */
export async function refreshOrganisationSearch(trx: WriteTrx, id: string): Promise<void> {
  const o = await trx.selectFrom('organisations').select(['id', 'name', 'acronym', 'city', 'archived']).where('id', '=', id).executeTakeFirstOrThrow()
  await trx.executeQuery(CompiledQuery.raw(ORGANISATION_SEARCH_UPSERT, organisationSearchParams(o)))
}

/**
 * Keeps the rows of `organisation_search` of these organisations (those a merge wrote or deleted),
 * synchronously in the caller's transaction: made again from the organisation, or dropped with it.
 */
export function refreshOrganisationSearchRows(sqlite: BetterSqlite3.Database, ids: Iterable<string>): void {
  refreshKeptRows(sqlite, ids, {
    source: `${SOURCE} WHERE id = ?`,
    upsert: ORGANISATION_SEARCH_UPSERT,
    params: organisationSearchParams,
    drop: 'DELETE FROM organisation_search WHERE organisation_id = ?',
  })
}

/** Fills `organisation_search` from every organisation, inside the caller's transaction (migration 017, import). */
export function rebuildOrganisationSearch(sqlite: BetterSqlite3.Database): void {
  sqlite.prepare('DELETE FROM organisation_search').run()
  const insert = sqlite.prepare(ORGANISATION_SEARCH_UPSERT)
  for (const o of sqlite.prepare(SOURCE).all() as OrganisationTexts[]) insert.run(...organisationSearchParams(o))
}

/** Organisations whose row of `organisation_search` is missing or not what the organisation gives, and rows of none (for `check`). */
export function organisationSearchDifferences(sqlite: BetterSqlite3.Database): string[] {
  const kept = new Map(
    (sqlite.prepare('SELECT * FROM organisation_search').all() as Record<string, unknown>[]).map((r) => [
      r.organisation_id as string,
      JSON.stringify([r.organisation_id, r.name_key, r.acronym_key, r.city_key, r.archived]),
    ]),
  )
  const out: string[] = []
  for (const o of sqlite.prepare(SOURCE).all() as OrganisationTexts[]) {
    if (kept.get(o.id) !== JSON.stringify(organisationSearchParams(o))) out.push(o.id)
    kept.delete(o.id)
  }
  return [...out, ...kept.keys()]
}

/**
 * The organisations whose folded name or acronym a search pattern (with `ESCAPE '\'`) finds, as
 * SQL: the projects list finds a project by its beneficiary's.
 */
export function organisationsFound(pattern: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`(select k.organisation_id from organisation_search k where k.name_key like ${pattern} or k.acronym_key like ${pattern})`
}
