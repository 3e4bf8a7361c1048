import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { ApiInput, ApiOutput } from '../../electron/api/index'
import type { Workspace } from '../../electron/api/workspace'
import { listProjects } from '../../database/projects'
import { listMilestones } from '../../database/progress'
import { listPartners } from '../../database/partners'
import { loadRag } from '../../database/rag'
import { ATTENTION_TOP, attentionCount, dashboardSummary } from '../../database/dashboard'
import { MILESTONE_SORT_KEYS, PROJECT_SORT_KEYS, dashboardQuery, projectQuery, milestoneQuery } from '../../database/domain/schemas/projects'
import { PARTNER_SORT_FIELDS, partnerQuery } from '../../database/domain/schemas/partners'
import { PAGE_MAX } from '../../database/domain/schemas/paging'
import { newProjectValues, ok, openNewFile, organisationByAcronym, refused, testWorkspace } from './helpers'

/**
 * Issue 13 §2: the lists are read a page at a time (keyset on the sort key and the id). Whatever
 * the sort, the order and the filters, the pages one after the other give exactly the whole
 * sorted list, ties included (same value, different rows); each page says how many rows and how
 * much money the whole filtered list holds; no channel answers with more than PAGE_MAX rows.
 */

// A day on which the demonstration's projects show every light (red, amber, green, none).
const TODAY = '2026-12-03'
const SMALL_PAGE = 7

/** The demonstration file with twelve look-alike drafts (same title, partner, dates, money: ties on every key but the code). */
async function fileWithTies(): Promise<Workspace> {
  const { ws, dir } = testWorkspace()
  await openNewFile(ws, path.join(dir, 'paging.amif'), { demo: true })
  const caritas = await organisationByAcronym(ws, 'Caritas')
  for (let i = 1; i <= 12; i++) {
    const p = await ok(ws, 'projects.create', { values: newProjectValues(caritas.id, `AMIF-2026-TIE-${String(i).padStart(2, '0')}`), today: TODAY })
    await ok(ws, 'milestones.save', { projectId: p.id, values: { title: 'Même étape', dueDate: '2026-02-01', status: 'planned' } })
    await ok(ws, 'milestones.save', { projectId: p.id, values: { title: 'Même étape', dueDate: '2026-02-01', status: 'planned' } })
  }
  for (let i = 1; i <= 9; i++) await ok(ws, 'partners.create', { values: { name: 'Même nom asbl', kind: 'ngo', country: 'BE' } })
  return ws
}

/** Every page of a list channel, one after the other, each checked to hold at most `limit` rows and the same count. */
async function allPages<C extends 'projects.list' | 'milestones.list' | 'partners.list'>(
  ws: Workspace,
  channel: C,
  input: ApiInput<C>,
  limit = SMALL_PAGE,
): Promise<{ ids: string[]; first: ApiOutput<C> }> {
  const ids: string[] = []
  let first: ApiOutput<C> | undefined
  let after: ApiInput<C>['after'] = undefined
  for (let n = 0; n < 1000; n++) {
    const page = (await ok(ws, channel, { ...input, limit, after })) as ApiOutput<'projects.list' | 'milestones.list' | 'partners.list'>
    first ??= page as ApiOutput<C>
    expect(page.rows.length).toBeLessThanOrEqual(limit)
    // Counted on the first page; the pages after it do not count the same list again.
    if (page !== first) expect(page.total).toBeNull()
    ids.push(...page.rows.map((r) => r.id))
    if (!page.next) break
    expect(page.rows).toHaveLength(limit)
    after = page.next
  }
  return { ids, first: first! }
}

