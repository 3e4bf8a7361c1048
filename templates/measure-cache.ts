import { createRequire } from 'node:module'
import { knownPdfmake } from './font-cache'

/**
 * Two costs of pdfmake's layout, removed without changing a byte of the result.
 *
 * - Style lookups: pdfmake resolves about twenty style properties for every word it measures, each
 *   by pushing the word on its style stack, walking the stack with a closure and a new Set per
 *   named style, and popping it again. The same walk is done here without the pushes and
 *   allocations (the same order, the same rule: the first value that is neither undefined nor null).
 * - Measuring twice: a heading that `pageBreakBefore` moves to the next page makes pdfmake lay the
 *   whole document out again, measuring every text anew although nothing it depends on changed. A
 *   text's measured words are kept from one pass to the next (copied, since layout consumes them).
 */

type Style = Record<string, unknown> & { extends?: string | string[] }

/** pdfmake's StyleContextStack, as far as this module reads it. */
interface StyleStack {
  styleDictionary: Record<string, Style | undefined>
  defaultStyle: Record<string, unknown> | undefined
  styleOverrides: unknown[]
}

interface StyleStackClass {
  prototype: { getProperty(this: StyleStack, property: string): unknown }
  getStyleProperty(item: unknown, stack: StyleStack | null | undefined, property: string, defaultValue: unknown): unknown
}

const isValue = (v: unknown) => v !== undefined && v !== null
const isString = (v: unknown): v is string => typeof v === 'string' || v instanceof String

/** A named style's value for a property, following `extends` (the last parent first), each style visited once. */
function fromNamedStyle(dictionary: StyleStack['styleDictionary'], name: string, property: string, visited?: Set<string>): unknown {
  const style = dictionary[name]
  if (!style) return undefined
  if (isValue(style[property])) return style[property]
  if (!style.extends) return undefined
  const seen = visited ?? new Set<string>([name])
  const parents = Array.isArray(style.extends) ? style.extends : [style.extends]
  for (let i = parents.length - 1; i >= 0; i--) {
    if (seen.has(parents[i])) continue
    seen.add(parents[i])
    const value = fromNamedStyle(dictionary, parents[i], property, seen)
    if (isValue(value)) return value
  }
  return undefined
}

/** One entry of the stack: a style's name, or an object whose own value counts. */
function fromEntry(stack: StyleStack, entry: unknown, property: string): unknown {
  if (isString(entry)) return fromNamedStyle(stack.styleDictionary, String(entry), property)
  return (entry as Record<string, unknown>)[property]
}

/** StyleContextStack.getProperty without allocations: the stack from its top, then the default style. */
function getProperty(this: StyleStack, property: string): unknown {
  const entries = this.styleOverrides
  if (entries) {
    for (let i = entries.length - 1; i >= 0; i--) {
      const value = fromEntry(this, entries[i], property)
      if (isValue(value)) return value
    }
  }
  return this.defaultStyle && this.defaultStyle[property]
}

/**
 * StyleContextStack.getStyleProperty without pushing the item: its own value, else its styles
 * (the last first) as autopush would have stacked them above it, else the stack.
 */
function getStyleProperty(item: unknown, stack: StyleStack | null | undefined, property: string, defaultValue: unknown): unknown {
  const own = (item as Record<string, unknown>)[property]
  if (isValue(own)) return own
  if (!stack) return defaultValue
  if (!isString(item) && (item as { section?: unknown }).section === undefined) {
    const style = (item as { style?: unknown }).style
    if (style) {
      const names = Array.isArray(style) ? style : [style]
      for (let i = names.length - 1; i >= 0; i--) {
        const value = fromEntry(stack, names[i], property)
        if (isValue(value)) return value
      }
    }
  }
  const value = getProperty.call(stack, property)
  return isValue(value) ? value : defaultValue
}

/** A text node as pdfmake's measure leaves it. */
interface TextNode {
  _textRef?: unknown
  _inlines?: object[]
  _minWidth?: number
  _maxWidth?: number
}

/** What a text measured in one pass leaves for the next. */
interface Measured {
  pass: number
  /** The style stack it was measured under (its first entry, the document's root, stands for the root of any pass). */
  stack: unknown[]
  inlines: object[]
  minWidth: number | undefined
  maxWidth: number | undefined
  /** Met more than once in a pass (a node shared by two places): measured every time. */
  shared: boolean
}

/** pdfmake's DocMeasure, as far as this module uses it. */
interface DocMeasure {
  styleStack: StyleStack
  measureDocument(root: unknown): unknown
  measureLeaf(node: TextNode): TextNode
  /** The pass under way (one per tryLayoutDocument) and its root. */
  amifPass?: number
  amifRoot?: unknown
  amifMeasured?: WeakMap<TextNode, Measured>
}

const ROOT = Symbol('root')

const counts = { measured: 0, reused: 0 }

/** How many texts this process has measured, and how many a later pass of the same document reused (the tests' way to see it). */
export function measureCacheCounts(): { measured: number; reused: number } {
  return { ...counts }
}

function stackOf(measure: DocMeasure): unknown[] {
  return measure.styleStack.styleOverrides.map((entry, i) => (i === 0 && entry === measure.amifRoot ? ROOT : entry))
}

function sameStack(a: unknown[], b: unknown[]): boolean {
  return a.length === b.length && a.every((entry, i) => entry === b[i])
}

const copies = (inlines: object[]) => inlines.map((inline) => ({ ...inline }))

let installed = false

/** Makes pdfmake (the one templates/render.ts uses) look styles up and measure texts as described above. */
export function installMeasureCache(): void {
  if (installed || !knownPdfmake()) return
  const requireHere = createRequire(__filename)
  const Styles = (requireHere('pdfmake/js/StyleContextStack') as { default: StyleStackClass }).default
  const Measure = (requireHere('pdfmake/js/DocMeasure') as { default: { prototype: DocMeasure } }).default
  Styles.prototype.getProperty = getProperty
  Styles.getStyleProperty = getStyleProperty

  const measureDocument = Measure.prototype.measureDocument
  const measureLeaf = Measure.prototype.measureLeaf
  Measure.prototype.measureDocument = function (this: DocMeasure, root: unknown) {
    this.amifPass = (this.amifPass ?? 0) + 1
    this.amifRoot = root
    return measureDocument.call(this, root)
  }
  Measure.prototype.measureLeaf = function (this: DocMeasure, node: TextNode) {
    // A page or text reference takes its text at layout: measured every time.
    if (node._textRef || this.amifPass === undefined) return measureLeaf.call(this, node)
    const pass = this.amifPass
    const measured = (this.amifMeasured ??= new WeakMap())
    const kept = measured.get(node)
    const stack = stackOf(this)
    if (kept && !kept.shared && kept.pass === pass - 1 && sameStack(kept.stack, stack)) {
      kept.pass = pass
      counts.reused++
      node._inlines = copies(kept.inlines)
      node._minWidth = kept.minWidth
      node._maxWidth = kept.maxWidth
      return node
    }
    if (kept && kept.pass === pass) kept.shared = true
    counts.measured++
    const result = measureLeaf.call(this, node)
    if (!kept || !kept.shared) {
      measured.set(node, { pass, stack, inlines: copies(node._inlines ?? []), minWidth: node._minWidth, maxWidth: node._maxWidth, shared: false })
    }
    return result
  }
  installed = true
}
