import type { Content, DocumentDefinition } from './definition'
import { day, fill } from './format'
import { vocabulary } from './labels'
import { COLOURS, dataTable, documentFrame, fields, heading, keepWithNext, note } from './layout'
import { masthead } from './masthead'
import { partyName } from './parties'
import type { DocLanguage, VisitReportData } from './types'
import { textOrNote } from './verification'
import { wording } from './wording'

/**
 * The report of an on-the-spot verification (CPR Art. 74(1)(a)): the project, the visit (date,
 * place, officers, scope), its findings by severity, the recommendations with their due date
 * and follow-up (late ones marked), and the conclusion.
 */

function identification(data: VisitReportData, lang: DocLanguage): Content[] {
  const w = wording(lang).visit_report
  const v = vocabulary(lang)
  return [
    keepWithNext(
      [heading(w.identification)],
      fields(
        [
          [w.project, `${data.project.code} – ${data.project.title}`],
          [w.beneficiary, partyName(data.project.beneficiary)],
          [w.date, day(data.visit.date, lang, 'long')],
          [w.place, data.visit.place],
          [w.officers, data.visit.officers],
          [w.status, v.visitStatuses[data.visit.status]],
          [w.asOf, day(data.today, lang, 'long')],
        ],
        150,
      ),
    ),
  ]
}

function findings(data: VisitReportData, lang: DocLanguage): Content[] {
  const w = wording(lang).visit_report
  const v = vocabulary(lang)
  if (data.findings.length === 0) return [heading(w.findings), note(w.noFindings)]
  return [
    keepWithNext(
      [heading(w.findings)],
      dataTable(
        [
          { header: '#', width: 18, align: 'right' },
          { header: w.severity, width: 60 },
          { header: w.finding, width: '*' },
        ],
        data.findings.map((f) => [
          String(f.number),
          { text: v.findingSeverities[f.severity], style: f.severity === 'high' ? ['cell', 'late'] : 'cell', bold: f.severity !== 'low' },
          f.description,
        ]),
      ),
    ),
  ]
}

function recommendations(data: VisitReportData, lang: DocLanguage): Content[] {
  const w = wording(lang).visit_report
  const v = vocabulary(lang)
  if (data.recommendations.length === 0) return [heading(w.recommendations), note(w.noRecommendations)]
  return [
    keepWithNext(
      [heading(w.recommendations)],
      dataTable(
        [
          { header: '#', width: 18, align: 'right' },
          { header: w.recommendation, width: '*' },
          { header: w.dueDate, width: 72 },
          { header: w.followUp, width: 150 },
        ],
        data.recommendations.map((r, i) => {
          const late = r.status === 'open' && r.dueDate < data.today
          const status = r.statusOn
            ? fill(w.statusOn, { status: v.recommendationStatuses[r.status], date: day(r.statusOn, lang) })
            : v.recommendationStatuses[r.status]
          return [
            String(i + 1),
            {
              stack: [
                { text: r.recommendation, style: 'cell' },
                ...(r.finding !== null ? [{ text: fill(w.answers, { number: r.finding }), style: 'small' }] : []),
              ],
            },
            late
              ? {
                  stack: [
                    { text: day(r.dueDate, lang), style: ['cell', 'late'] },
                    { text: w.overdue, style: 'small', color: COLOURS.late },
                  ],
                }
              : day(r.dueDate, lang),
            {
              stack: [
                { text: status, style: 'cell', bold: true },
                ...(r.statusReason ? [{ text: r.statusReason, style: 'small' }] : []),
                ...(r.followUp ? [{ text: r.followUp, style: 'small' }] : []),
              ],
            },
          ]
        }),
      ),
    ),
  ]
}

/** The report of one visit in one language, as a pdfmake definition. */
export function buildVisitReport(data: VisitReportData, lang: DocLanguage): DocumentDefinition {
  const common = wording(lang).common
  const w = wording(lang).visit_report
  const content: Content[] = [
    ...masthead({
      lang,
      stamp: data.stamp,
      title: w.title,
      issuer: partyName(data.grantor),
      subtitle: data.grantor.programmeReference ?? common.programme,
      projectLine: `${data.project.code} – ${data.project.title}`,
    }),
    ...identification(data, lang),
    heading(w.scope),
    ...textOrNote(data.visit.scope, w.noScope),
    ...findings(data, lang),
    ...recommendations(data, lang),
    heading(w.conclusion),
    ...textOrNote(data.visit.conclusion, w.noConclusion),
  ]
  return documentFrame({
    lang,
    stamp: data.stamp,
    title: w.title,
    subject: `${data.project.code} – ${day(data.visit.date, lang)} – ${data.visit.place}`,
    keywords: ['AMIF', data.project.code, data.stamp.reference, w.title],
    content,
  })
}
