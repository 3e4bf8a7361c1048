import { ERROR_TYPES } from '../database/domain/vocabulary'
import type { Content, DocumentDefinition, TableNode } from './definition'
import { day, fill, formatNumber, formatRate, money } from './format'
import { vocabulary } from './labels'
import { COLOURS, dataTable, documentFrame, fields, heading, keepWithNext, note, paragraphs } from './layout'
import { masthead, producedDay } from './masthead'
import { partyName } from './parties'
import type { ClaimLineData, DocLanguage, VerificationReportData } from './types'
import { wording } from './wording'

/**
 * The management verification report of a payment claim (CPR Art. 74(1)(a)): the claim and its
 * 80-day clock, the checklist with its answers, the sample and how it was drawn, every declared
 * line with its outcome, the figures of the result (claimResultOf's, never recomputed here) and
 * the two officers, the self-approval reason shown where there is one.
 */

/** An instant (ISO UTC) as its day in the document's language. */
function dayOf(instant: string | null, lang: DocLanguage): string {
  return instant ? day(instant.slice(0, 10), lang, 'long') : ''
}

function identification(data: VerificationReportData, lang: DocLanguage): Content[] {
  const w = wording(lang).verification_report
  const v = vocabulary(lang)
  const { claim } = data
  const clock = claim.clock
  const clockLine = clock.overdue
    ? { text: fill(w.clockOverdue, { run: clock.runDays, days: -clock.daysLeft }), style: 'late' }
    : { text: fill(w.clockLeft, { run: clock.runDays, days: clock.daysLeft, due: day(clock.dueOn, lang, 'long') }) }
  const clockCell: Content = {
    stack: [
      clockLine,
      ...(clock.stoppedDays > 0 ? [{ text: fill(w.clockSuspended, { days: clock.stoppedDays }), style: 'small' }] : []),
      ...(clock.stopped ? [{ text: w.clockStopped, style: 'small', bold: true }] : []),
    ],
  }
  return [
    keepWithNext(
      [heading(w.identification)],
      fields(
        [
          [w.project, `${data.project.code} – ${data.project.title}`],
          [w.beneficiary, partyName(data.project.beneficiary)],
          [w.claim, v.claimKinds[claim.kind]],
          [w.claimReference, claim.reference],
          [w.period, fill(wording(lang).common.fromTo, { from: day(claim.periodStart, lang, 'long'), to: day(claim.periodEnd, lang, 'long') })],
          [w.submitted, day(claim.submittedOn, lang, 'long')],
          [w.status, v.claimStatuses[claim.status]],
          [w.clock, clockCell],
          [w.asOf, day(data.today, lang, 'long')],
          [w.note, claim.note],
        ],
        150,
      ),
    ),
    ...(claim.suspensions.length > 0
      ? [
          keepWithNext(
            [heading(w.suspensions, 2)],
            dataTable(
              [
                { header: w.stoppedOn, width: 70 },
                { header: w.reason, width: '*' },
                { header: w.resumedOn, width: 70 },
              ],
              claim.suspensions.map((s) => [day(s.stoppedOn, lang), s.reason, s.resumedOn ? day(s.resumedOn, lang) : w.notResumed]),
            ),
          ),
        ]
      : []),
  ]
}

function checklist(data: VerificationReportData, lang: DocLanguage): Content[] {
  const w = wording(lang).verification_report
  const v = vocabulary(lang)
  const rows = data.checklist.map((q, i) => [
    { text: String(i + 1), style: 'cell' },
    { stack: [{ text: q.question, style: 'cell' }, ...(q.legalBasis ? [{ text: q.legalBasis, style: 'small' }] : [])] },
    q.answer
      ? { text: v.checkAnswers[q.answer], style: q.answer === 'no' ? ['cell', 'late'] : 'cell', bold: true }
      : { text: w.notAnswered, style: 'cell', italics: true, color: COLOURS.muted },
    q.comment ?? '',
  ])
  return [
    keepWithNext(
      [heading(w.checklist)],
      dataTable(
        [
          { header: '#', width: 14 },
          { header: w.question, width: '*' },
          { header: w.answer, width: 58 },
          { header: w.comment, width: 150 },
        ],
        rows,
      ),
    ),
  ]
}

