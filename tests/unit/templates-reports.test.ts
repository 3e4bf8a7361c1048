import { beforeAll, describe, expect, it } from 'vitest'
import { buildDocument, produceDocument } from '../../templates/index'
import { buildHandoverSummary } from '../../templates/handover'
import { buildProgrammeReport } from '../../templates/programme'
import { renderPdf } from '../../templates/render'
import { buildEvaluationReport } from '../../templates/report'
import type { DocLanguage } from '../../templates/types'
import { NAMES, handoverData, normalise, pdfInfo, pdfText, programmeData, reportData, watermarkPattern, type PdfText } from './fixtures/documents'

/** Rendering real PDFs takes seconds on a busy machine: more than vitest's default for a hook. */
const RENDER_TIMEOUT = 60_000

function expectInOrder(text: string, phrases: string[]): void {
  let at = -1
  for (const phrase of phrases) {
    const next = text.indexOf(phrase, at + 1)
    expect(next, `« ${phrase} » after position ${at}`).toBeGreaterThan(at)
    at = next
  }
}

function expectPageNumbers(text: PdfText, lang: DocLanguage, reference: string): void {
  const n = text.raw.length
  text.raw.forEach((page, i) => {
    const p = normalise(page)
    expect(p).toContain({ fr: `Page ${i + 1} sur ${n}`, nl: `Pagina ${i + 1} van ${n}`, en: `Page ${i + 1} of ${n}` }[lang])
    expect(p).toContain(reference)
  })
}

