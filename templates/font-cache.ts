import { createRequire } from 'node:module'

/**
 * Font faces parsed and words shaped once per process. For every document pdfkit parsed each TTF
 * again (fontkit decoding its tables) and shaped every word again (GSUB and GPOS lookups), which
 * was more than half of the time an agreement took. pdfmake's document class is replaced by a
 * subclass that gives each document's face the tables the process already decoded, and the glyphs
 * and positions of the words already shaped in that face.
 *
 * A document still gets its own fontkit font object: its glyph objects record the characters they
 * were first met for, which become the PDF's text (ToUnicode), so they must start fresh in every
 * document for the same definition to give the same bytes whatever was rendered before. A shaped
 * word is therefore replayed in the document's own font, asking it for the same glyphs with the
 * same characters in the same order as shaping would; only words whose glyphs stand for their
 * characters in order (one each, or several for a ligature) are kept. The glyphs a document's
 * subset embeds are likewise read from the face once (see shareSubsetGlyphs).
 */

/** The fontkit font as this module uses it (see fontkit's TTFFont). */
interface FontkitFont {
  _tables: Record<string, unknown>
  glyphsForString(text: string): FontkitGlyph[]
  getGlyph(id: number, codePoints?: number[]): FontkitGlyph
}

interface FontkitGlyph {
  id: number
  codePoints: number[]
}

/** What pdfkit caches per word: the glyphs, their positions (in thousandths of the em) and the total advance. */
interface WordRun {
  glyphs: FontkitGlyph[]
  positions: { xAdvance: number }[]
  advanceWidth: number
}

/** fontkit's TrueType subset (TTFSubset) as far as this module reads it: the glyphs it writes, as it encodes them. */
interface Subset {
  font: FontkitFont & {
    _variationProcessor?: unknown
    loca: { offsets: number[] }
    _getTableStream(tag: string): { pos: number; readBuffer(length: number): Uint8Array }
  }
  glyf: Uint8Array[]
  loca: { offsets: number[] }
  hmtx: { metrics: { advance: number; bearing: number }[] }
  offset: number
  includeGlyph(id: number): number
  _addGlyph(id: number): number
}

/** What a subset writes for one glyph of a face: its bytes, the glyphs it is made of (a composite glyph), its metrics. */
interface SubsetGlyph {
  bytes: Uint8Array
  /** For a composite glyph (« é » as « e » and an accent): each component's glyph and where its id is written in the bytes. */
  components: { glyphID: number; pos: number }[] | null
  advance: number
  bearing: number
}

/** pdfkit's embedded font: one face in one document (its subset), with its per-document word cache. */
interface EmbeddedFont {
  subset?: Subset
  font: FontkitFont
  layoutCache?: Record<string, WordRun>
  layoutRun(text: string): WordRun
  layoutCached(text: string): WordRun
  widthOfString(text: string, size: number, features?: unknown): number
}

/** A word shaped once: its glyph ids and positions, the same in every document. */
interface ShapedWord {
  ids: number[]
  /** How many of the word's characters each glyph stands for: 1, or 2 and more for a ligature (« fi »). */
  spans: number[]
  positions: { xAdvance: number }[]
  advanceWidth: number
}

/** A face as the process keeps it. */
interface Face {
  /** The decoded tables of the first font parsed from the file, shared by every later one (as fontkit's own variations share them). */
  tables: Record<string, unknown>
  words: Map<string, ShapedWord>
  /** The glyphs subsets have written, by id. */
  glyphs: Map<number, SubsetGlyph>
}

/** Past this many words a face's shaped words start again, so a long-lived worker's memory stays bounded. */
const MAX_SHAPED_WORDS = 100_000

const faces = new Map<string, Face>()
const counts = { facesDecoded: 0, wordsShaped: 0, glyphsDecoded: 0 }

/** How many faces this process has decoded, words it has shaped and glyphs it has read for subsets: each once, whatever the number of documents (the tests' way to see it). */
export function fontCacheCounts(): { facesDecoded: number; wordsShaped: number; glyphsDecoded: number } {
  return { ...counts }
}

let glyphsShared = true

/** Turns the sharing of subset glyphs off (fontkit reading every glyph again in every document) or on again: for tests that compare the bytes. */
export function setSubsetGlyphsShared(on: boolean): void {
  glyphsShared = on
}

