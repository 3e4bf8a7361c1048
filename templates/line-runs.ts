import { createRequire } from 'node:module'
import { knownPdfmake } from './font-cache'

/**
 * Words drawn as runs. pdfmake draws every word of a line as a text object of its own (opacity,
 * colour, font, position, glyphs, a dozen operators each), which is most of what a long table
 * costs to write: the programme report of a large portfolio drew 150 000 words one by one.
 * Consecutive words of a line in the same face, size, colour and opacity are drawn as one text
 * instead:
 * - placed end to end, only where the word before ends with a space or a tab, which is where
 *   pdfkit splits a text into the words it shapes: the run is shaped word by word exactly as the
 *   words were, so the same glyphs land at the same places;
 * - spread apart (a justified line: pdfmake moves each word right by the same amount), each word
 *   encoded on its own as pdfmake had it drawn, and the space pdfmake put after it added to the
 *   advance of its last glyph (a TJ adjustment), so each word starts where it was drawn before.
 * Links, page references, decorations, character spacing, font features and superscripts are drawn
 * as pdfmake draws them.
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

/** A run of words spread apart: each word's text and the space after it (in points), the last one's not counted. */
interface Spacing {
  font: unknown
  fontSize: number
  words: string[]
  gaps: number[]
}

/** A text to draw: the word pdfmake laid out, or one standing for several (their text, from the first one's place to the last one's end). */
interface Run {
  drawn: Inline
  words: Inline[]
  /** Set when the words are spread apart. */
  spacing?: Spacing
}

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

/** Whether `next` has the style of `last`, the last word of a run, so that one text may draw both. */
function sameStyle(last: Inline, next: Inline): boolean {
  return (
    plain(next) &&
    next.font === last.font &&
    next.fontSize === last.fontSize &&
    next.color === last.color &&
    (next.opacity ?? 1) === (last.opacity ?? 1) &&
    next.height === last.height
  )
}

/** The space between two words of a line, in points (0 when they are end to end). */
function gapBetween(last: Inline, next: Inline): number {
  const gap = next.x - (last.x + last.width)
  return Math.abs(gap) < TOUCHING ? 0 : gap
}

/**
 * Whether `next` may be drawn in the same text as `last`: end to end after a space or a tab, or
 * further right (a spread word is encoded on its own). Never with a newline, which pdfkit drops.
 */
function continues(last: Inline, next: Inline): boolean {
  if (!sameStyle(last, next) || next.text.length === 0 || next.text.includes('\n')) return false
  const gap = gapBetween(last, next)
  return gap === 0 ? /[ \t]$/.test(last.text) : gap > 0 && Number.isFinite(gap)
}

const counts = { words: 0, texts: 0 }

/** How many words pdfmake laid out and how many texts drew them (the tests' way to see it). */
export function lineRunCounts(): { words: number; texts: number } {
  return { ...counts }
}

/** A line's words as the texts to draw: runs of words that continue one another, others alone. */
export function lineRuns(inlines: readonly Inline[]): Run[] {
  const runs: Run[] = []
  let last: Inline | null = null
  for (const inline of inlines) {
    const run = runs[runs.length - 1]
    if (last && plain(last) && !last.text.includes('\n') && continues(last, inline)) {
      const gap = gapBetween(last, inline)
      if (gap > 0 || run.spacing) {
        run.spacing ??= { font: run.drawn.font, fontSize: run.drawn.fontSize, words: run.words.map((w) => w.text), gaps: run.words.slice(1).map(() => 0) }
        run.spacing.words.push(inline.text)
        run.spacing.gaps.push(gap)
      }
      run.drawn.text += inline.text
      run.drawn.width = inline.x + inline.width - run.drawn.x
      run.words.push(inline)
    } else {
      // Every text drawn is a copy (the words pdfmake laid out stay as they are): pdfkit meets objects of one shape.
      runs.push({ drawn: { ...inline }, words: [inline], spacing: undefined })
    }
    last = inline
  }
  return runs
}

/** pdfkit's embedded font as the spread runs use it: `encode` gives a text's glyphs (hex) and their positions. */
interface EncodingFont {
  encode(text: string, features?: unknown): [string[], Position[]]
}

interface Position {
  xAdvance: number
}

