import type { Content, TableNode } from './definition'
import { day, formatNumber, formatPercent, formatRate, money } from './format'
import { unitLabel, vocabulary } from './labels'
import { dataTable, note } from './layout'
import { partyName } from './parties'
import type { BudgetData, DocLanguage, IndicatorData, MilestoneData, PartnerData, PaymentData } from './types'
import { wording } from './wording'

/** The project tables that the agreement and the evaluation report both show. */

/** A share of a whole as a percentage, one decimal; empty when the whole is zero. */
export function shareText(part: number, whole: number, lang: DocLanguage): string {
  return whole > 0 ? formatPercent(Math.round((part / whole) * 1000) / 10, lang) : ''
}

/** Budget by category with the EU and own shares, closed by the eligible total. */
export function budgetByCategoryTable(budget: BudgetData, lang: DocLanguage): TableNode {
  const w = wording(lang)
  const v = vocabulary(lang)
  return dataTable(
    [
      { header: w.table.category, width: '*' },
      { header: w.table.amount, width: 84, align: 'right' },
      { header: w.table.euShare, width: 84, align: 'right' },
      { header: w.table.ownShare, width: 84, align: 'right' },
    ],
    budget.byCategory.map((c) => [v.budgetCategories[c.category], money(c.cents, lang), money(c.euCents, lang), money(c.ownCents, lang)]),
    [[w.common.total, money(budget.eligibleCents, lang), money(budget.euCents, lang), money(budget.ownCents, lang)]],
    { keepWhole: true },
  )
}

/** The planned payments: kind, date, amount and share of the EU contribution. */
export function paymentScheduleTable(payments: PaymentData[], budget: BudgetData, lang: DocLanguage): Content {
  const w = wording(lang)
  const v = vocabulary(lang)
  if (payments.length === 0) return note(w.agreement.noPayments)
  const total = payments.reduce((sum, p) => sum + p.amountCents, 0)
  return dataTable(
    [
      { header: w.table.number, width: 22 },
      { header: w.table.kind, width: '*' },
      { header: w.table.plannedDate, width: 70 },
      { header: w.table.amount, width: 84, align: 'right' },
      { header: w.table.shareOfEu, width: 88, align: 'right' },
    ],
    payments.map((p, i) => [
      String(i + 1),
      v.paymentKinds[p.kind],
      day(p.plannedDate, lang),
      money(p.amountCents, lang),
      p.rateBp !== null ? formatRate(p.rateBp, lang) : shareText(p.amountCents, budget.euCents, lang),
    ]),
    [['', w.common.total, '', money(total, lang), shareText(total, budget.euCents, lang)]],
    { keepWhole: true },
  )
}

/** Payments as executed: planned and paid, with their status. */
export function paymentExecutionTable(payments: PaymentData[], lang: DocLanguage): Content {
  const w = wording(lang)
  const v = vocabulary(lang)
  if (payments.length === 0) return note(w.report.noPayments)
  const planned = payments.reduce((sum, p) => sum + p.amountCents, 0)
  const paid = payments.reduce((sum, p) => sum + (p.paidCents ?? 0), 0)
  return dataTable(
    [
      { header: w.table.kind, width: '*' },
      { header: w.table.plannedDate, width: 56 },
      { header: w.table.plannedAmount, width: 74, align: 'right' },
      { header: w.table.status, width: 54 },
      { header: w.table.paidDate, width: 56 },
      { header: w.table.paidAmount, width: 74, align: 'right' },
    ],
    payments.map((p) => [
      v.paymentKinds[p.kind],
      day(p.plannedDate, lang),
      money(p.amountCents, lang),
      v.paymentStatuses[p.status],
      day(p.paidDate, lang),
      p.paidCents !== null ? money(p.paidCents, lang) : '',
    ]),
    [[w.common.total, '', money(planned, lang), '', '', money(paid, lang)]],
    { keepWhole: true },
  )
}

