import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { applyMerge, previewMerge, unresolvedConflicts, type Conflict, type MergeOptions } from '../../database/merge'
import { parseVv, compareVv } from '../../database/merge/vv'
import type { Workspace } from '../../electron/api/workspace'
import {
  addDraftProject,
  COLLEAGUE,
  dumpTables,
  mergePair,
  MERGE_TODAY as TODAY,
  milestoneEdit,
  newProjectValues,
  OFFICER,
  ok,
  organisationByAcronym,
  projectByCode,
  projectEdit,
  syncedTables,
} from './helpers'

const OPTIONS: MergeOptions = { officer: OFFICER, resolutions: {}, backup: true }

function vvOf(filePath: string, table: string, id: string): Record<string, number> {
  const db = new Database(filePath, { readonly: true, fileMustExist: true })
  try {
    const row = db.prepare(`SELECT sync_vv FROM ${table} WHERE id = ?`).get(id) as { sync_vv: string } | undefined
    const tomb = db.prepare('SELECT sync_vv FROM sync_tombstones WHERE table_name = ? AND record_id = ?').get(table, id) as { sync_vv: string } | undefined
    return { ...parseVv(row?.sync_vv ?? tomb?.sync_vv) }
  } finally {
    db.close()
  }
}

function exists(ws: Workspace, table: string, id: string): boolean {
  return ws.file().sqlite.prepare(`SELECT 1 FROM ${table} WHERE id = ?`).get(id) !== undefined
}

/** A valid Belgian enterprise number (mod 97), distinct for each n. */
function enterpriseNumber(n: number): string {
  const base = 5000000 + n * 17
  return `${String(base).padStart(8, '0')}${String(97 - (base % 97)).padStart(2, '0')}`
}

const byKey = (conflicts: Conflict[], key: string) => {
  const c = conflicts.find((x) => x.key === key)
  if (!c) throw new Error(`no conflict ${key} in ${conflicts.map((x) => x.key).join(', ')}`)
  return c
}

/** Both sides edited the same milestone (different fields) and the same project. */
async function editedOnBothSides() {
  const pair = await mergePair()
  const { mine, theirs } = pair
  const pm = await projectByCode(mine, 'AMIF-2024-RV-01')
  const m = pm.milestones.find((x) => x.status === 'in_progress')!
  await ok(mine, 'milestones.save', { projectId: pm.id, id: m.id, values: milestoneEdit(m, { title: 'Rapport intermédiaire (mon titre)' }), today: TODAY })
  await ok(theirs, 'milestones.save', { projectId: pm.id, id: m.id, values: milestoneEdit(m, { status: 'done', doneDate: '2026-03-01' }), today: TODAY })
  const pt = await projectByCode(theirs, 'AMIF-2024-RV-02')
  await ok(theirs, 'projects.update', { id: pt.id, values: projectEdit(pt, { title: 'Titre du collègue' }) })
  await ok(mine, 'projects.update', { id: pt.id, values: projectEdit(pt, { title: 'Mon titre' }) })
  await theirs.close()
  return { ...pair, milestone: m, projectId: pt.id }
}

