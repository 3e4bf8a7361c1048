import type { ApiInput, ApiOutput, ChannelName, PagedChannel } from '~/electron/api'
import type { ApiErrorPayload, ErrorCode, FieldIssue } from '@domain/errors'

/** An API failure in the renderer: the code picks the translated message (`errors.<code>`). */
export class ApiError extends Error {
  readonly code: ErrorCode
  readonly details: unknown

  constructor(payload: ApiErrorPayload) {
    super(payload.message)
    this.code = payload.code
    this.details = payload.details
  }

  /** Field problems of a VALIDATION error, if any. */
  get issues(): FieldIssue[] {
    const d = this.details as { issues?: FieldIssue[] } | undefined
    return d?.issues ?? []
  }
}

/** Sent on the window when main refused a write as read-only. */
export const READ_ONLY_EVENT = 'amif:read-only'

/** Calls a channel over `window.amif`; the one typed way the renderer talks to main. */
export async function call<C extends ChannelName>(
  channel: C,
  ...args: Record<never, never> extends ApiInput<C> ? [input?: ApiInput<C>] : [input: ApiInput<C>]
): Promise<ApiOutput<C>> {
  const result = await window.amif.invoke(channel, args[0] ?? {})
  if (!result.ok) {
    // A write refused as read-only may mean a colleague took the file over, or its place changed
    // (turned read-only, the file gone): the window looks again.
    const code = result.error.code
    if (code === 'READ_ONLY' || code === 'FILE_GONE' || code === 'FILE_CHECKING' || code === 'CORRUPT') window.dispatchEvent(new Event(READ_ONLY_EVENT))
    throw new ApiError(result.error)
  }
  return result.data as ApiOutput<C>
}

/**
 * Every row of a list read page after page (a choice of partners, the projects of a call): no
 * channel answers with a whole list at once.
 */
export async function callAllPages<C extends PagedChannel>(channel: C, input: ApiInput<C>): Promise<ApiOutput<C>['rows']> {
  const rows: unknown[] = []
  let after: ApiInput<C>['after'] = undefined
  do {
    const page = (await call<PagedChannel>(channel, { ...input, limit: 200, after } as ApiInput<PagedChannel>)) as ApiOutput<PagedChannel>
    rows.push(...page.rows)
    after = page.next ?? undefined
  } while (after)
  return rows as ApiOutput<C>['rows']
}
