import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { WorkerRenderer } from '../../electron/api/render-runner'
import { toErrorPayload } from '../../database/domain/errors'
import type { AgreementSource, RenderJob } from '../../templates/produce'
import { agreementData, normalise, pdfText, reportData } from '../unit/fixtures/documents'
import { ok, openNewFile, refused, testWorkspace } from '../unit/helpers'

/** Rendering real PDFs in a fresh worker (TypeScript compiled on the way) takes seconds on a busy machine. */
const SLOW = 120_000

/** An agreement as the register hands it over: its data without stamp, the file's clause edits. */
function agreementJob(patch: { clauseBody?: string; title?: string; name?: string } = {}): RenderJob {
  const { stamp, clauses: _clauses, ...rest } = agreementData('fr')
  const source: AgreementSource = {
    ...rest,
    project: patch.title ? { ...rest.project, title: patch.title } : rest.project,
    beneficiary: patch.name ? { ...rest.beneficiary, name: patch.name } : rest.beneficiary,
    clauseEdits: patch.clauseBody ? [{ key: 'object', title: 'Objet', body: patch.clauseBody }] : [],
  }
  return { kind: 'agreement', language: 'fr', stamp, source }
}

function reportJob(lang: 'fr' | 'en' = 'en'): RenderJob {
  const { stamp, ...source } = reportData(lang)
  return { kind: 'report', language: lang, stamp, source }
}

async function failure(promise: Promise<unknown>) {
  try {
    await promise
  } catch (err) {
    return toErrorPayload(err)
  }
  throw new Error('the render unexpectedly succeeded')
}

describe('rendering in a worker', () => {
  const renderer = new WorkerRenderer()
  afterAll(() => renderer.close())

  it(
    'renders documents one after another in the same worker',
    async () => {
      const agreement = await renderer.render(agreementJob())
      expect(agreement.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-')
      expect(agreement.pageCount).toBeGreaterThan(1)
      expect(normalise(pdfText(agreement.bytes).all)).toContain('AMIF-2025-RV-03/CONV/v2')
      const report = await renderer.render(reportJob())
      expect(report.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-')
      expect(renderer.workersStarted).toBe(1) // fonts loaded once, for both
    },
    SLOW,
  )

  it(
    'renders a 20 000-character unbroken clause and a 40 KB unbroken title within the time limit',
    async () => {
      // Before long words were broken, these took 14 s and more than 300 s: the one-minute limit stopped them.
      const word = 'Conventiondesubventionsansaucunespace'.repeat(Math.ceil(20_000 / 37)).slice(0, 20_000)
      // Meanwhile this thread (the window's main process, in the app) goes on answering.
      let ticks = 0
      const ticking = setInterval(() => ticks++, 10)
      const { bytes, pageCount } = await renderer.render(agreementJob({ clauseBody: word, title: 'T'.repeat(40_000) })).finally(() => clearInterval(ticking))
      expect(ticks).toBeGreaterThan(2)
      expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-')
      expect(pageCount).toBeGreaterThan(1)
      expect(pdfText(bytes).all.replace(/\s+/g, '')).toContain(word.slice(0, 2_000))
    },
    SLOW,
  )

  it(
    'fails a document that is not plain data at once, and renders the next one',
    async () => {
      const error = await failure(renderer.render({ ...reportJob(), source: { draw: () => 'not data' } }))
      expect(error.message).toMatch(/could not be cloned/)
      const next = await renderer.render(reportJob())
      expect(next.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    },
    SLOW,
  )

  it(
    'stops a document that takes longer than its time limit with RENDER_TIMEOUT, and renders the next one',
    async () => {
      await renderer.render(reportJob()) // a worker up and running, so the clock measures the document alone
      const words = Array.from({ length: 200_000 }, (_, i) => `mot${i}`).join(' ')
      const error = await failure(renderer.render(agreementJob({ clauseBody: words }), { timeLimitMs: 300 }))
      expect(error.code).toBe('RENDER_TIMEOUT')
      expect(error.details).toMatchObject({ kind: 'agreement' })
      const started = renderer.workersStarted
      const next = await renderer.render(reportJob())
      expect(next.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-')
      expect(renderer.workersStarted).toBe(started + 1) // the stopped worker was replaced
    },
    SLOW,
  )

  it(
    'stops a document that needs more memory than its limit with RENDER_TOO_LARGE, without taking this process down',
    async () => {
      const small = new WorkerRenderer({ limits: { memoryLimitMb: 160 } })
      try {
        // The 30 MB name of the attack: rendering it wants gigabytes.
        const error = await failure(small.render(agreementJob({ name: 'N'.repeat(30_000_000) })))
        expect(error.code).toBe('RENDER_TOO_LARGE')
        expect(error.details).toMatchObject({ kind: 'agreement', limitMb: 160 })
        const next = await small.render(reportJob())
        expect(next.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-')
      } finally {
        await small.close()
      }
    },
    SLOW,
  )
})

describe('fonts shared by the documents of a worker', () => {
  it(
    'give a document the same bytes whatever the worker rendered before, with every character of its text',
    async () => {
      // An agreement's bold text holds glyphs that pdfkit's subsetting meets without their
      // characters (the full stop inside composite glyphs): a face shared naively then dropped the
      // full stops of the report's indicator codes from its text (« O31 » for « O.3.1 »).
      const fresh = new WorkerRenderer()
      const used = new WorkerRenderer()
      try {
        const alone = await fresh.render(reportJob('fr'))
        await used.render(agreementJob())
        const after = await used.render(reportJob('fr'))
        expect(after.bytes.equals(alone.bytes)).toBe(true)
        const text = normalise(pdfText(after.bytes).all)
        for (const code of ['O.3.1', 'O.3.2', 'R.3.6', 'P.3.1']) expect(text).toContain(code)
      } finally {
        await Promise.all([fresh.close(), used.close()])
      }
    },
    SLOW,
  )
})

describe('a document that hits a limit, through the API', () => {
  it(
    'is reported with its code and leaves the register as it was',
    async () => {
      // A limit no render can meet: every document of this workspace times out, in a real worker.
      const renderer = new WorkerRenderer({ limits: { timeLimitMs: 1 } })
      const t = testWorkspace({ renderer })
      try {
        await openNewFile(t.ws, path.join(t.dir, 'demo.amif'), { demo: true })
        const { rows } = await ok(t.ws, 'projects.list', {})
        const error = await refused(t.ws, 'documents.generate', { projectId: rows[0].id, kind: 'report', language: 'nl' })
        expect(error.code).toBe('RENDER_TIMEOUT')
        expect((await ok(t.ws, 'documents.list', {})).rows).toEqual([])
      } finally {
        await renderer.close()
      }
    },
    SLOW,
  )
})