describe('conflicts: edited on both sides', () => {
  it('are listed with both versions and the fields that differ, and change nothing until resolved', async () => {
    const { mine, minePath, theirsPath, milestone, projectId } = await editedOnBothSides()
    const preview = await previewMerge(mine.file(), theirsPath)
    expect(preview.updated).toEqual([])
    const c = byKey(preview.conflicts, `milestones:${milestone.id}`)
    expect(c).toMatchObject({
      kind: 'edit_edit',
      entity: 'milestone',
      label: 'Rapport intermédiaire (mon titre)',
      projectCode: 'AMIF-2024-RV-01',
      canTakeTheirs: true,
      mine: { title: 'Rapport intermédiaire (mon titre)', status: 'in_progress' },
      theirs: { title: milestone.title, status: 'done', doneDate: '2026-03-01' },
    })
    expect(c.fields).toEqual(expect.arrayContaining(['title', 'status', 'doneDate', 'updatedAt', 'updatedBy']))
    expect(c.mine).not.toHaveProperty('syncVv')
    expect(byKey(preview.conflicts, `projects:${projectId}`)).toMatchObject({
      kind: 'edit_edit',
      mine: { title: 'Mon titre' },
      theirs: { title: 'Titre du collègue' },
    })

    const before = dumpTables(minePath, ['milestones', 'projects'])
    const result = await applyMerge(mine.writableFile(), theirsPath, OPTIONS)
    expect(result.conflicts.map((x) => x.key).sort()).toEqual([`milestones:${milestone.id}`, `projects:${projectId}`].sort())
    expect(result.resolved).toBe(0)
    expect(dumpTables(minePath, ['milestones', 'projects'])).toEqual(before)
    const recorded = JSON.parse(mine.file().sqlite.prepare('SELECT resolutions_json FROM sync_merges').pluck().get() as string)
    expect(recorded[`milestones:${milestone.id}`]).toEqual({
      resolution: 'unresolved',
      kind: 'edit_edit',
      entity: 'milestone',
      label: 'Rapport intermédiaire (mon titre)',
      projectCode: 'AMIF-2024-RV-01',
    })
  })

  it('resolved mine: mine stays, its vector dominates both, and neither direction conflicts again', async () => {
    const { mine, theirs, minePath, theirsPath, milestone } = await editedOnBothSides()
    const key = `milestones:${milestone.id}`
    const theirVv = vvOf(theirsPath, 'milestones', milestone.id)
    const result = await applyMerge(mine.writableFile(), theirsPath, { ...OPTIONS, resolutions: { [key]: 'mine' } })
    expect(result.resolved).toBe(1)
    expect(result.conflicts.map((x) => x.key)).not.toContain(key)
    expect((await projectByCode(mine, 'AMIF-2024-RV-01')).milestones.find((x) => x.id === milestone.id)).toMatchObject({
      title: 'Rapport intermédiaire (mon titre)',
      status: 'in_progress',
    })
    expect(compareVv(vvOf(minePath, 'milestones', milestone.id), theirVv)).toBe('mine')
    expect((await previewMerge(mine.file(), theirsPath)).conflicts.map((x) => x.key)).not.toContain(key)
    // Their file takes my decision at its next merge, as an update.
    await theirs.open(theirsPath)
    const back = await previewMerge(theirs.file(), minePath)
    expect(back.conflicts.map((x) => x.key)).not.toContain(key)
    expect(back.updated.map((x) => x.key)).toContain(key)
  })

  it('resolved theirs takes their version; prefer settles the others; an unknown key is ignored', async () => {
    const { mine, theirsPath, milestone, projectId } = await editedOnBothSides()
    const first = await applyMerge(mine.writableFile(), theirsPath, {
      ...OPTIONS,
      resolutions: { [`milestones:${milestone.id}`]: 'theirs', 'projects:no-such-record': 'theirs' },
    })
    expect(first).toMatchObject({ updated: 1, resolved: 1 })
    expect(first.conflicts.map((x) => x.key)).toEqual([`projects:${projectId}`])
    expect((await projectByCode(mine, 'AMIF-2024-RV-01')).milestones.find((x) => x.id === milestone.id)).toMatchObject({
      title: milestone.title,
      status: 'done',
    })
    expect((await projectByCode(mine, 'AMIF-2024-RV-02')).title).toBe('Mon titre')
    const second = await applyMerge(mine.writableFile(), theirsPath, { ...OPTIONS, prefer: 'theirs' })
    expect(second).toMatchObject({ updated: 1, resolved: 1, conflicts: [] })
    expect((await projectByCode(mine, 'AMIF-2024-RV-02')).title).toBe('Titre du collègue')
    expect(await unresolvedConflicts(mine.file().db)).toEqual([])
  })
})