/** A glyph as fontkit's TTFSubset._addGlyph reads it from the face: decoded, to know whether it is composite and of what. */
function subsetGlyph(font: Subset['font'], id: number): SubsetGlyph {
  const glyph = font.getGlyph(id) as FontkitGlyph & {
    _decode(): { numberOfContours: number; components?: { glyphID: number; pos: number }[] } | null
    advanceWidth: number
    _getMetrics(): { leftBearing: number }
  }
  const glyf = glyph._decode()
  const stream = font._getTableStream('glyf')
  stream.pos += font.loca.offsets[id]
  // A copy: the subset writes it (or a copy with its components renumbered) in every document.
  const bytes = new Uint8Array(stream.readBuffer(font.loca.offsets[id + 1] - font.loca.offsets[id]))
  const components = glyf && glyf.numberOfContours < 0 ? (glyf.components ?? []).map((c) => ({ glyphID: c.glyphID, pos: c.pos })) : null
  counts.glyphsDecoded++
  return { bytes, components, advance: glyph.advanceWidth, bearing: glyph._getMetrics().leftBearing }
}

/**
 * Makes a document's subset write each glyph from what the face already read: fontkit decodes every
 * glyph's outline again in every document only to learn whether it is composite. The same bytes in
 * the same order: a composite glyph's components are added to the subset, and renumbered, as
 * fontkit does.
 */
function shareSubsetGlyphs(subset: Subset, face: Face): void {
  const addGlyph = subset._addGlyph
  subset._addGlyph = function (this: Subset, id: number): number {
    // A variable font's glyphs are drawn for the document's variation: fontkit's own way.
    if (!glyphsShared || this.font._variationProcessor) return addGlyph.call(this, id)
    let glyph = face.glyphs.get(id)
    if (!glyph) {
      glyph = subsetGlyph(this.font, id)
      face.glyphs.set(id, glyph)
    }
    let bytes = glyph.bytes
    if (glyph.components) {
      bytes = new Uint8Array(glyph.bytes)
      const view = new DataView(bytes.buffer)
      for (const component of glyph.components) view.setUint16(component.pos, this.includeGlyph(component.glyphID))
    }
    this.glyf.push(bytes)
    this.loca.offsets.push(this.offset)
    this.hmtx.metrics.push({ advance: glyph.advance, bearing: glyph.bearing })
    this.offset += bytes.length
    return this.glyf.length - 1
  }
}

function sameCodePoints(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((cp, i) => cp === b[i])
}

/**
 * A word laid out in a document's font from its shaped glyphs, getting each glyph from that font
 * as shaping would: first one per character (fontkit's glyphsForString), then each shaped glyph
 * with the characters of the glyphs it replaces (all of them, in order, for a ligature). Null when
 * the word no longer has as many characters.
 */
function replay(font: FontkitFont, text: string, word: ShapedWord): WordRun | null {
  const characters = font.glyphsForString(text)
  if (characters.length !== word.spans.reduce((sum, n) => sum + n, 0)) return null
  let at = 0
  const glyphs = word.ids.map((id, i) => {
    const span = word.spans[i]
    const codePoints = span === 1 ? [...characters[at].codePoints] : characters.slice(at, at + span).flatMap((c) => c.codePoints)
    at += span
    return font.getGlyph(id, codePoints)
  })
  return { glyphs, positions: word.positions, advanceWidth: word.advanceWidth }
}

/**
 * The word as the face keeps it, when each glyph stands for one character or for the characters
 * that follow it (a ligature), as their characters show; any other shaping (a glyph split in two,
 * reordered marks) is done again in each document.
 */
function shaped(font: FontkitFont, text: string, run: WordRun): ShapedWord | null {
  // Shaping has already met every one of these characters: this creates no glyph.
  const characters = font.glyphsForString(text)
  const spans: number[] = []
  let at = 0
  for (const glyph of run.glyphs) {
    let span = 0
    const joined: number[] = []
    while (joined.length < glyph.codePoints.length && at + span < characters.length) joined.push(...characters[at + span++].codePoints)
    if (span === 0 || !sameCodePoints(joined, glyph.codePoints)) return null
    spans.push(span)
    at += span
  }
  if (at !== characters.length) return null
  return { ids: run.glyphs.map((g) => g.id), spans, positions: run.positions, advanceWidth: run.advanceWidth }
}

