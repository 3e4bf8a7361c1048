import { FLAT_RATE_BASE, isFlatRate, type FlatRateAmount } from '../database/domain/money'
import { COST_MODELS } from '../database/domain/vocabulary'
import { clauseTexts, clauseValues, isClauseKey, type ClauseKey } from './clauses'
import type { Content, DocumentDefinition } from './definition'
import { day, fill, formatNumber, formatRate, listSeparator, money, withColon } from './format'
import { moneyLabels, vocabulary } from './labels'
import { COLOURS, contentWidth, dataTable, documentFrame, fields, heading, keepWithNext, note, paragraphs } from './layout'
import { masthead } from './masthead'
import { objectiveWording } from './objective'
import { partyBlock, partyName } from './parties'
import { budgetByCategoryTable, indicatorTargetsTable, milestonePlanTable, partnersTable, paymentScheduleTable, shareText } from './tables'
import type { AgreementData, ClauseText, DocLanguage, Signatory } from './types'
import { wording } from './wording'

/**
 * The grant agreement: the parties, then the articles in CLAUSE_KEYS order (each with its text,
 * the officer's or the default, and the project's figures where the article fixes them), the
 * signatures, and the annexes (budget, indicators, milestones) on pages of their own.
 */

const ROMAN = ['I', 'II', 'III']

/** The budget category a project flat rate pays for, as Annex I lists it. */
const FLAT_RATE_CATEGORY = { art54a: 'indirect', art54b: 'indirect', art54c: 'indirect', art55: 'staff', art56: 'other' } as const

/** The figures an article carries under its text; clause-only articles have none. */
function articleData(key: ClauseKey, data: AgreementData, lang: DocLanguage): Content[] {
  const w = wording(lang)
  const a = w.agreement
  const v = vocabulary(lang)
  const { project, budget, grantor } = data
  const call = project.call ? `${project.call.reference} – ${project.call.title}` : null
  switch (key) {
    case 'object':
      return [
        fields([
          [a.project, `${project.code} – ${project.title}`],
          [a.specificObjective, `${project.objective.code} – ${project.objective.short}`],
          [a.officialWording, objectiveWording(project.objective, lang)],
          [a.description, project.description],
          [a.strand, v.strands[project.strand]],
          [a.strandObjective, project.strandObjective ? `${project.strandObjective.code} – ${project.strandObjective.label}` : null],
          [a.targetGroups, project.targetGroups.length > 0 ? project.targetGroups.join(listSeparator(lang)) : null],
          [a.call, call],
        ]),
      ]
    case 'legal_basis':
      return [
        fields([
          [a.regulations, { ul: a.regulationList.map((r) => ({ text: r })), margin: [0, 0, 0, 2] }],
          [a.programmeReference, grantor.programmeReference],
          [a.nationalBasis, grantor.nationalBasis],
          [a.call, call],
        ]),
      ]
    case 'duration':
      return [
        fields([
          [a.startDate, day(project.startDate, lang, 'long')],
          [a.endDate, day(project.endDate, lang, 'long')],
          [a.eligibility, fill(w.common.fromTo, { from: day(project.startDate, lang), to: day(project.endDate, lang) })],
        ]),
      ]
    case 'amount':
      return [
        keepWithNext([heading(a.byCategory, 2)], budgetByCategoryTable(budget, lang)),
        fields(
          [
            [a.directCosts, money(budget.directCents, lang)],
            [a.indirectCosts, budget.indirectCents > 0 ? money(budget.indirectCents, lang) : null],
            [a.eligibleTotal, { text: money(budget.eligibleCents, lang), bold: true }],
            [a.euRate, formatRate(budget.euRateBp, lang)],
            [a.euMaximum, { text: money(budget.euCents, lang), bold: true }],
            [a.ownContribution, money(budget.ownCents, lang)],
            [a.rateGround, budget.euRateBp > 7500 && budget.rateGround ? v.rateGrounds[budget.rateGround] : null],
            [a.rateJustification, budget.euRateBp > 7500 ? budget.rateJustification : null],
          ],
          170,
        ),
      ]
    case 'cost_model':
      return [costModelTable(data, lang), ...flatRateBlock(data, lang)]
    case 'payments':
      return [paymentScheduleTable(data.payments, budget, lang)]
    case 'indicators':
      return [indicatorTargetsTable(data.indicators, lang)]
    case 'milestones':
      return [milestonePlanTable(data.milestones, lang, false)]
    case 'reporting':
      return [reportingTable(data, lang)]
    case 'partners':
      return [partnersTable(data.partners, budget.eligibleCents, lang, a.noPartners)]
    case 'visibility':
      // Written in the agreement itself, never left to a later approval (CPR Art. 50(1), AMIF derogation).
      return [fields([[a.visibilityAdaptation, project.visibilityAdaptation?.trim() || a.noVisibilityAdaptation]], 170)]
    default:
      return []
  }
}

