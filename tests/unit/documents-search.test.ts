import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { newId } from '../../database/ids'
import { newProjectValues, ok, testWorkspace } from './helpers'

/** The documents register is searched like the other lists (issue 14: Ctrl+F on every list). */
describe('the documents register search', () => {
  it('finds a document by its reference, title or project code, accents, case and hyphens ignored', async () => {
    const { ws, dir } = testWorkspace()
    await ws.create(path.join(dir, 'register.amif'))
    const org = await ok(ws, 'partners.create', { values: { name: 'Croix-Rouge de Belgique', kind: 'ngo' } })
    const project = await ok(ws, 'projects.create', { values: newProjectValues(org.id, 'AMIF-2026-RS-01') })
    const stamp = '2026-02-01T10:00:00.000Z'
    const insert = ws.file().sqlite.prepare(
      `INSERT INTO documents (id, kind, project_id, language, version, status, reference, title, file_name, produced_at, produced_by, finalized_at,
        page_count, byte_size, sha256, pdf, data_json, created_at, updated_at, updated_by)
       VALUES (?, ?, ?, 'fr', 1, 'draft', ?, ?, 'doc.pdf', ?, 'Élise', NULL, 1, 4, ?, ?, '{}', ?, ?, 'Élise')`,
    )
    insert.run(
      newId(),
      'agreement',
      project.id,
      'CONV-2026-001',
      'Convention de subvention — accueil',
      stamp,
      'a'.repeat(64),
      Buffer.from('%PDF'),
      stamp,
      stamp,
    )
    insert.run(newId(), 'programme', null, 'PROG-2026-001', 'Rapport de programme état des lieux', stamp, 'b'.repeat(64), Buffer.from('%PDF'), stamp, stamp)

    const found = async (q: string) => (await ok(ws, 'documents.list', { q })).rows.map((d) => d.reference)
    expect(await found('')).toHaveLength(2)
    expect(await found('convention')).toEqual(['CONV-2026-001'])
    expect(await found('ACCUEIL')).toEqual(['CONV-2026-001'])
    expect(await found('amif 2026 rs 01')).toEqual(['CONV-2026-001'])
    expect(await found('prog-2026')).toEqual(['PROG-2026-001'])
    expect(await found('etat des lieux')).toEqual(['PROG-2026-001'])
    expect(await found('2026 001')).toHaveLength(2)
    expect(await found('évaluation')).toEqual([])
    // With the kind filter too.
    expect((await ok(ws, 'documents.list', { q: '2026', kind: 'programme' })).rows.map((d) => d.reference)).toEqual(['PROG-2026-001'])
  })
})
