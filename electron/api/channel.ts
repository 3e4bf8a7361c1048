import type { z } from 'zod'
import type { Workspace } from './workspace'

/**
 * What a query handler works with: the workspace without `writableFile()`, so it never holds the
 * WritableDb that every write function of database/ requires (database/writable.ts).
 */
export type QueryContext = Omit<Workspace, 'writableFile'>

/** One API channel: its zod input schema and its handler. */
export interface Channel<S extends z.ZodType, O> {
  input: S
  /** True when the handler changes the open file: refused with READ_ONLY on a read-only file. */
  writesFile: boolean
  handler: (ctx: Workspace, input: z.output<S>) => Promise<O>
}

/** A channel that reads (or changes only the app's settings). */
export function query<S extends z.ZodType, O>(input: S, handler: (ctx: QueryContext, input: z.output<S>) => Promise<O>): Channel<S, O> {
  return { input, writesFile: false, handler }
}

/** A channel that changes the open file: its handler writes through `ctx.writableFile()`, which invoke() checked first. */
export function command<S extends z.ZodType, O>(input: S, handler: (ctx: Workspace, input: z.output<S>) => Promise<O>): Channel<S, O> {
  return { input, writesFile: true, handler }
}
