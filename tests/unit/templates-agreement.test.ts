import { beforeAll, describe, expect, it } from 'vitest'
import { buildAgreement } from '../../templates/agreement'
import { CLAUSE_KEYS, clauseTexts, clauseValues, defaultClause } from '../../templates/clauses'
import { renderPdf } from '../../templates/render'
import type { AgreementData, DocLanguage } from '../../templates/types'
import { NAMES, agreementData, normalise, pdfInfo, pdfText, watermarkPattern, type PdfText } from './fixtures/documents'

/** Rendering real PDFs takes seconds on a busy machine: more than vitest's default for a hook. */
const RENDER_TIMEOUT = 60_000

interface Rendered {
  bytes: Buffer
  pageCount: number
  text: PdfText
}

async function render(data: AgreementData, lang: DocLanguage): Promise<Rendered> {
  const { bytes, pageCount } = await renderPdf(buildAgreement(data, lang))
  return { bytes, pageCount, text: pdfText(bytes) }
}

/** Asserts that the phrases occur in this order in the text. */
function expectInOrder(text: string, phrases: string[]): void {
  let at = -1
  for (const phrase of phrases) {
    const next = text.indexOf(phrase, at + 1)
    expect(next, `« ${phrase} » after position ${at}`).toBeGreaterThan(at)
    at = next
  }
}

const LABELS = {
  fr: {
    title: 'Convention de subvention',
    article: 'Article',
    page: (i: number, n: number) => `Page ${i} sur ${n}`,
    watermark: 'BROUILLON',
    annexes: ['Annexe I – Budget détaillé', 'Annexe II – Indicateurs et valeurs cibles', 'Annexe III – Jalons et livrables'],
  },
  nl: {
    title: 'Subsidieovereenkomst',
    article: 'Artikel',
    page: (i: number, n: number) => `Pagina ${i} van ${n}`,
    watermark: 'ONTWERP',
    annexes: ['Bijlage I – Gedetailleerde begroting', 'Bijlage II – Indicatoren en streefwaarden', 'Bijlage III – Mijlpalen en resultaten'],
  },
  en: {
    title: 'Grant agreement',
    article: 'Article',
    page: (i: number, n: number) => `Page ${i} of ${n}`,
    watermark: 'DRAFT',
    annexes: ['Annex I – Detailed budget', 'Annex II – Indicators and targets', 'Annex III – Milestones and deliverables'],
  },
} as const

