import type { Selectable } from 'kysely'
import type { Officer } from '../audit'
import { claimResultOf } from '../claim-result'
import { declaredCents } from '../domain/claims'
import { addDays } from '../domain/dates'
import { hourlyStaffRateCents } from '../domain/money'
import type {
  CheckAnswer,
  ClaimKind,
  ClaimLineKind,
  ClaimStatus,
  ErrorType,
  FindingSeverity,
  LineOutcome,
  RecommendationStatus,
  SamplingMethod,
  VisitStatus,
} from '../domain/vocabulary'
import { insertRecord } from '../records'
import type { BudgetLineTable } from '../schema'
import { sampleLines } from '../verification'
import type { WriteTrx } from '../writable'
import { OFFICER_A, OFFICER_B } from './projects'

/**
 * Demonstration payment claims, their verification and the visits on the spot (issue 15). Every
 * date is a number of days from the day the demo is loaded, so the 80-day clocks always show the
 * same mix: a claim just received, one returned for information (clock stopped), one overdue
 * (submitted 110 days ago, 15 days stopped), one verified whose payment is due within 10 days, and
 * claims paid before their deadline. The payments of approved claims are what the verification
 * result (claim-result.ts) makes payable, never typed.
 */

/** The first-level control officer of the managing authority (a contact of IBZ in the registry). */
const OFFICER_C = 'Aurélie Marchal'

/** A line's verification: its outcome and, for a difference, the amount taken off and its error type. */
interface DemoOutcome {
  outcome: LineOutcome
  /** Cents taken off a reduced line. */
  less?: number
  error?: ErrorType
  comment?: string
}

/** A declared line; amounts in cents, days from today. */
export interface DemoClaimLine {
  /** The budget line, by its position in the project's budget (1 = first). */
  budget: number
  kind: ClaimLineKind
  date?: number
  supplier?: string
  ref?: string
  text?: string
  excl?: number
  /** VAT rate in percent: the amount including VAT is computed. */
  vat?: number
  /** VAT not recoverable by the beneficiary: the amount including it is declared. */
  vatEligible?: boolean
  paid?: number
  person?: string
  /** Hours in hundredths. */
  hours?: number
  rate?: number
  /** Annual gross employment costs: the hourly rate is them / 1 720 (Art. 55(2)). */
  gross?: number
  units?: number
  /** Drawn in the random part of a threshold-and-random sample. */
  drawn?: boolean
  check?: DemoOutcome
}

export interface DemoClaim {
  project: string
  kind: ClaimKind
  reference: string
  period: [number, number]
  submitted: number
  status: ClaimStatus
  withdrawn?: string
  note?: string
  suspensions?: { stopped: number; reason: string; resumed?: number }[]
  sampling?: { method: SamplingMethod; on: number; by: string; threshold?: number; size?: number; seed?: string; extrapolate?: boolean }
  /** Who checked the lines that have an outcome, and when. */
  checked?: { by: string; on: number }
  prepared?: { by: string; on: number }
  approved?: { by: string; on: number; reason?: string }
  /** The payment the approval created: planned on `planned`, paid on `paid` when the claim is paid. */
  payment?: { kind: 'interim' | 'balance'; planned: number; paid?: number }
  checks?: [question: string, answer: CheckAnswer, comment?: string][]
  lines: DemoClaimLine[]
}

const ACCEPTED: DemoOutcome = { outcome: 'accepted' }

/** An invoice line: budget line, date, supplier, reference, description, cents without VAT, VAT %, paid N days later. */
type Invoice = [budget: number, date: number, supplier: string, ref: string, text: string, excl: number, vat: number]
const invoice = ([budget, date, supplier, ref, text, excl, vat]: Invoice, extra: Partial<DemoClaimLine> = {}): DemoClaimLine => ({
  budget,
  kind: 'actual',
  date,
  supplier,
  ref,
  text,
  excl,
  vat,
  paid: date + 21,
  ...extra,
})

