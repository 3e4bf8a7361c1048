import path from 'node:path'
import { performance } from 'node:perf_hooks'
import type Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { createAmifFile, openAmifFile } from '../../database/file'
import { newId } from '../../database/ids'
import { applyMerge, previewMerge } from '../../database/merge'
import { asWritable } from '../../database/writable'
import { APP_VERSION, colleagueCopy, OFFICER, tempDir } from '../unit/helpers'

/**
 * A merge at the bench's scale (5,000 organisations, 3,000 projects with their budget, payments,
 * indicator and milestones: about 75,000 records per file), edited on both sides. It must take
 * seconds, not minutes: everything is compared in memory, table by table.
 */

const ORGANISATIONS = 5000
const PROJECTS = 3000

function fill(sqlite: Database.Database): void {
  const at = '2026-01-05T09:00:00.000Z'
  const stamp = [at, at, 'Bench'] as const
  const org = sqlite.prepare(
    `INSERT INTO organisations (id, name, kind, enterprise_number, city, created_at, updated_at, updated_by) VALUES (?, ?, 'ngo', ?, 'Namur', ?, ?, ?)`,
  )
  const contact = sqlite.prepare(`INSERT INTO contacts (id, organisation_id, full_name, created_at, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?)`)
  const project =
    sqlite.prepare(`INSERT INTO projects (id, code, title, beneficiary_id, strand, objective_code, start_date, end_date, status, created_at, updated_at, updated_by)
    VALUES (?, ?, ?, ?, 'reception', 'SO1', '2025-01-01', '2027-12-31', 'running', ?, ?, ?)`)
  const status = sqlite.prepare(
    `INSERT INTO project_status_changes (id, project_id, status, changed_on, created_at, updated_at, updated_by) VALUES (?, ?, ?, '2025-01-01', ?, ?, ?)`,
  )
  const line =
    sqlite.prepare(`INSERT INTO budget_lines (id, project_id, category, cost_model, description, amount_cents, sort_order, created_at, updated_at, updated_by)
    VALUES (?, ?, 'staff', 'actual_costs', ?, ?, ?, ?, ?, ?)`)
  const payment = sqlite.prepare(`INSERT INTO payments (id, project_id, kind, planned_date, planned_rate_bp, status, created_at, updated_at, updated_by)
    VALUES (?, ?, ?, '2026-06-30', 3000, 'planned', ?, ?, ?)`)
  const indicatorId = (sqlite.prepare("SELECT id FROM indicators WHERE objective_code = 'SO1' LIMIT 1").get() as { id: string }).id
  const pi = sqlite.prepare(
    `INSERT INTO project_indicators (id, project_id, indicator_id, target, unit, created_at, updated_at, updated_by) VALUES (?, ?, ?, 100, 'places', ?, ?, ?)`,
  )
  const measure = sqlite.prepare(
    `INSERT INTO indicator_measurements (id, project_indicator_id, measured_on, value, source, created_at, updated_at, updated_by) VALUES (?, ?, '2026-01-01', 10, 'Bench', ?, ?, ?)`,
  )
  const milestone =
    sqlite.prepare(`INSERT INTO milestones (id, project_id, title, objective_code, project_indicator_id, due_date, status, responsible_id, created_at, updated_at, updated_by)
    VALUES (?, ?, ?, 'SO1', ?, '2026-09-30', 'planned', ?, ?, ?, ?)`)
  const audit = sqlite.prepare(
    `INSERT INTO audit_log (id, at, officer_name, entity, record_id, action, after_json) VALUES (?, ?, 'Bench', ?, ?, 'create', '{}')`,
  )
  sqlite.transaction(() => {
    const orgs: string[] = []
    for (let i = 0; i < ORGANISATIONS; i++) {
      const id = newId()
      const base = 4000000 + i * 13
      org.run(id, `Organisation ${i}`, `${String(base).padStart(8, '0')}${String(97 - (base % 97)).padStart(2, '0')}`, ...stamp)
      contact.run(newId(), id, `Contact ${i}`, ...stamp)
      audit.run(newId(), at, 'organisation', id)
      orgs.push(id)
    }
    for (let i = 0; i < PROJECTS; i++) {
      const id = newId()
      project.run(id, `BENCH-${i}`, `Projet ${i}`, orgs[i % orgs.length], ...stamp)
      audit.run(newId(), at, 'project', id)
      for (const s of ['draft', 'submitted', 'selected', 'agreement_signed', 'running']) status.run(newId(), id, s, ...stamp)
      for (let l = 0; l < 4; l++) line.run(newId(), id, `Ligne ${l}`, 100_000 * (l + 1), l, ...stamp)
      for (const k of ['advance', 'interim', 'balance']) payment.run(newId(), id, k, ...stamp)
      const piId = newId()
      pi.run(piId, id, indicatorId, ...stamp)
      measure.run(newId(), piId, ...stamp)
      for (let m = 0; m < 4; m++) milestone.run(newId(), id, `Jalon ${m} du projet ${i}`, m === 0 ? piId : null, orgs[(i + m) % orgs.length], ...stamp)
    }
  })()
}

