import { createRequire } from 'node:module'
import { knownPdfmake } from './font-cache'

/**
 * Page content written as text and turned into bytes once. pdfkit turns every operator it writes
 * into a Buffer of its own (`Buffer.from(op + '\n', 'binary')`) and joins them all when the page
 * ends; pdfmake draws each word with a dozen operators (opacity, colour, save, transform, text,
 * restore), so an agreement made tens of thousands of tiny Buffers, a quarter of the time spent
 * drawing its pages. Here the operators of an object are kept as one string, converted at the
 * moment pdfkit would have joined them (or before a chunk that already is bytes): the same bytes
 * in the same order, the same lengths.
 */

/** pdfkit's PDFReference (an indirect object with a stream), as far as this module reads it. */
interface Reference {
  data: { Length?: number; Filter?: string }
  compress: boolean
  uncompressedLength: number
  buffer: Uint8Array[]
  write(chunk: unknown): void
  finalize(): void
  /** Operators written since the last conversion, each with its newline. */
  amifText?: string[]
}

const counts = { operators: 0, conversions: 0 }
let buffering = true

/** How many operators were written as text and how many Buffers they became (the tests' way to see it). */
export function contentBufferCounts(): { operators: number; conversions: number } {
  return { ...counts }
}

/** Turns the buffering off (pdfkit's own writing, one Buffer per operator) or on again: for tests that compare the bytes. */
export function setContentBuffering(on: boolean): void {
  buffering = on
}

/** The text written so far as one Buffer, where pdfkit keeps its chunks. */
function convert(ref: Reference): void {
  if (!ref.amifText || ref.amifText.length === 0) return
  // Joined once (one flat string, not a rope of thousands of pieces), then one copy into bytes.
  ref.buffer.push(Buffer.from(ref.amifText.join(''), 'binary'))
  ref.amifText = []
  counts.conversions++
}

let installed = false

/** Makes pdfkit (the one pdfmake renders with) keep each object's written operators as text until it needs the bytes. */
export function installContentBuffer(): void {
  if (installed || !knownPdfmake()) return
  const requireHere = createRequire(__filename)
  const requirePdfmake = createRequire(requireHere.resolve('pdfmake'))
  const PDFDocument = requirePdfmake('pdfkit') as new (options: object) => { _root: Reference }
  // PDFReference is not exported: a document's catalog is one.
  const proto = Object.getPrototypeOf(new PDFDocument({ autoFirstPage: false })._root) as Reference
  const write = proto.write
  const finalize = proto.finalize
  proto.write = function (this: Reference, chunk: unknown): void {
    if (!buffering || chunk instanceof Uint8Array) {
      convert(this)
      write.call(this, chunk)
      return
    }
    // What pdfkit writes: the operator and a newline, one byte per character ('binary').
    const text = `${String(chunk)}\n`
    ;(this.amifText ??= []).push(text)
    counts.operators++
    this.uncompressedLength += text.length
    this.data.Length = (this.data.Length ?? 0) + text.length
    if (this.compress) this.data.Filter = 'FlateDecode'
  }
  proto.finalize = function (this: Reference): void {
    convert(this)
    finalize.call(this)
  }
  installed = true
}
