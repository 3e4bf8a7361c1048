/**
 * Version vectors (migration 004): a JSON object from file id to the number of changes that file
 * made to a record. Pure functions, so the merge's rules can be read and tested on their own.
 */

/** A record's version vector. */
export type Vv = Readonly<Record<string, number>>

/** How two vectors relate: the same, one has seen everything the other has (and more), or neither. */
export type VvOrder = 'equal' | 'mine' | 'theirs' | 'concurrent'

/** Reads a stored vector; anything that is not an object of counts reads as `{}` (as created). */
export function parseVv(text: string | null | undefined): Vv {
  if (!text) return {}
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return {}
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return {}
  const out: Record<string, number> = {}
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (typeof v === 'number' && Number.isFinite(v) && v > 0) out[k] = v
  }
  return out
}

/** The stored form: keys sorted, so that equal vectors are equal text. */
export function vvText(vv: Vv): string {
  const sorted: Record<string, number> = {}
  for (const k of Object.keys(vv).sort()) sorted[k] = vv[k]
  return JSON.stringify(sorted)
}

/** Compares my vector with theirs. */
export function compareVv(mine: Vv, theirs: Vv): VvOrder {
  let mineAhead = false
  let theirsAhead = false
  for (const k of new Set([...Object.keys(mine), ...Object.keys(theirs)])) {
    const a = mine[k] ?? 0
    const b = theirs[k] ?? 0
    if (a > b) mineAhead = true
    else if (b > a) theirsAhead = true
  }
  if (mineAhead && theirsAhead) return 'concurrent'
  if (mineAhead) return 'mine'
  if (theirsAhead) return 'theirs'
  return 'equal'
}

/** The element-wise maximum: a vector that has seen both. */
export function maxVv(a: Vv, b: Vv): Vv {
  const out: Record<string, number> = { ...a }
  for (const [k, v] of Object.entries(b)) out[k] = Math.max(out[k] ?? 0, v)
  return out
}

/**
 * The element-wise sum: the history of a record id that was deleted (its tombstone) and then
 * created again with the same id (a fresh row counts from `{}`), so no change of either is lost.
 */
export function sumVv(a: Vv, b: Vv): Vv {
  const out: Record<string, number> = { ...a }
  for (const [k, v] of Object.entries(b)) out[k] = (out[k] ?? 0) + v
  return out
}

/** The vector with `fileId`'s counter one higher (what the triggers do on a change). */
export function bumpVv(vv: Vv, fileId: string): Vv {
  return { ...vv, [fileId]: (vv[fileId] ?? 0) + 1 }
}

/** The vector a resolved conflict gets: it has seen both sides, plus my decision. */
export function resolvedVv(a: Vv, b: Vv, fileId: string): Vv {
  return bumpVv(maxVv(a, b), fileId)
}
