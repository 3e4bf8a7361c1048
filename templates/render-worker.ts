import { parentPort } from 'node:worker_threads'
import { renderJob, type RenderJob } from './produce'
import { configure } from './render'

/**
 * The render worker: a worker thread that turns documents into PDF bytes, so that a document that
 * takes too long or too much memory stops this thread, never the process that asked for it (see
 * electron/api/render-runner.ts). It loads the fonts once, says it is ready, then renders the jobs
 * it is sent, one at a time, for as long as it lives.
 *
 * Messages: in `{ id, job }`; out `{ type: 'ready' }`, then `{ id, ok: true, bytes, pageCount }`
 * or `{ id, ok: false, message }` for each job.
 */

/** What the worker receives for each document. */
export interface RenderRequest {
  id: number
  job: RenderJob
}

/** What the worker answers. */
export type RenderReply = { type: 'ready' } | { id: number; ok: true; bytes: Uint8Array; pageCount: number } | { id: number; ok: false; message: string }

if (!parentPort) throw new Error('templates/render-worker.ts runs in a worker thread')
const port = parentPort

configure()

port.on('message', (request: RenderRequest) => {
  renderJob(request.job).then(
    ({ bytes, pageCount }) => port.postMessage({ id: request.id, ok: true, bytes, pageCount } satisfies RenderReply),
    (err: unknown) => port.postMessage({ id: request.id, ok: false, message: err instanceof Error ? err.message : String(err) } satisfies RenderReply),
  )
})

port.postMessage({ type: 'ready' } satisfies RenderReply)