/** The spread runs of the line being drawn, by their text: what `encode` is asked for. */
let spreadRuns: Map<string, Spacing> | null = null
let spreading = true

/** Turns the drawing of spread words as one text off (word by word, as pdfmake draws them) or on again: for tests that compare the pages. */
export function setSpreadRuns(on: boolean): void {
  spreading = on
}
const encodingFonts = new WeakSet<object>()

/**
 * Makes a font's kind encode a spread run as its words one by one, the space after each word added
 * to its last glyph's advance (in thousandths of the size, as pdfkit writes TJ adjustments).
 */
function encodeSpreadRuns(font: EncodingFont): boolean {
  const proto = Object.getPrototypeOf(font) as EncodingFont | null
  if (!proto || typeof proto.encode !== 'function') return false
  if (encodingFonts.has(proto)) return true
  const encode = proto.encode
  proto.encode = function (this: EncodingFont, text: string, features?: unknown): [string[], Position[]] {
    const spacing = features === undefined ? spreadRuns?.get(text) : undefined
    if (!spacing || spacing.font !== this) return encode.call(this, text, features)
    const glyphs: string[] = []
    const positions: Position[] = []
    const scale = 1000 / spacing.fontSize
    spacing.words.forEach((word, i) => {
      const [hex, placed] = encode.call(this, word)
      glyphs.push(...hex)
      positions.push(...placed)
      const gap = spacing.gaps[i] ?? 0
      // pdfkit's positions are its cached words' own: the last one is replaced, never changed.
      const end = positions.length - 1
      if (gap > 0 && end >= 0) positions[end] = { ...positions[end], xAdvance: positions[end].xAdvance + gap * scale }
    })
    return [glyphs, positions]
  }
  encodingFonts.add(proto)
  return true
}

/** Whether two spread runs are the same words in the same face and size, spread the same. */
function sameSpacing(a: Spacing, b: Spacing): boolean {
  return (
    a.font === b.font &&
    a.fontSize === b.fontSize &&
    a.words.length === b.words.length &&
    a.words.every((w, i) => w === b.words[i]) &&
    a.gaps.every((g, i) => g === b.gaps[i])
  )
}

/**
 * The texts to draw for a line and its spread runs by text. A spread run whose text another run of
 * the line has with other spacing, or whose font cannot encode it, is drawn word by word.
 */
function drawnRuns(inlines: readonly Inline[]): { runs: Inline[]; spread: Map<string, Spacing> } {
  const runs: Inline[] = []
  const spread = new Map<string, Spacing>()
  for (const { drawn, words, spacing } of lineRuns(inlines)) {
    if (!spacing) {
      runs.push(drawn)
      continue
    }
    const known = spread.get(drawn.text)
    if (!spreading || (known && !sameSpacing(known, spacing)) || !encodeSpreadRuns(drawn.font as EncodingFont)) {
      for (const word of words) runs.push({ ...word })
      continue
    }
    spread.set(drawn.text, spacing)
    runs.push(drawn)
  }
  return { runs, spread }
}

let installed = false

/** Makes pdfmake (the one templates/render.ts uses) draw the words of a line as runs. */
export function installLineRuns(): void {
  if (installed || !knownPdfmake()) return
  const Renderer = (createRequire(__filename)('pdfmake/js/Renderer') as { default: RendererClass }).default
  const renderLine = Renderer.prototype.renderLine
  Renderer.prototype.renderLine = function (this: unknown, line: Line, x: number, y: number) {
    counts.words += line.inlines.length
    if (line.inlines.length < 2 || line._pageNodeRef) {
      counts.texts += line.inlines.length
      return renderLine.call(this, line, x, y)
    }
    const { runs, spread } = drawnRuns(line.inlines)
    counts.texts += runs.length
    if (runs.length === line.inlines.length) return renderLine.call(this, line, x, y)
    // The line itself (its outline entry, its id, its height) with the runs as its words.
    const drawn = Object.create(line) as Line
    drawn.inlines = runs
    drawn.getHeight = () => line.getHeight()
    drawn.getAscenderHeight = () => line.getAscenderHeight()
    spreadRuns = spread
    try {
      return renderLine.call(this, drawn, x, y)
    } finally {
      spreadRuns = null
    }
  }
  installed = true
}
