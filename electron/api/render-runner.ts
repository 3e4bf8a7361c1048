import { createRequire } from 'node:module'
import path from 'node:path'
import { Worker } from 'node:worker_threads'
import type { RenderDocument } from '../../database/documents'
import type { RenderJob } from '../../templates/produce'
import type { RenderReply, RenderRequest } from '../../templates/render-worker'
import type { DocLanguage, DocumentKind, HandoverData } from '../../templates/types'
import { AppError } from '../../database/domain/errors'

/**
 * Documents are rendered outside the thread that asked for them, with a time and a memory limit,
 * so that no value in a file (a clause of 20 000 characters, a name of 30 MB) can block or crash
 * the app. The window's main process hands documents to a utility process (electron/main/
 * render-service.ts), which renders them with a WorkerRenderer; the command line, the tests and
 * the end-to-end harness use a WorkerRenderer directly.
 */

/** PDF bytes and their exact page count. */
export interface RenderResult {
  bytes: Buffer
  pageCount: number
}

export interface RenderLimits {
  /** How long one document may take, from the moment it is handed over. */
  timeLimitMs: number
  /** The worker's heap (V8 old generation), in MB. */
  memoryLimitMb: number
}

/** A minute per document and a gigabyte of heap: ten times what the largest real document needs. */
export const RENDER_LIMITS: RenderLimits = { timeLimitMs: 60_000, memoryLimitMb: 1024 }

/** Whatever renders documents outside the caller: a worker thread, a utility process. */
export interface DocumentRenderer {
  /** Renders one document; RENDER_TIMEOUT or RENDER_TOO_LARGE when it hits a limit (the next one gets a fresh worker). */
  render(job: RenderJob, options?: { timeLimitMs?: number }): Promise<RenderResult>
  /** Stops the worker; a later render starts a new one. */
  close(): Promise<void>
}

/** The register's render function for documents of a kind in a language, run by `renderer`. */
export function renderDocumentWith(renderer: DocumentRenderer, kind: DocumentKind, language: DocLanguage): RenderDocument {
  return (stamp, source) => renderer.render({ kind, language, stamp, source })
}

/** A handover summary from its full data, run by `renderer`. */
export function renderHandoverWith(renderer: DocumentRenderer, language: DocLanguage): (data: HandoverData) => Promise<RenderResult> {
  return ({ stamp, ...source }) => renderer.render({ kind: 'handover', language, stamp, source })
}

/** The error for a document that took longer than allowed. */
export function renderTimeout(job: RenderJob, timeLimitMs: number): AppError {
  return new AppError('RENDER_TIMEOUT', `Rendering the ${job.kind} took longer than ${Math.round(timeLimitMs / 1000)} s and was stopped`, {
    kind: job.kind,
    limitSeconds: Math.round(timeLimitMs / 1000),
  })
}

/** The error for a document that needed more memory than allowed. */
export function renderTooLarge(job: RenderJob, memoryLimitMb: number): AppError {
  return new AppError('RENDER_TOO_LARGE', `Rendering the ${job.kind} needed more than ${memoryLimitMb} MB and was stopped`, {
    kind: job.kind,
    limitMb: memoryLimitMb,
  })
}

/**
 * The worker's script: templates/render-worker.ts next to this source (under tsx, vitest or
 * Playwright); a bundle passes its own `render-worker.js` instead.
 */
export function sourceWorkerFile(): string {
  return path.resolve(__dirname, '../../templates/render-worker.ts')
}

/** Bytes that crossed a thread or process boundary (a Uint8Array by then) as a Buffer, without copying. */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

/** Starts a worker thread on a script; a TypeScript script is loaded through tsx, as the command line is. */
function startWorker(file: string, memoryLimitMb: number): Worker {
  const resourceLimits = { maxOldGenerationSizeMb: memoryLimitMb }
  if (!file.endsWith('.ts')) return new Worker(file, { resourceLimits })
  const tsx = createRequire(__filename).resolve('tsx/cjs/api')
  return new Worker(`require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(file)})`, { eval: true, resourceLimits })
}

interface Pending {
  id: number
  job: RenderJob
  timeLimitMs: number
  resolve: (result: RenderResult) => void
  reject: (err: unknown) => void
}

