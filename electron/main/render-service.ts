import { utilityProcess, type UtilityProcess } from 'electron'
import { AppError, ERROR_CODES, type ApiErrorPayload } from '../../database/domain/errors'
import { asBuffer, RENDER_LIMITS, RENDER_WORKERS, renderTimeout, type DocumentRenderer, type RenderResult } from '../api/render-runner'
import type { RenderJob } from '../../templates/produce'

/** A document handed to the render utility process. */
export interface RenderProcessRequest {
  id: number
  job: RenderJob
  timeLimitMs: number
}

/** What the render utility process answers for a document. */
export type RenderProcessReply = { id: number; ok: true; bytes: Uint8Array; pageCount: number } | { id: number; ok: false; error: ApiErrorPayload }

/**
 * The utility process enforces the time limit on its worker; if it stops answering altogether,
 * main kills it this long after the limit and says the document timed out.
 */
export const BACKSTOP_MS = 15_000

/** An error payload from the utility process as the error the handlers throw (AppError for a known code). */
function fromPayload(payload: ApiErrorPayload): Error {
  return (ERROR_CODES as readonly string[]).includes(payload.code) && payload.code !== 'INTERNAL'
    ? new AppError(payload.code, payload.message, payload.details)
    : new Error(payload.message)
}

/**
 * Renders the window's documents in an Electron utility process (render-process.ts), as many at
 * once as its pool of render workers (RENDER_WORKERS), so that the main process, and the window
 * with it, stays responsive while a document is laid out and is never the process a document can
 * exhaust. The process starts with the first
 * document, is reused after, and is started again if it stops.
 */
export class UtilityRenderer implements DocumentRenderer {
  private child: UtilityProcess | null = null
  private readonly pending = new Map<number, { resolve: (r: RenderResult) => void; reject: (err: unknown) => void; timer: ReturnType<typeof setTimeout> }>()
  private nextId = 1
  /** Documents sent to the process and not yet answered. */
  private inFlight = 0
  /** Documents waiting for one of those to finish. */
  private readonly waiting: (() => void)[] = []

  /** `modulePath`: the bundled render-process.js beside main's index.js. */
  constructor(
    private readonly modulePath: string,
    private readonly timeLimitMs = RENDER_LIMITS.timeLimitMs,
  ) {}

  render(job: RenderJob, options: { timeLimitMs?: number } = {}): Promise<RenderResult> {
    // No more documents in the process than it has workers: each starts there at once, so main's
    // backstop clock measures the same document as the process's.
    return this.turn()
      .then(() => this.send(job, options.timeLimitMs ?? this.timeLimitMs))
      .finally(() => this.done())
  }

  /** Resolves when one more document may be sent to the process. */
  private turn(): Promise<void> {
    if (this.inFlight < RENDER_WORKERS) {
      this.inFlight++
      return Promise.resolve()
    }
    return new Promise((resolve) => this.waiting.push(resolve))
  }

  /** A document was answered: the next waiting one goes (keeping its place in flight). */
  private done(): void {
    const next = this.waiting.shift()
    if (next) next()
    else this.inFlight--
  }

  async close(): Promise<void> {
    this.stop(new Error('The renderer was closed'))
  }

  private send(job: RenderJob, timeLimitMs: number): Promise<RenderResult> {
    const child = this.child ?? this.start()
    const id = this.nextId++
    return new Promise<RenderResult>((resolve, reject) => {
      const timer = setTimeout(() => this.stop(renderTimeout(job, timeLimitMs)), timeLimitMs + BACKSTOP_MS)
      this.pending.set(id, { resolve, reject, timer })
      try {
        child.postMessage({ id, job, timeLimitMs } satisfies RenderProcessRequest)
      } catch (err) {
        // Not plain data: this document fails, the process carries on.
        clearTimeout(timer)
        this.pending.delete(id)
        reject(err)
      }
    })
  }

  private start(): UtilityProcess {
    const child = utilityProcess.fork(this.modulePath, [], { serviceName: 'AMIF Desk renderer' })
    this.child = child
    child.on('message', (reply: RenderProcessReply) => {
      const waiting = this.pending.get(reply.id)
      if (!waiting) return
      this.pending.delete(reply.id)
      clearTimeout(waiting.timer)
      if (reply.ok) waiting.resolve({ bytes: asBuffer(reply.bytes), pageCount: reply.pageCount })
      else waiting.reject(fromPayload(reply.error))
    })
    child.on('exit', (code: number) => {
      if (this.child !== child) return
      this.child = null
      this.rejectAll(new Error(`The render process stopped (exit code ${code})`))
    })
    return child
  }

  /** Kills the process and fails the documents it had; the next document starts a new one. */
  private stop(reason: Error): void {
    const child = this.child
    this.child = null
    child?.kill()
    this.rejectAll(reason)
  }

  private rejectAll(reason: Error): void {
    for (const [id, waiting] of this.pending) {
      clearTimeout(waiting.timer)
      waiting.reject(reason)
      this.pending.delete(id)
    }
  }
}
