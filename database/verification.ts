import { createHash, randomBytes } from 'node:crypto'
import { sql, type Kysely, type Selectable } from 'kysely'
import type { Officer } from './audit'
import { writeAudit } from './audit'
import { claimClockOf, claimResultOf } from './claim-result'
import { aboveThreshold, type ClaimClock, type ClaimResult } from './domain/claims'
import { nowTimestamp } from './domain/dates'
import { AppError, type FieldIssue } from './domain/errors'
import type { DocLanguage } from './domain/languages'
import type { CheckAnswerValues, LineOutcomeValues, QuestionValues, SamplingValues } from './domain/schemas/verification'
import type {
  BudgetCategory,
  CheckAnswer,
  ClaimKind,
  ClaimLineKind,
  ClaimStatus,
  ErrorType,
  LineOutcome,
  PaymentStatus,
  SamplingMethod,
} from './domain/vocabulary'
import { writePayment } from './projects'
import { deleteRecord, insertRecord, recordRow, updateRecord, type RecordChanges, type RecordTarget } from './records'
import type { ClaimTable, DB } from './schema'
import type { WritableDb, WriteTrx } from './writable'

/**
 * The administrative verification of a payment claim (CPR Art. 74(1)(a), issue 15): the checklist
 * answered, the lines to check chosen (all, or those above a threshold plus a sample drawn with a
 * recorded seed), each checked line's outcome, the extrapolation of the sample's error applied or
 * not, then prepared by one officer and approved by another (four eyes; one's own approval needs a
 * stated reason). Approval makes the claim `verified` and creates its payment in the same
 * transaction. The money is claim-result.ts's `claimResultOf`, never computed here.
 *
 * Rules an officer would expect, decided here:
 * - the verification changes while the claim is received, under verification or returned for
 *   information; a change to a `received` claim moves it to `under_verification` (the officer
 *   started); a change after preparation withdraws the preparation (what was prepared is no longer
 *   what is approved);
 * - a sample is not drawn again once a line of it has an outcome: clear the outcomes first;
 * - approval takes over the project's next scheduled payment of the same kind (interim, or
 *   balance for a final claim) that is not paid nor linked to a claim, else creates one; nothing
 *   when the amount payable is 0;
 * - an approval can be undone while its payment is not paid (with a reason, in the history): the
 *   payment it created goes, a scheduled one it took over is put back as planned.
 */

/** The statuses in which a claim's verification can change. */
const OPEN_STATUSES: readonly ClaimStatus[] = ['received', 'under_verification', 'returned']

const CLAIM = (projectId: string): RecordTarget<'claims'> => ({ table: 'claims', entity: 'claim', parentId: projectId })
const LINE = (projectId: string): RecordTarget<'claim_lines'> => ({ table: 'claim_lines', entity: 'claim_line', parentId: projectId })
const CHECK = (projectId: string): RecordTarget<'claim_checks'> => ({ table: 'claim_checks', entity: 'claim_check', parentId: projectId })
const QUESTION: RecordTarget<'checklist_questions'> = { table: 'checklist_questions', entity: 'checklist_question', parentId: null }

type ClaimRow = Selectable<ClaimTable>

// ---------------------------------------------------------------------------------------------
// Sampling.

/**
 * A generator of whole numbers fixed by its key, written out here rather than taken from a library
 * whose algorithm could change between versions (a sample must be drawn identically years later,
 * on any machine): the k-th 32-bit number (k = 0, 1, 2...) is the first four bytes, big-endian, of
 * SHA-256(key + ":" + k). `below(n)` takes numbers until one falls under the largest multiple of n
 * that fits in 32 bits, so that every value 0..n-1 is equally likely (no modulo bias).
 */
export function seededIntegers(key: string): { below(n: number): number } {
  let k = 0
  const next = (): number => createHash('sha256').update(`${key}:${k++}`).digest().readUInt32BE(0)
  return {
    below(n: number): number {
      const limit = Math.floor(0x1_0000_0000 / n) * n
      for (;;) {
        const x = next()
        if (x < limit) return x % n
      }
    },
  }
}

/** A line as the sample draws it. */
export interface SamplingLine {
  id: string
  lineNo: number
  declaredCents: number
}

