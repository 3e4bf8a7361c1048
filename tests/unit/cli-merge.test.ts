import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { runHere } from './cli-helpers'
import { countRows, dumpTables, expectUntouched, mergePair, MERGE_TODAY as TODAY, milestoneEdit, ok, projectByCode, projectEdit, snapshot } from './helpers'

/** Two files: their side added an organisation and changed a project; a milestone changed on both sides. */
async function filesToMerge() {
  const pair = await mergePair()
  const { mine, theirs } = pair
  const org = await ok(theirs, 'partners.create', { values: { name: 'ASBL du collègue', kind: 'ngo' } })
  const rv2 = await projectByCode(theirs, 'AMIF-2024-RV-02')
  await ok(theirs, 'projects.update', { id: rv2.id, values: projectEdit(rv2, { title: 'Titre du collègue' }) })
  const p = await projectByCode(mine, 'AMIF-2024-RV-01')
  const m = p.milestones[1]
  await ok(mine, 'milestones.save', { projectId: p.id, id: m.id, values: milestoneEdit(m, { title: 'Mon titre' }), today: TODAY })
  await ok(theirs, 'milestones.save', { projectId: p.id, id: m.id, values: milestoneEdit(m, { title: 'Leur titre' }), today: TODAY })
  await mine.close()
  await theirs.close()
  return { ...pair, org, milestoneKey: `milestones:${m.id}`, milestoneId: m.id }
}

