import type { DocLanguage } from './languages'

/** The articles, in the order the agreement numbers them. */
export const CLAUSE_KEYS = [
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
] as const
export type ClauseKey = (typeof CLAUSE_KEYS)[number]

/** True for one of the agreement's article keys. */
export function isClauseKey(value: unknown): value is ClauseKey {
  return typeof value === 'string' && (CLAUSE_KEYS as readonly string[]).includes(value)
}

/** The values a clause may name as `{name}`. */
export const CLAUSE_PLACEHOLDERS = [
  'grantor',
  'beneficiary',
  'projectCode',
  'projectTitle',
  'agreementReference',
  'startDate',
  'endDate',
  'eligibleAmount',
  'euAmount',
  'euRate',
  'ownAmount',
  'finalReportDays',
  'retentionYears',
] as const
export type ClausePlaceholder = (typeof CLAUSE_PLACEHOLDERS)[number]

/** What each placeholder stands for, for the clause editor. */
export const PLACEHOLDER_DESCRIPTIONS: Record<DocLanguage, Record<ClausePlaceholder, string>> = {
  fr: {
    grantor: 'Nom de l’autorité subsidiante (l’organisation du fichier)',
    beneficiary: 'Nom du bénéficiaire',
    projectCode: 'Code du projet',
    projectTitle: 'Intitulé du projet',
    agreementReference: 'Référence de la convention',
    startDate: 'Date de début du projet, en toutes lettres',
    endDate: 'Date de fin du projet, en toutes lettres',
    eligibleAmount: 'Coût total éligible',
    euAmount: 'Contribution maximale de l’Union',
    euRate: 'Taux de cofinancement de l’Union',
    ownAmount: 'Contribution propre ou nationale',
    finalReportDays: 'Délai de remise du rapport final, en jours après la fin du projet',
    retentionYears: 'Durée de conservation des pièces, en années (article 82 du règlement (UE) 2021/1060)',
  },
  nl: {
    grantor: 'Naam van de subsidiërende overheid (de organisatie van het bestand)',
    beneficiary: 'Naam van de begunstigde',
    projectCode: 'Code van het project',
    projectTitle: 'Titel van het project',
    agreementReference: 'Referentie van de overeenkomst',
    startDate: 'Begindatum van het project, voluit geschreven',
    endDate: 'Einddatum van het project, voluit geschreven',
    eligibleAmount: 'Totale subsidiabele kosten',
    euAmount: 'Maximale bijdrage van de Unie',
    euRate: 'Medefinancieringspercentage van de Unie',
    ownAmount: 'Eigen of nationale bijdrage',
    finalReportDays: 'Termijn voor het eindverslag, in dagen na het einde van het project',
    retentionYears: 'Bewaartermijn van de stukken, in jaren (artikel 82 van Verordening (EU) 2021/1060)',
  },
  en: {
    grantor: 'Name of the grantor (the file’s organisation)',
    beneficiary: 'Name of the beneficiary',
    projectCode: 'Project code',
    projectTitle: 'Project title',
    agreementReference: 'Reference of the agreement',
    startDate: 'Project start date, written out',
    endDate: 'Project end date, written out',
    eligibleAmount: 'Total eligible cost',
    euAmount: 'Maximum Union contribution',
    euRate: 'Union co-financing rate',
    ownAmount: 'Own or national contribution',
    finalReportDays: 'Time limit for the final report, in days after the end of the project',
    retentionYears: 'Retention period of documents, in years (Article 82 of Regulation (EU) 2021/1060)',
  },
}
