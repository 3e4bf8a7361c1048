import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { formatEuros } from '../../database/domain/money'
import { normalise, pdfText } from './fixtures/documents'
import { ok, openNewFile, testWorkspace } from './helpers'

const TODAY = '2026-12-01'

describe('the agreement prints the chosen flat rate and its base', () => {
  it('in the cost-model article and in Annex I, in French and in English (pdftotext)', async () => {
    const t = testWorkspace()
    await openNewFile(t.ws, path.join(t.dir, 'demo.amif'), { demo: true })
    const { rows } = await ok(t.ws, 'projects.list', { q: 'AMIF-2024-RV-01' })
    const p = await ok(t.ws, 'projects.get', { id: rows[0].id, today: TODAY })
    // The demo's Annex IV project at 90 % with its ground, and indirect costs at 7 % of its direct costs.
    expect(p).toMatchObject({ euRateBp: 9000, rateGround: 'annex_iv' })
    expect(p.budget.flatRates).toEqual([{ kind: 'art54a', rateBp: 700, baseCents: 165_500_000, cents: 11_585_000, fromLine: false }])

    const cases = [
      {
        lang: 'fr',
        locale: 'fr-BE',
        name: 'Coûts indirects : taux forfaitaire sur les coûts directs éligibles (art. 54, point a))',
        rate: '7 %',
        base: 'coûts directs éligibles',
      },
      { lang: 'en', locale: 'en-GB', name: 'Indirect costs: flat rate on eligible direct costs (Art. 54(a))', rate: '7%', base: 'eligible direct costs' },
    ] as const
    for (const c of cases) {
      const doc = await ok(t.ws, 'documents.generate', { projectId: p.id, kind: 'agreement', language: c.lang, today: TODAY })
      t.dialogs.nextSavePath = path.join(t.dir, `${doc.id}.pdf`)
      const saved = await ok(t.ws, 'documents.save', { id: doc.id })
      if (saved.cancelled) throw new Error('cancelled')
      const { raw, all } = pdfText(fs.readFileSync(saved.path))
      const base = normalise(formatEuros(165_500_000, c.locale))
      const amount = normalise(formatEuros(11_585_000, c.locale))
      // The cost-model article: the flat rate's row with its rate, base and amount.
      expect(all).toContain(normalise(c.name))
      expect(all).toContain(base)
      expect(all).toContain(amount)
      // Annex I (its own pages, after the signatures): the flat rate reached as rate × base.
      const annexI = raw.map(normalise).findIndex((page) => page.includes(`${c.rate} × ${base}`) && page.includes(c.base))
      expect(annexI, `${c.lang}: rate × base in Annex I`).toBeGreaterThan(0)
    }
  })
})
