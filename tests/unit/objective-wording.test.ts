import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { historyOf } from '../../database/audit'
import { INDICATOR_LABELS_EN_2026, OBJECTIVE_WORDING_2026, referenceId } from '../../database/migrations/data/reference-2021-2027'
import { ok, openNewFile, refused, testWorkspace } from './helpers'

/** The objectives' official wording in a new file, and the officer completing or correcting it per language. */
describe('the specific objectives’ official wording', () => {
  it('is in a new file in French, Dutch (SO4 marked incomplete) and English in the regulation’s gerund form, each with its source', async () => {
    const t = testWorkspace()
    await openNewFile(t.ws, path.join(t.dir, 'new.amif'))
    const objectives = await ok(t.ws, 'reference.objectives', {})
    for (const official of OBJECTIVE_WORDING_2026) {
      const o = objectives.find((x) => x.code === official.code)!
      expect(o).toMatchObject({ wordingNl: official.nl, wordingEn: official.en, incompleteNl: official.nlIncomplete, incompleteFr: false, incompleteEn: false })
      expect(o.wordingEn).toMatch(/^(strengthening|contributing|enhancing)/)
      expect(o.sourceFr).toContain('2021/1147')
      expect(o.sourceNl).toContain('Belgisch Staatsblad')
      expect(o.sourceEn).toContain('EUR-Lex')
    }
    // The Annex VIII indicators carry their official English wording too.
    const indicators = await ok(t.ws, 'reference.indicators', {})
    for (const i of INDICATOR_LABELS_EN_2026) expect(indicators.find((x) => x.code === i.code)!.labelEn).toBe(i.official)
    // Art. 21 Directive 2013/33/EU: families with children are a target group, not a vulnerability.
    const groups = await ok(t.ws, 'reference.targetGroups', {})
    expect(groups.find((g) => g.code === 'families_children')!.vulnerability).toBe(false)
    expect(groups.find((g) => g.code === 'medical_needs')!).toMatchObject({ vulnerability: true, labelEn: 'Persons with serious illnesses' })
  })

  it('is completed by the officer with its source, audited, and cannot lose its French or English text', async () => {
    const t = testWorkspace()
    await openNewFile(t.ws, path.join(t.dir, 'new.amif'))
    const before = (await ok(t.ws, 'reference.objectives', {})).find((o) => o.code === 'SO4')!
    expect(
      (await refused(t.ws, 'reference.updateObjectiveWording', { code: 'SO4', values: { language: 'fr', wording: '  ', source: null, incomplete: false } }))
        .code,
    ).toBe('VALIDATION')
    expect((await refused(t.ws, 'reference.updateObjectiveWording', { code: 'SO4', values: { language: 'de', wording: 'x' } })).code).toBe('VALIDATION')
    expect(
      (
        await refused(t.ws, 'reference.updateObjectiveWording', {
          code: 'SO4',
          expectedUpdatedAt: '2000-01-01T00:00:00.000Z',
          values: { language: 'nl', wording: 'x' },
        })
      ).code,
    ).toBe('STALE')
    const unchanged = (await ok(t.ws, 'reference.objectives', {})).find((o) => o.code === 'SO4')!
    expect(unchanged).toEqual(before)

    const after = await ok(t.ws, 'reference.updateObjectiveWording', {
      code: 'SO4',
      expectedUpdatedAt: before.updatedAt,
      values: { language: 'nl', wording: 'bevorderen van solidariteit (volledige tekst)', source: 'PB L 251 van 15.7.2021', incomplete: false },
    })
    expect(after).toMatchObject({
      wordingNl: 'bevorderen van solidariteit (volledige tekst)',
      sourceNl: 'PB L 251 van 15.7.2021',
      incompleteNl: false,
      wordingFr: before.wordingFr,
    })
    const history = await historyOf(t.ws.file().db, referenceId('objective', 'SO4'))
    expect(history.at(-1)).toMatchObject({ entity: 'objective', action: 'update' })
    expect(JSON.stringify(history.at(-1))).toContain('volledige tekst')
  })
})
