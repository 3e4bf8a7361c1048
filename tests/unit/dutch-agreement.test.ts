import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { OBJECTIVE_WORDING_2026 } from '../../database/migrations/data/reference-2021-2027'
import { normalise, pdfFonts, pdfText } from './fixtures/documents'
import { ok, openNewFile, testWorkspace } from './helpers'

/**
 * The Dutch agreement of a demo project, read back from the PDF the app stores: the objective in
 * its official Dutch wording, Dutch names and places, and no French sentence from the app's own
 * wording (the officer's project data, entered in French, is what it is).
 */

const TODAY = '2026-12-01'

/** French words that never occur in a Dutch sentence. */
const FRENCH = /(?<!\p{L})(le|la|les|du|des|et|pour|est|aux|au|une|sur|dans|ou|ses|leur|selon)(?!\p{L})|(?<!\p{L})[ldjnqs]['’]\p{L}/iu

describe('the Dutch agreement of a demo project', () => {
  it('quotes the Dutch official wording of its objective, names the parties and the place in Dutch, and holds no French sentence', async () => {
    const t = testWorkspace()
    await openNewFile(t.ws, path.join(t.dir, 'demo.amif'), { demo: true })
    const { rows } = await ok(t.ws, 'projects.list', { q: 'AMIF-2023-AC-01' })
    const id = rows.find((r) => r.code === 'AMIF-2023-AC-01')!.id
    const project = await ok(t.ws, 'projects.get', { id })
    expect(project.objectiveCode).toBe('SO1')

    const doc = await ok(t.ws, 'documents.generate', { projectId: id, kind: 'agreement', language: 'nl', today: TODAY })
    t.dialogs.nextSavePath = path.join(t.dir, 'nl.pdf')
    const saved = await ok(t.ws, 'documents.save', { id: doc.id })
    if (saved.cancelled) throw new Error('cancelled')
    const bytes = fs.readFileSync(saved.path)
    const text = pdfText(bytes).all

    expect(text).toContain(normalise(OBJECTIVE_WORDING_2026.find((o) => o.code === 'SO1')!.nl))
    expect(text).not.toContain('renforcer et développer tous les aspects')
    expect(text).toContain('Opgemaakt te Brussel')
    expect(text).toContain('Leuvenseweg 1, 1000 Brussel')
    expect(text).toContain('Federaal Agentschap voor de opvang van asielzoekers')
    expect(text).toContain('Kartuizersstraat 21, 1000 Brussel')
    expect(text).toContain('Medegefinancierd door de Europese Unie')
    expect(pdfFonts(bytes).some((f) => /Ubuntu/.test(f.name) && f.embedded)).toBe(true)

    // What remains once the officer's own French data (title, description, budget lines, milestones, call) is set aside.
    const data = [
      project.title,
      project.description,
      project.callId ? (await ok(t.ws, 'calls.get', { id: project.callId })).title : null,
      ...project.budget.lines.map((l) => l.description),
      ...project.milestones.flatMap((m) => [m.title, m.description]),
      // Contacts' job titles are as the partner gave them.
      ...(await ok(t.ws, 'partners.get', { id: project.beneficiaryId })).contacts.map((c) => c.jobTitle),
    ].filter((s): s is string => !!s)
    let wording = text
    for (const d of data.sort((a, b) => b.length - a.length)) wording = wording.split(normalise(d)).join(' ')
    const french = wording.match(new RegExp(FRENCH.source, 'giu'))
    expect(french, wording.slice(Math.max(0, wording.search(FRENCH) - 120), wording.search(FRENCH) + 120)).toBeNull()
  })
})
