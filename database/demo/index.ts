import type { z } from 'zod'
import { contactValues, organisationValues, partnershipValues, type OrganisationValuesInput } from '../domain/schemas/partners'
import { grantorValues } from '../domain/schemas/documents'
import type { Officer } from '../audit'
import { nowTimestamp, todayIso } from '../domain/dates'
import { insertDemoClaims } from './claims'
import { insertDemoClosingPayments, insertDemoProjects } from './projects'
import { writeGrantor } from '../grantor'
import { insertContact, insertPartner, insertPartnership } from '../partners'
import type { WritableDb } from '../writable'

/** One organisation of the demonstration registry, written as an officer would type it. */
export interface DemoPartner {
  organisation: OrganisationValuesInput
  contacts: z.input<typeof contactValues>[]
  partnerships: z.input<typeof partnershipValues>[]
}

const FICTITIOUS = 'Données de démonstration : numéro d’entreprise, compte bancaire, téléphones et personnes sont fictifs.'

/**
 * The demonstration registry: the bodies the Belgian AMIF 2021-2027 programme names, plus
 * fictitious operators. Names and websites of real bodies are theirs; their enterprise numbers,
 * bank accounts and every person are invented (example.org addresses), so nothing here can be
 * mistaken for a real body's details.
 */
export const DEMO_PARTNERS: readonly DemoPartner[] = [
  {
    organisation: {
      name: 'Agence fédérale pour l’accueil des demandeurs d’asile',
      acronym: 'Fedasil',
      kind: 'public_authority',
      enterpriseNumber: '0270.230.023',
      street: 'Rue des Chartreux 21',
      postcode: '1000',
      city: 'Bruxelles',
      cityFr: 'Bruxelles',
      cityNl: 'Brussel',
      cityEn: 'Brussels',
      nameNl: 'Federaal Agentschap voor de opvang van asielzoekers',
      nameEn: 'Federal Agency for the Reception of Asylum Seekers',
      streetNl: 'Kartuizersstraat 21',
      country: 'BE',
      website: 'https://www.fedasil.be',
      iban: 'BE12 0012 3456 7092',
      bic: 'GEBABEBB',
      workingLanguages: ['fr', 'nl', 'en'],
      notes: 'Exécute elle-même trois volets AMIF : accueil, réinstallation et voies complémentaires, retour volontaire (avec l’OIM et Caritas). ' + FICTITIOUS,
    },
    contacts: [
      {
        fullName: 'Élise Vandenberghe',
        jobTitle: 'Directrice des programmes européens',
        email: 'elise.vandenberghe@example.org',
        phone: '+32 2 000 10 01',
        preferredLanguage: 'fr',
        canSign: true,
      },
      {
        fullName: 'Pieter Janssens',
        jobTitle: 'Coördinator vrijwillige terugkeer AMIF',
        email: 'pieter.janssens@example.org',
        phone: '+32 2 000 10 02',
        preferredLanguage: 'nl',
        canSign: false,
      },
    ],
    partnerships: [
      {
        strand: 'reception',
        role: 'beneficiary',
        startDate: '2021-01-01',
        endDate: '2027-12-31',
        frameworkReference: 'IBZ/AMIF/2021/FED-AC',
        status: 'active',
        notes: 'Qualité et flexibilité du réseau d’accueil, bien-être et autonomie des résidents.',
      },
      {
        strand: 'resettlement',
        role: 'beneficiary',
        startDate: '2021-01-01',
        endDate: '2027-12-31',
        frameworkReference: 'IBZ/AMIF/2021/FED-RS',
        status: 'active',
        notes: 'Programme belge de réinstallation : préparation et accueil (environ six semaines en centre).',
      },
      {
        strand: 'voluntary_return',
        role: 'beneficiary',
        startDate: '2021-01-01',
        endDate: '2027-12-31',
        frameworkReference: 'IBZ/AMIF/2021/FED-RV',
        status: 'active',
        notes: null,
      },
    ],
  },
  {
    organisation: {
      name: 'Agence Fonds social européen',
      acronym: 'Agence FSE',
      kind: 'public_authority',
      enterpriseNumber: '0208.521.393',
      postcode: '1000',
      city: 'Bruxelles',
      cityFr: 'Bruxelles',
      cityNl: 'Brussel',
      cityEn: 'Brussels',
      country: 'BE',
      website: 'https://www.fse.be',
      iban: 'BE54 0689 0123 4097',
      bic: 'GKCCBEBB',
      workingLanguages: ['fr'],
      notes: 'Met en œuvre le volet intégration pour la Belgique francophone : priorités, appels à projets, accompagnement des opérateurs. ' + FICTITIOUS,
    },
    contacts: [
      {
        fullName: 'Sophie Lambert-Dufour',
        jobTitle: 'Directrice',
        email: 'sophie.lambert-dufour@example.org',
        phone: '+32 2 000 20 01',
        preferredLanguage: 'fr',
        canSign: true,
      },
      {
        fullName: 'Marc Delvaux',
        jobTitle: 'Chargé de mission intégration (primo-arrivants)',
        email: 'marc.delvaux@example.org',
        phone: '+32 2 000 20 02',
        preferredLanguage: 'fr',
        canSign: false,
      },
    ],
    partnerships: [
      {
        strand: 'integration',
        role: 'beneficiary',
        startDate: '2021-01-01',
        endDate: '2027-12-31',
        frameworkReference: 'IBZ/AMIF/2021/FSE-INT',
        status: 'active',
        notes: 'Premier appel (2023) : 45 projets pour 24 millions d’euros.',
      },
    ],
  },
  {
    organisation: {
      name: 'SPF Intérieur – FOD Binnenlandse Zaken',
      acronym: 'IBZ',
      kind: 'public_authority',
      enterpriseNumber: '0308.562.443',
      postcode: '1000',
      city: 'Bruxelles',
      cityFr: 'Bruxelles',
      cityNl: 'Brussel',
      cityEn: 'Brussels',
      country: 'BE',
      website: 'https://www.ibz.be',
      workingLanguages: ['fr', 'nl', 'de', 'en'],
      notes: 'Autorité de gestion du programme national AMIF 2021-2027 (FPS Home Affairs). ' + FICTITIOUS,
    },
    contacts: [
      {
        fullName: 'Hendrik De Smedt',
        jobTitle: 'Hoofd beheersautoriteit AMIF',
        email: 'hendrik.desmedt@example.org',
        phone: '+32 2 000 30 01',
        preferredLanguage: 'nl',
        canSign: true,
      },
      {
        fullName: 'Aurélie Marchal',
        jobTitle: 'Contrôle de premier niveau',
        email: 'aurelie.marchal@example.org',
        phone: '+32 2 000 30 02',
        preferredLanguage: 'fr',
        canSign: false,
      },
    ],
    partnerships: [],
  },
  {
    organisation: {
      name: 'OIM – Organisation internationale pour les migrations, Belgique et Luxembourg',
      nameNl: 'IOM – Internationale Organisatie voor Migratie, België en Luxemburg',
      nameEn: 'IOM – International Organization for Migration, Belgium and Luxembourg',
      acronym: 'OIM / IOM',
      kind: 'international_organisation',
      street: 'Rue Montoyer 40',
      postcode: '1000',
      city: 'Bruxelles',
      cityFr: 'Bruxelles',
      cityNl: 'Brussel',
      cityEn: 'Brussels',
      country: 'BE',
      website: 'https://belgium.iom.int',
      iban: 'BE57 7340 0123 4535',
      bic: 'KREDBEBB',
      workingLanguages: ['fr', 'nl', 'en', 'ar', 'fa'],
      notes: 'Organise les voyages et escortes de la réinstallation ; retour volontaire et suivi de la réintégration. ' + FICTITIOUS,
    },
    contacts: [
      {
        fullName: 'Thomas Verbruggen',
        jobTitle: 'Deputy Chief of Mission',
        email: 'thomas.verbruggen@example.org',
        phone: '+32 2 000 40 01',
        preferredLanguage: 'en',
        canSign: true,
      },
      {
        fullName: 'Leila Haddad',
        jobTitle: 'Coordinatrice réintégration',
        email: 'leila.haddad@example.org',
        phone: '+32 470 00 40 02',
        preferredLanguage: 'fr',
        canSign: false,
      },
      {
        fullName: 'Ana Ribeiro',
        jobTitle: 'Resettlement operations officer',
        email: 'ana.ribeiro@example.org',
        phone: '+32 470 00 40 03',
        preferredLanguage: 'en',
        canSign: false,
      },
    ],
    partnerships: [
      {
        strand: 'voluntary_return',
        role: 'co_beneficiary',
        startDate: '2021-07-01',
        endDate: '2027-06-30',
        frameworkReference: 'FED/AMIF/2021/RV-01',
        status: 'active',
        notes: 'Sensibilisation, accompagnement au retour et réintégration dans les 12 mois.',
      },
      {
        strand: 'resettlement',
        role: 'implementing_partner',
        startDate: '2022-01-01',
        endDate: '2025-12-31',
        frameworkReference: 'FED/AMIF/2022/RS-02',
        status: 'active',
        notes: 'Voyages et escortes des personnes réinstallées.',
      },
    ],
  },
  {
    organisation: {
      name: 'Caritas International Belgique',
      acronym: 'Caritas',
      kind: 'ngo',
      enterpriseNumber: '0419.815.208',
      street: 'Rue de la Charité 43',
      postcode: '1210',
      city: 'Saint-Josse-ten-Noode',
      country: 'BE',
      website: 'https://www.caritasinternational.be',
      iban: 'BE10 0910 1234 5604',
      bic: 'GKCCBEBB',
      workingLanguages: ['fr', 'nl', 'en', 'ar'],
      notes: 'Retour volontaire et réintégration ; logement des personnes réinstallées après le centre. ' + FICTITIOUS,
    },
    contacts: [
      {
        fullName: 'Benoît Lemaire',
        jobTitle: 'Directeur',
        email: 'benoit.lemaire@example.org',
        phone: '+32 2 000 50 01',
        preferredLanguage: 'fr',
        canSign: true,
      },
      {
        fullName: 'Fatima Zahra Benali',
        jobTitle: 'Conseillère retour et réintégration',
        email: 'fatima.benali@example.org',
        phone: '+32 470 00 50 02',
        preferredLanguage: 'fr',
        canSign: false,
      },
      {
        fullName: 'An Peeters',
        jobTitle: 'Begeleiding hervestiging',
        email: 'an.peeters@example.org',
        phone: '+32 470 00 50 03',
        preferredLanguage: 'nl',
        canSign: false,
      },
    ],
    partnerships: [
      {
        strand: 'voluntary_return',
        role: 'co_beneficiary',
        startDate: '2021-07-01',
        endDate: '2027-06-30',
        frameworkReference: 'FED/AMIF/2021/RV-02',
        status: 'active',
        notes: null,
      },
      {
        strand: 'resettlement',
        role: 'implementing_partner',
        startDate: '2022-03-01',
        endDate: '2024-12-31',
        frameworkReference: 'FED/AMIF/2022/RS-03',
        status: 'ended',
        notes: 'Logement et accompagnement pendant environ six mois.',
      },
      {
        strand: 'resettlement',
        role: 'implementing_partner',
        startDate: '2025-01-01',
        endDate: '2027-12-31',
        frameworkReference: 'FED/AMIF/2025/RS-01',
        status: 'active',
        notes: null,
      },
    ],
  },
  {
    organisation: {
      name: 'Croix-Rouge de Belgique',
      acronym: 'CRB',
      kind: 'ngo',
      enterpriseNumber: '0409.374.543',
      street: 'Rue de Stalle 96',
      postcode: '1180',
      city: 'Uccle',
      country: 'BE',
      website: 'https://www.croix-rouge.be',
      iban: 'BE15 3101 2345 6030',
      bic: 'BBRUBEBB',
      workingLanguages: ['fr', 'en', 'ar'],
      notes: 'Centres d’accueil en Wallonie et à Bruxelles. ' + FICTITIOUS,
    },
    contacts: [
      {
        fullName: 'Jean-François Collignon',
        jobTitle: 'Directeur de l’accueil des demandeurs de protection internationale',
        email: 'jf.collignon@example.org',
        phone: '+32 2 000 60 01',
        preferredLanguage: 'fr',
        canSign: true,
      },
      {
        fullName: 'Élodie Gérard',
        jobTitle: 'Coordinatrice projets AMIF (Liège)',
        email: 'elodie.gerard@example.org',
        phone: '+32 4 000 60 02',
        preferredLanguage: 'fr',
        canSign: false,
      },
    ],
    partnerships: [
      {
        strand: 'reception',
        role: 'implementing_partner',
        startDate: '2021-01-01',
        endDate: '2027-12-31',
        frameworkReference: 'FED/AMIF/2021/AC-02',
        status: 'active',
        notes: null,
      },
    ],
  },
  {
    organisation: {
      name: 'Rode Kruis Vlaanderen',
      acronym: 'RKV',
      kind: 'ngo',
      enterpriseNumber: '0410.789.456',
      street: 'Motstraat 40',
      postcode: '2800',
      city: 'Mechelen',
      country: 'BE',
      website: 'https://www.rodekruis.be',
      iban: 'BE32 0011 9876 5002',
      bic: 'GEBABEBB',
      workingLanguages: ['nl', 'en', 'fr'],
      notes: 'Opvangcentra in Vlaanderen. ' + FICTITIOUS,
    },
    contacts: [
      {
        fullName: 'Wouter Claes',
        jobTitle: 'Directeur Asiel en Migratie',
        email: 'wouter.claes@example.org',
        phone: '+32 15 00 70 01',
        preferredLanguage: 'nl',
        canSign: true,
      },
      {
        fullName: 'Sara De Wilde',
        jobTitle: 'Projectcoördinator AMIF',
        email: 'sara.dewilde@example.org',
        phone: '+32 470 00 70 02',
        preferredLanguage: 'nl',
        canSign: false,
      },
    ],
    partnerships: [
      {
        strand: 'reception',
        role: 'implementing_partner',
        startDate: '2021-01-01',
        endDate: '2027-12-31',
        frameworkReference: 'FED/AMIF/2021/AC-03',
        status: 'active',
        notes: null,
      },
      {
        strand: 'voluntary_return',
        role: 'implementing_partner',
        startDate: '2026-01-01',
        endDate: '2027-12-31',
        frameworkReference: 'FED/AMIF/2026/RV-04',
        status: 'prospective',
        notes: 'Trajectbegeleiding terugkeer in de opvangcentra (in voorbereiding).',
      },
    ],
  },
  {
    organisation: {
      name: 'CPAS de Namur',
      acronym: 'CPAS Namur',
      kind: 'public_authority',
      enterpriseNumber: '0212.534.027',
      postcode: '5000',
      city: 'Namur',
      country: 'BE',
      website: 'https://www.cpasnamur.be',
      iban: 'BE91 0019 8765 4076',
      bic: 'GEBABEBB',
      workingLanguages: ['fr'],
      notes: 'Logement des personnes réinstallées pendant environ six mois après le centre Fedasil. ' + FICTITIOUS,
    },
    contacts: [
      {
        fullName: 'Isabelle Renard',
        jobTitle: 'Directrice générale',
        email: 'isabelle.renard@example.org',
        phone: '+32 81 00 80 01',
        preferredLanguage: 'fr',
        canSign: true,
      },
      {
        fullName: 'Karim Mansouri',
        jobTitle: 'Assistant social, cellule réinstallation',
        email: 'karim.mansouri@example.org',
        phone: '+32 81 00 80 02',
        preferredLanguage: 'fr',
        canSign: false,
      },
    ],
    partnerships: [
      {
        strand: 'resettlement',
        role: 'implementing_partner',
        startDate: '2022-01-01',
        endDate: '2027-12-31',
        frameworkReference: 'FED/AMIF/2022/RS-04',
        status: 'active',
        notes: null,
      },
      {
        strand: 'integration',
        role: 'co_beneficiary',
        startDate: '2023-09-01',
        endDate: '2026-08-31',
        frameworkReference: 'FSE/AMIF/2023/INT-022',
        status: 'active',
        notes: 'Accompagnement individuel des primo-arrivants.',
      },
    ],
  },
  {
    organisation: {
      name: 'Initiative locale d’accueil de Gembloux',
      acronym: 'ILA Gembloux',
      kind: 'local_reception_initiative',
      enterpriseNumber: '0207.315.625',
      street: 'Rue du Moulin 12',
      postcode: '5030',
      city: 'Gembloux',
      country: 'BE',
      website: 'https://ila-gembloux.example.org',
      iban: 'BE42 3630 0987 6054',
      bic: 'BBRUBEBB',
      workingLanguages: ['fr', 'en'],
      notes: 'Organisation fictive : logements individuels pour familles, gérés par le CPAS. ' + FICTITIOUS,
    },
    contacts: [
      {
        fullName: 'Céline Dumont',
        jobTitle: 'Présidente du CPAS',
        email: 'celine.dumont@example.org',
        phone: '+32 81 00 90 01',
        preferredLanguage: 'fr',
        canSign: true,
      },
      {
        fullName: 'Olivier Lejeune',
        jobTitle: 'Travailleur social ILA',
        email: 'olivier.lejeune@example.org',
        phone: '+32 470 00 90 02',
        preferredLanguage: 'fr',
        canSign: false,
      },
    ],
    partnerships: [
      {
        strand: 'reception',
        role: 'implementing_partner',
        startDate: '2021-01-01',
        endDate: '2023-12-31',
        frameworkReference: 'FED/AMIF/2021/AC-11',
        status: 'ended',
        notes: null,
      },
      {
        strand: 'reception',
        role: 'implementing_partner',
        startDate: '2024-01-01',
        endDate: '2027-12-31',
        frameworkReference: 'FED/AMIF/2024/AC-07',
        status: 'active',
        notes: null,
      },
    ],
  },
  {
    organisation: {
      name: 'Alpha Mosaïque Liège ASBL',
      acronym: 'Alpha Mosaïque',
      kind: 'training_operator',
      enterpriseNumber: '0841.235.765',
      street: 'Rue Saint-Gilles 58',
      postcode: '4000',
      city: 'Liège',
      country: 'BE',
      website: 'https://alpha-mosaique.example.org',
      iban: 'BE62 0680 4567 1061',
      bic: 'GKCCBEBB',
      workingLanguages: ['fr', 'ar', 'ti', 'fa'],
      notes: 'Organisation fictive : cours de français langue étrangère et modules de citoyenneté pour primo-arrivants. ' + FICTITIOUS,
    },
    contacts: [
      {
        fullName: 'Hélène Dupuis-Lacroix',
        jobTitle: 'Présidente du conseil d’administration',
        email: 'helene.dupuis@example.org',
        phone: '+32 4 000 10 11',
        preferredLanguage: 'fr',
        canSign: true,
      },
      {
        fullName: 'Élise Marchand',
        jobTitle: 'Coordinatrice pédagogique',
        email: 'elise.marchand@example.org',
        phone: '+32 4 000 10 12',
        preferredLanguage: 'fr',
        canSign: false,
      },
      {
        fullName: 'ريم الخطيب',
        jobTitle: 'Formatrice FLE',
        email: 'reem.alkhatib@example.org',
        phone: '+32 470 00 10 13',
        preferredLanguage: 'fr',
        canSign: false,
      },
    ],
    partnerships: [
      {
        strand: 'integration',
        role: 'beneficiary',
        startDate: '2023-09-01',
        endDate: '2026-08-31',
        frameworkReference: 'FSE/AMIF/2023/INT-014',
        status: 'active',
        notes: 'Cours de français et modules de citoyenneté.',
      },
      {
        strand: 'integration',
        role: 'beneficiary',
        startDate: '2024-09-01',
        endDate: '2026-08-31',
        frameworkReference: 'FSE/AMIF/2024/INT-031',
        status: 'suspended',
        notes: 'Outils pédagogiques : suspendu en attente du rapport intermédiaire.',
      },
    ],
  },
  {
    organisation: {
      name: 'Association Nouveau Départ',
      acronym: null,
      kind: 'ngo',
      foreignRegistration: 'Récépissé 2019/0458 (fictif)',
      street: 'Boulevard Zerktouni 120',
      postcode: '20000',
      city: 'Casablanca',
      country: 'MA',
      website: 'https://nouveau-depart.example.org',
      workingLanguages: ['ar', 'fr'],
      notes: 'Organisation fictive : partenaire de réintégration au Maroc, aide en nature dans les 12 mois du retour. ' + FICTITIOUS,
    },
    contacts: [
      {
        fullName: 'يوسف العلوي',
        jobTitle: 'Coordinateur réintégration',
        email: 'youssef.alaoui@example.org',
        phone: '+212 5 00 00 11 01',
        preferredLanguage: 'fr',
        canSign: true,
      },
    ],
    partnerships: [
      {
        strand: 'voluntary_return',
        role: 'reintegration_partner',
        startDate: '2022-01-01',
        endDate: '2027-06-30',
        frameworkReference: 'FED/AMIF/2021/RV-02',
        status: 'active',
        notes: 'Via Caritas International.',
      },
    ],
  },
]

