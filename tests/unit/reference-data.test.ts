import path from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { openAmifFile } from '../../database/file'
import { makeAmifFile, makeFileAtVersion, tempDir } from './helpers'

type Row = Record<string, unknown>

function rows(filePath: string, sql: string): Row[] {
  const db = new Database(filePath, { readonly: true })
  try {
    return db.prepare(sql).all() as Row[]
  } finally {
    db.close()
  }
}

describe('the AMIF 2021-2027 reference data in every file', () => {
  it('holds the four specific objectives with their labels and official wording', async () => {
    const file = await makeAmifFile(path.join(tempDir(), 'ref.amif'))
    const objectives = rows(file, 'SELECT code, short_fr, short_nl, short_en, wording_fr, wording_en FROM specific_objectives ORDER BY code')
    expect(objectives.map((o) => o.code)).toEqual(['SO1', 'SO2', 'SO3', 'SO4'])
    expect(objectives[2]).toMatchObject({ short_fr: 'Retour', short_nl: 'Terugkeer', short_en: 'Return' })
    expect(objectives[0].wording_fr).toContain('régime d’asile européen commun')
    expect(objectives[3].wording_en).toContain('solidarity and fair sharing of responsibility')
  })

  it('holds the Annex VIII catalogue with outputs, results and "of which" entries under their parent', async () => {
    const file = await makeAmifFile(path.join(tempDir(), 'ref.amif'))
    const indicators = rows(
      file,
      `SELECT i.code, i.type, i.objective_code, p.code AS parent, i.label_en, i.common FROM indicators i
       LEFT JOIN indicators p ON p.id = i.parent_id ORDER BY i.code`,
    )
    const byCode = new Map(indicators.map((i) => [i.code, i]))
    expect(indicators.length).toBeGreaterThanOrEqual(40)
    expect(byCode.get('O.3.3')).toMatchObject({
      type: 'output',
      objective_code: 'SO3',
      parent: null,
      label_en: 'Returnees who received reintegration assistance',
    })
    expect(byCode.get('R.2.8')).toMatchObject({ type: 'result', objective_code: 'SO2' })
    expect(byCode.get('O.2.3.1')).toMatchObject({ parent: 'O.2.3', objective_code: 'SO2', label_en: 'of which participants in a language course' })
    expect(byCode.get('R.1.7.2')).toMatchObject({ parent: 'R.1.7', type: 'result' })
    expect(byCode.get('R.4.4')).toMatchObject({ objective_code: 'SO4', label_en: 'Persons resettled' })
    expect(new Set(indicators.map((i) => i.objective_code))).toEqual(new Set(['SO1', 'SO2', 'SO3', 'SO4']))
    expect(indicators.every((i) => i.common === 1)).toBe(true)
  })

  it('holds the strands’ own objectives and the target groups with the vulnerable ones flagged', async () => {
    const file = await makeAmifFile(path.join(tempDir(), 'ref.amif'))
    const strands = rows(file, 'SELECT strand, COUNT(*) AS n FROM strand_objectives GROUP BY strand ORDER BY strand')
    expect(strands).toEqual([
      { strand: 'integration', n: 6 },
      { strand: 'reception', n: 4 },
      { strand: 'resettlement', n: 2 },
      { strand: 'voluntary_return', n: 4 },
    ])
    const groups = rows(file, 'SELECT code, vulnerability FROM target_groups')
    expect(groups).toContainEqual({ code: 'unaccompanied_minors', vulnerability: 1 })
    expect(groups).toContainEqual({ code: 'applicants_ip', vulnerability: 0 })
    expect(groups).toContainEqual({ code: 'medical_needs', vulnerability: 1 })
  })

  it('gives the same ids in every file, and adds the data to a file migrated from version 1', async () => {
    const dir = tempDir()
    const a = await makeAmifFile(path.join(dir, 'a.amif'))
    const old = makeFileAtVersion(path.join(dir, 'old.amif'), 1)
    openAmifFile(old).close()
    const ids = (f: string) => rows(f, 'SELECT id, code FROM indicators ORDER BY code')
    expect(ids(old)).toEqual(ids(a))
    expect(rows(old, 'SELECT COUNT(*) AS n FROM specific_objectives')).toEqual([{ n: 4 }])
  })
})
