import type { Alignment, Content, DocumentDefinition, Inline, Size, Style, TableLayout, TableNode, TextNode } from './definition'
import { emblemBackground } from './emblem'
import { FONT_FAMILY } from './fonts'
import { fill } from './format'
import type { DocLanguage, DocumentStamp } from './types'
import { wording } from './wording'

/**
 * The page every document shares (A4, margins, running header and footer, draft watermark,
 * metadata) and the blocks the builders compose: headings, paragraphs, field lists and tables.
 * One look for all four documents, decided here.
 */

export const COLOURS = {
  text: '#1B1F24',
  muted: '#5A6473',
  heading: '#0B2A5B',
  rule: '#B9C1CD',
  ruleStrong: '#5A6B85',
  headerFill: '#EDF1F7',
  totalFill: '#F6F7F9',
  late: '#B3261E',
  watermark: '#8C8C8C',
} as const

/** Page margins in points: left, top, right, bottom (about 22 mm at the sides). */
const PORTRAIT_MARGINS: [number, number, number, number] = [62, 64, 62, 60]
const LANDSCAPE_MARGINS: [number, number, number, number] = [48, 58, 48, 54]

const STYLES: Record<string, Style> = {
  title: { fontSize: 21, bold: true, color: COLOURS.heading, lineHeight: 1.1 },
  subtitle: { fontSize: 10.5, color: COLOURS.muted },
  projectLine: { fontSize: 12, bold: true, color: COLOURS.text, lineHeight: 1.2 },
  h1: { fontSize: 11.5, bold: true, color: COLOURS.heading, margin: [0, 16, 0, 6] },
  h2: { fontSize: 9.5, bold: true, color: COLOURS.heading, margin: [0, 10, 0, 4] },
  // Headings inside a table (see keepWithNext), which sets their margins.
  caption1: { fontSize: 11.5, bold: true, color: COLOURS.heading },
  caption2: { fontSize: 9.5, bold: true, color: COLOURS.heading },
  caption: {},
  body: { alignment: 'justify' },
  label: { fontSize: 8, color: COLOURS.muted },
  small: { fontSize: 8, color: COLOURS.muted },
  tableHeader: { fontSize: 7.5, bold: true, color: '#2B3950' },
  cell: { fontSize: 8.2 },
  total: { fontSize: 8.2, bold: true },
  late: { color: COLOURS.late, bold: true },
}

/** What a document says about itself: its running title, and the PDF's metadata. */
export interface FrameOptions {
  lang: DocLanguage
  stamp: DocumentStamp
  /** Shown in the running header and as the PDF's title. */
  title: string
  /** The PDF's subject (e.g. the project's code and title). */
  subject: string
  keywords: string[]
  orientation?: 'portrait' | 'landscape'
  content: Content[]
}

/**
 * The full definition: page, the EU emblem on page 1, header (from page 2), footer with page
 * numbers, watermark while draft, metadata.
 */
export function documentFrame(options: FrameOptions): DocumentDefinition {
  const { lang, stamp } = options
  const w = wording(lang).common
  const margins = options.orientation === 'landscape' ? LANDSCAPE_MARGINS : PORTRAIT_MARGINS
  const [left, top, right] = margins
  const status = stamp.status === 'draft' ? w.statusDraft : w.statusFinal
  const versionLine = `${stamp.reference} · ${fill(w.version, { version: stamp.version })} · ${status}`
  return {
    pageSize: 'A4',
    pageOrientation: options.orientation ?? 'portrait',
    pageMargins: margins,
    language: lang,
    info: {
      title: `${options.title} – ${stamp.reference}`,
      author: stamp.producedBy,
      subject: options.subject,
      keywords: options.keywords.join(', '),
      creationDate: new Date(stamp.producedAt),
    },
    defaultStyle: { font: FONT_FAMILY, fontSize: 9.3, lineHeight: 1.28, color: COLOURS.text },
    styles: STYLES,
    background: (currentPage) => (currentPage === 1 ? emblemBackground(left, top) : null),
    header: (currentPage, _pageCount, pageSize) =>
      currentPage === 1
        ? null
        : {
            margin: [left, 26, right, 0],
            stack: [
              {
                columns: [
                  { text: options.title, style: 'small', width: '*' },
                  { text: stamp.reference, style: 'small', width: 'auto', alignment: 'right' },
                ],
              },
              { canvas: [{ type: 'line', x1: 0, y1: 3, x2: pageSize.width - left - right, y2: 3, lineWidth: 0.4, lineColor: COLOURS.rule }] },
            ],
          },
    footer: (currentPage, pageCount) => ({
      margin: [left, 22, right, 0],
      columns: [
        { text: versionLine, style: 'small', width: '*' },
        { text: fill(w.pageOf, { page: currentPage, pages: pageCount }), style: 'small', width: 'auto', alignment: 'right' },
      ],
    }),
    watermark: stamp.status === 'draft' ? { text: w.watermark, color: COLOURS.watermark, opacity: 0.13, bold: true, fontSize: 120 } : undefined,
    content: options.content,
  }
}

