import { syncTriggersSql } from './004_sync'
import { cents, COUNT_MAX, day, filled, flag, int, json, LABEL, LONG, NAME, NOT_NULL, oneOf, ref, stamp, STAMPS, SYNC_VV, text } from './005_strict'
import { insertSyncSql } from './006_merge_provenance'
import type { Migration } from './types'

/**
 * Payment claims and management verifications (issue 15): what a beneficiary declared, what the
 * officer accepted, what is paid, and the visits on the spot.
 *
 * - `claims`: a project's interim or final claim, the period it covers, its submission (the 80-day
 *   clock of CPR Art. 74(1)(b) starts there), its status, and its verification: how the sample
 *   was drawn (method, threshold, size, seed), whether the extrapolated error is applied, who
 *   prepared and who approved it (four eyes: approving one's own needs a stated reason).
 * - `claim_suspensions`: each time the claim was returned for information (the clock stops on
 *   that day, with its reason) and when it came back.
 * - `claim_lines`: the declared expenditure, with its declared amount kept so sums stay in SQL, and
 *   the verification's outcome of each line (accepted, reduced or rejected, with an error type).
 * - `checklist_questions` (reference data an officer may edit, in three languages) and
 *   `claim_checks` (one answer per claim and question, id `<claim>:<question>` so that the same
 *   answer given in two files is one record).
 * - `expenditure_mappings`: the column mapping of a partner's expenditure lists, remembered.
 * - `visits`, `visit_findings`, `visit_recommendations`: on-the-spot verifications.
 * - `payments.claim_id`: the payment an approved claim created.
 *
 * Every table is STRICT with the CHECKs of migration 005 and synced (the triggers of 004 and 006).
 * The checklist's questions are inserted before their triggers exist, so that two files migrated
 * apart hold the same rows with the same (empty) version vector, as the reference data of 002.
 *
 * The vocabularies are written out: this migration's text never changes once released; a test
 * checks them against database/domain/vocabulary.ts.
 */

/** The claim vocabularies as this migration writes them. */
export const CLAIM_VOCABULARIES = {
  claimKinds: ['interim', 'final'],
  claimStatuses: ['received', 'under_verification', 'returned', 'verified', 'paid', 'withdrawn'],
  claimLineKinds: ['actual', 'staff', 'unit', 'lump_sum'],
  lineOutcomes: ['accepted', 'reduced', 'rejected'],
  errorTypes: ['ineligible_cost', 'outside_period', 'no_proof_of_payment', 'procurement_breach', 'double_funding', 'calculation_error', 'other'],
  checkAnswers: ['yes', 'no', 'not_applicable'],
  samplingMethods: ['all', 'threshold_random'],
  visitStatuses: ['planned', 'done', 'cancelled'],
  findingSeverities: ['low', 'medium', 'high'],
  recommendationStatuses: ['open', 'done', 'dropped'],
} as const
const V = CLAIM_VOCABULARIES

/** Hours are kept in hundredths (7,5 h = 750): a staff line's amount is hours × rate / 100, rounded down. */
const HUNDREDTHS_MAX = 100_000_000

const CLAIMS = [
  ref('id', { extra: 'PRIMARY KEY' }),
  ref('project_id', { notNull: true, extra: 'REFERENCES projects(id) ON DELETE CASCADE' }),
  oneOf('kind', V.claimKinds, NOT_NULL),
  text('reference', NAME),
  day('period_start', NOT_NULL),
  day('period_end', NOT_NULL),
  day('submitted_on', NOT_NULL),
  oneOf('status', V.claimStatuses, NOT_NULL),
  text('withdrawn_reason', LONG),
  oneOf('sampling_method', V.samplingMethods),
  cents('sample_threshold_cents'),
  int('sample_size', 0, COUNT_MAX),
  text('sample_seed', 100),
  stamp('sampled_at'),
  text('sampled_by', NAME),
  flag('apply_extrapolation', { notNull: true, default: '0' }),
  text('prepared_by', NAME),
  stamp('prepared_at'),
  text('approved_by', NAME),
  stamp('approved_at'),
  text('self_approval_reason', LONG),
  text('note', LONG),
  ...STAMPS,
  SYNC_VV,
  'CHECK (period_end >= period_start)',
  `CHECK ((status = 'withdrawn') = (withdrawn_reason IS NOT NULL))`,
  // A sample is its method, its rule and its seed together: it can then be drawn again identically.
  `CHECK (sampling_method IS NOT NULL OR (sample_threshold_cents IS NULL AND sample_size IS NULL AND sample_seed IS NULL AND sampled_at IS NULL))`,
  `CHECK (sampling_method IS NOT 'threshold_random' OR (sample_threshold_cents IS NOT NULL AND sample_size IS NOT NULL AND sample_seed IS NOT NULL))`,
  `CHECK ((sampling_method IS NULL) = (sampled_at IS NULL))`,
  'CHECK ((prepared_by IS NULL) = (prepared_at IS NULL))',
  'CHECK ((approved_by IS NULL) = (approved_at IS NULL))',
  'CHECK (approved_by IS NULL OR prepared_by IS NOT NULL)',
  // Four eyes: approving one's own verification needs a stated reason.
  `CHECK (approved_by IS NULL OR approved_by IS NOT prepared_by OR coalesce(length(trim(self_approval_reason)), 0) > 0)`,
  `CHECK ((status IN ('verified', 'paid')) = (approved_by IS NOT NULL))`,
]

