import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { documentColumns, insertDocument } from '../../database/documents'
import { detectMediaType, readVerifiedForViewer } from '../../database/file/attachment-files'
import { ATTACHMENT_KINDS, ATTACHMENT_MEDIA_TYPES, type AttachmentKind } from '../../database/domain/vocabulary'
import { ATTACHMENT_VOCABULARIES } from '../../database/migrations/010_attachments'
import { applyMerge, previewMerge, type MergeOptions } from '../../database/merge'
import { newId } from '../../database/ids'
import type { Workspace } from '../../electron/api/workspace'
import {
  COLLEAGUE,
  dumpTables,
  makeAmifFile,
  mergePair,
  OFFICER,
  ok,
  projectByCode,
  refused,
  tempDir,
  testWorkspace,
  writeAsAttacker,
  type FakeDialogs,
} from './helpers'

/**
 * Attachments (issue 14 §6): the documents an officer keeps without having produced them, held in
 * the file with their bytes and SHA-256, recognised by their content, never changed once added,
 * carried by handover and merge, and refused when a colleague's file holds a forged one.
 */

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex')

// ---------------------------------------------------------------------------------------------
// Files as the officer has them.

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1')
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('\0\0\0\rIHDR scan of a report', 'latin1')])
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('JFIF photo', 'latin1')])
/** A Windows program, whatever name it is given. */
const EXE = Buffer.concat([Buffer.from('MZ', 'latin1'), Buffer.alloc(200, 0x90)])

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})
function crc32(b: Buffer): number {
  let c = 0xffffffff
  for (const byte of b) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

/** A zip archive with its entries stored (as an office suite writes the first entry of an OpenDocument file). */
function zip(entries: [string, string][]): Buffer {
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  for (const [name, text] of entries) {
    const data = Buffer.from(text, 'utf8')
    const nameBytes = Buffer.from(name, 'utf8')
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt32LE(crc32(data), 14)
    local.writeUInt32LE(data.length, 18)
    local.writeUInt32LE(data.length, 22)
    local.writeUInt16LE(nameBytes.length, 26)
    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE(20, 4)
    central.writeUInt16LE(20, 6)
    central.writeUInt32LE(crc32(data), 16)
    central.writeUInt32LE(data.length, 20)
    central.writeUInt32LE(data.length, 24)
    central.writeUInt16LE(nameBytes.length, 28)
    central.writeUInt32LE(offset, 42)
    locals.push(local, nameBytes, data)
    centrals.push(central, nameBytes)
    offset += 30 + nameBytes.length + data.length
  }
  const cd = Buffer.concat(centrals)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(entries.length, 8)
  end.writeUInt16LE(entries.length, 10)
  end.writeUInt32LE(cd.length, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, cd, end])
}

const CONTENT_TYPES: [string, string] = ['[Content_Types].xml', '<?xml version="1.0"?><Types/>']
const DOCX = zip([CONTENT_TYPES, ['word/document.xml', '<w:document/>']])
const XLSX = zip([CONTENT_TYPES, ['xl/workbook.xml', '<workbook/>']])
const DOCM = zip([CONTENT_TYPES, ['word/document.xml', '<w:document/>'], ['word/vbaProject.bin', 'Sub AutoOpen()']])
const ODT = zip([
  ['mimetype', 'application/vnd.oasis.opendocument.text'],
  ['content.xml', '<office:document-content/>'],
])
const ODS = zip([
  ['mimetype', 'application/vnd.oasis.opendocument.spreadsheet'],
  ['content.xml', '<office:document-content/>'],
])
const PLAIN_ZIP = zip([['readme.txt', 'hello']])

/** A file the officer would pick, in a folder of its own. */
function pick(dir: string, name: string, bytes: Buffer): string {
  const p = path.join(dir, 'picked', name)
  fs.mkdirSync(path.dirname(p), { recursive: true })
  fs.writeFileSync(p, bytes)
  return p
}

