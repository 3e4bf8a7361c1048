import path from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { openAmifFile } from '../../database/file'
import { INDICATOR_LABELS_EN_2026, OBJECTIVE_WORDING_2026 } from '../../database/migrations/data/reference-2021-2027'
import { makeFileAtVersion, tempDir } from './helpers'

/** Migration 008 on a file made by the previous version: the official texts arrive, the officer's own corrections stay. */

const OFFICER_R211 = 'Participants who applied for EU long-term resident status (our programme’s wording)'
const OFFICER_SO2_EN = 'to strengthen legal migration (wording agreed with the Commission desk)'

function previousVersionFile(): string {
  const file = makeFileAtVersion(path.join(tempDir(), 'v7.amif'), 7)
  const db = new Database(file)
  const at = '2025-03-01T10:00:00.000Z'
  // The officer corrected R.2.11 and SO2's English wording in the Reference section; O.2.4 and SO1 are as shipped.
  db.prepare(`UPDATE indicators SET label_en = ?, updated_at = ?, updated_by = 'Officer' WHERE code = 'R.2.11'`).run(OFFICER_R211, at)
  db.prepare(`UPDATE specific_objectives SET wording_en = ?, updated_at = ?, updated_by = 'Officer' WHERE code = 'SO2'`).run(OFFICER_SO2_EN, at)
  db.prepare(
    `INSERT INTO grantor_profile (id, name_fr, signatory_name, signatory_title_fr, signature_place, created_at, updated_at, updated_by)
     VALUES ('grantor', 'SPF Intérieur', 'Hendrik De Smedt', 'Directeur', 'Brussel', ?, ?, 'Officer')`,
  ).run(at, at)
  db.close()
  return file
}

describe('opening a file of the previous version (migration 008)', () => {
  it('brings the official wording and keeps what the officer corrected', async () => {
    const file = previousVersionFile()
    const before = new Database(file, { readonly: true })
    const previousO24 = INDICATOR_LABELS_EN_2026.find((i) => i.code === 'O.2.4')!
    expect(before.prepare(`SELECT label_en FROM indicators WHERE code = 'O.2.4'`).pluck().get()).toBe(previousO24.previous)
    expect(before.prepare(`SELECT wording_nl FROM specific_objectives WHERE code = 'SO1'`).pluck().get()).toBeNull()
    before.close()

    const opened = openAmifFile(file)
    expect(opened.migrated).toContain(8)
    await opened.close()

    const db = new Database(file, { readonly: true })
    const label = (code: string) => db.prepare(`SELECT label_en FROM indicators WHERE code = ?`).pluck().get(code)
    // Uncorrected labels take the regulation's English wording; the corrected one stays.
    for (const i of INDICATOR_LABELS_EN_2026.filter((x) => x.code !== 'R.2.11')) expect(label(i.code)).toBe(i.official)
    expect(label('R.2.11')).toBe(OFFICER_R211)

    const objective = (code: string) =>
      db.prepare(`SELECT wording_nl, wording_en, incomplete_nl, source_nl, source_en FROM specific_objectives WHERE code = ?`).get(code) as {
        wording_nl: string | null
        wording_en: string
        incomplete_nl: number
        source_nl: string | null
        source_en: string | null
      }
    const so1 = OBJECTIVE_WORDING_2026.find((o) => o.code === 'SO1')!
    expect(objective('SO1')).toMatchObject({ wording_nl: so1.nl, wording_en: so1.en, incomplete_nl: 0 })
    expect(objective('SO1').wording_en.startsWith('strengthening and developing')).toBe(true)
    expect(objective('SO1').source_nl).toContain('Belgisch Staatsblad')
    // The officer's English wording of SO2 stays, with no source claimed for it.
    expect(objective('SO2')).toMatchObject({ wording_en: OFFICER_SO2_EN, source_en: null })
    expect(objective('SO3').wording_nl).toMatch(/^bijdragen tot de bestrijding van irreguliere migratie/)
    // SO4's Dutch wording is only its beginning: shipped, marked incomplete.
    expect(objective('SO4')).toMatchObject({ incomplete_nl: 1 })
    expect(objective('SO4').wording_nl).toMatch(/^bevorderen van solidariteit/)

    // Art. 21 Directive 2013/33/EU: serious illnesses; families with children are a target group, not a vulnerability.
    const group = (code: string) => db.prepare(`SELECT vulnerability, label_fr, label_nl, label_en FROM target_groups WHERE code = ?`).get(code)
    expect(group('medical_needs')).toEqual({
      vulnerability: 1,
      label_fr: 'Personnes ayant des maladies graves',
      label_nl: 'Personen met ernstige ziekten',
      label_en: 'Persons with serious illnesses',
    })
    expect(group('families_children')).toMatchObject({ vulnerability: 0 })

    // The place of signature in each language.
    expect(db.prepare(`SELECT signature_place_fr, signature_place_nl, signature_place_en FROM grantor_profile`).get()).toEqual({
      signature_place_fr: 'Bruxelles',
      signature_place_nl: 'Brussel',
      signature_place_en: 'Brussels',
    })
    db.close()
  })
})