/** The small purchases of Fedasil's first claim, below the sampling threshold: six of them drawn. */
const FEDASIL_SMALL: Invoice[] = [
  [2, -640, 'IKEA Belgium NV', 'IKB-25-884102', 'Lits superposés et matelas ignifuges (48 couchages)', 1_684_300, 21],
  [2, -628, 'Vanden Borre NV', 'VB-25-5519023', 'Réfrigérateurs et plaques de cuisson pour les unités familiales (12)', 742_000, 21],
  [2, -615, 'Brico Pro Namur SRL', 'BPN-2025-0217', 'Petit matériel d’aménagement (cloisons, serrures, éclairage)', 318_540, 21],
  [2, -548, 'Electro Services Liège SRL', 'ESL/25/0093', 'Raccordements électriques des unités modulaires, lot 1', 1_940_000, 21],
  [2, -545, 'Plomberie Meuse & Sambre SRL', 'PMS-25-114', 'Raccordements sanitaires des unités modulaires, lot 1', 1_626_000, 21],
  [2, -540, 'Mobilier Collectif Wallon SA', 'MCW-F-25-0782', 'Tables, chaises et armoires pour 40 places', 1_215_600, 21],
  [2, -530, 'Coolblue België NV', 'CB-9930417', 'Lave-linge et sèche-linge professionnels (4)', 628_000, 21],
  [3, -510, 'Vertaalbureau Babel BV', 'BAB-25-0331', 'Traduction du règlement d’ordre intérieur en 9 langues', 412_500, 21],
  [2, -505, 'Securitas NV', 'SEC-25-77120', 'Détection incendie des unités modulaires, lot 1', 1_488_000, 21],
  [2, -490, 'IKEA Belgium NV', 'IKB-25-901277', 'Équipement des cuisines communes', 562_480, 21],
  [2, -462, 'Electro Services Liège SRL', 'ESL/25/0141', 'Raccordements électriques, lot 2', 1_812_000, 21],
  [2, -460, 'Plomberie Meuse & Sambre SRL', 'PMS-25-163', 'Raccordements sanitaires, lot 2', 1_498_000, 21],
  [2, -455, 'Mobilier Collectif Wallon SA', 'MCW-F-25-1044', 'Mobilier pour 36 places', 1_098_000, 21],
  [2, -450, 'Proximus SA', 'PXS-25-4471902', 'Réseau Wi-Fi des unités modulaires (installation de 30 points d’accès)', 884_000, 21],
  [3, -440, 'Processus & Organisation SRL', 'PO-2025-058', 'Atelier de restitution de l’étude des processus (2 jours)', 680_000, 21],
  [2, -430, 'Brico Pro Namur SRL', 'BPN-2025-0496', 'Matériel de signalétique et de sécurité', 226_880, 21],
  [2, -420, 'Securitas NV', 'SEC-25-80544', 'Détection incendie, lot 2', 1_395_000, 21],
  [2, -410, 'Vanden Borre NV', 'VB-25-6120844', 'Électroménager pour les unités familiales, lot 2', 688_000, 21],
  [2, -372, 'Electro Services Liège SRL', 'ESL/25/0208', 'Raccordements électriques, lot 3', 1_276_000, 21],
  [2, -370, 'Plomberie Meuse & Sambre SRL', 'PMS-25-219', 'Raccordements sanitaires, lot 3', 1_054_000, 21],
  [2, -365, 'Mobilier Collectif Wallon SA', 'MCW-F-25-1301', 'Mobilier pour 24 places familles', 874_200, 21],
  [2, -360, 'Dreambaby Belgium BV', 'DB-25-00812', 'Lits bébé, barrières et tables à langer', 318_400, 21],
  [3, -340, 'Vertaalbureau Babel BV', 'BAB-25-0602', 'Pictogrammes et affiches multilingues', 186_000, 21],
  [2, -320, 'Colruyt Group Services NV', 'CGS-25-1187733', 'Kits d’accueil (literie, hygiène) pour 100 places', 962_500, 21],
]
/** Positions (1 = first) of the small purchases drawn, and their outcome when not accepted. */
const FEDASIL_DRAWN: Record<number, DemoOutcome> = {
  2: ACCEPTED,
  6: ACCEPTED,
  14: {
    outcome: 'reduced',
    less: 106_964,
    error: 'ineligible_cost',
    comment: 'Trois des trente points d’accès sont installés dans les bureaux du personnel, hors des places financées : un dixième de la facture retiré.',
  },
  16: {
    outcome: 'rejected',
    error: 'no_proof_of_payment',
    comment: 'Aucune preuve de paiement : la facture figure encore comme ouverte sur l’extrait de compte fourni.',
  },
  18: ACCEPTED,
  22: ACCEPTED,
}

const ALL_YES = (comments: Partial<Record<string, [CheckAnswer, string?]>> = {}): [string, CheckAnswer, string?][] =>
  [
    'eligibility_period',
    'supporting_documents',
    'proof_of_payment',
    'separate_accounting',
    'public_procurement',
    'double_funding',
    'visibility',
    'indicators_reported',
  ].map((q) => [q, ...(comments[q] ?? ['yes'])] as [string, CheckAnswer, string?])

