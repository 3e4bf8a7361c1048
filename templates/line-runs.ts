import { createRequire } from 'node:module'
import { knownPdfmake } from './font-cache'

/**
 * Words drawn as runs. pdfmake draws every word of a line as a text object of its own (opacity,
 * colour, font, position, glyphs, a dozen operators each), which is most of what a long table
 * costs to write: the programme report of a large portfolio drew 150 000 words one by one.
 * Consecutive words of a line in the same face, size, colour and opacity, placed end to end, are
 * drawn as one text instead. Only where the word before ends with a space or a tab, which is where
 * pdfkit splits a text into the words it shapes: the run is shaped word by word exactly as the
 * words were, so the same glyphs land at the same places. Justified words (spread apart), links,
 * page references, decorations, character spacing, font features and superscripts are drawn as
 * pdfmake draws them.
 */

/** A laid-out word as pdfmake's Renderer reads it. */
interface Inline {
  text: string
  x: number
  width: number
  height?: number
  font: unknown
  fontSize: number
  color?: unknown
  opacity?: number
  characterSpacing?: number
  fontFeatures?: unknown
  link?: unknown
  linkToPage?: unknown
  linkToDestination?: unknown
  _pageNodeRef?: unknown
  sup?: boolean
  sub?: boolean
  decoration?: unknown
  background?: unknown
}

/** pdfmake's Line, as far as this module reads it. */
interface Line {
  inlines: Inline[]
  /** A page reference: pdfmake writes the page number over the line's first word. */
  _pageNodeRef?: unknown
  getHeight(): number
  getAscenderHeight(): number
}

interface RendererClass {
  prototype: { renderLine(this: unknown, line: Line, x: number, y: number): void }
}

/** Closer than this (in points), two words are end to end: pdfmake adds their widths one by one. */
const TOUCHING = 1e-6

/** Whether a word is drawn in the plain way a run can stand for. */
function plain(inline: Inline): boolean {
  return (
    !inline.characterSpacing &&
    !inline.fontFeatures &&
    !inline.link &&
    !inline.linkToPage &&
    !inline.linkToDestination &&
    !inline._pageNodeRef &&
    !inline.sup &&
    !inline.sub &&
    !inline.decoration &&
    !inline.background
  )
}

/** Whether `next` may be drawn in the same text as `last`, the last word of a run. */
function continues(last: Inline, next: Inline): boolean {
  return (
    plain(next) &&
    next.font === last.font &&
    next.fontSize === last.fontSize &&
    next.color === last.color &&
    (next.opacity ?? 1) === (last.opacity ?? 1) &&
    next.height === last.height &&
    /[ \t]$/.test(last.text) &&
    Math.abs(last.x + last.width - next.x) < TOUCHING
  )
}

const counts = { words: 0, texts: 0 }

/** How many words pdfmake laid out and how many texts drew them (the tests' way to see it). */
export function lineRunCounts(): { words: number; texts: number } {
  return { ...counts }
}

/** A line's words as the texts to draw: runs of words that continue one another, others alone. */
export function lineRuns(inlines: readonly Inline[]): Inline[] {
  const runs: Inline[] = []
  let last: Inline | null = null
  for (const inline of inlines) {
    const run = runs[runs.length - 1]
    if (last && plain(last) && continues(last, inline)) {
      run.text += inline.text
      run.width += inline.width
    } else {
      runs.push({ ...inline })
    }
    last = inline
  }
  return runs
}

let installed = false

/** Makes pdfmake (the one templates/render.ts uses) draw the words of a line as runs. */
export function installLineRuns(): void {
  if (installed || !knownPdfmake()) return
  const Renderer = (createRequire(__filename)('pdfmake/js/Renderer') as { default: RendererClass }).default
  const renderLine = Renderer.prototype.renderLine
  Renderer.prototype.renderLine = function (this: unknown, line: Line, x: number, y: number) {
    counts.words += line.inlines.length
    const runs = line.inlines.length > 1 && !line._pageNodeRef ? lineRuns(line.inlines) : line.inlines
    counts.texts += runs.length
    if (runs === line.inlines || runs.length === line.inlines.length) return renderLine.call(this, line, x, y)
    // The line itself (its outline entry, its id, its height) with the runs as its words.
    const drawn = Object.create(line) as Line
    drawn.inlines = runs
    drawn.getHeight = () => line.getHeight()
    drawn.getAscenderHeight = () => line.getAscenderHeight()
    return renderLine.call(this, drawn, x, y)
  }
  installed = true
}