async function smallFile() {
  const t = testWorkspace()
  const file = await makeAmifFile(path.join(t.dir, 'bureau.amif'))
  await t.ws.open(file)
  const org = await ok(t.ws, 'partners.create', { values: { name: 'Caritas International Belgique', acronym: 'Caritas', kind: 'ngo', country: 'BE' } })
  const project = await ok(t.ws, 'projects.create', {
    values: {
      code: 'AMIF-2026-RS-09',
      title: 'Accueil',
      beneficiaryId: org.id,
      strand: 'resettlement',
      objectiveCode: 'SO4',
      startDate: '2026-01-01',
      endDate: '2027-06-30',
      targetGroupIds: [],
    },
  })
  return { ...t, org, project }
}

/** Adds an attachment through the channel, the file chosen in the (fake) open dialog. */
async function attach(
  t: { ws: Workspace; dialogs: { nextOpenPath: string | null }; dir: string },
  owner: { projectId: string } | { organisationId: string },
  name: string,
  bytes: Buffer,
  kind: AttachmentKind = 'partner_report',
) {
  t.dialogs.nextOpenPath = pick(t.dir, name, bytes)
  const r = await ok(t.ws, 'attachments.add', { owner, values: { kind, title: `Pièce ${name}`, documentDate: '2026-02-14' } })
  if (r.cancelled) throw new Error('cancelled')
  return r.attachment
}

function counts(ws: Workspace) {
  const db = ws.file().sqlite
  return {
    attachments: db.prepare('SELECT count(*) FROM attachments').pluck().get(),
    audit: db.prepare('SELECT count(*) FROM audit_log').pluck().get(),
  }
}

