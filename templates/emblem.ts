import type { CanvasElement, CanvasPolyline, Content } from './definition'
import { STATEMENT_FONT_FAMILY } from './fonts'
import type { DocLanguage } from './types'
import { wording } from './wording'

/**
 * The European emblem, drawn as vectors from its official geometric description (no image file:
 * it stays sharp at any size and needs nothing from disk): a blue rectangle one and a half times
 * as wide as it is high; twelve gold five-pointed stars whose centres sit on an invisible circle of
 * radius one third of the height, placed like the hours on a clock face; each star upright (one
 * point straight up), its points on a circle of radius one eighteenth of the height.
 */

/** Reflex Blue, as the emblem's colour specification gives it on screen. */
export const EMBLEM_BLUE = '#003399'
/** The emblem's yellow. */
export const EMBLEM_GOLD = '#FFCC00'

/** Inner radius of a regular pentagram over its outer radius: cos 72° / cos 36° ≈ 0.382. */
const PENTAGRAM_INNER_RATIO = Math.cos((72 * Math.PI) / 180) / Math.cos((36 * Math.PI) / 180)

/** The ten corners of an upright five-pointed star centred on (cx, cy), tips at `outer` from the centre. */
export function starPoints(cx: number, cy: number, outer: number): { x: number; y: number }[] {
  const inner = outer * PENTAGRAM_INNER_RATIO
  const points: { x: number; y: number }[] = []
  for (let i = 0; i < 10; i++) {
    // Start straight up (−90°, y grows downwards on the page) and alternate tip and notch every 36°.
    const angle = (-90 + i * 36) * (Math.PI / 180)
    const r = i % 2 === 0 ? outer : inner
    points.push({ x: cx + r * Math.cos(angle), y: cy + r * Math.sin(angle) })
  }
  return points
}

/** The centres of the twelve stars for an emblem of the given height, from twelve o'clock clockwise. */
export function starCentres(height: number): { x: number; y: number }[] {
  const cx = (height * 1.5) / 2
  const cy = height / 2
  const radius = height / 3
  return Array.from({ length: 12 }, (_, hour) => {
    const angle = (hour * 30 * Math.PI) / 180
    return { x: cx + radius * Math.sin(angle), y: cy - radius * Math.cos(angle) }
  })
}

/** The emblem as canvas elements (filled, never stroked), its top-left corner at (0, 0). */
export function emblemCanvas(height: number): CanvasElement[] {
  const outer = height / 18
  const stars: CanvasPolyline[] = starCentres(height).map((c) => ({
    type: 'polyline',
    points: starPoints(c.x, c.y, outer),
    closePath: true,
    color: EMBLEM_GOLD,
  }))
  return [{ type: 'rect', x: 0, y: 0, w: height * 1.5, h: height, color: EMBLEM_BLUE }, ...stars]
}

/** The emblem's height on a document's first page, in points (its width is 1.5 times that). */
export const EMBLEM_HEIGHT = 30

/**
 * The emblem at the top-left corner of the printable area, drawn as the first page's background.
 * pdfmake lays a document out again when a heading has to move to the next page, and it does not
 * reset the points of a polyline in the content between passes (the stars would drift); the
 * background is rebuilt on every pass, so the stars stay where they belong.
 */
export function emblemBackground(left: number, top: number): Content {
  return { canvas: emblemCanvas(EMBLEM_HEIGHT), margin: [left, top, 0, 0] }
}

/** The funding statement's colour: black, one of the three Annex IX allows (reflex blue, black, white). */
export const STATEMENT_COLOUR = '#000000'

/** The funding statement in the document's language, set beside the emblem drawn by emblemBackground. */
export function fundingStatement(lang: DocLanguage): Content {
  const size = 10.8
  const lineHeight = size * 1.17
  const top = (EMBLEM_HEIGHT - lineHeight) / 2
  return {
    text: wording(lang).common.fundingStatement,
    // Annex IX: an allowed typeface (Ubuntu, embedded), no italics, underline or effects, in reflex blue, black or white.
    font: STATEMENT_FONT_FAMILY,
    bold: false,
    italics: false,
    fontSize: size,
    lineHeight: 1,
    color: STATEMENT_COLOUR,
    noWrap: true,
    margin: [EMBLEM_HEIGHT * 1.5 + 8, top, 0, EMBLEM_HEIGHT - top - lineHeight],
  }
}
