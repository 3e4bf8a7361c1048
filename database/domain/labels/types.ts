import type { FLAT_RATE_BASE } from '../money'
import type { RagReasonCode } from '../rag'
import type {
  AttachmentKind,
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
  BudgetCategory,
  CostModel,
  DacCriterion,
  FlatRateKind,
  IndicatorType,
  MilestoneStatus,
  NamedUnit,
  OrganisationKind,
  PartnerRole,
  PartnershipStatus,
  PaymentKind,
  PaymentStatus,
  ProjectPartnerRole,
  ProjectStatus,
  RagStatus,
  RateGround,
  Strand,
} from '../vocabulary'

type Labels<K extends string> = Record<K, string>

/**
 * The labels of every closed vocabulary in one language, keyed by the vocabulary's own codes: each
 * language file `satisfies` it, so a missing or misspelt label fails the build. The window's
 * message catalogues and the documents both read them, so a document never names a thing
 * differently from the screen. Texts use vue-i18n syntax (`{name}` is a parameter).
 */
export interface VocabularyLabels {
  kinds: Labels<OrganisationKind>
  strands: Labels<Strand>
  roles: Labels<PartnerRole>
  statuses: Labels<PartnershipStatus>
  vocab: {
    dacCriteria: Labels<DacCriterion>
    /** An evaluation's score, 1 (unsatisfactory) to 4 (highly satisfactory). */
    dacScores: Labels<'1' | '2' | '3' | '4'>
    units: Labels<NamedUnit>
    projectStatuses: Labels<ProjectStatus>
    budgetCategories: Labels<BudgetCategory>
    costModels: Labels<CostModel>
    rateGrounds: Labels<RateGround>
    paymentKinds: Labels<PaymentKind>
    paymentStatuses: Labels<PaymentStatus>
    projectPartnerRoles: Labels<ProjectPartnerRole>
    milestoneStatuses: Labels<MilestoneStatus>
    indicatorTypes: Labels<IndicatorType>
    rag: Labels<RagStatus>
    flatRates: Labels<FlatRateKind>
    flatRateBases: Labels<(typeof FLAT_RATE_BASE)[FlatRateKind]>
    ragReasons: Labels<RagReasonCode>
    attachmentKinds: Labels<AttachmentKind>
    claimKinds: Labels<ClaimKind>
    claimStatuses: Labels<ClaimStatus>
    claimLineKinds: Labels<ClaimLineKind>
    lineOutcomes: Labels<LineOutcome>
    errorTypes: Labels<ErrorType>
    checkAnswers: Labels<CheckAnswer>
    samplingMethods: Labels<SamplingMethod>
    visitStatuses: Labels<VisitStatus>
    findingSeverities: Labels<FindingSeverity>
    recommendationStatuses: Labels<RecommendationStatus>
  }
  /** The money labels the window and the agreement share (the flat-rate table and its notes). */
  money: Labels<'flatRate' | 'rate' | 'base' | 'amount' | 'remaining' | 'indirectJustification' | 'scoExemption'>
}