/**
 * The demonstration file's own organisation: the programme's managing authority, which grants and
 * signs the agreements (the signatory is the fictitious head of the authority in the registry).
 */
export const DEMO_GRANTOR = {
  nameFr: 'Service public fédéral Intérieur – Autorité de gestion AMIF',
  nameNl: 'Federale Overheidsdienst Binnenlandse Zaken – Beheersautoriteit AMIF',
  nameEn: 'Federal Public Service Home Affairs – AMIF Managing Authority',
  acronym: 'IBZ',
  enterpriseNumber: '0308.562.443',
  street: 'Rue de Louvain 1',
  streetNl: 'Leuvenseweg 1',
  postcode: '1000',
  city: 'Bruxelles',
  cityFr: 'Bruxelles',
  cityNl: 'Brussel',
  cityEn: 'Brussels',
  country: 'BE',
  signatoryName: 'Hendrik De Smedt',
  signatoryTitleFr: 'Chef de l’autorité de gestion AMIF',
  signatoryTitleNl: 'Hoofd van de beheersautoriteit AMIF',
  signatoryTitleEn: 'Head of the AMIF Managing Authority',
  signaturePlace: 'Bruxelles',
  signaturePlaceFr: 'Bruxelles',
  signaturePlaceNl: 'Brussel',
  signaturePlaceEn: 'Brussels',
  programmeReferenceFr: 'Programme national AMIF 2021-2027 de la Belgique',
  programmeReferenceNl: 'Nationaal AMIF-programma 2021-2027 van België',
  programmeReferenceEn: 'National AMIF programme 2021-2027 of Belgium',
  nationalBasisFr: 'la loi du 22 mai 2003 portant organisation du budget et de la comptabilité de l’État fédéral, articles 121 à 124',
  nationalBasisNl: 'de wet van 22 mei 2003 houdende organisatie van de begroting en van de comptabiliteit van de federale Staat, artikelen 121 tot 124',
  nationalBasisEn: 'the Act of 22 May 2003 on the organisation of the budget and the accounts of the federal State, Articles 121 to 124',
}

