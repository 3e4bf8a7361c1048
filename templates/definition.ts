/**
 * The parts of pdfmake's document definition these templates use. pdfmake 0.3 ships no type
 * declarations and @types/pdfmake is not a dependency, so this is a small, honest subset: what a
 * builder here may write, checked by tsc. pdfmake itself accepts more.
 */

export type Alignment = 'left' | 'right' | 'center' | 'justify'
/** One number for all sides, [horizontal, vertical], or [left, top, right, bottom]. */
export type Margins = number | [number, number] | [number, number, number, number]
export type Size = number | '*' | 'auto' | `${number}%`

/** Text and box properties a node or a named style may carry. */
export interface Style {
  font?: string
  fontSize?: number
  bold?: boolean
  italics?: boolean
  color?: string
  alignment?: Alignment
  lineHeight?: number
  characterSpacing?: number
  noWrap?: boolean
  fillColor?: string
  opacity?: number
  margin?: Margins
  decoration?: 'underline' | 'lineThrough' | 'overline'
  preserveLeadingSpaces?: boolean
}

/** What every block may carry beside its own content. */
export interface Block extends Style {
  style?: string | string[]
  pageBreak?: 'before' | 'after'
  /** Kept on one page (pdfmake moves it whole to the next page when it does not fit). */
  unbreakable?: boolean
  /** Marks a heading, kept with what follows it (keep-headings.ts). */
  headlineLevel?: number
  id?: string
  width?: Size
  /** Table cells only. */
  colSpan?: number
  rowSpan?: number
  border?: [boolean, boolean, boolean, boolean]
}

/** Inline text: a string, or a run with its own style. */
export type Inline = string | TextNode

export interface TextNode extends Block {
  text: Inline | Inline[]
  /** Listed in the PDF's bookmarks. */
  outline?: boolean
  outlineText?: string
}

export interface StackNode extends Block {
  stack: Content[]
}

export interface ColumnsNode extends Block {
  columns: Content[]
  columnGap?: number
}

export interface ListNode extends Block {
  ul?: Content[]
  ol?: Content[]
  markerColor?: string
}

/** Lines of a table layout, by index (0 = the top or left edge). */
export interface TableLayout {
  hLineWidth?: (i: number, node: TableNode) => number
  vLineWidth?: (i: number, node: TableNode) => number
  hLineColor?: (i: number, node: TableNode) => string
  vLineColor?: (i: number, node: TableNode) => string
  paddingLeft?: (i: number, node: TableNode) => number
  paddingRight?: (i: number, node: TableNode) => number
  paddingTop?: (i: number, node: TableNode) => number
  paddingBottom?: (i: number, node: TableNode) => number
  fillColor?: (rowIndex: number, node: TableNode, columnIndex: number) => string | null
}

export interface TableNode extends Block {
  table: {
    widths?: Size[]
    body: Content[][]
    /** Rows repeated at the top of every page the table runs onto. */
    headerRows?: number
    /** The header rows stay with at least this many rows. */
    keepWithHeaderRows?: number
    dontBreakRows?: boolean
  }
  layout?: string | TableLayout
}

export interface CanvasRect {
  type: 'rect'
  x: number
  y: number
  w: number
  h: number
  r?: number
  color?: string
  lineColor?: string
  lineWidth?: number
}

export interface CanvasLine {
  type: 'line'
  x1: number
  y1: number
  x2: number
  y2: number
  lineWidth?: number
  lineColor?: string
  dash?: { length: number; space?: number }
}

export interface CanvasPolyline {
  type: 'polyline'
  points: { x: number; y: number }[]
  closePath?: boolean
  color?: string
  lineColor?: string
  lineWidth?: number
}

export interface CanvasEllipse {
  type: 'ellipse'
  x: number
  y: number
  r1: number
  r2: number
  color?: string
  lineColor?: string
  lineWidth?: number
}

export type CanvasElement = CanvasRect | CanvasLine | CanvasPolyline | CanvasEllipse

export interface CanvasNode extends Block {
  canvas: CanvasElement[]
}

export interface ImageNode extends Block {
  image: string
  fit?: [number, number]
}

export interface SvgNode extends Block {
  svg: string
}

export type Content = string | Content[] | TextNode | StackNode | ColumnsNode | ListNode | TableNode | CanvasNode | ImageNode | SvgNode

export interface PageSize {
  width: number
  height: number
}

/** Header or footer drawn for each page. */
export type PageContent = (currentPage: number, pageCount: number, pageSize: PageSize) => Content | null

/** Background drawn under each page (pdfmake does not know the page count yet when it draws it). */
export type BackgroundContent = (currentPage: number, pageSize: PageSize) => Content | null

export interface Watermark {
  text: string
  color?: string
  opacity?: number
  bold?: boolean
  italics?: boolean
  fontSize?: number
  angle?: number
}

/** PDF document information; pdfmake writes these into the file's Info dictionary. */
export interface DocumentInfo {
  title?: string
  author?: string
  subject?: string
  keywords?: string
  creator?: string
  producer?: string
  creationDate?: Date
  modDate?: Date
}

export interface DocumentDefinition {
  content: Content
  pageSize?: 'A4' | PageSize
  pageOrientation?: 'portrait' | 'landscape'
  pageMargins?: Margins
  header?: PageContent | Content
  footer?: PageContent | Content
  background?: BackgroundContent | Content
  watermark?: Watermark | string
  info?: DocumentInfo
  /** The document's language (the PDF's /Lang). */
  language?: string
  styles?: Record<string, Style>
  defaultStyle?: Style
  /** Named images; a builder here never uses them (the emblem is vector). */
  images?: Record<string, string>
  /** Embedded files; a builder here never uses them. */
  files?: Record<string, { src: string; name?: string }>
  attachments?: Record<string, { src: string; name?: string }>
  compress?: boolean
}
