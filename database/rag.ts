import { sql, type Kysely } from 'kysely'
import type { DB } from './schema'
import { achievementPercent, computeRag, type Rag, type RagInput } from './domain/rag'

/** Up to this many projects asked for are read by id (each query then uses its project index). */
export const FEW_PROJECTS = 200

/**
 * The traffic light of every project (or of those given) from all their milestones, payments and
 * indicators: the full computation the project list (kept figures and counts in SQL) is tested against.
 */
export async function loadRag(db: Kysely<DB>, today: string, projectIds?: readonly string[]): Promise<Map<string, Rag>> {
  const only = projectIds ? new Set(projectIds) : null
  // A few projects (a project page, a document) are read by id; many are read whole and filtered here.
  const byId = projectIds !== undefined && projectIds.length <= FEW_PROJECTS ? [...projectIds, ''] : null
  let projectQuery = db.selectFrom('projects').select(['id', 'status', 'start_date', 'end_date', 'eu_rate_bp', 'rate_ground'])
  if (byId) projectQuery = projectQuery.where('id', 'in', byId)
  const projects = await projectQuery.execute()
  const inputs = new Map<string, RagInput>()
  for (const p of projects) {
    if (only && !only.has(p.id)) continue
    inputs.set(p.id, {
      status: p.status,
      startDate: p.start_date,
      endDate: p.end_date,
      openMilestoneDueDates: [],
      indicatorAchievements: [],
      openPaymentDates: [],
      euRateBp: p.eu_rate_bp,
      rateGround: p.rate_ground,
    })
  }
  let milestoneQuery = db.selectFrom('milestones').select(['project_id', 'due_date']).where('status', 'not in', ['done', 'cancelled'])
  if (byId) milestoneQuery = milestoneQuery.where('project_id', 'in', byId)
  const milestones = await milestoneQuery.execute()
  for (const m of milestones) inputs.get(m.project_id)?.openMilestoneDueDates.push(m.due_date)

  let indicatorQuery = db
    .selectFrom('project_indicators as pi')
    .select([
      'pi.project_id',
      'pi.target',
      sql<
        number | null
      >`(select m.value from indicator_measurements m where m.project_indicator_id = pi.id order by m.measured_on desc, m.created_at desc limit 1)`.as(
        'achieved',
      ),
    ])
    .where('pi.target', '>', 0)
  if (byId) indicatorQuery = indicatorQuery.where('pi.project_id', 'in', byId)
  const indicators = await indicatorQuery.execute()
  for (const i of indicators) inputs.get(i.project_id)?.indicatorAchievements.push(achievementPercent(i.achieved, i.target))

  let paymentQuery = db.selectFrom('payments').select(['project_id', 'planned_date']).where('status', 'in', ['planned', 'requested'])
  if (byId) paymentQuery = paymentQuery.where('project_id', 'in', byId)
  const payments = await paymentQuery.execute()
  for (const p of payments) inputs.get(p.project_id)?.openPaymentDates.push(p.planned_date)

  const result = new Map<string, Rag>()
  for (const [id, input] of inputs) result.set(id, computeRag(input, today))
  return result
}
