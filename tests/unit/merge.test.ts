import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { openAmifFile } from '../../database/file'
import { LATEST_VERSION } from '../../database/migrations'
import { sha256Hex } from '../../database/file/pdf-files'
import { applyMerge, previewMerge, type MergeOptions } from '../../database/merge'
import { parseVv, vvText } from '../../database/merge/vv'
import {
  addDraftProject,
  BAD_FILES,
  COLLEAGUE,
  countRows,
  dumpTables,
  expectUntouched,
  makeAmifFile,
  makeFileAtVersion,
  mergePair,
  MERGE_TODAY as TODAY,
  milestoneEdit,
  newProjectValues,
  OFFICER,
  ok,
  organisationByAcronym,
  projectByCode,
  projectEdit,
  snapshot,
  syncedTables,
  tempDir,
  testWorkspace,
} from './helpers'

const OPTIONS: MergeOptions = { officer: OFFICER, resolutions: {}, backup: true }
/** An instant on TODAY as the app writes one (the tables check the format). */
const AT = `${TODAY}T09:30:00.000Z`

/** Rows of `table` as they are in a file, by id. */
function rowsById(filePath: string, table: string): Map<string, Record<string, unknown>> {
  const db = new Database(filePath, { readonly: true, fileMustExist: true })
  try {
    return new Map((db.prepare(`SELECT * FROM ${table}`).all() as Record<string, unknown>[]).map((r) => [r.id as string, r]))
  } finally {
    db.close()
  }
}

function tombstones(filePath: string): Map<string, string> {
  const db = new Database(filePath, { readonly: true, fileMustExist: true })
  try {
    const rows = db.prepare('SELECT table_name, record_id, sync_vv FROM sync_tombstones').all() as { table_name: string; record_id: string; sync_vv: string }[]
    return new Map(rows.map((r) => [`${r.table_name}:${r.record_id}`, vvText(parseVv(r.sync_vv))]))
  } finally {
    db.close()
  }
}