describe.each(['fr', 'nl', 'en'] as const)('the evaluation report in %s', (lang) => {
  let text: PdfText
  let pageCount: number
  let bytes: Buffer
  beforeAll(async () => {
    ;({ bytes, pageCount } = await renderPdf(buildEvaluationReport(reportData(lang), lang)))
    text = pdfText(bytes)
  }, RENDER_TIMEOUT)

  it('has every section, in order', () => {
    const sections = {
      fr: [
        "Rapport d'évaluation",
        'Identification',
        'Synthèse',
        'Contexte et objectifs',
        'Jalons',
        'Indicateurs',
        'Valeur atteinte par rapport à la cible',
        'Exécution financière',
        'Paiements',
        'Partenariat',
        "Évaluation selon les critères du CAD de l'OCDE",
        'Conclusions et recommandations',
      ],
      nl: [
        'Evaluatieverslag',
        'Identificatie',
        'Samenvatting',
        'Context en doelstellingen',
        'Mijlpalen',
        'Indicatoren',
        'Bereikte waarde ten opzichte van de streefwaarde',
        'Financiële uitvoering',
        'Betalingen',
        'Partnerschap',
        'Evaluatie volgens de OESO-DAC-criteria',
        'Conclusies en aanbevelingen',
      ],
      en: [
        'Evaluation report',
        'Identification',
        'Summary',
        'Context and objectives',
        'Milestones',
        'Indicators',
        'Value achieved against target',
        'Financial execution',
        'Payments',
        'Partnership',
        'Evaluation against the OECD-DAC criteria',
        'Conclusions and recommendations',
      ],
    }[lang]
    expectInOrder(text.all, sections)
  })

  it('identifies the project, its beneficiary, objective, strand, call, dates, status and officer', () => {
    const expected = {
      fr: [
        'AMIF-2025-RV-03 – Retour volontaire',
        'Organisation internationale pour les migrations – Bureau de Bruxelles (OIM)',
        'SO3 – Retour',
        'Retour volontaire',
        'FED-AMIF-2024-RV',
        'du 1 janvier 2025 au 31 décembre 2026',
        'Statut En cours',
        `Gestionnaire du dossier ${NAMES.officer}`,
        'Situation au 16 mars 2026',
      ],
      nl: [
        'SO3 – Terugkeer',
        'Vrijwillige terugkeer',
        'van 1 januari 2025 tot 31 december 2026',
        'Status Lopend',
        `Dossierbeheerder ${NAMES.officer}`,
        'Toestand op 16 maart 2026',
      ],
      en: [
        'SO3 – Return',
        'Voluntary return',
        'from 1 January 2025 to 31 December 2026',
        'Status Running',
        `Programme officer ${NAMES.officer}`,
        'Situation on 16 March 2026',
      ],
    }[lang]
    for (const phrase of expected) expect(text.all).toContain(phrase)
  })

  it('summarises with the traffic light and its reasons, parameters filled', () => {
    const expected = {
      fr: [
        'Feu : Rouge',
        "3 jalon(s) en retard, jusqu'à 167 jours",
        '1 paiement(s) en attente après la date prévue',
        'Jalons réalisés 4 sur 10',
        'Jalons en retard 3',
        'Part de la contribution UE versée 70 %',
      ],
      nl: ['Licht: Rood', 'Mijlpalen te laat: 3, tot 167 dagen', 'Betalingen open na de geplande datum: 1', 'Bereikte mijlpalen 4 van 10'],
      en: ['Traffic light: Red', '3 milestone(s) late, up to 167 days', '1 payment(s) outstanding after the planned date', 'Milestones done 4 of 10'],
    }[lang]
    for (const phrase of expected) expect(text.all).toContain(phrase)
  })

  it('groups milestones by status and marks the late ones with their days late', () => {
    const groups = {
      fr: ['Prévu (4)', 'En cours (2)', 'Réalisé (4)', 'Annulé (1)'],
      nl: ['Gepland (4)', 'Bezig (2)', 'Gerealiseerd (4)', 'Geannuleerd (1)'],
      en: ['Planned (4)', 'In progress (2)', 'Done (4)', 'Cancelled (1)'],
    }[lang]
    expectInOrder(text.all, groups)
    const late = (days: number) => ({ fr: `En retard de ${days} jour(s)`, nl: `${days} dag(en) te laat`, en: `${days} day(s) late` })[lang]
    expectInOrder(text.all, ['Évaluation à mi-parcours', late(16), 'Outil de suivi des dossiers', late(167), '75 retours volontaires accompagnés', late(75)])
    expect(text.all).not.toContain(late(0))
  })

  it('tabulates the indicators and draws them against their targets', () => {
    const expected = {
      fr: ['P.3.1', '1 800', '2 105', '116,9 %', '27,3 %', 'non mesuré', '48 / 60 · 80 %', '2 105 / 1 800 · 116,9 %', 'Cible', 'Réalisé'],
      nl: ['1.800', '2.105', '116,9%', 'niet gemeten', '48 / 60 · 80%', 'Streefwaarde', 'Bereikt'],
      en: ['1,800', '2,105', '116.9%', 'not measured', '48 / 60 · 80%', 'Target', 'Achieved'],
    }[lang]
    for (const phrase of expected) expect(text.all).toContain(phrase)
  })

  it('breaks the indicators about persons down by age and gender (Annex VIII), saying where it was not recorded', () => {
    const expected = {
      fr: [
        'Ventilation par âge et par genre (annexe VIII)',
        '< 18 ans 18-60 ans > 60 ans Femmes Hommes Non binaires Genre inconnu',
        'O.3.1 48 0 44 4 27 20 0 1',
        'O.3.3 41 17 21 3 19 21 0 1',
        'R.3.6 67 ventilation non enregistrée',
      ],
      nl: [
        'Uitsplitsing naar leeftijd en gender (bijlage VIII)',
        '< 18 jaar 18-60 jaar > 60 jaar Vrouwen Mannen Non-binair Gender onbekend',
        'O.3.3 41 17 21 3 19 21 0 1',
        'R.3.6 67 uitsplitsing niet vastgelegd',
      ],
      en: [
        'Breakdown by age and gender (Annex VIII)',
        '< 18 18-60 > 60 Female Male Non-binary Gender unknown',
        'O.3.3 41 17 21 3 19 21 0 1',
        'R.3.6 67 breakdown not recorded',
      ],
    }[lang]
    for (const phrase of expected) expect(text.all).toContain(phrase)
    // Equipment is not about persons: no breakdown row.
    expect(text.all).not.toMatch(/O\.3\.2 14 (ventilation|uitsplitsing|breakdown)/)
  })

  it('shows the financial execution: budget with EU share, EU contribution, paid so far and its share, payments', () => {
    const expected = {
      fr: [
        'Personnel 324 360,50 € 291 924,45 € 32 436,05 €',
        "Contribution de l'Union 800 600,15 € (90 %)",
        'Versé à ce jour 560 420,10 €',
        'Part de la contribution UE versée 70 %',
        'Paiement intermédiaire 27/02/2026 120 000,00 € Demandé',
        'Solde 30/04/2027 120 180,05 € Prévu',
      ],
      nl: ['Personeel € 324.360,50 € 291.924,45 € 32.436,05', 'Tot nu toe betaald € 560.420,10', 'Tussentijdse betaling 27/02/2026 € 120.000,00 Aangevraagd'],
      en: ['Staff €324,360.50 €291,924.45 €32,436.05', 'Paid so far €560,420.10', 'Interim payment 27/02/2026 €120,000.00 Requested'],
    }[lang]
    for (const phrase of expected) expect(text.all).toContain(phrase)
  })

  it('rates the six OECD-DAC criteria with their labels, and says when one is not scored', () => {
    const expected = {
      fr: [
        'Pertinence',
        '4 – Très satisfaisant',
        'Cohérence',
        '3 – Satisfaisant',
        'Efficacité',
        '2 – Partiellement insatisfaisant',
        'Efficience',
        'Impact',
        'Non noté',
        'Durabilité',
      ],
      nl: [
        'Relevantie',
        '4 – Zeer bevredigend',
        'Coherentie',
        'Doeltreffendheid',
        '2 – Gedeeltelijk onbevredigend',
        'Efficiëntie',
        'Impact',
        'Niet gescoord',
        'Duurzaamheid',
      ],
      en: [
        'Relevance',
        '4 – Highly satisfactory',
        'Coherence',
        '3 – Satisfactory',
        'Effectiveness',
        '2 – Partly unsatisfactory',
        'Efficiency',
        'Impact',
        'Not scored',
        'Sustainability',
      ],
    }[lang]
    expectInOrder(text.all, expected)
    expect(text.all).toContain(NAMES.officer)
    expect(text.all).toContain('Trop tôt pour juger')
  })

  it('ends with the conclusions and the recommendations as written', () => {
    expect(text.all).toContain("Le projet est pertinent et bien ancré dans le réseau d'accueil")
    expect(text.all).toContain("mettre l'outil de suivi en production avant le 30 avril 2026")
    expect(text.all).toContain('prévoir le financement du suivi à douze mois après la fin du projet.')
  })

  it('numbers its pages and carries the watermark while draft', () => {
    expect(Number(pdfInfo(bytes).Pages)).toBe(pageCount)
    expectPageNumbers(text, lang, 'AMIF-2025-RV-03/EVAL/v1')
    const mark = watermarkPattern({ fr: 'BROUILLON', nl: 'ONTWERP', en: 'DRAFT' }[lang])
    expect(text.raw.every((p) => mark.test(p))).toBe(true)
  })
})

