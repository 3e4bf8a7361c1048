import { createHash } from 'node:crypto'
import type BetterSqlite3 from 'better-sqlite3'

/**
 * AMIF 2021-2027 reference data, as the migration that creates the tables inserts it. Facts come
 * from Regulation (EU) 2021/1147 (objectives, Annex VIII indicators) and from Fedasil's and the
 * Agence FSE's published strands; entries whose exact wording was not checked against the
 * Official Journal say so in their source, and the officer can correct labels in the app.
 * Ids are derived from the codes, so every file holds the same reference ids (files can be merged).
 */

const STAMP = '2021-07-15T00:00:00.000Z'
const BY = 'AMIF Desk'
const REGULATION = 'Règlement (UE) 2021/1147, art. 3(2)'
const ANNEX_VIII = 'Règlement (UE) 2021/1147, annexe VIII (libellé à vérifier)'

/** A stable UUID-shaped id for a reference record (SHA-1 of its kind and code, RFC 4122 layout). */
export function referenceId(kind: string, code: string): string {
  const h = createHash('sha1').update(`amif-desk:${kind}:${code}`).digest('hex')
  const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16)
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`
}

interface Objective {
  code: string
  short: [fr: string, nl: string, en: string]
  wordingFr: string
  wordingEn: string
}

export const SPECIFIC_OBJECTIVES: readonly Objective[] = [
  {
    code: 'SO1',
    short: ['Asile', 'Asiel', 'Asylum'],
    wordingFr: 'renforcer et développer tous les aspects du régime d’asile européen commun, y compris sa dimension extérieure',
    wordingEn: 'to strengthen and develop all aspects of the common European asylum system, including its external dimension',
  },
  {
    code: 'SO2',
    short: ['Migration légale et intégration', 'Legale migratie en integratie', 'Legal migration and integration'],
    wordingFr:
      'renforcer et développer la migration légale vers les États membres en fonction de leurs besoins économiques et sociaux, et promouvoir l’intégration et l’inclusion sociale effectives des ressortissants de pays tiers et contribuer à celles-ci',
    wordingEn:
      'to strengthen and develop legal migration to the Member States in accordance with their economic and social needs, and to promote and contribute to the effective integration and social inclusion of third-country nationals',
  },
  {
    code: 'SO3',
    short: ['Retour', 'Terugkeer', 'Return'],
    wordingFr:
      'contribuer à la lutte contre la migration irrégulière, favoriser un retour et une réadmission effectifs, sûrs et dans la dignité, et promouvoir une réintégration initiale effective dans les pays tiers et y contribuer',
    wordingEn:
      'to contribute to countering irregular migration, enhancing effective, safe and dignified return and readmission, and promoting and contributing to effective initial reintegration in third countries',
  },
  {
    code: 'SO4',
    short: ['Solidarité', 'Solidariteit', 'Solidarity'],
    wordingFr:
      'accroître la solidarité et le partage équitable des responsabilités entre les États membres, en particulier à l’égard des États les plus touchés par les difficultés liées à la migration et à l’asile, y compris par une coopération pratique',
    wordingEn:
      'to enhance solidarity and fair sharing of responsibility between the Member States, in particular towards those most affected by migration and asylum challenges, including through practical cooperation',
  },
]

type Labels = [fr: string, nl: string, en: string]

interface StrandObjective {
  strand: 'reception' | 'resettlement' | 'voluntary_return' | 'integration'
  code: string
  labels: Labels
  source: string
}

const FEDASIL = 'Fedasil, programme AMIF 2024-2025'
const AGENCE_FSE = 'Agence FSE, priorités AMIF 2021-2027'

export const STRAND_OBJECTIVES: readonly StrandObjective[] = [
  {
    strand: 'reception',
    code: 'AC-1',
    source: FEDASIL,
    labels: [
      'Optimiser la gestion des processus, la flexibilité et la qualité du réseau d’accueil',
      'Procesbeheer, flexibiliteit en kwaliteit van het opvangnetwerk optimaliseren',
      'Optimise process management, flexibility and quality of the reception network',
    ],
  },
  {
    strand: 'reception',
    code: 'AC-2',
    source: FEDASIL,
    labels: [
      'Renforcer le fonctionnement interne : monitoring, digitalisation et communication',
      'De interne werking versterken: monitoring, digitalisering en communicatie',
      'Strengthen internal functioning: monitoring, digitalisation and communication',
    ],
  },
  {
    strand: 'reception',
    code: 'AC-3',
    source: FEDASIL,
    labels: [
      'Coopération nationale et internationale avec les organisations actives dans l’accueil, la procédure ou l’accompagnement',
      'Nationale en internationale samenwerking met organisaties actief in opvang, procedure of begeleiding',
      'National and international cooperation with organisations active in reception, procedure or guidance',
    ],
  },
  {
    strand: 'reception',
    code: 'AC-4',
    source: FEDASIL,
    labels: [
      'Bien-être et autonomie des résidents : communication, participation active, cadre de vie sûr',
      'Welzijn en autonomie van de bewoners: communicatie, actieve participatie, veilige leefomgeving',
      'Residents’ well-being and autonomy: communication, active participation, a safe living environment',
    ],
  },
  {
    strand: 'resettlement',
    code: 'RS-1',
    source: FEDASIL,
    labels: [
      'Programme belge de réinstallation : préparation, accueil en centre et logement en CPAS ou chez Caritas',
      'Belgisch hervestigingsprogramma: voorbereiding, opvang in een centrum en huisvesting via OCMW of Caritas',
      'Belgian resettlement programme: preparation, reception in a centre and housing with a CPAS or Caritas',
    ],
  },
  {
    strand: 'resettlement',
    code: 'RS-2',
    source: FEDASIL,
    labels: [
      'Voies complémentaires et autres voies légales d’admission',
      'Aanvullende trajecten en andere legale toegangswegen',
      'Complementary pathways and other legal admission routes',
    ],
  },
  {
    strand: 'voluntary_return',
    code: 'RV-1',
    source: FEDASIL,
    labels: [
      'Sensibilisation, orientation et accompagnement du groupe cible sur le terrain',
      'Sensibilisering, oriëntering en begeleiding van de doelgroep op het terrein',
      'Awareness, guidance and support of the target group in the field',
    ],
  },
  {
    strand: 'voluntary_return',
    code: 'RV-2',
    source: FEDASIL,
    labels: [
      'Soutien à la réintégration, attentif aux vulnérabilités',
      'Re-integratieondersteuning met aandacht voor kwetsbaarheden',
      'Reintegration support with attention to vulnerabilities',
    ],
  },
  {
    strand: 'voluntary_return',
    code: 'RV-3',
    source: FEDASIL,
    labels: [
      'Partenariats avec les organisations actives dans le retour volontaire',
      'Partnerschappen met organisaties actief in vrijwillige terugkeer',
      'Partnerships with organisations active in voluntary return',
    ],
  },
  {
    strand: 'voluntary_return',
    code: 'RV-4',
    source: FEDASIL,
    labels: [
      'Qualité du programme : suivi et évaluation, digitalisation et « datalisation » du retour',
      'Kwaliteit van het programma: opvolging en evaluatie, digitalisering en “datalisering” van de terugkeer',
      'Programme quality: monitoring and evaluation, digitalisation and “datalisation” of return',
    ],
  },
  { strand: 'integration', code: 'IN-1', source: AGENCE_FSE, labels: ['Cours de français', 'Franse taallessen', 'French language courses'] },
  { strand: 'integration', code: 'IN-2', source: AGENCE_FSE, labels: ['Modules de citoyenneté', 'Burgerschapsmodules', 'Citizenship modules'] },
  {
    strand: 'integration',
    code: 'IN-3',
    source: AGENCE_FSE,
    labels: [
      'Accompagnement individuel (traduction, soutien psychosocial, valorisation des compétences)',
      'Individuele begeleiding (vertaling, psychosociale steun, erkenning van competenties)',
      'Individual guidance (translation, psycho-social support, validation of skills)',
    ],
  },
  {
    strand: 'integration',
    code: 'IN-4',
    source: AGENCE_FSE,
    labels: [
      'Publics vulnérables : mineurs non accompagnés et jeunes ressortissants de pays tiers',
      'Kwetsbare groepen: niet-begeleide minderjarigen en jonge onderdanen van derde landen',
      'Vulnerable groups: unaccompanied minors and young third-country nationals',
    ],
  },
  { strand: 'integration', code: 'IN-5', source: AGENCE_FSE, labels: ['Formation de formateurs', 'Opleiding van opleiders', 'Training of trainers'] },
  { strand: 'integration', code: 'IN-6', source: AGENCE_FSE, labels: ['Outils pédagogiques', 'Pedagogische instrumenten', 'Pedagogical tools'] },
]

interface Indicator {
  code: string
  labels: Labels
  unit?: string
}

const P = 'participants'

/** Units that count persons: an indicator in one of them is reported by age and gender (Annex VIII). */
export const PERSON_UNITS = ['participants', 'persons', 'staff', 'returnees', 'applicants'] as const

/** Whether an indicator in this unit counts persons (a catalogue entry without a unit counts participants). */
export function isPersonUnit(unit: string | undefined): boolean {
  return (PERSON_UNITS as readonly string[]).includes(unit ?? P)
}

/** Annex VIII common indicators; a code with three levels (O.1.1.1) is an "of which" of its parent. */
export const COMMON_INDICATORS: readonly Indicator[] = [
  { code: 'O.1.1', labels: ['Participants soutenus', 'Ondersteunde deelnemers', 'Participants supported'] },
  { code: 'O.1.1.1', labels: ['dont ayant reçu une assistance juridique', 'waarvan juridische bijstand ontvangen', 'of which received legal assistance'] },
  {
    code: 'O.1.1.2',
    labels: [
      'dont ayant bénéficié d’autres formes de soutien, y compris l’information et l’assistance tout au long de la procédure d’asile',
      'waarvan andere ondersteuning, waaronder informatie en bijstand gedurende de asielprocedure',
      'of which benefitted from other support, including information and assistance throughout the asylum procedure',
    ],
  },
  {
    code: 'O.1.1.3',
    labels: ['dont participants vulnérables assistés', 'waarvan kwetsbare deelnemers bijgestaan', 'of which vulnerable participants assisted'],
  },
  { code: 'O.1.2', labels: ['Participants aux activités de formation', 'Deelnemers aan opleidingsactiviteiten', 'Participants in training activities'] },
  {
    code: 'O.1.3',
    unit: 'places',
    labels: [
      'Places nouvellement créées dans les infrastructures d’accueil',
      'Nieuw gecreëerde plaatsen in opvanginfrastructuur',
      'Newly created places in reception infrastructure',
    ],
  },
  {
    code: 'O.1.3.1',
    unit: 'places',
    labels: ['dont places pour mineurs non accompagnés', 'waarvan plaatsen voor niet-begeleide minderjarigen', 'of which places for unaccompanied minors'],
  },
  {
    code: 'O.1.4',
    unit: 'places',
    labels: [
      'Places rénovées ou remises en état dans les infrastructures d’accueil',
      'Gerenoveerde of opgeknapte plaatsen in opvanginfrastructuur',
      'Renovated or refurbished places in reception infrastructure',
    ],
  },
  {
    code: 'O.1.4.1',
    unit: 'places',
    labels: ['dont places pour mineurs non accompagnés', 'waarvan plaatsen voor niet-begeleide minderjarigen', 'of which places for unaccompanied minors'],
  },
  {
    code: 'R.1.5',
    labels: [
      'Participants qui jugent la formation utile pour leur travail',
      'Deelnemers die de opleiding nuttig vinden voor hun werk',
      'Participants who consider the training useful for their work',
    ],
  },
  {
    code: 'R.1.6',
    labels: [
      'Participants qui déclarent, trois mois après la formation, utiliser les compétences acquises',
      'Deelnemers die drie maanden na de opleiding aangeven de verworven vaardigheden te gebruiken',
      'Participants who report three months after the training that they are using the skills acquired',
    ],
  },
  {
    code: 'R.1.7',
    unit: 'persons',
    labels: [
      'Personnes placées dans des alternatives à la rétention',
      'Personen geplaatst in alternatieven voor bewaring',
      'Persons placed in alternatives to detention',
    ],
  },
  { code: 'R.1.7.1', unit: 'persons', labels: ['dont mineurs non accompagnés', 'waarvan niet-begeleide minderjarigen', 'of which unaccompanied minors'] },
  { code: 'R.1.7.2', unit: 'persons', labels: ['dont familles', 'waarvan gezinnen', 'of which families'] },
  {
    code: 'O.2.1',
    labels: ['Participants aux mesures préalables au départ', 'Deelnemers aan maatregelen vóór vertrek', 'Participants in pre-departure measures'],
  },
  {
    code: 'O.2.2',
    unit: 'authorities',
    labels: [
      'Autorités locales et régionales soutenues pour mettre en œuvre des mesures d’intégration',
      'Lokale en regionale overheden ondersteund bij integratiemaatregelen',
      'Local and regional authorities supported to implement integration measures',
    ],
  },
  { code: 'O.2.3', labels: ['Participants soutenus', 'Ondersteunde deelnemers', 'Participants supported'] },
  {
    code: 'O.2.3.1',
    labels: ['dont participants à un cours de langue', 'waarvan deelnemers aan een taalcursus', 'of which participants in a language course'],
  },
  {
    code: 'O.2.3.2',
    labels: [
      'dont participants à un cours d’orientation civique',
      'waarvan deelnemers aan een cursus maatschappelijke oriëntatie',
      'of which participants in a civic orientation course',
    ],
  },
  {
    code: 'O.2.3.3',
    labels: [
      'dont ayant reçu un accompagnement professionnel personnalisé',
      'waarvan persoonlijke beroepsbegeleiding ontvangen',
      'of which received personal professional guidance',
    ],
  },
  {
    code: 'O.2.4',
    unit: 'items',
    labels: [
      'Dossiers d’information et campagnes sur les voies de migration légale',
      'Informatiepakketten en campagnes over legale migratiekanalen',
      'Information packages and campaigns on legal migration channels',
    ],
  },
  {
    code: 'O.2.5',
    labels: [
      'Participants ayant reçu des informations ou une assistance pour demander le regroupement familial',
      'Deelnemers die informatie of bijstand kregen voor een aanvraag tot gezinshereniging',
      'Participants receiving information or assistance to apply for family reunification',
    ],
  },
  {
    code: 'O.2.6',
    labels: ['Participants bénéficiant de programmes de mobilité', 'Deelnemers aan mobiliteitsregelingen', 'Participants benefitting from mobility schemes'],
  },
  {
    code: 'O.2.7',
    unit: 'projects',
    labels: [
      'Projets d’intégration dont les autorités locales et régionales sont bénéficiaires',
      'Integratieprojecten met lokale en regionale overheden als begunstigde',
      'Integration projects where local and regional authorities are the beneficiary',
    ],
  },
  {
    code: 'R.2.8',
    labels: [
      'Participants à un cours de langue ayant progressé d’au moins un niveau du CECR',
      'Deelnemers aan een taalcursus die minstens één ERK-niveau vooruitgingen',
      'Language-course participants who improved by at least one CEFR level',
    ],
  },
  {
    code: 'R.2.9',
    labels: [
      'Participants déclarant que l’activité a contribué à leur intégration',
      'Deelnemers die aangeven dat de activiteit hun integratie heeft bevorderd',
      'Participants who report that the activity helped their integration',
    ],
  },
  {
    code: 'R.2.10',
    labels: [
      'Participants ayant demandé la reconnaissance de qualifications ou de compétences acquises dans un pays tiers',
      'Deelnemers die erkenning aanvroegen van in een derde land verworven kwalificaties of vaardigheden',
      'Participants who applied for recognition of qualifications or skills acquired in a third country',
    ],
  },
  {
    code: 'R.2.11',
    labels: [
      'Participants ayant demandé le statut de résident de longue durée',
      'Deelnemers die de status van langdurig ingezetene aanvroegen',
      'Participants who applied for long-term resident status',
    ],
  },
  { code: 'O.3.1', labels: ['Participants aux activités de formation', 'Deelnemers aan opleidingsactiviteiten', 'Participants in training activities'] },
  {
    code: 'O.3.2',
    unit: 'items',
    labels: [
      'Équipements achetés, y compris les systèmes TIC',
      'Aangekochte uitrusting, waaronder ICT-systemen',
      'Items of equipment purchased, including ICT systems',
    ],
  },
  {
    code: 'O.3.3',
    unit: 'persons',
    labels: [
      'Personnes rapatriées ayant bénéficié d’une aide à la réintégration',
      'Teruggekeerden die re-integratiebijstand ontvingen',
      'Returnees who received reintegration assistance',
    ],
  },
  {
    code: 'O.3.4',
    unit: 'places',
    labels: ['Places créées dans les centres de rétention', 'Gecreëerde plaatsen in detentiecentra', 'Places in detention centres created'],
  },
  {
    code: 'O.3.5',
    unit: 'places',
    labels: [
      'Places rénovées ou remises en état dans les centres de rétention',
      'Gerenoveerde of opgeknapte plaatsen in detentiecentra',
      'Places in detention centres renovated or refurbished',
    ],
  },
  {
    code: 'R.3.6',
    unit: 'persons',
    labels: ['Personnes rapatriées rentrées volontairement', 'Teruggekeerden die vrijwillig zijn teruggekeerd', 'Returnees who voluntarily returned'],
  },
  {
    code: 'R.3.7',
    unit: 'persons',
    labels: ['Personnes rapatriées ayant fait l’objet d’un éloignement', 'Teruggekeerden die werden verwijderd', 'Returnees who were removed'],
  },
  {
    code: 'R.3.8',
    unit: 'persons',
    labels: [
      'Personnes rapatriées soumises à des alternatives à la rétention',
      'Teruggekeerden onderworpen aan alternatieven voor bewaring',
      'Returnees subject to alternatives to detention',
    ],
  },
  { code: 'O.4.1', unit: 'staff', labels: ['Membres du personnel formés', 'Opgeleide personeelsleden', 'Staff trained'] },
  {
    code: 'O.4.2',
    labels: [
      'Participants ayant bénéficié d’un soutien préalable au départ',
      'Deelnemers die ondersteuning vóór vertrek ontvingen',
      'Participants who received pre-departure support',
    ],
  },
  {
    code: 'R.4.3',
    unit: 'persons',
    labels: [
      'Demandeurs et bénéficiaires d’une protection internationale transférés entre États membres',
      'Verzoekers en begunstigden van internationale bescherming overgebracht tussen lidstaten',
      'Applicants and beneficiaries of international protection transferred between Member States',
    ],
  },
  { code: 'R.4.4', unit: 'persons', labels: ['Personnes réinstallées', 'Hervestigde personen', 'Persons resettled'] },
  {
    code: 'R.4.5',
    unit: 'persons',
    labels: [
      'Personnes admises au titre de l’admission humanitaire',
      'Personen toegelaten via humanitaire toelating',
      'Persons admitted through humanitarian admission',
    ],
  },
]

interface TargetGroup {
  code: string
  vulnerability: boolean
  labels: Labels
}

const TARGET_SOURCE = 'Règlement (UE) 2021/1147 ; directive 2013/33/UE, art. 21 (personnes vulnérables)'

export const TARGET_GROUPS: readonly TargetGroup[] = [
  {
    code: 'applicants_ip',
    vulnerability: false,
    labels: ['Demandeurs de protection internationale', 'Verzoekers om internationale bescherming', 'Applicants for international protection'],
  },
  {
    code: 'beneficiaries_ip',
    vulnerability: false,
    labels: ['Bénéficiaires de protection internationale', 'Begunstigden van internationale bescherming', 'Beneficiaries of international protection'],
  },
  { code: 'irregular_stay', vulnerability: false, labels: ['Personnes en séjour irrégulier', 'Personen in irregulier verblijf', 'Persons in irregular stay'] },
  {
    code: 'newly_arrived_tcn',
    vulnerability: false,
    labels: ['Ressortissants de pays tiers primo-arrivants', 'Nieuwkomers uit derde landen', 'Newly arrived third-country nationals'],
  },
  {
    code: 'legally_residing_tcn',
    vulnerability: false,
    labels: ['Ressortissants de pays tiers en séjour régulier', 'Legaal verblijvende onderdanen van derde landen', 'Legally residing third-country nationals'],
  },
  { code: 'resettled_refugees', vulnerability: false, labels: ['Réfugiés réinstallés', 'Hervestigde vluchtelingen', 'Resettled refugees'] },
  { code: 'returnees', vulnerability: false, labels: ['Personnes retournant volontairement', 'Vrijwillig terugkeerders', 'Voluntary returnees'] },
  {
    code: 'staff_authorities',
    vulnerability: false,
    labels: ['Personnel des autorités et des opérateurs', 'Personeel van overheden en operatoren', 'Staff of authorities and operators'],
  },
  { code: 'unaccompanied_minors', vulnerability: true, labels: ['Mineurs non accompagnés', 'Niet-begeleide minderjarigen', 'Unaccompanied minors'] },
  { code: 'minors', vulnerability: true, labels: ['Mineurs', 'Minderjarigen', 'Minors'] },
  { code: 'families_children', vulnerability: true, labels: ['Familles avec enfants', 'Gezinnen met kinderen', 'Families with children'] },
  {
    code: 'single_parents',
    vulnerability: true,
    labels: ['Parents isolés avec enfants mineurs', 'Alleenstaande ouders met minderjarige kinderen', 'Single parents with minor children'],
  },
  { code: 'medical_needs', vulnerability: true, labels: ['Personnes ayant des besoins médicaux', 'Personen met medische noden', 'Persons with medical needs'] },
  {
    code: 'mental_health',
    vulnerability: true,
    labels: ['Personnes souffrant de troubles mentaux', 'Personen met psychische stoornissen', 'Persons with mental disorders'],
  },
  { code: 'disabilities', vulnerability: true, labels: ['Personnes handicapées', 'Personen met een handicap', 'Persons with disabilities'] },
  { code: 'elderly', vulnerability: true, labels: ['Personnes âgées', 'Ouderen', 'Elderly persons'] },
  { code: 'pregnant_women', vulnerability: true, labels: ['Femmes enceintes', 'Zwangere vrouwen', 'Pregnant women'] },
  {
    code: 'trafficking_victims',
    vulnerability: true,
    labels: ['Victimes de la traite des êtres humains', 'Slachtoffers van mensenhandel', 'Victims of human trafficking'],
  },
  {
    code: 'torture_victims',
    vulnerability: true,
    labels: [
      'Victimes de torture, de viol ou d’autres formes graves de violence',
      'Slachtoffers van foltering, verkrachting of andere ernstige vormen van geweld',
      'Victims of torture, rape or other serious forms of violence',
    ],
  },
]

/** Parent of an "of which" code (O.1.1.1 -> O.1.1), or null for a top-level indicator. */
export function parentCode(code: string): string | null {
  const parts = code.split('.')
  return parts.length > 3 ? parts.slice(0, 3).join('.') : null
}

/** The objective an Annex VIII code belongs to (O.2.3.1 -> SO2). */
export function objectiveOfCode(code: string): string {
  return `SO${code.split('.')[1]}`
}

/** Inserts the AMIF 2021-2027 reference data (called once, by migration 002). */
export function seedReferenceData(db: BetterSqlite3.Database): void {
  const stamp = { created_at: STAMP, updated_at: STAMP, updated_by: BY }
  const objective =
    db.prepare(`INSERT INTO specific_objectives (id, code, short_fr, short_nl, short_en, wording_fr, wording_nl, wording_en, source, created_at, updated_at, updated_by)
    VALUES (@id, @code, @short_fr, @short_nl, @short_en, @wording_fr, NULL, @wording_en, @source, @created_at, @updated_at, @updated_by)`)
  for (const o of SPECIFIC_OBJECTIVES) {
    const [fr, nl, en] = o.short
    objective.run({
      id: referenceId('objective', o.code),
      code: o.code,
      short_fr: fr,
      short_nl: nl,
      short_en: en,
      wording_fr: o.wordingFr,
      wording_en: o.wordingEn,
      source: REGULATION,
      ...stamp,
    })
  }

  const strandObjective =
    db.prepare(`INSERT INTO strand_objectives (id, strand, code, sort_order, label_fr, label_nl, label_en, source, created_at, updated_at, updated_by)
    VALUES (@id, @strand, @code, @sort_order, @label_fr, @label_nl, @label_en, @source, @created_at, @updated_at, @updated_by)`)
  STRAND_OBJECTIVES.forEach((s, i) => {
    const [fr, nl, en] = s.labels
    strandObjective.run({
      id: referenceId('strand-objective', s.code),
      strand: s.strand,
      code: s.code,
      sort_order: i + 1,
      label_fr: fr,
      label_nl: nl,
      label_en: en,
      source: s.source,
      ...stamp,
    })
  })

  const indicator =
    db.prepare(`INSERT INTO indicators (id, code, type, objective_code, parent_id, label_fr, label_nl, label_en, unit, common, source, created_at, updated_at, updated_by)
    VALUES (@id, @code, @type, @objective_code, @parent_id, @label_fr, @label_nl, @label_en, @unit, 1, @source, @created_at, @updated_at, @updated_by)`)
  for (const i of COMMON_INDICATORS) {
    const [fr, nl, en] = i.labels
    const parent = parentCode(i.code)
    indicator.run({
      id: referenceId('indicator', i.code),
      code: i.code,
      type: i.code.startsWith('O.') ? 'output' : 'result',
      objective_code: objectiveOfCode(i.code),
      parent_id: parent ? referenceId('indicator', parent) : null,
      label_fr: fr,
      label_nl: nl,
      label_en: en,
      unit: i.unit ?? P,
      source: ANNEX_VIII,
      ...stamp,
    })
  }

  const targetGroup = db.prepare(`INSERT INTO target_groups (id, code, vulnerability, label_fr, label_nl, label_en, source, created_at, updated_at, updated_by)
    VALUES (@id, @code, @vulnerability, @label_fr, @label_nl, @label_en, @source, @created_at, @updated_at, @updated_by)`)
  for (const g of TARGET_GROUPS) {
    const [fr, nl, en] = g.labels
    targetGroup.run({
      id: referenceId('target-group', g.code),
      code: g.code,
      vulnerability: g.vulnerability ? 1 : 0,
      label_fr: fr,
      label_nl: nl,
      label_en: en,
      source: TARGET_SOURCE,
      ...stamp,
    })
  }
}

/**
 * The corrections of December 2026 (reference file, "Checked against the regulations"): what
 * migration 008 changes in a file, each with the text the app shipped before, so that a text the
 * officer corrected is recognised (it differs from the previous default) and kept.
 */

/** Where the objectives' wording comes from, per language. */
export const OBJECTIVE_SOURCES = {
  fr: 'Règlement (UE) 2021/1147, art. 3, paragraphe 2 (version française, JO L 251 du 15.7.2021)',
  nl: 'Verordening (EU) 2021/1147, art. 3, lid 2, zoals geciteerd in het Belgisch Staatsblad (FOD Binnenlandse Zaken, AMIF-oproep "Opvang", 21.9.2022)',
  en: 'Regulation (EU) 2021/1147, Article 3(2) (consolidated English text, EUR-Lex)',
} as const

/** The official Dutch and English wording of each objective; SO4's Dutch wording is only its beginning. */
export const OBJECTIVE_WORDING_2026: readonly { code: string; nl: string; nlIncomplete: boolean; en: string }[] = [
  {
    code: 'SO1',
    nl: 'versterken en ontwikkelen van alle aspecten van het gemeenschappelijk Europees asielstelsel, met inbegrip van de externe dimensie ervan',
    nlIncomplete: false,
    en: 'strengthening and developing all aspects of the Common European Asylum System, including its external dimension',
  },
  {
    code: 'SO2',
    nl: 'versterken en ontwikkelen van legale migratie naar de lidstaten, overeenkomstig hun economische en sociale behoeften, en bevorderen van en bijdragen tot de daadwerkelijke integratie en sociale inclusie van onderdanen van derde landen',
    nlIncomplete: false,
    en: 'strengthening and developing legal migration to the Member States in accordance with their economic and social needs, and promoting and contributing to the effective integration and social inclusion of third-country nationals',
  },
  {
    code: 'SO3',
    nl: 'bijdragen tot de bestrijding van irreguliere migratie, stimuleren van een effectieve, veilige en waardige terugkeer en overname, en bevorderen van en bijdragen tot een daadwerkelijk begin van re-integratie in derde landen',
    nlIncomplete: false,
    en: 'contributing to countering irregular migration, enhancing effective, safe and dignified return and readmission, and promoting and contributing to effective initial reintegration in third countries',
  },
  {
    code: 'SO4',
    nl: 'bevorderen van solidariteit en een billijke verdeling van de verantwoordelijkheid tussen de lidstaten, met name ten aanzien van …',
    nlIncomplete: true,
    en: 'enhancing solidarity and fair sharing of responsibility between the Member States, in particular as regards those most affected by migration and asylum challenges, including through practical cooperation',
  },
]

/** Annex VIII indicators whose official English wording differs from the label shipped before. */
export const INDICATOR_LABELS_EN_2026: readonly { code: string; previous: string; official: string }[] = [
  {
    code: 'O.1.1.2',
    previous: 'of which benefitted from other support, including information and assistance throughout the asylum procedure',
    official: 'of which benefiting from types of support other than legal assistance, including information and assistance throughout the asylum procedure',
  },
  {
    code: 'O.1.3',
    previous: 'Newly created places in reception infrastructure',
    official: 'Newly created places in reception infrastructure in accordance with Union acquis',
  },
  {
    code: 'O.1.4',
    previous: 'Renovated or refurbished places in reception infrastructure',
    official: 'Renovated or refurbished places in reception infrastructure in accordance with Union acquis',
  },
  {
    code: 'R.1.6',
    previous: 'Participants who report three months after the training that they are using the skills acquired',
    official: 'Participants who report three months after the training activity that they are using the skills and competences acquired during the training',
  },
  {
    code: 'O.2.3.3',
    previous: 'of which received personal professional guidance',
    official: 'of which participants who received personalised professional guidance',
  },
  {
    code: 'O.2.4',
    previous: 'Information packages and campaigns on legal migration channels',
    official: 'Information packages and campaigns to raise awareness of legal migration channels to the Union',
  },
  {
    code: 'O.2.5',
    previous: 'Participants receiving information or assistance to apply for family reunification',
    official: 'Participants receiving information or assistance in applying for family reunification',
  },
  {
    code: 'R.2.8',
    previous: 'Language-course participants who improved by at least one CEFR level',
    official:
      'Participants in language courses who, upon leaving the course, have improved their proficiency level in the host-country language by at least one level in the Common European Framework of Reference for Languages or national equivalent',
  },
  {
    code: 'R.2.10',
    previous: 'Participants who applied for recognition of qualifications or skills acquired in a third country',
    official: 'Participants who applied to have their qualification or skills acquired in a third country to be recognised or assessed',
  },
  { code: 'R.2.11', previous: 'Participants who applied for long-term resident status', official: 'Participants who applied for a long-term residence status' },
  {
    code: 'O.3.2',
    previous: 'Items of equipment purchased, including ICT systems',
    official: 'Items of equipment purchased, including number of ICT systems purchased or updated',
  },
]

/** The indicators' source, before and after: the English wording is now the official one. */
export const ANNEX_VIII_SOURCE = {
  previous: ANNEX_VIII,
  now: 'Règlement (UE) 2021/1147, annexe VIII (libellé anglais officiel ; libellés français et néerlandais : traduction de l’application)',
} as const

/** Target groups corrected to follow Art. 21 of Directive 2013/33/EU. */
export const TARGET_GROUPS_2026: readonly { code: string; vulnerability: boolean; previous: Labels; labels: Labels }[] = [
  // Families with children are a target group, not one of the vulnerable categories of Art. 21.
  {
    code: 'families_children',
    vulnerability: false,
    previous: ['Familles avec enfants', 'Gezinnen met kinderen', 'Families with children'],
    labels: ['Familles avec enfants', 'Gezinnen met kinderen', 'Families with children'],
  },
  {
    code: 'medical_needs',
    vulnerability: true,
    previous: ['Personnes ayant des besoins médicaux', 'Personen met medische noden', 'Persons with medical needs'],
    labels: ['Personnes ayant des maladies graves', 'Personen met ernstige ziekten', 'Persons with serious illnesses'],
  },
  {
    code: 'torture_victims',
    vulnerability: true,
    previous: [
      'Victimes de torture, de viol ou d’autres formes graves de violence',
      'Slachtoffers van foltering, verkrachting of andere ernstige vormen van geweld',
      'Victims of torture, rape or other serious forms of violence',
    ],
    labels: [
      'Personnes ayant subi des tortures, des viols ou d’autres formes graves de violence psychologique, physique ou sexuelle',
      'Personen die foltering, verkrachting of andere ernstige vormen van psychisch, fysiek of seksueel geweld hebben ondergaan',
      'Persons who have been subjected to torture, rape or other serious forms of psychological, physical or sexual violence',
    ],
  },
]
