import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { historyOf } from '../../database/audit'
import { sha256Hex } from '../../database/file/pdf-files'
import { DAC_CRITERIA } from '../../templates/types'
import type { Workspace } from '../../electron/api/workspace'
import { normalise, pdfText } from './fixtures/documents'
import { ok, openNewFile, refused, testWorkspace } from './helpers'

/** A day inside every demo project's life, so lateness and reports come out the same on every run. */
const TODAY = '2026-12-01'

async function demo() {
  const t = testWorkspace()
  await openNewFile(t.ws, path.join(t.dir, 'demo.amif'), { demo: true })
  return t
}

async function projectId(ws: Workspace, code: string): Promise<string> {
  const { rows } = await ok(ws, 'projects.list', { q: code })
  return rows.find((r) => r.code === code)!.id
}

/** The text of a stored document, read back from its bytes as written to disk by `documents.save`. */
async function savedText(t: Awaited<ReturnType<typeof demo>>, id: string): Promise<{ text: string; bytes: Buffer }> {
  t.dialogs.nextSavePath = path.join(t.dir, `${id}.pdf`)
  const saved = await ok(t.ws, 'documents.save', { id })
  if (saved.cancelled) throw new Error('cancelled')
  const bytes = fs.readFileSync(saved.path)
  expect(sha256Hex(bytes)).toBe(saved.sha256)
  return { text: pdfText(bytes).all, bytes }
}

