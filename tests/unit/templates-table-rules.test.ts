import { describe, expect, it } from 'vitest'
import { buildProgrammeReport } from '../../templates/programme'
import { renderPdf } from '../../templates/render'
import { tableRuleCounts } from '../../templates/table-rules'
import { programmeData, pdfText } from './fixtures/documents'

/** Rendering real PDFs takes seconds on a busy machine. */
const RENDER_TIMEOUT = 60_000

describe('the rules of a table', () => {
  it(
    'draws the rule under each row of the programme report’s tables as one line, not one per cell, every project still listed',
    async () => {
      const data = programmeData('nl')
      const before = tableRuleCounts()
      const { bytes } = await renderPdf(buildProgrammeReport(data, 'nl'))
      const after = tableRuleCounts()
      const pieces = after.pieces - before.pieces
      const lines = after.lines - before.lines
      // The project list has nine columns, the table of objectives ten: their rules were drawn in as many pieces.
      expect(pieces).toBeGreaterThan(9 * data.projects.length)
      expect(lines).toBeLessThan(pieces / 5)
      const all = pdfText(bytes).all
      for (const p of data.projects) expect(all).toContain(p.code)
    },
    RENDER_TIMEOUT,
  )
})
