import { daysBetween } from '../database/domain/dates'
import { day, fill, formatRate, money } from './format'
import type { AgreementData, ClauseText, DocLanguage } from './types'
import { CLAUSE_KEYS, isClauseKey, type ClauseKey, type ClausePlaceholder } from '../database/domain/clauses'

/**
 * The agreement's articles whose text an officer may edit, per file and language. The defaults
 * below ship with the app; the file stores only the officer's edits (table agreement_clauses),
 * so a default improved in a later version reaches every file that kept it.
 *
 * A body is plain text: paragraphs separated by a blank line; inside a paragraph, a line that
 * starts with "- " is a list item. `{placeholders}` from CLAUSE_PLACEHOLDERS are filled when the
 * document is produced; an unknown one stays visible as written, so a typo shows in the draft.
 */

// The article keys and placeholders are vocabulary the window shares: they live in the domain.
export { CLAUSE_KEYS, CLAUSE_PLACEHOLDERS, PLACEHOLDER_DESCRIPTIONS, isClauseKey, type ClauseKey, type ClausePlaceholder } from '../database/domain/clauses'

/** Days after the end date for the final report when no final report date is planned. */
export const DEFAULT_FINAL_REPORT_DAYS = 60
/** Regulation (EU) 2021/1060, Article 82: five years from 31 December of the year of the last payment. */
export const RETENTION_YEARS = 5

interface ClauseDefault {
  title: string
  body: string
}

/**
 * French typography without noise in the source: a no-break space inside « », before : ; % and
 * between groups of digits.
 */
function frenchSpacing(text: string): string {
  return text
    .replace(/« /g, '«\u00a0')
    .replace(/ »/g, '\u00a0»')
    .replace(/ ([:;%])/g, '\u00a0$1')
    .replace(/(\d) (\d{3})\b/g, '$1\u00a0$2')
}

