/**
 * The render utility process (bundled as out/main/render-process.js, started by render-service.ts):
 * the window's documents are rendered here, never in the main process. It renders them in its own
 * worker thread (out/main/render-worker.js) with the time and memory limits, so that a document
 * that hits one is stopped with its error while this process, and the app, carry on.
 *
 * Messages from main: `{ id, job, timeLimitMs }`; answers `{ id, ok: true, bytes, pageCount }` or
 * `{ id, ok: false, error }` (an API error payload). Uses Electron's `process.parentPort`; imports
 * nothing from 'electron'.
 */
import path from 'node:path'
import { toErrorPayload } from '../../database/domain/errors'
import { WorkerRenderer } from '../api/render-runner'
import type { RenderProcessReply, RenderProcessRequest } from './render-service'

const port = process.parentPort
// Both workers start with the first document: a call's batch then finds them ready.
const renderer = new WorkerRenderer({ workerFile: path.join(__dirname, 'render-worker.js'), wholePool: true })

port.on('message', (event: { data: RenderProcessRequest }) => {
  const { id, job, timeLimitMs } = event.data
  renderer.render(job, { timeLimitMs }).then(
    ({ bytes, pageCount }) => port.postMessage({ id, ok: true, bytes, pageCount } satisfies RenderProcessReply),
    (err: unknown) => port.postMessage({ id, ok: false, error: toErrorPayload(err) } satisfies RenderProcessReply),
  )
})
