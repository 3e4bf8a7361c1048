import { z } from 'zod'

/** The most rows one page of a list may ask for: no list channel answers with an unbounded list. */
export const PAGE_MAX = 200

/** The page a list asks for when it does not say. */
export const PAGE_DEFAULT = 100

/**
 * Where a page starts: the list's name, then the sort values (sort key and tie-breakers, ending
 * with the id) of the last row of the page before, as the previous answer gave them in `next`.
 */
export const pageCursor = z
  .array(z.union([z.string().max(2000), z.number(), z.null()]))
  .min(1)
  .max(5)

/** A page of a list: how many rows (at most PAGE_MAX) and after which row. */
export const pageParams = {
  limit: z.number().int({ message: 'invalid' }).min(1, { message: 'invalid' }).max(PAGE_MAX, { message: 'invalid' }).default(PAGE_DEFAULT),
  after: pageCursor.optional(),
}

export type PageCursor = z.output<typeof pageCursor>
