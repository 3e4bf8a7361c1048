/**
 * Lower-cases, strips accents and turns every run of punctuation, hyphens and spaces into one
 * space, so that "liege" finds "Liège" and "Croix Rouge" finds "Croix-Rouge" (used in SQL as
 * `amif_fold`, on both the column and what the officer typed).
 */
export function foldForSearch(value: string): string {
  return value
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
}

/** Escapes LIKE wildcards in user text, for patterns written with `ESCAPE '\'`. */
export function likePattern(value: string): string {
  return `%${value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}

/**
 * The LIKE pattern (with `ESCAPE '\'`) for what the officer typed, matched against `amif_fold`
 * of a column; null when nothing was typed. A search made only of punctuation keeps its
 * characters, which a folded column never holds: it finds nothing rather than everything.
 */
export function searchPattern(typed: string | null | undefined): string | null {
  const trimmed = (typed ?? '').trim()
  if (!trimmed) return null
  return likePattern(foldForSearch(trimmed) || trimmed)
}
