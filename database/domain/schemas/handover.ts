import { z } from 'zod'
import { requiredText } from './fields'

/** What the officer writes when handing a file over: the colleague's name and a note for them. */
export const handoverValues = z.object({
  toName: requiredText(200),
  note: requiredText(10000),
})
