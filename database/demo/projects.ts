import { budgetLineValues, callValues, costOptionValues, measurementValues, milestoneValues, paymentValues, projectValues } from '../domain/schemas/projects'
import { evaluationValues } from '../domain/schemas/documents'
import { DAC_CRITERIA } from '../domain/vocabulary'
import type { Officer } from '../audit'
import { breakdownColumns } from '../breakdown'
import { budgetLineInput, costOptionsOf } from '../figures'
import { computeBudget, plannedTotalCents } from '../domain/money'
import { addDays } from '../domain/dates'
import { referenceId } from '../migrations/data/reference-2021-2027'
import { writeEvaluation } from '../evaluations'
import { insertRecord, type NewRecord } from '../records'
import type {
  BudgetCategory,
  CostModel,
  IndirectFlatRate,
  MilestoneStatus,
  ObjectiveCode,
  PaymentKind,
  PaymentStatus,
  ProjectPartnerRole,
  ProjectStatus,
  RateGround,
  Strand,
} from '../domain/vocabulary'
import type { WriteTrx } from '../writable'

/** A demo breakdown: < 18, 18-60, > 60, then female, male, non-binary, unknown. */
type DemoBreakdown = [number, number, number, number, number, number, number]

function demoBreakdown([ageUnder18, age18to60, ageOver60, female, male, nonBinary, genderUnknown]: DemoBreakdown) {
  return { ageUnder18, age18to60, ageOver60, female, male, nonBinary, genderUnknown }
}

/**
 * Demonstration calls and projects, as they happen in Belgium. Every date is a number of days
 * from the day the demo is loaded, so the demo always has milestones done, late and coming.
 */

interface DemoCall {
  reference: string
  title: string
  strand: Strand
  objective: ObjectiveCode
  opens: number
  closes: number
  envelopeEuros: number
}

interface DemoProject {
  code: string
  title: string
  description: string
  beneficiary: string
  strand: Strand
  strandObjective: string
  objective: ObjectiveCode
  call?: string
  start: number
  end: number
  officer: string
  status: ProjectStatus
  rate?: { bp: number; ground: RateGround; why: string }
  /** Flat rates chosen for the project (Articles 54-56 CPR), computed on their bases. */
  costOptions?: { indirect?: IndirectFlatRate; indirectRateBp?: number; staffRateBp?: number; remainingRateBp?: number }
  targetGroups: string[]
  partners?: { acronym: string; role: ProjectPartnerRole; shareEuros: number }[]
  budget: { category: BudgetCategory; model: CostModel; text: string; euros?: number; units?: number; unitEuros?: number }[]
  /**
   * The schedule. A payment an approved claim created is the claim's (claims.ts); `rest` plans what
   * the EU contribution leaves after every other payment, claims' included, so the schedule stays complete.
   */
  payments?: { kind: PaymentKind; planned: number; euros?: number; percent?: number; rest?: true; status: PaymentStatus; paid?: number; paidEuros?: number }[]
  /** Measurements: day, cumulative value, source and, for indicators about persons, the breakdown (< 18, 18-60, > 60, female, male, non-binary, unknown). */
  indicators?: { code: string; target: number; unit: string; measured?: [day: number, value: number, source: string, breakdown?: DemoBreakdown][] }[]
  milestones?: { title: string; due: number; status: MilestoneStatus; done?: number; indicator?: string; responsible?: string; evidence?: string }[]
  /** The officer's OECD-DAC evaluation: a score 1-4 and a comment per criterion, in the order of DAC_CRITERIA. */
  evaluation?: { on: number; scores: [number, string][]; conclusions: string; recommendations: string }
}

export const OFFICER_A = 'Élise Vandenberghe'
export const OFFICER_B = 'Pieter Janssens'

export const DEMO_CALLS: readonly DemoCall[] = [
  {
    reference: 'AFSE-AMIF-2023-01',
    title: 'Appel à projets « Primo-arrivants » 2023-2025',
    strand: 'integration',
    objective: 'SO2',
    opens: -1000,
    closes: -930,
    envelopeEuros: 24_000_000,
  },
  {
    reference: 'AFSE-AMIF-2025-02',
    title: 'Appel à projets « Parcours d’intégration » 2026-2027',
    strand: 'integration',
    objective: 'SO2',
    opens: -90,
    closes: 25,
    envelopeEuros: 8_000_000,
  },
  {
    reference: 'FED-AMIF-2024-RV',
    title: 'Réintégration après retour volontaire 2024-2026',
    strand: 'voluntary_return',
    objective: 'SO3',
    opens: -560,
    closes: -500,
    envelopeEuros: 6_000_000,
  },
]

const VOLUNTARY_RETURN_RATE = { bp: 9000, ground: 'annex_iv' as const, why: 'Annexe IV : retour volontaire assisté et réintégration.' }

