import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { addAttachment, linkAttachment } from '../../database/attachments'
import { loadDemoData } from '../../database/demo'
import { finalizeDocument, produceDocument, type NameDocument, type RenderDocument } from '../../database/documents'
import { createAmifFile, openAmifFile } from '../../database/file'
import { migrate } from '../../database/file/migrate'
import { DOCUMENT_KINDS } from '../../database/domain/vocabulary'
import { MIGRATIONS } from '../../database/migrations'
import { DOCUMENT_KINDS_V13 } from '../../database/migrations/013_claim_documents'
import { asWritable } from '../../database/writable'
import { copyRowsInto } from './file-helpers'
import { APP_VERSION, makeFileAtVersion, OFFICER, tempDir } from './helpers'

/**
 * Migration 013: the register's two new kinds (verification and visit reports) and the claim or
 * visit a document is about, made by rebuilding `documents` (and `attachments`, which refers to
 * it) with every row kept as it was.
 */

const TODAY = '2026-03-15'
/** A stored PDF of a few megabytes, with bytes that would show any change. */
const BIG = Buffer.concat([
  Buffer.from('%PDF-1.7\n', 'latin1'),
  Buffer.from(Array.from({ length: 3 * 1024 * 1024 }, (_, i) => (i * 7919) % 256)),
  Buffer.from('\n%%EOF\n', 'latin1'),
])

const render: RenderDocument = async (stamp) =>
  stamp.kind === 'report' ? { bytes: BIG, pageCount: 40 } : { bytes: Buffer.from(`%PDF-1.7\n% ${stamp.status} v${stamp.version}\n%%EOF\n`), pageCount: 2 }
const name: NameDocument = (version, status) => ({ reference: `AMIF/TEST/${version}`, title: 'Convention', fileName: `Convention v${version} (${status}).pdf` })
const SCAN = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1')

/** A version 12 file as the app left it: demo data, documents (a final agreement, a large report), a signed scan linked to the agreement. */
async function usedFileAt12(dir: string): Promise<{ file: string; agreementId: string; scanId: string }> {
  const latest = path.join(dir, 'latest.amif')
  const made = asWritable(createAmifFile(latest, { appVersion: APP_VERSION }))
  let agreementId = ''
  let scanId = ''
  try {
    await loadDemoData(made.db, OFFICER, TODAY)
    const projects = made.sqlite.prepare("SELECT id FROM projects WHERE status <> 'draft' ORDER BY code").pluck().all() as string[]
    const base = { language: 'fr' as const, data: { title: 'x' }, params: null, name, render }
    const draft = await produceDocument(made.db, OFFICER, { ...base, kind: 'agreement', projectId: projects[0] })
    agreementId = (await finalizeDocument(made.db, OFFICER, draft.id, name, render)).id
    await produceDocument(made.db, OFFICER, { ...base, kind: 'report', projectId: projects[1], language: 'nl' })
    await produceDocument(made.db, OFFICER, { ...base, kind: 'programme', projectId: null })
    const scan = await addAttachment(made.db, OFFICER, {
      owner: { projectId: projects[0] },
      kind: 'signed_agreement',
      title: 'Convention signée',
      documentDate: TODAY,
      originalName: 'signee.pdf',
      bytes: SCAN,
    })
    scanId = (await linkAttachment(made.db, OFFICER, scan.id, agreementId)).id
  } finally {
    await made.close()
  }
  const file = makeFileAtVersion(path.join(dir, 'v12.amif'), 12)
  copyRowsInto(latest, file, { keepSeeded: true })
  fs.rmSync(latest, { force: true })
  return { file, agreementId, scanId }
}

/** Every row of a table with its rowid, bytes as hex. */
function rows(db: Database.Database, table: string): Record<string, unknown>[] {
  return (db.prepare(`SELECT rowid AS _rowid, * FROM ${table} ORDER BY rowid`).all() as Record<string, unknown>[]).map((r) =>
    Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Buffer.isBuffer(v) ? v.toString('hex') : v])),
  )
}

const schema = (db: Database.Database) =>
  db.prepare("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_stat%' ORDER BY type, name").all()