const SUSPENSIONS = [
  ref('id', { extra: 'PRIMARY KEY' }),
  ref('claim_id', { notNull: true, extra: 'REFERENCES claims(id) ON DELETE CASCADE' }),
  day('stopped_on', NOT_NULL),
  filled('reason', LONG, NOT_NULL),
  day('resumed_on'),
  ...STAMPS,
  SYNC_VV,
  'CHECK (resumed_on >= stopped_on)',
]

const LINES = [
  ref('id', { extra: 'PRIMARY KEY' }),
  ref('claim_id', { notNull: true, extra: 'REFERENCES claims(id) ON DELETE CASCADE' }),
  // A budget line a claim declared against cannot be removed from the budget.
  ref('budget_line_id', { notNull: true, extra: 'REFERENCES budget_lines(id) ON DELETE RESTRICT' }),
  int('line_no', 1, COUNT_MAX, NOT_NULL),
  oneOf('kind', V.claimLineKinds, NOT_NULL),
  day('expense_date'),
  text('supplier', NAME),
  text('reference', NAME),
  text('description', LONG),
  cents('amount_excl_cents'),
  cents('amount_incl_cents'),
  flag('vat_eligible', { notNull: true, default: '0' }),
  day('payment_date'),
  text('person_name', NAME),
  int('hours_hundredths', 1, HUNDREDTHS_MAX),
  cents('annual_gross_cents'),
  cents('hourly_rate_cents'),
  int('units', 1, COUNT_MAX),
  cents('declared_cents', NOT_NULL),
  flag('in_sample', { notNull: true, default: '0' }),
  oneOf('outcome', V.lineOutcomes),
  cents('accepted_cents'),
  oneOf('error_type', V.errorTypes),
  text('outcome_comment', LONG),
  text('verified_by', NAME),
  stamp('verified_at'),
  ...STAMPS,
  SYNC_VV,
  'CHECK (amount_incl_cents >= amount_excl_cents)',
  // What each kind must hold, and its declared amount computed, never typed.
  `CHECK (kind <> 'actual' OR (amount_excl_cents IS NOT NULL AND amount_incl_cents IS NOT NULL AND expense_date IS NOT NULL
     AND declared_cents = CASE vat_eligible WHEN 1 THEN amount_incl_cents ELSE amount_excl_cents END))`,
  `CHECK (kind <> 'staff' OR (person_name IS NOT NULL AND hours_hundredths IS NOT NULL AND hourly_rate_cents IS NOT NULL
     AND declared_cents = (hours_hundredths * hourly_rate_cents) / 100))`,
  // Art. 55(2): where the annual gross employment costs are given, the hourly rate is them / 1 720.
  `CHECK (annual_gross_cents IS NULL OR (kind = 'staff' AND hourly_rate_cents = annual_gross_cents / 1720))`,
  `CHECK (kind <> 'unit' OR units IS NOT NULL)`,
  `CHECK ((outcome IS NULL) = (accepted_cents IS NULL))`,
  `CHECK ((outcome IS NULL) = (verified_at IS NULL))`,
  'CHECK ((verified_by IS NULL) = (verified_at IS NULL))',
  'CHECK (accepted_cents <= declared_cents)',
  `CHECK (outcome IS NOT 'accepted' OR accepted_cents = declared_cents)`,
  `CHECK (outcome IS NOT 'rejected' OR accepted_cents = 0)`,
  `CHECK (outcome IS NOT 'reduced' OR (accepted_cents > 0 AND accepted_cents < declared_cents))`,
  // Any difference has its error type; no difference has none.
  `CHECK ((error_type IS NOT NULL) = (outcome IN ('reduced', 'rejected')))`,
]

