import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { foldForSearch } from '../../database/search'
import { newProjectValues, ok, testWorkspace } from './helpers'

/** Lists' search as the officer types it: accents, case, hyphens and punctuation do not matter. */
describe('search ignores punctuation and hyphens as it ignores accents', () => {
  it('folds a text to lower-case words without accents or punctuation', () => {
    expect(foldForSearch('Croix-Rouge de Belgique')).toBe('croix rouge de belgique')
    expect(foldForSearch('  Centre d’accueil — Liège (CAL) ')).toBe('centre d accueil liege cal')
    expect(foldForSearch("d'accueil")).toBe(foldForSearch('d’accueil'))
    expect(foldForSearch('AMIF-2026-RV-01')).toBe('amif 2026 rv 01')
  })

  async function registry() {
    const t = testWorkspace()
    await t.ws.create(path.join(t.dir, 'search.amif'))
    const { ws } = t
    const redCross = await ok(ws, 'partners.create', { values: { name: 'Croix-Rouge de Belgique', acronym: 'CRB', kind: 'ngo', city: 'Bruxelles' } })
    const rodeKruis = await ok(ws, 'partners.create', { values: { name: 'Rode Kruis Vlaanderen', kind: 'ngo', city: 'Mechelen' } })
    await ok(ws, 'partners.create', { values: { name: 'Centre d’accueil « Le Petit-Château »', kind: 'ngo', city: 'Bruxelles' } })
    const call = await ok(ws, 'calls.create', {
      values: {
        reference: 'FED/AMIF/2026-AC',
        title: 'Accueil — Croix-Rouge et partenaires',
        strand: 'reception',
        objectiveCode: 'SO1',
        opensOn: '2026-01-01',
        closesOn: '2026-03-31',
        envelopeCents: 100_000_00,
      },
    })
    await ok(ws, 'calls.create', {
      values: {
        reference: 'FED/AMIF/2026-RV',
        title: 'Retour volontaire',
        strand: 'voluntary_return',
        objectiveCode: 'SO3',
        opensOn: '2026-01-01',
        closesOn: '2026-03-31',
        envelopeCents: 100_000_00,
      },
    })
    const p = await ok(ws, 'projects.create', {
      values: newProjectValues(redCross.id, 'AMIF-2026-RS-01', { title: 'Post-accueil des familles (Croix-Rouge)' }),
    })
    const other = await ok(ws, 'projects.create', { values: newProjectValues(rodeKruis.id, 'AMIF-2026-RS-02', { title: 'Interprétariat social' }) })
    await ok(ws, 'milestones.save', { projectId: p.id, values: { title: 'Rapport intermédiaire — Croix-Rouge', dueDate: '2026-05-01', status: 'planned' } })
    await ok(ws, 'milestones.save', { projectId: other.id, values: { title: 'Premier accueil', dueDate: '2026-06-01', status: 'planned' } })
    return { ...t, call }
  }

  it('finds "Croix-Rouge" for "Croix Rouge" in partners, projects, calls and milestones', async () => {
    const { ws } = await registry()
    const partners = async (search: string) => (await ok(ws, 'partners.list', { search })).rows.map((r) => r.name)
    const projects = async (q: string) => (await ok(ws, 'projects.list', { q })).rows.map((r) => r.title)
    const calls = async (q: string) => (await ok(ws, 'calls.list', { q })).rows.map((c) => c.reference)
    const milestones = async (q: string) => (await ok(ws, 'milestones.list', { q })).rows.map((m) => m.title)
    for (const typed of ['Croix Rouge', 'croix rouge', 'CROIX-ROUGE', 'croix  rouge', 'Croix, Rouge']) {
      expect(await partners(typed), typed).toEqual(['Croix-Rouge de Belgique'])
      expect(await projects(typed), typed).toEqual(['Post-accueil des familles (Croix-Rouge)'])
      expect(await calls(typed), typed).toEqual(['FED/AMIF/2026-AC'])
      expect(await milestones(typed), typed).toEqual(['Rapport intermédiaire — Croix-Rouge'])
    }
    expect(await partners('petit chateau')).toEqual(['Centre d’accueil « Le Petit-Château »'])
    expect(await partners("d'accueil le petit")).toEqual(['Centre d’accueil « Le Petit-Château »'])
    expect(await projects('post accueil')).toEqual(['Post-accueil des familles (Croix-Rouge)'])
    expect(await projects('amif 2026 rs 02')).toEqual(['Interprétariat social'])
    expect(await calls('fed amif 2026 rv')).toEqual(['FED/AMIF/2026-RV'])
    expect(await calls('')).toHaveLength(2)
    expect(await milestones('rapport intermediaire croix')).toEqual(['Rapport intermédiaire — Croix-Rouge'])
  })

  it('finds nothing for a search made only of punctuation, rather than everything', async () => {
    const { ws } = await registry()
    for (const typed of ['-', '%', '«', '()']) {
      expect((await ok(ws, 'partners.list', { search: typed })).rows, typed).toEqual([])
      expect((await ok(ws, 'projects.list', { q: typed })).rows, typed).toEqual([])
      expect((await ok(ws, 'calls.list', { q: typed })).rows, typed).toEqual([])
      expect((await ok(ws, 'milestones.list', { q: typed })).rows, typed).toEqual([])
    }
  })
})