/**
 * The lines of a threshold-and-random sample: every line declared at or above the threshold, plus
 * `size` lines drawn among the others. The draw: the others ordered by line number, the first
 * `size` steps of a Fisher-Yates shuffle (Durstenfeld, from the front: position i swaps with
 * i + below(n - i)) with `seededIntegers(SHA-256 hex of seed + ":" + claim id)`; the first `size`
 * positions are the sample. Same seed, claim, threshold, size and lines: the same sample.
 */
export function sampleLines(lines: readonly SamplingLine[], rule: { claimId: string; seed: string; thresholdCents: number; size: number }): Set<string> {
  const ordered = [...lines].sort((a, b) => a.lineNo - b.lineNo || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  const chosen = new Set(ordered.filter((l) => aboveThreshold(l.declaredCents, rule.thresholdCents)).map((l) => l.id))
  const rest = ordered.filter((l) => !chosen.has(l.id)).map((l) => l.id)
  const take = Math.min(rule.size, rest.length)
  const rng = seededIntegers(createHash('sha256').update(`${rule.seed}:${rule.claimId}`).digest('hex'))
  for (let i = 0; i < take; i++) {
    const j = i + rng.below(rest.length - i)
    ;[rest[i], rest[j]] = [rest[j], rest[i]]
    chosen.add(rest[i])
  }
  return chosen
}

/** A new seed: 16 hexadecimal characters from the system's cryptographic generator. */
export function newSeed(): string {
  return randomBytes(8).toString('hex')
}

// ---------------------------------------------------------------------------------------------
// Reading.

/** A checklist question with this claim's answer. */
export interface ChecklistItem {
  questionId: string
  text: string
  legalBasis: string | null
  active: boolean
  answer: CheckAnswer | null
  comment: string | null
  answeredBy: string | null
  answeredAt: string | null
}

/** A declared line as the verification shows it. */
export interface VerificationLine {
  id: string
  lineNo: number
  kind: ClaimLineKind
  budgetLineId: string
  budgetLineDescription: string
  category: BudgetCategory
  expenseDate: string | null
  supplier: string | null
  reference: string | null
  description: string | null
  personName: string | null
  declaredCents: number
  inSample: boolean
  /** Checked whatever the draw: at or above the sampling threshold. */
  aboveThreshold: boolean
  /** To be checked: in the sample, or every line when all are checked. */
  toCheck: boolean
  outcome: LineOutcome | null
  acceptedCents: number | null
  errorType: ErrorType | null
  comment: string | null
  verifiedBy: string | null
  verifiedAt: string | null
  updatedAt: string
}

/** A claim's verification: the claim, its checklist, its lines, its result and clock. */
export interface Verification {
  claim: {
    id: string
    projectId: string
    projectCode: string
    projectTitle: string
    kind: ClaimKind
    reference: string | null
    periodStart: string
    periodEnd: string
    submittedOn: string
    status: ClaimStatus
    samplingMethod: SamplingMethod | null
    sampleThresholdCents: number | null
    sampleSize: number | null
    sampleSeed: string | null
    sampledAt: string | null
    sampledBy: string | null
    applyExtrapolation: boolean
    preparedBy: string | null
    preparedAt: string | null
    approvedBy: string | null
    approvedAt: string | null
    selfApprovalReason: string | null
    updatedAt: string
  }
  /** The payment the approval created (or took over), if any. */
  payment: { id: string; kind: string; status: PaymentStatus; plannedDate: string; plannedCents: number | null; paidCents: number | null } | null
  checklist: ChecklistItem[]
  lines: VerificationLine[]
  progress: { lines: number; toCheck: number; checked: number; questions: number; answered: number }
  result: ClaimResult
  clock: ClaimClock
  /** What the current state allows: changes, preparing, approving (by someone), undoing the approval; and whether the officer prepared it (approving asks a reason). */
  can: { edit: boolean; prepare: boolean; approve: boolean; undo: boolean; ownPreparation: boolean }
}

/** Whether a line is to be checked under the claim's sampling decision. */
function lineToCheck(method: SamplingMethod | null, inSample: boolean): boolean {
  return method === 'all' || (method === 'threshold_random' && inSample)
}

/** The checklist of a claim: the active questions in `lang` (and any others it answered), with its answers. */
async function checklistOf(db: Kysely<DB>, claimId: string, lang: DocLanguage): Promise<ChecklistItem[]> {
  const rows = await db
    .selectFrom('checklist_questions as q')
    .leftJoin('claim_checks as c', (j) => j.onRef('c.question_id', '=', 'q.id').on('c.claim_id', '=', claimId))
    .select([
      'q.id',
      'q.text_fr',
      'q.text_nl',
      'q.text_en',
      'q.legal_basis',
      'q.active',
      'c.answer',
      'c.comment',
      'c.updated_by as answered_by',
      'c.updated_at as answered_at',
    ])
    .where((eb) => eb.or([eb('q.active', '=', 1), eb('c.id', 'is not', null)]))
    .orderBy('q.sort_order')
    .orderBy('q.id')
    .execute()
  return rows.map((r) => ({
    questionId: r.id,
    text: lang === 'nl' ? r.text_nl : lang === 'en' ? r.text_en : r.text_fr,
    legalBasis: r.legal_basis,
    active: r.active === 1,
    answer: r.answer,
    comment: r.comment,
    answeredBy: r.answered_by,
    answeredAt: r.answered_at,
  }))
}

async function claimRow(db: Kysely<DB>, claimId: string): Promise<ClaimRow> {
  const c = await db.selectFrom('claims').selectAll().where('id', '=', claimId).executeTakeFirst()
  if (!c) throw new AppError('NOT_FOUND', `No claim ${claimId}`, { entity: 'claims', id: claimId })
  return c
}

/** A claim's verification as the window shows it, in the officer's language, on `today`. */
export async function verificationOf(
  db: Kysely<DB>,
  claimId: string,
  lang: DocLanguage,
  today: string,
  officer: Officer | null,
  /** Only these lines (after an outcome is set, the window needs the one line and the totals, not 5 000 lines again). */
  onlyLines?: readonly string[],
): Promise<Verification> {
  const c = await claimRow(db, claimId)
  const project = await db.selectFrom('projects').select(['code', 'title']).where('id', '=', c.project_id).executeTakeFirstOrThrow()
  const lineRows = await db
    .selectFrom('claim_lines as l')
    .innerJoin('budget_lines as b', 'b.id', 'l.budget_line_id')
    .select([
      'l.id',
      'l.line_no',
      'l.kind',
      'l.budget_line_id',
      'b.description as budget_line_description',
      'b.category',
      'l.expense_date',
      'l.supplier',
      'l.reference',
      'l.description',
      'l.person_name',
      'l.declared_cents',
      'l.in_sample',
      'l.outcome',
      'l.accepted_cents',
      'l.error_type',
      'l.outcome_comment',
      'l.verified_by',
      'l.verified_at',
      'l.updated_at',
    ])
    .where('l.claim_id', '=', claimId)
    .$if(onlyLines !== undefined, (q) => q.where('l.id', 'in', onlyLines!.length > 0 ? [...onlyLines!] : ['']))
    .orderBy('l.line_no')
    .execute()
  const lines: VerificationLine[] = lineRows.map((r) => ({
    id: r.id,
    lineNo: r.line_no,
    kind: r.kind,
    budgetLineId: r.budget_line_id,
    budgetLineDescription: r.budget_line_description,
    category: r.category,
    expenseDate: r.expense_date,
    supplier: r.supplier,
    reference: r.reference,
    description: r.description,
    personName: r.person_name,
    declaredCents: r.declared_cents,
    inSample: r.in_sample === 1,
    aboveThreshold: c.sampling_method === 'threshold_random' && aboveThreshold(r.declared_cents, c.sample_threshold_cents),
    toCheck: lineToCheck(c.sampling_method, r.in_sample === 1),
    outcome: r.outcome,
    acceptedCents: r.accepted_cents,
    errorType: r.error_type,
    comment: r.outcome_comment,
    verifiedBy: r.verified_by,
    verifiedAt: r.verified_at,
    updatedAt: r.updated_at,
  }))
  const checklist = await checklistOf(db, claimId, lang)
  const payment = await db
    .selectFrom('payments')
    .select(['id', 'kind', 'status', 'planned_date', 'planned_cents', 'paid_cents'])
    .where('claim_id', '=', claimId)
    .orderBy('created_at')
    .executeTakeFirst()
  const active = checklist.filter((q) => q.active)
  const counts = await db
    .selectFrom('claim_lines')
    .select([
      sql<number>`count(*)`.as('lines'),
      sql<number>`coalesce(sum(in_sample), 0)`.as('sampled'),
      sql<number>`coalesce(sum(outcome is not null), 0)`.as('checked'),
    ])
    .where('claim_id', '=', claimId)
    .executeTakeFirstOrThrow()
  const progress = {
    lines: Number(counts.lines),
    toCheck: c.sampling_method === 'all' ? Number(counts.lines) : c.sampling_method === null ? 0 : Number(counts.sampled),
    // Outcomes are only set on lines to check (setLineOutcome), so every outcome counts.
    checked: Number(counts.checked),
    questions: active.length,
    answered: active.filter((q) => q.answer !== null).length,
  }
  const open = OPEN_STATUSES.includes(c.status)
  const complete = c.sampling_method !== null && progress.checked === progress.toCheck && progress.answered === progress.questions
  return {
    claim: {
      id: c.id,
      projectId: c.project_id,
      projectCode: project.code,
      projectTitle: project.title,
      kind: c.kind,
      reference: c.reference,
      periodStart: c.period_start,
      periodEnd: c.period_end,
      submittedOn: c.submitted_on,
      status: c.status,
      samplingMethod: c.sampling_method,
      sampleThresholdCents: c.sample_threshold_cents,
      sampleSize: c.sample_size,
      sampleSeed: c.sample_seed,
      sampledAt: c.sampled_at,
      sampledBy: c.sampled_by,
      applyExtrapolation: c.apply_extrapolation === 1,
      preparedBy: c.prepared_by,
      preparedAt: c.prepared_at,
      approvedBy: c.approved_by,
      approvedAt: c.approved_at,
      selfApprovalReason: c.self_approval_reason,
      updatedAt: c.updated_at,
    },
    payment: payment
      ? {
          id: payment.id,
          kind: payment.kind,
          status: payment.status,
          plannedDate: payment.planned_date,
          plannedCents: payment.planned_cents,
          paidCents: payment.paid_cents,
        }
      : null,
    checklist,
    lines,
    progress,
    result: await claimResultOf(db, claimId),
    clock: await claimClockOf(db, claimId, today),
    can: {
      edit: open,
      prepare: c.status !== 'returned' && open && c.prepared_by === null && complete,
      approve: c.status === 'under_verification' && c.prepared_by !== null,
      undo: c.status === 'verified' && (payment === undefined || payment.status !== 'paid'),
      ownPreparation: officer !== null && c.prepared_by === officer.name,
    },
  }
}

// ---------------------------------------------------------------------------------------------
// Changing the verification.

/** The claim, refused with VERIFICATION_CLOSED when its verification can no longer change. */
async function openClaim(trx: WriteTrx, claimId: string): Promise<ClaimRow> {
  const c = await claimRow(trx, claimId)
  if (!OPEN_STATUSES.includes(c.status))
    throw new AppError('VERIFICATION_CLOSED', `Claim ${claimId} is ${c.status}: its verification can no longer change`, { status: c.status })
  return c
}

/**
 * Records a change to a claim's verification on the claim: `changes` plus, when needed, the move
 * from `received` to `under_verification` and the withdrawal of a preparation made before.
 */
async function touchClaim(trx: WriteTrx, officer: Officer, c: ClaimRow, changes: RecordChanges<'claims'> = {}): Promise<void> {
  const all: RecordChanges<'claims'> = { ...changes }
  if (c.status === 'received') all.status = 'under_verification'
  if (c.prepared_by !== null) {
    all.prepared_by = null
    all.prepared_at = null
  }
  if (Object.keys(all).length > 0) await updateRecord(trx, officer, CLAIM(c.project_id), c.id, all)
}

/** Answers one checklist question for a claim (the answer's id is `<claim>:<question>`). */
export async function answerCheck(
  db: WritableDb,
  officer: Officer,
  input: { claimId: string; questionId: string; values: CheckAnswerValues; expectedUpdatedAt?: string },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const c = await openClaim(trx, input.claimId)
    const q = await trx.selectFrom('checklist_questions').select(['id', 'active']).where('id', '=', input.questionId).executeTakeFirst()
    if (!q) throw new AppError('NOT_FOUND', `No checklist question ${input.questionId}`, { entity: 'checklist_questions', id: input.questionId })
    const id = `${c.id}:${q.id}`
    const existing = await trx.selectFrom('claim_checks').select('id').where('id', '=', id).executeTakeFirst()
    const columns = { answer: input.values.answer, comment: input.values.comment }
    if (existing) await updateRecord(trx, officer, CHECK(c.project_id), id, columns, input.expectedUpdatedAt)
    else {
      // A question withdrawn from the checklist keeps its answers but takes no new one.
      if (q.active !== 1) throw new AppError('NOT_FOUND', `Checklist question ${q.id} is no longer used`, { entity: 'checklist_questions', id: q.id })
      await insertRecord(trx, officer, CHECK(c.project_id), { id, claim_id: c.id, question_id: q.id, ...columns })
    }
    await touchClaim(trx, officer, c)
  })
}

