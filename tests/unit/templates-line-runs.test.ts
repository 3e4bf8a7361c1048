import { describe, expect, it } from 'vitest'
import { lineRunCounts, lineRuns } from '../../templates/line-runs'
import { buildProgrammeReport } from '../../templates/programme'
import { renderPdf } from '../../templates/render'
import { programmeData, pdfText } from './fixtures/documents'

/** Rendering real PDFs takes seconds on a busy machine. */
const RENDER_TIMEOUT = 60_000

const font = { name: 'Roboto' }
/** Words laid end to end from x = 0, as pdfmake places those of a left-aligned line. */
function words(texts: string[], style: Record<string, unknown> = {}) {
  let x = 0
  return texts.map((text) => {
    const inline = { text, x, width: text.length * 4.1, height: 10.5, font, fontSize: 8.2, color: '#1B1F24', ...style }
    x += inline.width
    return inline
  })
}

describe('the words of a line drawn as runs', () => {
  it('draws words of one style placed end to end as one text, at the first one’s place, as wide as all of them', () => {
    const line = words(['Projet ', 'généré ', '10845 ', '(integration)'])
    const runs = lineRuns(line)
    expect(runs).toHaveLength(1)
    expect(runs[0]).toMatchObject({ text: 'Projet généré 10845 (integration)', x: 0 })
    expect(runs[0].width).toBeCloseTo(
      line.reduce((w, i) => w + i.width, 0),
      9,
    )
    // The words pdfmake laid out are left as they were.
    expect(line[0].text).toBe('Projet ')
  })

  it('keeps apart a word after a hyphen (pdfkit shapes across it), of another colour or size, or moved (justified)', () => {
    expect(lineRuns(words(['Molenbeek-', 'Saint-', 'Jean'])).map((r) => r.text)).toEqual(['Molenbeek-', 'Saint-', 'Jean'])
    const coloured = [...words(['●\u00a0'], { color: '#B3261E', fontSize: 9.7 }), ...words(['Rouge'])]
    coloured[1].x = coloured[0].width
    expect(lineRuns(coloured).map((r) => r.text)).toEqual(['●\u00a0', 'Rouge'])
    const justified = words(['Le ', 'présent ', 'article'])
    justified[1].x += 2.5
    justified[2].x += 5
    expect(lineRuns(justified).map((r) => r.text)).toEqual(['Le ', 'présent ', 'article'])
  })

  it('keeps links, decorations and spaced letters as pdfmake draws them', () => {
    expect(lineRuns(words(['see ', 'the ', 'site'], { link: 'https://example.org' }))).toHaveLength(3)
    expect(lineRuns(words(['a ', 'b'], { decoration: 'underline' }))).toHaveLength(2)
    expect(lineRuns(words(['a ', 'b'], { characterSpacing: 1 }))).toHaveLength(2)
  })

  it(
    'draws the programme report’s project list with far fewer texts than words, every project still in it',
    async () => {
      const data = programmeData('fr')
      const before = lineRunCounts()
      const { bytes } = await renderPdf(buildProgrammeReport(data, 'fr'))
      const after = lineRunCounts()
      const drawnWords = after.words - before.words
      const texts = after.texts - before.texts
      expect(drawnWords).toBeGreaterThan(0)
      expect(texts).toBeLessThan(drawnWords * 0.8)
      const all = pdfText(bytes).all
      for (const p of data.projects) expect(all).toContain(p.code)
    },
    RENDER_TIMEOUT,
  )
})
