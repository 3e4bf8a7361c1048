import { sql, type AliasedRawBuilder, type RawBuilder } from 'kysely'
import { AppError } from './domain/errors'
import type { PageCursor } from './domain/schemas/paging'

/**
 * Keyset pagination: a list is ordered by a few SQL expressions (its sort key, tie-breakers, and
 * the id last, so the order is total); a page is the rows strictly after the last row of the page
 * before, found through the same expressions rather than by counting rows (OFFSET reads every row
 * it skips). Expressions never give NULL (coalesce them): NULL compares as unknown.
 */
export interface SortPart {
  expr: RawBuilder<unknown>
  desc: boolean
}

/**
 * One page of a list: its rows, where the next page starts (null: this is the last page), and how
 * many rows the whole filtered list has: counted for the first page only (null on the pages after
 * it, which the list reads as it scrolls and which would only count the same rows again).
 */
export interface Page<R> {
  rows: R[]
  next: PageCursor | null
  total: number | null
}

/** `ORDER BY` for the parts, in order. */
export function orderSql(parts: readonly SortPart[]): RawBuilder<unknown> {
  return sql.join(parts.map((p) => sql`${p.expr} ${p.desc ? sql`desc` : sql`asc`}`))
}

/**
 * The condition "after the cursor" in the parts' order: (a > x) or (a = x and b > y) or ..., each
 * comparison turned for a descending part, behind the bound a >= x (a <= x descending) that lets
 * an index on the first part start at the cursor instead of reading the list from its start. A
 * cursor of another length is refused as a bad page.
 */
export function afterSql(parts: readonly SortPart[], cursor: PageCursor): RawBuilder<boolean> {
  if (cursor.length !== parts.length) {
    throw new AppError('VALIDATION', 'This page does not follow from the list asked for', { issues: [{ path: 'after', message: 'invalid' }] })
  }
  const alternatives = parts.map((part, i) => {
    const equal = parts.slice(0, i).map((p, j) => sql`${p.expr} = ${cursor[j]}`)
    const beyond = sql`${part.expr} ${part.desc ? sql`<` : sql`>`} ${cursor[i]}`
    return sql`(${sql.join([...equal, beyond], sql` and `)})`
  })
  const first = parts[0]!
  const bound = sql`${first.expr} ${first.desc ? sql`<=` : sql`>=`} ${cursor[0]}`
  return sql<boolean>`(${bound} and (${sql.join(alternatives, sql` or `)}))`
}

/** Selects the parts as columns `k0`, `k1`..., so the last row gives the next cursor. */
export function keyColumns(parts: readonly SortPart[]): AliasedRawBuilder<unknown, string>[] {
  return parts.map((p, i) => sql`${p.expr}`.as(`k${i}`))
}

/**
 * Keeps the first `limit` of `limit + 1` rows read and gives the cursor after the last kept one
 * (null when the extra row was not there: no page after this one).
 */
export function cutPage<T extends Record<string, unknown>>(rows: T[], limit: number, width: number): { rows: T[]; next: PageCursor | null } {
  if (rows.length <= limit) return { rows, next: null }
  const kept = rows.slice(0, limit)
  const last = kept[kept.length - 1]!
  const next = Array.from({ length: width }, (_, i) => last[`k${i}`] as string | number | null)
  return { rows: kept, next }
}

/**
 * A list channel's page with cursors that name their list: `next` leads with `list`, and an
 * `after` that does not (another list's cursor, or a made-up one) is refused as a bad page
 * instead of being read as this list's sort values. The list's own reader sees plain cursors.
 */
export async function namedPage<P extends { next: PageCursor | null }>(
  list: string,
  after: PageCursor | undefined,
  read: (after: PageCursor | undefined) => Promise<P>,
): Promise<P> {
  if (after !== undefined && (after[0] !== list || after.length < 2)) {
    throw new AppError('VALIDATION', 'This page does not follow from the list asked for', { issues: [{ path: 'after', message: 'invalid' }] })
  }
  const page = await read(after?.slice(1))
  return { ...page, next: page.next && [list, ...page.next] }
}