/**
 * Decides which lines are checked: all of them, or a threshold-and-random sample drawn with the
 * seed given (a new one when none is). Refused with SAMPLE_HAS_OUTCOMES once a line to check has
 * an outcome: its outcomes must be cleared first, so no checked line leaves the sample unseen.
 * Returns the seed used. Lines are marked in one statement with one history entry on the claim
 * (the rule and the line numbers drawn) rather than one per line.
 */
export async function drawSample(
  db: WritableDb,
  officer: Officer,
  input: { claimId: string; values: SamplingValues; expectedUpdatedAt?: string },
): Promise<string | null> {
  return db.transaction().execute(async (trx) => {
    const c = await openClaim(trx, input.claimId)
    if (input.expectedUpdatedAt !== undefined && c.updated_at !== input.expectedUpdatedAt)
      throw new AppError('STALE', `Claim ${c.id} was changed meanwhile`, { id: c.id, updatedAt: c.updated_at })
    const withOutcome = await trx
      .selectFrom('claim_lines')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('claim_id', '=', c.id)
      .where('outcome', 'is not', null)
      .executeTakeFirstOrThrow()
    if (Number(withOutcome.n) > 0)
      throw new AppError('SAMPLE_HAS_OUTCOMES', `${withOutcome.n} lines of claim ${c.id} already have an outcome`, { lines: Number(withOutcome.n) })
    const v = input.values
    const lines = await trx
      .selectFrom('claim_lines')
      .select(['id', 'line_no as lineNo', 'declared_cents as declaredCents', 'in_sample'])
      .where('claim_id', '=', c.id)
      .execute()
    const random = v.method === 'threshold_random'
    const seed = random ? (v.seed ?? newSeed()) : null
    const chosen = random
      ? sampleLines(lines, { claimId: c.id, seed: seed!, thresholdCents: v.thresholdCents!, size: v.sampleSize! })
      : new Set(lines.map((l) => l.id))
    const at = nowTimestamp()
    const changed = lines.filter((l) => (l.in_sample === 1) !== chosen.has(l.id))
    // In slices: SQLite takes a bounded number of parameters per statement.
    for (const flag of [1, 0]) {
      const ids = changed.filter((l) => chosen.has(l.id) === (flag === 1)).map((l) => l.id)
      for (let i = 0; i < ids.length; i += 500) {
        await trx
          .updateTable('claim_lines')
          .set({ in_sample: flag, updated_at: at, updated_by: officer.name })
          .where('id', 'in', ids.slice(i, i + 500))
          .execute()
      }
    }
    await touchClaim(trx, officer, c, {
      sampling_method: v.method,
      sample_threshold_cents: random ? v.thresholdCents : null,
      sample_size: random ? v.sampleSize : null,
      sample_seed: seed,
      sampled_at: at,
      sampled_by: officer.name,
      apply_extrapolation: random ? c.apply_extrapolation : 0,
    })
    const drawn = lines
      .filter((l) => chosen.has(l.id))
      .map((l) => l.lineNo)
      .sort((a, b) => a - b)
    await writeAudit(
      trx,
      officer,
      {
        entity: 'claim_sample',
        recordId: c.id,
        parentId: c.project_id,
        action: 'update',
        before: { method: c.sampling_method, thresholdCents: c.sample_threshold_cents, size: c.sample_size, seed: c.sample_seed },
        after: {
          method: v.method,
          thresholdCents: random ? v.thresholdCents : null,
          size: random ? v.sampleSize : null,
          seed,
          lineNos: random ? drawn : 'all',
        },
      },
      at,
    )
    return seed
  })
}