describe('lists read a page at a time', () => {
  it('give the whole sorted projects list page after page, for every sort key and order, ties included, and with filters', async () => {
    const ws = await fileWithTies()
    const db = ws.file().db
    const filterSets: ApiInput<'projects.list'>[] = [
      {},
      { status: ['draft', 'running'] },
      { q: 'amif 2026' },
      { rag: ['red', 'amber', 'none'] },
      { strand: ['resettlement'] },
    ]
    for (const filters of filterSets) {
      for (const key of PROJECT_SORT_KEYS) {
        for (const order of ['asc', 'desc'] as const) {
          const q = { ...filters, sort: { key, order }, today: TODAY }
          const full = await listProjects(db, projectQuery.parse(q), TODAY)
          const { ids, first } = await allPages(ws, 'projects.list', q)
          expect(ids, `${JSON.stringify(filters)} ${key} ${order}`).toEqual(full.map((r) => r.id))
          expect(first.total).toBe(full.length)
          expect(first.sums).toEqual({
            eligibleCents: full.reduce((s, r) => s + r.eligibleCents, 0),
            euCents: full.reduce((s, r) => s + r.euCents, 0),
            ownCents: full.reduce((s, r) => s + r.ownCents, 0),
            paidCents: full.reduce((s, r) => s + r.paidCents, 0),
          })
        }
      }
    }
  })

  it('keep ties in code order and the traffic lights, red first, as judged one project at a time', async () => {
    const ws = await fileWithTies()
    const { ids } = await allPages(ws, 'projects.list', { sort: { key: 'title', order: 'desc' }, today: TODAY })
    const all = await listProjects(ws.file().db, projectQuery.parse({ today: TODAY }), TODAY)
    const byId = new Map(all.map((r) => [r.id, r]))
    const ties = ids.map((id) => byId.get(id)!).filter((r) => r.code.startsWith('AMIF-2026-TIE-'))
    expect(ties.map((r) => r.code)).toEqual([...ties.map((r) => r.code)].sort())

    const byRag = (await allPages(ws, 'projects.list', { sort: { key: 'rag', order: 'asc' }, today: TODAY })).ids.map((id) => byId.get(id)!.rag)
    const order = ['red', 'amber', 'green', 'none']
    expect(byRag).toEqual([...byRag].sort((a, b) => order.indexOf(a) - order.indexOf(b)))
    expect(new Set(byRag)).toEqual(new Set(order))
    // Filtered by light in SQL: the projects the full computation (every record judged in TypeScript) finds red or amber.
    const rags = await loadRag(ws.file().db, TODAY)
    for (const wanted of [['red'], ['amber', 'green']] as const) {
      const page = await ok(ws, 'projects.list', { rag: [...wanted], today: TODAY, limit: PAGE_MAX })
      const expected = all.filter((r) => (wanted as readonly string[]).includes(rags.get(r.id)!.status))
      expect(page.rows.map((r) => r.id).sort()).toEqual(expected.map((r) => r.id).sort())
      expect(page.total).toBe(expected.length)
      expect(page.total).toBeGreaterThan(0)
    }
  })

  it('give the whole milestones list page after page, for every sort key and order, with the late ones of the filtered list', async () => {
    const ws = await fileWithTies()
    const db = ws.file().db
    for (const filters of [{}, { lateOnly: true }, { q: 'meme etape' }, { status: ['planned' as const] }]) {
      for (const key of MILESTONE_SORT_KEYS) {
        for (const order of ['asc', 'desc'] as const) {
          const q = { ...filters, sort: { key, order }, today: TODAY }
          const full = await listMilestones(db, milestoneQuery.parse(q), TODAY)
          const { ids, first } = await allPages(ws, 'milestones.list', q)
          expect(ids, `${JSON.stringify(filters)} ${key} ${order}`).toEqual(full.map((r) => r.id))
          expect(first.total).toBe(full.length)
          expect(first.late).toBe(full.filter((m) => m.late).length)
        }
      }
    }
  })

  it('give the whole registry page after page, for every sort field and direction', async () => {
    const ws = await fileWithTies()
    const db = ws.file().db
    for (const filters of [{}, { archived: 'all' as const }, { search: 'meme' }, { kinds: ['ngo' as const] }]) {
      for (const field of PARTNER_SORT_FIELDS) {
        for (const direction of ['asc', 'desc'] as const) {
          const q = { ...filters, sort: { field, direction } }
          const full = await listPartners(db, partnerQuery.parse(q))
          const { ids, first } = await allPages(ws, 'partners.list', q, 4)
          expect(ids, `${JSON.stringify(filters)} ${field} ${direction}`).toEqual(full.map((r) => r.id))
          expect(first.total).toBe(full.length)
        }
      }
    }
  })

  it('answer a page, never more: an oversized page or a cursor of another list is refused as invalid, and nothing else changes', async () => {
    const ws = await fileWithTies()
    for (const channel of ['projects.list', 'milestones.list', 'partners.list'] as const) {
      const error = await refused(ws, channel, { limit: PAGE_MAX + 1 })
      expect(error.code).toBe('VALIDATION')
      expect(error.details).toMatchObject({ issues: [{ path: 'limit', message: 'invalid' }] })
      expect((await refused(ws, channel, { limit: 0 })).code).toBe('VALIDATION')
      expect((await refused(ws, channel, { after: ['x'] })).code).toBe('VALIDATION')
    }
    const page = await ok(ws, 'milestones.list', { limit: 3 })
    expect(page.rows).toHaveLength(3)
    expect(page.total).toBeGreaterThan(3)
    expect(page.next).not.toBeNull()
    expect((await ok(ws, 'projects.list', {})).rows.length).toBeLessThanOrEqual(PAGE_MAX)
  })

  it('show the dashboard’s most urgent rows of each needs-attention list with its count, and the full list the link opens holds them all', async () => {
    const ws = await fileWithTies()
    const full = await dashboardSummary(ws.file().db, dashboardQuery.parse({}), TODAY)
    const shown = await ok(ws, 'dashboard.summary', { today: TODAY })
    expect(full.attention.lateMilestones.length).toBeGreaterThan(ATTENTION_TOP)
    for (const key of Object.keys(full.attention) as (keyof typeof full.attention)[]) {
      const list = full.attention[key]
      expect(shown.attentionCounts[key], key).toBe(attentionCount(list))
      const rows = (l: typeof list) => (Array.isArray(l) ? l : l.rows)
      expect(rows(shown.attention[key]), key).toEqual(rows(list).slice(0, ATTENTION_TOP))
    }
    // Most days late first; the milestones list filtered on late ones counts the same.
    const days = shown.attention.lateMilestones.map((m) => m.daysLate)
    expect(days).toEqual([...days].sort((a, b) => b - a))
    expect((await ok(ws, 'milestones.list', { lateOnly: true, today: TODAY })).total).toBe(shown.attentionCounts.lateMilestones)
    expect((await ok(ws, 'projects.list', { rag: ['red'], today: TODAY })).total).toBe(shown.attentionCounts.red)
    // The figures are those of every project, not of the rows shown.
    expect(shown.totals).toEqual(full.totals)
  })

  it('export every row of the filtered list to the file, not the page the window shows', async () => {
    const { ws, dir, dialogs } = testWorkspace()
    await openNewFile(ws, path.join(dir, 'export.amif'))
    const count = PAGE_MAX + 15
    for (let i = 1; i <= count; i++) await ok(ws, 'partners.create', { values: { name: `Export asbl ${i}`, kind: 'ngo', country: 'BE' } })
    await ok(ws, 'partners.create', { values: { name: 'Autre association', kind: 'ngo', country: 'BE' } })
    const page = await ok(ws, 'partners.list', { search: 'export asbl' })
    expect(page.rows.length).toBeLessThan(count)
    expect(page.total).toBe(count)
    dialogs.nextSavePath = path.join(dir, 'partenaires.csv')
    const columns = [{ key: 'name', label: 'Nom' }]
    const result = await ok(ws, 'partners.export', { format: 'csv', query: { search: 'export asbl' }, title: 'P', defaultName: 'p', columns, labels: {} })
    expect(result?.rows).toBe(count)
    const lines = fs.readFileSync(dialogs.nextSavePath, 'utf8').trim().split('\n')
    expect(lines).toHaveLength(count + 1)
    expect(lines.slice(1).sort()).toEqual(Array.from({ length: count }, (_, i) => `Export asbl ${i + 1}`).sort())
  })
})