describe('the evaluation report for projects in other situations', () => {
  it('says the traffic light does not apply to a project not under way, and that nothing was written yet', async () => {
    const base = reportData('fr', 'final')
    const data = {
      ...base,
      project: { ...base.project, status: 'selected' as const },
      rag: { status: 'none' as const, reasons: [] },
      evaluation: { evaluatedOn: null, evaluator: null, criteria: [], conclusions: null, recommendations: '  ' },
    }
    const { bytes } = await renderPdf(buildEvaluationReport(data, 'fr'))
    const text = pdfText(bytes)
    expect(text.all).toContain('Feu : Non évalué')
    expect(text.all).toContain("Le projet n'est pas en cours d'exécution ; le feu ne s'applique pas.")
    // Every criterion is listed, unscored.
    expect(text.all.match(/Non noté/g)).toHaveLength(6)
    expect(text.all.match(/Pas encore rédigé\./g)).toHaveLength(2)
    expect(text.raw.some((p) => watermarkPattern('BROUILLON').test(p))).toBe(false)
  })

  it('says so when a project under way has no point of attention', async () => {
    const base = reportData('en', 'final')
    const { bytes } = await renderPdf(buildEvaluationReport({ ...base, rag: { status: 'green', reasons: [] } }, 'en'))
    const all = pdfText(bytes).all
    expect(all).toContain('Traffic light: Green')
    expect(all).toContain('No points of attention: milestones, indicators and payments are on schedule.')
  })
})

