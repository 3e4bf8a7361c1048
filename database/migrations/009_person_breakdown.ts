import type { Migration } from './types'
import { COMMON_INDICATORS, isPersonUnit, PERSON_UNITS } from './data/reference-2021-2027'

/**
 * Indicators about persons, by age and gender (Regulation (EU) 2021/1147, Annex VIII: "All
 * indicators relating to persons shall be reported by age brackets (< 18, 18-60, > 60) and by
 * gender"; Annex V likewise).
 *
 * - `indicators.about_persons`: set for the catalogue's person indicators (participants, persons,
 *   returnees, applicants, staff) and for programme indicators counted in persons.
 * - `indicator_measurements` gets the breakdown as seven counts, NULL where it was not recorded:
 *   measurements made before this version stay valid and show "breakdown not recorded".
 * Plain columns on existing synced tables: they merge with their record, no new triggers needed.
 */
export const migration009: Migration = {
  version: 9,
  name: 'person_breakdown',
  up(db) {
    db.exec(`
      ALTER TABLE indicators ADD COLUMN about_persons INTEGER NOT NULL DEFAULT 0 CHECK (about_persons IN (0, 1));
      ALTER TABLE indicator_measurements ADD COLUMN age_under_18 INTEGER CHECK (age_under_18 >= 0);
      ALTER TABLE indicator_measurements ADD COLUMN age_18_60 INTEGER CHECK (age_18_60 >= 0);
      ALTER TABLE indicator_measurements ADD COLUMN age_over_60 INTEGER CHECK (age_over_60 >= 0);
      ALTER TABLE indicator_measurements ADD COLUMN gender_female INTEGER CHECK (gender_female >= 0);
      ALTER TABLE indicator_measurements ADD COLUMN gender_male INTEGER CHECK (gender_male >= 0);
      ALTER TABLE indicator_measurements ADD COLUMN gender_non_binary INTEGER CHECK (gender_non_binary >= 0);
      ALTER TABLE indicator_measurements ADD COLUMN gender_unknown INTEGER CHECK (gender_unknown >= 0);
    `)
    // A schema fact, not an officer's edit: neither updated_at nor the version vector changes, so
    // files migrated apart still hold the same catalogue record. The sync trigger only bumps when
    // an update leaves sync_vv as it was, hence the passing trailing space taken off again.
    const persons = COMMON_INDICATORS.filter((i) => isPersonUnit(i.unit)).map((i) => i.code)
    const mark = db.prepare(`UPDATE indicators SET about_persons = 1, sync_vv = sync_vv || ' ' WHERE code = ? AND common = 1`)
    for (const code of persons) mark.run(code)
    db.prepare(`UPDATE indicators SET about_persons = 1, sync_vv = sync_vv || ' ' WHERE common = 0 AND unit IN (${PERSON_UNITS_SQL})`).run()
    db.prepare(`UPDATE indicators SET sync_vv = rtrim(sync_vv) WHERE sync_vv LIKE '% '`).run()
  },
}

const PERSON_UNITS_SQL = PERSON_UNITS.map((u) => `'${u}'`).join(', ')
