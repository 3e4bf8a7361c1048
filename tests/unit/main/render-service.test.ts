import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import * as electron from './fake-electron'

vi.mock('electron', () => import('./fake-electron'))

const { BACKSTOP_MS, UtilityRenderer } = await import('../../../electron/main/render-service')
const { startApp } = await import('../../../electron/main/app')
const { toErrorPayload } = await import('../../../database/domain/errors')
const { stamp } = await import('../fixtures/documents')
import type { RenderJob } from '../../../templates/produce'
import type { RenderProcessRequest } from '../../../electron/main/render-service'

const PDF = Buffer.from('%PDF-1.7 fake')
const job: RenderJob = { kind: 'report', language: 'fr', stamp: stamp('report', 'draft'), source: {} }

/** The request a utility process was last sent. */
function lastRequest(child: electron.FakeUtilityProcess): RenderProcessRequest {
  return child.posted.at(-1) as RenderProcessRequest
}

async function failure(promise: Promise<unknown>) {
  try {
    await promise
  } catch (err) {
    return toErrorPayload(err)
  }
  throw new Error('the render unexpectedly succeeded')
}

let dir: string

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amif-render-service-'))
  electron.fakePaths.userData = path.join(dir, 'userData')
  electron.fakePaths.documents = path.join(dir, 'Documents')
  electron.app.removeAllListeners()
  electron.BrowserWindow.instances.length = 0
  electron.FakeUtilityProcess.instances.length = 0
  vi.clearAllMocks()
})

afterEach(() => {
  vi.useRealTimers()
  fs.rmSync(dir, { recursive: true, force: true })
})

describe('the render utility process', () => {
  it('starts with the first document, is reused for the next, and gives back the bytes it rendered', async () => {
    const renderer = new UtilityRenderer('/app/out/main/render-process.js')
    expect(electron.utilityProcess.fork).not.toHaveBeenCalled()
    const first = renderer.render(job)
    await vi.waitFor(() => expect(electron.FakeUtilityProcess.instances).toHaveLength(1))
    const [child] = electron.FakeUtilityProcess.instances
    expect(child.modulePath).toBe('/app/out/main/render-process.js')
    expect(lastRequest(child)).toMatchObject({ job, timeLimitMs: 60_000 })
    child.emit('message', { id: lastRequest(child).id, ok: true, bytes: new Uint8Array(PDF), pageCount: 3 })
    const result = await first
    expect(result.pageCount).toBe(3)
    expect(Buffer.isBuffer(result.bytes) && result.bytes.equals(PDF)).toBe(true)

    const second = renderer.render(job)
    await vi.waitFor(() => expect(child.posted).toHaveLength(2))
    child.emit('message', { id: lastRequest(child).id, ok: true, bytes: new Uint8Array(PDF), pageCount: 1 })
    await second
    expect(electron.utilityProcess.fork).toHaveBeenCalledTimes(1)
  })

  it('sends two documents at once, one per render worker of the process, and the third when one is answered', async () => {
    const renderer = new UtilityRenderer('render-process.js')
    const results = [1, 2, 3].map(() => renderer.render(job))
    await vi.waitFor(() => expect(electron.FakeUtilityProcess.instances).toHaveLength(1))
    const [child] = electron.FakeUtilityProcess.instances
    await vi.waitFor(() => expect(child.posted).toHaveLength(2))
    await new Promise((r) => setTimeout(r, 20))
    expect(child.posted).toHaveLength(2)
    const [first, second] = child.posted as RenderProcessRequest[]
    child.emit('message', { id: second.id, ok: true, bytes: new Uint8Array(PDF), pageCount: 2 })
    await vi.waitFor(() => expect(child.posted).toHaveLength(3))
    child.emit('message', { id: first.id, ok: true, bytes: new Uint8Array(PDF), pageCount: 1 })
    child.emit('message', { id: lastRequest(child).id, ok: true, bytes: new Uint8Array(PDF), pageCount: 3 })
    expect((await Promise.all(results)).map((r) => r.pageCount)).toEqual([1, 2, 3])
  })

  it('passes on a limit the process hit with its code', async () => {
    const renderer = new UtilityRenderer('render-process.js')
    const pending = renderer.render(job)
    await vi.waitFor(() => expect(electron.FakeUtilityProcess.instances).toHaveLength(1))
    const [child] = electron.FakeUtilityProcess.instances
    child.emit('message', {
      id: lastRequest(child).id,
      ok: false,
      error: { code: 'RENDER_TOO_LARGE', message: 'too large', details: { kind: 'report', limitMb: 1024 } },
    })
    expect(await failure(pending)).toEqual({ code: 'RENDER_TOO_LARGE', message: 'too large', details: { kind: 'report', limitMb: 1024 } })
  })

  it('fails the document of a process that stopped, and starts a new process for the next', async () => {
    const renderer = new UtilityRenderer('render-process.js')
    const pending = renderer.render(job)
    await vi.waitFor(() => expect(electron.FakeUtilityProcess.instances).toHaveLength(1))
    electron.FakeUtilityProcess.instances[0].emit('exit', 134)
    expect((await failure(pending)).message).toMatch(/stopped/)
    const next = renderer.render(job)
    await vi.waitFor(() => expect(electron.FakeUtilityProcess.instances).toHaveLength(2))
    const child = electron.FakeUtilityProcess.instances[1]
    child.emit('message', { id: lastRequest(child).id, ok: true, bytes: new Uint8Array(PDF), pageCount: 1 })
    expect((await next).pageCount).toBe(1)
  })

  it('kills a process that does not answer at all past the time limit, with RENDER_TIMEOUT', async () => {
    vi.useFakeTimers()
    const renderer = new UtilityRenderer('render-process.js', 1_000)
    const pending = renderer.render(job)
    await vi.waitFor(() => expect(electron.FakeUtilityProcess.instances).toHaveLength(1))
    const [child] = electron.FakeUtilityProcess.instances
    const outcome = failure(pending)
    await vi.advanceTimersByTimeAsync(1_000 + BACKSTOP_MS)
    expect((await outcome).code).toBe('RENDER_TIMEOUT')
    expect(child.kill).toHaveBeenCalled()
  })
})

