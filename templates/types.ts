/**
 * What the document builders lay out. A handler gathers it from the file (templates never query
 * the database). Amounts are integer cents, rates basis points (7500 = 75 %), dates ISO
 * `YYYY-MM-DD`, instants ISO UTC. Closed vocabularies travel as codes (the builders translate
 * them); reference data (objectives, indicators, target groups...) arrives already in the
 * document's language.
 */
import type { FlatRateAmount } from '../database/domain/money'
import type {
  BudgetCategory,
  CostModel,
  MilestoneStatus,
  ObjectiveCode,
  OrganisationKind,
  PaymentKind,
  PaymentStatus,
  ProjectPartnerRole,
  ProjectStatus,
  RagStatus,
  RateGround,
  Strand,
} from '../database/domain/vocabulary'
import type { RagReason } from '../database/domain/rag'
import type { ClaimClock, ClaimResult } from '../database/domain/claims'
import type { VerifiedExpenditure } from '../database/verified-expenditure'
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
} from '../database/domain/vocabulary'
import type { PersonBreakdown } from '../database/domain/schemas/breakdown'
import type { DacCriterion, DocumentKind } from '../database/domain/vocabulary'

// The document languages and DAC criteria live in the domain; re-exported here for the templates.
export { DOC_LANGUAGES, type DocLanguage } from '../database/domain/languages'

export { DOCUMENT_KINDS, type DocumentKind } from '../database/domain/vocabulary'

/** Who produced a document, when, and where it stands: the running header and the footer. */
export interface DocumentStamp {
  kind: DocumentKind
  /** e.g. `AMIF-2025-RE-01/CONV/v2` (agreements) or `AMIF-2025-RE-01/EVAL/v1` (reports). */
  reference: string
  version: number
  /** A draft carries a DRAFT watermark on every page; a final version does not. */
  status: 'draft' | 'final'
  /** When it was produced (ISO UTC); also the PDF's creation date, so the bytes are reproducible. */
  producedAt: string
  producedBy: string
}

/** An organisation as a party to a document. */
export interface DocumentParty {
  name: string
  acronym: string | null
  kind: OrganisationKind | null
  /** Belgian enterprise number as ten digits (`0123456749`), or null. */
  enterpriseNumber: string | null
  foreignRegistration: string | null
  vatNumber: string | null
  street: string | null
  postcode: string | null
  city: string | null
  /** ISO 3166 alpha-2 (`BE`). */
  country: string
  iban: string | null
  bic: string | null
}

export interface Signatory {
  name: string
  /** Job title, in the document's language where the file has it. */
  title: string | null
}

/** The file's own organisation (set in the file's settings), in the document's language. */
export interface Grantor extends DocumentParty {
  signatory: Signatory
  /** Where agreements are signed (« Fait à Bruxelles »), or null. */
  signaturePlace: string | null
  /** The national programme, e.g. « Programme national AMIF 2021-2027 de la Belgique (CCI 2021BE65AMPR001) ». */
  programmeReference: string | null
  /** The national act the grant rests on (royal decree, decision), or null. */
  nationalBasis: string | null
}

/**
 * A specific objective with its official wording in the document's language; null when the file
 * lacks it or holds only part of it (a document never quotes another language's wording).
 */
export interface ObjectiveText {
  code: ObjectiveCode
  short: string
  wording: string | null
}

export interface BudgetLineData {
  category: BudgetCategory
  costModel: CostModel
  description: string
  units: number | null
  unitCostCents: number | null
  cents: number
}

export interface BudgetData {
  lines: BudgetLineData[]
  /** Per category: the amount and its EU and own shares (EU rounded down, own takes the rest). */
  byCategory: { category: BudgetCategory; cents: number; euCents: number; ownCents: number }[]
  directCents: number
  indirectCents: number
  eligibleCents: number
  euRateBp: number
  euCents: number
  ownCents: number
  rateGround: RateGround | null
  rateJustification: string | null
  /** Direct staff costs (staff lines and the 55(1) flat rate). */
  staffCents: number
  /** Remaining costs covered by the 56(1) flat rate. */
  remainingCents: number
  /** Each flat rate with its rate and base (Articles 54-56 CPR), earlier flat-rate lines included. */
  flatRates: FlatRateAmount[]
  /** The justification of a 54(c) rate, and why the project uses no simplified cost (53(2)). */
  indirectJustification: string | null
  scoExemption: string | null
}

export interface PaymentData {
  kind: PaymentKind
  plannedDate: string
  /** Planned amount (computed from the rate when planned as a percentage). */
  amountCents: number
  /** Percentage of the EU contribution when planned so, else null. */
  rateBp: number | null
  status: PaymentStatus
  paidDate: string | null
  paidCents: number | null
}