function sampling(data: VerificationReportData, lang: DocLanguage): Content[] {
  const w = wording(lang).verification_report
  const v = vocabulary(lang)
  const s = data.sampling
  // Lines verified so far (an outcome recorded), of all the lines declared.
  const checked = data.lines.filter((l) => l.outcome !== null && (s.method !== 'threshold_random' || l.inSample)).length
  const count = fill(w.sampleCountValue, { checked, total: data.lines.length })
  if (s.method !== 'threshold_random') {
    return [
      keepWithNext(
        [heading(w.sampling)],
        fields(
          [
            [w.method, v.samplingMethods.all],
            [w.sampleCount, count],
            [w.drawnOn, s.sampledAt ? `${dayOf(s.sampledAt, lang)}${s.sampledBy ? ` · ${s.sampledBy}` : ''}` : null],
          ],
          190,
        ),
      ),
      note(checked === data.lines.length ? w.allLines : w.allLinesPending),
    ]
  }
  return [
    keepWithNext(
      [heading(w.sampling)],
      fields(
        [
          [w.method, v.samplingMethods.threshold_random],
          [w.threshold, s.thresholdCents !== null ? money(s.thresholdCents, lang) : null],
          [w.sampleSize, s.size !== null ? formatNumber(s.size, lang) : null],
          [w.seed, s.seed],
          [w.drawnOn, dayOf(s.sampledAt, lang)],
          [w.drawnBy, s.sampledBy],
          [w.sampleCount, count],
        ],
        190,
      ),
    ),
    note(w.seedNote),
  ]
}

/**
 * What a line is: its description, then in small print its kind (when not an actual cost), the
 * facts of its kind, supplier, reference and date, and the officer's comment. Its budget line
 * heads its group (see lines()).
 */
function lineCell(l: ClaimLineData, lang: DocLanguage): Content {
  const w = wording(lang).verification_report
  const v = vocabulary(lang)
  const facts: string[] = l.kind === 'actual' ? [] : [v.claimLineKinds[l.kind]]
  if (l.kind === 'staff' && l.personName) {
    facts.push(
      fill(w.staffLine, {
        person: l.personName,
        hours: formatNumber((l.hoursHundredths ?? 0) / 100, lang),
        rate: l.hourlyRateCents !== null ? money(l.hourlyRateCents, lang) : '',
      }),
    )
  }
  if (l.kind === 'unit' && l.units !== null) facts.push(fill(w.unitLine, { units: formatNumber(l.units, lang) }))
  const source = [l.supplier, l.reference, l.expenseDate ? day(l.expenseDate, lang) : null].filter((x): x is string => Boolean(x))
  const details = [...facts, ...source].join(' · ')
  return {
    stack: [
      { text: l.description ?? l.supplier ?? v.claimLineKinds[l.kind], style: 'cell' },
      ...(details ? [{ text: details, style: 'small' }] : []),
      ...(l.comment ? [{ text: l.comment, style: 'small', italics: true }] : []),
    ],
  }
}

function outcomeCell(l: ClaimLineData, data: VerificationReportData, lang: DocLanguage): Content {
  const w = wording(lang).verification_report
  const v = vocabulary(lang)
  if (data.sampling.method === 'threshold_random' && !l.inSample) return { text: w.notInSample, style: 'small', italics: true }
  if (l.outcome === null) return { text: w.notVerified, style: 'small', italics: true }
  return {
    stack: [
      { text: v.lineOutcomes[l.outcome], style: l.outcome === 'accepted' ? 'cell' : ['cell', 'late'] },
      ...(l.errorType ? [{ text: v.errorTypes[l.errorType], style: 'small' }] : []),
    ],
  }
}

