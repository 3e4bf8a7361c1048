import { rebuildMilestoneGrams } from '../milestone-grams'
import { rebuildOrganisationSearch } from '../organisation-search'
import { COUNT_MAX, LABEL, NOT_NULL, text } from './005_strict'
import type { Migration } from './types'

/**
 * Search as you type in a blink at any size (issue 13 §2, §5): `milestone_grams` counts, for each
 * one- and two-character gram of what a milestone search matches (the milestone's folded title, its
 * project's folded code and title), the milestones that hold it by open or not and by the month
 * they are due (database/milestone-grams.ts). A search of one or two characters, which finds a
 * large share of the milestones, counts them and the late ones from these rows instead of reading
 * every milestone; a longer one with a gram nobody holds finds nothing at once. The projects a
 * search finds by code or title are read from a narrow index of project_figures instead of its
 * wide rows. `organisation_search` keeps each organisation's name, acronym and city folded
 * (amif_fold) and whether it is archived, so that the registry sorts and finds, and the projects
 * list finds beneficiaries, without calling into JavaScript for every organisation (the registry's
 * first page paid for folding every name), its first page read from one small index. Derived data (never synced, never merged): kept by the writers, rebuilt
 * with the kept figures, filled here.
 */
export const migration017: Migration = {
  version: 17,
  name: 'short_search',
  up(db) {
    db.exec(`
      CREATE TABLE milestone_grams (
        gram TEXT NOT NULL CHECK (length(gram) BETWEEN 0 AND 2),
        open INTEGER NOT NULL CHECK (open IN (0, 1)),
        month TEXT NOT NULL CHECK (length(month) = 7 AND month GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]'),
        n INTEGER NOT NULL CHECK (n BETWEEN 0 AND ${COUNT_MAX}),
        PRIMARY KEY (gram, open, month)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX project_figures_search ON project_figures(code_key, title_key, beneficiary_id, project_id);
      CREATE TABLE organisation_search (
        organisation_id TEXT PRIMARY KEY NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
        ${text('name_key', LABEL, NOT_NULL)},
        ${text('acronym_key', LABEL, NOT_NULL)},
        ${text('city_key', LABEL, NOT_NULL)},
        archived INTEGER NOT NULL CHECK (archived IN (0, 1))
      ) STRICT, WITHOUT ROWID;
      -- The registry's first page (not archived, by name) and its count, from this index alone.
      CREATE INDEX organisation_search_name ON organisation_search(archived, name_key, organisation_id);
    `)
    rebuildMilestoneGrams(db)
    rebuildOrganisationSearch(db)
  },
}