describe.each(['fr', 'nl', 'en'] as const)('the grant agreement in %s', (lang) => {
  let draft: Rendered
  let final: Rendered
  beforeAll(async () => {
    draft = await render(agreementData(lang, 'draft'), lang)
    final = await render(agreementData(lang, 'final'), lang)
  }, RENDER_TIMEOUT)

  it('has a title, the reference and the version on its first page', () => {
    const first = normalise(draft.text.raw[0])
    expect(first).toContain(LABELS[lang].title)
    expect(first).toContain('AMIF-2025-RV-03/CONV/v2')
    expect(first).toContain('AMIF-2025-RV-03 – Retour volontaire et réintégration durable des personnes vulnérables')
    expect(first).toContain({ fr: 'Version 2 (brouillon)', nl: 'Versie 2 (ontwerp)', en: 'Version 2 (draft)' }[lang])
    expect(normalise(final.text.raw[0])).toContain(
      { fr: 'Version 2 (version définitive)', nl: 'Versie 2 (definitieve versie)', en: 'Version 2 (final version)' }[lang],
    )
  })

  it('names both parties with their identification and their signatories', () => {
    const first = normalise(draft.text.raw[0])
    const expected = {
      fr: [
        "Agence fédérale pour l'accueil des demandeurs d'asile (Fedasil)",
        "Numéro d'entreprise 0123.456.749",
        'Rue des Chartreux 19-21, 1000 Bruxelles, Belgique',
        'Représenté par Anne-Sophie Delvaux-Lefèvre, Directrice générale',
        'Forme juridique Organisation internationale',
        'Enregistrement CHE-105.829.130 (Genève)',
        'Compte bancaire (IBAN) BE68 5390 0754 7034',
        'BIC GKCCBEBB',
        `Représenté par ${NAMES.beneficiarySignatory}, Cheffe de mission`,
        "ci-après « l'autorité subsidiante »",
        'ci-après « le bénéficiaire »',
      ],
      nl: [
        'Federaal Agentschap voor de opvang van asielzoekers (Fedasil)',
        'Ondernemingsnummer 0123.456.749',
        'Kartuizersstraat 19-21, 1000 Brussel, België',
        'Rechtsvorm Overheid',
        'Rechtsvorm Internationale organisatie',
        'Bankrekening (IBAN) BE68 5390 0754 7034',
        `Vertegenwoordigd door ${NAMES.beneficiarySignatory}, Hoofd van de missie`,
        'hierna “de begunstigde”',
      ],
      en: [
        'Federal Agency for the Reception of Asylum Seekers (Fedasil)',
        'Enterprise number 0123.456.749',
        'Legal form Public authority',
        'Registration CHE-105.829.130 (Genève)',
        'Bank account (IBAN) BE68 5390 0754 7034',
        `Represented by ${NAMES.beneficiarySignatory}, Chief of Mission`,
        'hereinafter “the grantor”',
      ],
    }[lang]
    for (const phrase of expected) expect(first).toContain(phrase)
  })

  it('carries the funding statement beside the emblem', () => {
    expect(normalise(draft.text.raw[0])).toContain(
      { fr: "Cofinancé par l'Union européenne", nl: 'Medegefinancierd door de Europese Unie', en: 'Co-funded by the European Union' }[lang],
    )
  })

  it('numbers every article in order, each with its title', () => {
    const titles = data().clauses.map((c, i) => normalise(`${LABELS[lang].article} ${i + 1} – ${c.title}`))
    expect(titles).toHaveLength(CLAUSE_KEYS.length)
    expectInOrder(draft.text.all, titles)
  })

  it('lays out the figures under the articles that fix them, amounts in the document language', () => {
    const all = draft.text.all
    const amounts = {
      fr: ['889 555,73 €', '800 600,15 €', '88 955,58 €', '324 360,50 €', '320 240,06 €', '195 702,26 €'],
      nl: ['€ 889.555,73', '€ 800.600,15', '€ 88.955,58', '€ 324.360,50', '€ 320.240,06', '€ 195.702,26'],
      en: ['€889,555.73', '€800,600.15', '€88,955.58', '€324,360.50', '€320,240.06', '€195,702.26'],
    }[lang]
    for (const amount of amounts) expect(all).toContain(amount)
    const figures = {
      fr: [
        'SO3 – Retour',
        'Retour volontaire',
        'RV-2 – Soutien à la réintégration',
        'FED-AMIF-2024-RV',
        'Programme national AMIF 2021-2027 de la Belgique (CCI 2021BE65AMPR001)',
        'Règlement (UE) 2021/1147',
        'du 01/01/2025 au 31/12/2026',
        "Taux de cofinancement de l'Union 90 %",
        "Motif du taux supérieur à 75 % Action de l'annexe IV",
        'Forfait 7 % des coûts directs',
        'Avance 31/01/2025',
        'Rapport final',
        '01/03/2027',
        'O.3.3',
        'R.3.6',
        'Partenaire de réintégration',
      ],
      nl: [
        'SO3 – Terugkeer',
        'Vrijwillige terugkeer',
        'Verordening (EU) 2021/1147',
        'van 01/01/2025 tot 31/12/2026',
        'Medefinancieringspercentage van de Unie 90%',
        'Grond voor een percentage boven 75% Actie van bijlage IV',
        'Voorschot 31/01/2025',
        'Eindverslag',
        'Re-integratiepartner',
      ],
      en: [
        'SO3 – Return',
        'Voluntary return',
        'Regulation (EU) 2021/1147',
        'from 01/01/2025 to 31/12/2026',
        'Union co-financing rate 90%',
        'Ground for a rate above 75% Annex IV action',
        'Advance 31/01/2025',
        'Final report',
        'Reintegration partner',
      ],
    }[lang]
    for (const phrase of figures) expect(all).toContain(phrase)
  })

  it('quotes the official wording of the objective in the document’s own language, never another’s', () => {
    const all = draft.text.all
    const wording = {
      fr: 'contribuer à la lutte contre la migration irrégulière',
      nl: 'bijdragen tot de bestrijding van irreguliere migratie',
      en: 'contributing to countering irregular migration',
    }
    expect(all).toContain(wording[lang])
    for (const other of (['fr', 'nl', 'en'] as const).filter((l) => l !== lang)) expect(all).not.toContain(wording[other])
  })

  it('renders accented, Cyrillic and Greek names exactly', () => {
    for (const name of [NAMES.beneficiarySignatory, NAMES.ukrainianPartner, NAMES.responsible, NAMES.officer]) expect(draft.text.all).toContain(name)
  })

  it('ends the articles with both signature blocks side by side', () => {
    const all = draft.text.all
    const expected = {
      fr: [
        'Fait à Bruxelles, le',
        'en deux exemplaires originaux',
        "Pour l'autorité subsidiante",
        'Pour le bénéficiaire',
        'Anne-Sophie Delvaux-Lefèvre',
        NAMES.beneficiarySignatory,
      ],
      nl: ['Opgemaakt te Brussel op', 'Voor de subsidiërende overheid', 'Voor de begunstigde'],
      en: ['Done at Brussels on', 'For the grantor', 'For the beneficiary'],
    }[lang]
    expectInOrder(all, [`${LABELS[lang].article} 16`, ...expected])
    // Side by side: both "for" lines on one line of the page.
    const signaturePage = final.text.layout.find((p) => p.includes(expected[expected.length - 1]) && /(Pour|Voor|For) /.test(p)) ?? ''
    const forLine = signaturePage.split('\n').find((l) => /(Pour l’autorité|Voor de subsidiërende|For the grantor)/.test(l)) ?? ''
    expect(forLine).toMatch(/(Pour le bénéficiaire|Voor de begunstigde|For the beneficiary)/)
  })

  it('puts each annex on a page of its own, after the signatures', () => {
    const annexPages = LABELS[lang].annexes.map((title) => draft.text.raw.findIndex((p) => normalise(p).startsWith(title)))
    expect(annexPages.every((i) => i > 0)).toBe(true)
    expect(annexPages[0]).toBeLessThan(annexPages[1])
    expect(annexPages[1]).toBeLessThan(annexPages[2])
    const budgetAnnex = normalise(draft.text.raw[annexPages[0]])
    for (const phrase of {
      fr: ['180 × 950,00 €', '150 × 1 800,00 €', '7 % × 831 360,50 €', 'Aide à la réintégration en nature', '58 195,23 €'],
      nl: ['180 × € 950,00', '7% × € 831.360,50'],
      en: ['180 × €950.00', '7% × €831,360.50'],
    }[lang]) {
      expect(budgetAnnex).toContain(phrase)
    }
    expect(normalise(draft.text.raw[annexPages[2]])).toContain('Mission de suivi au Cameroun')
  })

  it('numbers every page « x of y », y being the real page count', () => {
    const n = draft.pageCount
    expect(Number(pdfInfo(draft.bytes).Pages)).toBe(n)
    expect(n).toBeGreaterThanOrEqual(8)
    draft.text.raw.forEach((page, i) => {
      expect(normalise(page)).toContain(LABELS[lang].page(i + 1, n))
      expect(normalise(page)).toContain('AMIF-2025-RV-03/CONV/v2')
    })
  })

  it('runs a header with the title and the reference from page 2, not on page 1', () => {
    const headerLine = (page: string) => page.split('\n').find((l) => l.trim().length > 0) ?? ''
    expect(headerLine(final.text.layout[0])).not.toContain('AMIF-2025-RV-03/CONV/v2')
    for (const page of final.text.layout.slice(1)) {
      expect(headerLine(page)).toContain(LABELS[lang].title)
      expect(headerLine(page)).toContain('AMIF-2025-RV-03/CONV/v2')
    }
  })

  it('carries the draft watermark on every page while draft, and none when final', () => {
    const mark = watermarkPattern(LABELS[lang].watermark)
    expect(draft.text.raw.every((p) => mark.test(p))).toBe(true)
    expect(final.text.raw.some((p) => mark.test(p))).toBe(false)
    expect(final.pageCount).toBe(draft.pageCount)
  })

  it('reads the same in pdftotext’s layout mode: parties, amounts, statement, names, page numbers', () => {
    const layout = normalise(final.text.layout.join('\n'))
    const expected = {
      fr: ['0123.456.749', 'BE68 5390 0754 7034', '889 555,73 €', '800 600,15 €', "Cofinancé par l'Union européenne", `Page 1 sur ${final.pageCount}`],
      nl: ['0123.456.749', 'BE68 5390 0754 7034', '€ 889.555,73', '€ 800.600,15', 'Medegefinancierd door de Europese Unie', `Pagina 1 van ${final.pageCount}`],
      en: ['0123.456.749', 'BE68 5390 0754 7034', '€889,555.73', '€800,600.15', 'Co-funded by the European Union', `Page 1 of ${final.pageCount}`],
    }[lang]
    for (const phrase of [...expected, NAMES.beneficiarySignatory, NAMES.ukrainianPartner, NAMES.responsible, NAMES.officer]) expect(layout).toContain(phrase)
  })

  it('sets the PDF’s metadata', () => {
    const info = pdfInfo(final.bytes)
    expect(info.Title).toBe(`${LABELS[lang].title} – AMIF-2025-RV-03/CONV/v2`)
    expect(info.Author).toBe('Marc Vandenbroucke')
    expect(info.Subject).toBe('AMIF-2025-RV-03 – Retour volontaire et réintégration durable des personnes vulnérables')
    expect(info.Keywords).toContain('AMIF-2025-RV-03')
    expect(info.CreationDate).toMatch(/^2024-12-12T09:30:00/)
  })

  function data(): AgreementData {
    return agreementData(lang)
  }
})

