import { describe, expect, it } from 'vitest'
import { fontCacheCounts } from '../../templates/font-cache'
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
