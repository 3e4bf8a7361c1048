import type { RagStatus } from '../database/domain/vocabulary'
import type { CanvasElement, ColumnsNode, Content, TableLayout, TableNode, TextNode } from './definition'
import { formatNumber, formatPercent, money, withColon } from './format'
import { vocabulary } from './labels'
import { COLOURS } from './layout'
import type { DocLanguage, IndicatorData, ProgrammeObjectiveFigures } from './types'
import { wording } from './wording'

/**
 * The documents' few graphics, drawn as vectors (sharp at any zoom, nothing read from disk): the
 * traffic-light dot, and horizontal bar charts as tables of canvas rows (so they run onto the
 * next page, legend repeated, rather than vanish when too long to keep whole). Only rectangles, lines
 * and ellipses: pdfmake puts those back in place when it lays a page out again.
 */

export const RAG_COLOURS: Record<RagStatus, string> = {
  green: '#2E7D32',
  amber: '#E08E00',
  red: '#C62828',
  none: '#9AA3AF',
}

const TRACK = '#E3E7EE'
const TARGET = '#AEB7C4'
const ACHIEVED = '#1F4E9E'
const EU = '#9DB2DC'
const PAID = '#1F4E9E'

/** The traffic light as a coloured dot followed by its label (« ● Rouge »), inline. */
export function ragLabel(status: RagStatus, lang: DocLanguage, size = 8.2): TextNode {
  return { text: [{ text: '●\u00a0', color: RAG_COLOURS[status], fontSize: size + 1.5 }, { text: vocabulary(lang).rag[status] }], fontSize: size }
}

/** A large traffic-light dot, drawn. */
export function ragDot(status: RagStatus, diameter = 14): Content {
  const r = diameter / 2
  return { canvas: [{ type: 'ellipse', x: r, y: r, r1: r, r2: r, color: RAG_COLOURS[status] }], width: diameter }
}

/** A legend: small coloured squares and their labels on one line. */
function legend(entries: { colour: string; label: string }[]): ColumnsNode {
  return {
    columns: entries.map((e) => ({
      width: 'auto',
      columns: [
        { width: 9, canvas: [{ type: 'rect', x: 0, y: 1.5, w: 7, h: 7, color: e.colour }] },
        { width: 'auto', text: e.label, style: 'small', margin: [0, 0, 14, 0] },
      ],
    })),
    margin: [0, 0, 0, 3],
  }
}

const CHART_LAYOUT: TableLayout = {
  hLineWidth: () => 0,
  vLineWidth: () => 0,
  paddingLeft: (i) => (i === 0 ? 0 : 6),
  paddingRight: () => 0,
  paddingTop: () => 2.5,
  paddingBottom: () => 2.5,
}

/** A chart kept whole up to this many bars (beyond, it may run onto the next page, legend repeated). */
const KEEP_WHOLE_BARS = 30

/** A bar chart as a table: the legend as its header row, one row per bar group. */
function chartTable(widths: number[], legendEntries: { colour: string; label: string }[], rows: Content[][]): TableNode {
  const legendRow: Content[] = [{ ...legend(legendEntries), colSpan: widths.length }, ...widths.slice(1).map(() => '')]
  return {
    table: {
      widths,
      headerRows: 1,
      keepWithHeaderRows: rows.length <= KEEP_WHOLE_BARS ? Math.max(1, rows.length) : 1,
      dontBreakRows: true,
      body: [legendRow, ...rows],
    },
    layout: CHART_LAYOUT,
    margin: [0, 2, 0, 10],
  }
}

/**
 * Each indicator's achievement against its target: a grey bar for the target and a blue bar for
 * what was achieved, both on the indicator's own scale (units differ between indicators), with a
 * tick where the target lies when the achievement goes past it.
 */
export function indicatorChart(indicators: IndicatorData[], lang: DocLanguage, width: number): TableNode {
  const w = wording(lang)
  const codeWidth = 46
  const valueWidth = 118
  const barWidth = width - codeWidth - valueWidth - 12
  const rows = indicators
    .filter((i) => i.target > 0)
    .map((i): Content[] => {
      const achieved = i.achieved ?? 0
      const scale = barWidth / Math.max(i.target, achieved)
      const bars: CanvasElement[] = [
        { type: 'rect', x: 0, y: 0, w: barWidth, h: 11, color: TRACK },
        { type: 'rect', x: 0, y: 0, w: i.target * scale, h: 11, color: TARGET },
      ]
      if (i.achieved !== null && achieved > 0) bars.push({ type: 'rect', x: 0, y: 3, w: achieved * scale, h: 5, color: ACHIEVED })
      if (achieved > i.target) bars.push({ type: 'line', x1: i.target * scale, y1: -2, x2: i.target * scale, y2: 13, lineWidth: 1, lineColor: COLOURS.text })
      const value =
        i.achieved === null
          ? { text: `${w.report.notMeasured} / ${formatNumber(i.target, lang)}`, style: 'small', italics: true }
          : {
              text: `${formatNumber(i.achieved, lang)} / ${formatNumber(i.target, lang)} · ${i.achievementPct !== null ? formatPercent(i.achievementPct, lang) : ''}`,
              style: 'small',
            }
      return [{ text: i.code, style: 'small', bold: true }, { canvas: bars }, value]
    })
  return chartTable(
    [codeWidth, barWidth, valueWidth],
    [
      { colour: TARGET, label: w.report.legendTarget },
      { colour: ACHIEVED, label: w.report.legendAchieved },
    ],
    rows,
  )
}

/** The EU contribution and the amount paid for each specific objective, on one scale. */
export function objectiveFundingChart(objectives: ProgrammeObjectiveFigures[], lang: DocLanguage, width: number): TableNode {
  const w = wording(lang)
  const labelWidth = 150
  const valueWidth = 190
  const barWidth = width - labelWidth - valueWidth - 12
  const max = Math.max(1, ...objectives.map((o) => Math.max(o.euCents, o.paidCents)))
  const rows = objectives.map((o): Content[] => [
    { text: `${o.objective.code} – ${o.objective.short}`, style: 'small', bold: true, margin: [0, 4, 0, 0] },
    {
      canvas: [
        { type: 'rect', x: 0, y: 0, w: barWidth, h: 21, color: '#F4F6F9' },
        { type: 'rect', x: 0, y: 1, w: (o.euCents / max) * barWidth, h: 9, color: EU },
        { type: 'rect', x: 0, y: 11, w: (o.paidCents / max) * barWidth, h: 9, color: PAID },
      ],
    },
    {
      stack: [
        { text: `${withColon(w.programme.legendEu, lang)}${money(o.euCents, lang)}`, style: 'small' },
        { text: `${withColon(w.programme.legendPaid, lang)}${money(o.paidCents, lang)}`, style: 'small' },
      ],
    },
  ])
  return chartTable(
    [labelWidth, barWidth, valueWidth],
    [
      { colour: EU, label: w.programme.legendEu },
      { colour: PAID, label: w.programme.legendPaid },
    ],
    rows,
  )
}