/** Makes a document's embedded font use the face's decoded tables and shaped words. */
function share(embedded: EmbeddedFont, face: Face): void {
  embedded.font._tables = face.tables
  if (embedded.subset && typeof embedded.subset._addGlyph === 'function') shareSubsetGlyphs(embedded.subset, face)
  const cache = embedded.layoutCache
  if (!cache) return
  embedded.layoutCached = function layoutCached(this: EmbeddedFont, text: string): WordRun {
    const known = cache[text]
    if (known) return known
    const word = face.words.get(text)
    let run = word ? replay(this.font, text, word) : null
    if (!run) {
      const shapedRun = this.layoutRun(text)
      counts.wordsShaped++
      // fontkit's run sums its advances at every reading: read once.
      run = { glyphs: shapedRun.glyphs, positions: shapedRun.positions, advanceWidth: shapedRun.advanceWidth }
      const kept = shaped(this.font, text, run)
      if (kept) {
        if (face.words.size >= MAX_SHAPED_WORDS) face.words.clear()
        face.words.set(text, kept)
      }
    }
    cache[text] = run
    return run
  }
  const widthOfString = embedded.widthOfString
  /**
   * pdfkit's width of a text (what pdfmake measures every word with): the same words looked up in
   * the same order and their advances added in the same order, without pdfkit's array per character.
   */
  embedded.widthOfString = function (this: EmbeddedFont, text: string, size: number, features?: unknown): number {
    if (features) return widthOfString.call(this, text, size, features)
    let width = 0
    let last = 0
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i)
      if (c === 32 || c === 9) {
        width += this.layoutCached(text.slice(last, i + 1)).advanceWidth
        last = i + 1
      }
    }
    if (last < text.length) width += this.layoutCached(text.slice(last)).advanceWidth
    return width * (size / 1000)
  }
}

/** The pdfkit side of pdfmake's document, as far as this module reads it. */
interface PdfKitFonts {
  fontCache: Record<string, Record<string, EmbeddedFont | undefined> | undefined>
  virtualfs: { existsSync(name: string): boolean } | null
  getFontType(bold: boolean, italics: boolean): string
  getFontFile(family: string, bold: boolean, italics: boolean): unknown
  provideFont(family: string, bold: boolean, italics: boolean): EmbeddedFont
}

let installed = false

/**
 * Whether pdfmake is the one whose internals font-cache.ts and measure-cache.ts were written and
 * checked against (0.3, with pdfkit 0.19, which brings fontkit 2): another one renders without them.
 */
export function knownPdfmake(): boolean {
  try {
    const requireHere = createRequire(__filename)
    const pdfmake = (requireHere('pdfmake/package.json') as { version: string }).version
    const pdfkit = (createRequire(requireHere.resolve('pdfmake'))('pdfkit/package.json') as { version: string }).version
    return pdfmake.startsWith('0.3.') && pdfkit.startsWith('0.19.')
  } catch {
    return false
  }
}

/**
 * Makes pdfmake (the instance templates/render.ts uses) share its faces' tables and shaped words
 * across documents. Only faces read from pdfmake's virtual file system are shared (render.ts puts
 * every face there); anything else goes pdfmake's own way, errors included.
 */
export function installFontCache(): void {
  if (installed || !knownPdfmake()) return
  const exported = createRequire(__filename)('pdfmake/js/PDFDocument') as { default: new (...args: unknown[]) => PdfKitFonts }
  const Base = exported.default

  class SharedFacesDocument extends Base {
    /** The embedded fonts already set up in this document (pdfkit hands back the same one for another style of the same face). */
    private readonly sharing = new Set<EmbeddedFont>()

    override provideFont(family: string, bold: boolean, italics: boolean): EmbeddedFont {
      // Asked for every word: a face this document already has is handed back at once.
      const known = this.fontCache[family]?.[this.getFontType(bold, italics)]
      if (known) return known
      const font = super.provideFont(family, bold, italics)
      const file = this.getFontFile(family, bold, italics)
      if (this.sharing.has(font) || typeof file !== 'string' || !this.virtualfs?.existsSync(file) || !font.font?._tables) return font
      this.sharing.add(font)
      let face = faces.get(file)
      if (!face) {
        face = { tables: font.font._tables, words: new Map(), glyphs: new Map() }
        faces.set(file, face)
        counts.facesDecoded++
      }
      share(font, face)
      return font
    }
  }

  exported.default = SharedFacesDocument
  installed = true
}
