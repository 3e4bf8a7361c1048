import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { milestoneGramDifferences, gramsOf } from '../../database/milestone-grams'
import { organisationSearchDifferences } from '../../database/organisation-search'
import { listMilestones, isLate } from '../../database/progress'
import { milestoneQuery } from '../../database/domain/schemas/projects'
import { foldForSearch } from '../../database/search'
import { milestoneEdit, ok, openNewFile, projectEdit, testWorkspace } from './helpers'

/**
 * Issue 13 §2 and §5, search as you type: a milestone search of one or two characters is counted
 * from `milestone_grams` (and a longer one with a gram no milestone holds finds nothing at once),
 * the registry sorts and finds by `organisation_search`. What is found and counted must stay what
 * the full filtered list gives (listMilestones, which reads neither), after any write, on any day.
 */

/** A small deterministic generator, so that a failure can be replayed. */
function seeded(seed: number) {
  let s = seed
  return () => {
    s = (s * 1103515245 + 12345) % 2 ** 31
    return s / 2 ** 31
  }
}

const WORDS = [
  'Rapport',
  'd’étape',
  'final',
  'Comité',
  'de',
  'pilotage',
  'Formation',
  'bénévoles',
  'Visite',
  'Croix-Rouge',
  'Œuvre',
  'MENA',
  'n°',
  '7',
  '2026',
  'Ærø',
  'Liège',
  'Ĳssel',
  'x',
]
const STATUSES = ['planned', 'in_progress', 'done', 'cancelled'] as const

async function seededFile() {
  const { ws, dir } = testWorkspace()
  await openNewFile(ws, path.join(dir, 'short.amif'), { demo: true })
  const random = seeded(17)
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!
  const TODAY = '2026-03-15'
  const projects = (await ok(ws, 'projects.list', { sort: { key: 'code', order: 'asc' }, today: TODAY })).rows
  // A project of its own, to be renamed and deleted with its milestones.
  const base = await ok(ws, 'projects.get', { id: projects[0]!.id, today: TODAY })
  const extra = await ok(ws, 'projects.create', { values: projectEdit(base, { code: 'TMP-QZ-1', title: 'Projet « Quiz » temporaire' }), today: TODAY })
  for (const p of [...projects.slice(0, 4), extra]) {
    for (let i = 0; i < 8; i++) {
      const month = String(1 + Math.floor(random() * 6)).padStart(2, '0')
      const dayOfMonth = String(1 + Math.floor(random() * 28)).padStart(2, '0')
      const status = pick(STATUSES)
      await ok(ws, 'milestones.save', {
        projectId: p.id,
        values: {
          title: Array.from({ length: 1 + Math.floor(random() * 4) }, () => pick(WORDS)).join(' '),
          description: null,
          objectiveCode: null,
          projectIndicatorId: null,
          dueDate: `2026-${month}-${dayOfMonth}`,
          status,
          doneDate: status === 'done' ? '2026-01-02' : null,
          evidence: null,
          responsibleId: null,
        },
        today: TODAY,
      })
    }
  }
  // Changes the grams follow: a milestone renamed and moved on, one deleted, a project renamed, another deleted.
  const detail = await ok(ws, 'projects.get', { id: projects[1]!.id, today: TODAY })
  const [a, b] = detail.milestones
  await ok(ws, 'milestones.save', {
    projectId: detail.id,
    id: a!.id,
    expectedUpdatedAt: a!.updatedAt,
    values: milestoneEdit(a!, { title: 'Ŵx jalon renommé', status: 'planned', doneDate: null, dueDate: '2026-03-02' }),
    today: TODAY,
  })
  await ok(ws, 'milestones.delete', { id: b!.id })
  const renamed = await ok(ws, 'projects.get', { id: projects[2]!.id, today: TODAY })
  await ok(ws, 'projects.update', {
    id: renamed.id,
    expectedUpdatedAt: renamed.updatedAt,
    values: projectEdit(renamed, { code: 'KX-9', title: 'Ÿzeur « accueil » renommé' }),
    today: TODAY,
  })
  const gone = await ok(ws, 'projects.get', { id: extra.id, today: TODAY })
  await ok(ws, 'projects.delete', { id: gone.id })
  // An organisation renamed: the registry sorts and finds it by its new name.
  const org = await ok(ws, 'partners.get', { id: base.beneficiaryId })
  const { id: _id, archived: _a, createdAt: _c, updatedAt, updatedBy: _u, contacts: _k, partnerships: _p, references: _r, ...values } = org
  await ok(ws, 'partners.update', { id: org.id, expectedUpdatedAt: updatedAt, values: { ...values, name: 'Ångström Zèbre asbl', acronym: 'ÅZ' } })
  return { ws, TODAY }
}

