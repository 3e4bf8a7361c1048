/** Lower-cases and strips accents so that "liege" finds "Liège" (used in SQL as `amif_fold`). */
export function foldForSearch(value: string): string {
  return value.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
}

/** Escapes LIKE wildcards in user text, for patterns written with `ESCAPE '\'`. */
export function likePattern(value: string): string {
  return `%${value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}
