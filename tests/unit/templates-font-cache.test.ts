import { describe, expect, it } from 'vitest'
import { fontCacheCounts, setSubsetGlyphsShared } from '../../templates/font-cache'
import { produceDocument } from '../../templates/index'
import { agreementData, normalise, pdfFonts, pdfText } from './fixtures/documents'

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

  it(
    'writes the embedded fonts from glyphs read once per face: the same bytes as fontkit reading every glyph again, fonts still embedded',
    async () => {
      const shared = await produceDocument('agreement', agreementData('fr', 'final'), 'fr')
      const read = fontCacheCounts().glyphsDecoded
      const again = await produceDocument('agreement', agreementData('fr', 'final'), 'fr')
      // Composite glyphs (« é », « à ») included: the second agreement reads none.
      expect(fontCacheCounts().glyphsDecoded).toBe(read)
      setSubsetGlyphsShared(false)
      let own: Awaited<ReturnType<typeof produceDocument>>
      try {
        own = await produceDocument('agreement', agreementData('fr', 'final'), 'fr')
      } finally {
        setSubsetGlyphsShared(true)
      }
      expect(shared.bytes.equals(own.bytes)).toBe(true)
      expect(again.bytes.equals(own.bytes)).toBe(true)
      const fonts = pdfFonts(shared.bytes)
      expect(fonts.length).toBeGreaterThan(0)
      expect(fonts.every((f) => f.embedded)).toBe(true)
      expect(normalise(pdfText(shared.bytes).all)).toContain('Convention')
    },
    RENDER_TIMEOUT,
  )
})
