import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron'
import { invoke, type ApiResult } from '../api'
import type { Workspace } from '../api/workspace'
import { IPC_INVOKE } from '../preload/bridge'
import { isAppUrl, type RendererLocation } from './paths'

export interface IpcOptions {
  workspace: Workspace
  location: RendererLocation
  /** The application window; IPC from any other web contents is refused. */
  mainWindow: () => BrowserWindow | null
  /** Called after a channel ran (main rebuilds its menu when the language changed). */
  afterInvoke?: (channel: string, result: ApiResult<unknown>) => void
}

/** What a refused sender gets: an error result like any other, so the bridge never rejects. */
export const REFUSED_SENDER: ApiResult<never> = {
  ok: false,
  error: { code: 'INTERNAL', message: 'Refused: the request did not come from the AMIF Desk window' },
}

/**
 * Why an IPC message is refused, or null when it comes from the app: the top frame of the main
 * window's web contents, showing the app's own page (not a subframe, not a page it navigated to).
 */
export function senderProblem(event: IpcMainInvokeEvent, options: Pick<IpcOptions, 'location' | 'mainWindow'>): string | null {
  const win = options.mainWindow()
  if (!win || win.isDestroyed()) return 'no application window'
  if (event.sender !== win.webContents) return 'another web contents'
  const frame = event.senderFrame
  if (!frame) return 'the sending frame is gone'
  if (frame !== event.sender.mainFrame || frame.parent !== null) return 'a subframe'
  if (!isAppUrl(frame.url, options.location)) return `an unexpected page (${frame.url})`
  return null
}

/**
 * Answers `window.amif.invoke(channel, input)`: checks the sender, then runs the channel through
 * the API's one entry point. Always resolves with `{ ok, data }` or `{ ok: false, error }`;
 * a refused sender gets REFUSED_SENDER and a warning in main's console, an unexpected failure
 * (code INTERNAL) is logged there too.
 */
export async function handleInvoke(options: IpcOptions, event: IpcMainInvokeEvent, channel: unknown, input: unknown): Promise<ApiResult<unknown>> {
  const problem = senderProblem(event, options)
  if (problem) {
    console.warn(`[amif] refused IPC ${String(channel)} from ${problem}`)
    return REFUSED_SENDER
  }
  let result: ApiResult<unknown>
  try {
    result = await invoke(options.workspace, channel, input)
  } catch (err) {
    // invoke() wraps every outcome; this is a last guard so the main process never throws here.
    result = { ok: false, error: { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) } }
  }
  if (!result.ok && result.error.code === 'INTERNAL') {
    console.error(`[amif] ${String(channel)} failed:`, result.error.message)
  }
  try {
    options.afterInvoke?.(String(channel), result)
  } catch (err) {
    console.error('[amif] after', String(channel), err)
  }
  return result
}

/** Registers the API on ipcMain. */
export function registerIpc(options: IpcOptions): void {
  ipcMain.removeHandler(IPC_INVOKE)
  ipcMain.handle(IPC_INVOKE, (event, channel: unknown, input: unknown) => handleInvoke(options, event, channel, input))
}
