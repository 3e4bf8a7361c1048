import type { Migration } from './types'

/**
 * Co-financing tied to its ground, simplified cost options and money that cannot exceed the
 * agreement (issue 11).
 *
 * - A project's ground stays in `rate_ground` (null: no ground, the general 75 % ceiling); no
 *   ground and no rate is changed: a project above its ground's ceiling keeps its rate and is
 *   shown with a warning until the officer corrects it.
 * - The flat rates a project chooses (Regulation (EU) 2021/1060, Articles 54-56), each up to its
 *   ceiling: one indirect-cost flat rate (54(a) 7 %, 54(b) 15 %, 54(c) 25 % with its
 *   justification), direct staff costs (55(1) 20 %), remaining costs (56(1) 40 %); and the reason
 *   a project of at most 200 000 € uses no simplified cost (Article 53(2)).
 * - A budget line bought through public procurement, outside the base of the 55(1) flat rate.
 * - The officer's note on a measurement lower than the previous one (values are cumulative).
 * Columns are added with exact STRICT types and CHECKs (tables may be STRICT by then).
 */
export const migration007: Migration = {
  version: 7,
  name: 'cofinancing_sco',
  up(db) {
    db.exec(`
      ALTER TABLE projects ADD COLUMN indirect_flat_rate TEXT CHECK (indirect_flat_rate IS NULL OR indirect_flat_rate IN ('art54a', 'art54b', 'art54c'));
      ALTER TABLE projects ADD COLUMN indirect_rate_bp INTEGER CHECK (indirect_rate_bp IS NULL OR indirect_rate_bp BETWEEN 1 AND 2500);
      ALTER TABLE projects ADD COLUMN indirect_justification TEXT;
      ALTER TABLE projects ADD COLUMN staff_flat_rate_bp INTEGER CHECK (staff_flat_rate_bp IS NULL OR staff_flat_rate_bp BETWEEN 1 AND 2000);
      ALTER TABLE projects ADD COLUMN remaining_flat_rate_bp INTEGER CHECK (remaining_flat_rate_bp IS NULL OR remaining_flat_rate_bp BETWEEN 1 AND 4000);
      ALTER TABLE projects ADD COLUMN sco_exemption TEXT;
      ALTER TABLE budget_lines ADD COLUMN public_procurement INTEGER NOT NULL DEFAULT 0 CHECK (public_procurement IN (0, 1));
      ALTER TABLE indicator_measurements ADD COLUMN note TEXT;
    `)
  },
}