const QUESTIONS = [
  ref('id', { extra: 'PRIMARY KEY' }),
  int('sort_order', 0, COUNT_MAX, NOT_NULL),
  filled('text_fr', LABEL, NOT_NULL),
  filled('text_nl', LABEL, NOT_NULL),
  filled('text_en', LABEL, NOT_NULL),
  text('legal_basis', NAME),
  flag('active', { notNull: true, default: '1' }),
  ...STAMPS,
  SYNC_VV,
]

const CHECKS = [
  ref('id', { extra: 'PRIMARY KEY' }),
  ref('claim_id', { notNull: true, extra: 'REFERENCES claims(id) ON DELETE CASCADE' }),
  ref('question_id', { notNull: true, extra: 'REFERENCES checklist_questions(id) ON DELETE RESTRICT' }),
  oneOf('answer', V.checkAnswers, NOT_NULL),
  text('comment', LONG),
  ...STAMPS,
  SYNC_VV,
  `CHECK (id = claim_id || ':' || question_id)`,
]

const MAPPINGS = [
  ref('id', { extra: 'PRIMARY KEY' }),
  ref('organisation_id', { notNull: true, extra: 'REFERENCES organisations(id) ON DELETE CASCADE' }),
  json('mapping_json', 100_000, { notNull: true, shape: 'object' }),
  ...STAMPS,
  SYNC_VV,
  // One mapping per partner: its id is the partner's, so that two files meet on the same record.
  'CHECK (id = organisation_id)',
]

const VISITS = [
  ref('id', { extra: 'PRIMARY KEY' }),
  ref('project_id', { notNull: true, extra: 'REFERENCES projects(id) ON DELETE CASCADE' }),
  day('visit_date', NOT_NULL),
  filled('place', NAME, NOT_NULL),
  filled('officers', NAME, NOT_NULL),
  text('scope', LONG),
  oneOf('status', V.visitStatuses, NOT_NULL),
  text('conclusion', LONG),
  ...STAMPS,
  SYNC_VV,
]

const FINDINGS = [
  ref('id', { extra: 'PRIMARY KEY' }),
  ref('visit_id', { notNull: true, extra: 'REFERENCES visits(id) ON DELETE CASCADE' }),
  oneOf('severity', V.findingSeverities, NOT_NULL),
  filled('description', LONG, NOT_NULL),
  ...STAMPS,
  SYNC_VV,
]

const RECOMMENDATIONS = [
  ref('id', { extra: 'PRIMARY KEY' }),
  ref('visit_id', { notNull: true, extra: 'REFERENCES visits(id) ON DELETE CASCADE' }),
  ref('finding_id', { extra: 'REFERENCES visit_findings(id) ON DELETE SET NULL' }),
  filled('recommendation', LONG, NOT_NULL),
  day('due_date', NOT_NULL),
  oneOf('status', V.recommendationStatuses, NOT_NULL),
  day('status_on'),
  text('status_reason', LONG),
  text('follow_up', LONG),
  ...STAMPS,
  SYNC_VV,
  `CHECK (status <> 'dropped' OR coalesce(length(trim(status_reason)), 0) > 0)`,
  `CHECK ((status = 'open') = (status_on IS NULL))`,
]

/** The administrative verification checklist as first delivered (CPR Art. 74(1)(a)); officers may edit it. */
export const CHECKLIST_SEED: readonly { id: string; fr: string; nl: string; en: string; basis: string }[] = [
  {
    id: 'eligibility_period',
    fr: 'Les dépenses ont été engagées et payées pendant la période d’éligibilité du projet.',
    nl: 'De uitgaven zijn gedaan en betaald binnen de subsidiabiliteitsperiode van het project.',
    en: 'The expenditure was incurred and paid within the project’s eligibility period.',
    basis: 'CPR Art. 63(2)',
  },
  {
    id: 'supporting_documents',
    fr: 'Chaque dépense est justifiée par une facture ou une pièce de valeur probante équivalente.',
    nl: 'Elke uitgave wordt gestaafd door een factuur of een stuk met gelijkwaardige bewijskracht.',
    en: 'Each expense is supported by an invoice or a document of equivalent probative value.',
    basis: 'CPR Art. 74(1)(a)',
  },
  {
    id: 'proof_of_payment',
    fr: 'La preuve du paiement de chaque dépense est fournie.',
    nl: 'Het betalingsbewijs van elke uitgave is voorgelegd.',
    en: 'Proof of payment of each expense is provided.',
    basis: 'CPR Art. 74(1)(a)',
  },
  {
    id: 'separate_accounting',
    fr: 'Le bénéficiaire tient une comptabilité séparée ou un code comptable adéquat pour le projet.',
    nl: 'De begunstigde voert een aparte boekhouding of een passende boekhoudcode voor het project.',
    en: 'The beneficiary keeps a separate accounting system or an adequate accounting code for the project.',
    basis: 'CPR Art. 74(1)(a)(i)',
  },
  {
    id: 'public_procurement',
    fr: 'Les règles des marchés publics ont été respectées pour les achats concernés.',
    nl: 'De regels voor overheidsopdrachten zijn nageleefd voor de betrokken aankopen.',
    en: 'Public procurement rules were complied with for the purchases concerned.',
    basis: 'Directive 2014/24/EU',
  },
  {
    id: 'double_funding',
    fr: 'Aucune dépense n’est financée par un autre fonds ou instrument de l’Union ou par une autre source pour le même coût.',
    nl: 'Geen uitgave wordt voor dezelfde kosten gefinancierd door een ander fonds of instrument van de Unie of een andere bron.',
    en: 'No expense is financed for the same cost by another Union fund or instrument or another source.',
    basis: 'CPR Art. 63(9)',
  },
  {
    id: 'visibility',
    fr: 'Les obligations de visibilité du soutien de l’Union sont respectées (emblème, mention, site web).',
    nl: 'De verplichtingen inzake zichtbaarheid van de steun van de Unie zijn nageleefd (embleem, vermelding, website).',
    en: 'The obligations on the visibility of Union support are met (emblem, statement, website).',
    basis: 'CPR Art. 50',
  },
  {
    id: 'indicators_reported',
    fr: 'Les valeurs des indicateurs de réalisation et de résultat sont rapportées et étayées.',
    nl: 'De waarden van de output- en resultaatindicatoren zijn gerapporteerd en onderbouwd.',
    en: 'The values of the output and result indicators are reported and substantiated.',
    basis: 'Regulation (EU) 2021/1147, Annex VIII',
  },
]