/** Indicators with their baseline and target (what the agreement commits to). */
export function indicatorTargetsTable(indicators: IndicatorData[], lang: DocLanguage): Content {
  const w = wording(lang)
  const v = vocabulary(lang)
  if (indicators.length === 0) return note(w.agreement.noIndicators)
  return dataTable(
    [
      { header: w.table.code, width: 46 },
      { header: w.table.indicator, width: '*' },
      { header: w.table.kind, width: 54 },
      { header: w.table.baseline, width: 66, align: 'right' },
      { header: w.table.target, width: 62, align: 'right' },
      { header: w.table.unit, width: 70 },
    ],
    indicators.map((i) => [i.code, i.label, v.indicatorTypes[i.type], formatNumber(i.baseline, lang), formatNumber(i.target, lang), unitLabel(i.unit, lang)]),
    [],
    { keepWhole: true },
  )
}

/** Indicators against their targets, with the share achieved. */
export function indicatorAchievementTable(indicators: IndicatorData[], lang: DocLanguage): Content {
  const w = wording(lang)
  if (indicators.length === 0) return note(w.report.noIndicators)
  return dataTable(
    [
      { header: w.table.code, width: 46 },
      { header: w.table.indicator, width: '*' },
      { header: w.table.baseline, width: 66, align: 'right' },
      { header: w.table.target, width: 62, align: 'right' },
      { header: w.table.achieved, width: 50, align: 'right' },
      { header: w.common.percentOfTarget, width: 58, align: 'right' },
    ],
    indicators.map((i) => [
      i.code,
      { text: [i.label, { text: ` (${unitLabel(i.unit, lang)})`, style: 'small' }], style: 'cell' },
      formatNumber(i.baseline, lang),
      formatNumber(i.target, lang),
      i.achieved !== null ? formatNumber(i.achieved, lang) : { text: w.report.notMeasured, style: 'small', italics: true, alignment: 'right' },
      i.achievementPct !== null ? formatPercent(i.achievementPct, lang) : '',
    ]),
    [],
    { keepWhole: true },
  )
}

/** Milestones with their due date and who is responsible (what the agreement plans). */
export function milestonePlanTable(milestones: MilestoneData[], lang: DocLanguage, withDetails: boolean): Content {
  const w = wording(lang)
  if (milestones.length === 0) return note(w.agreement.noMilestones)
  const rows = milestones.map((m, i) => {
    const title: Content = withDetails && m.description ? { stack: [{ text: m.title }, { text: m.description, style: 'small' }], style: 'cell' } : m.title
    const row: Content[] = [String(i + 1), title, day(m.dueDate, lang), m.responsible ?? '']
    if (withDetails) row.push(m.indicatorCode ?? '')
    return row
  })
  return dataTable(
    [
      { header: w.table.number, width: 22 },
      { header: w.table.milestone, width: '*' },
      { header: w.table.dueDate, width: 62 },
      { header: w.table.responsible, width: withDetails ? 90 : 120 },
      ...(withDetails ? [{ header: w.table.linkedIndicator, width: 56 }] : []),
    ],
    rows,
  )
}

/** The project's partners with their role and budget share. */
export function partnersTable(partners: PartnerData[], eligibleCents: number, lang: DocLanguage, emptyText: string): Content {
  const w = wording(lang)
  const v = vocabulary(lang)
  if (partners.length === 0) return note(emptyText)
  return dataTable(
    [
      { header: w.table.partner, width: '*' },
      { header: w.table.role, width: 118 },
      { header: w.table.budgetShare, width: 84, align: 'right' },
      { header: w.table.shareOfEligible, width: 62, align: 'right' },
    ],
    partners.map((p) => [partyName(p), v.projectPartnerRoles[p.role], money(p.budgetShareCents, lang), shareText(p.budgetShareCents, eligibleCents, lang)]),
    [],
    { keepWhole: true },
  )
}