/**
 * A heading followed by running text: the layout (keep-headings.ts) keeps it off the foot of a
 * page, with at least the first line of what follows. A heading followed by a table or a chart goes through
 * `keepWithNext` instead. `outline` lists it in the PDF's bookmarks.
 */
export function heading(text: string, level: 1 | 2 = 1, options: { outline?: boolean } = {}): TextNode {
  return { text, style: level === 1 ? 'h1' : 'h2', headlineLevel: level, ...(options.outline ? { outline: true } : {}) }
}

const CAPTION_STYLES = ['caption1', 'caption2', 'caption']
/** A data table's padding at its outer edges. */
const TABLE_PADDING = 4

/** How many of a table's first rows are captions (headings placed inside it by keepWithNext). */
function captionRows(node: TableNode): number {
  let n = 0
  for (const row of node.table.body) {
    const first = row[0]
    if (first && typeof first === 'object' && !Array.isArray(first) && 'style' in first && CAPTION_STYLES.includes(String(first.style))) n++
    else break
  }
  return n
}

function isTable(content: Content): content is TableNode {
  return typeof content === 'object' && !Array.isArray(content) && 'table' in content
}

/**
 * Headings kept with the table or block that follows them, exactly. pdfmake reports wrong page
 * numbers for what it moved to the next page as a block (table rows, unbreakable groups), so a
 * heading's look-ahead (keep-headings.ts) cannot tell where such a block starts. Instead a table takes its
 * headings as caption rows (repeated, like its header, on every page it runs onto, and never
 * parted from its first row); any other block (a short one: a note) is grouped with its headings
 * and moves with them. `headings` are h1 or h2 headings, or plain lines of text that introduce
 * the block.
 */
export function keepWithNext(headings: TextNode[], block: Content): Content {
  if (isTable(block)) {
    const columns = block.table.widths?.length ?? block.table.body[0]?.length ?? 1
    // The cell's padding is taken back so the caption lines up with headings outside tables.
    const left = typeof block.layout === 'object' ? -(block.layout.paddingLeft?.(0, block) ?? 0) : 0
    const captions: Content[][] = headings.map((h) => [
      h.style === 'h1'
        ? { text: h.text, style: 'caption1', colSpan: columns, margin: [left, 13, 0, 3] }
        : h.style === 'h2'
          ? { text: h.text, style: 'caption2', colSpan: columns, margin: [left, 7, 0, 1] }
          : { ...h, style: 'caption', colSpan: columns, margin: [left, 0, 0, 4] },
      ...Array.from({ length: columns - 1 }, () => ''),
    ])
    return {
      ...block,
      table: {
        ...block.table,
        body: [...captions, ...block.table.body],
        headerRows: (block.table.headerRows ?? 0) + captions.length,
        keepWithHeaderRows: Math.max(1, block.table.keepWithHeaderRows ?? 1),
      },
    }
  }
  // Inside the group a heading needs no keeping of its own: it moves with the block.
  const plain = headings.map(({ headlineLevel: _level, outline: _outline, ...rest }) => rest)
  return { stack: [...plain, block], unbreakable: true }
}