describe('the windowed app', () => {
  it('renders the documents of the window in the utility process beside its main script', async () => {
    const mainDir = path.join(dir, 'out', 'main')
    await startApp(['AMIF Desk'], mainDir)
    await vi.waitFor(() => expect(electron.BrowserWindow.instances).toHaveLength(1))
    const [win] = electron.BrowserWindow.instances
    const listener = electron.ipcMain.handle.mock.calls[0][1] as (...args: unknown[]) => Promise<{ ok: boolean; data: unknown; error?: unknown }>
    const event = { sender: win.webContents, senderFrame: win.webContents.mainFrame }
    const call = async (channel: string, input: unknown) => {
      const result = await listener(event, channel, input)
      if (!result.ok) throw new Error(`${channel}: ${JSON.stringify(result.error)}`)
      return result.data
    }
    await call('app.setOfficer', { name: 'Élise Test-Officer', email: null })
    await call('file.openAtStartup', {})
    await call('demo.load', {})
    const { rows } = (await call('projects.list', {})) as { rows: { id: string }[] }
    const generated = listener(event, 'documents.generate', { projectId: rows[0].id, kind: 'report', language: 'en' })
    await vi.waitFor(() => expect(electron.FakeUtilityProcess.instances).toHaveLength(1))
    const [child] = electron.FakeUtilityProcess.instances
    expect(child.modulePath).toBe(path.join(mainDir, 'render-process.js'))
    expect(lastRequest(child).job).toMatchObject({ kind: 'report', language: 'en' })
    child.emit('message', { id: lastRequest(child).id, ok: true, bytes: new Uint8Array(PDF), pageCount: 2 })
    expect(await generated).toMatchObject({ ok: true, data: { kind: 'report', pageCount: 2, byteSize: PDF.length } })

    // The renderer stops with the app.
    electron.app.emit('before-quit', { preventDefault: () => undefined })
    await vi.waitFor(() => expect(child.kill).toHaveBeenCalled())
  })
})