describe('conflicts: edited on one side, deleted on the other', () => {
  async function editAndDelete() {
    const pair = await mergePair()
    const { mine, theirs } = pair
    const p = await projectByCode(mine, 'AMIF-2023-AC-01')
    const [m1, m2] = p.milestones
    // m1: I edit it, they delete it. m2: I delete it, they edit it.
    await ok(mine, 'milestones.save', { projectId: p.id, id: m1.id, values: milestoneEdit(m1, { evidence: 'Mon rapport' }), today: TODAY })
    await ok(theirs, 'milestones.delete', { id: m1.id })
    await ok(mine, 'milestones.delete', { id: m2.id })
    await ok(theirs, 'milestones.save', { projectId: p.id, id: m2.id, values: milestoneEdit(m2, { evidence: 'Leur rapport' }), today: TODAY })
    await theirs.close()
    return { ...pair, m1, m2 }
  }

  it('are conflicts both ways, and left unresolved change nothing', async () => {
    const { mine, minePath, theirsPath, m1, m2 } = await editAndDelete()
    const preview = await previewMerge(mine.file(), theirsPath)
    expect(preview.deleted).toEqual([])
    expect(preview.added).toEqual([])
    expect(byKey(preview.conflicts, `milestones:${m1.id}`)).toMatchObject({
      kind: 'edit_delete',
      mine: { evidence: 'Mon rapport' },
      theirs: null,
      canTakeTheirs: true,
    })
    expect(byKey(preview.conflicts, `milestones:${m2.id}`)).toMatchObject({
      kind: 'delete_edit',
      mine: null,
      theirs: { evidence: 'Leur rapport' },
      canTakeTheirs: true,
    })
    const before = dumpTables(minePath, ['milestones', 'sync_tombstones'])
    await applyMerge(mine.writableFile(), theirsPath, OPTIONS)
    expect(dumpTables(minePath, ['milestones', 'sync_tombstones'])).toEqual(before)
  })

  it('resolved theirs: what they deleted goes, what they edited comes back without my tombstone', async () => {
    const { mine, minePath, theirsPath, m1, m2 } = await editAndDelete()
    const result = await applyMerge(mine.writableFile(), theirsPath, { ...OPTIONS, prefer: 'theirs' })
    expect(result).toMatchObject({ added: 1, deleted: 1, resolved: 2, conflicts: [] })
    expect(exists(mine, 'milestones', m1.id)).toBe(false)
    expect(exists(mine, 'milestones', m2.id)).toBe(true)
    expect(mine.file().sqlite.prepare('SELECT evidence FROM milestones WHERE id = ?').pluck().get(m2.id)).toBe('Leur rapport')
    expect(mine.file().sqlite.prepare('SELECT count(*) FROM sync_tombstones WHERE record_id = ?').pluck().get(m2.id)).toBe(0)
    expect(compareVv(vvOf(minePath, 'milestones', m1.id), vvOf(theirsPath, 'milestones', m1.id))).toBe('mine')
    const again = await previewMerge(mine.file(), theirsPath)
    expect([again.conflicts, again.added, again.deleted]).toEqual([[], [], []])
  })

  it('resolved mine: my edit stays and my deletion holds, at this merge and the next', async () => {
    const { mine, theirs, minePath, theirsPath, m1, m2 } = await editAndDelete()
    await applyMerge(mine.writableFile(), theirsPath, { ...OPTIONS, prefer: 'mine' })
    expect(exists(mine, 'milestones', m1.id)).toBe(true)
    expect(exists(mine, 'milestones', m2.id)).toBe(false)
    expect((await previewMerge(mine.file(), theirsPath)).conflicts).toEqual([])
    await theirs.open(theirsPath)
    const back = await applyMerge(theirs.writableFile(), minePath, { ...OPTIONS, officer: COLLEAGUE })
    expect(back).toMatchObject({ added: 1, deleted: 1, conflicts: [] })
  })
})