export const DEMO_PROJECTS: readonly DemoProject[] = [
  {
    code: 'AMIF-2024-RV-01',
    title: 'Réintégration durable des personnes rentrées volontairement (OIM)',
    beneficiary: 'OIM / IOM',
    description: 'Soutien à la réintégration en nature dans les 12 mois suivant le retour, suivi par les partenaires de l’OIM dans les pays d’origine.',
    strand: 'voluntary_return',
    strandObjective: 'RV-2',
    objective: 'SO3',
    call: 'FED-AMIF-2024-RV',
    start: -420,
    end: 310,
    officer: OFFICER_B,
    status: 'running',
    rate: VOLUNTARY_RETURN_RATE,
    targetGroups: ['returnees', 'families_children', 'medical_needs'],
    budget: [
      { category: 'staff', model: 'actual_costs', text: 'Conseillers en réintégration (4 ETP)', euros: 420_000 },
      { category: 'travel', model: 'actual_costs', text: 'Missions de suivi dans les pays de retour', euros: 35_000 },
      { category: 'target_group_costs', model: 'unit_cost', text: 'Paquets de réintégration par personne', units: 600, unitEuros: 2_000 },
    ],
    // Indirect costs at 7 % of the direct costs (Article 54(a) CPR), an Annex IV action at 90 %.
    costOptions: { indirect: 'art54a', indirectRateBp: 700 },
    payments: [
      { kind: 'advance', planned: -405, percent: 40, status: 'paid', paid: -398, paidEuros: 604_188 },
      // The interim payment is the one the verified claim OIM-RV01-DP1 requested (claims.ts).
      { kind: 'balance', planned: 400, rest: true, status: 'planned' },
    ],
    indicators: [
      {
        code: 'O.3.3',
        target: 600,
        unit: 'persons',
        measured: [
          [-240, 120, 'Tableau de suivi OIM'],
          [-60, 310, 'Rapport intermédiaire', [96, 188, 26, 132, 171, 1, 6]],
        ],
      },
      { code: 'R.3.6', target: 900, unit: 'persons', measured: [[-60, 470, 'Statistiques Fedasil retour volontaire', [140, 301, 29, 205, 258, 0, 7]]] },
    ],
    milestones: [
      {
        title: 'Accord de partenariat avec les bureaux pays de l’OIM',
        due: -380,
        status: 'done',
        done: -385,
        responsible: 'OIM / IOM',
        evidence: 'Accords signés (12 pays)',
      },
      { title: 'Rapport intermédiaire d’activité', due: -40, status: 'in_progress', indicator: 'O.3.3', responsible: 'OIM / IOM' },
      { title: 'Enquête de suivi à 12 mois auprès des personnes rentrées', due: 20, status: 'planned', indicator: 'R.3.6' },
    ],
    evaluation: {
      on: -10,
      scores: [
        [4, 'La réintégration en nature répond aux besoins exprimés par les personnes rentrées et aux priorités de Fedasil.'],
        [3, 'Complémentaire du volet de Caritas ; la répartition des pays entre les deux partenaires reste à clarifier.'],
        [2, 'La moitié de la cible de réintégration est atteinte alors que près de 60 % du temps est écoulé.'],
        [3, 'Coûts unitaires conformes, hormis deux paquets remis hors délai ; le paiement intermédiaire approuvé reste à verser.'],
        [3, 'Premiers retours d’enquête encourageants sur l’activité économique à 6 mois.'],
        [2, 'Le suivi au-delà de 12 mois dépend des partenaires locaux de l’OIM et n’est pas financé.'],
      ],
      conclusions: 'Projet pertinent et bien géré, en retard sur la cible de personnes réintégrées.',
      recommendations: 'Approuver le rapport intermédiaire au plus vite ; convenir avec l’OIM d’un plan de rattrapage pour les six prochains mois.',
    },
  },
  {
    code: 'AMIF-2024-RV-02',
    title: 'Réintégration des personnes vulnérables (Caritas)',
    beneficiary: 'Caritas',
    description:
      'Accompagnement individuel avant le départ et soutien à la réintégration, avec une attention aux mineurs non accompagnés, aux familles et aux problèmes médicaux.',
    strand: 'voluntary_return',
    strandObjective: 'RV-2',
    objective: 'SO3',
    call: 'FED-AMIF-2024-RV',
    start: -400,
    end: 330,
    officer: OFFICER_B,
    status: 'running',
    rate: VOLUNTARY_RETURN_RATE,
    targetGroups: ['returnees', 'unaccompanied_minors', 'medical_needs'],
    partners: [{ acronym: 'CRB', role: 'implementing_partner', shareEuros: 60_000 }],
    budget: [
      { category: 'staff', model: 'actual_costs', text: 'Travailleurs sociaux réintégration', euros: 310_000 },
      { category: 'target_group_costs', model: 'unit_cost', text: 'Soutien à la réintégration par personne', units: 250, unitEuros: 1_800 },
      { category: 'external_services', model: 'actual_costs', text: 'Interprétariat et soins médicaux avant départ', euros: 48_000 },
      { category: 'indirect', model: 'flat_rate_15_staff', text: 'Coûts indirects (15 % des frais de personnel)' },
    ],
    payments: [
      { kind: 'advance', planned: -390, percent: 40, status: 'paid', paid: -385, paidEuros: 308_844 },
      { kind: 'interim', planned: 40, percent: 30, status: 'planned' },
    ],
    indicators: [{ code: 'O.3.3', target: 250, unit: 'persons', measured: [[-30, 140, 'Base de données Caritas']] }],
    milestones: [
      {
        title: 'Procédure d’évaluation des vulnérabilités validée',
        due: -300,
        status: 'done',
        done: -310,
        responsible: 'Caritas',
        evidence: 'Note méthodologique v1.2',
      },
      { title: 'Comité de suivi semestriel', due: 12, status: 'planned', responsible: 'Caritas' },
    ],
  },
  {
    code: 'AMIF-2025-RV-03',
    title: 'Guidance au retour dans les centres et en rue',
    beneficiary: 'Fedasil',
    description:
      'Sensibilisation et accompagnement du groupe cible sur le terrain : demandeurs de protection internationale et personnes en séjour irrégulier.',
    strand: 'voluntary_return',
    strandObjective: 'RV-1',
    objective: 'SO3',
    start: 25,
    end: 755,
    officer: OFFICER_B,
    status: 'agreement_signed',
    targetGroups: ['applicants_ip', 'irregular_stay'],
    budget: [
      { category: 'staff', model: 'actual_costs', text: 'Conseillers retour (6 ETP)', euros: 640_000 },
      { category: 'equipment', model: 'actual_costs', text: 'Outils numériques de suivi des dossiers', euros: 55_000 },
      { category: 'indirect', model: 'flat_rate_7_direct', text: 'Coûts indirects (7 %)' },
    ],
    payments: [{ kind: 'advance', planned: 30, percent: 40, status: 'planned' }],
    indicators: [{ code: 'O.3.1', target: 120, unit: 'participants' }],
    milestones: [{ title: 'Lancement des permanences dans 10 centres', due: 60, status: 'planned', responsible: 'Fedasil' }],
  },
  {
    code: 'AMIF-2023-AC-01',
    title: 'Qualité et flexibilité du réseau d’accueil',
    beneficiary: 'Fedasil',
    description: 'Optimisation de la gestion des processus et création de places modulables dans le réseau d’accueil.',
    strand: 'reception',
    strandObjective: 'AC-1',
    objective: 'SO1',
    start: -700,
    end: 395,
    officer: OFFICER_A,
    status: 'running',
    targetGroups: ['applicants_ip', 'families_children', 'unaccompanied_minors'],
    partners: [
      { acronym: 'RKV', role: 'implementing_partner', shareEuros: 400_000 },
      { acronym: 'CRB', role: 'implementing_partner', shareEuros: 400_000 },
    ],
    budget: [
      { category: 'staff', model: 'actual_costs', text: 'Équipes de gestion des places', euros: 1_150_000 },
      { category: 'equipment', model: 'actual_costs', text: 'Aménagement de places modulables', euros: 2_300_000 },
      { category: 'external_services', model: 'actual_costs', text: 'Étude de processus et accompagnement', euros: 180_000 },
      { category: 'indirect', model: 'flat_rate_7_direct', text: 'Coûts indirects (7 %)' },
    ],
    payments: [
      { kind: 'advance', planned: -690, percent: 30, status: 'paid', paid: -680, paidEuros: 873_772 },
      // The interim payment is the one the paid claim FED-AC01-DP1 created (claims.ts).
      { kind: 'balance', planned: 480, rest: true, status: 'planned' },
    ],
    indicators: [
      {
        code: 'O.1.3',
        target: 800,
        unit: 'places',
        measured: [
          [-400, 310, 'Monitoring du réseau'],
          [-90, 560, 'Monitoring du réseau'],
        ],
      },
      { code: 'O.1.3.1', target: 120, unit: 'places', measured: [[-90, 70, 'Monitoring du réseau']] },
    ],
    milestones: [
      { title: '300 places modulables opérationnelles', due: -380, status: 'done', done: -395, indicator: 'O.1.3', evidence: 'Rapport de monitoring T1' },
      { title: 'Cartographie des processus d’attribution', due: -10, status: 'in_progress', responsible: 'Fedasil' },
      { title: '120 places pour mineurs non accompagnés', due: 150, status: 'in_progress', indicator: 'O.1.3.1' },
    ],
  },
  {
    code: 'AMIF-2024-AC-02',
    title: 'Bien-être et autonomie des résidents',
    beneficiary: 'CRB',
    description: 'Participation active des résidents, communication adaptée et cadre de vie sûr dans les centres de la Croix-Rouge.',
    strand: 'reception',
    strandObjective: 'AC-4',
    objective: 'SO1',
    start: -300,
    end: 430,
    officer: OFFICER_A,
    status: 'running',
    targetGroups: ['applicants_ip', 'families_children', 'mental_health'],
    budget: [
      { category: 'staff', model: 'actual_costs', text: 'Animateurs et psychologues', euros: 380_000 },
      { category: 'target_group_costs', model: 'actual_costs', text: 'Activités avec les résidents', euros: 95_000 },
      { category: 'indirect', model: 'flat_rate_7_direct', text: 'Coûts indirects (7 %)' },
    ],
    payments: [{ kind: 'advance', planned: -290, percent: 40, status: 'paid', paid: -280, paidEuros: 152_475 }],
    indicators: [{ code: 'O.1.1.3', target: 900, unit: 'participants', measured: [[-20, 420, 'Registre des activités', [160, 232, 28, 198, 214, 2, 6]]] }],
    milestones: [
      { title: 'Conseils de résidents installés dans 8 centres', due: -200, status: 'done', done: -210, responsible: 'CRB' },
      { title: 'Évaluation à mi-parcours', due: 28, status: 'planned', responsible: 'CRB' },
    ],
  },
  {
    code: 'AMIF-2022-AC-03',
    title: 'Places d’accueil pour mineurs non accompagnés à Gembloux',
    beneficiary: 'ILA Gembloux',
    description: 'Création et accompagnement de places d’accueil pour mineurs non accompagnés en initiative locale.',
    strand: 'reception',
    strandObjective: 'AC-1',
    objective: 'SO1',
    start: -1300,
    end: -570,
    officer: OFFICER_A,
    status: 'closed',
    targetGroups: ['unaccompanied_minors'],
    budget: [
      { category: 'staff', model: 'actual_costs', text: 'Éducateurs', euros: 210_000 },
      { category: 'equipment', model: 'lump_sum', text: 'Aménagement des logements (somme forfaitaire)', euros: 60_000 },
    ],
    payments: [
      { kind: 'advance', planned: -1290, percent: 50, status: 'paid', paid: -1280, paidEuros: 101_250 },
      // The balance is the payment of the final claim ILA-AC03-DF (claims.ts).
    ],
    indicators: [{ code: 'O.1.3.1', target: 24, unit: 'places', measured: [[-600, 24, 'Rapport final']] }],
    milestones: [{ title: 'Rapport final', due: -520, status: 'done', done: -525, evidence: 'Rapport final approuvé' }],
    evaluation: {
      on: -500,
      scores: [
        [4, 'Répond à la pénurie de places adaptées aux mineurs non accompagnés dans la province de Namur.'],
        [3, 'Articulé avec le réseau Fedasil et le service des tutelles ; peu de liens avec l’enseignement local.'],
        [4, 'Les 24 places prévues ont été créées et occupées dès la première année.'],
        [3, 'Coût par place dans la moyenne du réseau ; le solde a été payé sans retard.'],
        [3, 'Stabilité des jeunes accueillis et scolarisation rapide, selon les éducateurs.'],
        [2, 'Le financement des places après la fin du projet n’est garanti que pour deux ans.'],
      ],
      conclusions: 'Projet mené à bien : les places ont été créées dans les délais et le budget, avec un accompagnement de qualité.',
      recommendations: 'Pérenniser les places dans la convention d’accueil de l’ILA ; associer les écoles de Gembloux dès la préparation d’un prochain projet.',
    },
  },
  {
    code: 'AMIF-2024-RS-01',
    title: 'Logement et accompagnement des personnes réinstallées (Caritas)',
    beneficiary: 'Caritas',
    description: 'Après environ six semaines en centre Fedasil, accueil d’environ six mois en logement et accompagnement vers l’autonomie.',
    strand: 'resettlement',
    strandObjective: 'RS-1',
    objective: 'SO4',
    start: -380,
    end: 350,
    officer: OFFICER_A,
    status: 'running',
    targetGroups: ['resettled_refugees', 'families_children'],
    partners: [{ acronym: 'OIM / IOM', role: 'implementing_partner', shareEuros: 45_000 }],
    budget: [
      { category: 'target_group_costs', model: 'unit_cost', text: 'Montant forfaitaire par personne réinstallée accompagnée', units: 300, unitEuros: 3_200 },
      { category: 'staff', model: 'actual_costs', text: 'Assistants sociaux logement', euros: 240_000 },
      { category: 'indirect', model: 'flat_rate_7_direct', text: 'Coûts indirects (7 %)' },
    ],
    payments: [
      { kind: 'advance', planned: -370, percent: 40, status: 'paid', paid: -365, paidEuros: 359_520 },
      { kind: 'interim', planned: -95, percent: 30, status: 'planned' },
    ],
    indicators: [{ code: 'R.4.4', target: 300, unit: 'persons', measured: [[-45, 95, 'Liste d’arrivées Fedasil', [41, 49, 5, 47, 46, 0, 2]]] }],
    milestones: [
      { title: 'Convention de logement avec 15 propriétaires', due: -250, status: 'done', done: -240, responsible: 'Caritas' },
      { title: 'Accueil du deuxième groupe de l’UNHCR', due: -75, status: 'planned', indicator: 'R.4.4', responsible: 'Caritas' },
      { title: 'Accueil du troisième groupe de l’UNHCR', due: 5, status: 'planned', indicator: 'R.4.4', responsible: 'Caritas' },
    ],
  },
  {
    code: 'AMIF-2024-RS-02',
    title: 'Logement de transition pour personnes réinstallées à Namur',
    beneficiary: 'CPAS Namur',
    description: 'Logements de transition et accompagnement social par le CPAS pendant environ six mois.',
    strand: 'resettlement',
    strandObjective: 'RS-1',
    objective: 'SO4',
    start: -250,
    end: 480,
    officer: OFFICER_A,
    status: 'running',
    targetGroups: ['resettled_refugees'],
    budget: [
      { category: 'target_group_costs', model: 'unit_cost', text: 'Forfait logement par personne', units: 120, unitEuros: 2_900 },
      { category: 'staff', model: 'actual_costs', text: 'Assistant social', euros: 95_000 },
    ],
    payments: [{ kind: 'advance', planned: -240, percent: 40, status: 'paid', paid: -230, paidEuros: 132_900 }],
    indicators: [{ code: 'R.4.4', target: 120, unit: 'persons', measured: [[-40, 50, 'Registre CPAS']] }],
    milestones: [{ title: 'Bilan d’autonomie des ménages accueillis', due: 40, status: 'planned', responsible: 'CPAS Namur' }],
  },
  {
    code: 'AMIF-2025-RS-03',
    title: 'Voies complémentaires : bourses d’études et admission humanitaire',
    beneficiary: 'Fedasil',
    description: 'Préparation et accueil des personnes admises par des voies complémentaires.',
    strand: 'resettlement',
    strandObjective: 'RS-2',
    objective: 'SO4',
    start: 40,
    end: 770,
    officer: OFFICER_A,
    status: 'selected',
    targetGroups: ['resettled_refugees', 'minors'],
    partners: [{ acronym: 'Caritas', role: 'co_beneficiary', shareEuros: 150_000 }],
    budget: [
      { category: 'staff', model: 'actual_costs', text: 'Coordination des voies complémentaires', euros: 210_000 },
      { category: 'target_group_costs', model: 'unit_cost', text: 'Accueil par personne admise', units: 80, unitEuros: 3_500 },
      { category: 'indirect', model: 'flat_rate_7_direct', text: 'Coûts indirects (7 %)' },
    ],
    indicators: [{ code: 'R.4.5', target: 80, unit: 'persons' }],
    milestones: [{ title: 'Signature de la convention de subvention', due: 10, status: 'planned' }],
  },
  {
    code: 'AMIF-2023-IN-01',
    title: 'Cours de français langue étrangère pour primo-arrivants',
    beneficiary: 'Alpha Mosaïque',
    description: 'Cours de français du niveau A1 au B1, en journée et en soirée, à Liège.',
    strand: 'integration',
    strandObjective: 'IN-1',
    objective: 'SO2',
    call: 'AFSE-AMIF-2023-01',
    start: -820,
    end: 275,
    officer: OFFICER_A,
    status: 'running',
    targetGroups: ['newly_arrived_tcn', 'legally_residing_tcn'],
    budget: [
      { category: 'staff', model: 'actual_costs', text: 'Formateurs FLE (3 ETP)', euros: 330_000 },
      { category: 'target_group_costs', model: 'actual_costs', text: 'Matériel pédagogique et garderie', euros: 42_000 },
      { category: 'indirect', model: 'flat_rate_15_staff', text: 'Coûts indirects (15 % des frais de personnel)' },
    ],
    payments: [
      { kind: 'advance', planned: -810, percent: 40, status: 'paid', paid: -800, paidEuros: 126_450 },
      { kind: 'interim', planned: -300, percent: 30, status: 'paid', paid: -290, paidEuros: 94_837 },
    ],
    indicators: [
      {
        code: 'O.2.3.1',
        target: 450,
        unit: 'participants',
        measured: [
          [-400, 180, 'Listes de présence'],
          [-30, 395, 'Listes de présence', [12, 361, 22, 231, 160, 1, 3]],
        ],
      },
      { code: 'R.2.8', target: 250, unit: 'participants', measured: [[-30, 160, 'Tests de positionnement CECR']] },
    ],
    milestones: [
      { title: 'Ouverture de la session du soir', due: -700, status: 'done', done: -705, indicator: 'O.2.3.1' },
      { title: 'Tests CECR de fin de module', due: 18, status: 'planned', indicator: 'R.2.8', responsible: 'Alpha Mosaïque' },
    ],
  },
  {
    code: 'AMIF-2023-IN-02',
    title: 'Modules de citoyenneté et orientation sociale',
    beneficiary: 'Association Nouveau Départ',
    description: 'Modules de citoyenneté de 60 heures et accompagnement vers les services locaux.',
    strand: 'integration',
    strandObjective: 'IN-2',
    objective: 'SO2',
    call: 'AFSE-AMIF-2023-01',
    start: -790,
    end: 305,
    officer: OFFICER_B,
    status: 'running',
    targetGroups: ['newly_arrived_tcn'],
    partners: [{ acronym: 'CPAS Namur', role: 'implementing_partner', shareEuros: 25_000 }],
    budget: [
      { category: 'staff', model: 'actual_costs', text: 'Animateurs citoyenneté', euros: 180_000 },
      { category: 'travel', model: 'actual_costs', text: 'Visites d’institutions', euros: 12_000 },
      { category: 'indirect', model: 'flat_rate_7_direct', text: 'Coûts indirects (7 %)' },
    ],
    payments: [
      { kind: 'advance', planned: -780, percent: 40, status: 'paid', paid: -770, paidEuros: 61_632 },
      { kind: 'interim', planned: -90, percent: 30, status: 'requested' },
    ],
    indicators: [{ code: 'O.2.3.2', target: 400, unit: 'participants', measured: [[-60, 150, 'Listes de présence', [0, 141, 9, 84, 63, 0, 3]]] }],
    milestones: [
      { title: 'Module pilote évalué', due: -600, status: 'done', done: -590 },
      { title: 'Traduction des supports en arabe et en dari', due: -20, status: 'planned', responsible: 'Association Nouveau Départ' },
      { title: 'Rapport intermédiaire', due: -55, status: 'in_progress' },
    ],
  },
  {
    code: 'AMIF-2025-IN-03',
    title: 'Accompagnement individuel et valorisation des compétences',
    beneficiary: 'CPAS Namur',
    description: 'Accompagnement individuel (traduction, soutien psychosocial, reconnaissance des diplômes).',
    strand: 'integration',
    strandObjective: 'IN-3',
    objective: 'SO2',
    call: 'AFSE-AMIF-2025-02',
    start: 100,
    end: 830,
    officer: OFFICER_B,
    status: 'submitted',
    targetGroups: ['newly_arrived_tcn', 'legally_residing_tcn'],
    budget: [
      { category: 'staff', model: 'actual_costs', text: 'Job coachs', euros: 150_000 },
      { category: 'external_services', model: 'actual_costs', text: 'Traduction jurée de diplômes', euros: 30_000 },
    ],
    indicators: [{ code: 'R.2.10', target: 90, unit: 'participants' }],
  },
  {
    code: 'AMIF-2026-IN-04',
    title: 'Jeunes ressortissants de pays tiers : raccrochage scolaire',
    beneficiary: 'CRB',
    description: 'Projet en préparation pour le prochain appel.',
    strand: 'integration',
    strandObjective: 'IN-4',
    objective: 'SO2',
    start: 200,
    end: 930,
    officer: OFFICER_A,
    status: 'draft',
    targetGroups: ['minors', 'unaccompanied_minors'],
    budget: [{ category: 'staff', model: 'actual_costs', text: 'Éducateurs', euros: 120_000 }],
  },
]