const FR: Record<ClauseKey, ClauseDefault> = {
  object: {
    title: 'Objet',
    body: `La présente convention a pour objet l’octroi par l’autorité subsidiante au bénéficiaire d’une subvention cofinancée par le Fonds « Asile, migration et intégration » (AMIF) pour la réalisation du projet {projectCode} « {projectTitle} », décrit ci-dessous et dans la proposition de projet approuvée.

Le bénéficiaire s’engage à réaliser le projet sous sa propre responsabilité, conformément à la présente convention, à ses annexes et aux règles de l’Union et nationales applicables. Il garantit qu’aucune dépense qu’il déclare au titre du projet ne bénéficie du soutien d’un autre Fonds ou instrument de l’Union, ni du même Fonds au titre d’un autre programme (article 63, paragraphe 9, du règlement (UE) 2021/1060).

Les annexes font partie intégrante de la présente convention. En cas de contradiction, les dispositions de la convention prévalent sur celles des annexes.`,
  },
  legal_basis: {
    title: 'Base juridique',
    body: `La présente convention est conclue sur la base des actes énumérés ci-dessous, dans leur version en vigueur, ainsi que des actes délégués et d’exécution adoptés en vertu de ceux-ci. Ses dispositions s’interprètent conformément à ces actes ; en cas de contradiction, ces derniers prévalent.

Le bénéficiaire déclare avoir pris connaissance de ces actes, de l’appel à projets et des règles d’éligibilité applicables au projet.`,
  },
  duration: {
    title: 'Durée et période d’éligibilité',
    body: `La présente convention entre en vigueur à la date de sa signature par la dernière des parties. Le projet est exécuté du {startDate} au {endDate}.

Seuls les coûts afférents à des activités réalisées pendant cette période sont éligibles, dans le respect de l’article 63 du règlement (UE) 2021/1060 et des règles d’éligibilité nationales. Les coûts de l’établissement du rapport final sont éligibles lorsqu’ils sont exposés dans le délai prévu pour sa remise.

Les obligations de conservation des documents, de contrôle, de visibilité et de protection des données subsistent après la fin du projet, pendant les délais fixés par la présente convention.`,
  },
  amount: {
    title: 'Montant de la subvention et cofinancement',
    body: `Le coût total éligible du projet est estimé à {eligibleAmount}. La contribution de l’Union s’élève au maximum à {euAmount}, soit {euRate} du coût total éligible ; le solde, soit {ownAmount}, est couvert par le bénéficiaire au moyen de ses ressources propres ou d’autres financements nationaux, qu’il déclare à l’autorité subsidiante.

Ce montant maximal ne peut être dépassé. Le montant définitif de la subvention est fixé après l’approbation du rapport final, en appliquant le taux de cofinancement aux coûts éligibles acceptés, dans la limite du montant maximal.

La répartition par catégorie figure ci-dessous et le budget détaillé à l’annexe I. Le bénéficiaire peut, sans avenant, transférer des montants entre catégories à concurrence de 10 % du montant initial de la catégorie bénéficiaire du transfert, pour autant que l’objet du projet ne soit pas modifié ; tout autre transfert requiert l’accord écrit préalable de l’autorité subsidiante.`,
  },
  cost_model: {
    title: 'Formes de subvention et coûts simplifiés',
    body: `Les coûts éligibles sont remboursés selon les formes de subvention prévues à l’article 53 du règlement (UE) 2021/1060, indiquées pour chaque ligne du budget à l’annexe I et résumées ci-dessous :
- coûts réels : dépenses effectivement engagées et payées par le bénéficiaire, justifiées par des factures ou des pièces comptables de valeur probante équivalente ;
- coûts unitaires et montants forfaitaires : remboursement sur la base des quantités réalisées ou des résultats obtenus, sans justification des dépenses sous-jacentes ;
- taux forfaitaires : aux taux et sur les bases indiqués ci-dessous, dans les plafonds du même règlement : coûts indirects jusqu’à 7 % des coûts directs éligibles, 15 % des frais de personnel directs éligibles ou 25 % des coûts directs éligibles (article 54) ; frais de personnel directs jusqu’à 20 % des autres coûts directs (article 55) ; coûts restants jusqu’à 40 % des frais de personnel directs (article 56), sans justification des dépenses qu’ils couvrent.

Pour les coûts simplifiés, les vérifications et les contrôles portent sur la réalité des activités, des quantités et des résultats déclarés et sur le respect des conditions de remboursement. Pour les coûts réels, le bénéficiaire tient une comptabilité séparée ou utilise une codification comptable adéquate pour toutes les transactions relatives au projet (article 74, paragraphe 1, point a) i), du règlement (UE) 2021/1060).`,
  },
  payments: {
    title: 'Modalités de paiement',
    body: `La subvention est versée sur le compte bancaire du bénéficiaire indiqué en tête de la présente convention, selon l’échéancier ci-dessous :
- une avance, après la signature de la présente convention par les deux parties ;
- le cas échéant, des paiements intermédiaires, après l’approbation des rapports et des déclarations de dépenses correspondants ;
- le solde, après l’approbation du rapport final et de la déclaration finale des dépenses, compte tenu des montants déjà versés.

Les dates de l’échéancier sont indicatives : un paiement n’est dû que lorsque ses conditions sont remplies. Sous réserve de la disponibilité des fonds, l’autorité subsidiante verse au bénéficiaire l’intégralité du montant dû au plus tard 80 jours à compter de la date de présentation de sa demande de paiement (article 74, paragraphe 1, point b), du règlement (UE) 2021/1060). Ce délai ne peut être interrompu que si les informations communiquées par le bénéficiaire ne permettent pas à l’autorité subsidiante d’établir si le montant est dû ; le bénéficiaire est informé par écrit de l’interruption et de ses motifs.

Les montants versés au-delà du montant définitif de la subvention sont remboursés par le bénéficiaire dans les 30 jours de la demande de l’autorité subsidiante.`,
  },
  indicators: {
    title: 'Indicateurs et valeurs cibles',
    body: `Le bénéficiaire mesure et communique les indicateurs de réalisation et de résultat énumérés ci-dessous et à l’annexe II, issus de l’annexe VIII du règlement (UE) 2021/1147 ou du programme national, avec leurs valeurs de référence et leurs valeurs cibles.

Les valeurs atteintes sont cumulées depuis le début du projet et communiquées dans chaque rapport, avec les pièces permettant de les vérifier. Tout écart significatif par rapport aux valeurs cibles est expliqué, avec les mesures correctrices prévues. La non-atteinte des valeurs cibles imputable au bénéficiaire peut justifier une réduction de la subvention conformément à l’article relatif aux irrégularités.`,
  },
  milestones: {
    title: 'Jalons et livrables',
    body: `Le projet est exécuté selon les jalons et livrables énumérés ci-dessous et détaillés à l’annexe III. Le bénéficiaire informe sans délai l’autorité subsidiante, par écrit, de tout retard susceptible de compromettre un jalon, une valeur cible ou la date de fin du projet, en précisant ses causes et les mesures prises pour y remédier.

Le report d’un jalon qui ne modifie ni l’objet du projet, ni sa date de fin, ni le montant de la subvention peut être convenu par un échange de courriers, y compris électroniques, entre les parties ; toute autre modification requiert un avenant.`,
  },
  reporting: {
    title: 'Rapports',
    body: `Le bénéficiaire transmet à l’autorité subsidiante les rapports énumérés ci-dessous, établis selon les modèles fournis par l’autorité subsidiante et accompagnés de la déclaration des dépenses et des pièces justificatives demandées. Le rapport final est transmis au plus tard {finalReportDays} jours après la fin du projet.

Chaque rapport décrit l’état d’avancement des activités, les valeurs atteintes des indicateurs, les jalons réalisés, les difficultés rencontrées et les mesures prises. Le bénéficiaire fournit en outre, à la demande de l’autorité subsidiante, toute information nécessaire au suivi et à l’évaluation du programme ainsi qu’à la transmission des données à la Commission européenne (article 42 du règlement (UE) 2021/1060).

Un rapport incomplet ou remis hors délai peut entraîner la suspension des paiements jusqu’à sa régularisation.`,
  },
  partners: {
    title: 'Partenaires et sous-traitance',
    body: `Le projet est réalisé avec les partenaires énumérés ci-dessous. Le bénéficiaire reste seul responsable envers l’autorité subsidiante de l’exécution de l’ensemble du projet et du respect de la présente convention. Il conclut avec chaque partenaire un accord écrit qui lui impose les obligations de la présente convention applicables à ses activités et à ses coûts, notamment en matière de contrôle, de conservation des documents, de visibilité et de protection des données.

Lorsqu’il attribue des marchés pour les besoins du projet, le bénéficiaire respecte la loi du 17 juin 2016 relative aux marchés publics lorsqu’elle lui est applicable et, dans tous les cas, les principes de transparence, d’égalité de traitement et de mise en concurrence ; il prévient tout conflit d’intérêts. La sous-traitance de tâches essentielles du projet requiert l’accord écrit préalable de l’autorité subsidiante.`,
  },
  visibility: {
    title: 'Visibilité',
    body: `Le bénéficiaire fait connaître le soutien de l’Union conformément aux articles 47 et 50 du règlement (UE) 2021/1060. Il appose l’emblème de l’Union, accompagné de la mention « Cofinancé par l’Union européenne », sur tous les documents et supports de communication relatifs au projet destinés au public ou aux participants, y compris les attestations et les documents électroniques, et présente le projet et le soutien de l’Union sur son site internet officiel et ses réseaux sociaux, lorsqu’ils existent.

Pour une opération dont le coût total dépasse 100 000 euros et qui comporte un investissement matériel ou l’achat d’équipements, le bénéficiaire appose, dès le début de la mise en œuvre matérielle, une plaque ou un panneau durable bien visible du public ; pour les autres opérations, il expose au moins une affiche de format A3 minimum ou un écran électronique équivalent présentant le projet et le soutien de l’Union.

Par dérogation aux seules obligations de plaque, de panneau ou d’affiche, et lorsque des raisons de sécurité ou d’ordre public le justifient, la présente convention peut fixer des exigences spécifiques pour l’affichage public des informations ; ces exigences sont énoncées ci-dessous et aucune autre adaptation n’est admise. La mention sur les documents et supports de communication et la présentation du projet sur le site internet et les réseaux sociaux du bénéficiaire s’appliquent en toute hypothèse. Le non-respect de ces obligations auquel il n’est pas remédié peut entraîner la suppression de 3 % au maximum du soutien (article 50, paragraphe 3, du règlement (UE) 2021/1060).`,
  },
  controls: {
    title: 'Contrôles, audits et conservation des documents',
    body: `Le bénéficiaire accepte que l’autorité subsidiante, l’autorité d’audit du programme, la Commission européenne, la Cour des comptes européenne, l’Office européen de lutte antifraude (OLAF) et le Parquet européen (EPPO), ainsi que toute personne ou tout organisme qu’ils mandatent, vérifient et contrôlent, y compris sur place, l’exécution du projet et l’utilisation de la subvention, chez le bénéficiaire comme chez ses partenaires. Il leur donne accès à ses locaux, à ses systèmes et à toutes les informations et pièces utiles, et leur apporte toute l’assistance nécessaire.

Le bénéficiaire conserve toutes les pièces justificatives relatives au projet, sous forme d’originaux, de copies certifiées conformes ou sur des supports de données communément admis, y compris électroniques, pendant {retentionYears} ans à compter du 31 décembre de l’année au cours de laquelle l’autorité subsidiante effectue le dernier paiement au bénéficiaire (article 82 du règlement (UE) 2021/1060). Ce délai est interrompu en cas de procédure judiciaire ou à la demande dûment motivée de la Commission européenne.

Ces obligations s’appliquent également aux partenaires et subsistent après la fin de la présente convention.`,
  },
  irregularities: {
    title: 'Irrégularités, réduction, recouvrement, suspension et résiliation',
    body: `Constitue une irrégularité, au sens de l’article 2 du règlement (UE) 2021/1060, toute violation du droit applicable résultant d’un acte ou d’une omission du bénéficiaire ou d’un partenaire qui a ou aurait pour effet de porter préjudice au budget de l’Union en imputant à celui-ci une dépense indue. Conformément à l’article 69 du même règlement, l’autorité subsidiante prévient, détecte et corrige les irrégularités et les signale aux autorités compétentes. Le bénéficiaire signale sans délai à l’autorité subsidiante tout soupçon de fraude, de corruption ou de conflit d’intérêts.

En cas d’irrégularité, de fraude, de manquement grave du bénéficiaire à ses obligations ou d’exécution du projet non conforme à la présente convention, l’autorité subsidiante peut, après avoir invité le bénéficiaire à présenter ses observations dans un délai de 30 jours, sauf urgence ou soupçon de fraude :
- réduire la subvention à proportion des coûts inéligibles ou de la gravité du manquement ;
- recouvrer les montants indûment versés, majorés le cas échéant des intérêts au taux légal ;
- suspendre les paiements jusqu’à la régularisation de la situation ;
- résilier la présente convention par lettre recommandée, avec effet à la date qu’elle indique.

Le bénéficiaire rembourse les montants réclamés dans les 30 jours de la demande ; à défaut, l’autorité subsidiante peut les compenser avec tout montant dû au bénéficiaire. La résiliation n’ouvre droit à aucune indemnité. Le bénéficiaire peut mettre fin à la convention par lettre recommandée motivée ; seuls les coûts éligibles exposés jusqu’à la date de prise d’effet sont alors pris en compte, et les montants versés au-delà sont remboursés.`,
  },
  amendments: {
    title: 'Modifications',
    body: `Toute modification de la présente convention ou de ses annexes fait l’objet d’un avenant écrit signé par les deux parties, à l’exception des adaptations que la présente convention permet expressément. Un avenant ne peut modifier l’objet du projet d’une manière qui remettrait en cause la décision d’octroi ou l’égalité de traitement des candidats à l’appel à projets.

La demande d’avenant est introduite par écrit, motivée et accompagnée des pièces utiles, au plus tard un mois avant la date à laquelle la modification doit prendre effet et, en tout état de cause, avant la date de fin du projet.

Le bénéficiaire informe sans délai l’autorité subsidiante de tout changement de sa situation juridique, financière ou technique, de sa dénomination, de son adresse ou de son compte bancaire, et de tout événement susceptible d’affecter l’exécution du projet.`,
  },
  data_protection: {
    title: 'Protection des données à caractère personnel',
    body: `Chaque partie traite les données à caractère personnel dans le cadre de la présente convention conformément au règlement (UE) 2016/679 (règlement général sur la protection des données) et à la loi du 30 juillet 2018 relative à la protection des personnes physiques à l’égard des traitements de données à caractère personnel.

Le bénéficiaire ne collecte et ne traite les données relatives aux participants que dans la mesure nécessaire à la réalisation du projet, au suivi des indicateurs, aux rapports, aux contrôles et à l’évaluation du programme (article 4 du règlement (UE) 2021/1060). Il informe les participants de ce traitement, prend les mesures techniques et organisationnelles appropriées, en particulier pour les données relatives aux personnes vulnérables et aux mineurs, et ne transmet à l’autorité subsidiante que les données nécessaires, de préférence agrégées ou pseudonymisées.

L’autorité subsidiante traite les données des représentants et des membres du personnel du bénéficiaire aux fins de la gestion de la présente convention et du programme. Les personnes concernées exercent leurs droits auprès du délégué à la protection des données de la partie concernée.`,
  },
  applicable_law: {
    title: 'Droit applicable et litiges',
    body: `La présente convention est régie par le droit belge, sans préjudice du droit de l’Union applicable. Les parties s’efforcent de régler à l’amiable tout différend relatif à son interprétation ou à son exécution.

À défaut d’accord dans les 60 jours de la notification écrite du différend par une partie à l’autre, le différend est porté devant les cours et tribunaux de Bruxelles, seuls compétents.`,
  },
}

