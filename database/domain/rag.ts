import { rateAboveCeiling } from './cofinancing'
import { daysBetween } from './dates'
import type { ProjectStatus, RagStatus, RateGround } from './vocabulary'

/**
 * The traffic light of a project — one rule, shown with its reasons.
 * Only a project under way is judged (agreement signed, running, final report received); any
 * other status shows `none`. Each reason is amber or red; the light is red if any reason is red,
 * amber if any reason is amber, green otherwise.
 * - Milestones: one or more late (not done or cancelled, due date passed) → amber;
 *   a milestone more than 30 days late, or 3 or more late → red.
 * - Indicators: once 25 % of the project's time has elapsed, the mean achievement of its
 *   indicators (each capped at 100 %, those with a target) is compared with the time elapsed:
 *   more than 25 points behind → amber, more than 50 points behind → red.
 * - Payments: a payment planned or requested whose date has passed → amber; more than 60 days → red.
 * - A running project whose end date passed more than 90 days ago (final report not received) → amber.
 * - A co-financing rate above its ground's ceiling (Article 15 AMIF: a file of an earlier version
 *   may hold one) → red: the EU would pay more than the law allows.
 */

export const JUDGED_STATUSES: readonly ProjectStatus[] = ['agreement_signed', 'running', 'final_report_received']

export type RagReasonCode =
  | 'milestones_late'
  | 'milestone_long_late'
  | 'indicators_behind'
  | 'indicators_far_behind'
  | 'payment_overdue'
  | 'payment_long_overdue'
  | 'ended_not_reported'
  | 'rate_above_ceiling'

export interface RagReason {
  code: RagReasonCode
  severity: 'amber' | 'red'
  params: Record<string, number>
}

export interface Rag {
  status: RagStatus
  reasons: RagReason[]
}

/** What the rule looks at for one project. */
export interface RagInput {
  status: ProjectStatus
  startDate: string
  endDate: string
  /** Due dates of the milestones not done or cancelled. */
  openMilestoneDueDates: string[]
  /** Achievement in percent of each indicator with a target (null when not measured yet). */
  indicatorAchievements: (number | null)[]
  /** Planned dates of the payments planned or requested. */
  openPaymentDates: string[]
  /** The co-financing rate (basis points) and its ground (null: none); not judged when absent. */
  euRateBp?: number
  rateGround?: RateGround | null
}

/** Percent of the project's period elapsed on `today`, 0 to 100. */
export function elapsedPercent(startDate: string, endDate: string, today: string): number {
  const total = daysBetween(startDate, endDate)
  if (total <= 0) return today >= endDate ? 100 : 0
  return Math.min(100, Math.max(0, (daysBetween(startDate, today) / total) * 100))
}

/** Mean of indicator achievements, each capped at 100 % (unmeasured ones count as 0); null without indicators. */
export function meanAchievement(achievements: (number | null)[]): number | null {
  if (achievements.length === 0) return null
  return achievements.reduce<number>((sum, a) => sum + Math.min(100, a ?? 0), 0) / achievements.length
}

/**
 * What the rule needs of a project on a day, once its milestones, payments and indicators are
 * summed up: the lists and the dashboard get these from SQL (late and overdue counted there, the
 * indicators' mean kept in project_figures) instead of every row.
 */
export interface RagFacts {
  status: ProjectStatus
  startDate: string
  endDate: string
  /** Milestones not done or cancelled whose due date has passed, and the oldest due date among them. */
  lateMilestones: number
  oldestLateDueDate: string | null
  /** meanAchievement() of the indicators with a target; null without any. */
  indicatorMeanPct: number | null
  /** Payments planned or requested whose date has passed, and the oldest planned date among them. */
  overduePayments: number
  oldestOverdueDate: string | null
  euRateBp?: number
  rateGround?: RateGround | null
}

/** Applies the rule above to one project on `today`. */
export function computeRag(input: RagInput, today: string): Rag {
  const late = input.openMilestoneDueDates.filter((d) => d < today).sort()
  const overdue = input.openPaymentDates.filter((d) => d < today).sort()
  return ragOfFacts(
    {
      status: input.status,
      startDate: input.startDate,
      endDate: input.endDate,
      lateMilestones: late.length,
      oldestLateDueDate: late[0] ?? null,
      indicatorMeanPct: meanAchievement(input.indicatorAchievements),
      overduePayments: overdue.length,
      oldestOverdueDate: overdue[0] ?? null,
      euRateBp: input.euRateBp,
      rateGround: input.rateGround,
    },
    today,
  )
}