/** The cost models the budget uses, with how many lines and how much each covers. */
function costModelTable(data: AgreementData, lang: DocLanguage): Content {
  const w = wording(lang)
  const v = vocabulary(lang)
  const used = COST_MODELS.map((model) => {
    const lines = data.budget.lines.filter((l) => l.costModel === model)
    return { model, count: lines.length, cents: lines.reduce((sum, l) => sum + l.cents, 0) }
  }).filter((u) => u.count > 0)
  // The project's own flat rates are no lines: one row each, so the rows add up to the eligible cost.
  const chosen = data.budget.flatRates.filter((f) => !f.fromLine)
  return dataTable(
    [
      { header: w.table.costModel, width: '*' },
      { header: w.table.lines, width: 50, align: 'right' },
      { header: w.table.amount, width: 90, align: 'right' },
      { header: w.table.shareOfEligible, width: 70, align: 'right' },
    ],
    [
      ...used.map((u) => [v.costModels[u.model], String(u.count), money(u.cents, lang), shareText(u.cents, data.budget.eligibleCents, lang)]),
      ...chosen.map((f) => [flatRateName(f, lang), '', money(f.cents, lang), shareText(f.cents, data.budget.eligibleCents, lang)]),
    ],
    [[w.common.total, String(data.budget.lines.length), money(data.budget.eligibleCents, lang), '']],
    { keepWhole: true },
  )
}

/** A flat rate's name with its article: « Coûts indirects : taux forfaitaire sur ... (art. 54, point a)) ». */
function flatRateName(f: FlatRateAmount, lang: DocLanguage): string {
  return vocabulary(lang).flatRates[f.kind]
}

/** How a flat rate is reached: « 7 % × 150 000,00 € », its base named below (« coûts directs éligibles »). */
function flatRateBasis(f: FlatRateAmount, lang: DocLanguage): Content {
  return {
    stack: [
      { text: `${formatRate(f.rateBp, lang)} × ${money(f.baseCents, lang)}`, noWrap: true },
      { text: vocabulary(lang).flatRateBases[FLAT_RATE_BASE[f.kind]], style: 'small' },
    ],
    style: 'cell',
    alignment: 'right',
  }
}

/**
 * The flat rates of the project (Articles 54-56 CPR): each with its rate, its base and the
 * amount; the justification of a 54(c) rate and the reason for using no simplified cost (53(2)).
 */
function flatRateBlock(data: AgreementData, lang: DocLanguage): Content[] {
  const m = moneyLabels(lang)
  const { budget } = data
  const out: Content[] = []
  if (budget.flatRates.length > 0) {
    out.push(
      dataTable(
        [
          { header: m.flatRate, width: '*' },
          { header: m.rate, width: 44, align: 'right' },
          { header: m.base, width: 90, align: 'right' },
          { header: m.amount, width: 80, align: 'right' },
        ],
        budget.flatRates.map((f) => [
          flatRateName(f, lang),
          formatRate(f.rateBp, lang),
          {
            stack: [
              { text: money(f.baseCents, lang), noWrap: true },
              { text: vocabulary(lang).flatRateBases[FLAT_RATE_BASE[f.kind]], style: 'small' },
            ],
            style: 'cell',
            alignment: 'right',
          },
          money(f.cents, lang),
        ]),
        [],
        { keepWhole: true },
      ),
    )
  }
  const notes = fields(
    [
      [m.indirectJustification, budget.indirectJustification],
      [m.scoExemption, budget.scoExemption],
    ],
    170,
  )
  return budget.indirectJustification || budget.scoExemption ? [...out, notes] : out
}

/** The reports the beneficiary owes, with the period each covers and its due date. */
function reportingTable(data: AgreementData, lang: DocLanguage): Content {
  const w = wording(lang)
  if (data.reporting.length === 0) return note(w.agreement.noReporting)
  return dataTable(
    [
      { header: w.table.report, width: 130 },
      { header: w.table.period, width: '*' },
      { header: w.table.reportDue, width: 90 },
    ],
    data.reporting.map((r) => [
      r.kind === 'final' ? w.agreement.finalReport : w.agreement.progressReport,
      fill(w.common.fromTo, { from: day(r.periodStart, lang), to: day(r.periodEnd, lang) }),
      day(r.dueDate, lang),
    ]),
    [],
    { keepWhole: true },
  )
}

