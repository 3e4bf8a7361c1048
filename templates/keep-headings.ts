import { createRequire } from 'node:module'
import { knownPdfmake } from './font-cache'

/**
 * A heading never stands alone at the foot of a page: a heading (a node with a `headlineLevel`,
 * see layout.ts `heading`) that would start in the lowest tenth of a page, or after which nothing
 * of what follows it would start on the same page, starts the next page instead.
 *
 * pdfmake's own way (`pageBreakBefore`) decides after laying the whole document out, and lays it all
 * out again for every heading it moves: two to four passes for an agreement. Here the decision is
 * taken as the layout reaches the heading, in the one pass: the heading's lines and the first line
 * of the block after it are built ahead (on copies of their measured words) to see where they would
 * fall. Blocks whose first line cannot be told ahead (a table, a chart, a block kept whole) count as
 * starting on the page when any room is left; the templates keep headings with those through
 * `keepWithNext` anyway.
 */

/** A node as pdfmake's layout sees it, as far as this module reads it. */
interface LayoutNode {
  headlineLevel?: number
  pageBreak?: string
  unbreakable?: boolean
  text?: unknown
  _margin?: number[] | null
  _inlines?: object[]
  stack?: LayoutNode[]
  ul?: LayoutNode[]
  ol?: LayoutNode[]
  /** What comes after a heading in its stack (set here, read when the heading is laid out). */
  amifFollowing?: LayoutNode[]
}

interface Line {
  getHeight(): number
}

interface Context {
  y: number
  availableHeight: number
  pageMargins: { top: number; bottom: number }
  getCurrentPage(): { pageSize: { height: number } }
  addMargin(left: number, right?: number): void
}

interface LayoutBuilder {
  writer: { context(): Context }
  buildNextLine(node: { _inlines: object[] }): Line | null
  processNode(node: LayoutNode, isVerticalAlignmentAllowed?: boolean): void
  processVerticalContainer(node: { stack: LayoutNode[] }): void
}

/** A heading starting below this share of the page's height moves to the next page. */
const LOWEST_START = 0.9

/** The heights of a text's lines laid out in the current width, built on copies so the text is left as measured. */
function lineHeights(builder: LayoutBuilder, node: LayoutNode, margin: number[]): number[] {
  const context = builder.writer.context()
  const probe = { _inlines: (node._inlines ?? []).map((inline) => ({ ...inline })) }
  const heights: number[] = []
  context.addMargin(margin[0], margin[2])
  try {
    for (let line = builder.buildNextLine(probe); line; line = builder.buildNextLine(probe)) heights.push(line.getHeight())
  } finally {
    context.addMargin(-margin[0], -margin[2])
  }
  return heights
}

const NO_MARGIN = [0, 0, 0, 0]

/**
 * Whether the first of `nodes` to show anything would start within `room` points (the space left
 * on the page); undefined when nothing follows.
 */
function startsWithin(builder: LayoutBuilder, nodes: LayoutNode[], room: number): boolean | undefined {
  for (const node of nodes) {
    if (node.pageBreak === 'before') return false
    const margin = node._margin ?? NO_MARGIN
    if (room - margin[1] < 0) return false
    const left = room - margin[1]
    if (node.unbreakable) return left > 0
    const items = node.stack ?? node.ul ?? node.ol
    if (items) {
      builder.writer.context().addMargin(margin[0], margin[2])
      let inside: boolean | undefined
      try {
        inside = startsWithin(builder, items, left)
      } finally {
        builder.writer.context().addMargin(-margin[0], -margin[2])
      }
      if (inside !== undefined) return inside
      continue
    }
    if (node.text !== undefined && node._inlines) {
      const first = lineHeights(builder, node, margin)[0]
      // An empty text shows nothing: what comes after it counts.
      if (first === undefined) continue
      return first <= left
    }
    return left > 0
  }
  return undefined
}

/** Whether `heading`, laid out where the layout now stands, would stand alone at the foot of its page. */
function standsAlone(builder: LayoutBuilder, heading: LayoutNode): boolean {
  const context = builder.writer.context()
  const margin = heading._margin ?? NO_MARGIN
  // A top margin larger than the room left sends the heading to the next page's top by itself.
  if (context.availableHeight - margin[1] < 0) return false
  let room = context.availableHeight - margin[1]
  const lines = lineHeights(builder, heading, margin)
  // A first line that does not fit sends the heading to the next page by itself.
  if (lines.length === 0 || lines[0] > room) return false
  const innerHeight = context.getCurrentPage().pageSize.height - context.pageMargins.top - context.pageMargins.bottom
  if ((context.y + margin[1] - context.pageMargins.top) / innerHeight > LOWEST_START) return true
  for (const height of lines) room -= height
  if (room < 0) return false
  if (room - margin[3] < 0) return true
  return startsWithin(builder, heading.amifFollowing ?? [], room - margin[3]) === false
}

let keeping = true

/** Turns the keeping of headings off (a heading may then stand alone at a page's foot) or on again: for tests that show what it does. */
export function setHeadingKeeping(on: boolean): void {
  keeping = on
}

let installed = false

/** Makes pdfmake (the one templates/render.ts uses) keep headings with what follows them, in one layout pass. */
export function installHeadingKeeper(): void {
  if (installed || !knownPdfmake()) return
  const Builder = (createRequire(__filename)('pdfmake/js/LayoutBuilder') as { default: { prototype: LayoutBuilder } }).default
  const processVerticalContainer = Builder.prototype.processVerticalContainer
  const processNode = Builder.prototype.processNode
  Builder.prototype.processVerticalContainer = function (this: LayoutBuilder, node) {
    node.stack.forEach((item, i) => {
      if (item?.headlineLevel) item.amifFollowing = node.stack.slice(i + 1)
    })
    processVerticalContainer.call(this, node)
  }
  Builder.prototype.processNode = function (this: LayoutBuilder, node, isVerticalAlignmentAllowed) {
    if (keeping && node.headlineLevel && node.pageBreak === undefined && this.writer.context().getCurrentPage() && standsAlone(this, node))
      node.pageBreak = 'before'
    processNode.call(this, node, isVerticalAlignmentAllowed)
  }
  installed = true
}