/**
 * Records (or clears, with a null outcome) what the verification made of a line: only a line to
 * check (in the sample, or any line when all are checked). A reduced amount lies strictly between
 * 0 and the declared one; accepted is the declared amount, rejected 0. Stamped with the officer.
 */
export async function setLineOutcome(
  db: WritableDb,
  officer: Officer,
  input: { lineId: string; values: LineOutcomeValues; expectedUpdatedAt?: string },
): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const line = await recordRow(trx, 'claim_lines', input.lineId)
    const c = await openClaim(trx, line.claim_id)
    const v = input.values
    if (v.outcome !== null && !lineToCheck(c.sampling_method, line.in_sample === 1))
      throw new AppError('LINE_NOT_IN_SAMPLE', `Line ${line.line_no} is not among the lines to check`, { lineNo: line.line_no })
    let accepted: number | null = null
    if (v.outcome === 'accepted') accepted = line.declared_cents
    else if (v.outcome === 'rejected') accepted = 0
    else if (v.outcome === 'reduced') {
      accepted = v.acceptedCents!
      if (!(accepted > 0 && accepted < line.declared_cents))
        throw new AppError('VALIDATION', `The accepted amount must lie between 0 and ${line.declared_cents} cents`, {
          issues: [{ path: 'values.acceptedCents', message: 'reducedBetween', params: { declaredCents: line.declared_cents } }],
        })
    }
    const stamped = v.outcome !== null
    await updateRecord(
      trx,
      officer,
      LINE(c.project_id),
      line.id,
      {
        outcome: v.outcome,
        accepted_cents: accepted,
        error_type: v.outcome === 'reduced' || v.outcome === 'rejected' ? v.errorType : null,
        outcome_comment: stamped ? v.comment : null,
        verified_by: stamped ? officer.name : null,
        verified_at: stamped ? nowTimestamp() : null,
      },
      input.expectedUpdatedAt,
    )
    await touchClaim(trx, officer, c)
    return c.id
  })
}