/**
 * Justified text as inlines in which every word holding a hyphen or a slash is one unbreakable
 * piece: pdfmake justifies by spreading space between all its pieces, so a word it could break at
 * a hyphen (« ci-dessous ») would otherwise be torn apart in mid-line.
 */
export function justified(text: string): Inline[] {
  const out: Inline[] = []
  let last = 0
  for (const match of text.matchAll(/[^ \t\n]*[-/][^ \t\n]*/g)) {
    const at = match.index ?? 0
    if (at > last) out.push(text.slice(last, at))
    out.push({ text: match[0], noWrap: true })
    last = at + match[0].length
  }
  if (last < text.length) out.push(text.slice(last))
  return out
}

/**
 * Paragraphs from a text whose paragraphs are separated by blank lines; within a paragraph, lines
 * that start with "- " are list items (so clause bodies can enumerate).
 */
export function paragraphs(body: string): Content[] {
  const blocks = body
    .replace(/\r\n/g, '\n')
    .split(/\n\s*\n/)
    .map((b) => b.trim())
    .filter((b) => b.length > 0)
  const out: Content[] = []
  for (const block of blocks) {
    const lines = block.split('\n')
    let prose: string[] = []
    let items: string[] = []
    const flushProse = () => {
      if (prose.length > 0) out.push({ text: justified(prose.join(' ')), style: 'body', margin: [0, 0, 0, 5] })
      prose = []
    }
    const flushItems = () => {
      if (items.length > 0) out.push({ ul: items.map((i) => ({ text: justified(i), style: 'body' })), margin: [8, 0, 0, 5] })
      items = []
    }
    for (const line of lines) {
      const item = /^\s*[-–•]\s+(.*)$/.exec(line)
      if (item) {
        flushProse()
        items.push(item[1])
      } else if (items.length > 0 && /^\s+\S/.test(line)) {
        // An indented line continues the list item above it.
        items[items.length - 1] += ` ${line.trim()}`
      } else {
        flushItems()
        prose.push(line.trim())
      }
    }
    flushProse()
    flushItems()
  }
  return out
}

/**
 * Light rules, a tinted header row, no vertical lines; the last `totalRows` rows tinted under a
 * firmer rule. Caption rows (keepWithNext) stand above the table without rules, tint or padding.
 */
export function tableLayout(totalRows = 0): TableLayout {
  const firstTotal = (node: TableNode) => node.table.body.length - totalRows
  const strong = (i: number, node: TableNode) => {
    const headerRows = node.table.headerRows ?? 0
    return (headerRows > captionRows(node) && i === headerRows) || (totalRows > 0 && i === firstTotal(node))
  }
  return {
    hLineWidth: (i, node) => {
      const captions = captionRows(node)
      if (i < captions) return 0
      if (strong(i, node)) return 0.7
      return i === captions || i === node.table.body.length ? 0.7 : 0.35
    },
    hLineColor: (i, node) => (strong(i, node) ? COLOURS.ruleStrong : COLOURS.rule),
    vLineWidth: () => 0,
    paddingLeft: (i) => (i === 0 ? TABLE_PADDING : 5),
    paddingRight: (i, node) => (i === (node.table.widths?.length ?? 1) - 1 ? TABLE_PADDING : 5),
    paddingTop: () => 3,
    paddingBottom: () => 3,
    fillColor: (row, node) => {
      if (row < captionRows(node)) return null
      if (row < (node.table.headerRows ?? 0)) return COLOURS.headerFill
      return totalRows > 0 && row >= firstTotal(node) ? COLOURS.totalFill : null
    },
  }
}

/** Label and value pairs, without rules: for identification blocks. */
export const FIELDS_LAYOUT: TableLayout = {
  hLineWidth: () => 0,
  vLineWidth: () => 0,
  paddingLeft: (i) => (i === 0 ? 0 : 8),
  paddingRight: () => 0,
  paddingTop: () => 1.5,
  paddingBottom: () => 1.5,
}

export interface Column {
  header: string
  width: Size
  align?: Alignment
}

