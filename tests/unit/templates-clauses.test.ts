import { describe, expect, it } from 'vitest'
import {
  CLAUSE_KEYS,
  CLAUSE_PLACEHOLDERS,
  DEFAULT_FINAL_REPORT_DAYS,
  PLACEHOLDER_DESCRIPTIONS,
  clauseTexts,
  clauseValues,
  defaultClause,
  isClauseKey,
} from '../../templates/clauses'
import { DOC_LANGUAGES } from '../../templates/types'
import { agreementData, normalise } from './fixtures/documents'

const values = (lang: (typeof DOC_LANGUAGES)[number]) => clauseValues(agreementData(lang), lang)
const allText = (lang: (typeof DOC_LANGUAGES)[number]) =>
  normalise(CLAUSE_KEYS.map((k) => `${defaultClause(k, lang).title} ${defaultClause(k, lang).body}`).join(' '))

describe('agreement clauses', () => {
  it('lists the articles in the order the agreement numbers them', () => {
    expect(CLAUSE_KEYS).toEqual([
      'object',
      'legal_basis',
      'duration',
      'amount',
      'cost_model',
      'payments',
      'indicators',
      'milestones',
      'reporting',
      'partners',
      'visibility',
      'controls',
      'irregularities',
      'amendments',
      'data_protection',
      'applicable_law',
    ])
    expect(isClauseKey('visibility')).toBe(true)
    expect(isClauseKey('signatures')).toBe(false)
    expect(isClauseKey(3)).toBe(false)
  })

  it.each(DOC_LANGUAGES)('has a default title and a body of several paragraphs for every article in %s', (lang) => {
    for (const key of CLAUSE_KEYS) {
      const clause = defaultClause(key, lang)
      expect(clause.key).toBe(key)
      expect(clause.title.trim().length).toBeGreaterThan(3)
      expect(clause.body.split(/\n\s*\n/).length).toBeGreaterThanOrEqual(2)
    }
    // Titles differ between articles.
    expect(new Set(CLAUSE_KEYS.map((k) => defaultClause(k, lang).title)).size).toBe(CLAUSE_KEYS.length)
  })

  it.each(DOC_LANGUAGES)('names only documented placeholders in %s', (lang) => {
    for (const key of CLAUSE_KEYS) {
      const { title, body } = defaultClause(key, lang)
      for (const [, name] of `${title} ${body}`.matchAll(/\{(\w+)\}/g)) expect(CLAUSE_PLACEHOLDERS).toContain(name)
    }
    expect(Object.keys(PLACEHOLDER_DESCRIPTIONS[lang]).sort()).toEqual([...CLAUSE_PLACEHOLDERS].sort())
  })

  it.each(DOC_LANGUAGES)('cites the legal texts a Belgian legal service expects, in %s', (lang) => {
    const text = allText(lang)
    const expected = {
      fr: [
        '2021/1147',
        '2021/1060',
        '2016/679',
        'OLAF',
        'loi du 17 juin 2016',
        'loi du 30 juillet 2018',
        'article 53',
        'article 54',
        'article 63',
        'article 69',
        'article 74',
        'article 82',
        'articles 47 et 50',
      ],
      nl: [
        '2021/1147',
        '2021/1060',
        '2016/679',
        'OLAF',
        'wet van 17 juni 2016',
        'wet van 30 juli 2018',
        'artikel 53',
        'artikel 54',
        'artikel 63',
        'artikel 69',
        'artikel 74',
        'artikel 82',
        'artikelen 47 en 50',
      ],
      en: [
        '2021/1147',
        '2021/1060',
        '2016/679',
        'OLAF',
        'Act of 17 June 2016',
        'Act of 30 July 2018',
        'Article 53',
        'Article 54',
        'Article 63',
        'Article 69',
        'Article 74',
        'Article 82',
        'Articles 47 and 50',
      ],
    }[lang]
    for (const reference of expected) expect(text).toContain(reference)
  })

  it('words the obligations the way each language writes them', () => {
    const fr = allText('fr')
    expect(fr).toContain("31 décembre de l'année au cours de laquelle")
    expect(fr).toContain('avenant')
    expect(fr).toContain('Parquet européen (EPPO)')
    expect(fr).toContain('Cour des comptes européenne')
    expect(fr).toContain('format A3')
    expect(fr).toContain('100 000 euros')
    expect(fr).toContain("« Cofinancé par l'Union européenne »")
    expect(fr).toContain('cours et tribunaux de Bruxelles')
    expect(fr).toMatch(/réduire la subvention.*recouvrer.*suspendre les paiements.*résilier/)
    const nl = allText('nl')
    expect(nl).toContain('aanhangsel')
    expect(nl).toContain('31 december van het jaar waarin')
    expect(nl).toContain('Europees Openbaar Ministerie')
    expect(nl).toContain('Medegefinancierd door de Europese Unie')
    expect(nl).toContain('hoven en rechtbanken van Brussel')
    const en = allText('en')
    expect(en).toContain('rider')
    expect(en).toContain('31 December of the year in which')
    expect(en).toContain("European Public Prosecutor's Office (EPPO)")
    expect(en).toContain('European Court of Auditors')
    expect(en).toContain('EUR 100,000')
    expect(en).toContain('Co-funded by the European Union')
    expect(en).toContain('courts and tribunals of Brussels')
  })

  it('sets French typography: no-break spaces inside guillemets and before colons and semicolons', () => {
    const body = defaultClause('visibility', 'fr').body
    expect(body).toContain('«\u00a0Cofinancé par l’Union européenne\u00a0»')
    expect(body).toContain('\u00a0;')
    expect(body).not.toMatch(/ [;:»]/)
    expect(defaultClause('cost_model', 'fr').body).toContain('7\u00a0%')
  })
})

