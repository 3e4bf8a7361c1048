import { describe, expect, it } from 'vitest'
import { contentBufferCounts, setContentBuffering } from '../../templates/content-buffer'
import { setPlainWordsShared } from '../../templates/measure-cache'
import { produceDocument } from '../../templates/index'
import { agreementData, normalise, pdfText } from './fixtures/documents'

/** Rendering real PDFs takes seconds on a busy machine. */
const RENDER_TIMEOUT = 60_000

describe('page content turned into bytes once', () => {
  it(
    'gives the same bytes as pdfkit writing one Buffer per operator, with a handful of conversions instead of tens of thousands',
    async () => {
      const before = contentBufferCounts()
      const buffered = await produceDocument('agreement', agreementData('fr'), 'fr')
      const after = contentBufferCounts()
      setContentBuffering(false)
      let plain: Awaited<ReturnType<typeof produceDocument>>
      try {
        plain = await produceDocument('agreement', agreementData('fr'), 'fr')
      } finally {
        setContentBuffering(true)
      }
      expect(buffered.bytes.equals(plain.bytes)).toBe(true)
      const operators = after.operators - before.operators
      const conversions = after.conversions - before.conversions
      // Every word of every page is a dozen operators; each page's content (and each other stream) is converted once.
      expect(operators).toBeGreaterThan(5_000)
      expect(conversions).toBeLessThan(100)
      expect(normalise(pdfText(buffered.bytes).all)).toContain('AMIF-2025-RV-03/CONV/v2')
    },
    RENDER_TIMEOUT,
  )
})

describe('plain words styled once per text', () => {
  it(
    'gives the same bytes as pdfmake styling every word on its own, in every language, draft and final',
    async () => {
      for (const [lang, status] of [
        ['fr', 'draft'],
        ['nl', 'final'],
        ['en', 'draft'],
      ] as const) {
        const shared = await produceDocument('agreement', agreementData(lang, status), lang)
        setPlainWordsShared(false)
        let own: Awaited<ReturnType<typeof produceDocument>>
        try {
          own = await produceDocument('agreement', agreementData(lang, status), lang)
        } finally {
          setPlainWordsShared(true)
        }
        expect(shared.bytes.equals(own.bytes)).toBe(true)
      }
    },
    RENDER_TIMEOUT * 3,
  )
})
