import type { z } from 'zod'
import type { Workspace } from './workspace'

/** One API channel: its zod input schema and its handler. */
export interface Channel<S extends z.ZodType, O> {
  input: S
  /** True when the handler changes the open file: refused with READ_ONLY on a read-only file. */
  writesFile: boolean
  handler: (ctx: Workspace, input: z.output<S>) => Promise<O>
}

/** A channel that reads (or changes only the app's settings). */
export function query<S extends z.ZodType, O>(input: S, handler: (ctx: Workspace, input: z.output<S>) => Promise<O>): Channel<S, O> {
  return { input, writesFile: false, handler }
}

/** A channel that changes the open file. */
export function command<S extends z.ZodType, O>(input: S, handler: (ctx: Workspace, input: z.output<S>) => Promise<O>): Channel<S, O> {
  return { input, writesFile: true, handler }
}