describe('attachments of a project and of a partner', () => {
  it('are added from the file chosen in the dialog and found again with the same bytes and SHA-256', async () => {
    const t = await smallFile()
    const added = await attach(t, { projectId: t.project.id }, 'Rapport intermédiaire Caritas.pdf', PDF)
    expect(added).toMatchObject({
      projectId: t.project.id,
      organisationId: null,
      kind: 'partner_report',
      title: 'Pièce Rapport intermédiaire Caritas.pdf',
      documentDate: '2026-02-14',
      fileName: 'Rapport intermédiaire Caritas.pdf',
      mediaType: 'application/pdf',
      byteSize: PDF.length,
      sha256: sha(PDF),
      addedBy: OFFICER.name,
    })
    // A partner's attachment, its type read from its content: a PNG named .pdf is a PNG.
    const scan = await attach(t, { organisationId: t.org.id }, 'statuts.pdf', PNG)
    expect(scan).toMatchObject({ organisationId: t.org.id, projectId: null, mediaType: 'image/png', fileName: 'statuts.pdf.png' })

    const list = (await ok(t.ws, 'attachments.list', { projectId: t.project.id })).rows
    expect(list.map((a) => a.id)).toEqual([added.id])
    // Lists never carry the bytes.
    expect(JSON.stringify(list)).not.toContain('content')
    expect((await ok(t.ws, 'attachments.list', { organisationId: t.org.id })).rows.map((a) => a.id)).toEqual([scan.id])

    // Saved where the officer chooses, the same bytes, and opened with the system's viewer.
    t.dialogs.nextSavePath = path.join(t.dir, 'out', 'rapport.pdf')
    fs.mkdirSync(path.dirname(t.dialogs.nextSavePath))
    const saved = await ok(t.ws, 'attachments.save', { id: added.id })
    if (saved.cancelled) throw new Error('cancelled')
    expect(fs.readFileSync(saved.path).equals(PDF)).toBe(true)
    expect(saved.sha256).toBe(sha(PDF))
    expect(t.dialogs.opened).toEqual([saved.path])
    expect(readVerifiedForViewer(saved.path, saved.sha256).equals(PDF)).toBe(true)
    // A PNG is saved as a .png, whatever the officer typed.
    t.dialogs.nextSavePath = path.join(t.dir, 'out', 'statuts')
    const png = await ok(t.ws, 'attachments.save', { id: scan.id, open: false })
    if (png.cancelled) throw new Error('cancelled')
    expect(path.basename(png.path)).toBe('statuts.png')
    expect(fs.readFileSync(png.path).equals(PNG)).toBe(true)

    // Its history names the bytes by their fingerprint, never holds them.
    const audit = t.ws
      .file()
      .sqlite.prepare("SELECT action, parent_id, after_json FROM audit_log WHERE entity = 'attachment' AND record_id = ?")
      .get(added.id) as Record<string, string>
    expect(audit).toMatchObject({ action: 'create', parent_id: t.project.id })
    expect(JSON.parse(audit.after_json)).toMatchObject({ sha256: sha(PDF), byteSize: PDF.length, fileName: 'Rapport intermédiaire Caritas.pdf' })
    expect(audit.after_json).not.toContain('content')
  })

  it('has the closed lists of migration 010 the app itself uses', () => {
    expect(ATTACHMENT_VOCABULARIES).toEqual({ attachmentKinds: ATTACHMENT_KINDS, attachmentMediaTypes: ATTACHMENT_MEDIA_TYPES })
  })

  it('recognises each accepted type by its content, and no other', () => {
    expect([PDF, PNG, JPEG, DOCX, XLSX, ODT, ODS].map(detectMediaType)).toEqual([
      'application/pdf',
      'image/png',
      'image/jpeg',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'application/vnd.oasis.opendocument.text',
      'application/vnd.oasis.opendocument.spreadsheet',
    ])
    // A program, a document with macros, a plain archive, text, nothing.
    expect([EXE, DOCM, PLAIN_ZIP, Buffer.from('<html><script>'), Buffer.alloc(0)].map(detectMediaType)).toEqual([null, null, null, null, null])
  })

  it('refuses a file of another type or over 50 MB with its code, and writes nothing', async () => {
    const t = await smallFile()
    const before = counts(t.ws)
    const owner = { projectId: t.project.id }
    const values = { kind: 'supporting_document' as const, title: 'Facture', documentDate: null }

    t.dialogs.nextOpenPath = pick(t.dir, 'facture.pdf', EXE)
    expect((await refused(t.ws, 'attachments.add', { owner, values })).code).toBe('ATTACHMENT_UNSUPPORTED')
    t.dialogs.nextOpenPath = pick(t.dir, 'budget.docx', DOCM)
    expect((await refused(t.ws, 'attachments.add', { owner, values })).code).toBe('ATTACHMENT_UNSUPPORTED')
    // 50 MB and one byte, as a sparse file: refused on its size, before it is read.
    const big = pick(t.dir, 'scan.pdf', PDF)
    fs.truncateSync(big, 50 * 1024 * 1024 + 1)
    t.dialogs.nextOpenPath = big
    const tooLarge = await refused(t.ws, 'attachments.add', { owner, values })
    expect(tooLarge.code).toBe('ATTACHMENT_TOO_LARGE')
    expect(tooLarge.details).toMatchObject({ maxBytes: 50 * 1024 * 1024 })
    // The officer cancels: nothing either.
    t.dialogs.nextOpenPath = null
    expect(await ok(t.ws, 'attachments.add', { owner, values })).toEqual({ cancelled: true })
    // Bad values are refused before the dialog opens.
    expect((await refused(t.ws, 'attachments.add', { owner, values: { ...values, kind: 'invoice' } })).code).toBe('VALIDATION')
    expect((await refused(t.ws, 'attachments.add', { owner, values: { ...values, title: ' ' } })).code).toBe('VALIDATION')
    // A project the file does not hold, the file itself fine.
    t.dialogs.nextOpenPath = pick(t.dir, 'rapport.pdf', PDF)
    expect((await refused(t.ws, 'attachments.add', { owner: { projectId: newId() }, values })).code).toBe('NOT_FOUND')

    expect(counts(t.ws)).toEqual(before)
  })

  it('are never changed: the database refuses an UPDATE of what they are', async () => {
    const t = await smallFile()
    const a = await attach(t, { projectId: t.project.id }, 'rapport.pdf', PDF)
    const db = t.ws.file().sqlite
    const forged = Buffer.concat([PDF, Buffer.from('% changed')])
    for (const [column, value] of [
      ['content', forged],
      ['title', 'Autre titre'],
      ['kind', 'other'],
      ['file_name', 'autre.pdf'],
      ['added_by', 'Quelqu’un'],
    ] as const) {
      expect(() => db.prepare(`UPDATE attachments SET ${column} = ? WHERE id = ?`).run(value, a.id), column).toThrow(/never changed/)
    }
    expect((await ok(t.ws, 'attachments.list', { projectId: t.project.id })).rows[0]).toEqual(a)
  })

  it('are removed with a tombstone and an audit row, so the removal travels', async () => {
    const t = await smallFile()
    const a = await attach(t, { projectId: t.project.id }, 'rapport.pdf', PDF)
    expect(await ok(t.ws, 'attachments.remove', { id: a.id })).toEqual({ removed: a.id })
    expect((await ok(t.ws, 'attachments.list', { projectId: t.project.id })).rows).toEqual([])
    const db = t.ws.file().sqlite
    expect(db.prepare("SELECT record_id FROM sync_tombstones WHERE table_name = 'attachments'").pluck().all()).toEqual([a.id])
    const audit = db.prepare("SELECT action, before_json FROM audit_log WHERE entity = 'attachment' AND record_id = ? ORDER BY at").all(a.id) as {
      action: string
      before_json: string | null
    }[]
    expect(audit.map((r) => r.action)).toEqual(['create', 'delete'])
    expect(JSON.parse(audit[1].before_json!)).toMatchObject({ sha256: sha(PDF), title: 'Pièce rapport.pdf' })
    expect((await refused(t.ws, 'attachments.remove', { id: a.id })).code).toBe('NOT_FOUND')
  })

  it('a signed scan points to the project’s produced agreement', async () => {
    const t = await smallFile()
    const scan = await attach(t, { projectId: t.project.id }, 'convention signée.pdf', PDF, 'signed_agreement')
    const other = await attach(t, { projectId: t.project.id }, 'rapport.pdf', PDF)
    const docId = await t.ws
      .writableFile()
      .db.transaction()
      .execute((trx) =>
        insertDocument(
          trx,
          OFFICER,
          documentColumns({
            kind: 'agreement',
            projectId: t.project.id,
            language: 'fr',
            version: 1,
            status: 'final',
            reference: 'AMIF-2026-RS-09/CONV/v1',
            title: 'Convention',
            fileName: 'convention.pdf',
            producedAt: '2026-02-01T10:00:00.000Z',
            officer: OFFICER,
            bytes: PDF,
            pageCount: 1,
            data: {},
          }),
        ),
      )
    const linked = await ok(t.ws, 'attachments.link', { id: scan.id, documentId: docId })
    expect(linked).toMatchObject({ documentId: docId, documentReference: 'AMIF-2026-RS-09/CONV/v1', sha256: scan.sha256 })
    // Only a signed-agreement scan, and only to an agreement.
    expect((await refused(t.ws, 'attachments.link', { id: other.id, documentId: docId })).code).toBe('VALIDATION')
    expect((await ok(t.ws, 'attachments.link', { id: scan.id, documentId: null })).documentId).toBeNull()
  })
})