describe.each(['fr', 'nl', 'en'] as const)('the programme report in %s', (lang) => {
  let text: PdfText
  let bytes: Buffer
  beforeAll(async () => {
    ;({ bytes } = await renderPdf(buildProgrammeReport(programmeData(lang), lang)))
    text = pdfText(bytes)
  }, RENDER_TIMEOUT)

  it('is landscape A4', () => {
    expect(pdfInfo(bytes)['Page size']).toMatch(/^841\.89 x 595\.28 pts/)
  })

  it('states what it was asked for', () => {
    const expected = {
      fr: [
        'Rapport de programme',
        'Période du 1 janvier 2024 au 31 décembre 2026',
        'Volet tous les volets',
        'Appel à projets tous les appels',
        'Objectif spécifique tous les objectifs',
        `Situation au 16 mars 2026`,
      ],
      nl: ['Programmarapport', 'Periode van 1 januari 2024 tot 31 december 2026', 'Luik alle luiken', 'Projectoproep alle oproepen'],
      en: ['Programme report', 'Period from 1 January 2024 to 31 December 2026', 'Strand all strands', 'Call for proposals all calls'],
    }[lang]
    for (const phrase of expected) expect(text.all).toContain(phrase)
  })

  it('gives the figures of each specific objective and their totals', () => {
    const expected = {
      fr: [
        'SO1 Asile 3 4 662 350,00 € 3 496 762,50 € 2 100 169,00 € 60,1 % 7 / 14 1 61,5 %',
        'SO4 Solidarité 2 1 880 000,00 € 1 410 000,00 € 564 000,00 € 40 % 2 / 8 0 —',
        'Total 13 17 605 171,15 € 14 243 981,53 € 6 660 719,00 € 46,8 % 24 / 61 8',
      ],
      nl: [
        'SO1 Asiel 3 € 4.662.350,00 € 3.496.762,50 € 2.100.169,00 60,1% 7 / 14 1 61,5%',
        'Totaal 13 € 17.605.171,15 € 14.243.981,53 € 6.660.719,00 46,8% 24 / 61 8',
      ],
      en: [
        'SO1 Asylum 3 €4,662,350.00 €3,496,762.50 €2,100,169.00 60.1% 7 / 14 1 61.5%',
        'Total 13 €17,605,171.15 €14,243,981.53 €6,660,719.00 46.8% 24 / 61 8',
      ],
    }[lang]
    for (const phrase of expected) expect(text.all).toContain(phrase)
  })

  it('charts the EU contribution against what was paid for each objective', () => {
    const expected = {
      fr: 'Contribution UE : 6 240 619,03 € Versé : 3 012 550,00 €',
      nl: 'EU-bijdrage: € 6.240.619,03 Betaald: € 3.012.550,00',
      en: 'EU contribution: €6,240,619.03 Paid: €3,012,550.00',
    }[lang]
    expect(text.all).toContain(expected)
  })

  it('sums the indicators about persons over the projects by age and gender, saying what was not recorded', () => {
    const expected = {
      fr: [
        'Ventilation par âge et par genre (annexe VIII)',
        'O.1.1 90 ventilation non enregistrée',
        'O.3.3 412 130 251 31 198 204 2 8',
        'dont 30 sans ventilation',
      ],
      nl: ['Uitsplitsing naar leeftijd en gender (bijlage VIII)', 'O.3.3 412 130 251 31 198 204 2 8', 'waarvan 30 zonder uitsplitsing'],
      en: ['Breakdown by age and gender (Annex VIII)', 'O.1.1 90 breakdown not recorded', 'O.3.3 412 130 251 31 198 204 2 8', 'of which 30 without breakdown'],
    }[lang]
    for (const phrase of expected) expect(text.all).toContain(phrase)
    expect(text.all).toMatch(/R\.3\.6 180 [\s\S]{0,60}40 100 10 70 78 0 2/)
  })

  it('lists every project with its status and traffic light', () => {
    const data = programmeData(lang)
    expectInOrder(
      text.all,
      data.projects.map((p) => p.code),
    )
    const expected = {
      fr: ['Rouge', 'Orange', 'Vert', 'Non évalué', 'Brouillon', 'Rapport final reçu'],
      nl: ['Rood', 'Oranje', 'Groen', 'Niet beoordeeld', 'Ontwerp', 'Eindverslag ontvangen'],
      en: ['Red', 'Amber', 'Green', 'Not judged', 'Draft', 'Final report received'],
    }[lang]
    for (const phrase of expected) expect(text.all).toContain(phrase)
    expect(text.all).toContain(NAMES.ukrainianPartner)
    expect(text.all).toContain('Ελένη Παπαδοπούλου Foundation')
  })

  it('numbers its pages', () => {
    expectPageNumbers(text, lang, 'AMIF-BE/PROG/2026-03')
  })
})

describe('the programme report with filters', () => {
  it('names the strand, the call and the objective asked for', async () => {
    const base = programmeData('fr', 'final')
    const data = {
      ...base,
      filters: {
        from: null,
        to: '2026-06-30',
        strand: 'voluntary_return' as const,
        call: { reference: 'FED-AMIF-2024-RV', title: 'Réintégration après retour volontaire 2024-2026' },
        objective: 'SO3' as const,
      },
    }
    const all = pdfText((await renderPdf(buildProgrammeReport(data, 'fr'))).bytes).all
    expect(all).toContain("Période jusqu'au 30 juin 2026")
    expect(all).toContain('Volet Retour volontaire')
    expect(all).toContain('Appel à projets FED-AMIF-2024-RV – Réintégration après retour volontaire 2024-2026')
    expect(all).toContain('Objectif spécifique SO3 – Retour')
  })

  it('says when no project matches', async () => {
    const all = pdfText((await renderPdf(buildProgrammeReport({ ...programmeData('en', 'final'), projects: [] }, 'en'))).bytes).all
    expect(all).toContain('No project matches these criteria.')
  })
})

