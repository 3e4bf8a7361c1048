import type { ApiResult } from '../api'

/** The one object the preload exposes to the page as `window.amif`. */
export interface AmifBridge {
  /** Calls an API channel; resolves with the channel's result, never rejects for an API error. */
  invoke(channel: string, input?: unknown): Promise<ApiResult<unknown>>
}

/** The IPC channel every API call travels on. */
export const IPC_INVOKE = 'amif:invoke'
