import { meanAchievement } from '../database/domain/rag'
import { MILESTONE_STATUSES } from '../database/domain/vocabulary'
import { breakdownTable, breakdownWording } from './breakdown'
import { indicatorChart, ragDot } from './charts'
import type { CanvasElement, Content, DocumentDefinition, TextNode } from './definition'
import { day, fill, formatPercent, formatRate, listSeparator, money } from './format'
import { ragReasonText, vocabulary } from './labels'
import { COLOURS, contentWidth, dataTable, documentFrame, fields, heading, keepWithNext, note, paragraphs } from './layout'
import { masthead } from './masthead'
import { objectiveWording } from './objective'
import { partyName } from './parties'
import { budgetByCategoryTable, indicatorAchievementTable, partnersTable, paymentExecutionTable, shareText } from './tables'
import type { DocLanguage, MilestoneData, ReportData } from './types'
import { DAC_CRITERIA } from './types'
import { wording } from './wording'

/**
 * The evaluation report on one project: identification, a summary around the traffic light,
 * objectives, milestones by status (the late ones marked), indicators with a chart, financial
 * execution, partners, the officer's evaluation on the six OECD-DAC criteria, and conclusions.
 */

function identification(data: ReportData, lang: DocLanguage): Content[] {
  const w = wording(lang)
  const r = w.report
  const v = vocabulary(lang)
  const { project } = data
  return [
    keepWithNext(
      [heading(r.identification)],
      fields([
        [r.project, `${project.code} – ${project.title}`],
        [r.beneficiary, partyName(data.beneficiary)],
        [r.specificObjective, `${project.objective.code} – ${project.objective.short}`],
        [r.strand, v.strands[project.strand]],
        [r.strandObjective, project.strandObjective ? `${project.strandObjective.code} – ${project.strandObjective.label}` : null],
        [r.call, project.call ? `${project.call.reference} – ${project.call.title}` : null],
        [r.period, fill(w.common.fromTo, { from: day(project.startDate, lang, 'long'), to: day(project.endDate, lang, 'long') })],
        [r.status, v.projectStatuses[project.status]],
        [r.officer, project.officerName],
        [r.asOf, day(data.today, lang, 'long')],
      ]),
    ),
  ]
}

function summary(data: ReportData, lang: DocLanguage): Content[] {
  const w = wording(lang)
  const r = w.report
  const v = vocabulary(lang)
  const done = data.milestones.filter((m) => m.status === 'done').length
  const counted = data.milestones.filter((m) => m.status !== 'cancelled').length
  const late = data.milestones.filter((m) => m.late).length
  const mean = meanAchievement(data.indicators.filter((i) => i.target > 0).map((i) => i.achievementPct))
  const reasons: Content =
    data.rag.status === 'none'
      ? note(r.notJudged)
      : data.rag.reasons.length === 0
        ? note(r.noReasons)
        : {
            stack: [
              { text: r.reasons, style: 'label', margin: [0, 0, 0, 2] },
              { ul: data.rag.reasons.map((reason) => ({ text: ragReasonText(reason, lang) })) },
            ],
            margin: [0, 0, 0, 8],
          }
  return [
    heading(r.summary),
    {
      columns: [
        ragDot(data.rag.status, 16),
        { width: '*', text: fill(r.trafficLight, { label: v.rag[data.rag.status] }), bold: true, fontSize: 11, margin: [8, 1, 0, 0] },
      ],
      margin: [0, 2, 0, 6],
    },
    reasons,
    fields(
      [
        [r.elapsed, formatPercent(data.elapsedPct, lang)],
        [r.milestonesDone, fill(r.doneOutOf, { done, total: counted })],
        [r.milestonesLate, { text: String(late), style: late > 0 ? 'late' : undefined }],
        [r.meanAchievement, mean !== null ? formatPercent(Math.round(mean * 10) / 10, lang) : null],
        [r.euPaidShare, shareText(data.paidCents, data.budget.euCents, lang)],
      ],
      190,
    ),
  ]
}