describe.each(['fr', 'nl', 'en'] as const)('the handover summary in %s', (lang) => {
  let text: PdfText
  beforeAll(async () => {
    text = pdfText((await renderPdf(buildHandoverSummary(handoverData(lang), lang))).bytes)
  }, RENDER_TIMEOUT)

  it('says who hands which file to whom, and when', () => {
    const expected = {
      fr: [
        'Résumé de passation',
        'Transmis par Marc Vandenbroucke',
        `Repris par ${NAMES.officer}`,
        'Date 16 mars 2026',
        'Fichier AMIF Desk – passation 2026-03-16.amif',
        'Identifiant du fichier 7c9e6679-7425-40de-944b-e07fc1f90ae7',
      ],
      nl: ['Overdrachtsoverzicht', 'Overgedragen door Marc Vandenbroucke', `Overgenomen door ${NAMES.officer}`, 'Datum 16 maart 2026'],
      en: [
        'Handover summary',
        'Handed over by Marc Vandenbroucke',
        `Taken over by ${NAMES.officer}`,
        'Date 16 March 2026',
        'File identifier 7c9e6679-7425-40de-944b-e07fc1f90ae7',
      ],
    }[lang]
    for (const phrase of expected) expect(text.all).toContain(phrase)
  })

  it('counts what the file holds and prints the note', () => {
    expect(text.all).toMatch(/24 13 61 9/)
    expect(text.all).toContain("Le dossier AMIF-2025-RV-03 demande une attention particulière : l'outil de suivi")
    expect(text.all).toContain(NAMES.responsible)
  })

  it('groups the open items by kind, with project, label, date and amount', () => {
    const groups = {
      fr: [
        'Jalons en retard (3)',
        'Jalons à venir (1)',
        'Paiements à effectuer (2)',
        'Conventions non signées (1)',
        'Rapports attendus (1)',
        'Conflits de fusion non résolus (1)',
      ],
      nl: [
        'Mijlpalen te laat (3)',
        'Komende mijlpalen (1)',
        'Uit te voeren betalingen (2)',
        'Niet-ondertekende overeenkomsten (1)',
        'Verwachte verslagen (1)',
        'Onopgeloste samenvoegingsconflicten (1)',
      ],
      en: [
        'Late milestones (3)',
        'Coming milestones (1)',
        'Payments due (2)',
        'Agreements not signed (1)',
        'Reports due (1)',
        'Unresolved merge conflicts (1)',
      ],
    }[lang]
    expectInOrder(text.all, groups)
    const payment = {
      fr: 'Paiement intermédiaire 27/02/2026 120 000,00 €',
      nl: 'Paiement intermédiaire 27/02/2026 € 120.000,00',
      en: 'Paiement intermédiaire 27/02/2026 €120,000.00',
    }[lang]
    expect(text.all).toContain(payment)
    expect(text.all).toContain('AMIF-2024-IN-02 Modules de citoyenneté en Wallonie Budget : ligne « Formateurs » modifiée')
  })

  it('numbers its pages, and being final carries no watermark', () => {
    expectPageNumbers(text, lang, 'AMIF-BE/HANDOVER/2026-03-16')
    const mark = watermarkPattern({ fr: 'BROUILLON', nl: 'ONTWERP', en: 'DRAFT' }[lang])
    expect(text.raw.some((p) => mark.test(p))).toBe(false)
  })
})

describe('the handover summary without open items or grantor', () => {
  it('says there is nothing open', async () => {
    const data = { ...handoverData('en'), grantor: null, openItems: [], note: '' }
    const all = pdfText((await renderPdf(buildHandoverSummary(data, 'en'))).bytes).all
    expect(all).toContain('No open items at the time of the handover.')
    expect(all).toContain('No note.')
    expect(all).toContain('Asylum, Migration and Integration Fund (AMIF) 2021-2027')
  })
})

describe('buildDocument', () => {
  it('builds each kind from its data, the same definition as its own builder', async () => {
    const lang = 'nl'
    const viaIndex = await produceDocument('report', reportData(lang, 'final'), lang)
    const direct = await renderPdf(buildEvaluationReport(reportData(lang, 'final'), lang))
    expect(viaIndex.bytes.equals(direct.bytes)).toBe(true)
    expect(buildDocument('handover', handoverData(lang), lang).pageOrientation).toBe('portrait')
    expect(buildDocument('programme', programmeData(lang), lang).pageOrientation).toBe('landscape')
  })
})