export interface IndicatorData {
  code: string
  label: string
  type: 'output' | 'result'
  unit: string
  baseline: number
  target: number
  /** Latest cumulative measurement, null before the first. */
  achieved: number | null
  /** achieved / target × 100, one decimal, null when not measured or no target. */
  achievementPct: number | null
  /** Counts persons: reported by age and gender (Annex VIII). */
  aboutPersons: boolean
  /** The latest measurement's age and gender breakdown, null when not recorded. */
  breakdown: PersonBreakdown | null
}

/** An indicator about persons across the programme report's projects, with its breakdown. */
export interface PersonIndicatorFigures {
  objectiveCode: ObjectiveCode
  code: string
  label: string
  type: 'output' | 'result'
  /** Projects with a measurement. */
  projects: number
  /** Sum of the projects' latest cumulative values. */
  value: number
  /** Sum of the recorded breakdowns, null when none is recorded. */
  breakdown: PersonBreakdown | null
  /** The part of `value` without breakdown. */
  notRecorded: number
}

export interface MilestoneData {
  title: string
  description: string | null
  dueDate: string
  status: MilestoneStatus
  doneDate: string | null
  /** Not done or cancelled and its due date has passed (on the day the document is produced). */
  late: boolean
  daysLate: number
  responsible: string | null
  indicatorCode: string | null
}

export interface ReportingObligation {
  kind: 'progress' | 'final'
  /** The period the report covers. */
  periodStart: string
  periodEnd: string
  dueDate: string
}

export interface PartnerData {
  name: string
  acronym: string | null
  role: ProjectPartnerRole
  budgetShareCents: number
}

/** A project as both documents describe it. */
export interface ProjectData {
  code: string
  title: string
  description: string | null
  objective: ObjectiveText
  strand: Strand
  strandObjective: { code: string; label: string } | null
  targetGroups: string[]
  call: { reference: string; title: string } | null
  startDate: string
  endDate: string
  status: ProjectStatus
  officerName: string | null
  /** The plaque or poster requirements the agreement sets on grounds of security or public order (CPR Art. 50(1)); null: none. */
  visibilityAdaptation?: string | null
}

/** An agreement clause (article) as the file holds it: the default text, or the officer's edit. */
export interface ClauseText {
  key: string
  title: string
  /** Paragraphs separated by blank lines; `{placeholders}` already filled in. */
  body: string
}

export interface AgreementData {
  stamp: DocumentStamp
  grantor: Grantor
  beneficiary: DocumentParty & { signatory: Signatory | null }
  project: ProjectData
  budget: BudgetData
  payments: PaymentData[]
  indicators: IndicatorData[]
  milestones: MilestoneData[]
  reporting: ReportingObligation[]
  partners: PartnerData[]
  /** The articles whose text the officer can edit, in order (see templates/clauses.ts). */
  clauses: ClauseText[]
}

export { DAC_CRITERIA, type DacCriterion } from '../database/domain/vocabulary'

/** Scores 1-4: 4 highly satisfactory, 3 satisfactory, 2 partly unsatisfactory, 1 unsatisfactory. */
export interface EvaluationData {
  evaluatedOn: string | null
  evaluator: string | null
  criteria: { criterion: DacCriterion; score: number | null; comment: string | null }[]
  conclusions: string | null
  recommendations: string | null
}

export interface ReportData {
  stamp: DocumentStamp
  grantor: Grantor
  beneficiary: DocumentParty
  project: ProjectData
  /** The day lateness and elapsed time are measured against. */
  today: string
  elapsedPct: number
  rag: { status: RagStatus; reasons: RagReason[] }
  budget: BudgetData
  /** Paid so far per category is not recorded; execution is by payment. */
  payments: PaymentData[]
  paidCents: number
  indicators: IndicatorData[]
  milestones: MilestoneData[]
  partners: PartnerData[]
  evaluation: EvaluationData
  /** The project's approved claims (absent from reports produced before claims existed). */
  verified?: VerifiedExpenditure
}

/** One row of the programme report's project list. */
export interface ProgrammeProjectRow {
  code: string
  title: string
  beneficiary: string
  objectiveCode: ObjectiveCode
  strand: Strand
  status: ProjectStatus
  rag: RagStatus
  eligibleCents: number
  euCents: number
  paidCents: number
  lateMilestones: number
}

export interface ProgrammeObjectiveFigures {
  objective: ObjectiveText
  projects: number
  eligibleCents: number
  euCents: number
  paidCents: number
  milestones: { total: number; done: number; late: number }
  indicatorAchievementPct: number | null
  rag: Record<RagStatus, number>
}