function objectives(data: ReportData, lang: DocLanguage): Content[] {
  const r = wording(lang).report
  const { project } = data
  return [
    heading(r.objectives),
    fields([
      [
        r.specificObjective,
        { stack: [{ text: `${project.objective.code} – ${project.objective.short}`, bold: true }, objectiveWording(project.objective, lang)] },
      ],
      [r.strandObjective, project.strandObjective ? `${project.strandObjective.code} – ${project.strandObjective.label}` : null],
      [r.targetGroups, project.targetGroups.length > 0 ? project.targetGroups.join(listSeparator(lang)) : null],
    ]),
    ...(project.description ? [heading(r.description, 2), ...paragraphs(project.description)] : []),
  ]
}

/** One status group of milestones under its headings; done ones show when, open ones how late. */
function milestoneGroup(status: MilestoneData['status'], milestones: MilestoneData[], lang: DocLanguage, before: TextNode[]): Content {
  const w = wording(lang)
  const v = vocabulary(lang)
  const isDone = status === 'done'
  const rows = milestones.map((m) => {
    const due: Content = m.late ? { text: day(m.dueDate, lang), style: ['cell', 'late'] } : day(m.dueDate, lang)
    const last: Content = isDone ? day(m.doneDate, lang) : m.late ? { text: fill(w.report.late, { days: m.daysLate }), style: ['cell', 'late'] } : ''
    return [m.title, due, m.responsible ?? '', last]
  })
  return keepWithNext(
    [...before, heading(`${v.milestoneStatuses[status]} (${milestones.length})`, 2)],
    dataTable(
      [
        { header: w.table.milestone, width: '*' },
        { header: w.table.dueDate, width: 60 },
        { header: w.table.responsible, width: 110 },
        { header: isDone ? w.table.doneDate : w.table.remark, width: 96 },
      ],
      rows,
    ),
  )
}

function milestones(data: ReportData, lang: DocLanguage): Content[] {
  const r = wording(lang).report
  if (data.milestones.length === 0) return [heading(r.milestones), note(r.noMilestones)]
  const groups = MILESTONE_STATUSES.map((status) => ({ status, items: data.milestones.filter((m) => m.status === status) })).filter((g) => g.items.length > 0)
  return groups.map((g, i) => milestoneGroup(g.status, g.items, lang, i === 0 ? [heading(r.milestones)] : []))
}

function indicators(data: ReportData, lang: DocLanguage): Content[] {
  const r = wording(lang).report
  const measurable = data.indicators.filter((i) => i.target > 0)
  const persons = data.indicators.filter((i) => i.aboutPersons && i.achieved !== null)
  const b = breakdownWording(lang)
  return [
    keepWithNext([heading(r.indicators)], indicatorAchievementTable(data.indicators, lang)),
    ...(measurable.length > 0 ? [keepWithNext([heading(r.chartTitle, 2)], indicatorChart(measurable, lang, contentWidth()))] : []),
    ...(persons.length > 0
      ? [
          keepWithNext(
            [heading(b.title, 2), note(b.intro)],
            breakdownTable(
              persons.map((i) => ({ code: i.code, value: i.achieved!, breakdown: i.breakdown, notRecorded: i.breakdown ? 0 : i.achieved! })),
              lang,
            ),
          ),
        ]
      : []),
  ]
}

function finance(data: ReportData, lang: DocLanguage): Content[] {
  const r = wording(lang).report
  const { budget } = data
  return [
    keepWithNext([heading(r.finance), heading(r.budgetByCategory, 2)], budgetByCategoryTable(budget, lang)),
    fields(
      [
        [r.eligible, money(budget.eligibleCents, lang)],
        [r.eu, `${money(budget.euCents, lang)} (${formatRate(budget.euRateBp, lang)})`],
        [r.paid, { text: money(data.paidCents, lang), bold: true }],
        [r.euPaidShare, shareText(data.paidCents, budget.euCents, lang)],
      ],
      190,
    ),
    keepWithNext([heading(r.payments, 2)], paymentExecutionTable(data.payments, lang)),
    ...verified(data, lang),
  ]
}