describe('conflicts: a deleted record whose parts were changed', () => {
  it('they deleted a project whose milestone I changed: the project’s deletion is one conflict, not a silent loss', async () => {
    const { mine, theirs, minePath, theirsPath } = await mergePair(addDraftProject)
    const p = await projectByCode(mine, 'AMIF-2026-TS-01')
    const m = p.milestones[0]
    await ok(mine, 'milestones.save', { projectId: p.id, id: m.id, values: milestoneEdit(m, { status: 'in_progress' }), today: TODAY })
    await ok(theirs, 'projects.delete', { id: p.id })
    await theirs.close()

    const preview = await previewMerge(mine.file(), theirsPath)
    expect(preview.deleted).toEqual([])
    expect(preview.conflicts).toHaveLength(1)
    expect(preview.conflicts[0]).toMatchObject({
      key: `projects:${p.id}`,
      kind: 'edit_delete',
      label: 'AMIF-2026-TS-01 Accompagnement des familles réinstallées',
      canTakeTheirs: true,
      related: [{ key: `milestones:${m.id}`, entity: 'milestone', label: m.title, change: 'changed' }],
    })
    expect(preview.conflicts[0].reason).toMatch(/1 of its records were changed or added in yours/)
    await applyMerge(mine.writableFile(), theirsPath, OPTIONS)
    expect((await projectByCode(mine, 'AMIF-2026-TS-01')).milestones).toHaveLength(2)

    const tables = ['projects', 'milestones', 'budget_lines', 'project_status_changes', 'project_target_groups']
    const kept = dumpTables(minePath, tables)
    const mineChoice = await applyMerge(mine.writableFile(), theirsPath, { ...OPTIONS, resolutions: { [`projects:${p.id}`]: 'mine' } })
    expect(mineChoice).toMatchObject({ added: 0, updated: 0, deleted: 0, resolved: 1, conflicts: [] })
    // Same records, each with a vector that has now seen their deletion.
    const strip = (d: Record<string, unknown[]>) =>
      Object.values(d)
        .flat()
        .map((r) => JSON.parse(r as string))
        .map(({ sync_vv: _vv, ...rest }) => rest)
    expect(strip(dumpTables(minePath, tables))).toEqual(strip(kept))
    for (const x of p.milestones) expect(compareVv(vvOf(minePath, 'milestones', x.id), vvOf(theirsPath, 'milestones', x.id))).toBe('mine')
    expect((await previewMerge(mine.file(), theirsPath)).conflicts).toEqual([])
  })

  it('resolved theirs, the project goes with everything it held', async () => {
    const { mine, theirs, theirsPath } = await mergePair(addDraftProject)
    const p = await projectByCode(mine, 'AMIF-2026-TS-01')
    await ok(mine, 'milestones.save', {
      projectId: p.id,
      id: p.milestones[0].id,
      values: milestoneEdit(p.milestones[0], { status: 'in_progress' }),
      today: TODAY,
    })
    await ok(theirs, 'projects.delete', { id: p.id })
    await theirs.close()
    const result = await applyMerge(mine.writableFile(), theirsPath, { ...OPTIONS, prefer: 'theirs' })
    expect(result).toMatchObject({ deleted: 6, conflicts: [], resolved: 1 })
    expect(exists(mine, 'projects', p.id)).toBe(false)
    expect(mine.file().sqlite.prepare('SELECT count(*) FROM milestones WHERE project_id = ?').pluck().get(p.id)).toBe(0)
  })

  it('I deleted a project to which they added a milestone: one conflict; taking theirs brings the project back with it', async () => {
    const { mine, theirs, theirsPath } = await mergePair(addDraftProject)
    const p = await projectByCode(mine, 'AMIF-2026-TS-01')
    await ok(mine, 'projects.delete', { id: p.id })
    const added = await ok(theirs, 'milestones.save', {
      projectId: p.id,
      values: { title: 'Ajouté par le collègue', dueDate: '2026-09-01', status: 'planned' },
      today: TODAY,
    })
    await theirs.close()

    const preview = await previewMerge(mine.file(), theirsPath)
    expect(preview.added).toEqual([])
    expect(preview.conflicts).toHaveLength(1)
    expect(preview.conflicts[0]).toMatchObject({
      key: `projects:${p.id}`,
      kind: 'delete_edit',
      mine: null,
      theirs: { code: 'AMIF-2026-TS-01' },
      canTakeTheirs: true,
    })
    expect(preview.conflicts[0].related).toEqual([{ key: `milestones:${added.id}`, entity: 'milestone', label: 'Ajouté par le collègue', change: 'added' }])

    const result = await applyMerge(mine.writableFile(), theirsPath, { ...OPTIONS, prefer: 'theirs' })
    expect(result).toMatchObject({ added: 7, conflicts: [] })
    const back = await projectByCode(mine, 'AMIF-2026-TS-01')
    expect(back.milestones.map((x) => x.title).sort()).toEqual(['Ajouté par le collègue', 'Premier accueil', 'Recrutement des accompagnateurs'])
    expect(mine.file().sqlite.prepare('SELECT count(*) FROM sync_tombstones WHERE record_id = ?').pluck().get(p.id)).toBe(0)
  })
})

