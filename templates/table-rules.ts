import { createRequire } from 'node:module'
import { knownPdfmake } from './font-cache'

/**
 * A table's horizontal rule drawn as one line. pdfmake draws the rule under a row as one line per
 * cell (each cell may ask for its own border), so a table of nine columns drew nine lines under
 * every row, each with its width, dash, join, cap and colour: the programme report of a large
 * portfolio drew 73 000 of them. Pieces of one rule that follow each other end to end, with the
 * same width, colour and dash, are drawn as one line from the first one's start to the last one's
 * end: butt-capped pieces that touch look the same as one line.
 */

/** A line as pdfmake's table processor hands it to the writer. */
interface LineVector {
  type: string
  x1: number
  x2: number
  y1: number
  y2: number
  lineWidth?: number
  dash?: unknown
  lineColor?: unknown
}

interface Writer {
  addVector(vector: LineVector, ignoreContextX?: boolean, ignoreContextY?: boolean, index?: number, forcePage?: number): unknown
}

interface TableProcessorClass {
  prototype: { drawHorizontalLine(this: unknown, lineIndex: number, writer: Writer, overrideY?: number, moveDown?: boolean, forcePage?: number): void }
}

/** The last piece drawn of the rule under way: the line as written, and where it ended before the writer moved it. */
interface Drawn {
  vector: LineVector
  end: number
  y: number
  args: unknown[]
}

/** Closer than this (in points), two pieces touch: pdfmake adds the column widths one by one. */
const TOUCHING = 1e-6

const counts = { pieces: 0, lines: 0 }

/** How many pieces of rules pdfmake asked for and how many lines drew them (the tests' way to see it). */
export function tableRuleCounts(): { pieces: number; lines: number } {
  return { ...counts }
}

/** Whether `next` carries on the line `last` drew, with the same look and the same placing. */
function carriesOn(last: Drawn, next: LineVector, args: unknown[]): boolean {
  const line = last.vector
  return (
    next.type === 'line' &&
    line.type === 'line' &&
    next.y1 === last.y &&
    next.y2 === last.y &&
    Math.abs(next.x1 - last.end) < TOUCHING &&
    next.lineWidth === line.lineWidth &&
    next.lineColor === line.lineColor &&
    next.dash === undefined &&
    line.dash === undefined &&
    args.length === last.args.length &&
    args.every((a, i) => a === last.args[i])
  )
}

let installed = false

/** Makes pdfmake (the one templates/render.ts uses) draw each horizontal rule of a table as one line. */
export function installTableRules(): void {
  if (installed || !knownPdfmake()) return
  const TableProcessor = (createRequire(__filename)('pdfmake/js/TableProcessor') as { default: TableProcessorClass }).default
  const drawHorizontalLine = TableProcessor.prototype.drawHorizontalLine
  TableProcessor.prototype.drawHorizontalLine = function (this: unknown, lineIndex, writer, overrideY, moveDown = true, forcePage) {
    const ownAddVector = Object.hasOwn(writer, 'addVector') ? writer.addVector : undefined
    const addVector = writer.addVector
    let last: Drawn | null = null
    // The pieces of one rule come one after the other, before the writer moves down: a piece that
    // carries on the previous one lengthens it (the writer has already placed it on its page).
    writer.addVector = function (vector: LineVector, ...args: unknown[]) {
      counts.pieces++
      if (last && carriesOn(last, vector, args)) {
        last.vector.x2 += vector.x2 - vector.x1
        last.end = vector.x2
        return undefined
      }
      const end = vector.x2
      const y = vector.y1
      const level = vector.y2 === y
      const position = addVector.call(this, vector, ...(args as [boolean?, boolean?, number?, number?]))
      counts.lines++
      last = position === undefined || !level ? null : { vector, end, y, args }
      return position
    }
    try {
      drawHorizontalLine.call(this, lineIndex, writer, overrideY, moveDown, forcePage)
    } finally {
      if (ownAddVector) writer.addVector = ownAddVector
      else delete (writer as Partial<Writer>).addVector
    }
  }
  installed = true
}