const NL: Record<ClauseKey, ClauseDefault> = {
  object: {
    title: 'Voorwerp',
    body: `Deze overeenkomst heeft tot voorwerp de toekenning door de subsidiërende overheid aan de begunstigde van een subsidie die wordt medegefinancierd door het Fonds voor asiel, migratie en integratie (AMIF), voor de uitvoering van het project {projectCode} “{projectTitle}”, zoals hieronder en in het goedgekeurde projectvoorstel beschreven.

De begunstigde verbindt zich ertoe het project onder zijn eigen verantwoordelijkheid uit te voeren overeenkomstig deze overeenkomst, haar bijlagen en de toepasselijke regels van de Unie en nationale regels. Hij waarborgt dat voor geen enkele uitgave die hij voor het project declareert steun wordt ontvangen uit een ander fonds of instrument van de Unie, of uit hetzelfde fonds in het kader van een ander programma (artikel 63, lid 9, van Verordening (EU) 2021/1060).

De bijlagen maken integraal deel uit van deze overeenkomst. Bij tegenstrijdigheid hebben de bepalingen van de overeenkomst voorrang op die van de bijlagen.`,
  },
  legal_basis: {
    title: 'Rechtsgrond',
    body: `Deze overeenkomst wordt gesloten op grond van de hieronder vermelde handelingen, in hun geldende versie, en van de gedelegeerde handelingen en uitvoeringshandelingen die op grond daarvan zijn vastgesteld. De bepalingen ervan worden in overeenstemming met die handelingen uitgelegd; bij tegenstrijdigheid hebben die handelingen voorrang.

De begunstigde verklaart kennis te hebben genomen van die handelingen, van de projectoproep en van de subsidiabiliteitsregels die op het project van toepassing zijn.`,
  },
  duration: {
    title: 'Duur en subsidiabiliteitsperiode',
    body: `Deze overeenkomst treedt in werking op de datum van ondertekening door de laatste van de partijen. Het project wordt uitgevoerd van {startDate} tot {endDate}.

Alleen kosten die betrekking hebben op activiteiten die tijdens die periode worden uitgevoerd, zijn subsidiabel, met inachtneming van artikel 63 van Verordening (EU) 2021/1060 en van de nationale subsidiabiliteitsregels. De kosten voor de opstelling van het eindverslag zijn subsidiabel wanneer zij worden gemaakt binnen de termijn voor de indiening ervan.

De verplichtingen inzake bewaring van documenten, controle, zichtbaarheid en gegevensbescherming blijven na het einde van het project bestaan gedurende de termijnen die deze overeenkomst bepaalt.`,
  },
  amount: {
    title: 'Bedrag van de subsidie en medefinanciering',
    body: `De totale subsidiabele kosten van het project worden geraamd op {eligibleAmount}. De bijdrage van de Unie bedraagt ten hoogste {euAmount}, hetzij {euRate} van de totale subsidiabele kosten; het saldo, hetzij {ownAmount}, wordt door de begunstigde gedragen met eigen middelen of andere nationale financiering, die hij aan de subsidiërende overheid meldt.

Dit maximumbedrag kan niet worden overschreden. Het definitieve bedrag van de subsidie wordt na goedkeuring van het eindverslag vastgesteld door het medefinancieringspercentage toe te passen op de aanvaarde subsidiabele kosten, binnen de grens van het maximumbedrag.

De verdeling per categorie staat hieronder en de gedetailleerde begroting in bijlage I. De begunstigde mag zonder aanhangsel bedragen tussen categorieën overdragen tot 10% van het oorspronkelijke bedrag van de ontvangende categorie, voor zover het voorwerp van het project niet wordt gewijzigd; elke andere overdracht vereist de voorafgaande schriftelijke toestemming van de subsidiërende overheid.`,
  },
  cost_model: {
    title: 'Subsidievormen en vereenvoudigde kosten',
    body: `De subsidiabele kosten worden vergoed volgens de subsidievormen van artikel 53 van Verordening (EU) 2021/1060, die voor elke begrotingslijn in bijlage I zijn vermeld en hieronder zijn samengevat:
- werkelijke kosten: uitgaven die de begunstigde werkelijk heeft gedaan en betaald, gestaafd met facturen of boekhoudstukken met gelijkwaardige bewijskracht;
- eenheidskosten en vaste bedragen: vergoeding op basis van de gerealiseerde hoeveelheden of de behaalde resultaten, zonder verantwoording van de onderliggende uitgaven;
- forfaitaire percentages: tegen de percentages en op de bases hieronder vermeld, binnen de maxima van dezelfde verordening: indirecte kosten tot 7% van de subsidiabele directe kosten, 15% van de subsidiabele directe personeelskosten of 25% van de subsidiabele directe kosten (artikel 54); directe personeelskosten tot 20% van de andere directe kosten (artikel 55); overige kosten tot 40% van de directe personeelskosten (artikel 56), zonder verantwoording van de uitgaven die zij dekken.

Voor vereenvoudigde kosten hebben de verificaties en controles betrekking op de realiteit van de gedeclareerde activiteiten, hoeveelheden en resultaten en op de naleving van de vergoedingsvoorwaarden. Voor werkelijke kosten voert de begunstigde een afzonderlijke boekhouding of gebruikt hij een passende boekhoudkundige codering voor alle transacties met betrekking tot het project (artikel 74, lid 1, punt a), i), van Verordening (EU) 2021/1060).`,
  },
  payments: {
    title: 'Betalingsregeling',
    body: `De subsidie wordt gestort op de bankrekening van de begunstigde die bovenaan deze overeenkomst is vermeld, volgens het onderstaande betalingsschema:
- een voorschot, na de ondertekening van deze overeenkomst door beide partijen;
- in voorkomend geval tussentijdse betalingen, na goedkeuring van de desbetreffende verslagen en uitgavenstaten;
- het saldo, na goedkeuring van het eindverslag en de definitieve uitgavenstaat, rekening houdend met de reeds betaalde bedragen.

De data van het betalingsschema zijn indicatief: een betaling is pas verschuldigd wanneer aan de voorwaarden ervan is voldaan. Onder voorbehoud van de beschikbaarheid van middelen betaalt de subsidiërende overheid de begunstigde het verschuldigde bedrag volledig uiterlijk 80 dagen na de datum van indiening van zijn betalingsaanvraag (artikel 74, lid 1, punt b), van Verordening (EU) 2021/1060). Die termijn kan alleen worden onderbroken wanneer de door de begunstigde verstrekte informatie de subsidiërende overheid niet in staat stelt vast te stellen of het bedrag verschuldigd is; de begunstigde wordt schriftelijk op de hoogte gebracht van de onderbreking en de redenen ervan.

Bedragen die boven het definitieve bedrag van de subsidie zijn betaald, worden door de begunstigde terugbetaald binnen 30 dagen na het verzoek van de subsidiërende overheid.`,
  },
  indicators: {
    title: 'Indicatoren en streefwaarden',
    body: `De begunstigde meet en rapporteert de output- en resultaatindicatoren die hieronder en in bijlage II zijn vermeld, ontleend aan bijlage VIII bij Verordening (EU) 2021/1147 of aan het nationale programma, met hun uitgangswaarden en streefwaarden.

De bereikte waarden worden sinds het begin van het project gecumuleerd en in elk verslag meegedeeld, samen met de stukken waarmee zij kunnen worden geverifieerd. Elke aanzienlijke afwijking van de streefwaarden wordt toegelicht, met de geplande corrigerende maatregelen. Het niet bereiken van de streefwaarden door toedoen van de begunstigde kan een vermindering van de subsidie rechtvaardigen overeenkomstig het artikel over onregelmatigheden.`,
  },
  milestones: {
    title: 'Mijlpalen en resultaten',
    body: `Het project wordt uitgevoerd volgens de mijlpalen en resultaten die hieronder zijn vermeld en in bijlage III zijn uitgewerkt. De begunstigde brengt de subsidiërende overheid onverwijld schriftelijk op de hoogte van elke vertraging die een mijlpaal, een streefwaarde of de einddatum van het project in het gedrang kan brengen, met vermelding van de oorzaken en van de maatregelen die zijn genomen om ze te verhelpen.

Het uitstel van een mijlpaal dat noch het voorwerp van het project, noch de einddatum, noch het bedrag van de subsidie wijzigt, kan worden overeengekomen door een uitwisseling van brieven, ook per e-mail, tussen de partijen; elke andere wijziging vereist een aanhangsel.`,
  },
  reporting: {
    title: 'Verslaggeving',
    body: `De begunstigde bezorgt de subsidiërende overheid de hieronder vermelde verslagen, opgesteld volgens de modellen van de subsidiërende overheid en vergezeld van de uitgavenstaat en de gevraagde bewijsstukken. Het eindverslag wordt uiterlijk {finalReportDays} dagen na het einde van het project ingediend.

Elk verslag beschrijft de voortgang van de activiteiten, de bereikte waarden van de indicatoren, de bereikte mijlpalen, de ondervonden moeilijkheden en de genomen maatregelen. De begunstigde verstrekt bovendien op verzoek van de subsidiërende overheid alle informatie die nodig is voor de monitoring en de evaluatie van het programma en voor de toezending van gegevens aan de Europese Commissie (artikel 42 van Verordening (EU) 2021/1060).

Een onvolledig of laattijdig verslag kan leiden tot de schorsing van de betalingen tot het in orde is gebracht.`,
  },
  partners: {
    title: 'Partners en onderaanneming',
    body: `Het project wordt uitgevoerd met de hieronder vermelde partners. De begunstigde blijft ten aanzien van de subsidiërende overheid als enige verantwoordelijk voor de uitvoering van het hele project en voor de naleving van deze overeenkomst. Hij sluit met elke partner een schriftelijke overeenkomst die de partner de verplichtingen van deze overeenkomst oplegt die op zijn activiteiten en kosten van toepassing zijn, met name inzake controle, bewaring van documenten, zichtbaarheid en gegevensbescherming.

Wanneer de begunstigde voor het project opdrachten gunt, leeft hij de wet van 17 juni 2016 inzake overheidsopdrachten na wanneer die op hem van toepassing is en, in elk geval, de beginselen van transparantie, gelijke behandeling en mededinging; hij voorkomt elk belangenconflict. Voor de uitbesteding van essentiële taken van het project is de voorafgaande schriftelijke toestemming van de subsidiërende overheid vereist.`,
  },
  visibility: {
    title: 'Zichtbaarheid',
    body: `De begunstigde maakt de steun van de Unie bekend overeenkomstig de artikelen 47 en 50 van Verordening (EU) 2021/1060. Hij brengt het embleem van de Unie aan, samen met de vermelding “Medegefinancierd door de Europese Unie”, op alle documenten en al het communicatiemateriaal over het project die bestemd zijn voor het publiek of voor de deelnemers, met inbegrip van attesten en elektronische documenten, en stelt het project en de steun van de Unie voor op zijn officiële website en zijn socialemediakanalen, wanneer die bestaan.

Voor een concrete actie waarvan de totale kosten meer dan 100.000 euro bedragen en die een fysieke investering of de aankoop van uitrusting omvat, brengt de begunstigde zodra de materiële uitvoering begint een duurzame plaat of een bord aan dat duidelijk zichtbaar is voor het publiek; voor andere concrete acties plaatst hij ten minste één affiche van minimaal A3-formaat of een gelijkwaardig elektronisch scherm met informatie over het project en de steun van de Unie.

Uitsluitend in afwijking van de verplichtingen inzake de plaat, het bord of de affiche, en wanneer redenen van veiligheid of openbare orde dat rechtvaardigen, kan deze overeenkomst specifieke eisen stellen aan de openbare vermelding van informatie; die eisen staan hieronder en geen andere aanpassing is toegestaan. De vermelding op documenten en communicatiemateriaal en de voorstelling van het project op de website en de socialemediakanalen van de begunstigde gelden in elk geval. Niet-naleving van deze verplichtingen waaraan niet wordt verholpen, kan leiden tot de intrekking van ten hoogste 3% van de steun (artikel 50, lid 3, van Verordening (EU) 2021/1060).`,
  },
  controls: {
    title: 'Controles, audits en bewaring van documenten',
    body: `De begunstigde aanvaardt dat de subsidiërende overheid, de auditautoriteit van het programma, de Europese Commissie, de Europese Rekenkamer, het Europees Bureau voor fraudebestrijding (OLAF) en het Europees Openbaar Ministerie (EOM), alsook elke persoon of instantie die zij daartoe machtigen, de uitvoering van het project en het gebruik van de subsidie verifiëren en controleren, ook ter plaatse, zowel bij de begunstigde als bij zijn partners. Hij verleent hun toegang tot zijn lokalen, zijn systemen en alle nuttige informatie en stukken, en verleent hun alle nodige medewerking.

De begunstigde bewaart alle bewijsstukken met betrekking tot het project, als origineel, als voor eensluidend verklaard afschrift of op algemeen aanvaarde gegevensdragers, ook elektronisch, gedurende {retentionYears} jaar vanaf 31 december van het jaar waarin de subsidiërende overheid de laatste betaling aan de begunstigde verricht (artikel 82 van Verordening (EU) 2021/1060). Die termijn wordt onderbroken in geval van gerechtelijke procedures of op naar behoren gemotiveerd verzoek van de Europese Commissie.

Deze verplichtingen gelden ook voor de partners en blijven na het einde van deze overeenkomst bestaan.`,
  },
  irregularities: {
    title: 'Onregelmatigheden, vermindering, terugvordering, schorsing en beëindiging',
    body: `Een onregelmatigheid in de zin van artikel 2 van Verordening (EU) 2021/1060 is elke schending van het toepasselijke recht als gevolg van een handeling of nalatigheid van de begunstigde of van een partner, waardoor de begroting van de Unie wordt of zou kunnen worden benadeeld doordat een onverschuldigde uitgave ten laste van die begroting wordt gebracht. Overeenkomstig artikel 69 van dezelfde verordening worden onregelmatigheden door de subsidiërende overheid voorkomen, opgespoord en gecorrigeerd en aan de bevoegde autoriteiten gemeld. De begunstigde meldt de subsidiërende overheid onverwijld elk vermoeden van fraude, corruptie of belangenconflict.

In geval van een onregelmatigheid, fraude, een ernstige tekortkoming van de begunstigde aan zijn verplichtingen of een uitvoering van het project die niet in overeenstemming is met deze overeenkomst, kan de subsidiërende overheid, nadat de begunstigde is verzocht binnen 30 dagen zijn opmerkingen mee te delen, behalve bij hoogdringendheid of vermoeden van fraude:
- de subsidie verminderen naar verhouding van de niet-subsidiabele kosten of van de ernst van de tekortkoming;
- de onverschuldigd betaalde bedragen terugvorderen, in voorkomend geval verhoogd met de wettelijke interest;
- de betalingen schorsen tot de toestand is geregulariseerd;
- deze overeenkomst bij aangetekende brief beëindigen, met ingang van de datum die in die brief wordt vermeld.

De begunstigde betaalt de teruggevorderde bedragen terug binnen 30 dagen na het verzoek; zo niet, kan de subsidiërende overheid ze verrekenen met elk bedrag dat aan de begunstigde verschuldigd is. De beëindiging geeft geen recht op enige schadevergoeding. De begunstigde kan de overeenkomst bij gemotiveerde aangetekende brief beëindigen; alleen de subsidiabele kosten die tot de datum van de beëindiging zijn gemaakt, worden dan in aanmerking genomen, en de te veel betaalde bedragen worden terugbetaald.`,
  },
  amendments: {
    title: 'Wijzigingen',
    body: `Elke wijziging van deze overeenkomst of van haar bijlagen gebeurt bij schriftelijk aanhangsel dat door beide partijen is ondertekend, behalve de aanpassingen die deze overeenkomst uitdrukkelijk toestaat. Een aanhangsel kan het voorwerp van het project niet zodanig wijzigen dat de toekenningsbeslissing of de gelijke behandeling van de kandidaten van de projectoproep in het gedrang komt.

Het verzoek om een aanhangsel wordt schriftelijk en met redenen omkleed ingediend, samen met de nuttige stukken, uiterlijk een maand vóór de datum waarop de wijziging moet ingaan en in elk geval vóór de einddatum van het project.

De begunstigde brengt de subsidiërende overheid onverwijld op de hoogte van elke wijziging van zijn juridische, financiële of technische toestand, zijn naam, zijn adres of zijn bankrekening, en van elke gebeurtenis die de uitvoering van het project kan beïnvloeden.`,
  },
  data_protection: {
    title: 'Bescherming van persoonsgegevens',
    body: `Elke partij verwerkt persoonsgegevens in het kader van deze overeenkomst overeenkomstig Verordening (EU) 2016/679 (algemene verordening gegevensbescherming) en de wet van 30 juli 2018 betreffende de bescherming van natuurlijke personen met betrekking tot de verwerking van persoonsgegevens.

De begunstigde verzamelt en verwerkt gegevens over de deelnemers alleen voor zover dat nodig is voor de uitvoering van het project, de monitoring van de indicatoren, de verslaggeving, de controles en de evaluatie van het programma (artikel 4 van Verordening (EU) 2021/1060). Hij informeert de deelnemers over die verwerking, neemt passende technische en organisatorische maatregelen, in het bijzonder voor gegevens over kwetsbare personen en minderjarigen, en bezorgt de subsidiërende overheid alleen de noodzakelijke gegevens, bij voorkeur geaggregeerd of gepseudonimiseerd.

De subsidiërende overheid verwerkt de gegevens van de vertegenwoordigers en de personeelsleden van de begunstigde met het oog op het beheer van deze overeenkomst en van het programma. De betrokkenen oefenen hun rechten uit bij de functionaris voor gegevensbescherming van de betrokken partij.`,
  },
  applicable_law: {
    title: 'Toepasselijk recht en geschillen',
    body: `Deze overeenkomst wordt beheerst door het Belgische recht, onverminderd het toepasselijke recht van de Unie. De partijen streven ernaar elk geschil over de uitlegging of de uitvoering ervan in der minne te regelen.

Bij gebrek aan akkoord binnen 60 dagen na de schriftelijke kennisgeving van het geschil door een partij aan de andere, wordt het geschil voorgelegd aan de hoven en rechtbanken van Brussel, die als enige bevoegd zijn.`,
  },
}