/**
 * The articles in CLAUSE_KEYS order from the texts the handler gathered; an article missing from
 * them gets its default text, and texts for other keys follow at the end rather than vanish.
 */
function orderedClauses(data: AgreementData, lang: DocLanguage): ClauseText[] {
  const given = new Map(data.clauses.map((c) => [c.key, c]))
  const defaults = clauseTexts(lang, [], clauseValues(data, lang))
  const known = defaults.map((d) => given.get(d.key) ?? d)
  const extra = data.clauses.filter((c) => !isClauseKey(c.key))
  return [...known, ...extra]
}

function articles(data: AgreementData, lang: DocLanguage): Content[] {
  const a = wording(lang).agreement
  return orderedClauses(data, lang).flatMap((clause, index) => [
    heading(`${fill(a.article, { number: index + 1 })} – ${clause.title}`, 1, { outline: true }),
    ...paragraphs(clause.body),
    ...(isClauseKey(clause.key) ? articleData(clause.key, data, lang) : []),
  ])
}

/** What a signatory's block shows under the line: the name and title, or blanks to fill in by hand. */
function signatoryLines(signatory: Signatory | null, lang: DocLanguage): Content {
  const a = wording(lang).agreement
  if (!signatory) {
    return {
      stack: [
        { text: `${withColon(a.name, lang)}${a.blank}`, style: 'small' },
        { text: `${withColon(a.function, lang)}${a.blank}`, style: 'small', margin: [0, 4, 0, 0] },
      ],
    }
  }
  return { stack: [{ text: signatory.name, bold: true }, ...(signatory.title ? [{ text: signatory.title, style: 'small' }] : [])] }
}

/**
 * The two signature blocks side by side, as the rows of one table so that each line (for whom,
 * organisation, room to sign, signatory) sits level with its counterpart whatever wraps.
 */
function signatures(data: AgreementData, lang: DocLanguage): Content {
  const a = wording(lang).agreement
  const gap = 30
  const lineWidth = (contentWidth() - gap) / 2
  // A fresh node per cell: pdfmake writes positions into the nodes it lays out.
  const space = (): Content => ({
    stack: [
      { text: a.signature, style: 'small' },
      { canvas: [{ type: 'line', x1: 0, y1: 50, x2: lineWidth, y2: 50, lineWidth: 0.6, lineColor: COLOURS.ruleStrong }] },
    ],
    margin: [0, 10, 0, 4],
  })
  return {
    unbreakable: true,
    margin: [0, 18, 0, 0],
    stack: [
      { text: fill(a.signedAt, { place: data.grantor.signaturePlace ?? a.blank, date: a.blank }), margin: [0, 0, 0, 16] },
      {
        table: {
          widths: ['*', '*'],
          body: [
            [
              { text: a.forGrantor, bold: true, color: COLOURS.heading },
              { text: a.forBeneficiary, bold: true, color: COLOURS.heading },
            ],
            [
              { text: partyName(data.grantor), style: 'small' },
              { text: partyName(data.beneficiary), style: 'small' },
            ],
            [space(), space()],
            [signatoryLines(data.grantor.signatory, lang), signatoryLines(data.beneficiary.signatory, lang)],
          ],
        },
        layout: {
          hLineWidth: () => 0,
          vLineWidth: () => 0,
          paddingLeft: (i) => (i === 0 ? 0 : gap / 2),
          paddingRight: (i) => (i === 0 ? gap / 2 : 0),
          paddingTop: () => 0,
          paddingBottom: () => 1,
        },
      },
    ],
  }
}

/** How a budget line's amount is reached: units × unit cost, or the flat rate of its base. */
function lineBasis(line: AgreementData['budget']['lines'][number], data: AgreementData, lang: DocLanguage): Content {
  if (line.costModel === 'unit_cost' && line.units !== null && line.unitCostCents !== null) {
    return `${formatNumber(line.units, lang)} × ${money(line.unitCostCents, lang)}`
  }
  if (isFlatRate(line.costModel)) {
    const f = data.budget.flatRates.find((r) => r.fromLine && r.kind === (line.costModel === 'flat_rate_7_direct' ? 'art54a' : 'art54b'))
    if (f) return flatRateBasis(f, lang)
  }
  return ''
}