export const DEMO_CLAIMS: readonly DemoClaim[] = [
  // IOM: unit costs per returnee, verified by the project officer and approved by a second officer; payment requested.
  {
    project: 'AMIF-2024-RV-01',
    kind: 'interim',
    reference: 'OIM-RV01-DP1',
    period: [-420, -121],
    submitted: -70,
    status: 'verified',
    sampling: { method: 'all', on: -45, by: OFFICER_B },
    checked: { by: OFFICER_B, on: -25 },
    prepared: { by: OFFICER_B, on: -18 },
    approved: { by: OFFICER_A, on: -12 },
    payment: { kind: 'interim', planned: 10 },
    checks: ALL_YES({
      public_procurement: ['not_applicable', 'Aucun achat au-dessus des seuils : billets réservés dans le contrat-cadre de l’OIM.'],
      double_funding: ['no', 'Nuits d’hôtel à Tbilissi déjà payées par le bureau de l’OIM en Géorgie : la ligne est rejetée.'],
      indicators_reported: ['yes', '310 personnes réintégrées (O.3.3), listes nominatives jointes.'],
    }),
    lines: [
      ...(
        [
          ['Irak', 'Erbil', 'IQ', 52, -390],
          ['Géorgie', 'Tbilissi', 'GE', 44, -365],
          ['Brésil', 'Brasília', 'BR', 38, -340],
          ['Maroc', 'Rabat', 'MA', 31, -312],
          ['RD Congo', 'Kinshasa', 'CD', 27, -290],
          ['Guinée', 'Conakry', 'GN', 24, -262],
          ['Algérie', 'Alger', 'DZ', 22, -236],
          ['Moldavie', 'Chișinău', 'MD', 20, -210],
          ['Arménie', 'Erevan', 'AM', 18, -184],
          ['Sénégal', 'Dakar', 'SN', 17, -158],
          ['Albanie', 'Tirana', 'AL', 17, -130],
        ] as const
      ).map(([country, office, code, units, date]): DemoClaimLine => ({
        budget: 3,
        kind: 'unit',
        date,
        supplier: `OIM ${country} (bureau de ${office})`,
        ref: `RV-${code}-01`,
        text: `Paquets de réintégration en nature – ${country} (${units} personnes, liste nominative et accusés de réception)`,
        units,
        check:
          code === 'GE'
            ? {
                outcome: 'reduced',
                less: 400_000,
                error: 'ineligible_cost',
                comment: 'Deux paquets remis plus de 12 mois après le retour, hors du soutien prévu par la convention : 42 personnes retenues.',
              }
            : ACCEPTED,
      })),
      {
        budget: 1,
        kind: 'staff',
        person: 'Nadia El Amrani',
        hours: 141_250,
        rate: 3_652,
        text: 'Conseillère en réintégration (Irak, Syrie), fiches de temps mensuelles',
        check: ACCEPTED,
      },
      {
        budget: 1,
        kind: 'staff',
        person: 'Jonas Verhoeven',
        hours: 139_800,
        rate: 3_488,
        text: 'Conseiller en réintégration (Caucase, Europe de l’Est)',
        check: ACCEPTED,
      },
      {
        budget: 1,
        kind: 'staff',
        person: 'Mariam Diallo',
        hours: 137_625,
        rate: 3_488,
        text: 'Conseillère en réintégration (Afrique de l’Ouest)',
        check: ACCEPTED,
      },
      {
        budget: 1,
        kind: 'staff',
        person: 'Lucas Dubois',
        hours: 70_200,
        rate: 3_215,
        text: 'Conseiller en réintégration à mi-temps (Amérique latine)',
        check: ACCEPTED,
      },
      invoice([2, -380, 'Brussels Airlines SA/NV', 'SN-7082-4411', 'Billets Bruxelles-Erbil A/R, mission de suivi (2 personnes)', 184_260, 0], {
        check: ACCEPTED,
      }),
      invoice([2, -300, 'Connections SA', 'CX-25-018877', 'Billets Bruxelles-Tbilissi A/R, mission de suivi', 61_290, 0], { check: ACCEPTED }),
      invoice([2, -298, 'Connections SA', 'CX-25-018902', 'Hébergement à Tbilissi, 4 nuits', 52_800, 0], {
        check: {
          outcome: 'rejected',
          error: 'double_funding',
          comment: 'Nuits déjà prises en charge par le bureau de l’OIM à Tbilissi (facture interne TB-2025-114).',
        },
      }),
      invoice([2, -210, 'Brussels Airlines SA/NV', 'SN-7091-0267', 'Billets Bruxelles-Kinshasa A/R, mission de suivi (2 personnes)', 236_420, 0], {
        check: ACCEPTED,
      }),
      invoice([2, -205, 'SNCB / NMBS', 'NMBS-2025-332190', 'Trajets en train vers les centres Fedasil (séances d’information)', 36_538, 6], {
        check: ACCEPTED,
      }),
    ],
  },
  // Fedasil: a threshold-and-random sample with its seed, a reduced and a rejected line, the error extrapolated and
  // applied; self-approved with a stated reason; paid before the 80th day.
  {
    project: 'AMIF-2023-AC-01',
    kind: 'interim',
    reference: 'FED-AC01-DP1',
    period: [-700, -300],
    submitted: -262,
    status: 'paid',
    sampling: { method: 'threshold_random', on: -240, by: OFFICER_A, threshold: 2_500_000, size: 6, seed: '7c41e9a2d05b', extrapolate: true },
    checked: { by: OFFICER_A, on: -222 },
    prepared: { by: OFFICER_A, on: -215 },
    approved: {
      by: OFFICER_A,
      on: -205,
      reason:
        'Seule gestionnaire du volet accueil pendant le congé de maladie de Pieter Janssens ; approbation avant l’échéance des 80 jours autorisée par le chef de l’autorité de gestion (courriel joint au dossier).',
    },
    payment: { kind: 'interim', planned: -200, paid: -185 },
    note: 'Première demande intermédiaire : places modulables (lots 1 à 3) et étude des processus.',
    checks: ALL_YES({
      public_procurement: ['no', 'Étude des processus attribuée sur un seul devis : correction de 10 % sur la facture PO-2025-031.'],
      proof_of_payment: ['yes', 'Sauf la facture BPN-2025-0496 (rejetée).'],
      visibility: ['yes', 'Emblème de l’Union sur chaque unité modulaire (photos jointes).'],
    }),
    lines: [
      { budget: 1, kind: 'staff', person: 'Stéphanie Wuyts', hours: 152_000, rate: 3_390, text: 'Responsable de la gestion des places', check: ACCEPTED },
      {
        budget: 1,
        kind: 'staff',
        person: 'Koen Martens',
        hours: 149_600,
        rate: 3_390,
        text: 'Gestionnaire des places, réseau néerlandophone',
        check: ACCEPTED,
      },
      {
        budget: 1,
        kind: 'staff',
        person: 'Yasmina Kaddouri',
        hours: 148_800,
        rate: 3_120,
        text: 'Gestionnaire des places, réseau francophone',
        check: ACCEPTED,
      },
      { budget: 1, kind: 'staff', person: 'Thibault Renson', hours: 150_400, rate: 3_120, text: 'Chargé du suivi des travaux', check: ACCEPTED },
      { budget: 1, kind: 'staff', person: 'Griet Van Damme', hours: 76_000, rate: 3_560, text: 'Analyste des processus (mi-temps)', check: ACCEPTED },
      invoice([2, -560, 'Modulbouw Kempen NV', 'MK-F-2025-0412', 'Unités modulaires, lot 1 : 40 places, centre de Jabbeke', 28_500_000, 21], {
        vatEligible: true,
        check: ACCEPTED,
      }),
      invoice([2, -470, 'Modulbouw Kempen NV', 'MK-F-2025-0688', 'Unités modulaires, lot 2 : 36 places, centre de Florennes', 24_860_000, 21], {
        vatEligible: true,
        check: ACCEPTED,
      }),
      invoice([2, -380, 'Ateliers Bois & Habitat SA', 'FA-25/1190', 'Unités modulaires, lot 3 : 24 places pour familles, centre de Bierset', 17_640_000, 21], {
        vatEligible: true,
        check: ACCEPTED,
      }),
      invoice([3, -520, 'Processus & Organisation SRL', 'PO-2025-031', 'Étude des processus d’attribution des places (phase 1)', 5_800_000, 21], {
        vatEligible: true,
        check: {
          outcome: 'reduced',
          less: 701_800,
          error: 'procurement_breach',
          comment: 'Marché attribué sur un seul devis alors que trois offres étaient requises : correction forfaitaire de 10 %.',
        },
      }),
      ...FEDASIL_SMALL.map((i, n) => invoice(i, { vatEligible: true, drawn: n + 1 in FEDASIL_DRAWN, check: FEDASIL_DRAWN[n + 1] })),
    ],
  },
  // Caritas (resettlement): staff lines at annual gross / 1 720 with the 7 % flat rate; returned once, now overdue.
  {
    project: 'AMIF-2024-RS-01',
    kind: 'interim',
    reference: 'CAR-RS01-DI1',
    period: [-380, -140],
    submitted: -110,
    status: 'under_verification',
    suspensions: [
      {
        stopped: -70,
        resumed: -55,
        reason: 'Fiches de temps de trois mois non signées par la responsable et preuves de paiement des salaires manquantes : demandées au bénéficiaire.',
      },
    ],
    sampling: { method: 'all', on: -50, by: OFFICER_A },
    checked: { by: OFFICER_A, on: -40 },
    checks: [
      ['eligibility_period', 'yes'],
      ['supporting_documents', 'yes', 'Fiches de temps signées reçues après la suspension.'],
      ['proof_of_payment', 'yes', 'Extraits de compte des salaires reçus.'],
    ],
    lines: [
      {
        budget: 1,
        kind: 'unit',
        date: -330,
        supplier: 'Caritas International',
        ref: 'RS-G1-LB',
        text: 'Accompagnement de 6 mois en logement – groupe UNHCR 1 (Liban), 38 personnes',
        units: 38,
        check: ACCEPTED,
      },
      {
        budget: 1,
        kind: 'unit',
        date: -250,
        supplier: 'Caritas International',
        ref: 'RS-G2-JO',
        text: 'Accompagnement de 6 mois en logement – groupe UNHCR 2 (Jordanie), 31 personnes',
        units: 31,
      },
      { budget: 2, kind: 'staff', person: 'Sarah Vermeulen', hours: 112_050, gross: 5_848_000, text: 'Assistante sociale logement', check: ACCEPTED },
      {
        budget: 2,
        kind: 'staff',
        person: 'Hamza Ouali',
        hours: 108_600,
        gross: 5_504_000,
        text: 'Assistant social logement',
        check: { outcome: 'reduced', less: 128_000, error: 'calculation_error', comment: 'Heures déclarées au-delà des fiches de temps : 1 046 h justifiées.' },
      },
      { budget: 2, kind: 'staff', person: 'Lotte Jacobs', hours: 54_000, gross: 4_988_000, text: 'Assistante sociale logement (mi-temps)' },
    ],
  },
  // Croix-Rouge: returned for information, the clock stopped.
  {
    project: 'AMIF-2024-AC-02',
    kind: 'interim',
    reference: 'CRB-AC02-DI1',
    period: [-300, -120],
    submitted: -60,
    status: 'returned',
    suspensions: [
      {
        stopped: -38,
        reason:
          'Preuves de paiement manquantes (Pairi Daiza, Librairie Pax) et fiches de temps de la psychologue non signées : délai de 80 jours suspendu jusqu’à leur réception.',
      },
    ],
    lines: [
      { budget: 1, kind: 'staff', person: 'Camille Henrard', hours: 68_000, rate: 2_780, text: 'Animatrice, conseils de résidents' },
      { budget: 1, kind: 'staff', person: 'Inès Moreau', hours: 62_000, rate: 3_950, text: 'Psychologue' },
      { budget: 1, kind: 'staff', person: 'Bastien Leroy', hours: 69_000, rate: 2_810, text: 'Animateur, activités sportives' },
      invoice([2, -280, 'Decathlon Belgium NV', 'DKT-25-771023', 'Matériel de sport pour les activités des résidents (3 centres)', 184_500, 21], {
        vatEligible: true,
      }),
      invoice([2, -245, 'Pairi Daiza SA', 'PD-GRP-25-0419', 'Entrées de groupe, sortie familiale (62 résidents)', 148_800, 6], { vatEligible: true }),
      invoice([2, -230, 'Colruyt Laagste Prijzen NV', 'COL-25-55180921', 'Ingrédients des ateliers « cuisine du monde »', 36_742, 6], { vatEligible: true }),
      invoice([2, -200, 'La Boverie (Ville de Liège)', 'LB-25-2231', 'Visite guidée du musée, groupe de 25 résidents', 25_000, 0], { vatEligible: true }),
      invoice([2, -170, 'Librairie Pax SRL', 'PAX-25-0938', 'Livres et jeux pour les espaces enfants', 41_230, 6], { vatEligible: true }),
      invoice([2, -150, 'Imprimerie Chauveheid SA', 'ICH-25-1184', 'Impression du journal des résidents (4 numéros, 5 langues)', 96_400, 21], {
        vatEligible: true,
      }),
    ],
  },
  // Caritas (voluntary return): just received, nothing verified yet.
  {
    project: 'AMIF-2024-RV-02',
    kind: 'interim',
    reference: 'CAR-RV02-DI1',
    period: [-400, -40],
    submitted: -6,
    status: 'received',
    lines: [
      { budget: 1, kind: 'staff', person: 'Fatou Ndiaye', hours: 152_000, gross: 5_332_000, text: 'Travailleuse sociale réintégration' },
      {
        budget: 1,
        kind: 'staff',
        person: 'Tom Claessens',
        hours: 148_800,
        gross: 5_676_000,
        text: 'Travailleur social réintégration, mineurs non accompagnés',
      },
      { budget: 1, kind: 'staff', person: 'Nicolas Pirard', hours: 146_000, gross: 5_160_000, text: 'Travailleur social réintégration, problèmes médicaux' },
      ...(
        [
          ['Maroc', 'Association Nouveau Départ', 'MA', 38, -330],
          ['RD Congo', 'Caritas Congo', 'CD', 32, -260],
          ['Guinée', 'Caritas Guinée', 'GN', 26, -190],
          ['Cameroun', 'Caritas Cameroun', 'CM', 23, -120],
          ['Albanie', 'Caritas Albanie', 'AL', 19, -60],
        ] as const
      ).map(([country, partner, code, units, date]): DemoClaimLine => ({
        budget: 2,
        kind: 'unit',
        date,
        supplier: partner,
        ref: `CAR-RV-${code}-01`,
        text: `Soutien à la réintégration – ${country} (${units} personnes)`,
        units,
      })),
      invoice([3, -350, 'SeTIS bxl ASBL', 'SET-25-0412', 'Interprétariat social (arabe, tigrinya), 86 heures', 378_400, 0], { vatEligible: true }),
      invoice([3, -290, 'Cliniques universitaires Saint-Luc ASBL', 'CUSL-25-118340', 'Bilans médicaux avant le départ (14 personnes)', 512_600, 0], {
        vatEligible: true,
      }),
      invoice([3, -180, 'Multipharma SC', 'MPH-25-22714', 'Traitements pour 3 mois remis avant le départ (patients chroniques)', 284_350, 6], {
        vatEligible: true,
      }),
      invoice([3, -95, 'SeTIS bxl ASBL', 'SET-25-0977', 'Interprétariat social, 64 heures', 281_600, 0], { vatEligible: true }),
    ],
  },
  // ILA Gembloux: the final claim of a closed project, its lump sum claimed whole; four eyes; the balance paid,
  // capped by what was left of the EU contribution.
  {
    project: 'AMIF-2022-AC-03',
    kind: 'final',
    reference: 'ILA-AC03-DF',
    period: [-1300, -570],
    submitted: -515,
    status: 'paid',
    sampling: { method: 'all', on: -500, by: OFFICER_A },
    checked: { by: OFFICER_A, on: -490 },
    prepared: { by: OFFICER_A, on: -480 },
    approved: { by: OFFICER_B, on: -470 },
    payment: { kind: 'balance', planned: -460, paid: -440 },
    checks: ALL_YES({
      public_procurement: ['not_applicable', 'Aménagement en somme forfaitaire : vérifié sur son livrable.'],
      indicators_reported: ['yes', '24 places créées et occupées (O.1.3.1).'],
    }),
    lines: [
      {
        budget: 2,
        kind: 'lump_sum',
        date: -1050,
        supplier: 'ILA Gembloux',
        ref: 'PV-REC-24-PLACES',
        text: 'Aménagement de 24 places (livrable : procès-verbal de réception des logements)',
        check: ACCEPTED,
      },
      ...(
        [
          ['Maxime Lambert', 120_000, 2_740, 121_000, 2_812],
          ['Chloé Gilson', 119_000, 2_695, 120_500, 2_770],
          ['Samuel Kabongo', 82_000, 2_650, 83_000, 2_720],
          ['Laura Evrard', 60_000, 2_880, 61_200, 2_950],
        ] as const
      ).flatMap(([person, h1, r1, h2, r2]): DemoClaimLine[] => [
        { budget: 1, kind: 'staff', person, hours: h1, rate: r1, text: 'Éducateur·rice, première année', check: ACCEPTED },
        {
          budget: 1,
          kind: 'staff',
          person,
          hours: h2,
          rate: r2,
          text: 'Éducateur·rice, deuxième année',
          check:
            person === 'Laura Evrard'
              ? {
                  outcome: 'reduced',
                  less: 42_840,
                  error: 'calculation_error',
                  comment: 'Taux horaire recalculé sur les coûts salariaux bruts de l’année précédente : 28,80 € au lieu de 29,50 €.',
                }
              : ACCEPTED,
        },
      ]),
    ],
  },
  // Nouveau Départ: a claim withdrawn by the beneficiary, and the corrected one under verification.
  {
    project: 'AMIF-2023-IN-02',
    kind: 'interim',
    reference: 'AND-IN02-DI1',
    period: [-790, -250],
    submitted: -200,
    status: 'withdrawn',
    withdrawn:
      'Retirée à la demande du bénéficiaire : les listes de présence de deux modules manquaient ; une demande corrigée suit (courriel du coordinateur).',
    lines: [
      { budget: 1, kind: 'staff', person: 'Salma Bennani', hours: 215_000, rate: 2_480, text: 'Animatrice citoyenneté' },
      { budget: 1, kind: 'staff', person: 'Julien Masson', hours: 148_000, rate: 2_560, text: 'Animateur citoyenneté' },
      invoice([2, -610, 'SNCB / NMBS', 'NMBS-GRP-24-11820', 'Billets de groupe Namur-Bruxelles, visite du Parlement fédéral (28 participants)', 30_189, 6]),
    ],
  },
  {
    project: 'AMIF-2023-IN-02',
    kind: 'interim',
    reference: 'AND-IN02-DI1-bis',
    period: [-790, -250],
    submitted: -32,
    status: 'under_verification',
    note: 'Remplace la demande AND-IN02-DI1, retirée.',
    lines: [
      { budget: 1, kind: 'staff', person: 'Salma Bennani', hours: 215_000, rate: 2_480, text: 'Animatrice citoyenneté' },
      { budget: 1, kind: 'staff', person: 'Julien Masson', hours: 148_000, rate: 2_560, text: 'Animateur citoyenneté' },
      invoice([2, -610, 'SNCB / NMBS', 'NMBS-GRP-24-11820', 'Billets de groupe Namur-Bruxelles, visite du Parlement fédéral (28 participants)', 30_189, 6]),
      invoice([2, -455, 'Opérateur de Transport de Wallonie (TEC)', 'OTW-24-5521', 'Abonnements de bus des participants aux modules', 48_600, 6]),
    ],
  },
]