describe('the file’s grantor', () => {
  it('is required before an agreement can be produced, then saved and found again', async () => {
    const t = testWorkspace()
    await openNewFile(t.ws, path.join(t.dir, 'empty.amif'))
    const org = await ok(t.ws, 'partners.create', { values: { name: 'Caritas International Belgique', kind: 'ngo', country: 'BE' } })
    const p = await ok(t.ws, 'projects.create', {
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
    expect(await ok(t.ws, 'grantor.get', {})).toBeNull()
    expect((await refused(t.ws, 'documents.generate', { projectId: p.id, kind: 'agreement', language: 'fr' })).code).toBe('GRANTOR_REQUIRED')
    expect(
      (await refused(t.ws, 'grantor.save', { values: { nameFr: 'Fedasil', signatoryName: 'A', signatoryTitleFr: 'B', enterpriseNumber: '0123.456.789' } }))
        .code,
    ).toBe('VALIDATION')

    const saved = await ok(t.ws, 'grantor.save', {
      values: {
        nameFr: 'Agence fédérale pour l’accueil des demandeurs d’asile',
        nameNl: 'Federaal Agentschap voor de opvang van asielzoekers',
        signatoryName: 'Anne Dupont',
        signatoryTitleFr: 'Directrice générale',
        city: 'Bruxelles',
        enterpriseNumber: '0270.230.023',
      },
    })
    expect(saved).toMatchObject({
      nameFr: 'Agence fédérale pour l’accueil des demandeurs d’asile',
      enterpriseNumber: '0270230023',
      updatedBy: 'Élise Test-Officer',
    })
    expect(
      (
        await refused(t.ws, 'grantor.save', {
          values: { nameFr: 'X', signatoryName: 'A', signatoryTitleFr: 'B' },
          expectedUpdatedAt: '2000-01-01T00:00:00.000Z',
        })
      ).code,
    ).toBe('STALE')

    // SO4's Dutch wording ships incomplete: no Dutch agreement quotes it (nor the French one instead) until the officer completes it.
    expect((await refused(t.ws, 'documents.generate', { projectId: p.id, kind: 'agreement', language: 'nl', today: TODAY })).code).toBe('WORDING_MISSING')
    const so4 =
      'bevorderen van solidariteit en een billijke verdeling van de verantwoordelijkheid tussen de lidstaten, met name ten aanzien van de lidstaten die het zwaarst door migratie- en asielproblemen worden getroffen'
    const completed = await ok(t.ws, 'reference.updateObjectiveWording', {
      code: 'SO4',
      values: { language: 'nl', wording: so4, source: 'PB L 251 van 15.7.2021', incomplete: false },
    })
    expect(completed).toMatchObject({ wordingNl: so4, sourceNl: 'PB L 251 van 15.7.2021', incompleteNl: false })
    const doc = await ok(t.ws, 'documents.generate', { projectId: p.id, kind: 'agreement', language: 'nl', today: TODAY })
    const { text } = await savedText({ ...t } as Awaited<ReturnType<typeof demo>>, doc.id)
    expect(text).toContain(so4)
    expect(text).not.toContain('accroître la solidarité')
    // The Dutch name where the file has it; the signatory's title falls back to French.
    expect(text).toContain('Federaal Agentschap voor de opvang van asielzoekers')
    expect(text).toContain('Anne Dupont, Directrice générale')
  })
})

describe('a project’s evaluation', () => {
  it('is saved on the six criteria and printed in the evaluation report', async () => {
    const t = await demo()
    const id = await projectId(t.ws, 'AMIF-2023-IN-01')
    const empty = await ok(t.ws, 'evaluations.get', { projectId: id })
    expect(empty.updatedAt).toBeNull()
    expect(DAC_CRITERIA.every((c) => empty.criteria[c].score === null)).toBe(true)

    const criteria = Object.fromEntries(DAC_CRITERIA.map((c, i) => [c, { score: 4 - (i % 4), comment: `Constat ${c}` }])) as Record<
      (typeof DAC_CRITERIA)[number],
      { score: number; comment: string }
    >
    const bad = { ...criteria, impact: { score: 5, comment: null } }
    expect((await refused(t.ws, 'evaluations.save', { projectId: id, values: { criteria: bad } })).code).toBe('VALIDATION')
    const saved = await ok(t.ws, 'evaluations.save', {
      projectId: id,
      values: { evaluatedOn: '2026-11-20', criteria, conclusions: 'Cours bien suivis.', recommendations: 'Ouvrir un groupe du soir.' },
    })
    expect(saved.criteria.relevance).toEqual({ score: 4, comment: 'Constat relevance' })
    expect((await refused(t.ws, 'evaluations.save', { projectId: id, values: { criteria }, expectedUpdatedAt: 'old' })).code).toBe('STALE')

    const doc = await ok(t.ws, 'documents.generate', { projectId: id, kind: 'report', language: 'fr', today: TODAY })
    const { text } = await savedText(t, doc.id)
    expect(text).toContain('Pertinence')
    expect(text).toContain('4 – Très satisfaisant')
    expect(text).toContain('Constat sustainability')
    expect(text).toContain('Ouvrir un groupe du soir.')
  })
})

describe('the agreement clauses', () => {
  it('show which articles differ from the defaults, and an edit reaches the next agreement', async () => {
    const t = await demo()
    const before = await ok(t.ws, 'clauses.list', { language: 'fr' })
    expect(before).toHaveLength(16)
    expect(before.filter((c) => c.modified)).toEqual([])
    const visibility = before.find((c) => c.key === 'visibility')!

    await ok(t.ws, 'clauses.save', {
      key: 'visibility',
      language: 'fr',
      title: visibility.title,
      body: `${visibility.body}\n\nLe bénéficiaire affiche aussi l’emblème sur les véhicules du projet ({projectCode}).`,
    })
    const after = await ok(t.ws, 'clauses.list', { language: 'fr' })
    expect(after.filter((c) => c.modified).map((c) => c.key)).toEqual(['visibility'])
    expect(after.find((c) => c.key === 'visibility')!.updatedBy).toBe('Élise Test-Officer')
    // Another language keeps its default.
    expect((await ok(t.ws, 'clauses.list', { language: 'nl' })).some((c) => c.modified)).toBe(false)

    const id = await projectId(t.ws, 'AMIF-2024-RS-01')
    const doc = await ok(t.ws, 'documents.generate', { projectId: id, kind: 'agreement', language: 'fr', today: TODAY })
    expect((await savedText(t, doc.id)).text).toContain('sur les véhicules du projet (AMIF-2024-RS-01)')

    // Saving the default text again is no edit; reset removes one.
    await ok(t.ws, 'clauses.save', { key: 'visibility', language: 'fr', title: visibility.defaultTitle, body: visibility.defaultBody })
    expect((await ok(t.ws, 'clauses.list', { language: 'fr' })).some((c) => c.modified)).toBe(false)
    await ok(t.ws, 'clauses.save', { key: 'controls', language: 'en', title: 'Checks', body: 'Audits may happen.' })
    await ok(t.ws, 'clauses.reset', { key: 'controls', language: 'en' })
    expect((await ok(t.ws, 'clauses.list', { language: 'en' })).some((c) => c.modified)).toBe(false)
    expect((await refused(t.ws, 'clauses.save', { key: 'no_such_article', language: 'fr', title: 'x', body: 'y' })).code).toBe('VALIDATION')
  })
})

describe('the document register', () => {
  it('replaces a draft until it is final, then starts the next version; finals are never changed', async () => {
    const t = await demo()
    const id = await projectId(t.ws, 'AMIF-2024-RV-01')
    const first = await ok(t.ws, 'documents.generate', { projectId: id, kind: 'agreement', language: 'fr', today: TODAY })
    expect(first).toMatchObject({
      kind: 'agreement',
      projectCode: 'AMIF-2024-RV-01',
      language: 'fr',
      version: 1,
      status: 'draft',
      reference: 'AMIF-2024-RV-01/CONV/v1',
      producedBy: 'Élise Test-Officer',
    })
    expect(first.fileName).toBe('AMIF-2024-RV-01 Convention de subvention v1 (brouillon).pdf')
    expect(first.sha256).toMatch(/^[0-9a-f]{64}$/)

    const again = await ok(t.ws, 'documents.generate', { projectId: id, kind: 'agreement', language: 'fr', today: TODAY })
    expect(again.id).toBe(first.id)
    expect(again.version).toBe(1)
    const dutch = await ok(t.ws, 'documents.generate', { projectId: id, kind: 'agreement', language: 'nl', today: TODAY })
    expect(dutch).toMatchObject({ version: 1, language: 'nl', fileName: 'AMIF-2024-RV-01 Subsidieovereenkomst v1 (ontwerp).pdf' })

    // The watermark's letters come out of the page one by one.
    const watermark = /B\s*R\s*O\s*U\s*I\s*L\s*L\s*O\s*N/
    const draftText = (await savedText(t, again.id)).text
    expect(draftText).toMatch(watermark)
    const final = await ok(t.ws, 'documents.finalize', { id: again.id, expectedUpdatedAt: again.updatedAt })
    expect(final).toMatchObject({ status: 'final', version: 1, fileName: 'AMIF-2024-RV-01 Convention de subvention v1.pdf' })
    expect(final.finalizedAt).not.toBeNull()
    const finalText = (await savedText(t, final.id)).text
    expect(finalText).not.toMatch(watermark)
    // The final version is the draft's text: same articles, same amounts.
    expect(finalText).toContain('1 770 850,00 €')
    expect(finalText.split(' Article ').length).toBe(draftText.split(' Article ').length)

    expect((await refused(t.ws, 'documents.finalize', { id: final.id })).code).toBe('DOCUMENT_FINAL')
    expect((await refused(t.ws, 'documents.delete', { id: final.id })).code).toBe('DOCUMENT_FINAL')
    const next = await ok(t.ws, 'documents.generate', { projectId: id, kind: 'agreement', language: 'fr', today: TODAY })
    expect(next).toMatchObject({ version: 2, status: 'draft', reference: 'AMIF-2024-RV-01/CONV/v2' })
    expect(next.id).not.toBe(final.id)

    const register = (await ok(t.ws, 'documents.list', { projectId: id })).rows
    expect(register.map((d) => `${d.language} v${d.version} ${d.status}`).sort()).toEqual(['fr v1 final', 'fr v2 draft', 'nl v1 draft'])
    await ok(t.ws, 'documents.delete', { id: dutch.id })
    expect((await ok(t.ws, 'documents.list', { projectId: id })).rows.map((d) => d.id)).not.toContain(dutch.id)

    // The history names each step; no PDF bytes in it.
    const history = await historyOf(t.ws.file().db, id)
    const documents = history.filter((h) => h.entity === 'document')
    expect(documents.map((h) => h.action)).toEqual(expect.arrayContaining(['create', 'update', 'delete']))
    expect(JSON.stringify(documents)).not.toMatch(/"pdf"|dataJson/)
  })

  it('writes a document where the officer chooses and opens it in the PDF viewer; a cancelled dialog writes nothing', async () => {
    const t = await demo()
    const id = await projectId(t.ws, 'AMIF-2024-RV-02')
    const doc = await ok(t.ws, 'documents.generate', { projectId: id, kind: 'report', language: 'en', today: TODAY })
    t.dialogs.nextSavePath = null
    expect(await ok(t.ws, 'documents.save', { id: doc.id })).toEqual({ cancelled: true })
    expect(t.dialogs.opened).toEqual([])
    const target = path.join(t.dir, 'out', 'report.pdf')
    fs.mkdirSync(path.dirname(target))
    t.dialogs.nextSavePath = target
    const saved = await ok(t.ws, 'documents.save', { id: doc.id })
    expect(saved).toMatchObject({ cancelled: false, path: target, bytes: doc.byteSize, sha256: doc.sha256 })
    expect(t.dialogs.opened).toEqual([target])
    expect(t.dialogs.saveRequests.at(-1)?.defaultName).toBe('AMIF-2024-RV-02 Evaluation report v1 (draft).pdf')
    t.dialogs.nextSavePath = path.join(t.dir, 'no-such-folder', 'x.pdf')
    expect((await refused(t.ws, 'documents.save', { id: doc.id })).code).toBe('WRITE_FAILED')
  })
})

describe('the documents say the right things', () => {
  it('an agreement names the parties, the amounts in the document’s language, the funding statement and page numbers', async () => {
    const t = await demo()
    const id = await projectId(t.ws, 'AMIF-2024-RV-01')
    const fr = await ok(t.ws, 'documents.generate', { projectId: id, kind: 'agreement', language: 'fr', today: TODAY })
    const nl = await ok(t.ws, 'documents.generate', { projectId: id, kind: 'agreement', language: 'nl', today: TODAY })
    const frText = (await savedText(t, fr.id)).text
    const nlText = (await savedText(t, nl.id)).text
    for (const phrase of [
      "Cofinancé par l'Union européenne",
      'Service public fédéral Intérieur – Autorité de gestion AMIF',
      'OIM – Organisation internationale pour les migrations',
      'Hendrik De Smedt',
      '1 770 850,00 €',
      '1 593 765,00 €',
      `Page 1 sur ${fr.pageCount}`,
      `Page ${fr.pageCount} sur ${fr.pageCount}`,
      'AMIF-2024-RV-01/CONV/v1',
    ]) {
      expect(frText, phrase).toContain(normalise(phrase))
    }
    for (const phrase of [
      'Medegefinancierd door de Europese Unie',
      'Federale Overheidsdienst Binnenlandse Zaken – Beheersautoriteit AMIF',
      '€ 1.770.850,00',
      '€ 1.593.765,00',
      `Pagina 1 van ${nl.pageCount}`,
      'Subsidieovereenkomst',
    ]) {
      expect(nlText, phrase).toContain(normalise(phrase))
    }
  })

  it('the programme report states its filters and lists only the projects that match', async () => {
    const t = await demo()
    const doc = await ok(t.ws, 'documents.generateProgramme', { language: 'en', objective: 'SO3', today: TODAY })
    expect(doc).toMatchObject({ kind: 'programme', projectId: null, version: 1 })
    const text = (await savedText(t, doc.id)).text
    expect(text).toContain('Programme report')
    expect(text).toContain('AMIF-2024-RV-01')
    expect(text).not.toContain('AMIF-2023-IN-01')
    const second = await ok(t.ws, 'documents.generateProgramme', { language: 'en', today: TODAY })
    expect(second.version).toBe(2)
    expect((await refused(t.ws, 'documents.generateProgramme', { language: 'en', from: '2026-12-31', to: '2026-01-01' })).code).toBe('VALIDATION')
  })
})
