import { describe, expect, it } from 'vitest'
import { setHeadingKeeping } from '../../templates/keep-headings'
import { produceDocument } from '../../templates/index'
import type { AgreementData, DocLanguage } from '../../templates/types'
import { agreementData, normalise, pdfText } from './fixtures/documents'

/** Rendering real PDFs takes seconds on a busy machine. */
const RENDER_TIMEOUT = 120_000

/** The fixture's agreement with its first article longer by `words` words: every heading after it moves down the pages. */
function lengthened(lang: DocLanguage, words: number): AgreementData {
  const data = agreementData(lang)
  return { ...data, clauses: data.clauses.map((c, i) => (i === 0 ? { ...c, body: `${c.body}${' mot'.repeat(words)}` } : c)) }
}

const REFERENCE = 'AMIF-2025-RV-03/CONV/v2'

/**
 * The article headings that end the text of their page: on each page pdftotext gives the text first,
 * then the running header and footer (both name the reference), then the watermark.
 */
async function headingsAlone(data: AgreementData, lang: DocLanguage): Promise<string[]> {
  const { bytes } = await produceDocument('agreement', data, lang)
  const alone: string[] = []
  pdfText(bytes).raw.forEach((page, i) => {
    const text = normalise(page)
    const end = text.indexOf(REFERENCE)
    for (const match of text.matchAll(/Artikel \d+ – /g)) {
      const after = text.slice(match.index, end)
      const title = data.clauses.find((c) => after.startsWith(`${match[0]}${normalise(c.title)}`))?.title
      // The running header (page 2 on) starts with the document's title; page 1's footer with the reference.
      const rest = title ? after.slice(`${match[0]}${normalise(title)}`.length).trim() : after
      if (title && (rest === '' || rest === 'Subsidieovereenkomst')) alone.push(`${match[0]}${title} (page ${i + 1})`)
    }
  })
  return alone
}

describe('headings kept with their text', () => {
  it(
    'moves an article heading that would stand at the foot of a page to the next page, with its text',
    async () => {
      // Lengthening the first article by 20 words at a time walks every later heading down the page's foot.
      const cases = [0, 20, 40, 60, 80, 100].map((words) => lengthened('nl', words))
      setHeadingKeeping(false)
      const alone: string[] = []
      try {
        for (const data of cases) alone.push(...(await headingsAlone(data, 'nl')))
      } finally {
        setHeadingKeeping(true)
      }
      // Without keeping, some heading is left at a page's foot: the cases do reach the situation.
      expect(alone.length).toBeGreaterThan(0)
      for (const data of cases) expect(await headingsAlone(data, 'nl')).toEqual([])
    },
    RENDER_TIMEOUT,
  )
})