/**
 * Fills an empty file with the demonstration registry in one transaction, each record with its
 * audit row ('create'), so the history shows where the data came from. The values go through the
 * same schemas as an officer's input (normalised IBANs, enterprise numbers as digits).
 */
export async function loadDemoData(db: WritableDb, officer: Officer, today: string = todayIso()): Promise<void> {
  const partners = DEMO_PARTNERS.map((p) => ({
    organisation: organisationValues.parse(p.organisation),
    contacts: p.contacts.map((c) => contactValues.parse(c)),
    partnerships: p.partnerships.map((s) => partnershipValues.parse(s)),
  }))
  const grantor = grantorValues.parse(DEMO_GRANTOR)
  await db.transaction().execute(async (trx) => {
    const at = nowTimestamp()
    const organisationIds = new Map<string, string>()
    for (const p of partners) {
      const org = await insertPartner(trx, officer, p.organisation, at)
      organisationIds.set(org.acronym ?? org.name, org.id)
      for (const c of p.contacts) await insertContact(trx, officer, org.id, c, at)
      for (const s of p.partnerships) await insertPartnership(trx, officer, org.id, s, at)
    }
    await writeGrantor(trx, officer, grantor)
    await insertDemoProjects(trx, officer, organisationIds, today)
    await insertDemoClaims(trx, officer, organisationIds, today)
    await insertDemoClosingPayments(trx, officer, today)
  })
}