/** A cell as a column aligns it; numbers keep to one line. */
function cell(value: Content, column: Column, style = 'cell'): Content {
  if (typeof value === 'string') return { text: value, style, alignment: column.align ?? 'left', noWrap: column.align === 'right' }
  return value
}

/**
 * pdfmake silently drops whatever it was told to keep on one page when that does not fit on a
 * page: a row that may not split, a block kept whole. So rows may split when a cell holds long
 * free text, and a table is kept whole only when it is short in rows and in text.
 */
const LONG_CELL_CHARS = 700
const KEEP_WHOLE_ROWS = 14
const KEEP_WHOLE_CHARS = 2500

/** All the text a node holds, for the size limits above. */
function textOf(content: unknown): string {
  if (typeof content === 'string') return content
  if (Array.isArray(content)) return content.map(textOf).join(' ')
  if (content && typeof content === 'object') {
    const node = content as Record<string, unknown>
    return ['text', 'stack', 'columns', 'ul', 'ol'].map((k) => (k in node ? textOf(node[k]) : '')).join(' ')
  }
  return ''
}

/** Whether every row is short enough to be kept from splitting across pages. */
function rowsFitOnAPage(rows: Content[][]): boolean {
  return rows.every((r) => r.every((c) => textOf(c).length <= LONG_CELL_CHARS))
}

/**
 * A data table: a header row that repeats on every page, rows that do not split across pages,
 * the header kept with at least one row, numbers right-aligned; `totals` rows close it in bold.
 * `keepWhole` (for compact tables of figures) moves a short table to the next page whole rather
 * than leave its total alone.
 */
export function dataTable(columns: Column[], rows: Content[][], totals: Content[][] = [], options: { keepWhole?: boolean } = {}): TableNode {
  const header = columns.map((c) => ({ text: c.header, style: 'tableHeader', alignment: c.align ?? 'left' }))
  const body = rows.map((r) => r.map((v, i) => cell(v, columns[i])))
  const totalRows = totals.map((r) => r.map((v, i) => cell(v, columns[i], 'total')))
  const all = [...body, ...totalRows]
  const whole = options.keepWhole === true && all.length <= KEEP_WHOLE_ROWS && textOf(all).length <= KEEP_WHOLE_CHARS
  return {
    table: {
      widths: columns.map((c) => c.width),
      headerRows: 1,
      keepWithHeaderRows: whole ? Math.max(1, all.length) : 1,
      dontBreakRows: rowsFitOnAPage(all),
      body: [header, ...all],
    },
    layout: tableLayout(totalRows.length),
    margin: [0, 2, 0, 8],
  }
}

/** A list of label: value pairs in two columns; rows whose value is null are left out. */
export function fields(pairs: [string, Content | null][], labelWidth: Size = 130): TableNode {
  const rows = pairs
    .filter((p): p is [string, Content] => p[1] !== null && p[1] !== '')
    .map(([label, value]) => [{ text: label, style: 'label', margin: [0, 0.8, 0, 0] }, typeof value === 'string' ? { text: value } : value] as Content[])
  const body = rows.length > 0 ? rows : [['', '']]
  return { table: { widths: [labelWidth, '*'], body, dontBreakRows: rowsFitOnAPage(body) }, layout: FIELDS_LAYOUT, margin: [0, 0, 0, 6] }
}

/** A muted sentence, for "nothing to show" and notes under a table. */
export function note(text: string): TextNode {
  return { text, style: 'small', italics: true, margin: [0, 0, 0, 6] }
}

/** A thin full-width rule. */
export function rule(width: number, margin: [number, number, number, number] = [0, 6, 0, 6]): Content {
  return { canvas: [{ type: 'line', x1: 0, y1: 0, x2: width, y2: 0, lineWidth: 0.6, lineColor: COLOURS.rule }], margin }
}

/** The printable width of a page in points. */
export function contentWidth(orientation: 'portrait' | 'landscape' = 'portrait'): number {
  const [left, , right] = orientation === 'landscape' ? LANDSCAPE_MARGINS : PORTRAIT_MARGINS
  const a4 = { width: 595.28, height: 841.89 }
  return (orientation === 'landscape' ? a4.height : a4.width) - left - right
}