function lines(data: VerificationReportData, lang: DocLanguage): Content[] {
  const w = wording(lang).verification_report
  if (data.lines.length === 0) return [heading(w.lines), note(w.noLines)]
  const accepted = data.lines.reduce((sum, l) => sum + (l.acceptedCents ?? 0), 0)
  const declared = data.lines.reduce((sum, l) => sum + l.declaredCents, 0)
  // Lines grouped under their budget line, in the order the budget lines first appear.
  const groups = new Map<string, ClaimLineData[]>()
  for (const l of data.lines) groups.set(l.budgetLine, [...(groups.get(l.budgetLine) ?? []), l])
  const rows: Content[][] = []
  for (const [budgetLine, group] of groups) {
    rows.push([{ text: budgetLine, style: 'cell', bold: true, colSpan: 5, fillColor: COLOURS.totalFill }, '', '', '', ''])
    for (const l of group) {
      rows.push([
        String(l.lineNo),
        lineCell(l, lang),
        money(l.declaredCents, lang),
        l.acceptedCents !== null ? money(l.acceptedCents, lang) : '',
        outcomeCell(l, data, lang),
      ])
    }
  }
  const table: TableNode = dataTable(
    [
      { header: '#', width: 22, align: 'right' },
      { header: w.line, width: '*' },
      { header: w.declared, width: 62, align: 'right' },
      { header: w.accepted, width: 62, align: 'right' },
      { header: w.outcome, width: 78 },
    ],
    rows,
    [['', w.total, money(declared, lang), money(accepted, lang), '']],
  )
  return [keepWithNext([heading(w.lines)], table)]
}

function figures(data: VerificationReportData, lang: DocLanguage): Content[] {
  const w = wording(lang).verification_report
  const v = vocabulary(lang)
  const r = data.result
  const row = (label: string, cents: number, options: { indent?: boolean; late?: boolean } = {}): Content[] => [
    { text: label, style: 'cell', margin: [options.indent ? 12 : 0, 0, 0, 0] },
    { text: money(cents, lang), style: options.late ? ['cell', 'late'] : 'cell', alignment: 'right', noWrap: true },
  ]
  const rows: Content[][] = [row(w.declaredTotal, r.declaredCents)]
  if (data.sampling.method === 'threshold_random') {
    rows.push(row(w.checkedDeclared, r.checkedDeclaredCents, { indent: true }), row(w.unchecked, r.uncheckedCents, { indent: true }))
  }
  if (r.pendingCents > 0) rows.push(row(w.pending, r.pendingCents, { indent: true, late: true }))
  rows.push(row(w.checkedAccepted, r.checkedAcceptedCents))
  for (const type of ERROR_TYPES)
    if (r.ineligibleByType[type] > 0) rows.push(row(fill(w.ineligibleBy, { type: v.errorTypes[type] }), r.ineligibleByType[type], { indent: true }))
  rows.push(row(w.ineligibleTotal, r.ineligibleCents))
  const x = r.extrapolation
  if (x) {
    rows.push([
      { text: w.errorRate, style: 'cell' },
      {
        text: fill(w.errorRateValue, {
          rate: formatRate(x.errorRateBp, lang),
          error: money(x.randomErrorCents, lang),
          declared: money(x.randomDeclaredCents, lang),
        }),
        style: 'cell',
        alignment: 'right',
      },
    ])
    rows.push(row(w.projected, x.projectedCents, { indent: true }))
    rows.push(
      x.applied ? row(w.applied, -r.correctionCents, { indent: true, late: true }) : [{ text: w.notApplied, style: 'cell', italics: true, colSpan: 2 }, ''],
    )
  }
  rows.push(row(w.acceptedDirect, r.acceptedDirectCents))
  const m = vocabulary(lang)
  for (const f of r.flatRates) {
    rows.push([
      {
        stack: [
          { text: m.flatRates[f.kind], style: 'cell' },
          { text: `${formatRate(f.rateBp, lang)} × ${money(f.baseCents, lang)}`, style: 'small' },
        ],
        margin: [12, 0, 0, 0],
      },
      { text: money(f.cents, lang), style: 'cell', alignment: 'right', noWrap: true },
    ])
  }
  rows.push(row(w.eligible, r.eligibleCents))
  rows.push(row(fill(w.euShare, { rate: formatRate(r.euRateBp, lang) }), r.euShareCents))
  if (r.advanceClearedCents > 0) rows.push(row(w.advanceCleared, -r.advanceClearedCents, { indent: true }))
  rows.push(row(w.remainingBalance, r.remainingBalanceCents))
  const table = dataTable(
    [
      { header: '', width: '*' },
      { header: w.amount, width: 170, align: 'right' },
    ],
    rows,
    [[w.payable, money(r.payableCents, lang)]],
  )
  return [
    keepWithNext([heading(w.figures)], table),
    ...(r.cappedByBalance ? [note(w.capped)] : []),
    ...(r.pendingCents > 0 ? [{ text: w.incomplete, style: 'late', margin: [0, 0, 0, 6] } as Content] : []),
  ]
}

