import {
  ANNEX_VIII_SOURCE,
  INDICATOR_LABELS_EN_2026,
  OBJECTIVE_SOURCES,
  OBJECTIVE_WORDING_2026,
  SPECIFIC_OBJECTIVES,
  TARGET_GROUPS_2026,
} from './data/reference-2021-2027'
import type { Migration } from './types'

/**
 * The wording checked against the regulations (December 2026, issue 11 sections 5 and 6).
 *
 * New columns (all optional, STRICT types):
 * - specific_objectives: the source of each language's wording, and whether that wording is known
 *   to be incomplete (SO4 in Dutch), so that no document quotes a wording the file lacks;
 * - projects.visibility_adaptation: the plaque or poster adaptation the agreement itself sets
 *   (security or public order only);
 * - grantor_profile and organisations: the name, street and city in each language where they have a
 *   Dutch, French or English form, and the grantor's place of signature per language.
 *
 * Data: the objectives' official Dutch and English wording, the official English labels of eleven
 * Annex VIII indicators, and the vulnerability categories of Art. 21 Directive 2013/33/EU. A text
 * is changed only where it is still the one the app shipped before: the officer's corrections stay.
 */

const PER_LANGUAGE = ['fr', 'nl', 'en'] as const

/** The three language forms of Brussels, the usual place of signature. */
const BRUSSELS: Record<(typeof PER_LANGUAGE)[number], string> = { fr: 'Bruxelles', nl: 'Brussel', en: 'Brussels' }

export const migration008: Migration = {
  version: 8,
  name: 'wording',
  up(db) {
    const columns: string[] = []
    for (const l of PER_LANGUAGE) {
      columns.push(`ALTER TABLE specific_objectives ADD COLUMN source_${l} TEXT;`)
      columns.push(`ALTER TABLE specific_objectives ADD COLUMN incomplete_${l} INTEGER NOT NULL DEFAULT 0 CHECK (incomplete_${l} IN (0, 1));`)
      for (const c of ['street', 'city', 'signature_place']) columns.push(`ALTER TABLE grantor_profile ADD COLUMN ${c}_${l} TEXT;`)
      for (const c of ['name', 'street', 'city']) columns.push(`ALTER TABLE organisations ADD COLUMN ${c}_${l} TEXT;`)
    }
    columns.push('ALTER TABLE projects ADD COLUMN visibility_adaptation TEXT;')
    db.exec(columns.join('\n'))

    // A fixed stamp: two officers' files migrated apart hold the same rows, so merging them finds nothing to reconcile.
    const at = '2026-12-01T00:00:00.000Z'
    const by = 'AMIF Desk'

    // Objectives: the English wording in the regulation's gerund form, unless the officer changed it;
    // the Dutch wording where the file has none; a source per language.
    const previousEn = new Map(SPECIFIC_OBJECTIVES.map((o) => [o.code, o.wordingEn]))
    const setEn = db.prepare(`UPDATE specific_objectives SET wording_en = ?, source_en = ?, updated_at = ?, updated_by = ? WHERE code = ? AND wording_en = ?`)
    const setNl = db.prepare(
      `UPDATE specific_objectives SET wording_nl = ?, incomplete_nl = ?, source_nl = ?, updated_at = ?, updated_by = ? WHERE code = ? AND (wording_nl IS NULL OR trim(wording_nl) = '')`,
    )
    for (const o of OBJECTIVE_WORDING_2026) {
      setEn.run(o.en, OBJECTIVE_SOURCES.en, at, by, o.code, previousEn.get(o.code) ?? '')
      setNl.run(o.nl, o.nlIncomplete ? 1 : 0, OBJECTIVE_SOURCES.nl, at, by, o.code)
    }
    const previousFr = new Map(SPECIFIC_OBJECTIVES.map((o) => [o.code, o.wordingFr]))
    const setFrSource = db.prepare(`UPDATE specific_objectives SET source_fr = ? WHERE code = ? AND wording_fr = ? AND source_fr IS NULL`)
    for (const [code, fr] of previousFr) setFrSource.run(OBJECTIVE_SOURCES.fr, code, fr)

    // Indicators: the official English label where the label is still the previous default.
    const label = db.prepare(`UPDATE indicators SET label_en = ?, updated_at = ?, updated_by = ? WHERE code = ? AND common = 1 AND label_en = ?`)
    for (const i of INDICATOR_LABELS_EN_2026) label.run(i.official, at, by, i.code, i.previous)
    db.prepare(`UPDATE indicators SET source = ? WHERE common = 1 AND source = ?`).run(ANNEX_VIII_SOURCE.now, ANNEX_VIII_SOURCE.previous)

    // Target groups: Art. 21's categories.
    const group = db.prepare(`UPDATE target_groups SET vulnerability = ?, updated_at = ?, updated_by = ? WHERE code = ? AND vulnerability <> ?`)
    const groupLabel = db.prepare(
      `UPDATE target_groups SET label_fr = ?, label_nl = ?, label_en = ?, updated_at = ?, updated_by = ? WHERE code = ? AND label_fr = ? AND label_nl = ? AND label_en = ?`,
    )
    for (const g of TARGET_GROUPS_2026) {
      const v = g.vulnerability ? 1 : 0
      group.run(v, at, by, g.code, v)
      if (g.labels.join('|') !== g.previous.join('|')) groupLabel.run(...g.labels, at, by, g.code, ...g.previous)
    }

    // A French draft is a « brouillon » in the register as on its cover ("projet" means a project).
    db.prepare(
      `UPDATE documents SET file_name = replace(file_name, ' (projet).pdf', ' (brouillon).pdf') WHERE language = 'fr' AND status = 'draft' AND file_name LIKE '% (projet).pdf'`,
    ).run()

    // The place of signature per language, where the grantor signs in Brussels under any of its names.
    db.prepare(
      `UPDATE grantor_profile SET signature_place_fr = ?, signature_place_nl = ?, signature_place_en = ?
       WHERE lower(trim(signature_place)) IN ('bruxelles', 'brussel', 'brussels')`,
    ).run(BRUSSELS.fr, BRUSSELS.nl, BRUSSELS.en)
    // The city too, for the grantor and every organisation based in Brussels.
    for (const table of ['grantor_profile', 'organisations']) {
      db.prepare(
        `UPDATE ${table} SET city_fr = ?, city_nl = ?, city_en = ?
         WHERE lower(trim(city)) IN ('bruxelles', 'brussel', 'brussels') AND city_fr IS NULL AND city_nl IS NULL AND city_en IS NULL`,
      ).run(BRUSSELS.fr, BRUSSELS.nl, BRUSSELS.en)
    }
  },
}