describe('the grant agreement’s clauses', () => {
  it('prints the officer’s edit instead of the default, placeholders filled', async () => {
    const base = agreementData('fr', 'final')
    const clauses = clauseTexts(
      'fr',
      [
        {
          key: 'visibility',
          title: 'Visibilité et communication',
          body: 'Le bénéficiaire {beneficiary} affiche le projet {projectCode}.\n\nMention spéciale : {notAPlaceholder}.',
        },
      ],
      clauseValues(base, 'fr'),
    )
    const { bytes } = await renderPdf(buildAgreement({ ...base, clauses }, 'fr'))
    const all = pdfText(bytes).all
    expect(all).toContain('Article 11 – Visibilité et communication')
    expect(all).toContain('Le bénéficiaire Organisation internationale pour les migrations – Bureau de Bruxelles affiche le projet AMIF-2025-RV-03.')
    expect(all).toContain('Mention spéciale : {notAPlaceholder}.')
    expect(all).not.toContain(normalise(defaultClause('visibility', 'fr').body.split('\n')[0]).slice(0, 60))
    expect(all).toContain('Article 12 – Contrôles, audits et conservation des documents')
  })

  it('falls back to the default text for an article the data lacks, and keeps extra articles at the end', async () => {
    const base = agreementData('en', 'final')
    const clauses = [
      ...base.clauses.filter((c) => c.key !== 'controls'),
      { key: 'force_majeure', title: 'Force majeure', body: 'Neither party is liable for a failure caused by force majeure.' },
    ]
    const { bytes } = await renderPdf(buildAgreement({ ...base, clauses }, 'en'))
    const all = pdfText(bytes).all
    expect(all).toContain('Article 12 – Checks, audits and retention of documents')
    expect(all).toContain('for 5 years from 31 December of the year in which the grantor makes the last payment')
    expectInOrder(all, ['Article 16 – Applicable law and disputes', 'Article 17 – Force majeure', 'Neither party is liable', 'For the grantor'])
  })

  it('leaves out the bank account of the grantor and shows blanks when the beneficiary has no signatory', async () => {
    const base = agreementData('fr', 'final')
    const { bytes } = await renderPdf(
      buildAgreement(
        {
          ...base,
          beneficiary: { ...base.beneficiary, signatory: null, enterpriseNumber: '0418766753', foreignRegistration: null, vatNumber: 'BE0418766753' },
        },
        'fr',
      ),
    )
    const text = pdfText(bytes)
    const first = normalise(text.raw[0])
    expect(first).toContain("Numéro d'entreprise 0418.766.753")
    expect(first).toContain('Numéro de TVA BE 0418.766.753')
    expect(first).not.toContain('Enregistrement')
    expect(first.match(/Compte bancaire/g)).toHaveLength(1)
    expect(text.all).toMatch(/Nom : …+ Fonction : …+/)
  })
})
