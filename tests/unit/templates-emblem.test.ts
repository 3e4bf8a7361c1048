import { describe, expect, it } from 'vitest'
import type { CanvasPolyline, CanvasRect } from '../../templates/definition'
import { EMBLEM_BLUE, EMBLEM_GOLD, emblemCanvas, fundingStatement, starCentres, starPoints } from '../../templates/emblem'
import { renderPdf } from '../../templates/render'
import { buildHandoverSummary } from '../../templates/handover'
import { handoverData, pagePixels, pdfFonts, pdfText } from './fixtures/documents'

const H = 36
const dist = (a: { x: number; y: number }, b: { x: number; y: number }) => Math.hypot(a.x - b.x, a.y - b.y)

describe('the EU emblem, drawn from its geometric description', () => {
  const [background, ...stars] = emblemCanvas(H) as [CanvasRect, ...CanvasPolyline[]]

  it('is a Reflex Blue rectangle one and a half times as wide as it is high', () => {
    expect(background).toMatchObject({ type: 'rect', x: 0, y: 0, w: 1.5 * H, h: H, color: EMBLEM_BLUE })
    expect(EMBLEM_BLUE.toUpperCase()).toBe('#003399')
  })

  it('has twelve gold stars whose centres lie on a circle of radius a third of the height, like the hours of a clock', () => {
    expect(stars).toHaveLength(12)
    expect(stars.every((s) => s.type === 'polyline' && s.color === EMBLEM_GOLD && s.closePath)).toBe(true)
    expect(EMBLEM_GOLD.toUpperCase()).toBe('#FFCC00')
    const centre = { x: 0.75 * H, y: 0.5 * H }
    const centres = starCentres(H)
    centres.forEach((c, hour) => {
      expect(dist(c, centre)).toBeCloseTo(H / 3, 9)
      // Clockwise from twelve o'clock: the angle from the vertical is hour × 30°.
      const angle = (Math.atan2(c.x - centre.x, centre.y - c.y) * 180) / Math.PI
      expect((angle + 360) % 360).toBeCloseTo((hour * 30) % 360, 9)
    })
    expect(centres[0].y).toBeCloseTo(centre.y - H / 3, 9)
    expect(centres[6].y).toBeCloseTo(centre.y + H / 3, 9)
  })

  it('draws each star upright, its five tips at one eighteenth of the height, its notches per a regular pentagram', () => {
    const centres = starCentres(H)
    stars.forEach((star, i) => {
      const c = centres[i]
      expect(star.points).toHaveLength(10)
      const tips = star.points.filter((_, k) => k % 2 === 0)
      const notches = star.points.filter((_, k) => k % 2 === 1)
      tips.forEach((t) => expect(dist(t, c)).toBeCloseTo(H / 18, 9))
      notches.forEach((n) => expect(dist(n, c)).toBeCloseTo((H / 18) * 0.381966, 5))
      // One point straight up: the first tip is directly above the centre.
      expect(tips[0].x).toBeCloseTo(c.x, 9)
      expect(tips[0].y).toBeCloseTo(c.y - H / 18, 9)
    })
  })

  it('keeps the tips 72° apart', () => {
    const tips = starPoints(0, 0, 1).filter((_, k) => k % 2 === 0)
    for (let k = 1; k < 5; k++) expect(dist(tips[k], tips[k - 1])).toBeCloseTo(2 * Math.sin((36 * Math.PI) / 180), 9)
  })
})

describe('the funding statement beside the emblem', () => {
  it.each([
    ['fr', "Cofinancé par l'Union européenne"],
    ['nl', 'Medegefinancierd door de Europese Unie'],
    ['en', 'Co-funded by the European Union'],
  ] as const)('is in the document language (%s) on the first page', async (lang, statement) => {
    const { bytes } = await renderPdf(buildHandoverSummary(handoverData(lang), lang))
    const text = pdfText(bytes)
    expect(text.raw[0].replace(/’/g, "'")).toContain(statement)
    expect(text.raw.slice(1).join(' ')).not.toContain(statement)
  })
})

describe('the funding statement in an Annex IX typeface and colour', () => {
  it.each(['fr', 'nl', 'en'] as const)('is set in Ubuntu, embedded in the PDF (%s), while the text stays in Roboto', async (lang) => {
    const { bytes } = await renderPdf(buildHandoverSummary(handoverData(lang), lang))
    const fonts = pdfFonts(bytes)
    const ubuntu = fonts.filter((f) => /Ubuntu/.test(f.name))
    expect(ubuntu.length).toBeGreaterThan(0)
    expect(ubuntu.every((f) => f.embedded)).toBe(true)
    expect(fonts.some((f) => /Roboto/.test(f.name))).toBe(true)
  })

  it('is black or reflex blue, upright, not bold, not underlined', () => {
    for (const lang of ['fr', 'nl', 'en'] as const) {
      const node = fundingStatement(lang) as { font?: string; color?: string; bold?: boolean; italics?: boolean; decoration?: string }
      expect(node.font).toBe('Ubuntu')
      expect(['#000000', '#003399']).toContain(node.color?.toUpperCase())
      expect(node.bold).toBe(false)
      expect(node.italics).toBe(false)
      expect(node.decoration).toBeUndefined()
    }
  })
})

describe('the emblem on a real page', () => {
  it('is painted at the top left of the first page only, blue with gold stars', async () => {
    const { bytes } = await renderPdf(buildHandoverSummary(handoverData('fr'), 'fr'))
    // The printable area starts 62 pt from the left and 64 pt from the top; the emblem is 45 × 30 pt.
    const area = { x: 63, y: 65, w: 43, h: 28 }
    const near = (p: { r: number; g: number; b: number }, r: number, g: number, b: number) => Math.abs(p.r - r) + Math.abs(p.g - g) + Math.abs(p.b - b) < 60
    const first = pagePixels(bytes, 1, area)
    const blue = first.filter((p) => near(p, 0x00, 0x33, 0x99)).length
    const gold = first.filter((p) => near(p, 0xff, 0xcc, 0x00)).length
    expect(blue / first.length).toBeGreaterThan(0.8)
    expect(gold).toBeGreaterThan(12)
    const second = pagePixels(bytes, 2, area)
    expect(second.filter((p) => near(p, 0x00, 0x33, 0x99)).length).toBe(0)
  })
})
