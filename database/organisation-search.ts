import type BetterSqlite3 from 'better-sqlite3'
import { CompiledQuery, sql, type RawBuilder } from 'kysely'
import { foldForSearch } from './search'
import type { WriteTrx } from './writable'

/**
 * `organisation_search` (migration 017): each organisation's name, acronym and city folded
 * (foldForSearch, what amif_fold gives), so that the registry sorts and finds organisations, and
 * the projects list finds them as beneficiaries, without calling into JavaScript for every row.
 * This file's own derived data: never synced, never merged; kept by the partner writer in its
 * transaction, rebuilt with the kept figures (rebuildProjectFigures) after a merge or an import.
 */

// The folded texts as organisation_search keeps them (`k`, migration 017): amif_fold of the
// organisation's own, which they equal; folded here only for a row it would lack.
export const NAME_KEY = sql`coalesce(k.name_key, amif_fold(o.name))`
export const ACRONYM_KEY = sql`coalesce(k.acronym_key, amif_fold(coalesce(o.acronym, '')))`
export const CITY_KEY = sql`coalesce(k.city_key, amif_fold(coalesce(o.city, '')))`

const ORGANISATION_SEARCH_UPSERT = `INSERT INTO organisation_search (organisation_id, name_key, acronym_key, city_key) VALUES (?, ?, ?, ?)
  ON CONFLICT (organisation_id) DO UPDATE SET name_key = excluded.name_key, acronym_key = excluded.acronym_key, city_key = excluded.city_key`
type OrganisationTexts = { id: string; name: string; acronym: string | null; city: string | null }
const organisationSearchParams = (o: OrganisationTexts) => [o.id, foldForSearch(o.name), foldForSearch(o.acronym ?? ''), foldForSearch(o.city ?? '')]

/** Keeps an organisation's row of `organisation_search` (migration 017) in the transaction that wrote it; gone with it (ON DELETE CASCADE). */
export async function refreshOrganisationSearch(trx: WriteTrx, id: string): Promise<void> {
  const o = await trx.selectFrom('organisations').select(['id', 'name', 'acronym', 'city']).where('id', '=', id).executeTakeFirstOrThrow()
  await trx.executeQuery(CompiledQuery.raw(ORGANISATION_SEARCH_UPSERT, organisationSearchParams(o)))
}

/** Fills `organisation_search` from every organisation, inside the caller's transaction (migration 017, merge, import). */
export function rebuildOrganisationSearch(sqlite: BetterSqlite3.Database): void {
  sqlite.prepare('DELETE FROM organisation_search').run()
  const insert = sqlite.prepare(ORGANISATION_SEARCH_UPSERT)
  for (const o of sqlite.prepare('SELECT id, name, acronym, city FROM organisations').all() as OrganisationTexts[]) insert.run(...organisationSearchParams(o))
}

/** Organisations whose row of `organisation_search` is missing or not what the organisation gives, and rows of none (for `check`). */
export function organisationSearchDifferences(sqlite: BetterSqlite3.Database): string[] {
  const kept = new Map(
    (sqlite.prepare('SELECT * FROM organisation_search').all() as Record<string, unknown>[]).map((r) => [
      r.organisation_id as string,
      JSON.stringify([r.organisation_id, r.name_key, r.acronym_key, r.city_key]),
    ]),
  )
  const out: string[] = []
  for (const o of sqlite.prepare('SELECT id, name, acronym, city FROM organisations').all() as OrganisationTexts[]) {
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
  return sql`(select o.id from organisations o left join organisation_search k on k.organisation_id = o.id where ${NAME_KEY} like ${pattern} or ${ACRONYM_KEY} like ${pattern})`
}
