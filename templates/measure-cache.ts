import { createRequire } from 'node:module'
import { knownPdfmake } from './font-cache'

/**
 * Two costs of pdfmake's layout, removed without changing a byte of the result.
 *
 * - Style lookups: pdfmake resolves about twenty style properties for every word it measures, each
 *   by pushing the word on its style stack, walking the stack with a closure and a new Set per
 *   named style, and popping it again. The same walk is done here without the pushes and
 *   allocations (the same order, the same rule: the first value that is neither undefined nor null).
 * - Styling each word: pdfmake looks up 23 style properties for every word of a text. A word with
 *   no style of its own (no `style`, none of the 23 properties: most words) gets exactly what the
 *   text's style stack gives, the same for all of them: looked up once per text instead.
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

/** A word as TextInlines.measure sets it out. */
type Word = Record<string, unknown> & {
  text: string
  font: { lineHeight(size: number): number }
  fontSize: number
  leadingCut?: number
  trailingCut?: number
}

/** pdfmake's TextInlines, as far as this module uses it. */
interface TextInlines {
  pdfDocument: { provideFont(family: unknown, bold: unknown, italics: unknown): Word['font'] }
  widthOfText(text: string, inline: Word): number
  measure(array: Word[], stack: StyleStack): Word[]
}

let plainWordsShared = true
/** pdfmake's own TextInlines.measure, for when the above is turned off. */
let pdfmakeMeasure: TextInlines['measure'] | null = null

/** Turns the shared styling of plain words off (pdfmake's own measure, every word looked up) or on again: for tests that compare the bytes. */
export function setPlainWordsShared(on: boolean): void {
  plainWordsShared = on
}

/** True when a word has no style of its own: it takes every property from the stack (named reads: fast). */
function plainWord(w: Word): boolean {
  return !(
    w.style ||
    isValue(w.font) ||
    isValue(w.bold) ||
    isValue(w.italics) ||
    isValue(w.alignment) ||
    isValue(w.fontSize) ||
    isValue(w.fontFeatures) ||
    isValue(w.characterSpacing) ||
    isValue(w.color) ||
    isValue(w.decoration) ||
    isValue(w.decorationColor) ||
    isValue(w.decorationStyle) ||
    isValue(w.decorationThickness) ||
    isValue(w.background) ||
    isValue(w.link) ||
    isValue(w.linkToPage) ||
    isValue(w.linkToDestination) ||
    isValue(w.noWrap) ||
    isValue(w.opacity) ||
    isValue(w.sup) ||
    isValue(w.sub) ||
    isValue(w.lineHeight) ||
    isValue(w.preserveLeadingSpaces) ||
    isValue(w.preserveTrailingSpaces)
  )
}

/** A word's style, property by property, as TextInlines.measure looks it up. */
interface WordStyle {
  font: unknown
  bold: unknown
  italics: unknown
  alignment: unknown
  fontSize: number
  fontFeatures: unknown
  characterSpacing: unknown
  color: unknown
  decoration: unknown
  decorationColor: unknown
  decorationStyle: unknown
  decorationThickness: unknown
  background: unknown
  link: unknown
  linkToPage: unknown
  linkToDestination: unknown
  noWrap: unknown
  opacity: unknown
  sup: unknown
  sub: unknown
  lineHeight: number
  preserveLeadingSpaces: unknown
  preserveTrailingSpaces: unknown
}