/** The statuses a demo project went through after draft to reach its status. */
export const STATUS_PATHS: Record<ProjectStatus, ProjectStatus[]> = {
  draft: [],
  submitted: ['submitted'],
  selected: ['submitted', 'selected'],
  agreement_signed: ['submitted', 'selected', 'agreement_signed'],
  running: ['submitted', 'selected', 'agreement_signed', 'running'],
  final_report_received: ['submitted', 'selected', 'agreement_signed', 'running', 'final_report_received'],
  closed: ['submitted', 'selected', 'agreement_signed', 'running', 'final_report_received', 'closed'],
  rejected: ['submitted', 'rejected'],
  terminated: ['submitted', 'selected', 'agreement_signed', 'running', 'terminated'],
}

/** When each step of a project's life happened, relative to its start and end. */
function statusDay(status: ProjectStatus, start: number, end: number): number {
  const days: Record<ProjectStatus, number> = {
    draft: start - 150,
    submitted: start - 120,
    selected: start - 60,
    agreement_signed: start - 20,
    running: start,
    final_report_received: end + 45,
    closed: end + 120,
    rejected: start - 60,
    terminated: end,
  }
  return days[status]
}

/** The tables of records a project holds. */
type ProjectChild = 'project_status_changes' | 'project_target_groups' | 'project_partners' | 'budget_lines' | 'payments' | 'project_indicators' | 'milestones'