describe('conflicts: unique values', () => {
  it('two files each created the same project code: a conflict; mine keeps mine, theirs (also with --prefer) replaces my project with what it held', async () => {
    const { mine, theirs, minePath, theirsPath } = await mergePair()
    const caritas = await organisationByAcronym(mine, 'Caritas')
    const myProject = await ok(mine, 'projects.create', { values: newProjectValues(caritas.id, 'AMIF-2026-UQ-01', { title: 'Mon projet' }), today: TODAY })
    await ok(mine, 'milestones.save', { projectId: myProject.id, values: { title: 'Mon jalon', dueDate: '2026-05-01', status: 'planned' }, today: TODAY })
    const theirProject = await ok(theirs, 'projects.create', {
      values: newProjectValues(caritas.id, 'AMIF-2026-UQ-01', { title: 'Leur projet' }),
      today: TODAY,
    })
    const theirMilestone = await ok(theirs, 'milestones.save', {
      projectId: theirProject.id,
      values: { title: 'Leur jalon', dueDate: '2026-05-01', status: 'planned' },
      today: TODAY,
    })
    await theirs.close()

    const preview = await previewMerge(mine.file(), theirsPath)
    const c = byKey(preview.conflicts, `projects:${theirProject.id}`)
    expect(c).toMatchObject({
      kind: 'unique',
      fields: ['code'],
      canTakeTheirs: true,
      mine: { id: myProject.id, title: 'Mon projet' },
      theirs: { id: theirProject.id, title: 'Leur projet' },
    })
    expect(c.reason).toMatch(/code 'AMIF-2026-UQ-01' is already used by project 'AMIF-2026-UQ-01 Mon projet'.*replaces it/)
    // What belongs to their project waits on this conflict instead of being conflicts of its own.
    expect(preview.conflicts).toHaveLength(1)
    expect(c.related.map((r) => [r.entity, r.change]).sort()).toEqual([
      ['milestone', 'waiting'],
      ['project_status_change', 'waiting'],
      ['project_target_group', 'waiting'],
    ])
    expect(preview.added.map((x) => x.id)).not.toContain(theirMilestone.id)

    const kept = await applyMerge(mine.writableFile(), theirsPath, { ...OPTIONS, prefer: 'mine', dryRun: true })
    expect(kept).toMatchObject({ conflicts: [], resolved: 1, added: 0 })
    const result = await applyMerge(mine.writableFile(), theirsPath, { ...OPTIONS, prefer: 'theirs' })
    expect(result).toMatchObject({ conflicts: [], resolved: 1 })
    expect(exists(mine, 'projects', myProject.id)).toBe(false)
    const now = await projectByCode(mine, 'AMIF-2026-UQ-01')
    expect(now).toMatchObject({ id: theirProject.id, title: 'Leur projet' })
    expect(now.milestones.map((m) => m.title)).toEqual(['Leur jalon'])
    // Their file takes my decision back without a conflict, and the two then agree.
    await theirs.open(theirsPath)
    expect(await applyMerge(theirs.writableFile(), minePath, { ...OPTIONS, officer: COLLEAGUE })).toMatchObject({ conflicts: [] })
    const tables = syncedTables(minePath)
    expect(dumpTables(theirsPath, tables)).toEqual(dumpTables(minePath, tables))
  })

  it('the same agreement article edited in both files, each creating its edit, is a conflict: neither edit is lost', async () => {
    const { mine, theirs, theirsPath } = await mergePair()
    await ok(mine, 'clauses.save', { key: 'duration', language: 'fr', title: 'Durée', body: 'Mon texte' })
    await ok(mine, 'clauses.save', { key: 'duration', language: 'fr', title: 'Durée', body: 'Mon texte, revu' })
    await ok(theirs, 'clauses.save', { key: 'duration', language: 'fr', title: 'Durée', body: 'Leur texte' })
    await theirs.close()
    const preview = await previewMerge(mine.file(), theirsPath)
    expect(preview.conflicts.map((c) => [c.key, c.kind])).toEqual([['agreement_clauses:duration:fr', 'edit_edit']])
    expect(preview.updated).toEqual([])
  })

  it('an organisation whose enterprise number my unused record holds: taking theirs replaces mine', async () => {
    const { mine, theirs, theirsPath } = await mergePair()
    const number = enterpriseNumber(1)
    const myOrg = await ok(mine, 'partners.create', { values: { name: 'ASBL Exemple', kind: 'ngo', enterpriseNumber: number } })
    const theirOrg = await ok(theirs, 'partners.create', {
      values: { name: 'ASBL Exemple (fiche du collègue)', kind: 'ngo', enterpriseNumber: number, city: 'Liège' },
    })
    await theirs.close()

    const preview = await previewMerge(mine.file(), theirsPath)
    expect(byKey(preview.conflicts, `organisations:${theirOrg.id}`)).toMatchObject({
      kind: 'unique',
      fields: ['enterpriseNumber'],
      canTakeTheirs: true,
      mine: { id: myOrg.id },
    })
    const result = await applyMerge(mine.writableFile(), theirsPath, { ...OPTIONS, resolutions: { [`organisations:${theirOrg.id}`]: 'theirs' } })
    expect(result).toMatchObject({ added: 1, deleted: 1, resolved: 1, conflicts: [] })
    expect(exists(mine, 'organisations', myOrg.id)).toBe(false)
    expect(await ok(mine, 'partners.get', { id: theirOrg.id })).toMatchObject({ city: 'Liège' })
  })
})