/** The column mapping a partner's expenditure lists were imported with: line field → the list's header. */
export const DEMO_MAPPINGS: readonly { organisation: string; mapping: Record<string, string> }[] = [
  {
    organisation: 'Caritas',
    mapping: {
      budgetLine: 'Poste budgétaire',
      expenseDate: 'Date facture',
      supplier: 'Fournisseur',
      reference: 'N° pièce',
      description: 'Libellé',
      amountExcl: 'Montant HTVA',
      amountIncl: 'Montant TVAC',
      paymentDate: 'Date paiement',
      personName: 'Membre du personnel',
      hours: 'Heures',
      annualGross: 'Coût salarial annuel brut',
      units: 'Nombre de personnes',
    },
  },
]

export interface DemoVisit {
  project: string
  date: number
  place: string
  officers: string
  scope: string
  status: VisitStatus
  conclusion?: string
  findings?: {
    severity: FindingSeverity
    text: string
    recommendations?: { text: string; due: number; status: RecommendationStatus; on?: number; reason?: string; followUp?: string }[]
  }[]
}

export const DEMO_VISITS: readonly DemoVisit[] = [
  {
    project: 'AMIF-2024-RS-01',
    date: -130,
    place: 'Caritas International, Rue de la Charité 43, Saint-Josse-ten-Noode, et 4 logements à Schaerbeek',
    officers: `${OFFICER_A}, ${OFFICER_C}`,
    scope:
      'Douze dossiers de personnes accompagnées tirés au hasard, quatre logements visités, fiches de temps des assistants sociaux, visibilité du soutien de l’Union.',
    status: 'done',
    conclusion: 'Accompagnement de qualité ; le suivi des heures du personnel et la visibilité doivent être renforcés avant la première demande de paiement.',
    findings: [
      {
        severity: 'high',
        text: 'Trois fiches de temps mensuelles sans signature de la responsable ; heures déclarées non rapprochées du registre de présence.',
        recommendations: [
          {
            text: 'Faire signer chaque mois les fiches de temps par la responsable et les rapprocher du registre de présence.',
            due: -70,
            status: 'done',
            on: -75,
            followUp: 'Procédure de signature mensuelle transmise ; fiches signées reçues avec la demande CAR-RS01-DI1.',
          },
        ],
      },
      {
        severity: 'medium',
        text: 'Deux logements sur quatre sans affiche mentionnant le soutien de l’Union (Art. 50 RPDC).',
        recommendations: [{ text: 'Apposer l’affiche A3 avec l’emblème de l’Union dans chaque logement et en envoyer les photos.', due: -30, status: 'open' }],
      },
      {
        severity: 'low',
        text: 'Registre des remises de clés incomplet pour un logement.',
        recommendations: [{ text: 'Tenir à jour le registre des clés de chaque logement.', due: 30, status: 'open' }],
      },
    ],
  },
  {
    project: 'AMIF-2024-RV-01',
    date: -45,
    place: 'OIM Belgique et Luxembourg, Rue Montoyer 40, Bruxelles',
    officers: `${OFFICER_B}, ${OFFICER_C}`,
    scope: 'Vingt dossiers de réintégration tirés au hasard, preuves de remise des paquets en nature, accords avec les bureaux pays.',
    status: 'done',
    conclusion: 'Dossiers bien tenus ; deux remises hors délai en Géorgie à retirer de la demande OIM-RV01-DP1.',
    findings: [
      {
        severity: 'medium',
        text: 'Deux paquets de réintégration (Géorgie) remis plus de 12 mois après le retour.',
        recommendations: [
          { text: 'Vérifier les dates de remise de tous les paquets avant chaque demande et exclure ceux hors délai.', due: 15, status: 'open' },
        ],
      },
      {
        severity: 'low',
        text: 'La base de suivi n’est pas à jour pour six dossiers.',
        recommendations: [
          {
            text: 'Migrer la base de suivi vers l’outil de gestion des dossiers de Fedasil.',
            due: 60,
            status: 'dropped',
            on: -20,
            reason: 'L’outil de Fedasil ne sera pas déployé avant la fin du projet ; la base de l’OIM a été mise à jour.',
          },
        ],
      },
    ],
  },
  {
    project: 'AMIF-2024-AC-02',
    date: -10,
    place: 'Centre d’accueil de la Croix-Rouge, Jambes',
    officers: OFFICER_A,
    scope: 'Activités avec les résidents de la demande CRB-AC02-DI1 : listes de présence, achats et factures sur place.',
    status: 'planned',
  },
  {
    project: 'AMIF-2023-AC-01',
    date: 21,
    place: 'Centre Fedasil de Florennes',
    officers: `${OFFICER_A}, ${OFFICER_C}`,
    scope: 'Places modulables des lots 1 à 3 et inventaire des équipements de la demande FED-AC01-DP1.',
    status: 'planned',
  },
]