function officers(data: VerificationReportData, lang: DocLanguage): Content[] {
  const w = wording(lang).verification_report
  const o = data.officers
  const by = (name: string | null, at: string | null) =>
    name ? fill(w.byOn, { name, date: dayOf(at, lang) }) : { text: w.notYet, italics: true, color: COLOURS.muted }
  return [
    keepWithNext(
      [heading(w.officers)],
      fields(
        [
          [w.preparedBy, by(o.preparedBy, o.preparedAt)],
          [w.approvedBy, by(o.approvedBy, o.approvedAt)],
        ],
        150,
      ),
    ),
    ...(o.selfApprovalReason
      ? [
          {
            table: { widths: ['*'], body: [[{ text: fill(w.selfApproval, { reason: o.selfApprovalReason }), bold: true, color: COLOURS.late }]] },
            layout: {
              hLineWidth: () => 0.8,
              vLineWidth: () => 0.8,
              hLineColor: () => COLOURS.late,
              vLineColor: () => COLOURS.late,
              paddingLeft: () => 6,
              paddingRight: () => 6,
              paddingTop: () => 4,
              paddingBottom: () => 4,
            },
            margin: [0, 2, 0, 8],
          } as Content,
        ]
      : []),
    ...(o.approvedBy ? [] : [note(w.notApproved)]),
  ]
}

/** The verification report of one claim in one language, as a pdfmake definition. */
export function buildVerificationReport(data: VerificationReportData, lang: DocLanguage): DocumentDefinition {
  const common = wording(lang).common
  const w = wording(lang).verification_report
  const v = vocabulary(lang)
  const content: Content[] = [
    ...masthead({
      lang,
      stamp: data.stamp,
      title: w.title,
      issuer: partyName(data.grantor),
      subtitle: data.grantor.programmeReference ?? common.programme,
      projectLine: `${data.project.code} – ${v.claimKinds[data.claim.kind]} ${fill(common.fromTo, { from: day(data.claim.periodStart, lang), to: day(data.claim.periodEnd, lang) })}`,
    }),
    ...identification(data, lang),
    ...checklist(data, lang),
    ...sampling(data, lang),
    ...lines(data, lang),
    ...figures(data, lang),
    ...officers(data, lang),
  ]
  return documentFrame({
    lang,
    stamp: data.stamp,
    title: w.title,
    subject: `${data.project.code} – ${data.project.title} (${day(data.claim.submittedOn, lang)})`,
    keywords: ['AMIF', data.project.code, data.stamp.reference, w.title, producedDay(data.stamp)],
    content,
  })
}

/** Paragraphs of a free text, or a muted note when there is none (shared with the visit report). */
export function textOrNote(value: string | null, empty: string): Content[] {
  return value && value.trim().length > 0 ? paragraphs(value) : [note(empty)]
}