/** Applies (or not) the error extrapolated from the random sample as a flat correction; only for a threshold-and-random sample. */
export async function setExtrapolation(db: WritableDb, officer: Officer, input: { claimId: string; apply: boolean }): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const c = await openClaim(trx, input.claimId)
    if (input.apply && c.sampling_method !== 'threshold_random')
      throw new AppError('VALIDATION', 'Only a random sample has an error rate to extrapolate', {
        issues: [{ path: 'apply', message: 'extrapolationNeedsSample' }],
      })
    const apply = input.apply ? 1 : 0
    if (c.apply_extrapolation === apply) return
    await touchClaim(trx, officer, c, { apply_extrapolation: apply })
  })
}

/** What is still missing before a verification can be prepared: lines without outcome, questions unanswered, no sampling decision. */
async function missingOf(trx: Kysely<DB>, c: ClaimRow): Promise<{ noSample: boolean; linesPending: number; questionsPending: number }> {
  const pending = await trx
    .selectFrom('claim_lines')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('claim_id', '=', c.id)
    .where('outcome', 'is', null)
    .$if(c.sampling_method !== 'all', (q) => q.where('in_sample', '=', 1))
    .executeTakeFirstOrThrow()
  const unanswered = await trx
    .selectFrom('checklist_questions as q')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('q.active', '=', 1)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('claim_checks as k').select('k.id').whereRef('k.question_id', '=', 'q.id').where('k.claim_id', '=', c.id))),
    )
    .executeTakeFirstOrThrow()
  return { noSample: c.sampling_method === null, linesPending: Number(pending.n), questionsPending: Number(unanswered.n) }
}

