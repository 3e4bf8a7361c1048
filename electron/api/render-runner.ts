import path from 'node:path'
import type { Worker } from 'node:worker_threads'
import type { RenderDocument } from '../../database/documents'
import type { RenderJob } from '../../templates/produce'
import type { RenderReply, RenderRequest } from '../../templates/render-worker'
import type { DocLanguage, DocumentKind, HandoverData } from '../../templates/types'
import { RENDERS_AT_ONCE } from '../../database/domain/documents'
import { AppError } from '../../database/domain/errors'
import { startScriptWorker } from './worker-script'

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
  /** Stops the workers (failing the documents under way and waiting); a later render starts a new one. */
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

/** Starts a render worker on a script, with the heap limits. */
function startWorker(file: string, limits: RenderLimits): Worker {
  // A young generation larger than V8's default: a document's short-lived objects (words, inlines,
  // operators) then die young instead of being copied from one scavenge to the next.
  return startScriptWorker(file, { resourceLimits: { maxOldGenerationSizeMb: limits.memoryLimitMb, maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } })
}

/** The render worker's young generation, in MB: semi-spaces of 32 MB, twice V8's default (measured: a third fewer scavenges, about a tenth less CPU per agreement). */
const YOUNG_GENERATION_MB = 96

/** The pool's workers: as many as documents rendered at once (a call's batch keeps that many in flight). */
export const RENDER_WORKERS = RENDERS_AT_ONCE

interface Pending {
  id: number
  job: RenderJob
  timeLimitMs: number
  resolve: (result: RenderResult) => void
  reject: (err: unknown) => void
}

/** One worker of the pool and the document it is rendering. */
interface Slot {
  worker: Worker | null
  ready: boolean
  workerError: Error | null
  current: Pending | null
  timer: ReturnType<typeof setTimeout> | null
}

/**
 * Renders documents in a small pool of worker threads (RENDER_WORKERS, each rendering one document
 * at a time): the fonts are loaded once per worker and a worker is reused from one document to the
 * next; a second worker starts only when a second document is asked for while the first is being
 * rendered. A document that takes longer than the time limit, or whose worker runs out of its
 * heap, fails with RENDER_TIMEOUT or RENDER_TOO_LARGE; that worker is then gone (the other goes on
 * with its own document) and the next document starts a new one. An idle worker never keeps the
 * process alive.
 */
export class WorkerRenderer implements DocumentRenderer {
  private readonly file: string
  private readonly limits: RenderLimits
  private readonly slots: Slot[]
  private readonly queue: Pending[] = []
  private readonly wholePool: boolean
  private nextId = 1
  /** How many workers this renderer has started: one for many documents, one more after each failure (and one per extra document in flight). */
  workersStarted = 0

  /**
   * `wholePool`: every worker starts with the first document (and a stopped one is replaced at
   * once), so that a call's batch finds them all with their fonts loaded instead of waiting for a
   * second worker to start when it begins; otherwise a worker starts when a document needs it.
   */
  constructor(options: { workerFile?: string; limits?: Partial<RenderLimits>; workers?: number; wholePool?: boolean } = {}) {
    this.file = options.workerFile ?? sourceWorkerFile()
    this.limits = { ...RENDER_LIMITS, ...options.limits }
    this.wholePool = options.wholePool ?? false
    const workers = Math.max(1, Math.floor(options.workers ?? RENDER_WORKERS))
    this.slots = Array.from({ length: workers }, () => ({ worker: null, ready: false, workerError: null, current: null, timer: null }))
  }

  /** How many documents this renderer renders at once. */
  get concurrency(): number {
    return this.slots.length
  }

  render(job: RenderJob, options: { timeLimitMs?: number } = {}): Promise<RenderResult> {
    return new Promise<RenderResult>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, job, timeLimitMs: options.timeLimitMs ?? this.limits.timeLimitMs, resolve, reject })
      this.pump()
    })
  }

  async close(): Promise<void> {
    const pending: Pending[] = []
    for (const slot of this.slots) {
      if (slot.current) pending.push(slot.current)
      this.settle(slot)
    }
    pending.push(...this.queue.splice(0))
    for (const p of pending) p.reject(new Error('The renderer was closed'))
    await Promise.all(this.slots.map((slot) => this.stopWorker(slot)))
  }

  /** Hands waiting documents to idle workers (a running one first, so one document at a time keeps to one worker). */
  private pump(): void {
    while (this.queue.length > 0) {
      const idle = this.slots.filter((s) => !s.current)
      const slot = idle.find((s) => s.worker && s.ready) ?? idle.find((s) => s.worker) ?? idle[0]
      if (!slot) break
      const next = this.queue.shift() as Pending
      slot.current = next
      // The clock runs from now: a worker that cannot even start counts against the document too.
      slot.timer = setTimeout(() => this.timedOut(slot, next), next.timeLimitMs)
      const worker = slot.worker ?? this.startWorker(slot)
      worker.ref()
      if (slot.ready) this.post(slot, next)
    }
    // The others start beside the one at work (not before a first document: a process that renders none starts none).
    if (this.wholePool && this.slots.some((s) => s.worker)) for (const slot of this.slots) if (!slot.worker) this.startWorker(slot)
    for (const slot of this.slots) if (!slot.current) slot.worker?.unref()
  }

  /** Sends a document to its worker; one that cannot be sent (not plain data) fails alone. */
  private post(slot: Slot, pending: Pending): void {
    try {
      slot.worker?.postMessage({ id: pending.id, job: pending.job } satisfies RenderRequest)
    } catch (err) {
      this.settle(slot)
      pending.reject(err)
      this.pump()
    }
  }

  private startWorker(slot: Slot): Worker {
    const worker = startWorker(this.file, this.limits)
    this.workersStarted++
    slot.worker = worker
    slot.ready = false
    slot.workerError = null
    worker.on('message', (reply: RenderReply) => {
      if (worker !== slot.worker) return
      if ('type' in reply) {
        slot.ready = true
        if (slot.current) this.post(slot, slot.current)
        return
      }
      const pending = slot.current
      if (!pending || reply.id !== pending.id) return
      this.settle(slot)
      if (reply.ok) pending.resolve({ bytes: asBuffer(reply.bytes), pageCount: reply.pageCount })
      else pending.reject(new Error(reply.message))
      this.pump()
    })
    worker.on('error', (err) => {
      if (worker === slot.worker) slot.workerError = err
    })
    worker.on('exit', (code) => {
      if (worker !== slot.worker) return // stopped on purpose
      const err = slot.workerError
      slot.worker = null
      slot.ready = false
      const pending = slot.current
      this.settle(slot)
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

  private timedOut(slot: Slot, pending: Pending): void {
    if (slot.current !== pending) return
    this.settle(slot)
    void this.stopWorker(slot)
    pending.reject(renderTimeout(pending.job, pending.timeLimitMs))
    this.pump()
  }

  /** Forgets the document a worker is rendering and its clock. */
  private settle(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer)
    slot.timer = null
    slot.current = null
  }

  private async stopWorker(slot: Slot): Promise<void> {
    const worker = slot.worker
    slot.worker = null
    slot.ready = false
    if (worker) await worker.terminate()
  }
}

let shared: WorkerRenderer | null = null

/**
 * One worker renderer for the process (the command line, tests, the harness): fonts loaded once per
 * worker, a worker started when a document needs it (each test file's process would otherwise start
 * the whole pool for its first document).
 */
export function sharedRenderer(): WorkerRenderer {
  shared ??= new WorkerRenderer()
  return shared
}