/** The rule above from a project's summed-up facts on `today` (late and overdue as of that day). */
export function ragOfFacts(input: RagFacts, today: string): Rag {
  if (!JUDGED_STATUSES.includes(input.status)) return { status: 'none', reasons: [] }
  const reasons: RagReason[] = []

  if (input.lateMilestones > 0 && input.oldestLateDueDate !== null) {
    const maxDays = daysBetween(input.oldestLateDueDate, today)
    const red = maxDays > 30 || input.lateMilestones >= 3
    reasons.push({ code: red ? 'milestone_long_late' : 'milestones_late', severity: red ? 'red' : 'amber', params: { count: input.lateMilestones, maxDays } })
  }

  const elapsed = elapsedPercent(input.startDate, input.endDate, today)
  const achievement = input.indicatorMeanPct
  if (achievement !== null && elapsed >= 25) {
    const gap = elapsed - achievement
    const params = { elapsedPct: Math.round(elapsed), achievementPct: Math.round(achievement) }
    if (gap > 50) reasons.push({ code: 'indicators_far_behind', severity: 'red', params })
    else if (gap > 25) reasons.push({ code: 'indicators_behind', severity: 'amber', params })
  }

  if (input.overduePayments > 0 && input.oldestOverdueDate !== null) {
    const maxDays = daysBetween(input.oldestOverdueDate, today)
    const red = maxDays > 60
    reasons.push({ code: red ? 'payment_long_overdue' : 'payment_overdue', severity: red ? 'red' : 'amber', params: { count: input.overduePayments, maxDays } })
  }

  if (input.status === 'running' && daysBetween(input.endDate, today) > 90) {
    reasons.push({ code: 'ended_not_reported', severity: 'amber', params: { days: daysBetween(input.endDate, today) } })
  }

  const above = input.euRateBp === undefined ? null : rateAboveCeiling(input.euRateBp, input.rateGround)
  if (above) reasons.push({ code: 'rate_above_ceiling', severity: 'red', params: { ratePct: input.euRateBp! / 100, ceilingPct: above.ceilingBp / 100 } })

  const status: RagStatus = reasons.some((r) => r.severity === 'red') ? 'red' : reasons.length > 0 ? 'amber' : 'green'
  return { status, reasons }
}

/** Achievement in percent of a measured value against its target (one decimal); null if not measurable. */
export function achievementPercent(achieved: number | null, target: number): number | null {
  if (achieved === null || target <= 0) return null
  return Math.round((achieved / target) * 1000) / 10
}

/** What a project's light is judged from on any day: its open milestones' and payments' dates, sorted. */
export interface RagTimeline {
  status: ProjectStatus
  startDate: string
  endDate: string
  /** Due dates of the milestones not done or cancelled, sorted. */
  openMilestoneDueDates: readonly string[]
  /** meanAchievement() of the indicators with a target; null without any. */
  indicatorMeanPct: number | null
  /** Planned dates of the payments planned or requested, sorted. */
  openPaymentDates: readonly string[]
  euRateBp?: number
  rateGround?: RateGround | null
}

/**
 * The first day the light is at least amber, and the first it is red: null never (or a status not
 * judged), RAG_ALWAYS when already so on any day; the light on `today` is then red when
 * `redOn <= today`, else amber when `amberOn <= today`, else green (kept as project_figures'
 * rag_amber_on and rag_red_on and compared so in SQL).
 */
export interface RagThresholds {
  amberOn: string | null
  redOn: string | null
}

/** The first day an ISO date can name: a light that is that colour whatever the day turns on it. */
export const RAG_ALWAYS = '0000-01-01'

const DAY_MS = 86_400_000
/** Every day an ISO date can name (isIsoDate): the thresholds hold for any `today` asked. */
const FIRST_DAY = Date.parse(`${RAG_ALWAYS}T00:00:00Z`) / DAY_MS
const LAST_DAY = Date.parse('9999-12-31T00:00:00Z') / DAY_MS
const isoOfDay = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10)

/** How many of the sorted dates are before `day`. */
function countBefore(sorted: readonly string[], day: string): number {
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (sorted[mid]! < day) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** The facts ragOfFacts reads on `today`, from a project's dates (what the lists count in SQL). */
export function ragFactsOn(t: RagTimeline, today: string): RagFacts {
  const late = countBefore(t.openMilestoneDueDates, today)
  const overdue = countBefore(t.openPaymentDates, today)
  return {
    status: t.status,
    startDate: t.startDate,
    endDate: t.endDate,
    lateMilestones: late,
    oldestLateDueDate: late > 0 ? t.openMilestoneDueDates[0]! : null,
    indicatorMeanPct: t.indicatorMeanPct,
    overduePayments: overdue,
    oldestOverdueDate: overdue > 0 ? t.openPaymentDates[0]! : null,
    euRateBp: t.euRateBp,
    rateGround: t.rateGround,
  }
}

/**
 * The days from which a project's light is amber (or worse) and red, by the rule above, so that a
 * count by light on any day is a comparison of dates in SQL. The rule only worsens as days pass
 * (a milestone or payment once late stays late and gets later, time elapsed only grows, the end
 * only recedes), so the first day of each light is found by a binary search over every day,
 * asking ragOfFacts itself: no second copy of the rule.
 */
export function ragThresholds(t: RagTimeline): RagThresholds {
  if (!JUDGED_STATUSES.includes(t.status)) return { amberOn: null, redOn: null }
  const level = (day: number) => {
    const s = ragOfFacts(ragFactsOn(t, isoOfDay(day)), isoOfDay(day)).status
    return s === 'red' ? 2 : s === 'amber' ? 1 : 0
  }
  /** The first day in [lo, LAST_DAY] at `min` or worse; null when even the last is not. */
  const firstAt = (min: number, lo: number): number | null => {
    if (level(LAST_DAY) < min) return null
    let hi = LAST_DAY
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2)
      if (level(mid) >= min) hi = mid
      else lo = mid + 1
    }
    return lo
  }
  const amber = firstAt(1, FIRST_DAY)
  const red = amber === null ? null : firstAt(2, amber)
  return { amberOn: amber === null ? null : isoOfDay(amber), redOn: red === null ? null : isoOfDay(red) }
}
