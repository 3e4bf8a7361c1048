import type { z } from 'zod'
import type { Channel } from './channel'
import { AppError, toErrorPayload, type ApiErrorPayload, type FieldIssue } from '../../database/domain/errors'
import { PAGE_MAX } from '../../database/domain/schemas/paging'
import { appChannels } from './handlers/app'
import { attachmentChannels } from './handlers/attachments'
import { calendarChannels } from './handlers/calendar'
import { claimsImportChannels } from './handlers/claims-import'
import { callChannels } from './handlers/calls'
import { claimChannels } from './handlers/claims'
import { dashboardChannels } from './handlers/dashboard'
import { documentChannels } from './handlers/documents'
import { mergeChannels } from './handlers/merge'
import { fileChannels } from './handlers/file'
import { handoverChannels } from './handlers/handover'
import { partnerChannels } from './handlers/partners'
import { projectChannels } from './handlers/projects'
import { referenceChannels } from './handlers/reference'
import { reportChannels } from './handlers/reports'
import { verificationChannels } from './handlers/verification'
import { visitChannels } from './handlers/visits'
import type { Workspace } from './workspace'

/** The API table: every channel the renderer, the CLI and the tests may call. */
export const channels = {
  ...appChannels,
  ...fileChannels,
  ...partnerChannels,
  ...referenceChannels,
  ...callChannels,
  ...projectChannels,
  ...claimChannels,
  ...dashboardChannels,
  ...calendarChannels,
  ...documentChannels,
  ...attachmentChannels,
  ...mergeChannels,
  ...handoverChannels,
  ...verificationChannels,
  ...claimsImportChannels,
  ...visitChannels,
  ...reportChannels,
}

export type Channels = typeof channels
export type ChannelName = keyof Channels
/** What a caller passes to a channel (before defaults and transforms). */
export type ApiInput<C extends ChannelName> = z.input<Channels[C]['input']>
/** What a channel returns. */
export type ApiOutput<C extends ChannelName> = Awaited<ReturnType<Channels[C]['handler']>>

/** What crosses IPC: the data, or an error with a code. Never a thrown exception. */
export type ApiResult<T> = { ok: true; data: T } | { ok: false; error: ApiErrorPayload }

/** True for a name in the API table (a renderer could send anything). */
export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(channels, name)
}

/** Maps zod issues to field paths and message keys the renderer translates. */
export function fieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }))
}

/**
 * Runs one channel: validates the input with its schema, refuses writes to a read-only file,
 * calls the handler and wraps every outcome. The one entry point for IPC, the CLI and the tests.
 */
export async function invoke(ctx: Workspace, name: unknown, rawInput: unknown): Promise<ApiResult<unknown>> {
  let writes = false
  try {
    if (!isChannelName(name)) throw new AppError('UNKNOWN_CHANNEL', `Unknown channel ${String(name)}`)
    const channel = channels[name] as unknown as Channel<z.ZodType, unknown>
    writes = channel.writesFile
    const parsed = channel.input.safeParse(rawInput ?? {})
    if (!parsed.success) {
      throw new AppError('VALIDATION', `Invalid input for ${name}`, { issues: fieldIssues(parsed.error) })
    }
    if (channel.writesFile) ctx.writableFile()
    return { ok: true, data: await channel.handler(ctx, parsed.data) }
  } catch (err) {
    // A full disk, a place turned read-only, a file gone: said as such, not as INTERNAL.
    return { ok: false, error: toErrorPayload(ctx.explainFailure(err, String(name), writes)) }
  }
}

/** A channel's refusal, thrown by `invokeOk`: the code, message and details the channel answered with. */
export class ChannelError extends AppError {
  constructor(
    readonly channel: ChannelName,
    payload: ApiErrorPayload,
  ) {
    super(payload.code, payload.message, payload.details)
    this.name = 'ChannelError'
  }
}

/**
 * Runs one channel through `invoke()` and returns its typed data; a refusal is thrown as a
 * ChannelError. For callers in this process (the command line, the tests), not for IPC.
 */
export async function invokeOk<C extends ChannelName>(ctx: Workspace, channel: C, input: ApiInput<C>): Promise<ApiOutput<C>> {
  const result = await invoke(ctx, channel, input)
  if (!result.ok) throw new ChannelError(channel, result.error)
  return result.data as ApiOutput<C>
}

/** The list channels, which answer a page at a time. */
export type PagedChannel =
  | 'projects.list'
  | 'milestones.list'
  | 'partners.list'
  | 'calls.list'
  | 'documents.list'
  | 'attachments.list'
  | 'partners.history'
  | 'projects.history'
  | 'claims.list'
  | 'visits.list'
  | 'visits.ranking'
  | 'visits.openRecommendations'

/**
 * Every row of a list, read page after page through its channel (the command line needs the
 * whole list; no channel answers with it at once).
 */
export async function invokeAllPages<C extends PagedChannel>(ctx: Workspace, channel: C, input: ApiInput<C>): Promise<ApiOutput<C>['rows']> {
  const rows: unknown[] = []
  let after: ApiInput<C>['after'] = undefined
  do {
    const page = (await invokeOk(ctx, channel, { ...input, limit: PAGE_MAX, after })) as ApiOutput<PagedChannel>
    rows.push(...page.rows)
    after = page.next ?? undefined
  } while (after)
  return rows as ApiOutput<C>['rows']
}
