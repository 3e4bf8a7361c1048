import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { WorkerRenderer } from '../../electron/api/render-runner'
import { toErrorPayload } from '../../database/domain/errors'
import type { RenderJob } from '../../templates/produce'
import { stamp } from './fixtures/documents'

/** The protocol of the render worker without pdfmake: documents held, hung or crashed on demand. */
const FAKE_WORKER = path.join(__dirname, 'fixtures', 'fake-render-worker.mjs')

/** Two documents held in their workers until the test lets them go: [started, released]. */
function gate(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(8))
}

function job(reference: string, source: Record<string, unknown> = {}): RenderJob {
  return { kind: 'report', language: 'fr', stamp: stamp('report', 'draft', { reference }), source }
}

/** Waits (without blocking this thread) until `n` documents have started in their workers. */
async function started(g: Int32Array, n: number): Promise<void> {
  const until = Date.now() + 30_000
  while (Atomics.load(g, 0) < n) {
    if (Date.now() > until) throw new Error(`only ${Atomics.load(g, 0)} of ${n} documents started`)
    await new Promise((r) => setTimeout(r, 5))
  }
}

function release(g: Int32Array): void {
  Atomics.store(g, 1, 1)
  Atomics.notify(g, 1)
}

async function failure(promise: Promise<unknown>) {
  try {
    await promise
  } catch (err) {
    return toErrorPayload(err)
  }
  throw new Error('the render unexpectedly succeeded')
}

const text = (bytes: Buffer) => bytes.toString('latin1')
const thread = (bytes: Buffer) => /thread (\d+)/.exec(text(bytes))?.[1]

describe('the pool of render workers', () => {
  let renderer: WorkerRenderer
  afterEach(() => renderer.close())

  it('renders two documents at once in two workers, and queues a third until one is free', async () => {
    renderer = new WorkerRenderer({ workerFile: FAKE_WORKER })
    expect(renderer.concurrency).toBe(2)
    const g = gate()
    const first = renderer.render(job('DOC-1', { gate: g }))
    const second = renderer.render(job('DOC-2', { gate: g }))
    const third = renderer.render(job('DOC-3', { gate: g }))
    // Both are under way together; the third waits for a worker.
    await started(g, 2)
    expect(renderer.workersStarted).toBe(2)
    await new Promise((r) => setTimeout(r, 50))
    expect(Atomics.load(g, 0)).toBe(2)
    release(g)
    const [a, b, c] = await Promise.all([first, second, third])
    expect([a, b, c].map((r) => text(r.bytes).split(' ')[1])).toEqual(['DOC-1', 'DOC-2', 'DOC-3'])
    expect(thread(a.bytes)).not.toBe(thread(b.bytes))
    expect(renderer.workersStarted).toBe(2)
  })

  it('keeps one document at a time to one worker', async () => {
    renderer = new WorkerRenderer({ workerFile: FAKE_WORKER })
    const a = await renderer.render(job('DOC-1'))
    const b = await renderer.render(job('DOC-2'))
    expect(thread(b.bytes)).toBe(thread(a.bytes))
    expect(renderer.workersStarted).toBe(1)
  })

  it('starts the whole pool with the first document when asked, so that the two documents after it find both workers ready', async () => {
    renderer = new WorkerRenderer({ workerFile: FAKE_WORKER, wholePool: true })
    expect(renderer.workersStarted).toBe(0)
    const a = await renderer.render(job('DOC-1'))
    expect(renderer.workersStarted).toBe(2)
    const g = gate()
    const pair = [renderer.render(job('DOC-2', { gate: g })), renderer.render(job('DOC-3', { gate: g }))]
    await started(g, 2)
    release(g)
    const [b, c] = await Promise.all(pair)
    expect(new Set([thread(a.bytes), thread(b.bytes), thread(c.bytes)]).size).toBe(2)
    expect(thread(b.bytes)).not.toBe(thread(c.bytes))
    expect(renderer.workersStarted).toBe(2)
  })

  it('stops a document past its time limit with RENDER_TIMEOUT while the other worker finishes its own, then starts a fresh worker', async () => {
    renderer = new WorkerRenderer({ workerFile: FAKE_WORKER })
    const g = gate()
    const hung = failure(renderer.render(job('DOC-HUNG', { hang: true }), { timeLimitMs: 400 }))
    const other = renderer.render(job('DOC-OK', { gate: g }))
    await started(g, 1)
    const error = await hung
    expect(error.code).toBe('RENDER_TIMEOUT')
    expect(error.details).toMatchObject({ kind: 'report' })
    // The other document was not disturbed: it finishes in its worker once released.
    release(g)
    const ok = await other
    expect(text(ok.bytes)).toContain('DOC-OK')
    // The next two: one in the worker that rendered DOC-OK, one in a fresh worker for the stopped one.
    const [n1, n2] = await Promise.all([renderer.render(job('DOC-3')), renderer.render(job('DOC-4'))])
    expect(renderer.workersStarted).toBe(3)
    expect([thread(n1.bytes), thread(n2.bytes)]).toContain(thread(ok.bytes))
  })

  it('fails the document of a worker that stopped, renders the other, and the next one gets a fresh worker', async () => {
    renderer = new WorkerRenderer({ workerFile: FAKE_WORKER })
    const g = gate()
    const other = renderer.render(job('DOC-OK', { gate: g }))
    const crashed = failure(renderer.render(job('DOC-CRASH', { crash: true })))
    expect((await crashed).message).toMatch(/stopped/)
    await started(g, 1)
    release(g)
    expect(text((await other).bytes)).toContain('DOC-OK')
    const started0 = renderer.workersStarted
    const [n1, n2] = await Promise.all([renderer.render(job('DOC-3')), renderer.render(job('DOC-4'))])
    expect(text(n1.bytes)).toContain('DOC-3')
    expect(text(n2.bytes)).toContain('DOC-4')
    expect(renderer.workersStarted).toBe(started0 + 1)
  })

  it('fails every document under way and waiting when closed', async () => {
    renderer = new WorkerRenderer({ workerFile: FAKE_WORKER })
    const g = gate()
    const outcomes = [1, 2, 3].map((n) => failure(renderer.render(job(`DOC-${n}`, { gate: g }))))
    await started(g, 2)
    await renderer.close()
    for (const outcome of await Promise.all(outcomes)) expect(outcome.message).toMatch(/closed/)
    release(g)
  })
})