function annexTitle(number: number, title: string, lang: DocLanguage): Content {
  const a = wording(lang).agreement
  return {
    text: `${fill(a.annex, { number: ROMAN[number - 1] })} – ${title}`,
    style: 'h1',
    headlineLevel: 1,
    outline: true,
    pageBreak: 'before',
    margin: [0, 0, 0, 4],
  }
}

function annexes(data: AgreementData, lang: DocLanguage): Content[] {
  const w = wording(lang)
  const a = w.agreement
  const v = vocabulary(lang)
  const { budget } = data
  // A fresh node for each annex: pdfmake writes positions into the nodes it lays out.
  const intro = () => note(fill(a.annexIntro, { reference: data.stamp.reference }))
  const span = (text: string, bold = true): Content[] => [{ text, colSpan: 3, style: bold ? 'total' : 'cell' }, '', '']
  const amount = (cents: number, bold = true): Content => ({ text: money(cents, lang), style: bold ? 'total' : 'cell', alignment: 'right', noWrap: true })
  return [
    annexTitle(1, a.annexBudget, lang),
    intro(),
    dataTable(
      [
        { header: `${w.table.category} · ${w.table.costModel}`, width: 118 },
        { header: w.table.description, width: '*' },
        { header: w.table.quantity, width: 96, align: 'right' },
        { header: w.table.amount, width: 72, align: 'right' },
      ],
      [
        ...budget.lines.map((l) => [
          { stack: [{ text: v.budgetCategories[l.category] }, { text: v.costModels[l.costModel], style: 'small' }], style: 'cell' },
          l.description,
          lineBasis(l, data, lang),
          money(l.cents, lang),
        ]),
        // The project's own flat rates, each with its rate and base (Articles 54-56 CPR).
        ...budget.flatRates
          .filter((f) => !f.fromLine)
          .map((f) => [
            { stack: [{ text: v.budgetCategories[FLAT_RATE_CATEGORY[f.kind]] }, { text: moneyLabels(lang).flatRate, style: 'small' }], style: 'cell' },
            flatRateName(f, lang),
            flatRateBasis(f, lang),
            money(f.cents, lang),
          ]),
      ],
      [
        [...span(a.directCosts, false), amount(budget.directCents, false)],
        [...span(a.indirectCosts, false), amount(budget.indirectCents, false)],
        ...(budget.remainingCents > 0 ? [[...span(moneyLabels(lang).remaining, false), amount(budget.remainingCents, false)]] : []),
        [...span(a.eligibleTotal), amount(budget.eligibleCents)],
        [...span(`${a.euMaximum} (${formatRate(budget.euRateBp, lang)})`), amount(budget.euCents)],
        [...span(a.ownContribution, false), amount(budget.ownCents, false)],
      ],
      { keepWhole: true },
    ),
    annexTitle(2, a.annexIndicators, lang),
    intro(),
    indicatorTargetsTable(data.indicators, lang),
    annexTitle(3, a.annexMilestones, lang),
    intro(),
    milestonePlanTable(data.milestones, lang, true),
  ]
}

/** The grant agreement for one project in one language, as a pdfmake definition. */
export function buildAgreement(data: AgreementData, lang: DocLanguage): DocumentDefinition {
  const w = wording(lang)
  const a = w.agreement
  const p = w.party
  const annexList = [a.annexBudget, a.annexIndicators, a.annexMilestones].map((t, i) => `${ROMAN[i]}. ${t}`).join(listSeparator(lang))
  const content: Content[] = [
    ...masthead({
      lang,
      stamp: data.stamp,
      title: a.title,
      issuer: partyName(data.grantor),
      subtitle: data.grantor.programmeReference ?? w.common.programme,
      projectLine: `${data.project.code} – ${data.project.title}`,
    }),
    { text: p.between, bold: true, margin: [0, 4, 0, 6] },
    partyBlock(data.grantor, data.grantor.signatory, p.hereinafterGrantor, lang, { bankAccount: false }),
    { text: p.and, bold: true, margin: [0, 4, 0, 6] },
    partyBlock(data.beneficiary, data.beneficiary.signatory, p.hereinafterBeneficiary, lang, { bankAccount: true }),
    { text: p.agreed, bold: true, margin: [0, 6, 0, 0] },
    ...articles(data, lang),
    { text: [{ text: withColon(a.annexes, lang), bold: true }, annexList], margin: [0, 14, 0, 0] },
    signatures(data, lang),
    ...annexes(data, lang),
  ]
  return documentFrame({
    lang,
    stamp: data.stamp,
    title: a.title,
    subject: `${data.project.code} – ${data.project.title}`,
    keywords: ['AMIF', data.project.code, data.stamp.reference, a.title],
    content,
  })
}