/** A stamp on a day of the demo, at a working hour. */
const stampOn = (today: string, offset: number, time = '10:00:00.000') => `${addDays(today, offset)}T${time}Z`

/** A demo line's amount with VAT, hourly rate and declared amount, as the claim will hold them. */
function demoAmounts(l: DemoClaimLine, b: Selectable<BudgetLineTable>): { incl: number | null; rate: number | null; declared: number | null } {
  const incl = l.excl === undefined ? null : l.excl + Math.round((l.excl * (l.vat ?? 0)) / 100)
  const rate = l.gross !== undefined ? hourlyStaffRateCents(l.gross) : (l.rate ?? null)
  const declared = declaredCents(
    {
      kind: l.kind,
      amountExclCents: l.excl ?? null,
      amountInclCents: incl,
      vatEligible: l.vatEligible === true,
      hoursHundredths: l.hours ?? null,
      hourlyRateCents: rate,
      units: l.units ?? null,
    },
    { costModel: b.cost_model, amountCents: b.amount_cents, unitCostCents: b.unit_cost_cents },
  )
  return { incl, rate, declared }
}

/**
 * The lines of a threshold-and-random sample in the order that makes the recorded seed draw
 * exactly the lines the demo marks as drawn: the draw (verification.ts `sampleLines`) depends on
 * the claim's id, new in every demo file, so the marked lines take the positions it picks among
 * those below the threshold. Drawing again in the window then gives the same sample.
 */