export interface ProgrammeData {
  stamp: DocumentStamp
  grantor: Grantor
  today: string
  /** What the report was asked for; null where not filtered. */
  filters: { from: string | null; to: string | null; strand: Strand | null; call: { reference: string; title: string } | null; objective: ObjectiveCode | null }
  objectives: ProgrammeObjectiveFigures[]
  totals: Omit<ProgrammeObjectiveFigures, 'objective' | 'indicatorAchievementPct'>
  projects: ProgrammeProjectRow[]
  /** Indicators about persons measured in these projects, with their age and gender breakdown. */
  personIndicators: PersonIndicatorFigures[]
}

/** Something the colleague taking over must know about, listed by the app itself. */
export interface OpenItem {
  kind: 'milestone_late' | 'milestone_due' | 'payment_due' | 'claim_verification' | 'agreement_unsigned' | 'report_due' | 'conflict_unresolved'
  projectCode: string | null
  projectTitle: string | null
  /** What it is, in the file's words (milestone title, payment kind...). */
  label: string
  date: string | null
  amountCents: number | null
}

export interface HandoverData {
  stamp: DocumentStamp
  grantor: Grantor | null
  fromOfficer: string
  toName: string
  note: string
  /** The snapshot's file name and id, so the summary names the file it goes with. */
  fileName: string
  fileId: string
  counts: { partners: number; projects: number; milestones: number; documents: number }
  openItems: OpenItem[]
}

/** A project's approved claims summed, in the evaluation report (database/verified-expenditure.ts). */
export type { VerifiedExpenditure }

/** A project and its beneficiary as the verification and visit reports name them. */
export interface VerificationProject {
  code: string
  title: string
  beneficiary: DocumentParty
  euRateBp: number
}

/** One question of the checklist in the document's language, with the claim's answer. */
export interface ChecklistAnswerData {
  question: string
  legalBasis: string | null
  /** Null while the question is not answered. */
  answer: CheckAnswer | null
  comment: string | null
}

/** A declared line and the verification's outcome. */
export interface ClaimLineData {
  lineNo: number
  kind: ClaimLineKind
  /** The budget line it is declared against, and its category. */
  budgetLine: string
  category: BudgetCategory
  expenseDate: string | null
  supplier: string | null
  reference: string | null
  description: string | null
  personName: string | null
  hoursHundredths: number | null
  hourlyRateCents: number | null
  units: number | null
  declaredCents: number
  inSample: boolean
  outcome: LineOutcome | null
  acceptedCents: number | null
  errorType: ErrorType | null
  comment: string | null
}

/** The verification report of a payment claim. */
export interface VerificationReportData {
  stamp: DocumentStamp
  grantor: Grantor
  project: VerificationProject
  /** The day the clock is read on. */
  today: string
  claim: {
    kind: ClaimKind
    reference: string | null
    periodStart: string
    periodEnd: string
    submittedOn: string
    status: ClaimStatus
    note: string | null
    clock: ClaimClock
    suspensions: { stoppedOn: string; resumedOn: string | null; reason: string }[]
  }
  checklist: ChecklistAnswerData[]
  sampling: {
    method: SamplingMethod | null
    thresholdCents: number | null
    size: number | null
    seed: string | null
    sampledAt: string | null
    sampledBy: string | null
  }
  lines: ClaimLineData[]
  result: ClaimResult
  officers: {
    preparedBy: string | null
    preparedAt: string | null
    approvedBy: string | null
    approvedAt: string | null
    /** Why the officer who prepared it approved it too; null when two officers did. */
    selfApprovalReason: string | null
  }
}

/** The report of an on-the-spot verification (a visit). */
export interface VisitReportData {
  stamp: DocumentStamp
  grantor: Grantor
  project: VerificationProject
  today: string
  visit: { date: string; place: string; officers: string; scope: string | null; status: VisitStatus; conclusion: string | null }
  /** Most severe first; `number` is how recommendations refer to them (1, 2...). */
  findings: { number: number; severity: FindingSeverity; description: string }[]
  recommendations: {
    recommendation: string
    /** The finding it answers, by its number. */
    finding: number | null
    dueDate: string
    status: RecommendationStatus
    statusOn: string | null
    statusReason: string | null
    followUp: string | null
  }[]
}

/** The late report a reminder letter is about: which one, the period it covers, when it was due. */
export interface ReminderReport extends ReportingObligation {
  /** The progress report's number (from 1); null for the final report. */
  number: number | null
}

/**
 * A reminder letter about a late milestone or a late report (exactly one of `milestone` and
 * `report`), to one contact of the beneficiary (issue 14 §7).
 */
export interface ReminderLetterData {
  stamp: DocumentStamp
  grantor: Grantor
  project: { code: string; title: string }
  /** The beneficiary as the letter's language names it. */
  beneficiary: DocumentParty
  contact: { name: string; jobTitle: string | null }
  milestone?: { title: string; description: string | null; dueDate: string }
  report?: ReminderReport
  today: string
  daysLate: number
  /** The day by which the beneficiary is asked to reply. */
  replyBy: string
}