describe('migration 013 (the documents of claims and visits)', () => {
  it('writes out the app’s document kinds', () => {
    expect(DOCUMENT_KINDS_V13).toEqual(DOCUMENT_KINDS)
  })

  it('keeps every document and attachment of a version 12 file, the scan still linked to its agreement', async () => {
    const { file, agreementId, scanId } = await usedFileAt12(tempDir())
    const old = new Database(file, { readonly: true })
    const documents = rows(old, 'documents')
    const attachments = rows(old, 'attachments')
    old.close()
    expect(documents).toHaveLength(3)
    expect(attachments.find((a) => a.id === scanId)?.document_id).toBe(agreementId)

    const opened = openAmifFile(file)
    expect(opened.migrated).toEqual(MIGRATIONS.map((m) => m.version).filter((v) => v > 12))
    await opened.close()

    const db = new Database(file, { readonly: true })
    try {
      // Same rows, rowids, bytes and vectors; the documents have no subject.
      expect(rows(db, 'documents')).toEqual(documents.map((d) => ({ ...d, subject_id: null })))
      expect(rows(db, 'attachments')).toEqual(attachments)
      expect(db.prepare('SELECT length(pdf) FROM documents WHERE kind = ?').pluck().get('report')).toBe(BIG.length)
      // The attachment still points at `documents`, not at the table renamed away.
      const attachmentsSql = db.prepare("SELECT sql FROM sqlite_master WHERE name = 'attachments'").pluck().get() as string
      expect(attachmentsSql).toContain('REFERENCES documents(id) ON DELETE SET NULL')
      expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE sql LIKE '%m13_old%'").pluck().get()).toBe(0)
      expect(db.pragma('foreign_key_check')).toEqual([])
      // Exactly the schema of a new file.
      const fresh = new Database(':memory:')
      migrate(fresh)
      expect(schema(db)).toEqual(schema(fresh))
      fresh.close()
    } finally {
      db.close()
    }

    // The rebuilt tables still bump vectors, leave tombstones and set the link to NULL when the agreement goes.
    const rw = new Database(file)
    try {
      rw.pragma('foreign_keys = ON')
      const before = JSON.parse(rw.prepare('SELECT sync_vv FROM documents WHERE id = ?').pluck().get(agreementId) as string)
      rw.prepare("UPDATE documents SET title = 'Convention (bis)' WHERE id = ?").run(agreementId)
      const after = JSON.parse(rw.prepare('SELECT sync_vv FROM documents WHERE id = ?').pluck().get(agreementId) as string)
      const fileId = rw.prepare('SELECT file_id FROM meta').pluck().get() as string
      expect(after[fileId]).toBe((before[fileId] ?? 0) + 1)
      rw.prepare('DELETE FROM documents WHERE id = ?').run(agreementId)
      expect(rw.prepare('SELECT document_id FROM attachments WHERE id = ?').pluck().get(scanId)).toBeNull()
      expect(rw.prepare("SELECT count(*) FROM sync_tombstones WHERE table_name = 'documents' AND record_id = ?").pluck().get(agreementId)).toBe(1)
    } finally {
      rw.close()
    }
  }, 90_000)

  it('takes a verification report only with its project and claim, and the other kinds without a subject', () => {
    const db = new Database(':memory:')
    migrate(db)
    const at = '2026-03-15T10:00:00.000Z'
    db.prepare('INSERT INTO meta (id, file_id, created_at, created_with_version) VALUES (1, ?, ?, ?)').run('f1', at, 'test')
    const insert = (kind: string, projectId: string | null, subjectId: string | null) =>
      db
        .prepare(
          `INSERT INTO documents (id, kind, project_id, subject_id, language, version, status, reference, title, file_name, produced_at, produced_by,
             page_count, byte_size, sha256, pdf, data_json, created_at, updated_at, updated_by)
           VALUES (?, ?, ?, ?, 'fr', 1, 'draft', 'R', 'T', 'F.pdf', ?, 'E', 1, 4, ?, X'25504446', '{}', ?, ?, 'E')`,
        )
        .run(`${kind}-${projectId}-${subjectId}`, kind, projectId, subjectId, at, 'a'.repeat(64), at, at)
    db.pragma('foreign_keys = OFF')
    expect(() => insert('verification_report', 'p1', 'c1')).not.toThrow()
    expect(() => insert('visit_report', 'p1', 'v1')).not.toThrow()
    expect(() => insert('verification_report', 'p1', null)).toThrow(/CHECK/)
    expect(() => insert('visit_report', null, 'v1')).toThrow(/CHECK/)
    // A reminder letter is about one milestone of its project (issue 14 §7).
    expect(() => insert('reminder_letter', 'p1', 'm1')).not.toThrow()
    expect(() => insert('reminder_letter', 'p1', null)).toThrow(/CHECK/)
    expect(() => insert('reminder_letter', null, 'm1')).toThrow(/CHECK/)
    expect(() => insert('agreement', 'p1', 'c1')).toThrow(/CHECK/)
    expect(() => insert('programme', null, 'c1')).toThrow(/CHECK/)
    expect(() => insert('invoice', 'p1', 'c1')).toThrow(/CHECK/)
    db.close()
  })
})