async function checkComplete(trx: Kysely<DB>, c: ClaimRow): Promise<void> {
  const missing = await missingOf(trx, c)
  if (missing.noSample || missing.linesPending > 0 || missing.questionsPending > 0)
    throw new AppError('VERIFICATION_INCOMPLETE', `The verification of claim ${c.id} is not complete`, missing)
}

function checkUnderVerification(c: ClaimRow): void {
  if (c.status !== 'under_verification')
    throw new AppError('CLAIM_NOT_UNDER_VERIFICATION', `Claim ${c.id} is ${c.status}, not under verification`, { status: c.status })
}

/** Marks the verification prepared by the officer: every line to check has an outcome and every active question an answer. */
export async function prepareVerification(db: WritableDb, officer: Officer, input: { claimId: string }): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const c = await claimRow(trx, input.claimId)
    checkUnderVerification(c)
    await checkComplete(trx, c)
    await updateRecord(trx, officer, CLAIM(c.project_id), c.id, { prepared_by: officer.name, prepared_at: nowTimestamp() })
  })
}

/** The id of the payment a claim's approval creates: the same in every copy of the file, so two approvals merged meet on one payment. */
export function claimPaymentId(claimId: string): string {
  const h = createHash('sha256').update(`claim-payment:${claimId}`).digest('hex')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${((parseInt(h[16], 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`
}

/**
 * Approves a prepared verification as the officer: the claim becomes `verified` and, when
 * something is payable, its payment is written in the same transaction (interim, or balance for a
 * final claim; requested on the approval day for the amount payable), within the EU contribution.
 * Approving one's own preparation needs a stated reason, kept on the claim and in its history.
 */
export async function approveVerification(
  db: WritableDb,
  officer: Officer,
  input: { claimId: string; reason: string | null; today: string; expectedUpdatedAt?: string },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const c = await claimRow(trx, input.claimId)
    checkUnderVerification(c)
    if (input.expectedUpdatedAt !== undefined && c.updated_at !== input.expectedUpdatedAt)
      throw new AppError('STALE', `Claim ${c.id} was changed meanwhile`, { id: c.id, updatedAt: c.updated_at })
    if (c.prepared_by === null) throw new AppError('VERIFICATION_NOT_PREPARED', `The verification of claim ${c.id} is not prepared`)
    await checkComplete(trx, c)
    const own = c.prepared_by === officer.name
    const reason = input.reason?.trim() ? input.reason.trim() : null
    if (own && reason === null)
      throw new AppError('SELF_APPROVAL_REASON', `${officer.name} prepared this verification: approving it needs a stated reason`, {
        preparedBy: c.prepared_by,
      })
    const result = await claimResultOf(trx, c.id)
    await updateRecord(trx, officer, CLAIM(c.project_id), c.id, {
      status: 'verified',
      approved_by: officer.name,
      approved_at: nowTimestamp(),
      self_approval_reason: own ? reason : null,
    })
    if (result.payableCents <= 0) return
    const kind = c.kind === 'final' ? 'balance' : 'interim'
    // The schedule's next payment of that kind, not paid and not another claim's, becomes this one.
    const scheduled = await trx
      .selectFrom('payments')
      .select(['id', 'note'])
      .where('project_id', '=', c.project_id)
      .where('kind', '=', kind)
      .where('status', 'in', ['planned', 'requested'])
      .where('claim_id', 'is', null)
      .orderBy('planned_date')
      .orderBy('id')
      .executeTakeFirst()
    const write = writePayment(trx, officer, {
      projectId: c.project_id,
      id: scheduled?.id,
      newId: scheduled ? undefined : claimPaymentId(c.id),
      claimId: c.id,
      values: {
        kind,
        plannedDate: input.today,
        plannedCents: result.payableCents,
        plannedRateBp: null,
        status: 'requested',
        paidDate: null,
        paidCents: null,
        note: scheduled?.note ?? c.reference,
      },
    })
    // The schedule planned to the EU contribution without a payment of that kind: said in the claim's terms.
    await write.catch((err: unknown) => {
      const issue = err instanceof AppError && err.code === 'VALIDATION' ? (err.details as { issues?: FieldIssue[] }).issues?.[0] : undefined
      if (issue?.message !== 'paymentAboveEu') throw err
      throw new AppError('VALIDATION', `The claim's payment would take the schedule above the EU contribution`, {
        issues: [{ path: 'payment', message: 'claimPaymentAboveSchedule', params: issue.params }],
      })
    })
  })
}