/** The style of a word (`{}` for a plain word: the stack's), with pdfmake's defaults. */
function wordStyle(item: object, stack: StyleStack): WordStyle {
  const get = (property: string, fallback: unknown) => getStyleProperty(item, stack, property, fallback)
  return {
    font: get('font', 'Roboto'),
    bold: get('bold', false),
    italics: get('italics', false),
    alignment: get('alignment', 'left'),
    fontSize: get('fontSize', 12) as number,
    fontFeatures: get('fontFeatures', null),
    characterSpacing: get('characterSpacing', 0),
    color: get('color', 'black'),
    decoration: get('decoration', null),
    decorationColor: get('decorationColor', null),
    decorationStyle: get('decorationStyle', null),
    decorationThickness: get('decorationThickness', null),
    background: get('background', null),
    link: get('link', null),
    linkToPage: get('linkToPage', null),
    linkToDestination: get('linkToDestination', null),
    noWrap: get('noWrap', null),
    opacity: get('opacity', 1),
    sup: get('sup', false),
    sub: get('sub', false),
    lineHeight: get('lineHeight', 1) as number,
    preserveLeadingSpaces: get('preserveLeadingSpaces', false),
    preserveTrailingSpaces: get('preserveTrailingSpaces', false),
  }
}

const LEADING = /^(\s)+/g
const TRAILING = /(\s)+$/g

/**
 * TextInlines.measure with the style of plain words looked up once per text (see above): the same
 * properties set in the same order, fonts asked for in the same order, the same widths. Every
 * property is read before the word is written: the lookups read nothing measure writes.
 */
function measureWords(this: TextInlines, array: Word[], stack: StyleStack): Word[] {
  if (!plainWordsShared && pdfmakeMeasure) return pdfmakeMeasure.call(this, array, stack)
  if (array.length) {
    const leadingIndent = getStyleProperty(array[0], stack, 'leadingIndent', 0) as number
    if (leadingIndent) {
      array[0].leadingCut = -leadingIndent
      array[0].leadingIndent = leadingIndent
    }
  }
  let shared: WordStyle | null = null
  let sharedFont: Word['font'] | null = null
  for (const item of array) {
    let s: WordStyle
    if (plainWord(item)) {
      s = shared ??= wordStyle({}, stack)
      item.font = sharedFont ??= this.pdfDocument.provideFont(s.font, s.bold, s.italics)
    } else {
      s = wordStyle(item, stack)
      item.font = this.pdfDocument.provideFont(s.font, s.bold, s.italics)
    }
    item.alignment = s.alignment
    item.fontSize = s.fontSize
    item.fontFeatures = s.fontFeatures
    item.characterSpacing = s.characterSpacing
    item.color = s.color
    item.decoration = s.decoration
    item.decorationColor = s.decorationColor
    item.decorationStyle = s.decorationStyle
    item.decorationThickness = s.decorationThickness
    item.background = s.background
    item.link = s.link
    item.linkToPage = s.linkToPage
    item.linkToDestination = s.linkToDestination
    item.noWrap = s.noWrap
    item.opacity = s.opacity
    item.sup = s.sup
    item.sub = s.sub
    if (item.sup || item.sub) item.fontSize *= 0.58
    item.width = this.widthOfText(item.text, item)
    item.height = item.font.lineHeight(item.fontSize) * s.lineHeight
    if (!item.leadingCut) item.leadingCut = 0
    if (!s.preserveLeadingSpaces) {
      const leadingSpaces = item.text.match(LEADING)
      if (leadingSpaces) item.leadingCut += this.widthOfText(leadingSpaces[0], item)
    }
    item.trailingCut = 0
    if (!s.preserveTrailingSpaces) {
      const trailingSpaces = item.text.match(TRAILING)
      if (trailingSpaces) item.trailingCut = this.widthOfText(trailingSpaces[0], item)
    }
  }
  return array
}

let installed = false

/** Makes pdfmake (the one templates/render.ts uses) look styles up and measure texts as described above. */
export function installMeasureCache(): void {
  if (installed || !knownPdfmake()) return
  const requireHere = createRequire(__filename)
  const Styles = (requireHere('pdfmake/js/StyleContextStack') as { default: StyleStackClass }).default
  Styles.prototype.getProperty = getProperty
  Styles.getStyleProperty = getStyleProperty
  const Inlines = (requireHere('pdfmake/js/TextInlines') as { default: { prototype: TextInlines } }).default
  pdfmakeMeasure = Inlines.prototype.measure
  Inlines.prototype.measure = measureWords
  installed = true
}
