/**
 * Compile-time checks that the messages cover every code and closed list the API can return:
 * a new error code or vocabulary entry without a French label fails `vue-tsc` (nl and en follow,
 * being typed as `Messages`).
 */
import type { ErrorCode } from '../../../electron/api/errors'
import type { OrganisationKind, PartnerRole, PartnershipStatus, Strand } from '../../../database/vocabulary'
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
] = [true, true, true, true, true, true, true]