describe('attachments travel', () => {
  it('in the handover copy, with the same bytes', async () => {
    const t = await smallFile()
    const a = await attach(t, { projectId: t.project.id }, 'rapport.pdf', PDF)
    const dest = path.join(t.dir, 'out', 'passation.amif')
    fs.mkdirSync(path.dirname(dest))
    t.dialogs.nextSavePath = dest
    const r = await ok(t.ws, 'handover.write', { values: { toName: 'Pieter Janssens', note: 'Le scan est joint.' }, language: 'fr', today: '2026-12-01' })
    if (r.cancelled) throw new Error('cancelled')
    const copy = new Database(dest, { readonly: true, fileMustExist: true })
    try {
      const row = copy.prepare('SELECT sha256, content FROM attachments WHERE id = ?').get(a.id) as { sha256: string; content: Buffer }
      expect(row.sha256).toBe(sha(PDF))
      expect(row.content.equals(PDF)).toBe(true)
    } finally {
      copy.close()
    }
  })

  const OPTIONS: MergeOptions = { officer: OFFICER, resolutions: {}, backup: false, prefer: 'theirs' }

  it('in a merge: a colleague’s new attachment arrives with its bytes', async () => {
    const { mine, theirs, theirsPath } = await mergePair()
    const rv = await projectByCode(mine, 'AMIF-2024-RV-01')
    const theirsDir = path.dirname(theirsPath)
    ;(theirs.dialogs as FakeDialogs).nextOpenPath = pick(theirsDir, 'rapport OIM.docx', DOCX)
    const r = await ok(theirs, 'attachments.add', { owner: { projectId: rv.id }, values: { kind: 'partner_report', title: 'Rapport OIM', documentDate: null } })
    if (r.cancelled) throw new Error('cancelled')
    await theirs.close()

    const applied = await applyMerge(mine.writableFile(), theirsPath, OPTIONS)
    expect(applied.refused).toEqual([])
    const list = (await ok(mine, 'attachments.list', { projectId: rv.id })).rows
    expect(list).toEqual([
      expect.objectContaining({ id: r.attachment.id, title: 'Rapport OIM', sha256: sha(DOCX), fileName: 'rapport OIM.docx', addedBy: COLLEAGUE.name }),
    ])
    const bytes = mine.file().sqlite.prepare('SELECT content FROM attachments WHERE id = ?').pluck().get(r.attachment.id) as Buffer
    expect(bytes.equals(DOCX)).toBe(true)
  }, 60_000)

  it('in a merge: a removal arrives as a tombstone', async () => {
    let shared = ''
    const { mine, theirs, theirsPath } = await mergePair(async (ws) => {
      const rv = await projectByCode(ws, 'AMIF-2024-RV-01')
      ;(ws.dialogs as FakeDialogs).nextOpenPath = pick(tempDir(), 'scan.pdf', PDF)
      const r = await ok(ws, 'attachments.add', { owner: { projectId: rv.id }, values: { kind: 'supporting_document', title: 'Facture', documentDate: null } })
      if (!r.cancelled) shared = r.attachment.id
    })
    await ok(theirs, 'attachments.remove', { id: shared })
    await theirs.close()
    const applied = await applyMerge(mine.writableFile(), theirsPath, OPTIONS)
    expect(applied.deleted).toBe(1)
    expect(mine.file().sqlite.prepare('SELECT count(*) FROM attachments').pluck().get()).toBe(0)
  }, 60_000)

  it('in a merge: a colleague’s link of the signed scan to its agreement arrives (the link is the one thing that may change)', async () => {
    let scan = ''
    let agreement = ''
    const { mine, theirs, theirsPath } = await mergePair(async (ws) => {
      const rv = await projectByCode(ws, 'AMIF-2024-RV-01')
      ;(ws.dialogs as FakeDialogs).nextOpenPath = pick(tempDir(), 'convention signée.pdf', PDF)
      const r = await ok(ws, 'attachments.add', {
        owner: { projectId: rv.id },
        values: { kind: 'signed_agreement', title: 'Convention signée', documentDate: '2025-10-01' },
      })
      if (!r.cancelled) scan = r.attachment.id
      agreement = await ws
        .writableFile()
        .db.transaction()
        .execute((trx) =>
          insertDocument(
            trx,
            OFFICER,
            documentColumns({
              kind: 'agreement',
              projectId: rv.id,
              language: 'fr',
              version: 1,
              status: 'final',
              reference: 'AMIF-2024-RV-01/CONV/v1',
              title: 'Convention',
              fileName: 'convention.pdf',
              producedAt: '2025-09-01T10:00:00.000Z',
              officer: OFFICER,
              bytes: PDF,
              pageCount: 1,
              data: {},
            }),
          ),
        )
    })
    await ok(theirs, 'attachments.link', { id: scan, documentId: agreement })
    await theirs.close()
    const applied = await applyMerge(mine.writableFile(), theirsPath, OPTIONS)
    expect(applied.refused).toEqual([])
    expect(applied.updated).toBe(1)
    const row = mine.file().sqlite.prepare('SELECT document_id, sha256 FROM attachments WHERE id = ?').get(scan)
    expect(row).toEqual({ document_id: agreement, sha256: sha(PDF) })
  }, 60_000)

  it('refuses a forged attachment in a colleague’s file with its reason, and writes nothing of it', async () => {
    let shared = ''
    const { mine, theirs, minePath, theirsPath } = await mergePair(async (ws) => {
      const rv = await projectByCode(ws, 'AMIF-2024-RV-01')
      ;(ws.dialogs as FakeDialogs).nextOpenPath = pick(tempDir(), 'scan.pdf', PDF)
      const r = await ok(ws, 'attachments.add', { owner: { projectId: rv.id }, values: { kind: 'supporting_document', title: 'Facture', documentDate: null } })
      if (!r.cancelled) shared = r.attachment.id
    })
    const rv = await projectByCode(mine, 'AMIF-2024-RV-01')
    await theirs.close()

    const ids: Record<string, string> = {}
    const STAMP = '2026-02-01T10:00:00.000Z'
    writeAsAttacker(theirsPath, (db) => {
      const insert = (bytes: Buffer, mediaType: string, digest = sha(bytes), size = bytes.length, name = 'piece.pdf') => {
        const id = newId()
        db.prepare(
          `INSERT INTO attachments (id, project_id, kind, title, file_name, media_type, byte_size, sha256, content, added_by, created_at, updated_at, updated_by)
           VALUES (?, ?, 'partner_report', 'Rapport', ?, ?, ?, ?, ?, 'Pieter', ?, ?, 'Pieter')`,
        ).run(id, rv.id, name, mediaType, size, digest, bytes, STAMP, STAMP)
        return id
      }
      ids.hash = insert(PDF, 'application/pdf', sha(Buffer.from('other')))
      ids.magic = insert(EXE, 'application/pdf')
      ids.claimsPng = insert(PDF, 'image/png', sha(PDF), PDF.length, 'piece.png')
      const big = Buffer.alloc(50 * 1024 * 1024 + 1, 0x20)
      PDF.copy(big)
      ids.big = insert(big, 'application/pdf')
      ids.name = insert(PDF, 'application/pdf', sha(PDF), PDF.length, '..\\..\\Startup\\run.pdf')
      ids.good = insert(JPEG, 'image/jpeg', sha(JPEG), JPEG.length, 'photo.jpg')
      // The shared attachment, its bytes swapped (with a matching fingerprint), past the trigger, which is then put back.
      const trigger = db.prepare("SELECT sql FROM sqlite_master WHERE name = 'attachments_unchanged'").pluck().get() as string
      db.exec('DROP TRIGGER attachments_unchanged')
      const swapped = Buffer.concat([PDF, Buffer.from('% IBAN BE71 0961 2345 6769')])
      db.prepare('UPDATE attachments SET content = ?, sha256 = ?, byte_size = ? WHERE id = ?').run(swapped, sha(swapped), swapped.length, shared)
      db.exec(trigger)
      ids.shared = shared
    })
    const before = dumpTables(minePath, ['attachments'])

    const preview = await previewMerge(mine.file(), theirsPath)
    const reasons = Object.fromEntries(preview.refused.map((r) => [r.id, [r.table, r.reason, r.field]]))
    expect(reasons).toEqual({
      [ids.hash]: ['attachments', 'pdf_mismatch', 'content'],
      [ids.magic]: ['attachments', 'wrong_type', 'content'],
      [ids.claimsPng]: ['attachments', 'wrong_type', 'content'],
      [ids.big]: ['attachments', 'invalid_value', 'byteSize'],
      [ids.name]: ['attachments', 'invalid_value', 'fileName'],
      [ids.shared]: ['attachments', 'attachment_changed', 'byteSize'],
    })
    const applied = await applyMerge(mine.writableFile(), theirsPath, OPTIONS)
    expect(applied.refused.map((r) => r.id).sort()).toEqual(Object.keys(reasons).sort())
    // Only the honest one came in; the shared one is as it was.
    const after = dumpTables(minePath, ['attachments'])
    expect(after.attachments.length).toBe(before.attachments.length + 1)
    const list = (await ok(mine, 'attachments.list', { projectId: rv.id })).rows
    expect(list.map((a) => a.id).sort()).toEqual([ids.good, shared].sort())
    expect(list.find((a) => a.id === shared)?.sha256).toBe(sha(PDF))
  }, 60_000)
})
