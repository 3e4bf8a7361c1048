import { describe, expect, it } from 'vitest'
import { fontCacheCounts } from '../../templates/font-cache'
import { measureCacheCounts } from '../../templates/measure-cache'
import { produceDocument } from '../../templates/index'
import { agreementData, normalise, pdfText } from './fixtures/documents'

/** Rendering real PDFs takes seconds on a busy machine. */
const RENDER_TIMEOUT = 60_000

describe('fonts shared by the documents of a process', () => {
  it(
    'decodes each face once and shapes a word once, however many documents follow',
    async () => {
      const before = fontCacheCounts()
      await produceDocument('agreement', agreementData('nl'), 'nl')
      const first = fontCacheCounts()
      const again = await produceDocument('agreement', agreementData('nl'), 'nl')
      const second = fontCacheCounts()
      // Roboto in three styles and Ubuntu (the funding statement): four faces at most, whatever ran before.
      expect(second.facesDecoded).toBeLessThanOrEqual(4)
      expect(second.facesDecoded).toBe(first.facesDecoded)
      // The first agreement shapes the words earlier tests had not; the second none (ligatures included).
      expect(first.wordsShaped).toBeGreaterThanOrEqual(before.wordsShaped)
      expect(second.wordsShaped).toBe(first.wordsShaped)
      expect(normalise(pdfText(again.bytes).all)).toContain('AMIF-2025-RV-03/CONV/v2')
    },
    RENDER_TIMEOUT,
  )
})

describe('texts measured once per document', () => {
  it(
    'reuses the measure of every text when a heading moved to the next page makes pdfmake lay the document out again',
    async () => {
      const before = measureCacheCounts()
      const { bytes } = await produceDocument('agreement', agreementData('fr'), 'fr')
      const after = measureCacheCounts()
      const measured = after.measured - before.measured
      const reused = after.reused - before.reused
      // The fixture's agreement is laid out twice (a heading moves); its second pass measures only
      // the running headers and footers, drawn anew for each page.
      expect(reused).toBeGreaterThan(0)
      expect(reused).toBeGreaterThan(measured / 2)
      expect(normalise(pdfText(bytes).all)).toContain('AMIF-2025-RV-03/CONV/v2')
    },
    RENDER_TIMEOUT,
  )
})