/** What the project's approved payment claims declared, what was accepted, and the error rate found. */
function verified(data: ReportData, lang: DocLanguage): Content[] {
  const r = wording(lang).report
  const v = data.verified
  if (!v) return []
  if (v.claims === 0) return [heading(r.verified, 2), note(r.noVerified)]
  return [
    keepWithNext(
      [heading(r.verified, 2)],
      fields(
        [
          [r.verifiedClaims, String(v.claims)],
          [r.verifiedDeclared, money(v.declaredCents, lang)],
          [r.verifiedAccepted, money(v.acceptedCents, lang)],
          [r.verifiedIneligible, money(v.ineligibleCents, lang)],
          [r.errorRate, v.errorRateBp !== null ? { text: formatRate(v.errorRateBp, lang), bold: true } : null],
        ],
        190,
      ),
    ),
    note(r.errorRateNote),
  ]
}

/** Four small squares, as many filled as the score (1-4). */
function scoreGauge(score: number): Content {
  const squares: CanvasElement[] = [1, 2, 3, 4].map((n) => ({
    type: 'rect',
    x: (n - 1) * 9,
    y: 2,
    w: 7,
    h: 7,
    color: n <= score ? COLOURS.heading : '#DCE1E8',
  }))
  return { canvas: squares, margin: [0, 0, 0, 2] }
}

function evaluation(data: ReportData, lang: DocLanguage): Content[] {
  const w = wording(lang)
  const r = w.report
  const v = vocabulary(lang)
  const e = data.evaluation
  const by =
    e.evaluatedOn && e.evaluator
      ? fill(r.evaluatedBy, { date: day(e.evaluatedOn, lang, 'long'), name: e.evaluator })
      : e.evaluatedOn
        ? fill(r.evaluatedOn, { date: day(e.evaluatedOn, lang, 'long') })
        : e.evaluator
          ? fill(r.evaluatedByOnly, { name: e.evaluator })
          : null
  const byCriterion = new Map(e.criteria.map((c) => [c.criterion, c]))
  const rows = DAC_CRITERIA.map((criterion) => {
    const c = byCriterion.get(criterion)
    const score = c?.score ?? null
    const scoreCell: Content =
      score !== null && score >= 1 && score <= 4
        ? { stack: [scoreGauge(score), { text: `${score} – ${v.dacScores[String(score) as '1' | '2' | '3' | '4']}`, style: 'cell' }] }
        : { text: r.notScored, style: 'cell', italics: true, color: COLOURS.muted }
    return [{ text: v.dacCriteria[criterion], style: 'cell', bold: true }, scoreCell, c?.comment ?? '']
  })
  return [
    keepWithNext(
      [heading(r.evaluation), ...(by ? [{ text: by }] : [])],
      dataTable(
        [
          { header: r.criterion, width: 92 },
          { header: r.score, width: 120 },
          { header: r.comment, width: '*' },
        ],
        rows,
      ),
    ),
  ]
}

function conclusions(data: ReportData, lang: DocLanguage): Content[] {
  const r = wording(lang).report
  const text = (value: string | null) => (value && value.trim().length > 0 ? paragraphs(value) : [note(r.nothingWritten)])
  return [
    heading(r.conclusions),
    heading(r.conclusionsLabel, 2),
    ...text(data.evaluation.conclusions),
    heading(r.recommendationsLabel, 2),
    ...text(data.evaluation.recommendations),
  ]
}

/** The evaluation report for one project in one language, as a pdfmake definition. */
export function buildEvaluationReport(data: ReportData, lang: DocLanguage): DocumentDefinition {
  const w = wording(lang)
  const r = w.report
  const content: Content[] = [
    ...masthead({
      lang,
      stamp: data.stamp,
      title: r.title,
      issuer: partyName(data.grantor),
      subtitle: data.grantor.programmeReference ?? w.common.programme,
      projectLine: `${data.project.code} – ${data.project.title}`,
    }),
    ...identification(data, lang),
    ...summary(data, lang),
    ...objectives(data, lang),
    ...milestones(data, lang),
    ...indicators(data, lang),
    ...finance(data, lang),
    keepWithNext([heading(r.partners)], partnersTable(data.partners, data.budget.eligibleCents, lang, r.noPartners)),
    ...evaluation(data, lang),
    ...conclusions(data, lang),
  ]
  return documentFrame({
    lang,
    stamp: data.stamp,
    title: r.title,
    subject: `${data.project.code} – ${data.project.title}`,
    keywords: ['AMIF', data.project.code, data.stamp.reference, r.title],
    content,
  })
}
