import { RAG_STATUSES, type RagStatus } from '../database/domain/vocabulary'
import { breakdownTable, breakdownWording } from './breakdown'
import { objectiveFundingChart, RAG_COLOURS, ragLabel } from './charts'
import type { Content, DocumentDefinition, Inline } from './definition'
import { day, fill, formatPercent, money } from './format'
import { vocabulary } from './labels'
import { contentWidth, dataTable, documentFrame, fields, heading, keepWithNext, note } from './layout'
import { masthead, producedDay } from './masthead'
import { partyName } from './parties'
import { shareText } from './tables'
import type { DocLanguage, ProgrammeData } from './types'
import { wording } from './wording'

/**
 * The programme report: what it was asked for (period, strand, call, objective), the figures for
 * each specific objective with their totals, a chart of the EU contribution against what was
 * paid, and every project with its status and traffic light. Landscape: the tables are wide.
 */

const ORIENTATION = 'landscape'

function periodText(filters: ProgrammeData['filters'], lang: DocLanguage): string {
  const w = wording(lang)
  const { from, to } = filters
  if (from && to) return fill(w.common.fromTo, { from: day(from, lang, 'long'), to: day(to, lang, 'long') })
  if (from) return fill(w.programme.from, { from: day(from, lang, 'long') })
  if (to) return fill(w.programme.to, { to: day(to, lang, 'long') })
  return w.programme.allPeriods
}

function scope(data: ProgrammeData, lang: DocLanguage): Content {
  const p = wording(lang).programme
  const v = vocabulary(lang)
  const { filters } = data
  const objective = filters.objective ? data.objectives.find((o) => o.objective.code === filters.objective)?.objective : undefined
  return fields([
    [p.period, periodText(filters, lang)],
    [p.strand, filters.strand ? v.strands[filters.strand] : p.allStrands],
    [p.call, filters.call ? `${filters.call.reference} – ${filters.call.title}` : p.allCalls],
    [p.objective, filters.objective ? `${filters.objective}${objective ? ` – ${objective.short}` : ''}` : p.allObjectives],
    [p.asOf, day(data.today, lang, 'long')],
  ])
}

/** The count of projects under each light, as coloured dots with their numbers. */
function lightCounts(rag: Record<RagStatus, number>): Content {
  const runs: Inline[] = RAG_STATUSES.filter((s) => rag[s] > 0).flatMap((s) => [
    { text: '●\u00a0', color: RAG_COLOURS[s], fontSize: 9.5 },
    { text: `${rag[s]}   ` },
  ])
  return { text: runs.length > 0 ? runs : '—', style: 'cell', noWrap: true }
}

function objectiveTable(data: ProgrammeData, lang: DocLanguage): Content {
  const w = wording(lang)
  const p = w.programme
  const t = w.table
  const rows = data.objectives.map((o) => [
    { text: [{ text: `${o.objective.code} `, bold: true }, o.objective.short], style: 'cell' },
    String(o.projects),
    money(o.eligibleCents, lang),
    money(o.euCents, lang),
    money(o.paidCents, lang),
    shareText(o.paidCents, o.euCents, lang),
    `${o.milestones.done} / ${o.milestones.total}`,
    String(o.milestones.late),
    o.indicatorAchievementPct !== null ? formatPercent(o.indicatorAchievementPct, lang) : '—',
    lightCounts(o.rag),
  ])
  const total = data.totals
  return dataTable(
    [
      { header: p.objective, width: '*' },
      { header: p.projects, width: 44, align: 'right' },
      { header: t.eligible, width: 78, align: 'right' },
      { header: t.eu, width: 78, align: 'right' },
      { header: t.paid, width: 78, align: 'right' },
      { header: p.paidShare, width: 42, align: 'right' },
      { header: p.milestones, width: 56, align: 'right' },
      { header: p.late, width: 42, align: 'right' },
      { header: p.indicators, width: 54, align: 'right' },
      { header: p.lights, width: 84 },
    ],
    rows,
    [
      [
        w.common.total,
        String(total.projects),
        money(total.eligibleCents, lang),
        money(total.euCents, lang),
        money(total.paidCents, lang),
        shareText(total.paidCents, total.euCents, lang),
        `${total.milestones.done} / ${total.milestones.total}`,
        String(total.milestones.late),
        '',
        lightCounts(total.rag),
      ],
    ],
    { keepWhole: true },
  )
}

function projectList(data: ProgrammeData, lang: DocLanguage): Content {
  const w = wording(lang)
  const p = w.programme
  const t = w.table
  const v = vocabulary(lang)
  if (data.projects.length === 0) return note(p.noProjects)
  return dataTable(
    [
      { header: t.project, width: '*' },
      { header: t.beneficiary, width: 96 },
      { header: `${t.objective} · ${t.strand}`, width: 80 },
      { header: t.status, width: 62 },
      { header: t.trafficLight, width: 52 },
      { header: t.eligible, width: 66, align: 'right' },
      { header: t.eu, width: 66, align: 'right' },
      { header: t.paid, width: 66, align: 'right' },
      { header: p.late, width: 34, align: 'right' },
    ],
    data.projects.map((row) => [
      { stack: [{ text: row.code, bold: true, noWrap: true }, { text: row.title }], style: 'cell' },
      row.beneficiary,
      { stack: [{ text: row.objectiveCode }, { text: v.strands[row.strand], style: 'small' }], style: 'cell' },
      v.projectStatuses[row.status],
      ragLabel(row.rag, lang),
      money(row.eligibleCents, lang),
      money(row.euCents, lang),
      money(row.paidCents, lang),
      String(row.lateMilestones),
    ]),
  )
}

/** Indicators about persons with their age and gender breakdown, summed over the projects (Annex VIII). */
function personIndicators(data: ProgrammeData, lang: DocLanguage): Content[] {
  const b = breakdownWording(lang)
  return [keepWithNext([heading(b.title), note(b.intro)], breakdownTable(data.personIndicators, lang))]
}

/** The programme report for the objectives and projects asked for, in one language, as a pdfmake definition. */
export function buildProgrammeReport(data: ProgrammeData, lang: DocLanguage): DocumentDefinition {
  const w = wording(lang)
  const p = w.programme
  const content: Content[] = [
    ...masthead({
      lang,
      stamp: data.stamp,
      title: p.title,
      issuer: partyName(data.grantor),
      subtitle: data.grantor.programmeReference ?? w.common.programme,
      projectLine: `${p.subtitle} – ${day(data.today, lang, 'long')}`,
      orientation: ORIENTATION,
    }),
    keepWithNext([heading(p.criteria)], scope(data, lang)),
    keepWithNext([heading(p.byObjective)], objectiveTable(data, lang)),
    keepWithNext([heading(p.chart)], objectiveFundingChart(data.objectives, lang, contentWidth(ORIENTATION))),
    ...personIndicators(data, lang),
    keepWithNext([heading(p.projectList)], projectList(data, lang)),
  ]
  return documentFrame({
    lang,
    stamp: data.stamp,
    title: p.title,
    subject: `${p.subtitle} – ${producedDay(data.stamp)}`,
    keywords: ['AMIF', data.stamp.reference, p.title],
    orientation: ORIENTATION,
    content,
  })
}
