import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { ApiInput } from '../../electron/api/index'
import { listProjects } from '../../database/projects'
import { PROJECT_SORT_KEYS, projectQuery } from '../../database/domain/schemas/projects'
import { newProjectValues, ok, openNewFile, organisationByAcronym, testWorkspace } from './helpers'

/**
 * Migration 020: a projects page sorted descending walks a descending index, one sorted by traffic
 * light a narrow index of its inputs, and the first page's count and sums are read from the kept
 * sums' index alone for the filters it holds (objective, status, strand, period, light). Whatever
 * index answers, the pages one after the other are the whole filtered list in its order, and the
 * count and sums are those of the whole list.
 */

const TODAY = '2026-12-03'
const PAGE = 5

describe('the projects list through its indexes (migration 020)', () => {
  it('gives, for every sort key and order and the filters the kept sums’ index holds or not, the whole list page after page with its count and sums', async () => {
    const { ws, dir } = testWorkspace()
    await openNewFile(ws, path.join(dir, 'orders.amif'), { demo: true })
    // Ties on every key but the code, across two periods and strands.
    const caritas = await organisationByAcronym(ws, 'Caritas')
    for (let i = 1; i <= 8; i++) {
      const values = newProjectValues(caritas.id, `AMIF-2025-ORD-${String(i).padStart(2, '0')}`)
      await ok(ws, 'projects.create', { values: { ...values, strand: i % 2 ? 'integration' : 'reception' }, today: TODAY })
    }
    const db = ws.file().db
    const officer = (await listProjects(db, projectQuery.parse({}), TODAY)).find((p) => p.officerName)?.officerName
    expect(officer).toBeTruthy()
    const filterSets: ApiInput<'projects.list'>[] = [
      { from: '2024-01-01', to: '2025-12-31' },
      { objective: ['SO1', 'SO3'], status: ['running', 'draft'], strand: ['integration', 'reception'], from: '2023-06-01' },
      { rag: ['red', 'amber'], to: '2026-06-30' },
      { rag: ['green', 'none'], strand: ['integration'] },
      { officer: officer!, status: ['running', 'agreement_signed', 'selected'] },
    ]
    let found = 0
    for (const filters of filterSets) {
      for (const key of PROJECT_SORT_KEYS) {
        for (const order of ['asc', 'desc'] as const) {
          const q = { ...filters, sort: { key, order }, today: TODAY }
          const full = await listProjects(db, projectQuery.parse(q), TODAY)
          const ids: string[] = []
          let after: ApiInput<'projects.list'>['after'] = undefined
          const first = await ok(ws, 'projects.list', { ...q, limit: PAGE })
          for (let page = first; ;) {
            ids.push(...page.rows.map((r) => r.id))
            if (!page.next) break
            after = page.next
            page = await ok(ws, 'projects.list', { ...q, limit: PAGE, after })
          }
          const what = `${JSON.stringify(filters)} ${key} ${order}`
          expect(ids, what).toEqual(full.map((r) => r.id))
          expect(first.total, what).toBe(full.length)
          expect(first.sums, what).toEqual({
            eligibleCents: full.reduce((s, r) => s + r.eligibleCents, 0),
            euCents: full.reduce((s, r) => s + r.euCents, 0),
            ownCents: full.reduce((s, r) => s + r.ownCents, 0),
            paidCents: full.reduce((s, r) => s + r.paidCents, 0),
          })
          found += full.length
        }
      }
    }
    // The filters find projects (a test of empty lists would prove nothing).
    expect(found).toBeGreaterThan(filterSets.length * PROJECT_SORT_KEYS.length * 2 * PAGE)
  })
})
