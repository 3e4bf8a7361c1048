import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { registerAppFunctions } from '../../database/file/app-schema'
import { applyMerge, previewMerge, type MergeOptions } from '../../database/merge'
import { checkedColumns } from '../../database/merge/check'
import { camelName } from '../../database/merge/labels'
import { APPEND_ONLY_TABLES } from '../../database/merge/load'
import { migrate } from '../../database/file/migrate'
import { dumpTables, mergePair, OFFICER, writeAsAttacker } from './helpers'

/**
 * Every value a merge takes from a colleague's file is checked (issue 10): a row schema that does
 * not list a column lets any value of it through (a zod object strips what it does not know). A
 * migration that adds a column must add its check too; this test finds the ones forgotten.
 */

/**
 * Columns no row schema lists, and why. Anything else a synced or history table holds must be
 * checked by its row schema.
 */
const NOT_IN_ROW_SCHEMA: Readonly<Record<string, readonly string[]>> = {
  // Every synced table: the record id (checked apart, idProblem) and the version vector (checked
  // apart against what this file knows of its own changes, vectorProblem and forged vectors).
  '*synced': ['id', 'sync_vv'],
  // The bytes of a document: checked apart (pdfProblem: a PDF, its register entry's SHA-256 and
  // size, under the cap). Where a document came from is this file's own (LOCAL_COLUMNS), never merged.
  documents: ['pdf', 'received_from_file_id'],
  // The bytes of an attachment: checked apart (attachmentProblem: of the type its row names, by
  // their content, its SHA-256 and size, under the cap; and never different from mine's).
  attachments: ['content'],
  // History rows: the id (checked apart, idProblem); from which file and when this file received
  // a row are set by the merge itself (its own clock), whatever their file says (migration 006).
  audit_log: ['id', 'received_from_file_id', 'received_at'],
  handovers: ['id', 'received_from_file_id', 'received_at'],
  sync_merges: ['id', 'received_from_file_id', 'received_at'],
}

describe('the merge checks every column of a file at the latest version', () => {
  let db: Database.Database
  const columnsOf = (table: string): string[] => (db.prepare(`PRAGMA table_info("${table}")`).all() as { name: string }[]).map((c) => c.name)

  beforeAll(() => {
    db = new Database(':memory:')
    registerAppFunctions(db)
    migrate(db)
  })
  afterAll(() => db.close())

  const checked = checkedColumns()

  it('has a row schema for every synced table, listing each of its columns but the id, the vector and this file’s own', () => {
    const synced = (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[]
    ).filter((t) => t !== 'sync_tombstones' && columnsOf(t).includes('sync_vv'))
    expect(synced.length).toBeGreaterThan(20)
    const unchecked: string[] = []
    const unknown: string[] = []
    for (const table of synced) {
      const listed = checked.synced[table]
      if (!listed) {
        unchecked.push(`${table} (no row schema)`)
        continue
      }
      const apart = [...NOT_IN_ROW_SCHEMA['*synced'], ...(NOT_IN_ROW_SCHEMA[table] ?? [])]
      const columns = columnsOf(table)
      for (const c of columns) if (!listed.includes(c) && !apart.includes(c)) unchecked.push(`${table}.${c}`)
      // A schema column the table does not have is a misspelling: the real column goes unchecked.
      for (const c of listed) if (!columns.includes(c)) unknown.push(`${table}.${c}`)
    }
    expect(unchecked).toEqual([])
    expect(unknown).toEqual([])
    // And no schema for a table that is not synced.
    expect(Object.keys(checked.synced).filter((t) => !synced.includes(t))).toEqual([])
  })

  it('lists each column of the history tables but the id and this file’s own', () => {
    const unchecked: string[] = []
    const unknown: string[] = []
    for (const table of APPEND_ONLY_TABLES) {
      const listed = checked.append[table]
      const columns = columnsOf(table)
      for (const c of columns) if (!listed.includes(c) && !NOT_IN_ROW_SCHEMA[table].includes(c)) unchecked.push(`${table}.${c}`)
      for (const c of listed) if (!columns.includes(c)) unknown.push(`${table}.${c}`)
    }
    expect(unchecked).toEqual([])
    expect(unknown).toEqual([])
  })
})

const OPTIONS: MergeOptions = { officer: OFFICER, resolutions: {}, backup: true, prefer: 'theirs' }