const EN: Record<ClauseKey, ClauseDefault> = {
  object: {
    title: 'Subject matter',
    body: `The subject matter of this agreement is the award by the grantor to the beneficiary of a grant co-financed by the Asylum, Migration and Integration Fund (AMIF) for the implementation of project {projectCode} “{projectTitle}”, as described below and in the approved project proposal.

The beneficiary undertakes to carry out the project under its own responsibility, in accordance with this agreement, its annexes and the applicable Union and national rules. It guarantees that no item of expenditure it declares for the project receives support from another Fund or Union instrument, or from the same Fund under another programme (Article 63(9) of Regulation (EU) 2021/1060).

The annexes form an integral part of this agreement. In the event of conflict, the provisions of the agreement prevail over those of the annexes.`,
  },
  legal_basis: {
    title: 'Legal basis',
    body: `This agreement is concluded on the basis of the acts listed below, as in force, and of the delegated and implementing acts adopted under them. Its provisions are to be interpreted in accordance with those acts; in the event of conflict, those acts prevail.

The beneficiary declares that it has taken note of those acts, of the call for proposals and of the eligibility rules that apply to the project.`,
  },
  duration: {
    title: 'Duration and eligibility period',
    body: `This agreement enters into force on the date on which the last of the parties signs it. The project is implemented from {startDate} to {endDate}.

Only costs relating to activities carried out during that period are eligible, in accordance with Article 63 of Regulation (EU) 2021/1060 and the national eligibility rules. The costs of drawing up the final report are eligible where they are incurred within the time limit for its submission.

The obligations relating to the retention of documents, checks, visibility and data protection continue after the end of the project for the periods set by this agreement.`,
  },
  amount: {
    title: 'Amount of the grant and co-financing',
    body: `The total eligible cost of the project is estimated at {eligibleAmount}. The Union contribution amounts to at most {euAmount}, that is {euRate} of the total eligible cost; the balance, {ownAmount}, is borne by the beneficiary from its own resources or other national funding, which it declares to the grantor.

This maximum amount may not be exceeded. The final amount of the grant is set after approval of the final report by applying the co-financing rate to the eligible costs accepted, within the limit of the maximum amount.

The breakdown by category is set out below and the detailed budget in Annex I. The beneficiary may, without a rider, transfer amounts between categories up to 10% of the initial amount of the category receiving the transfer, provided that the subject matter of the project is not changed; any other transfer requires the prior written approval of the grantor.`,
  },
  cost_model: {
    title: 'Forms of grant and simplified costs',
    body: `Eligible costs are reimbursed in the forms of grant provided for in Article 53 of Regulation (EU) 2021/1060, stated for each budget line in Annex I and summarised below:
- actual costs: expenditure actually incurred and paid by the beneficiary, supported by invoices or accounting documents of equivalent probative value;
- unit costs and lump sums: reimbursement on the basis of the quantities delivered or the results achieved, without justification of the underlying expenditure;
- flat rates: at the rates and on the bases set out below, within the ceilings of that Regulation: indirect costs up to 7% of eligible direct costs, 15% of eligible direct staff costs or 25% of eligible direct costs (Article 54); direct staff costs up to 20% of the other direct costs (Article 55); remaining costs up to 40% of direct staff costs (Article 56), without justification of the expenditure they cover.

For simplified costs, verifications and checks concern the reality of the activities, quantities and results declared and compliance with the conditions for reimbursement. For actual costs, the beneficiary keeps a separate accounting system or uses an adequate accounting code for all transactions relating to the project (Article 74(1)(a)(i) of Regulation (EU) 2021/1060).`,
  },
  payments: {
    title: 'Payment arrangements',
    body: `The grant is paid into the beneficiary’s bank account stated at the head of this agreement, according to the schedule below:
- an advance, after signature of this agreement by both parties;
- where applicable, interim payments, after approval of the corresponding reports and statements of expenditure;
- the balance, after approval of the final report and the final statement of expenditure, taking account of the amounts already paid.

The dates in the schedule are indicative: a payment is due only once its conditions are met. Subject to the availability of funding, the grantor pays the beneficiary the amount due in full no later than 80 days from the date of submission of its payment claim (Article 74(1)(b) of Regulation (EU) 2021/1060). That period may be interrupted only where the information submitted by the beneficiary does not allow the grantor to establish whether the amount is due; the beneficiary is informed in writing of the interruption and its reasons.

Amounts paid in excess of the final amount of the grant are repaid by the beneficiary within 30 days of the request of the grantor.`,
  },
  indicators: {
    title: 'Indicators and targets',
    body: `The beneficiary measures and reports the output and result indicators listed below and in Annex II, taken from Annex VIII to Regulation (EU) 2021/1147 or from the national programme, with their baselines and targets.

The values achieved are cumulative from the start of the project and are given in each report, with the evidence needed to verify them. Any significant deviation from the targets is explained, together with the corrective measures planned. Failure to reach the targets for reasons attributable to the beneficiary may justify a reduction of the grant under the article on irregularities.`,
  },
  milestones: {
    title: 'Milestones and deliverables',
    body: `The project is implemented according to the milestones and deliverables listed below and detailed in Annex III. The beneficiary informs the grantor in writing and without delay of any delay likely to jeopardise a milestone, a target or the end date of the project, stating its causes and the measures taken to remedy it.

Postponing a milestone without changing the subject matter of the project, its end date or the amount of the grant may be agreed by an exchange of letters, including by e-mail, between the parties; any other change requires a rider.`,
  },
  reporting: {
    title: 'Reporting',
    body: `The beneficiary sends the grantor the reports listed below, drawn up on the templates provided by the grantor and accompanied by the statement of expenditure and the supporting documents requested. The final report is submitted no later than {finalReportDays} days after the end of the project.

Each report describes the progress of the activities, the values achieved for the indicators, the milestones reached, the difficulties encountered and the measures taken. At the request of the grantor, the beneficiary also provides any information needed to monitor and evaluate the programme and to transmit data to the European Commission (Article 42 of Regulation (EU) 2021/1060).

An incomplete or late report may lead to the suspension of payments until it is put in order.`,
  },
  partners: {
    title: 'Partners and subcontracting',
    body: `The project is carried out with the partners listed below. The beneficiary remains solely responsible towards the grantor for the implementation of the whole project and for compliance with this agreement. It concludes with each partner a written agreement imposing on that partner the obligations of this agreement that apply to its activities and costs, in particular as regards checks, retention of documents, visibility and data protection.

When awarding contracts for the project, the beneficiary complies with the Belgian Act of 17 June 2016 on public procurement where it applies and, in any case, with the principles of transparency, equal treatment and competition; it prevents any conflict of interests. Subcontracting essential tasks of the project requires the prior written approval of the grantor.`,
  },
  visibility: {
    title: 'Visibility',
    body: `The beneficiary acknowledges the support of the Union in accordance with Articles 47 and 50 of Regulation (EU) 2021/1060. It displays the emblem of the Union, together with the statement “Co-funded by the European Union”, on all documents and communication material relating to the project intended for the public or for participants, including certificates and electronic documents, and presents the project and the Union support on its official website and social media sites, where they exist.

For an operation whose total cost exceeds EUR 100,000 and which involves physical investment or the purchase of equipment, the beneficiary displays a durable plaque or billboard clearly visible to the public as soon as physical implementation starts; for other operations, it displays at least one poster of a minimum size A3 or an equivalent electronic display presenting the project and the Union support.

By derogation from the plaque, billboard and poster obligations only, and where this is justified by reasons of security or public order, this agreement may establish specific requirements for the public display of information; any such requirements are set out below, and no other adaptation is allowed. The statement on documents and communication material and the presentation of the project on the beneficiary’s website and social media always apply. Failure to comply with these obligations that is not remedied may lead to the cancellation of up to 3% of the support (Article 50(3) of Regulation (EU) 2021/1060).`,
  },
  controls: {
    title: 'Checks, audits and retention of documents',
    body: `The beneficiary accepts that the grantor, the programme’s audit authority, the European Commission, the European Court of Auditors, the European Anti-Fraud Office (OLAF) and the European Public Prosecutor’s Office (EPPO), and any person or body they mandate, verify and check, including on the spot, the implementation of the project and the use of the grant, at the beneficiary’s premises and at those of its partners. It gives them access to its premises, its systems and all relevant information and documents, and provides them with all necessary assistance.

The beneficiary keeps all supporting documents relating to the project, as originals, certified true copies or on commonly accepted data carriers, including electronic versions, for {retentionYears} years from 31 December of the year in which the grantor makes the last payment to the beneficiary (Article 82 of Regulation (EU) 2021/1060). That period is interrupted in the case of legal proceedings or at the duly justified request of the European Commission.

These obligations also apply to the partners and continue after the end of this agreement.`,
  },
  irregularities: {
    title: 'Irregularities, reduction, recovery, suspension and termination',
    body: `An irregularity within the meaning of Article 2 of Regulation (EU) 2021/1060 is any breach of applicable law, resulting from an act or omission by the beneficiary or a partner, which has, or would have, the effect of prejudicing the budget of the Union by charging unjustified expenditure to it. In accordance with Article 69 of that Regulation, the grantor prevents, detects and corrects irregularities and reports them to the competent authorities. The beneficiary informs the grantor without delay of any suspected fraud, corruption or conflict of interests.

In the event of an irregularity, fraud, a serious breach by the beneficiary of its obligations or an implementation of the project that does not comply with this agreement, the grantor may, after inviting the beneficiary to submit its observations within 30 days, save in urgent cases or where fraud is suspected:
- reduce the grant in proportion to the ineligible costs or to the seriousness of the breach;
- recover the amounts unduly paid, plus, where applicable, interest at the statutory rate;
- suspend payments until the situation is regularised;
- terminate this agreement by registered letter, with effect from the date stated in it.

The beneficiary repays the amounts claimed within 30 days of the request; failing that, the grantor may offset them against any amount due to the beneficiary. Termination gives no right to compensation. The beneficiary may terminate the agreement by reasoned registered letter; only the eligible costs incurred up to the date on which termination takes effect are then taken into account, and any amounts paid in excess are repaid.`,
  },
  amendments: {
    title: 'Amendments',
    body: `Any change to this agreement or its annexes is made by a written rider signed by both parties, except for the adjustments that this agreement expressly allows. A rider may not change the subject matter of the project in a way that would call into question the award decision or the equal treatment of applicants to the call for proposals.

A request for a rider is made in writing, stating its reasons and accompanied by the relevant documents, no later than one month before the date on which the change is to take effect and in any case before the end date of the project.

The beneficiary informs the grantor without delay of any change in its legal, financial or technical situation, its name, its address or its bank account, and of any event likely to affect the implementation of the project.`,
  },
  data_protection: {
    title: 'Protection of personal data',
    body: `Each party processes personal data under this agreement in accordance with Regulation (EU) 2016/679 (General Data Protection Regulation) and the Belgian Act of 30 July 2018 on the protection of natural persons with regard to the processing of personal data.

The beneficiary collects and processes data on participants only to the extent necessary for implementing the project, monitoring the indicators, reporting, checks and the evaluation of the programme (Article 4 of Regulation (EU) 2021/1060). It informs participants of that processing, takes appropriate technical and organisational measures, in particular for data on vulnerable persons and minors, and sends the grantor only the data needed, preferably aggregated or pseudonymised.

The grantor processes the data of the beneficiary’s representatives and staff for the management of this agreement and of the programme. Data subjects exercise their rights with the data protection officer of the party concerned.`,
  },
  applicable_law: {
    title: 'Applicable law and disputes',
    body: `This agreement is governed by Belgian law, without prejudice to applicable Union law. The parties shall endeavour to settle amicably any dispute concerning its interpretation or implementation.

Failing agreement within 60 days of the written notification of the dispute by one party to the other, the dispute shall be brought before the courts and tribunals of Brussels, which shall have exclusive jurisdiction.`,
  },
}

