import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { keptFiguresDifferences, rebuildProjectFigures } from '../../database/figures'
import { milestoneGramDifferences } from '../../database/milestone-grams'
import { organisationSearchDifferences } from '../../database/organisation-search'
import { applyMerge, previewMerge, type MergeOptions, type MergeResult } from '../../database/merge'
import * as load from '../../database/merge/load'
import * as pages from '../../database/file/page-check'
import { FULL_CHECK_MAX_BYTES } from '../../database/file'
import { dumpTables, mergePair, newProjectValues, OFFICER, ok, organisationByAcronym, testWorkspace, MERGE_TODAY as TODAY } from './helpers'

/**
 * Issue 13 §3: a merge reads only the records that differ between the two files (and what the
 * plan consults around them), as the preview does, and computes again only the kept figures of the
 * projects it touches. What it writes must be what the merge that read both files whole and rebuilt
 * every project's figures wrote: compared here, record for record, after random edits on both sides.
 */

/** A small seeded generator (mulberry32): the same edits at every run. */
function random(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * Random edits written with plain SQL (the triggers count them in the records' vectors, as for
 * any edit), then the kept figures built again as the app keeps them: projects' titles and codes,
 * milestones' titles, status and dates, new and deleted milestones, budget amounts, payments,
 * organisations' acronyms, names, cities and archiving, new and deleted organisations, deleted projects.
 */
function editAtRandom(filePath: string, rnd: () => number, side: string, edits: number): void {
  const db = new Database(filePath, { fileMustExist: true })
  try {
    db.pragma('foreign_keys = ON')
    const ids = (sql: string) => db.prepare(sql).pluck().all() as string[]
    const pick = (list: string[]) => list[Math.floor(rnd() * list.length)]
    /** Inserts a copy of a record under a new id, with some of its columns set (the triggers count the creation). */
    const copyOf = (table: string, id: string, set: Record<string, unknown>) => {
      const cols = (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name).filter((c) => c !== 'id' && c !== 'sync_vv')
      const kept = cols.filter((c) => !(c in set))
      // A UUID of the seeded generator: the same edits at every run.
      const newId = 'xxxxxxxx-xxxx-4xxx-8xxx-xxxxxxxxxxxx'.replace(/x/g, () => Math.floor(rnd() * 16).toString(16))
      db.prepare(
        `INSERT INTO ${table} (id, ${[...Object.keys(set), ...kept].join(', ')}) SELECT ?, ${[...Object.keys(set).map(() => '?'), ...kept].join(', ')} FROM ${table} WHERE id = ?`,
      ).run(newId, ...Object.values(set), id)
    }
    db.transaction(() => {
      for (let i = 0; i < edits; i++) {
        const kind = Math.floor(rnd() * 15)
        if (kind === 0) db.prepare(`UPDATE projects SET title = title || ' (${side})' WHERE id = ?`).run(pick(ids('SELECT id FROM projects ORDER BY id')))
        else if (kind === 1) {
          const open = ids("SELECT id FROM milestones WHERE status IN ('planned', 'in_progress') ORDER BY id")
          if (open.length > 0)
            db.prepare("UPDATE milestones SET status = CASE status WHEN 'planned' THEN 'in_progress' ELSE 'planned' END WHERE id = ?").run(pick(open))
        } else if (kind === 2)
          db.prepare("UPDATE milestones SET due_date = date(due_date, '+7 days') WHERE id = ?").run(pick(ids('SELECT id FROM milestones ORDER BY id')))
        else if (kind === 3) {
          const all = ids('SELECT id FROM milestones ORDER BY id')
          if (all.length > 0) db.prepare('DELETE FROM milestones WHERE id = ?').run(pick(all))
        } else if (kind === 4) {
          const lines = ids('SELECT id FROM budget_lines WHERE amount_cents IS NOT NULL ORDER BY id')
          if (lines.length > 0) db.prepare('UPDATE budget_lines SET amount_cents = amount_cents + 100000 WHERE id = ?').run(pick(lines))
        } else if (kind === 5) {
          const planned = ids("SELECT id FROM payments WHERE status = 'planned' AND planned_cents IS NOT NULL ORDER BY id")
          if (planned.length > 0)
            db.prepare("UPDATE payments SET planned_date = date(planned_date, '+30 days') WHERE id = ? AND planned_date IS NOT NULL").run(pick(planned))
        } else if (kind === 6) {
          db.prepare(`UPDATE organisations SET acronym = substr(coalesce(acronym, 'ORG') || '${side.slice(0, 1)}', 1, 20) WHERE id = ?`).run(
            pick(ids('SELECT id FROM organisations ORDER BY id')),
          )
        } else if (kind === 7) {
          // A project other records still use (a document, a claim) cannot go: another edit then.
          try {
            db.prepare('DELETE FROM projects WHERE id = ?').run(pick(ids('SELECT id FROM projects ORDER BY id')))
          } catch {
            // kept
          }
        } else if (kind === 8) {
          const all = ids('SELECT id FROM milestones ORDER BY id')
          if (all.length > 0) db.prepare(`UPDATE milestones SET title = 'Révisé ${side} ' || title WHERE id = ?`).run(pick(all))
        } else if (kind === 9) {
          db.prepare(`UPDATE projects SET code = code || '-${side.slice(0, 1).toUpperCase()}' WHERE id = ?`).run(
            pick(ids('SELECT id FROM projects ORDER BY id')),
          )
        } else if (kind === 10) {
          const city = side === 'leur' ? 'Liège' : 'Gent'
          db.prepare(`UPDATE organisations SET name = name || ' ${side}', city = ? WHERE id = ?`).run(
            city,
            pick(ids('SELECT id FROM organisations ORDER BY id')),
          )
        } else if (kind === 11) {
          db.prepare('UPDATE organisations SET archived = 1 - archived WHERE id = ?').run(pick(ids('SELECT id FROM organisations ORDER BY id')))
        } else if (kind === 12) {
          const all = ids('SELECT id FROM milestones ORDER BY id')
          if (all.length > 0) copyOf('milestones', pick(all), { title: `Étape ajoutée ${side} ${i}`, due_date: `2026-0${1 + Math.floor(rnd() * 9)}-15` })
        } else if (kind === 13) {
          copyOf('organisations', pick(ids('SELECT id FROM organisations ORDER BY id')), { name: `Œuvre nouvelle ${side} ${i}`, enterprise_number: null })
        } else {
          // An organisation no record uses (one added here, most often) can go.
          try {
            db.prepare('DELETE FROM organisations WHERE id = ?').run(pick(ids('SELECT id FROM organisations ORDER BY id')))
          } catch {
            // kept
          }
        }
      }
      rebuildProjectFigures(db)
    })()
  } finally {
    db.close()
  }
}

/** A file's records, the merge's own random ids (its audit rows, its record) and backup path left out. */
function contents(filePath: string): Record<string, unknown[]> {
  const dump = dumpTables(filePath)
  const plain = (table: string, drop: (row: Record<string, unknown>) => string[]) =>
    (dump[table] as string[])
      .map((json) => {
        const row = JSON.parse(json) as Record<string, unknown>
        for (const column of drop(row)) delete row[column]
        return JSON.stringify(row)
      })
      .sort()
  return {
    ...dump,
    audit_log: plain('audit_log', (r) => (r.action === 'import' ? ['id'] : [])),
    sync_merges: plain('sync_merges', () => ['id', 'backup_path']),
  }
}

/** What `check` would report of a file's kept figures and short searches (nothing when they are what a rebuild makes). */
function keptDifferences(filePath: string) {
  const db = new Database(filePath, { readonly: true, fileMustExist: true })
  try {
    return { figures: keptFiguresDifferences(db), grams: milestoneGramDifferences(db), organisations: organisationSearchDifferences(db) }
  } finally {
    db.close()
  }
}

function comparable(result: MergeResult): unknown {
  const { backupPath, mergeId, ...rest } = result
  return { ...rest, backupPath: backupPath === null ? null : path.basename(backupPath), mergeId: mergeId === null ? null : 'written' } as never
}

afterEach(() => {
  vi.useRealTimers()
  vi.restoreAllMocks()
})

describe('a merge that reads only what differs', () => {
  for (const [seed, prefer] of [
    [1, undefined],
    [2, 'theirs'],
    [3, 'mine'],
    [4, 'theirs'],
  ] as const) {
    it(`writes what the merge of both files read whole wrote (random edits ${seed}, ${prefer ?? 'conflicts left open'})`, async () => {
      const { mine, theirs, minePath, theirsPath, dir } = await mergePair()
      const rnd = random(seed)
      // The same project code created on both sides: a unique-value conflict among the others.
      for (const ws of [mine, theirs]) {
        const caritas = await organisationByAcronym(ws, 'Caritas')
        const p = await ok(ws, 'projects.create', { values: newProjectValues(caritas.id, 'AMIF-2026-RS-99'), today: TODAY })
        await ok(ws, 'milestones.save', {
          projectId: p.id,
          values: { title: `Lancement ${ws === mine ? 'mien' : 'leur'}`, dueDate: '2026-05-01', status: 'planned' },
        })
      }
      await theirs.close()
      await mine.close()
      editAtRandom(theirsPath, rnd, 'leur', 25)
      editAtRandom(minePath, rnd, 'mien', 25)
      // The same file twice, in folders of their own (each merge puts its backup beside its file).
      const twinPath = path.join(dir, 'twin', 'mine.amif')
      fs.mkdirSync(path.dirname(twinPath), { recursive: true })
      fs.copyFileSync(minePath, twinPath)
      const twin = testWorkspace({ dir: path.join(dir, 'twin-ws') }).ws
      await mine.open(minePath)
      await twin.open(twinPath)

      const options: MergeOptions = { officer: OFFICER, resolutions: {}, prefer, backup: true }
      const preview = await previewMerge(mine.file(), theirsPath)
      expect(preview.updated.length + preview.added.length + preview.deleted.length + preview.conflicts.length).toBeGreaterThan(0)
      // One instant for both merges: their audit rows and history rows are stamped with it.
      vi.useFakeTimers({ toFake: ['Date'] })
      vi.setSystemTime(new Date(`${TODAY}T10:00:00.000Z`))
      const whole = vi.spyOn(load, 'loadSide')
      const inPart = await applyMerge(mine.writableFile(), theirsPath, options)
      expect(whole).not.toHaveBeenCalled()
      const readWhole = await applyMerge(twin.writableFile(), theirsPath, { ...options, readWhole: true })
      expect(whole).toHaveBeenCalledTimes(2)

      expect(comparable(inPart)).toEqual(comparable(readWhole))
      expect(inPart.mergeId).not.toBeNull()
      await mine.close()
      await twin.close()
      // The short searches' rows kept by the merge for what it touched are what a rebuild makes (as the twin's are).
      expect(keptDifferences(minePath)).toEqual({ figures: [], grams: [], organisations: [] })
      expect(contents(minePath)).toEqual(contents(twinPath))
    })
  }
})

/** Their file with history rows added until it is larger than the size up to which opening runs the full check. */
function enlarged(filePath: string): string {
  const db = new Database(filePath)
  try {
    const insert = db.prepare(
      "INSERT INTO audit_log (id, at, officer_name, officer_email, entity, record_id, parent_id, action, before_json, after_json) VALUES (?, '2026-01-01T00:00:00.000Z', 'Collègue', NULL, 'organisation', ?, NULL, 'update', NULL, ?)",
    )
    db.transaction(() => {
      for (let i = 0; i < Math.ceil((FULL_CHECK_MAX_BYTES * 1.2) / 2000); i++) insert.run(`pad-${i}`, `rec-${i}`, JSON.stringify({ notes: 'x'.repeat(1900) }))
    })()
  } finally {
    db.close()
  }
  expect(fs.statSync(filePath).size).toBeGreaterThan(FULL_CHECK_MAX_BYTES)
  return filePath
}

describe('the full check of a large colleague’s file before a merge', () => {
  it('runs once: the preview starts it and goes on its quick part, the merge waits for the rest', async () => {
    const { mine, theirs, theirsPath } = await mergePair()
    const caritas = await organisationByAcronym(theirs, 'Caritas')
    await ok(theirs, 'projects.create', { values: newProjectValues(caritas.id, 'AMIF-2026-RS-42'), today: TODAY })
    await theirs.close()
    enlarged(theirsPath)
    const checks = vi.spyOn(pages, 'checkPages')
    const preview = await previewMerge(mine.file(), theirsPath)
    expect(preview.added.map((c) => c.entity)).toContain('project')
    const result = await applyMerge(mine.writableFile(), theirsPath, { officer: OFFICER, resolutions: {}, backup: false })
    expect(result.added).toBe(preview.added.length)
    expect(checks.mock.calls.map((c) => c[1])).toEqual(['full'])
  })

  it('plans again when my file changed after the preview: what I did meanwhile is seen', async () => {
    const { mine, theirs, theirsPath } = await mergePair()
    const caritas = await organisationByAcronym(theirs, 'Caritas')
    await ok(theirs, 'projects.create', { values: newProjectValues(caritas.id, 'AMIF-2026-RS-43'), today: TODAY })
    await theirs.close()
    enlarged(theirsPath)
    const preview = await previewMerge(mine.file(), theirsPath)
    expect(preview.conflicts).toEqual([])
    // Meanwhile I create a project with the same code: their project now clashes with mine.
    await ok(mine, 'projects.create', { values: newProjectValues(caritas.id, 'AMIF-2026-RS-43'), today: TODAY })
    const result = await applyMerge(mine.writableFile(), theirsPath, { officer: OFFICER, resolutions: {}, backup: false })
    expect(result.conflicts.map((c) => [c.kind, c.projectCode])).toEqual([['unique', 'AMIF-2026-RS-43']])
  })

  it('refuses to merge a file whose index no longer matches its table (CORRUPT), which the preview’s quick check cannot see; mine stays as it was', async () => {
    const { mine, theirs, minePath, theirsPath } = await mergePair()
    await theirs.close()
    enlarged(theirsPath)
    // Their index of organisations by name says another name than the table (as makeCorruptFile does).
    const bytes = fs.readFileSync(theirsPath)
    const probe = new Database(theirsPath, { readonly: true })
    const { rootpage } = probe.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'organisations_name'").get() as { rootpage: number }
    const pageSize = probe.pragma('page_size', { simple: true }) as number
    probe.close()
    const page = bytes.subarray((rootpage - 1) * pageSize, rootpage * pageSize)
    const at = page.indexOf(Buffer.from('Caritas International', 'utf8'))
    expect(at).toBeGreaterThan(0)
    Buffer.from('A', 'utf8').copy(page, at)
    fs.writeFileSync(theirsPath, bytes)

    await previewMerge(mine.file(), theirsPath)
    const before = dumpTables(minePath)
    await expect(applyMerge(mine.writableFile(), theirsPath, { officer: OFFICER, resolutions: {}, backup: true })).rejects.toMatchObject({ code: 'CORRUPT' })
    expect(dumpTables(minePath)).toEqual(before)
    expect(fs.readdirSync(path.dirname(minePath)).filter((n) => n.includes('before-merge'))).toEqual([])
  })
})