/**
 * Undoes an approval whose payment is not paid, with a reason kept in the history: the claim is
 * under verification again (still prepared), the payment the approval created is removed and a
 * scheduled payment it took over is planned again, unlinked.
 */
export async function undoApproval(db: WritableDb, officer: Officer, input: { claimId: string; reason: string }): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const c = await claimRow(trx, input.claimId)
    if (c.status !== 'verified') {
      if (c.status === 'paid') throw new AppError('CLAIM_PAYMENT_PAID', `The payment of claim ${c.id} is paid: its approval stands`)
      throw new AppError('VERIFICATION_NOT_PREPARED', `Claim ${c.id} is not approved`, { status: c.status })
    }
    const payments = await trx.selectFrom('payments').selectAll().where('claim_id', '=', c.id).execute()
    if (payments.some((p) => p.status === 'paid')) throw new AppError('CLAIM_PAYMENT_PAID', `The payment of claim ${c.id} is paid: its approval stands`)
    for (const p of payments) {
      const target: RecordTarget<'payments'> = { table: 'payments', entity: 'payment', parentId: c.project_id }
      if (p.id === claimPaymentId(c.id)) await deleteRecord(trx, officer, target, p.id)
      else await updateRecord(trx, officer, target, p.id, { claim_id: null, status: 'planned' })
    }
    await updateRecord(trx, officer, CLAIM(c.project_id), c.id, {
      status: 'under_verification',
      approved_by: null,
      approved_at: null,
      self_approval_reason: null,
    })
    await writeAudit(trx, officer, {
      entity: 'claim_approval',
      recordId: c.id,
      parentId: c.project_id,
      action: 'delete',
      before: { approvedBy: c.approved_by, approvedAt: c.approved_at },
      after: { reason: input.reason },
    })
  })
}