/**
 * Renders documents in one worker thread, one at a time: the fonts are loaded once and the worker
 * is reused from one document to the next. A document that takes longer than the time limit, or
 * whose worker runs out of its heap, fails with RENDER_TIMEOUT or RENDER_TOO_LARGE; the worker is
 * then gone and the next document starts a new one. An idle worker never keeps the process alive.
 */
export class WorkerRenderer implements DocumentRenderer {
  private readonly file: string
  private readonly limits: RenderLimits
  private worker: Worker | null = null
  private ready = false
  private workerError: Error | null = null
  private readonly queue: Pending[] = []
  private current: Pending | null = null
  private timer: ReturnType<typeof setTimeout> | null = null
  private nextId = 1
  /** How many workers this renderer has started: one for many documents, one more after each failure. */
  workersStarted = 0

  constructor(options: { workerFile?: string; limits?: Partial<RenderLimits> } = {}) {
    this.file = options.workerFile ?? sourceWorkerFile()
    this.limits = { ...RENDER_LIMITS, ...options.limits }
  }

  render(job: RenderJob, options: { timeLimitMs?: number } = {}): Promise<RenderResult> {
    return new Promise<RenderResult>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, job, timeLimitMs: options.timeLimitMs ?? this.limits.timeLimitMs, resolve, reject })
      this.pump()
    })
  }

  async close(): Promise<void> {
    const pending = [...(this.current ? [this.current] : []), ...this.queue.splice(0)]
    this.settleCurrent()
    for (const p of pending) p.reject(new Error('The renderer was closed'))
    await this.stopWorker()
  }

  /** Hands the next document to the worker (starting one if needed) when none is being rendered. */
  private pump(): void {
    if (this.current) return
    const next = this.queue.shift()
    if (!next) {
      this.worker?.unref()
      return
    }
    this.current = next
    // The clock runs from now: a worker that cannot even start counts against the document too.
    this.timer = setTimeout(() => this.timedOut(next), next.timeLimitMs)
    const worker = this.worker ?? this.startWorker()
    worker.ref()
    if (this.ready) this.post(next)
  }

  /** Sends a document to the worker; one that cannot be sent (not plain data) fails alone. */
  private post(pending: Pending): void {
    try {
      this.worker?.postMessage({ id: pending.id, job: pending.job } satisfies RenderRequest)
    } catch (err) {
      this.settleCurrent()
      pending.reject(err)
      this.pump()
    }
  }

  private startWorker(): Worker {
    const worker = startWorker(this.file, this.limits.memoryLimitMb)
    this.workersStarted++
    this.worker = worker
    this.ready = false
    this.workerError = null
    worker.on('message', (reply: RenderReply) => {
      if (worker !== this.worker) return
      if ('type' in reply) {
        this.ready = true
        if (this.current) this.post(this.current)
        return
      }
      const pending = this.current
      if (!pending || reply.id !== pending.id) return
      this.settleCurrent()
      if (reply.ok) pending.resolve({ bytes: asBuffer(reply.bytes), pageCount: reply.pageCount })
      else pending.reject(new Error(reply.message))
      this.pump()
    })
    worker.on('error', (err) => {
      if (worker === this.worker) this.workerError = err
    })
    worker.on('exit', (code) => {
      if (worker !== this.worker) return // stopped on purpose
      const err = this.workerError
      this.worker = null
      this.ready = false
      const pending = this.current
      this.settleCurrent()
      if (pending) {
        const outOfMemory = (err as (Error & { code?: string }) | null)?.code === 'ERR_WORKER_OUT_OF_MEMORY'
        pending.reject(
          outOfMemory
            ? renderTooLarge(pending.job, this.limits.memoryLimitMb)
            : new Error(`The render worker stopped (${err?.message ?? `exit code ${code}`})`),
        )
      }
      this.pump()
    })
    return worker
  }

  private timedOut(pending: Pending): void {
    if (this.current !== pending) return
    this.settleCurrent()
    void this.stopWorker()
    pending.reject(renderTimeout(pending.job, pending.timeLimitMs))
    this.pump()
  }

  /** Forgets the document being rendered and its clock. */
  private settleCurrent(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    this.current = null
  }

  private async stopWorker(): Promise<void> {
    const worker = this.worker
    this.worker = null
    this.ready = false
    if (worker) await worker.terminate()
  }
}

let shared: WorkerRenderer | null = null

/** One worker renderer for the process (the command line, tests, the harness): fonts loaded once. */
export function sharedRenderer(): WorkerRenderer {
  shared ??= new WorkerRenderer()
  return shared
}