describe('merging a colleague’s file', () => {
  it('adds a new organisation, a new project that uses it and its milestones in one go, audits each record, keeps a backup and leaves their file byte-identical', async () => {
    const { mine, theirs, minePath, theirsPath, dir } = await mergePair()
    const org = await ok(theirs, 'partners.create', { values: { name: 'Maison des réfugiés de Mons', acronym: 'MRM', kind: 'ngo', city: 'Mons' } })
    const p = await ok(theirs, 'projects.create', { values: newProjectValues(org.id, 'AMIF-2026-RS-07'), today: TODAY })
    await ok(theirs, 'milestones.save', {
      projectId: p.id,
      values: { title: 'Accueil des dix premières familles', dueDate: '2026-04-30', status: 'planned', responsibleId: org.id },
    })
    await ok(theirs, 'milestones.save', { projectId: p.id, values: { title: 'Bilan à six mois', dueDate: '2026-07-31', status: 'planned' } })
    await ok(theirs, 'budget.saveLine', {
      projectId: p.id,
      values: { category: 'staff', costModel: 'actual_costs', description: 'Travailleurs sociaux', amountCents: 12_000_000 },
    })
    await theirs.close()
    const theirsBefore = snapshot(theirsPath)
    const mineBefore = dumpTables(minePath)
    const newAudit = countRows(theirsPath, 'audit_log') - countRows(minePath, 'audit_log')

    const preview = await previewMerge(mine.file(), theirsPath)
    expect(dumpTables(minePath)).toEqual(mineBefore) // a preview writes nothing
    expect(preview).toMatchObject({ sameIdentity: false, vectorsTrusted: true, lastMerge: null, updated: [], deleted: [], conflicts: [] })
    expect(preview.theirs).toMatchObject({ name: 'theirs.amif', officerHint: COLLEAGUE.name, schemaVersion: LATEST_VERSION })
    expect(preview.appendOnly).toEqual({ auditEntries: newAudit, handovers: 0, merges: 0 })
    const entities = preview.added.map((c) => c.entity).sort()
    expect(entities).toEqual(['budget_line', 'milestone', 'milestone', 'organisation', 'project', 'project_status_change', 'project_target_group'])
    expect(preview.added.find((c) => c.entity === 'organisation')).toMatchObject({
      key: `organisations:${org.id}`,
      label: 'Maison des réfugiés de Mons (MRM)',
      projectCode: null,
    })
    expect(preview.added.find((c) => c.entity === 'project')).toMatchObject({
      label: 'AMIF-2026-RS-07 Accompagnement des familles réinstallées',
      projectCode: 'AMIF-2026-RS-07',
    })
    expect(
      preview.added
        .filter((c) => c.entity === 'milestone')
        .map((c) => [c.label, c.projectCode])
        .sort(),
    ).toEqual([
      ['Accueil des dix premières familles', 'AMIF-2026-RS-07'],
      ['Bilan à six mois', 'AMIF-2026-RS-07'],
    ])

    const result = await applyMerge(mine.writableFile(), theirsPath, OPTIONS)
    expect(result).toMatchObject({ added: 7, updated: 0, deleted: 0, conflicts: [], resolved: 0, sameIdentity: false, dryRun: false })
    const merged = await ok(mine, 'projects.get', { id: p.id, today: TODAY })
    expect(merged).toMatchObject({ code: 'AMIF-2026-RS-07', beneficiaryAcronym: 'MRM', status: 'draft' })
    expect(merged.milestones.map((m) => m.title).sort()).toEqual(['Accueil des dix premières familles', 'Bilan à six mois'])
    expect(merged.budget.eligibleCents).toBe(12_000_000)
    // Their records come with their vectors, unchanged by my triggers.
    expect(rowsById(minePath, 'projects').get(p.id)!.sync_vv).toBe(rowsById(theirsPath, 'projects').get(p.id)!.sync_vv)

    // One 'import' row per record, stamped with the officer who merged, camelCase and without the vector.
    const db = mine.file().sqlite
    const imports = db.prepare("SELECT * FROM audit_log WHERE action = 'import'").all() as Record<string, string | null>[]
    expect(imports).toHaveLength(7)
    expect(new Set(imports.map((r) => r.officer_name))).toEqual(new Set([OFFICER.name]))
    const projectImport = imports.find((r) => r.record_id === p.id)!
    expect(projectImport).toMatchObject({ entity: 'project', before_json: null })
    expect(JSON.parse(projectImport.after_json!)).toMatchObject({ id: p.id, code: 'AMIF-2026-RS-07', beneficiaryId: org.id })
    expect(projectImport.after_json).not.toContain('syncVv')
    expect(imports.find((r) => r.entity === 'milestone')!.parent_id).toBe(p.id)
    // Their history comes along too, as it was.
    expect(countRows(minePath, 'audit_log')).toBe(countRows(theirsPath, 'audit_log') + 7)
    const merge = db.prepare('SELECT * FROM sync_merges').get() as Record<string, unknown>
    expect(merge).toMatchObject({
      id: result.mergeId,
      officer_name: OFFICER.name,
      from_name: 'theirs.amif',
      added: 7,
      updated: 0,
      deleted: 0,
      conflicts: 0,
      resolutions_json: '{}',
      backup_path: result.backupPath,
    })

    // Their file is only read; the backup is mine as it was, and opens.
    expectUntouched(theirsPath, theirsBefore)
    expect(path.dirname(result.backupPath!)).toBe(dir)
    expect(path.basename(result.backupPath!)).toMatch(/^mine\.before-merge-\d{8}-\d{6}\.amif$/)
    const backup = openAmifFile(result.backupPath!, { readOnly: true })
    await backup.close()
    expect(dumpTables(result.backupPath!)).toEqual(mineBefore)
  })

  it('takes an edit made only in their file, and leaves one made only in mine', async () => {
    const { mine, theirs, theirsPath } = await mergePair()
    const theirProject = await projectByCode(theirs, 'AMIF-2024-RV-01')
    await ok(theirs, 'projects.update', { id: theirProject.id, values: projectEdit(theirProject, { title: 'Réintégration durable (OIM), phase 2' }) })
    const m = theirProject.milestones.find((x) => x.status === 'in_progress')!
    await ok(theirs, 'milestones.save', {
      projectId: theirProject.id,
      id: m.id,
      values: milestoneEdit(m, { status: 'done', doneDate: '2026-03-01', evidence: 'Rapport reçu' }),
      today: TODAY,
    })
    const rkv = await organisationByAcronym(theirs, 'RKV')
    await ok(theirs, 'partners.setArchived', { id: rkv.id, archived: true })
    const myProject = await projectByCode(mine, 'AMIF-2023-AC-01')
    const line = myProject.budget.lines[0]
    await ok(mine, 'budget.saveLine', {
      projectId: myProject.id,
      id: line.id,
      values: {
        category: line.category,
        costModel: line.costModel,
        description: 'Personnel (revu)',
        amountCents: line.amountCents,
        units: line.units,
        unitCostCents: line.unitCostCents,
      },
    })
    await theirs.close()

    const preview = await previewMerge(mine.file(), theirsPath)
    expect(preview.conflicts).toEqual([])
    expect(preview.added).toEqual([])
    const updated = new Map(preview.updated.map((c) => [c.key, c]))
    expect(updated.get(`projects:${theirProject.id}`)!.fields).toEqual(expect.arrayContaining(['title', 'updatedAt', 'updatedBy']))
    expect(updated.get(`milestones:${m.id}`)).toMatchObject({
      projectCode: 'AMIF-2024-RV-01',
      fields: expect.arrayContaining(['status', 'doneDate', 'evidence']),
    })
    expect(updated.get(`organisations:${rkv.id}`)).toMatchObject({ label: 'Rode Kruis Vlaanderen (RKV)', fields: ['archived', 'updatedAt', 'updatedBy'] })
    expect(updated.has(`budget_lines:${line.id}`)).toBe(false)

    const result = await applyMerge(mine.writableFile(), theirsPath, OPTIONS)
    expect(result).toMatchObject({ updated: preview.updated.length, added: 0, deleted: 0, conflicts: [] })
    const after = await projectByCode(mine, 'AMIF-2024-RV-01')
    expect(after.title).toBe('Réintégration durable (OIM), phase 2')
    expect(after.milestones.find((x) => x.id === m.id)).toMatchObject({ status: 'done', evidence: 'Rapport reçu' })
    expect((await projectByCode(mine, 'AMIF-2023-AC-01')).budget.lines[0].description).toBe('Personnel (revu)')
  })

  it('deletes what they deleted, with the records that belonged to it, and keeps their tombstones', async () => {
    const { mine, theirs, minePath, theirsPath } = await mergePair(addDraftProject)
    const draft = await projectByCode(theirs, 'AMIF-2026-TS-01')
    const other = await projectByCode(theirs, 'AMIF-2024-RV-02')
    const gone = other.milestones[0]
    await ok(theirs, 'milestones.delete', { id: gone.id })
    await ok(theirs, 'projects.delete', { id: draft.id })
    await theirs.close()

    const preview = await previewMerge(mine.file(), theirsPath)
    expect(preview.conflicts).toEqual([])
    const deleted = preview.deleted.map((c) => `${c.entity}:${c.projectCode}`).sort()
    expect(deleted).toEqual(
      [
        'budget_line:AMIF-2026-TS-01',
        'milestone:AMIF-2024-RV-02',
        'milestone:AMIF-2026-TS-01',
        'milestone:AMIF-2026-TS-01',
        'project:AMIF-2026-TS-01',
        'project_status_change:AMIF-2026-TS-01',
        'project_target_group:AMIF-2026-TS-01',
      ].sort(),
    )
    const result = await applyMerge(mine.writableFile(), theirsPath, OPTIONS)
    expect(result).toMatchObject({ deleted: 7, added: 0, updated: 0 })
    expect((await ok(mine, 'projects.list', { today: TODAY })).rows.map((r) => r.code)).not.toContain('AMIF-2026-TS-01')
    expect((await projectByCode(mine, 'AMIF-2024-RV-02')).milestones.map((x) => x.id)).not.toContain(gone.id)
    // The deletions are mine now as they were theirs: same tombstones, same vectors.
    const mineTombs = tombstones(minePath)
    for (const [key, vv] of tombstones(theirsPath)) expect(mineTombs.get(key), key).toBe(vv)
    const deletes = mine.file().sqlite.prepare("SELECT entity FROM audit_log WHERE action = 'import' AND after_json IS NULL").pluck().all()
    expect(deletes).toHaveLength(7)
  })

  it('changes nothing when the same file is merged a second time (every table compared)', async () => {
    const { mine, theirs, minePath, theirsPath, dir } = await mergePair(addDraftProject)
    const rv1 = await projectByCode(theirs, 'AMIF-2024-RV-01')
    await ok(theirs, 'projects.update', { id: rv1.id, values: projectEdit(rv1, { title: 'Titre changé chez le collègue' }) })
    await ok(theirs, 'projects.delete', { id: (await projectByCode(theirs, 'AMIF-2026-TS-01')).id })
    await ok(theirs, 'partners.create', { values: { name: 'Nouvelle ASBL', kind: 'ngo' } })
    // A conflict left unresolved.
    const ac1 = await projectByCode(theirs, 'AMIF-2023-AC-01')
    await ok(theirs, 'projects.update', { id: ac1.id, values: projectEdit(ac1, { description: 'Version du collègue' }) })
    const ac1Mine = await projectByCode(mine, 'AMIF-2023-AC-01')
    await ok(mine, 'projects.update', { id: ac1Mine.id, values: projectEdit(ac1Mine, { description: 'Ma version' }) })
    await theirs.close()

    const first = await applyMerge(mine.writableFile(), theirsPath, OPTIONS)
    expect(first.conflicts.map((c) => c.key)).toEqual([`projects:${ac1.id}`])
    const afterFirst = dumpTables(minePath)
    const files = fs.readdirSync(dir).sort()
    const second = await applyMerge(mine.writableFile(), theirsPath, OPTIONS)
    expect(second).toMatchObject({ added: 0, updated: 0, deleted: 0, mergeId: null, backupPath: null })
    expect(second.conflicts.map((c) => c.key)).toEqual([`projects:${ac1.id}`])
    expect(dumpTables(minePath)).toEqual(afterFirst)
    expect(fs.readdirSync(dir).sort()).toEqual(files) // not even a backup
    const preview = await previewMerge(mine.file(), theirsPath)
    expect(preview.lastMerge).toMatchObject({ id: first.mergeId, added: 1, deleted: 6, updated: 1, conflicts: 1 })
    expect([preview.added, preview.updated, preview.deleted]).toEqual([[], [], []])
  })

  it('converges: after merging B into A and A into B, both files hold the same records', async () => {
    const { mine: a, theirs: b, minePath: pathA, theirsPath: pathB } = await mergePair(addDraftProject)
    // Different things on each side, a deletion on each, and one record edited on both.
    const orgA = await ok(a, 'partners.create', { values: { name: 'ASBL du côté A', kind: 'ngo' } })
    const orgB = await ok(b, 'partners.create', { values: { name: 'ASBL du côté B', kind: 'ngo' } })
    const rv2 = await projectByCode(a, 'AMIF-2024-RV-02')
    await ok(a, 'milestones.delete', { id: rv2.milestones[0].id })
    await ok(b, 'projects.delete', { id: (await projectByCode(b, 'AMIF-2026-TS-01')).id })
    const rv1B = await projectByCode(b, 'AMIF-2024-RV-01')
    await ok(b, 'projects.update', { id: rv1B.id, values: projectEdit(rv1B, { title: 'Titre B' }) })
    const rv1A = await projectByCode(a, 'AMIF-2024-RV-01')
    await ok(a, 'projects.update', { id: rv1A.id, values: projectEdit(rv1A, { description: 'Description A' }) })

    const ab = await applyMerge(a.writableFile(), pathB, { ...OPTIONS, prefer: 'theirs' })
    expect(ab.conflicts).toEqual([])
    expect(ab.resolved).toBe(1)
    const ba = await applyMerge(b.writableFile(), pathA, { ...OPTIONS, officer: COLLEAGUE })
    expect(ba.conflicts).toEqual([])
    expect(ba.added).toBeGreaterThan(0)

    const tables = syncedTables(pathA)
    expect(dumpTables(pathB, [...tables, 'sync_tombstones'])).toEqual(dumpTables(pathA, [...tables, 'sync_tombstones']))
    expect(await ok(a, 'partners.get', { id: orgB.id })).toMatchObject({ name: 'ASBL du côté B' })
    expect(await ok(b, 'partners.get', { id: orgA.id })).toMatchObject({ name: 'ASBL du côté A' })
    expect((await projectByCode(b, 'AMIF-2024-RV-01')).title).toBe('Titre B')
    // From then on, no record changes in either direction: A only copies B's history of the
    // last merge (recording no merge of its own), and then nothing is written at all.
    const history = await applyMerge(a.writableFile(), pathB, OPTIONS)
    expect(history).toMatchObject({ added: 0, updated: 0, deleted: 0, conflicts: [], mergeId: null, appendOnly: { merges: 1 } })
    expect(history.appendOnly.auditEntries).toBe(ba.added + ba.updated + ba.deleted)
    for (const [into, from, path] of [
      [a, pathB, pathA],
      [b, pathA, pathB],
    ] as const) {
      const before = dumpTables(path)
      expect(await applyMerge(into.writableFile(), from, OPTIONS)).toMatchObject({
        added: 0,
        updated: 0,
        deleted: 0,
        conflicts: [],
        mergeId: null,
        backupPath: null,
      })
      expect(dumpTables(path)).toEqual(before)
    }
  })

  it('changes nothing at all when a write fails midway: one transaction', async () => {
    const { mine, theirs, minePath, theirsPath } = await mergePair()
    const org = await ok(theirs, 'partners.create', { values: { name: 'ASBL en échec', kind: 'ngo' } })
    const p = await ok(theirs, 'projects.create', { values: newProjectValues(org.id, 'AMIF-2026-RS-09'), today: TODAY })
    await ok(theirs, 'milestones.save', { projectId: p.id, values: { title: 'BOOM', dueDate: '2026-04-30', status: 'planned' } })
    const rv1 = await projectByCode(theirs, 'AMIF-2024-RV-01')
    await ok(theirs, 'projects.update', { id: rv1.id, values: projectEdit(rv1, { title: 'Changé' }) })
    await theirs.close()
    const before = dumpTables(minePath)
    // A fault on my connection only (a TEMP trigger is not part of the file): the milestone is
    // inserted after the organisation, the project and the update.
    const db = mine.file().sqlite
    db.exec("CREATE TEMP TRIGGER fault BEFORE INSERT ON milestones WHEN NEW.title = 'BOOM' BEGIN SELECT RAISE(ABORT, 'injected failure'); END")
    await expect(applyMerge(mine.writableFile(), theirsPath, OPTIONS)).rejects.toMatchObject({
      code: 'INTERNAL',
      message: expect.stringContaining('injected failure'),
    })
    db.exec('DROP TRIGGER fault')
    expect(db.inTransaction).toBe(false)
    expect(dumpTables(minePath)).toEqual(before)
    // Without the fault, the same merge goes through.
    expect(await applyMerge(mine.writableFile(), theirsPath, OPTIONS)).toMatchObject({ added: 5, updated: 1 })
  })

  it('keeps an edit the officer saves while the merge runs: the plan is never written over a newer change', async () => {
    const { mine, theirs, theirsPath } = await mergePair()
    const theirsProject = await projectByCode(theirs, 'AMIF-2024-RV-01')
    await ok(theirs, 'projects.update', { id: theirsProject.id, values: projectEdit(theirsProject, { title: 'Titre du collègue' }) })
    await theirs.close()
    const mineProject = await projectByCode(mine, 'AMIF-2024-RV-01')
    // Both start at once, as a merge and a save from the window would: whichever goes first,
    // the officer's edit is in the file afterwards (kept as a conflict, or made on top of theirs).
    const merging = applyMerge(mine.writableFile(), theirsPath, OPTIONS)
    const saving = ok(mine, 'projects.update', { id: mineProject.id, values: projectEdit(mineProject, { title: 'Mon titre, saisi pendant la fusion' }) })
    await Promise.all([merging, saving])
    expect((await projectByCode(mine, 'AMIF-2024-RV-01')).title).toBe('Mon titre, saisi pendant la fusion')
  })

  it('compares documents by their bytes, and shows bytes by their size', async () => {
    const pdf = (text: string) => Buffer.from(`%PDF-1.7\n${text}\n%%EOF`)
    let projectId = ''
    const { mine, theirs, theirsPath } = await mergePair(async (ws) => {
      projectId = (await projectByCode(ws, 'AMIF-2024-RV-01')).id
      const insert = ws.file().sqlite.prepare(`INSERT INTO documents (id, kind, project_id, language, version, status, reference, title, file_name,
        produced_at, produced_by, page_count, byte_size, sha256, pdf, data_json, created_at, updated_at, updated_by)
        VALUES (?, 'agreement', ?, 'fr', 1, 'draft', ?, 'Convention', 'convention.pdf', ?, 'Élise', 3, ?, ?, ?, '{}', ?, ?, 'Élise')`)
      for (const id of ['doc-one', 'doc-two']) insert.run(id, projectId, `CONV-${id}`, AT, pdf(id).length, sha256Hex(pdf(id)), pdf(id), AT, AT)
    })
    // Same size, other bytes: only a byte comparison sees it.
    const setPdf = 'UPDATE documents SET pdf = ?, sha256 = ? WHERE id = ?'
    theirs
      .file()
      .sqlite.prepare(setPdf)
      .run(pdf('doc-ONE'), sha256Hex(pdf('doc-ONE')), 'doc-one')
    theirs
      .file()
      .sqlite.prepare(setPdf)
      .run(pdf('doc-TWO'), sha256Hex(pdf('doc-TWO')), 'doc-two')
    mine
      .file()
      .sqlite.prepare(setPdf)
      .run(pdf('doc-Two'), sha256Hex(pdf('doc-Two')), 'doc-two')
    await theirs.close()
    const preview = await previewMerge(mine.file(), theirsPath)
    expect(preview.updated).toEqual([
      expect.objectContaining({
        key: 'documents:doc-one',
        entity: 'document',
        label: 'CONV-doc-one Convention',
        projectCode: 'AMIF-2024-RV-01',
        fields: ['sha256', 'pdf'],
      }),
    ])
    expect(preview.conflicts).toEqual([expect.objectContaining({ key: 'documents:doc-two', kind: 'edit_edit', fields: ['sha256', 'pdf'] })])
    expect(preview.conflicts[0].mine).toMatchObject({ pdf: { bytes: pdf('doc-Two').length }, byteSize: pdf('doc-two').length })
    await applyMerge(mine.writableFile(), theirsPath, OPTIONS)
    expect(mine.file().sqlite.prepare("SELECT pdf FROM documents WHERE id = 'doc-one'").pluck().get()).toEqual(pdf('doc-ONE'))
    const audit = mine.file().sqlite.prepare("SELECT after_json FROM audit_log WHERE action = 'import' AND record_id = 'doc-one'").pluck().get() as string
    expect(JSON.parse(audit)).toMatchObject({ pdf: { bytes: pdf('doc-ONE').length } })
  })

  it('takes a record whose id is a fact (an evaluation has its project’s), deleted and written again there, as their newer version', async () => {
    let projectId = ''
    const evaluation = (db: Database.Database, conclusions: string) =>
      db
        .prepare('INSERT INTO project_evaluations (id, conclusions, created_at, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)')
        .run(projectId, conclusions, AT, AT, 'x')
    const { mine, theirs, minePath, theirsPath } = await mergePair(async (ws) => {
      projectId = (await projectByCode(ws, 'AMIF-2023-AC-01')).id
      evaluation(ws.file().sqlite, 'Première évaluation')
    })
    theirs.file().sqlite.prepare('DELETE FROM project_evaluations WHERE id = ?').run(projectId)
    evaluation(theirs.file().sqlite, 'Évaluation refaite')
    await theirs.close()
    // Their row counts from {} again; its tombstone holds the history, so theirs is newer, not equal.
    const preview = await previewMerge(mine.file(), theirsPath)
    expect(preview.conflicts).toEqual([])
    expect(preview.updated.map((c) => [c.key, c.fields.includes('conclusions')])).toEqual([[`project_evaluations:${projectId}`, true]])
    await applyMerge(mine.writableFile(), theirsPath, OPTIONS)
    expect(mine.file().sqlite.prepare('SELECT conclusions FROM project_evaluations WHERE id = ?').pluck().get(projectId)).toBe('Évaluation refaite')
    // And in their file, mine is now the same: nothing to merge back.
    await theirs.open(theirsPath)
    const back = await previewMerge(theirs.file(), minePath)
    expect([back.added, back.updated, back.deleted, back.conflicts]).toEqual([[], [], [], []])
  })

  it('treats a plain copy made outside the app (same identity) as unordered: every difference is a conflict, additions still apply', async () => {
    const dir = tempDir()
    const minePath = await makeAmifFile(path.join(dir, 'mine.amif'), { demo: true })
    const copyPath = path.join(dir, 'copy.amif')
    fs.copyFileSync(minePath, copyPath)
    const copy = testWorkspace({ dir: path.join(dir, 'c'), officer: COLLEAGUE }).ws
    await copy.open(copyPath)
    const rv1 = await projectByCode(copy, 'AMIF-2024-RV-01')
    await ok(copy, 'projects.update', { id: rv1.id, values: projectEdit(rv1, { title: 'Changé dans la copie' }) })
    const org = await ok(copy, 'partners.create', { values: { name: 'ASBL de la copie', kind: 'ngo' } })
    await copy.close()
    const mine = testWorkspace({ dir: path.join(dir, 'm') }).ws
    await mine.open(minePath)

    const preview = await previewMerge(mine.file(), copyPath)
    expect(preview).toMatchObject({ sameIdentity: true, vectorsTrusted: false })
    expect(preview.added.map((c) => c.key)).toEqual([`organisations:${org.id}`])
    expect(preview.updated).toEqual([])
    expect(preview.conflicts.map((c) => [c.key, c.kind])).toEqual([[`projects:${rv1.id}`, 'edit_edit']])
    expect(preview.conflicts[0]).toMatchObject({ mine: { title: rv1.title }, theirs: { title: 'Changé dans la copie' }, canTakeTheirs: true })
    const result = await applyMerge(mine.writableFile(), copyPath, OPTIONS)
    expect(result).toMatchObject({ added: 1, updated: 0, sameIdentity: true })
    expect((await projectByCode(mine, 'AMIF-2024-RV-01')).title).toBe(rv1.title)
  })

  it('merges a file at an older schema from a copy migrated in memory, leaving the file itself untouched', async () => {
    const dir = tempDir()
    fs.mkdirSync(path.join(dir, 'old'))
    const oldPath = makeFileAtVersion(path.join(dir, 'old', 'old.amif'), 3)
    const raw = new Database(oldPath)
    raw
      .prepare(
        "INSERT INTO organisations (id, name, kind, created_at, updated_at, updated_by) VALUES ('0b6f4a43-6a5c-4a3e-9d47-7c1b0b0c0001', 'Ancienne ASBL', 'ngo', ?, ?, 'Ancien')",
      )
      .run(AT, AT)
    raw.close()
    const before = snapshot(oldPath)
    const { ws } = testWorkspace({ dir: path.join(dir, 'w') })
    await ws.open(await makeAmifFile(path.join(dir, 'mine.amif'), { demo: true }))

    const preview = await previewMerge(ws.file(), oldPath)
    expect(preview.theirs.schemaVersion).toBe(3)
    expect(preview.vectorsTrusted).toBe(false)
    expect(preview.added.map((c) => c.label)).toEqual(['Ancienne ASBL'])
    expect(preview.conflicts).toEqual([]) // the reference data is the same in both
    expect(await applyMerge(ws.writableFile(), oldPath, OPTIONS)).toMatchObject({ added: 1 })
    // A merge writes the vector it was given: the insert trigger does not count the record as created here.
    expect(ws.file().sqlite.prepare("SELECT sync_vv FROM organisations WHERE name = 'Ancienne ASBL'").pluck().get()).toBe('{}')
    expectUntouched(oldPath, before)
  })

  it('refuses to merge a file into itself by path (SAME_FILE); a byte copy merges as nothing to do, without an error', async () => {
    const { mine, minePath, dir } = await mergePair()
    await expect(previewMerge(mine.file(), minePath)).rejects.toMatchObject({ code: 'SAME_FILE' })
    await expect(previewMerge(mine.file(), path.join(dir, '.', 'mine.amif'))).rejects.toMatchObject({ code: 'SAME_FILE' })
    const copy = path.join(dir, 'exact copy.amif')
    fs.copyFileSync(minePath, copy)
    const before = dumpTables(minePath)
    expect(await previewMerge(mine.file(), copy)).toMatchObject({ nothingToMerge: true, added: [], updated: [], deleted: [], conflicts: [], refused: [] })
    expect(await applyMerge(mine.writableFile(), copy, OPTIONS)).toMatchObject({
      nothingToMerge: true,
      added: 0,
      updated: 0,
      deleted: 0,
      conflicts: [],
      mergeId: null,
      backupPath: null,
    })
    expect(dumpTables(minePath)).toEqual(before)
    // Once mine has moved on, that older copy is another state of the same file: nothing to take, no error.
    await ok(mine, 'partners.create', { values: { name: 'ASBL ajoutée après la copie', kind: 'ngo' } })
    expect(await applyMerge(mine.writableFile(), copy, OPTIONS)).toMatchObject({
      added: 0,
      updated: 0,
      deleted: 0,
      conflicts: [],
      mergeId: null,
      sameIdentity: true,
      nothingToMerge: true,
    })
  })

  for (const bad of BAD_FILES.filter((b) => ['FILE_NOT_FOUND', 'NOT_SQLITE', 'FOREIGN_FILE', 'NEWER_VERSION', 'CORRUPT'].includes(b.code))) {
    it(`refuses ${bad.label} with ${bad.code}, changing neither file`, async () => {
      const { mine, minePath, dir } = await mergePair()
      const badPath = await bad.make(dir)
      const before = snapshot(badPath)
      const mineBefore = dumpTables(minePath)
      await expect(applyMerge(mine.writableFile(), badPath, OPTIONS)).rejects.toMatchObject({ code: bad.code })
      if (before.hash) expectUntouched(badPath, before)
      expect(dumpTables(minePath)).toEqual(mineBefore)
    })
  }
})