// ---------------------------------------------------------------------------------------------
// The checklist's questions (reference data).

/** A checklist question as the reference section edits it. */
export interface ChecklistQuestion {
  id: string
  sortOrder: number
  textFr: string
  textNl: string
  textEn: string
  legalBasis: string | null
  active: boolean
  /** Claims that answered it: such a question is deactivated, never deleted. */
  answers: number
  updatedAt: string
}

/** Every checklist question, active or not, in their order. */
export async function listQuestions(db: Kysely<DB>): Promise<ChecklistQuestion[]> {
  const rows = await db
    .selectFrom('checklist_questions as q')
    .selectAll('q')
    .select((eb) =>
      eb
        .selectFrom('claim_checks as k')
        .select(sql<number>`count(*)`.as('n'))
        .whereRef('k.question_id', '=', 'q.id')
        .as('answers'),
    )
    .orderBy('q.sort_order')
    .orderBy('q.id')
    .execute()
  return rows.map((r) => ({
    id: r.id,
    sortOrder: r.sort_order,
    textFr: r.text_fr,
    textNl: r.text_nl,
    textEn: r.text_en,
    legalBasis: r.legal_basis,
    active: r.active === 1,
    answers: Number(r.answers ?? 0),
    updatedAt: r.updated_at,
  }))
}

/** Adds a question (at the end of the checklist) or edits one; returns its id. */
export async function saveQuestion(
  db: WritableDb,
  officer: Officer,
  input: { id?: string; expectedUpdatedAt?: string; values: QuestionValues },
): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const v = input.values
    const columns = { text_fr: v.textFr, text_nl: v.textNl, text_en: v.textEn, legal_basis: v.legalBasis, active: v.active ? 1 : 0 }
    if (input.id) {
      await updateRecord(trx, officer, QUESTION, input.id, columns, input.expectedUpdatedAt)
      return input.id
    }
    const last = await trx
      .selectFrom('checklist_questions')
      .select((eb) => eb.fn.max('sort_order').as('n'))
      .executeTakeFirst()
    return insertRecord(trx, officer, QUESTION, { ...columns, sort_order: Number(last?.n ?? 0) + 10 })
  })
}

/** Deletes a question no claim answered; one that was answered is deactivated instead (QUESTION_ANSWERED). */
export async function deleteQuestion(db: WritableDb, officer: Officer, id: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const used = await trx.selectFrom('claim_checks').select('id').where('question_id', '=', id).executeTakeFirst()
    if (used) throw new AppError('QUESTION_ANSWERED', `Checklist question ${id} was answered: deactivate it instead`, { id })
    await deleteRecord(trx, officer, QUESTION, id)
  })
}