const table = (name: string, body: string[]) => `CREATE TABLE ${name} (\n  ${body.join(',\n  ')}\n) STRICT`
const SYNCED = [
  'claims',
  'claim_suspensions',
  'claim_lines',
  'checklist_questions',
  'claim_checks',
  'expenditure_mappings',
  'visits',
  'visit_findings',
  'visit_recommendations',
]

export const migration012: Migration = {
  version: 12,
  name: 'claims',
  up(db) {
    db.exec(table('claims', CLAIMS))
    db.exec(table('claim_suspensions', SUSPENSIONS))
    db.exec(table('claim_lines', LINES))
    db.exec(table('checklist_questions', QUESTIONS))
    db.exec(table('claim_checks', CHECKS))
    db.exec(table('expenditure_mappings', MAPPINGS))
    db.exec(table('visits', VISITS))
    db.exec(table('visit_findings', FINDINGS))
    db.exec(table('visit_recommendations', RECOMMENDATIONS))
    db.exec(`ALTER TABLE payments ADD COLUMN claim_id TEXT REFERENCES claims(id) ON DELETE SET NULL`)
    db.exec(`
      CREATE INDEX claims_project ON claims(project_id, submitted_on);
      CREATE INDEX claims_status ON claims(status, submitted_on);
      CREATE INDEX claim_suspensions_claim ON claim_suspensions(claim_id, stopped_on);
      CREATE INDEX claim_lines_claim ON claim_lines(claim_id, line_no);
      CREATE INDEX claim_lines_budget_line ON claim_lines(budget_line_id);
      CREATE INDEX claim_lines_reference ON claim_lines(reference) WHERE reference IS NOT NULL;
      CREATE INDEX claim_checks_claim ON claim_checks(claim_id);
      CREATE INDEX claim_checks_question ON claim_checks(question_id);
      CREATE INDEX expenditure_mappings_organisation ON expenditure_mappings(organisation_id);
      CREATE INDEX visits_project ON visits(project_id, visit_date);
      CREATE INDEX visit_findings_visit ON visit_findings(visit_id);
      CREATE INDEX visit_recommendations_visit ON visit_recommendations(visit_id);
      CREATE INDEX visit_recommendations_finding ON visit_recommendations(finding_id);
      CREATE INDEX visit_recommendations_open ON visit_recommendations(due_date) WHERE status = 'open';
      CREATE INDEX payments_claim ON payments(claim_id);
    `)
    const at = '2026-12-03T00:00:00.000Z'
    const insert = db.prepare(
      `INSERT INTO checklist_questions (id, sort_order, text_fr, text_nl, text_en, legal_basis, active, created_at, updated_at, updated_by)
       VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, 'AMIF Desk')`,
    )
    CHECKLIST_SEED.forEach((q, i) => insert.run(q.id, (i + 1) * 10, q.fr, q.nl, q.en, q.basis, at, at))
    for (const name of SYNCED) {
      db.exec(syncTriggersSql(name))
      db.exec(insertSyncSql(name))
    }
  },
}