/** Inserts the demonstration calls and projects (organisations are found by acronym), in the caller's transaction. */
export async function insertDemoProjects(trx: WriteTrx, officer: Officer, organisationIds: Map<string, string>, today: string): Promise<void> {
  const day = (offset: number) => addDays(today, offset)
  const org = (acronym: string) => {
    const id = organisationIds.get(acronym)
    if (!id) throw new Error(`Demo organisation ${acronym} is missing`)
    return id
  }
  const callIds = new Map<string, string>()
  for (const c of DEMO_CALLS) {
    const v = callValues.parse({
      reference: c.reference,
      title: c.title,
      strand: c.strand,
      objectiveCode: c.objective,
      opensOn: day(c.opens),
      closesOn: day(c.closes),
      envelopeCents: c.envelopeEuros * 100,
    })
    const id = await insertRecord(
      trx,
      officer,
      { table: 'calls', entity: 'call', parentId: null },
      {
        reference: v.reference,
        title: v.title,
        strand: v.strand,
        objective_code: v.objectiveCode,
        opens_on: v.opensOn,
        closes_on: v.closesOn,
        envelope_cents: v.envelopeCents,
        notes: null,
      },
    )
    callIds.set(c.reference, id)
  }

  for (const d of DEMO_PROJECTS) {
    const options = costOptionValues.parse(d.costOptions ?? {})
    const v = projectValues.parse({
      code: d.code,
      title: d.title,
      description: d.description,
      beneficiaryId: org(d.beneficiary),
      strand: d.strand,
      strandObjectiveId: referenceId('strand-objective', d.strandObjective),
      objectiveCode: d.objective,
      callId: d.call ? callIds.get(d.call) : null,
      startDate: day(d.start),
      endDate: day(d.end),
      officerName: d.officer,
      euRateBp: d.rate?.bp ?? 7500,
      rateGround: d.rate?.ground ?? null,
      rateJustification: d.rate?.why ?? null,
      targetGroupIds: d.targetGroups.map((g) => referenceId('target-group', g)),
    })
    const projectId = await insertRecord(
      trx,
      officer,
      { table: 'projects', entity: 'project', parentId: null },
      {
        code: v.code,
        title: v.title,
        description: v.description,
        beneficiary_id: v.beneficiaryId,
        strand: v.strand,
        strand_objective_id: v.strandObjectiveId,
        objective_code: v.objectiveCode,
        call_id: v.callId,
        start_date: v.startDate,
        end_date: v.endDate,
        officer_name: v.officerName,
        status: d.status,
        eu_rate_bp: v.euRateBp,
        rate_ground: v.rateGround,
        rate_justification: v.rateJustification,
        indirect_flat_rate: options.indirect,
        indirect_rate_bp: options.indirectRateBp,
        indirect_justification: options.indirectJustification,
        staff_flat_rate_bp: options.staffRateBp,
        remaining_flat_rate_bp: options.remainingRateBp,
        sco_exemption: options.scoExemption,
      },
    )
    const child = <T extends ProjectChild>(table: T, entity: string, columns: NoInfer<Omit<NewRecord<T>, 'project_id'>>) =>
      insertRecord(trx, officer, { table, entity, parentId: projectId }, { project_id: projectId, ...columns } as NewRecord<T>)

    const statuses: ProjectStatus[] = ['draft', ...STATUS_PATHS[d.status]]
    for (const status of statuses) {
      await child('project_status_changes', 'project_status_change', { status, changed_on: day(statusDay(status, d.start, d.end)), note: null })
    }
    for (const g of v.targetGroupIds) await child('project_target_groups', 'project_target_group', { target_group_id: g })
    for (const p of d.partners ?? []) {
      await child('project_partners', 'project_partner', { organisation_id: org(p.acronym), role: p.role, budget_share_cents: p.shareEuros * 100 })
    }
    let order = 0
    for (const b of d.budget) {
      const line = budgetLineValues.parse({
        category: b.category,
        costModel: b.model,
        description: b.text,
        amountCents: b.euros === undefined ? null : b.euros * 100,
        units: b.units ?? null,
        unitCostCents: b.unitEuros === undefined ? null : b.unitEuros * 100,
      })
      await child('budget_lines', 'budget_line', {
        category: line.category,
        cost_model: line.costModel,
        description: line.description,
        amount_cents: line.amountCents,
        units: line.units,
        unit_cost_cents: line.unitCostCents,
        sort_order: ++order,
      })
    }
    for (const p of d.payments ?? []) {
      if (p.rest) continue
      const pay = paymentValues.parse({
        kind: p.kind,
        plannedDate: day(p.planned),
        plannedCents: p.euros === undefined ? null : p.euros * 100,
        plannedRateBp: p.percent === undefined ? null : p.percent * 100,
        status: p.status,
        paidDate: p.paid === undefined ? null : day(p.paid),
        paidCents: p.paidEuros === undefined ? null : p.paidEuros * 100,
      })
      await child('payments', 'payment', {
        kind: pay.kind,
        planned_date: pay.plannedDate,
        planned_cents: pay.plannedCents,
        planned_rate_bp: pay.plannedRateBp,
        status: pay.status,
        paid_date: pay.paidDate,
        paid_cents: pay.paidCents,
        note: null,
      })
    }
    const indicatorIds = new Map<string, string>()
    for (const i of d.indicators ?? []) {
      const piId = await child('project_indicators', 'project_indicator', {
        indicator_id: referenceId('indicator', i.code),
        baseline: 0,
        target: i.target,
        unit: i.unit,
      })
      indicatorIds.set(i.code, piId)
      for (const [at, value, source, parts] of i.measured ?? []) {
        const m = measurementValues.parse({ measuredOn: day(at), value, source, breakdown: parts && demoBreakdown(parts) })
        await insertRecord(
          trx,
          officer,
          { table: 'indicator_measurements', entity: 'indicator_measurement', parentId: projectId },
          { project_indicator_id: piId, measured_on: m.measuredOn, value: m.value, source: m.source, ...breakdownColumns(m.breakdown) },
        )
      }
    }
    for (const m of d.milestones ?? []) {
      const ms = milestoneValues.parse({
        title: m.title,
        dueDate: day(m.due),
        status: m.status,
        doneDate: m.done === undefined ? null : day(m.done),
        evidence: m.evidence ?? null,
        responsibleId: m.responsible ? org(m.responsible) : null,
        projectIndicatorId: m.indicator ? indicatorIds.get(m.indicator) : null,
      })
      await child('milestones', 'milestone', {
        title: ms.title,
        description: null,
        objective_code: v.objectiveCode,
        project_indicator_id: ms.projectIndicatorId,
        due_date: ms.dueDate,
        status: ms.status,
        done_date: ms.doneDate,
        evidence: ms.evidence,
        responsible_id: ms.responsibleId,
      })
    }
    if (d.evaluation) {
      const e = d.evaluation
      const values = evaluationValues.parse({
        evaluatedOn: day(e.on),
        criteria: Object.fromEntries(DAC_CRITERIA.map((c, i) => [c, { score: e.scores[i][0], comment: e.scores[i][1] }])),
        conclusions: e.conclusions,
        recommendations: e.recommendations,
      })
      await writeEvaluation(trx, officer, projectId, values)
    }
  }
}