describe('short searches', () => {
  it('keep their grams and folded names through every write, as a rebuild makes them', async () => {
    const { ws } = await seededFile()
    const sqlite = ws.file().sqlite
    expect(sqlite.prepare('SELECT count(*) AS n FROM milestone_grams').get()).not.toEqual({ n: 0 })
    expect(milestoneGramDifferences(sqlite)).toEqual([])
    expect(organisationSearchDifferences(sqlite)).toEqual([])
  })

  it('find and count the same milestones as the full filtered list, on any day, late only or not, and the whole list without a search', async () => {
    const { ws } = await seededFile()
    const db = ws.file().db
    const titles = (await listMilestones(db, {}, '2026-03-15')).flatMap((m) => [m.title, m.projectCode, m.projectTitle])
    // Every one- and two-character gram the file holds, some it does not, and longer searches found or not.
    // '' (no search): the whole list, counted from the empty gram.
    const searches = ['', ...gramsOf(titles.map(foldForSearch)), 'zq', 'Œ', 'ß', '-', 'rapport', 'rapport d’étape', 'ø x', 'quiz', 'zzz', 'u 7']
    expect(searches.length).toBeGreaterThan(100)
    for (const today of ['2026-03-15', '2026-03-01', '2026-04-30', '2025-12-31']) {
      for (const q of searches) {
        for (const lateOnly of [false, true]) {
          const page = await ok(ws, 'milestones.list', { q, lateOnly, today, limit: 5 })
          const full = await listMilestones(db, milestoneQuery.parse({ q, lateOnly }), today)
          const expected = {
            ids: full.slice(0, 5).map((m) => m.id),
            total: full.length,
            late: full.filter((m) => isLate(m, today)).length,
          }
          expect({ q, today, lateOnly, ids: page.rows.map((m) => m.id), total: page.total, late: page.late }).toEqual({ q, today, lateOnly, ...expected })
        }
      }
    }
  }, 180_000)

  it('sort and find organisations as folding each name did', async () => {
    const { ws } = await seededFile()
    const sqlite = ws.file().sqlite
    // The registry's order before migration 017: each text folded by amif_fold as the list read it.
    const SORTS = {
      name: 'amif_fold(o.name)',
      acronym: "amif_fold(coalesce(o.acronym, ''))",
      city: "amif_fold(coalesce(o.city, ''))",
      kind: 'o.kind',
      enterpriseNumber: "coalesce(o.enterprise_number, '')",
      updatedAt: 'o.updated_at',
    } as const
    const folded =
      "(amif_fold(o.name) like @p escape '\\' or amif_fold(coalesce(o.acronym, '')) like @p escape '\\' or amif_fold(coalesce(o.city, '')) like @p escape '\\')"
    for (const field of Object.keys(SORTS) as (keyof typeof SORTS)[]) {
      for (const direction of ['asc', 'desc'] as const) {
        for (const search of [undefined, 'a', 'li', 'zebre', 'az', 'angstrom']) {
          for (const archived of ['active', 'all'] as const) {
            const p = search === undefined ? null : `%${foldForSearch(search)}%`
            const before = (
              sqlite
                .prepare(
                  `SELECT o.id FROM organisations o WHERE (@archived = 'all' OR o.archived = 0) AND (@p IS NULL OR ${folded})
                   ORDER BY ${SORTS[field]} ${direction}, amif_fold(o.name), o.id`,
                )
                .all({ archived, p }) as { id: string }[]
            ).map((r) => r.id)
            const first = await ok(ws, 'partners.list', { archived, sort: { field, direction }, search, limit: 7 })
            const next = first.next ? await ok(ws, 'partners.list', { archived, sort: { field, direction }, search, limit: 7, after: first.next }) : null
            expect({ field, direction, search, archived, total: first.total, ids: [...first.rows, ...(next?.rows ?? [])].map((r) => r.id) }).toEqual({
              field,
              direction,
              search,
              archived,
              total: before.length,
              ids: before.slice(0, 14),
            })
          }
        }
      }
    }
    // Archiving moves an organisation out of the registry's default list at once.
    const shown = (await ok(ws, 'partners.list', {})).rows[0]!
    await ok(ws, 'partners.setArchived', { id: shown.id, archived: true })
    expect((await ok(ws, 'partners.list', {})).rows.map((r) => r.id)).not.toContain(shown.id)
    expect(organisationSearchDifferences(sqlite)).toEqual([])
    const projects = await ok(ws, 'projects.list', { q: 'zebre', today: '2026-03-15' })
    expect(projects.total).toBeGreaterThan(0)
  })
})