function placeDrawn(
  lines: readonly DemoClaimLine[],
  budget: readonly Selectable<BudgetLineTable>[],
  claimId: string,
  s: DemoClaim['sampling'],
): DemoClaimLine[] {
  if (s?.method !== 'threshold_random' || s.seed === undefined || s.threshold === undefined || s.size === undefined) return [...lines]
  const threshold = s.threshold
  const below = lines.flatMap((l, i) => ((demoAmounts(l, budget[l.budget - 1]).declared ?? 0) < threshold ? [i] : []))
  const drawn = sampleLines(
    below.map((i, k) => ({ id: String(k), lineNo: i + 1, declaredCents: 0 })),
    { claimId, seed: s.seed, thresholdCents: threshold, size: s.size },
  )
  const marked = below.filter((i) => lines[i].drawn === true)
  const others = below.filter((i) => lines[i].drawn !== true)
  if (marked.length !== drawn.size) throw new Error(`Demo sample: ${marked.length} lines marked drawn, ${drawn.size} drawn`)
  const placed = [...lines]
  below.forEach((i, k) => {
    placed[i] = lines[drawn.has(String(k)) ? marked.shift()! : others.shift()!]
  })
  return placed
}

/**
 * Inserts the demonstration claims (lines, clock stops, checklist answers, the payments of the
 * approved ones), the column mapping of a partner and the visits, in the caller's transaction.
 * Projects are found by code, budget lines by their position in the project's budget.
 */
