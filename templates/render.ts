import pdfmake from 'pdfmake'
import type { BackgroundContent, Content, DocumentDefinition, PageContent } from './definition'
import { FONT_FAMILY, readRobotoFaces, readStatementFace, STATEMENT_FONT_FAMILY, STATEMENT_VIRTUAL_NAME, virtualFontName, type FontStyle } from './fonts'
import { installContentBuffer } from './content-buffer'
import { installFontCache } from './font-cache'
import { installHeadingKeeper } from './keep-headings'
import { breakLongWords } from './format'
import { installLineRuns } from './line-runs'
import { installMeasureCache } from './measure-cache'
import { installTableRules } from './table-rules'

/**
 * The one way a document definition becomes PDF bytes. pdfmake is set up once per process:
 * Roboto and Ubuntu (the funding statement's) loaded into its virtual file system, each face parsed once (font-cache.ts), texts
 * measured once (measure-cache.ts), headings kept with what follows them in one layout pass (keep-headings.ts), page content turned into bytes once (content-buffer.ts), and every access to a URL or to a local file refused, so a definition can only use what it
 * carries itself (text, vectors, data URLs).
 */

let configured = false

/** Loads the fonts now rather than at the first document (a render worker does it once, as it starts). */
export function configure(): void {
  if (configured) return
  const faces = readRobotoFaces()
  for (const style of Object.keys(faces) as FontStyle[]) pdfmake.virtualfs.writeFileSync(virtualFontName(style), faces[style])
  pdfmake.virtualfs.writeFileSync(STATEMENT_VIRTUAL_NAME, readStatementFace())
  pdfmake.addFonts({
    [FONT_FAMILY]: {
      normal: virtualFontName('normal'),
      bold: virtualFontName('bold'),
      italics: virtualFontName('italics'),
      bolditalics: virtualFontName('bolditalics'),
    },
    // The funding statement is never bold nor italic (Annex IX): one face serves every style.
    [STATEMENT_FONT_FAMILY]: {
      normal: STATEMENT_VIRTUAL_NAME,
      bold: STATEMENT_VIRTUAL_NAME,
      italics: STATEMENT_VIRTUAL_NAME,
      bolditalics: STATEMENT_VIRTUAL_NAME,
    },
  })
  pdfmake.setUrlAccessPolicy(() => false)
  pdfmake.setLocalAccessPolicy(() => false)
  installFontCache()
  installMeasureCache()
  installContentBuffer()
  installLineRuns()
  installTableRules()
  installHeadingKeeper()
  configured = true
}

/**
 * svg-to-pdfkit opens the images an SVG names by itself, past pdfmake's access policies, so an
 * SVG node is refused outright: the templates draw with canvas vectors instead.
 */
function refuseSvg(value: unknown): void {
  if (Array.isArray(value)) {
    value.forEach(refuseSvg)
    return
  }
  if (value === null || typeof value !== 'object') return
  if (Object.hasOwn(value, 'svg')) throw new Error('SVG content is not allowed in documents (it could read files past the access policy).')
  Object.values(value).forEach(refuseSvg)
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

/**
 * A copy of content in which every text (a `text` value, a string in a list, a table cell) has
 * its long words broken (see breakLongWords), so that no value from a file can make layout
 * quadratic. Other strings (images, styles, links) are left as they are.
 */
export function withLongWordsBroken<T>(node: T, isText = true): T {
  if (typeof node === 'string') return (isText ? breakLongWords(node) : node) as T
  if (Array.isArray(node)) return node.map((item) => withLongWordsBroken(item, true)) as T
  if (!isPlainObject(node)) return node
  const copy: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(node)) copy[key] = withLongWordsBroken(value, key === 'text')
  return copy as T
}

/** Content checked for SVG, with its long words broken. */
function prepared<T>(content: T): T {
  refuseSvg(content)
  return withLongWordsBroken(content)
}

/** A header, footer or background prepared (see `prepared`) on every page it is drawn for. */
function checked<T extends PageContent | BackgroundContent>(part: T | Content | undefined): T | Content | undefined {
  if (typeof part !== 'function') return prepared(part)
  const draw = part as (...args: unknown[]) => Content | null
  return ((...args: unknown[]) => prepared(draw(...args))) as T
}

/**
 * Renders a definition to PDF bytes and the exact number of pages. The definition must carry its
 * creation date (the document stamp's `producedAt`): with it, the same definition gives the same
 * bytes. Rejects when the definition names a URL or a local file, an unknown font, or an SVG.
 */
export async function renderPdf(definition: DocumentDefinition): Promise<{ bytes: Buffer; pageCount: number }> {
  configure()
  const creationDate = definition.info?.creationDate
  if (!(creationDate instanceof Date) || Number.isNaN(creationDate.getTime())) {
    throw new Error("A document definition needs info.creationDate (the stamp's producedAt) so that its bytes are reproducible.")
  }
  // pdfmake writes defaults into the object it is given: hand it a copy (content is copied by `prepared`).
  const copy: DocumentDefinition = {
    ...definition,
    content: prepared(definition.content),
    header: checked<PageContent>(definition.header),
    footer: checked<PageContent>(definition.footer),
    background: checked<BackgroundContent>(definition.background),
    info: { creator: 'AMIF Desk', producer: 'AMIF Desk (pdfmake)', ...definition.info },
    images: definition.images ? { ...definition.images } : undefined,
  }
  // bufferPages keeps every page until the end, so pdfkit can say how many there are.
  const output = pdfmake.createPdf(copy, { bufferPages: true })
  const pdfDocument = await output.getStream()
  const pageCount = pdfDocument.bufferedPageRange().count
  const bytes = await output.getBuffer()
  return { bytes, pageCount }
}