/**
 * Plans the demo's `rest` payments once the claims' payments exist: what the EU contribution
 * leaves after every other payment not cancelled, so that a schedule complete before the claims
 * stays complete (the money checks stay quiet).
 */
export async function insertDemoClosingPayments(trx: WriteTrx, officer: Officer, today: string): Promise<void> {
  for (const d of DEMO_PROJECTS) {
    for (const p of d.payments ?? []) {
      if (!p.rest) continue
      const project = await trx.selectFrom('projects').selectAll().where('code', '=', d.code).executeTakeFirstOrThrow()
      const lines = await trx.selectFrom('budget_lines').selectAll().where('project_id', '=', project.id).execute()
      const { euCents } = computeBudget(lines.map(budgetLineInput), project.eu_rate_bp, costOptionsOf(project))
      const others = await trx
        .selectFrom('payments')
        .select(['planned_cents as plannedCents', 'planned_rate_bp as plannedRateBp'])
        .where('project_id', '=', project.id)
        .where('status', '!=', 'cancelled')
        .execute()
      const rest = euCents - plannedTotalCents(others, euCents)
      if (rest <= 0) throw new Error(`Demo project ${d.code}: nothing left to plan for its ${p.kind}`)
      const pay = paymentValues.parse({ kind: p.kind, plannedDate: addDays(today, p.planned), plannedCents: rest, status: p.status })
      await insertRecord(
        trx,
        officer,
        { table: 'payments', entity: 'payment', parentId: project.id },
        {
          project_id: project.id,
          kind: pay.kind,
          planned_date: pay.plannedDate,
          planned_cents: pay.plannedCents,
          planned_rate_bp: null,
          status: pay.status,
          paid_date: null,
          paid_cents: null,
          note: null,
        },
      )
    }
  }
}
