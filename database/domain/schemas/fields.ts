import { z } from 'zod'
import { isIsoDate } from '../dates'
import { isValidPostcode } from '../identifiers'

/**
 * Field builders shared by every input schema. Messages are keys under `validation.` in the
 * renderer's messages, so the same rules give translated errors as the officer types.
 */

/**
 * True for text without a NUL character. SQLite's text functions stop at the first one (a name
 * starting with it has length 0 and fails a CHECK as an internal error), and documents and file
 * names cannot carry it: it is refused at the door with its own message.
 */
export function hasNoNul(value: string): boolean {
  return !value.includes('\0')
}

/** The refinement every text field gets (see hasNoNul). */
export const NO_NUL = [hasNoNul, { message: 'controlCharacter' }] as const

/** Optional free text: trimmed, empty becomes null, at most `max` characters. */
export function optionalText(max: number) {
  return z
    .string()
    .trim()
    .max(max, { message: 'tooLong' })
    .refine(...NO_NUL)
    .nullish()
    .transform((v) => (v ? v : null))
}

/** Required text, trimmed, 1 to `max` characters. */
export function requiredText(max: number) {
  return z
    .string({ message: 'required' })
    .trim()
    .min(1, { message: 'required' })
    .max(max, { message: 'tooLong' })
    .refine(...NO_NUL)
}

/** A calendar date `YYYY-MM-DD`. */
export const isoDate = z.string({ message: 'required' }).refine(isIsoDate, { message: 'date' })

/** A UUID primary key. */
export const recordId = z.string().uuid({ message: 'id' })

/** A record the officer must pick (a beneficiary, an organisation...): empty says "required". */
export const pickedRecordId = z.string({ message: 'required' }).min(1, { message: 'required' }).uuid({ message: 'id' })

/** An http(s) address; a bare `www.example.org` gets `https://`. */
export function optionalWebsite() {
  return optionalText(300)
    .transform((v) => (v && !/^[a-z][a-z0-9+.-]*:/i.test(v) ? `https://${v}` : v))
    .refine(
      (v) => {
        if (v === null) return true
        try {
          const url = new URL(v)
          return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.includes('.')
        } catch {
          return false
        }
      },
      { message: 'url' },
    )
}

/** An optional e-mail address. */
export function optionalEmail() {
  return optionalText(200).refine((v) => v === null || z.email().safeParse(v).success, { message: 'email' })
}

/**
 * The address rule of a form with `postcode` and `country` fields: a Belgian postcode is four
 * digits (isValidPostcode). The message shows under the postcode. Only the forms' schemas have it:
 * a colleague's file merged or an older file opened keeps the postcode it holds.
 */
export function refinePostcode(value: { postcode?: unknown; country?: unknown }, ctx: z.RefinementCtx): void {
  const { postcode, country } = value
  if (typeof postcode !== 'string' || typeof country !== 'string') return
  if (!isValidPostcode(postcode, country)) ctx.addIssue({ code: 'custom', message: 'postcode', path: ['postcode'] })
}