describe('a merge at bench scale', () => {
  it('of two 3,000-project files edited on both sides takes seconds', async () => {
    const dir = tempDir()
    const minePath = path.join(dir, 'mine.amif')
    const mine = createAmifFile(minePath, { appVersion: APP_VERSION })
    fill(mine.sqlite)
    const theirsPath = colleagueCopy(minePath, path.join(dir, 'colleague.amif'))
    const theirs = openAmifFile(theirsPath)
    const ids = (db: Database.Database, sql: string) => db.prepare(sql).pluck().all() as string[]
    const projects = ids(mine.sqlite, 'SELECT id FROM projects ORDER BY code')
    // Theirs: 500 projects retitled, 200 milestones done, 100 milestones deleted, 300 new organisations.
    theirs.sqlite.transaction(() => {
      const retitle = theirs.sqlite.prepare("UPDATE projects SET title = title || ' (revu)', updated_at = '2026-02-01T00:00:00.000Z' WHERE id = ?")
      for (const id of projects.slice(0, 500)) retitle.run(id)
      theirs.sqlite.exec("UPDATE milestones SET status = 'done', done_date = '2026-02-01' WHERE id IN (SELECT id FROM milestones ORDER BY id LIMIT 200)")
      theirs.sqlite.exec('DELETE FROM milestones WHERE id IN (SELECT id FROM milestones ORDER BY id DESC LIMIT 100)')
      const add = theirs.sqlite.prepare(
        "INSERT INTO organisations (id, name, kind, created_at, updated_at, updated_by) VALUES (?, ?, 'ngo', '2026-02-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z', 'Colleague')",
      )
      for (let i = 0; i < 300; i++) add.run(newId(), `Nouvelle ${i}`)
    })()
    // Mine: 500 other projects re-described, and 20 of theirs retitled differently (conflicts).
    mine.sqlite.transaction(() => {
      const describe = mine.sqlite.prepare("UPDATE projects SET description = 'Ma description' WHERE id = ?")
      for (const id of projects.slice(1000, 1500)) describe.run(id)
      const retitle = mine.sqlite.prepare("UPDATE projects SET title = 'Mon titre' WHERE id = ?")
      for (const id of projects.slice(0, 20)) retitle.run(id)
    })()
    await theirs.close()

    let t = performance.now()
    const preview = await previewMerge(mine, theirsPath)
    const previewMs = performance.now() - t
    expect(preview.added).toHaveLength(300)
    expect(preview.updated).toHaveLength(480 + 200)
    expect(preview.deleted).toHaveLength(100)
    expect(preview.conflicts).toHaveLength(20)

    t = performance.now()
    const result = await applyMerge(asWritable(mine), theirsPath, { officer: OFFICER, resolutions: {}, prefer: 'theirs', backup: true })
    const applyMs = performance.now() - t
    expect(result).toMatchObject({ added: 300, updated: 700, deleted: 100, resolved: 20, conflicts: [] })

    t = performance.now()
    const again = await applyMerge(asWritable(mine), theirsPath, { officer: OFFICER, resolutions: {}, backup: true })
    const againMs = performance.now() - t
    expect(again).toMatchObject({ added: 0, updated: 0, deleted: 0, mergeId: null })
    await mine.close()
    console.log(`merge at bench scale: preview ${Math.round(previewMs)} ms, apply ${Math.round(applyMs)} ms (backup included), again ${Math.round(againMs)} ms`)
    // 30 s was measured on a 2-core machine shared with other test runs and builds: room for a busy CI.
    expect(previewMs + applyMs + againMs).toBeLessThan(60_000)
  }, 300_000)
})
