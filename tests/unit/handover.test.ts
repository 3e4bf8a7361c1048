import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import type { Workspace } from '../../electron/api/workspace'
import { pdfText } from './fixtures/documents'
import { ok, openNewFile, refused, testWorkspace } from './helpers'

const TODAY = '2026-12-01'

async function demo() {
  const t = testWorkspace()
  await openNewFile(t.ws, path.join(t.dir, 'Fedasil 2026.amif'), { demo: true })
  return t
}

function readOnlyDb(file: string) {
  return new Database(file, { readonly: true, fileMustExist: true })
}

async function projectId(ws: Workspace, code: string): Promise<string> {
  const { rows } = await ok(ws, 'projects.list', { q: code })
  return rows.find((r) => r.code === code)!.id
}

describe('handing a file over', () => {
  it('lists the open items the app finds by itself', async () => {
    const t = await demo()
    const { openItems } = await ok(t.ws, 'handover.prepare', { today: TODAY })
    const kinds = new Set(openItems.map((i) => i.kind))
    for (const kind of ['milestone_late', 'milestone_due', 'payment_due', 'agreement_unsigned', 'report_due'] as const) expect(kinds, kind).toContain(kind)
    // A selected project waits for its agreement; a running one owes its progress report.
    expect(openItems).toContainEqual(expect.objectContaining({ kind: 'agreement_unsigned', projectCode: 'AMIF-2025-RS-03' }))
    expect(openItems.filter((i) => i.kind === 'payment_due').every((i) => i.amountCents !== null && i.amountCents > 0)).toBe(true)
  })

  it('writes a copy with its own identity and the note inside, a summary PDF beside it, and keeps the handover in both files', async () => {
    const t = await demo()
    const source = t.ws.file().path
    const sourceId = (await ok(t.ws, 'file.info', {})).fileId
    const dest = path.join(t.dir, 'out', 'Fedasil 2026 – passation.amif')
    fs.mkdirSync(path.dirname(dest))
    t.dialogs.nextSavePath = dest
    const note = 'Pieter, les dossiers retour sont à jour. Le rapport de l’OIM arrive vendredi.'
    const r = await ok(t.ws, 'handover.write', { values: { toName: 'Pieter Janssens', note }, language: 'fr', today: TODAY })
    if (r.cancelled) throw new Error('cancelled')
    expect(t.dialogs.saveRequests.at(-1)?.defaultName).toBe(`Fedasil 2026 – passation ${TODAY}.amif`)
    expect(r).toMatchObject({ path: dest, integrity: 'ok', pdfPath: path.join(t.dir, 'out', 'Fedasil 2026 – passation.pdf') })
    expect(r.fileId).not.toBe(sourceId)

    const copy = readOnlyDb(dest)
    try {
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok')
      expect(copy.prepare('SELECT file_id, parent_file_id FROM meta').get()).toEqual({ file_id: r.fileId, parent_file_id: sourceId })
      const row = copy.prepare('SELECT to_name, note, source_file_id, copy_file_id, open_items_json FROM handovers').get() as Record<string, string>
      expect(row).toMatchObject({ to_name: 'Pieter Janssens', note, source_file_id: sourceId, copy_file_id: r.fileId })
      expect(JSON.parse(row.open_items_json)).toHaveLength(r.openItems.length)
      expect(copy.prepare("SELECT count(*) AS n FROM documents WHERE kind = 'handover'").get()).toEqual({ n: 1 })
      expect((copy.prepare('SELECT count(*) AS n FROM projects').get() as { n: number }).n).toBe(13)
    } finally {
      copy.close()
    }
    // The officer's own file keeps the same handover (one id: a later merge keeps one row).
    const mine = readOnlyDb(source)
    try {
      expect(mine.prepare('SELECT copy_file_id FROM handovers').all()).toEqual([{ copy_file_id: r.fileId }])
    } finally {
      mine.close()
    }

    const text = pdfText(fs.readFileSync(r.pdfPath)).all
    for (const phrase of [
      'Résumé de passation',
      'Pieter Janssens',
      'Élise Test-Officer',
      "Le rapport de l'OIM arrive vendredi.",
      'Fedasil 2026 – passation.amif',
      r.fileId,
      'Jalons en retard',
      'Paiement intermédiaire',
      'Rapport intermédiaire',
    ]) {
      expect(text, phrase).toContain(phrase)
    }

    // Whoever opens the copy sees the note first, once.
    t.ws.rememberPicked(dest)
    await ok(t.ws, 'file.open', { path: dest })
    const latest = await ok(t.ws, 'handover.latest', {})
    expect(latest).toMatchObject({ isCopy: true, seen: false, handover: { toName: 'Pieter Janssens', fromOfficer: 'Élise Test-Officer', note } })
    await ok(t.ws, 'handover.acknowledge', { id: latest.handover!.id })
    expect((await ok(t.ws, 'handover.latest', {})).seen).toBe(true)
    await ok(t.ws, 'file.open', { path: source })
    expect((await ok(t.ws, 'handover.latest', {})).isCopy).toBe(false)
  })

  it('is refused on a read-only file, over the open file itself, and writes nothing when the dialog is cancelled', async () => {
    const t = await demo()
    const values = { toName: 'Pieter Janssens', note: 'Voici.' }
    t.dialogs.nextSavePath = null
    expect(await ok(t.ws, 'handover.write', { values, language: 'nl' })).toEqual({ cancelled: true })
    t.dialogs.nextSavePath = t.ws.file().path
    expect((await refused(t.ws, 'handover.write', { values, language: 'nl' })).code).toBe('SAME_FILE')
    expect((await refused(t.ws, 'handover.write', { values: { toName: '', note: 'x' }, language: 'nl' })).code).toBe('VALIDATION')
    expect(fs.readdirSync(t.dir).filter((n) => n.endsWith('.pdf'))).toEqual([])
    const file = t.ws.file().path
    await t.ws.open(file, { readOnly: true })
    expect((await refused(t.ws, 'handover.write', { values, language: 'nl' })).code).toBe('READ_ONLY')
  })

  it('comes back with the colleague’s work in a merge, the handover kept once, a conflict left open listed for the next handover', async () => {
    const t = await demo()
    const mine = t.ws.file().path
    const theirs = path.join(t.dir, 'colleague.amif')
    t.dialogs.nextSavePath = theirs
    await ok(t.ws, 'handover.write', { values: { toName: 'Pieter Janssens', note: 'À toi.' }, language: 'fr', today: TODAY })

    // Both edit the same project; the colleague also marks a milestone done.
    const id = await projectId(t.ws, 'AMIF-2024-RV-02')
    const p = await ok(t.ws, 'projects.get', { id })
    const values = (title: string) => ({
      code: p.code,
      title,
      description: p.description,
      beneficiaryId: p.beneficiaryId,
      strand: p.strand,
      strandObjectiveId: p.strandObjectiveId,
      objectiveCode: p.objectiveCode,
      callId: p.callId,
      startDate: p.startDate,
      endDate: p.endDate,
      officerName: p.officerName,
      euRateBp: p.euRateBp,
      rateGround: p.rateGround,
      rateJustification: p.rateJustification,
      targetGroupIds: p.targetGroupIds,
    })
    await ok(t.ws, 'projects.update', { id, values: values('Réintégration des personnes vulnérables (Caritas) – volet Afrique') })
    t.ws.rememberPicked(theirs)
    await ok(t.ws, 'file.open', { path: theirs })
    await ok(t.ws, 'projects.update', { id, values: values('Réintégration des personnes vulnérables (Caritas) – volet Asie') })
    const milestone = (await ok(t.ws, 'projects.get', { id })).milestones.find((m) => m.status !== 'done')!
    await ok(t.ws, 'milestones.save', {
      projectId: id,
      id: milestone.id,
      values: { title: milestone.title, dueDate: milestone.dueDate, status: 'done', doneDate: TODAY, responsibleId: milestone.responsibleId },
    })
    await ok(t.ws, 'file.open', { path: mine })

    t.dialogs.nextOpenPath = theirs
    const preview = await ok(t.ws, 'merge.preview', {})
    if (preview.cancelled) throw new Error('cancelled')
    expect(preview.preview.conflicts.map((c) => c.label)).toEqual([expect.stringContaining('AMIF-2024-RV-02')])
    const applied = await ok(t.ws, 'merge.apply', { resolutions: {} })
    expect(applied.updated).toBeGreaterThanOrEqual(1)
    expect(applied.conflicts).toHaveLength(1)
    expect((await ok(t.ws, 'projects.get', { id })).milestones.find((m) => m.id === milestone.id)?.status).toBe('done')
    const db = readOnlyDb(mine)
    try {
      expect(db.prepare('SELECT count(*) AS n FROM handovers').get()).toEqual({ n: 1 })
      // Told once in the history, and one summary in the register, however the files met.
      expect(db.prepare("SELECT count(*) AS n FROM audit_log WHERE entity = 'handover'").get()).toEqual({ n: 1 })
      expect(db.prepare("SELECT count(*) AS n FROM documents WHERE kind = 'handover'").get()).toEqual({ n: 1 })
      expect(db.prepare("SELECT count(*) AS n FROM audit_log WHERE entity = 'document'").get()).toEqual({ n: 1 })
    } finally {
      db.close()
    }
    const { openItems } = await ok(t.ws, 'handover.prepare', { today: TODAY })
    expect(openItems).toContainEqual(expect.objectContaining({ kind: 'conflict_unresolved', projectCode: 'AMIF-2024-RV-02' }))
  })
})