// The same as separate processes: tests/slow/cli-process.test.ts.
describe('merge on the command line, in process', () => {
  it('--dry-run reports what a merge would do and writes nothing, to either file', async () => {
    const { minePath, theirsPath, org, milestoneKey } = await filesToMerge()
    const mineBefore = snapshot(minePath)
    const theirsBefore = snapshot(theirsPath)
    const run = await runHere(['merge', minePath, theirsPath, '--json', '--dry-run'])
    expect(run.code).toBe(0)
    const report = JSON.parse(run.stdout)
    expect(report).toMatchObject({
      ok: true,
      dryRun: true,
      sameIdentity: false,
      added: 1,
      updated: 1,
      deleted: 0,
      resolved: 0,
      backupPath: null,
      mergeId: null,
    })
    expect(report.conflicts).toHaveLength(1)
    expect(report.conflicts[0]).toMatchObject({
      key: milestoneKey,
      kind: 'edit_edit',
      mine: { title: 'Mon titre' },
      theirs: { title: 'Leur titre' },
      canTakeTheirs: true,
    })
    expect(run.stdout).not.toContain(org.id) // a dry run lists counts and conflicts, not every change
    expectUntouched(minePath, mineBefore)
    expectUntouched(theirsPath, theirsBefore)
  })

  it('applies what does not conflict, and the conflicts too with --prefer, stamped with --officer', async () => {
    const { minePath, theirsPath, milestoneId } = await filesToMerge()
    const theirsBefore = snapshot(theirsPath)
    const run = await runHere(['merge', minePath, theirsPath, '--json', '--prefer', 'theirs', '--officer', 'Support IT'])
    expect(run.code).toBe(0)
    const report = JSON.parse(run.stdout)
    expect(report).toMatchObject({ ok: true, dryRun: false, added: 1, updated: 2, deleted: 0, resolved: 1, conflicts: [] })
    expect(fs.existsSync(report.backupPath)).toBe(true)
    expect(report.mergeId).toMatch(/^[0-9a-f-]{36}$/)
    const milestones = dumpTables(minePath, ['milestones']).milestones.map((r) => JSON.parse(r as string))
    expect(milestones.find((r) => r.id === milestoneId).title).toBe('Leur titre')
    const officers = dumpTables(minePath, ['audit_log'])
      .audit_log.map((r) => JSON.parse(r as string))
      .filter((r) => r.action === 'import')
      .map((r) => r.officer_name)
    expect(new Set(officers)).toEqual(new Set(['Support IT']))
    expectUntouched(theirsPath, theirsBefore)
  })

  it('without --prefer leaves conflicts as they are on my side and reports them; a second run changes nothing', async () => {
    const { minePath, theirsPath, milestoneKey } = await filesToMerge()
    const first = await runHere(['merge', minePath, theirsPath, '--json'])
    expect(first.code).toBe(0)
    const report = JSON.parse(first.stdout)
    expect(report).toMatchObject({ added: 1, updated: 1, deleted: 0, resolved: 0 })
    expect(report.conflicts.map((c: { key: string }) => c.key)).toEqual([milestoneKey])
    const after = dumpTables(minePath)
    const second = await runHere(['merge', minePath, theirsPath, '--json'])
    expect(JSON.parse(second.stdout)).toMatchObject({ added: 0, updated: 0, deleted: 0, mergeId: null, backupPath: null })
    expect(dumpTables(minePath)).toEqual(after)
  })

  it('prints a summary without --json, stamped with $AMIF_OFFICER', async () => {
    const { minePath, theirsPath } = await filesToMerge()
    const previous = process.env.AMIF_OFFICER
    process.env.AMIF_OFFICER = 'Officier par variable'
    try {
      const run = await runHere(['merge', minePath, theirsPath])
      expect(run.code).toBe(0)
      expect(run.stdout).toMatch(/^Added 1, updated 1, deleted 0; 0 conflicts resolved, 1 left; backup: .*mine\.before-merge-/)
      expect(run.stdout).toMatch(/\nedit_edit\tmilestone\tAMIF-2024-RV-01\tMon titre\tChanged in both files/)
    } finally {
      if (previous === undefined) delete process.env.AMIF_OFFICER
      else process.env.AMIF_OFFICER = previous
    }
    const officers = dumpTables(minePath, ['audit_log'])
      .audit_log.map((r) => JSON.parse(r as string))
      .filter((r) => r.action === 'import')
      .map((r) => r.officer_name)
    expect(new Set(officers)).toEqual(new Set(['Officier par variable']))
  })

  it('refuses usage errors with exit 1 and refused files with exit 2, changing nothing', async () => {
    const { minePath, theirsPath, dir } = await filesToMerge()
    const before = snapshot(minePath)
    for (const args of [
      ['merge', minePath],
      ['merge', minePath, theirsPath, 'extra.amif'],
      ['merge', minePath, theirsPath, '--prefer', 'both'],
      ['merge', minePath, theirsPath, '--today', '2026-01-01'],
      ['check', minePath, '--dry-run'],
      ['summary', minePath, theirsPath],
    ]) {
      const run = await runHere(args)
      expect(run.code, args.join(' ')).toBe(1)
      expect(run.stderr).toContain('Usage:')
    }
    const same = await runHere(['merge', minePath, minePath, '--json'])
    expect(same.code).toBe(2)
    expect(JSON.parse(same.stdout)).toMatchObject({ ok: false, code: 'SAME_FILE' })
    const missing = await runHere(['merge', minePath, path.join(dir, 'missing.amif'), '--json'])
    expect(missing.code).toBe(2)
    expect(JSON.parse(missing.stdout)).toMatchObject({ ok: false, code: 'FILE_NOT_FOUND' })
    expectUntouched(minePath, before)
  })

  it('lists merge in --help', async () => {
    const run = await runHere(['--help'])
    expect(run.stdout).toMatch(/merge <into> <from> \[--json\] \[--prefer mine\|theirs\] \[--dry-run\]/)
  })

  it('counts what it copies: their audit rows come along', async () => {
    const { minePath, theirsPath } = await filesToMerge()
    const theirAudit = countRows(theirsPath, 'audit_log')
    await runHere(['merge', minePath, theirsPath, '--json', '--prefer', 'mine'])
    const imports = dumpTables(minePath, ['audit_log'])
      .audit_log.map((r) => JSON.parse(r as string))
      .filter((r) => r.action === 'import').length
    // Every row of theirs is in mine now, plus mine's own edits and the merge's import rows.
    expect(imports).toBe(2) // the organisation added and the project updated; my milestone kept
    expect(countRows(minePath, 'audit_log')).toBe(theirAudit + 1 + imports)
  })

  it('merging a copy with nothing different exits 0 with zero counts and says so; crafted rows are reported as refused', async () => {
    const { minePath, theirsPath, mine, theirs, dir } = await mergePair()
    await mine.close()
    await theirs.close()
    const copy = path.join(dir, 'copie exacte.amif')
    fs.copyFileSync(minePath, copy)
    const before = dumpTables(minePath)
    const same = await runHere(['merge', minePath, copy, '--json'])
    expect(same.code).toBe(0)
    expect(JSON.parse(same.stdout)).toMatchObject({
      ok: true,
      nothingToMerge: true,
      added: 0,
      updated: 0,
      deleted: 0,
      conflicts: [],
      refused: [],
      mergeId: null,
      message: expect.stringContaining('Nothing to merge'),
    })
    const plain = await runHere(['merge', minePath, copy])
    expect(plain).toMatchObject({ code: 0, stdout: expect.stringContaining('Nothing to merge') })
    expect(dumpTables(minePath)).toEqual(before)

    const db = new Database(theirsPath)
    // Past the table's CHECK, as an attacker would: a negative amount.
    db.pragma('ignore_check_constraints = ON')
    const line = db.prepare('SELECT id FROM budget_lines WHERE amount_cents IS NOT NULL ORDER BY id LIMIT 1').pluck().get() as string
    db.prepare('UPDATE budget_lines SET amount_cents = -150 WHERE id = ?').run(line)
    db.close()
    const run = await runHere(['merge', minePath, theirsPath, '--json', '--prefer', 'theirs'])
    expect(run.code).toBe(0)
    const report = JSON.parse(run.stdout)
    expect(report).toMatchObject({ nothingToMerge: false, message: null, updated: 0, mergeId: null })
    expect(report.refused).toEqual([expect.objectContaining({ table: 'budget_lines', id: line, reason: 'invalid_value', field: 'amountCents' })])
    expect(dumpTables(minePath)).toEqual(before)
  })
})
