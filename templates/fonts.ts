import fs from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'

/**
 * The documents' text font: Roboto as pdfmake ships it (Latin, Greek and Cyrillic), embedded in
 * every PDF so that accented and non-Latin names render on any machine.
 *
 * The TTF files are found through Node's module resolution from this module's own file, so the
 * same code finds them under vitest, under tsx (the command line) and from the bundled main
 * process (out/main/index.js, where pdfmake stays an external package in node_modules or in the
 * packaged app's asar, which Electron's fs reads).
 */

export const FONT_FAMILY = 'Roboto'

const FONT_FILES = {
  normal: 'Roboto-Regular.ttf',
  bold: 'Roboto-Medium.ttf',
  italics: 'Roboto-Italic.ttf',
  bolditalics: 'Roboto-MediumItalic.ttf',
} as const

export type FontStyle = keyof typeof FONT_FILES

/** The name each face is stored under in pdfmake's virtual file system (prefixed: the instance is shared). */
export function virtualFontName(style: FontStyle): string {
  return `amif-desk/${FONT_FILES[style]}`
}

/** The bytes of each Roboto face, read from the pdfmake package. */
export function readRobotoFaces(): Record<FontStyle, Buffer> {
  // __filename exists in every place this runs (CommonJS bundle, tsx, vitest); import.meta does not.
  const requireHere = createRequire(__filename)
  const read = (file: string) => fs.readFileSync(requireHere.resolve(`pdfmake/fonts/Roboto/${file}`))
  return {
    normal: read(FONT_FILES.normal),
    bold: read(FONT_FILES.bold),
    italics: read(FONT_FILES.italics),
    bolditalics: read(FONT_FILES.bolditalics),
  }
}

/**
 * The funding statement's typeface: Ubuntu, the one open typeface among those Annex IX of
 * Regulation (EU) 2021/1060 allows. Its TTF (Ubuntu Font Licence, beside it) lives in
 * templates/fonts/; the main process build copies that folder next to its bundle (out/main/fonts),
 * so the same path relative to the running module finds it under vitest, tsx and the bundle.
 */
export const STATEMENT_FONT_FAMILY = 'Ubuntu'
const STATEMENT_FONT_FILE = 'Ubuntu-Regular.ttf'

/** The name the Ubuntu face is stored under in pdfmake's virtual file system. */
export const STATEMENT_VIRTUAL_NAME = `amif-desk/${STATEMENT_FONT_FILE}`

/** The bytes of the Ubuntu face. */
export function readStatementFace(): Buffer {
  return fs.readFileSync(path.join(path.dirname(__filename), 'fonts', STATEMENT_FONT_FILE))
}
