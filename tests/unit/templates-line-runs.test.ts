import { describe, expect, it } from 'vitest'
import { produceDocument } from '../../templates/index'
import { lineRunCounts, lineRuns, setSpreadRuns } from '../../templates/line-runs'
import { buildProgrammeReport } from '../../templates/programme'
import { renderPdf } from '../../templates/render'
import { agreementData, normalise, pageImages, programmeData, pdfText } from './fixtures/documents'

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
    expect(runs[0].drawn).toMatchObject({ text: 'Projet généré 10845 (integration)', x: 0 })
    expect(runs[0].spacing).toBeUndefined()
    expect(runs[0].drawn.width).toBeCloseTo(
      line.reduce((w, i) => w + i.width, 0),
      9,
    )
    // The words pdfmake laid out are left as they were.
    expect(line[0].text).toBe('Projet ')
  })

  it('keeps apart a word end to end after a hyphen (pdfkit shapes across it), or of another colour or size', () => {
    expect(lineRuns(words(['Molenbeek-', 'Saint-', 'Jean'])).map((r) => r.drawn.text)).toEqual(['Molenbeek-', 'Saint-', 'Jean'])
    const coloured = [...words(['●\u00a0'], { color: '#B3261E', fontSize: 9.7 }), ...words(['Rouge'])]
    coloured[1].x = coloured[0].width
    expect(lineRuns(coloured).map((r) => r.drawn.text)).toEqual(['●\u00a0', 'Rouge'])
  })

  it('draws the words of a justified line as one text, each word with the space pdfmake put after it', () => {
    const justified = words(['Le ', 'présent ', 'article'])
    justified[1].x += 2.5
    justified[2].x += 5
    const runs = lineRuns(justified)
    expect(runs).toHaveLength(1)
    expect(runs[0].drawn).toMatchObject({ text: 'Le présent article', x: 0 })
    expect(runs[0].drawn.width).toBeCloseTo(justified[2].x + justified[2].width, 9)
    expect(runs[0].spacing?.words).toEqual(['Le ', 'présent ', 'article'])
    expect(runs[0].spacing?.gaps.map((g) => Number(g.toFixed(9)))).toEqual([2.5, 2.5])
    // The words pdfmake laid out are left as they were.
    expect(justified.map((w) => w.text)).toEqual(['Le ', 'présent ', 'article'])
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

  it(
    'draws a justified agreement with a text per line instead of a text per word: the same pages, pixel for pixel, and the same text in order, in French and Dutch',
    async () => {
      for (const lang of ['fr', 'nl'] as const) {
        const data = agreementData(lang)
        const before = lineRunCounts()
        const spread = await produceDocument('agreement', data, lang)
        const after = lineRunCounts()
        setSpreadRuns(false)
        let wordByWord: Awaited<ReturnType<typeof produceDocument>>
        try {
          wordByWord = await produceDocument('agreement', data, lang)
        } finally {
          setSpreadRuns(true)
        }
        // The articles are justified: most of their words are drawn within a line's one text.
        expect(after.texts - before.texts).toBeLessThan((after.words - before.words) * 0.4)
        expect(spread.bytes.length).toBeLessThan(wordByWord.bytes.length)
        const images = pageImages(spread.bytes, 100)
        const expected = pageImages(wordByWord.bytes, 100)
        expect(images.length).toBe(expected.length)
        images.forEach((image, page) => expect(image.equals(expected[page]), `page ${page + 1} (${lang})`).toBe(true))
        const text = pdfText(spread.bytes)
        const wordText = pdfText(wordByWord.bytes)
        expect(text.raw).toEqual(wordText.raw)
        expect(text.layout).toEqual(wordText.layout)
        // Each article reads in order, word after word, once the lines are joined.
        const all = normalise(text.raw.join(' ').replace(/-\n/g, '-'))
        const long = data.clauses.filter((c) => c.body.length > 200)
        expect(long.length).toBeGreaterThan(5)
        for (const clause of long) {
          const sentence = normalise(clause.body).split('. ')[0].slice(0, 120)
          expect(all, `${lang}: ${clause.title}`).toContain(sentence)
        }
      }
    },
    RENDER_TIMEOUT * 2,
  )
})