export async function insertDemoClaims(trx: WriteTrx, officer: Officer, organisationIds: Map<string, string>, today: string): Promise<void> {
  const day = (offset: number) => addDays(today, offset)
  const projectOf = async (code: string) => trx.selectFrom('projects').selectAll().where('code', '=', code).executeTakeFirstOrThrow()
  for (const c of DEMO_CLAIMS) {
    const project = await projectOf(c.project)
    const budget = await trx.selectFrom('budget_lines').selectAll().where('project_id', '=', project.id).orderBy('sort_order').execute()
    const s = c.sampling
    const claimId = await insertRecord(
      trx,
      officer,
      { table: 'claims', entity: 'claim', parentId: project.id },
      {
        project_id: project.id,
        kind: c.kind,
        reference: c.reference,
        period_start: day(c.period[0]),
        period_end: day(c.period[1]),
        submitted_on: day(c.submitted),
        status: c.status,
        withdrawn_reason: c.withdrawn ?? null,
        sampling_method: s?.method ?? null,
        sample_threshold_cents: s?.threshold ?? null,
        sample_size: s?.size ?? null,
        sample_seed: s?.seed ?? null,
        sampled_at: s ? stampOn(today, s.on) : null,
        sampled_by: s?.by ?? null,
        apply_extrapolation: s?.extrapolate ? 1 : 0,
        prepared_by: c.prepared?.by ?? null,
        prepared_at: c.prepared ? stampOn(today, c.prepared.on, '16:00:00.000') : null,
        approved_by: c.approved?.by ?? null,
        approved_at: c.approved ? stampOn(today, c.approved.on, '11:30:00.000') : null,
        self_approval_reason: c.approved?.reason ?? null,
        note: c.note ?? null,
      },
    )
    for (const stop of c.suspensions ?? []) {
      await insertRecord(
        trx,
        officer,
        { table: 'claim_suspensions', entity: 'claim_suspension', parentId: project.id },
        { claim_id: claimId, stopped_on: day(stop.stopped), reason: stop.reason, resumed_on: stop.resumed === undefined ? null : day(stop.resumed) },
      )
    }
    for (const [i, l] of placeDrawn(c.lines, budget, claimId, s).entries()) {
      const b = budget[l.budget - 1]
      const { incl, rate, declared } = demoAmounts(l, b)
      if (declared === null) throw new Error(`Demo claim ${c.reference}, line ${i + 1}: nothing to declare`)
      const o = l.check
      const accepted = !o ? null : o.outcome === 'accepted' ? declared : o.outcome === 'rejected' ? 0 : declared - (o.less ?? 0)
      // Every line of an 'all' sample is checked; with a threshold, the lines above it and those drawn.
      const inSample = s?.method === 'all' || (s?.method === 'threshold_random' && (declared >= (s.threshold ?? 0) || l.drawn === true))
      await insertRecord(
        trx,
        officer,
        { table: 'claim_lines', entity: 'claim_line', parentId: project.id },
        {
          claim_id: claimId,
          budget_line_id: b.id,
          line_no: i + 1,
          kind: l.kind,
          expense_date: l.date === undefined ? null : day(l.date),
          supplier: l.supplier ?? null,
          reference: l.ref ?? null,
          description: l.text ?? null,
          amount_excl_cents: l.excl ?? null,
          amount_incl_cents: incl,
          vat_eligible: l.vatEligible ? 1 : 0,
          payment_date: l.paid === undefined ? null : day(l.paid),
          person_name: l.person ?? null,
          hours_hundredths: l.hours ?? null,
          annual_gross_cents: l.gross ?? null,
          hourly_rate_cents: rate,
          units: l.units ?? null,
          declared_cents: declared,
          in_sample: inSample ? 1 : 0,
          outcome: o?.outcome ?? null,
          accepted_cents: accepted,
          error_type: o?.error ?? null,
          outcome_comment: o?.comment ?? null,
          verified_by: o ? (c.checked?.by ?? null) : null,
          verified_at: o && c.checked ? stampOn(today, c.checked.on, '14:00:00.000') : null,
        },
      )
    }
    for (const [question, answer, comment] of c.checks ?? []) {
      await insertRecord(
        trx,
        officer,
        { table: 'claim_checks', entity: 'claim_check', parentId: project.id },
        { id: `${claimId}:${question}`, claim_id: claimId, question_id: question, answer, comment: comment ?? null },
      )
    }
    if (c.payment) {
      const payable = (await claimResultOf(trx, claimId)).payableCents
      if (payable <= 0) throw new Error(`Demo claim ${c.reference}: nothing payable`)
      const paid = c.payment.paid !== undefined
      await insertRecord(
        trx,
        officer,
        { table: 'payments', entity: 'payment', parentId: project.id },
        {
          project_id: project.id,
          kind: c.payment.kind,
          planned_date: day(c.payment.planned),
          planned_cents: payable,
          planned_rate_bp: null,
          status: paid ? 'paid' : 'requested',
          paid_date: paid ? day(c.payment.paid!) : null,
          paid_cents: paid ? payable : null,
          note: `Demande de paiement ${c.reference}`,
          claim_id: claimId,
        },
      )
    }
  }

  for (const m of DEMO_MAPPINGS) {
    const organisationId = organisationIds.get(m.organisation)
    if (!organisationId) throw new Error(`Demo organisation ${m.organisation} is missing`)
    await insertRecord(
      trx,
      officer,
      { table: 'expenditure_mappings', entity: 'expenditure_mapping', parentId: organisationId },
      { id: organisationId, organisation_id: organisationId, mapping_json: JSON.stringify(m.mapping) },
    )
  }

  for (const v of DEMO_VISITS) {
    const project = await projectOf(v.project)
    const visitId = await insertRecord(
      trx,
      officer,
      { table: 'visits', entity: 'visit', parentId: project.id },
      {
        project_id: project.id,
        visit_date: day(v.date),
        place: v.place,
        officers: v.officers,
        scope: v.scope,
        status: v.status,
        conclusion: v.conclusion ?? null,
      },
    )
    for (const f of v.findings ?? []) {
      const findingId = await insertRecord(
        trx,
        officer,
        { table: 'visit_findings', entity: 'visit_finding', parentId: project.id },
        { visit_id: visitId, severity: f.severity, description: f.text },
      )
      for (const r of f.recommendations ?? []) {
        await insertRecord(
          trx,
          officer,
          { table: 'visit_recommendations', entity: 'visit_recommendation', parentId: project.id },
          {
            visit_id: visitId,
            finding_id: findingId,
            recommendation: r.text,
            due_date: day(r.due),
            status: r.status,
            status_on: r.on === undefined ? null : day(r.on),
            status_reason: r.reason ?? null,
            follow_up: r.followUp ?? null,
          },
        )
      }
    }
  }
}