describe('crafted values in the columns of migrations 007 to 009', () => {
  it('refuses none of the rows the app itself writes (the demo file, every record changed)', async () => {
    const { mine, theirs, theirsPath } = await mergePair()
    await theirs.close()
    let touched = 0
    writeAsAttacker(theirsPath, (db) => {
      const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[]).filter(
        (t) => t !== 'sync_tombstones' && (db.prepare(`PRAGMA table_info("${t}")`).all() as { name: string }[]).some((c) => c.name === 'updated_at'),
      )
      // A changed stamp makes every row new content, so that each one is checked.
      for (const t of tables) touched += db.prepare(`UPDATE "${t}" SET updated_at = '2026-12-02T09:00:00.000Z'`).run().changes
    })
    expect(touched).toBeGreaterThan(100)
    const preview = await previewMerge(mine.file(), theirsPath)
    expect(preview.refused).toEqual([])
  }, 60_000)

  it('refuses them in the preview, with the field and the window’s message, and merges nothing of them', async () => {
    const { mine, theirs, minePath, theirsPath } = await mergePair()
    await theirs.close()
    const ids: Record<string, string> = {}
    writeAsAttacker(theirsPath, (db) => {
      const projects = db.prepare('SELECT id FROM projects ORDER BY code').pluck().all() as string[]
      const one = (sql: string) => db.prepare(sql).pluck().get() as string
      // 54(a) at 30 %: above the CHECK's 25 % and the article's 7 %.
      ids.ceiling = projects[0]
      db.prepare(
        "UPDATE projects SET indirect_flat_rate = 'art54a', indirect_rate_bp = 3000, staff_flat_rate_bp = NULL, remaining_flat_rate_bp = NULL WHERE id = ?",
      ).run(ids.ceiling)
      // 54(c) without its justification.
      ids.justification = projects[1]
      db.prepare(
        "UPDATE projects SET indirect_flat_rate = 'art54c', indirect_rate_bp = 2000, indirect_justification = NULL, staff_flat_rate_bp = NULL, remaining_flat_rate_bp = NULL WHERE id = ?",
      ).run(ids.justification)
      // An indirect flat rate not in the regulation.
      ids.kind = projects[2]
      db.prepare("UPDATE projects SET indirect_flat_rate = 'art99', indirect_rate_bp = 500 WHERE id = ?").run(ids.kind)
      // A public-procurement flag that is not a flag.
      ids.procurement = one('SELECT id FROM budget_lines ORDER BY id LIMIT 1')
      db.prepare('UPDATE budget_lines SET public_procurement = 7 WHERE id = ?').run(ids.procurement)
      // A breakdown whose age brackets do not add up to the value (the genders do).
      ids.breakdown = one('SELECT id FROM indicator_measurements ORDER BY id LIMIT 1')
      db.prepare(
        `UPDATE indicator_measurements SET value = 10, age_under_18 = 1, age_18_60 = 2, age_over_60 = 3,
           gender_female = 5, gender_male = 5, gender_non_binary = 0, gender_unknown = 0 WHERE id = ?`,
      ).run(ids.breakdown)
      // A breakdown recorded in part only.
      ids.partial = one('SELECT id FROM indicator_measurements ORDER BY id LIMIT 1 OFFSET 1')
      db.prepare('UPDATE indicator_measurements SET age_under_18 = -4 WHERE id = ?').run(ids.partial)
      // Wording columns: an objective's source far too long, an organisation's Dutch name likewise.
      ids.objective = one("SELECT id FROM specific_objectives WHERE code = 'SO1'")
      db.prepare('UPDATE specific_objectives SET source_nl = ? WHERE id = ?').run('x'.repeat(10_000), ids.objective)
      ids.organisation = one('SELECT id FROM organisations ORDER BY id LIMIT 1')
      db.prepare('UPDATE organisations SET name_nl = ? WHERE id = ?').run('N'.repeat(5_000), ids.organisation)
      ids.person = one('SELECT id FROM indicators ORDER BY id LIMIT 1')
      db.prepare('UPDATE indicators SET about_persons = 2 WHERE id = ?').run(ids.person)
    })
    const before = dumpTables(minePath)

    const preview = await previewMerge(mine.file(), theirsPath)
    const reasons = Object.fromEntries(preview.refused.filter((r) => r.reason === 'invalid_value').map((r) => [r.id, [r.table, r.field, r.message]]))
    expect(reasons).toEqual({
      [ids.ceiling]: ['projects', 'indirectRateBp', 'flatRateCeiling.art54a'],
      [ids.justification]: ['projects', 'indirectJustification', 'flatRateJustification'],
      [ids.kind]: ['projects', 'indirectFlatRate', 'required'],
      [ids.procurement]: ['budget_lines', 'publicProcurement', 'invalid'],
      // The window's field and message for a breakdown that does not add up (refineBreakdown).
      [ids.breakdown]: ['indicator_measurements', 'breakdownAge', 'breakdownAge'],
      [ids.partial]: ['indicator_measurements', camelName('age_under_18'), 'notNegative'],
      [ids.objective]: ['specific_objectives', 'sourceNl', 'tooLong'],
      [ids.organisation]: ['organisations', 'nameNl', 'tooLong'],
      [ids.person]: ['indicators', 'aboutPersons', 'invalid'],
    })

    const result = await applyMerge(mine.writableFile(), theirsPath, OPTIONS)
    expect(result.refused.map((r) => r.id).sort()).toEqual(preview.refused.map((r) => r.id).sort())
    // Whatever else the merge takes, none of the refused records changed in mine.
    const after = dumpTables(minePath)
    for (const table of ['projects', 'budget_lines', 'indicator_measurements', 'specific_objectives', 'organisations', 'indicators']) {
      const refusedIds = new Set(preview.refused.filter((r) => r.table === table).map((r) => r.id))
      const pick = (rows: unknown[]) => (rows as { id: string }[]).filter((r) => refusedIds.has(r.id))
      expect(pick(after[table])).toEqual(pick(before[table]))
    }
  }, 60_000)
})
