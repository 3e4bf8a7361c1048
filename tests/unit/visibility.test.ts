import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { pdfText } from './fixtures/documents'
import { ok, openNewFile, refused, testWorkspace } from './helpers'

/**
 * The visibility article (CPR Art. 47, 50): only the plaque or poster obligations may be adapted,
 * only on grounds of security or public order, and the adaptation is written in the agreement
 * itself; the statement on documents and the website description always apply.
 */

const TODAY = '2026-12-01'
const ADAPTATION = 'Pas de plaque à l’entrée du centre d’accueil (adresse confidentielle) : affiche A3 dans le bureau administratif uniquement.'

async function agreementText(lang: 'fr' | 'nl' | 'en', adaptation: string | null) {
  const t = testWorkspace()
  await openNewFile(t.ws, path.join(t.dir, 'demo.amif'), { demo: true })
  const { rows } = await ok(t.ws, 'projects.list', { q: 'AMIF-2024-AC-02' })
  const p = await ok(t.ws, 'projects.get', { id: rows[0].id })
  const { budget: _b, ...rest } = p
  const values = {
    code: rest.code,
    title: rest.title,
    description: rest.description,
    beneficiaryId: rest.beneficiaryId,
    strand: rest.strand,
    strandObjectiveId: rest.strandObjectiveId,
    objectiveCode: rest.objectiveCode,
    callId: rest.callId,
    startDate: rest.startDate,
    endDate: rest.endDate,
    officerName: rest.officerName,
    euRateBp: rest.euRateBp,
    rateGround: rest.rateGround,
    rateJustification: rest.rateJustification,
    targetGroupIds: rest.targetGroupIds,
    visibilityAdaptation: adaptation,
  }
  const saved = await ok(t.ws, 'projects.update', { id: p.id, expectedUpdatedAt: p.updatedAt, values })
  expect(saved.visibilityAdaptation).toBe(adaptation)
  const doc = await ok(t.ws, 'documents.generate', { projectId: p.id, kind: 'agreement', language: lang, today: TODAY })
  t.dialogs.nextSavePath = path.join(t.dir, 'a.pdf')
  const file = await ok(t.ws, 'documents.save', { id: doc.id })
  if (file.cancelled) throw new Error('cancelled')
  return { t, p, text: pdfText(fs.readFileSync(file.path)).all }
}

describe('the visibility article', () => {
  it('prints the plaque or poster adaptation the project records, in the agreement itself', async () => {
    const { text } = await agreementText('fr', ADAPTATION)
    const article = text.slice(text.indexOf('Visibilité'), text.indexOf('Contrôles, audits'))
    expect(article).toContain('Exigences spécifiques d’affichage (sécurité ou ordre public)'.replace(/’/g, "'"))
    expect(article).toContain(ADAPTATION.replace(/’/g, "'"))
    // Security or public order only, never a later approval, never data protection; the statement and the website always apply.
    expect(article).toContain("raisons de sécurité ou d'ordre public")
    expect(article).toContain('en toute hypothèse')
    expect(article).not.toMatch(/accord écrit|protection des données/)
  })

  it('says there is none when the project records none', async () => {
    const { text } = await agreementText('en', null)
    const article = text.slice(text.indexOf('– Visibility'), text.indexOf('Checks, audits'))
    expect(article).toContain('None: the plaque, billboard and poster obligations apply as they stand.')
    expect(article).toContain('always apply')
    expect(article).not.toMatch(/written approval|personal data/)
  })

  it('refuses an adaptation longer than the field allows, changing nothing', async () => {
    const t = testWorkspace()
    await openNewFile(t.ws, path.join(t.dir, 'demo.amif'), { demo: true })
    const { rows } = await ok(t.ws, 'projects.list', { q: 'AMIF-2024-AC-02' })
    const p = await ok(t.ws, 'projects.get', { id: rows[0].id })
    const error = await refused(t.ws, 'projects.update', {
      id: p.id,
      values: {
        code: p.code,
        title: p.title,
        beneficiaryId: p.beneficiaryId,
        strand: p.strand,
        objectiveCode: p.objectiveCode,
        startDate: p.startDate,
        endDate: p.endDate,
        visibilityAdaptation: 'x'.repeat(2001),
      },
    })
    expect(error.code).toBe('VALIDATION')
    expect((await ok(t.ws, 'projects.get', { id: p.id })).visibilityAdaptation).toBeNull()
  })
})