describe('conflicts: references', () => {
  it('they deleted an organisation my new project uses: a reference conflict, kept mine by default and for good once resolved', async () => {
    const { mine, theirs, minePath, theirsPath } = await mergePair(async (ws) => {
      await ok(ws, 'partners.create', { values: { name: 'ASBL Sans Projet', acronym: 'ASP', kind: 'ngo' } })
    })
    const org = await organisationByAcronym(mine, 'ASP')
    await ok(theirs, 'partners.delete', { id: org.id })
    const myProject = await ok(mine, 'projects.create', { values: newProjectValues(org.id, 'AMIF-2026-RF-01'), today: TODAY })
    await theirs.close()

    const preview = await previewMerge(mine.file(), theirsPath)
    expect(preview.deleted).toEqual([])
    const c = byKey(preview.conflicts, `organisations:${org.id}`)
    expect(c).toMatchObject({ kind: 'reference', canTakeTheirs: false, mine: { name: 'ASBL Sans Projet' }, theirs: null })
    expect(c.reason).toContain("your project 'AMIF-2026-RF-01")
    const taken = await applyMerge(mine.writableFile(), theirsPath, { ...OPTIONS, prefer: 'theirs' })
    expect(taken.conflicts.map((x) => x.key)).toEqual([`organisations:${org.id}`])
    expect(exists(mine, 'organisations', org.id)).toBe(true)
    expect(exists(mine, 'projects', myProject.id)).toBe(true)

    await applyMerge(mine.writableFile(), theirsPath, { ...OPTIONS, resolutions: { [`organisations:${org.id}`]: 'mine' } })
    expect((await previewMerge(mine.file(), theirsPath)).conflicts).toEqual([])
    // Back in their file, the organisation returns with my project.
    await theirs.open(theirsPath)
    const back = await previewMerge(theirs.file(), minePath)
    expect(back.conflicts).toEqual([])
    expect(back.added.map((x) => x.key)).toEqual(expect.arrayContaining([`organisations:${org.id}`, `projects:${myProject.id}`]))
  })

  it('they used an organisation I deleted: their project waits; taking theirs brings the organisation back', async () => {
    const { mine, theirs, theirsPath } = await mergePair(async (ws) => {
      await ok(ws, 'partners.create', { values: { name: 'ASBL Supprimée', acronym: 'ASU', kind: 'ngo' } })
    })
    const org = await organisationByAcronym(mine, 'ASU')
    await ok(mine, 'partners.delete', { id: org.id })
    const theirProject = await ok(theirs, 'projects.create', { values: newProjectValues(org.id, 'AMIF-2026-RF-02'), today: TODAY })
    await theirs.close()

    const preview = await previewMerge(mine.file(), theirsPath)
    expect(preview.added).toEqual([])
    expect(preview.conflicts).toHaveLength(1)
    const c = preview.conflicts[0]
    expect(c).toMatchObject({ key: `projects:${theirProject.id}`, kind: 'reference', fields: ['beneficiaryId'], canTakeTheirs: true, mine: null })
    expect(c.reason).toBe("Needs organisation 'ASBL Supprimée (ASU)', deleted in your file")
    expect(c.related.map((r) => r.entity).sort()).toEqual(['project_status_change', 'project_target_group'])

    const result = await applyMerge(mine.writableFile(), theirsPath, { ...OPTIONS, resolutions: { [c.key]: 'theirs' } })
    expect(result).toMatchObject({ added: 4, conflicts: [], resolved: 1 })
    expect((await ok(mine, 'projects.get', { id: theirProject.id, today: TODAY })).beneficiaryAcronym).toBe('ASU')
    expect(mine.file().sqlite.prepare('SELECT count(*) FROM sync_tombstones WHERE record_id = ?').pluck().get(org.id)).toBe(0)
    expect((await previewMerge(mine.file(), theirsPath)).conflicts).toEqual([])
  })
})

describe('open items', () => {
  it('lists the conflicts the latest merge from each file left unresolved, with their labels', async () => {
    const { mine, theirsPath, milestone, projectId } = await editedOnBothSides()
    expect(await unresolvedConflicts(mine.file().db)).toEqual([])
    const first = await applyMerge(mine.writableFile(), theirsPath, { ...OPTIONS, resolutions: { [`projects:${projectId}`]: 'mine' } })
    const open = await unresolvedConflicts(mine.file().db)
    expect(open).toEqual([
      {
        mergeId: first.mergeId,
        mergedAt: expect.any(String),
        fromFileId: expect.any(String),
        fromName: 'theirs.amif',
        key: `milestones:${milestone.id}`,
        kind: 'edit_edit',
        entity: 'milestone',
        label: 'Rapport intermédiaire (mon titre)',
        projectCode: 'AMIF-2024-RV-01',
      },
    ])
    await applyMerge(mine.writableFile(), theirsPath, { ...OPTIONS, prefer: 'mine' })
    expect(await unresolvedConflicts(mine.file().db)).toEqual([])
  })
})