describe('clauseTexts', () => {
  it('returns every article in order with placeholders filled', () => {
    const texts = clauseTexts('fr', [], values('fr'))
    expect(texts.map((t) => t.key)).toEqual([...CLAUSE_KEYS])
    const joined = normalise(texts.map((t) => t.body).join(' '))
    expect(joined).not.toMatch(/\{\w+\}/)
    expect(joined).toContain('AMIF-2025-RV-03 « Retour volontaire et réintégration durable des personnes vulnérables »')
    expect(joined).toContain('du 1 janvier 2025 au 31 décembre 2026')
    expect(joined).toContain('estimé à 889 555,73 €')
    expect(joined).toContain('au maximum à 800 600,15 €, soit 90 % du coût total éligible')
    expect(joined).toContain('au plus tard 60 jours après la fin du projet')
    expect(joined).toContain('pendant 5 ans à compter du 31 décembre')
  })

  it('takes the officer’s edit where there is one, for that article only, and ignores edits of unknown articles', () => {
    const texts = clauseTexts(
      'nl',
      [
        { key: 'visibility', title: 'Zichtbaarheid en communicatie', body: 'Project {projectCode} van {beneficiary}: zie {unknownThing}.\n\nTweede alinea.' },
        { key: 'signatures', title: 'Handtekeningen', body: 'Niet gebruikt.' },
      ],
      values('nl'),
    )
    expect(texts).toHaveLength(CLAUSE_KEYS.length)
    const visibility = texts.find((t) => t.key === 'visibility')
    expect(visibility?.title).toBe('Zichtbaarheid en communicatie')
    // Known placeholders filled, an unknown one left visible so the mistake shows in the draft.
    expect(visibility?.body).toBe(
      'Project AMIF-2025-RV-03 van Organisation internationale pour les migrations – Bureau de Bruxelles: zie {unknownThing}.\n\nTweede alinea.',
    )
    expect(texts.find((t) => t.key === 'controls')?.body).toBe(clauseTexts('nl', [], values('nl')).find((t) => t.key === 'controls')?.body)
    expect(texts.some((t) => t.title === 'Handtekeningen')).toBe(false)
  })

  it('fills amounts and dates in the document language', () => {
    const en = clauseTexts('en', [], values('en')).find((t) => t.key === 'amount')?.body ?? ''
    expect(en).toContain('€889,555.73')
    expect(en).toContain('€800,600.15, that is 90% of the total eligible cost')
    const nl = clauseTexts('nl', [], values('nl')).find((t) => t.key === 'amount')?.body ?? ''
    expect(normalise(nl)).toContain('€ 889.555,73')
    expect(clauseTexts('nl', [], values('nl')).find((t) => t.key === 'duration')?.body).toContain('van 1 januari 2025 tot 31 december 2026')
  })
})

describe('clauseValues', () => {
  it('derives the final report time limit from the final report date, and falls back to the default', () => {
    const data = agreementData('en')
    expect(clauseValues(data, 'en').finalReportDays).toBe('60')
    const later = { ...data, reporting: data.reporting.map((r) => (r.kind === 'final' ? { ...r, dueDate: '2027-03-31' } : r)) }
    expect(clauseValues(later, 'en').finalReportDays).toBe('90')
    expect(clauseValues({ ...data, reporting: [] }, 'en').finalReportDays).toBe(String(DEFAULT_FINAL_REPORT_DAYS))
  })

  it('gives a value for every placeholder', () => {
    const v = values('fr')
    expect(Object.keys(v).sort()).toEqual([...CLAUSE_PLACEHOLDERS].sort())
    expect(Object.values(v).every((x) => x.length > 0)).toBe(true)
    expect(v.agreementReference).toBe('AMIF-2025-RV-03/CONV/v2')
    expect(v.retentionYears).toBe('5')
  })
})
