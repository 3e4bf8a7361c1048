/**
 * Compile-time checks that the messages cover every code and closed list the API can return:
 * a new error code or vocabulary entry without a French label fails `vue-tsc` (nl and en follow,
 * being typed as `Messages`).
 */
import type { ErrorCode } from '../../../database/domain/errors'
import type {
  BudgetCategory,
  CostModel,
  FlatRateKind,
  IndicatorType,
  MilestoneStatus,
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
} from '../../../database/domain/vocabulary'
import type { RagReasonCode } from '../../../database/domain/rag'
import type { MoneyCheckCode } from '../../../database/money-checks'
import type { AuditAction } from '../../../database/audit'
import type { Messages } from './fr'

type Covers<Keys extends string, Table> = Exclude<Keys, keyof Table> extends never ? true : { missing: Exclude<Keys, keyof Table> }

export const coverage: [
  Covers<ErrorCode, Messages['errors']>,
  Covers<OrganisationKind, Messages['kinds']>,
  Covers<Strand, Messages['strands']>,
  Covers<Strand, Messages['partners']['strandShort']>,
  Covers<PartnerRole, Messages['roles']>,
  Covers<PartnershipStatus, Messages['statuses']>,
  Covers<AuditAction, Messages['history']['actions']>,
  Covers<ProjectStatus, Messages['vocab']['projectStatuses']>,
  Covers<BudgetCategory, Messages['vocab']['budgetCategories']>,
  Covers<CostModel, Messages['vocab']['costModels']>,
  Covers<RateGround, Messages['vocab']['rateGrounds']>,
  Covers<PaymentKind, Messages['vocab']['paymentKinds']>,
  Covers<PaymentStatus, Messages['vocab']['paymentStatuses']>,
  Covers<ProjectPartnerRole, Messages['vocab']['projectPartnerRoles']>,
  Covers<MilestoneStatus, Messages['vocab']['milestoneStatuses']>,
  Covers<IndicatorType, Messages['vocab']['indicatorTypes']>,
  Covers<RagStatus, Messages['vocab']['rag']>,
  Covers<RagReasonCode, Messages['vocab']['ragReasons']>,
  Covers<FlatRateKind, Messages['vocab']['flatRates']>,
  Covers<MoneyCheckCode, Messages['money']['checks']>,
] = [true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true]