const DEFAULTS: Record<DocLanguage, Record<ClauseKey, ClauseDefault>> = {
  fr: Object.fromEntries(CLAUSE_KEYS.map((k) => [k, { title: frenchSpacing(FR[k].title), body: frenchSpacing(FR[k].body) }])) as Record<
    ClauseKey,
    ClauseDefault
  >,
  nl: NL,
  en: EN,
}

/** The shipped title and body of an article in a language, placeholders not filled. */
export function defaultClause(key: ClauseKey, lang: DocLanguage): { key: ClauseKey; title: string; body: string } {
  const clause = DEFAULTS[lang][key]
  return { key, title: clause.title, body: clause.body }
}

/** An officer's edit of one article, in the language being produced. */
export interface ClauseOverride {
  key: string
  title: string
  body: string
}

/**
 * Every article in order: the officer's edit where there is one (edits for keys that are not
 * articles are ignored), the default elsewhere; `{placeholders}` filled from `values`, unknown
 * ones left as written.
 */
export function clauseTexts(lang: DocLanguage, overrides: readonly ClauseOverride[], values: Readonly<Record<string, string>>): ClauseText[] {
  const edited = new Map(overrides.filter((o) => isClauseKey(o.key)).map((o) => [o.key, o]))
  return CLAUSE_KEYS.map((key) => {
    const source = edited.get(key) ?? defaultClause(key, lang)
    return { key, title: fill(source.title, values), body: fill(source.body, values) }
  })
}

/** What the placeholders stand for in one agreement, written in the document's language. */
export function clauseValues(
  data: Pick<AgreementData, 'stamp' | 'grantor' | 'beneficiary' | 'project' | 'budget' | 'reporting'>,
  lang: DocLanguage,
): Record<ClausePlaceholder, string> {
  const finalReport = data.reporting.find((r) => r.kind === 'final')
  const finalReportDays = finalReport ? daysBetween(data.project.endDate, finalReport.dueDate) : DEFAULT_FINAL_REPORT_DAYS
  return {
    grantor: data.grantor.name,
    beneficiary: data.beneficiary.name,
    projectCode: data.project.code,
    projectTitle: data.project.title,
    agreementReference: data.stamp.reference,
    startDate: day(data.project.startDate, lang, 'long'),
    endDate: day(data.project.endDate, lang, 'long'),
    eligibleAmount: money(data.budget.eligibleCents, lang),
    euAmount: money(data.budget.euCents, lang),
    euRate: formatRate(data.budget.euRateBp, lang),
    ownAmount: money(data.budget.ownCents, lang),
    finalReportDays: String(finalReportDays),
    retentionYears: String(RETENTION_YEARS),
  }
}
