/** Closed lists the registry uses; labels live in the renderer's messages under the same keys. */

export const ORGANISATION_KINDS = [
  'international_organisation',
  'ngo',
  'public_authority',
  'local_reception_initiative',
  'training_operator',
  'other',
] as const
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number]

/** Fedasil's and the Agence FSE's AMIF strands. */
export const STRANDS = ['reception', 'resettlement', 'voluntary_return', 'integration'] as const
export type Strand = (typeof STRANDS)[number]

export const PARTNER_ROLES = ['beneficiary', 'co_beneficiary', 'implementing_partner', 'reintegration_partner'] as const
export type PartnerRole = (typeof PARTNER_ROLES)[number]

export const PARTNERSHIP_STATUSES = ['prospective', 'active', 'suspended', 'ended'] as const
export type PartnershipStatus = (typeof PARTNERSHIP_STATUSES)[number]

/** Languages a contact may prefer for correspondence and documents. */
export const CONTACT_LANGUAGES = ['fr', 'nl', 'en', 'de'] as const
export type ContactLanguage = (typeof CONTACT_LANGUAGES)[number]

/** Working languages offered for organisations (ISO 639-1); names come from Intl.DisplayNames. */
export const WORKING_LANGUAGES = [
  'fr', 'nl', 'en', 'de', 'ar', 'fa', 'ps', 'ti', 'so', 'es', 'pt', 'ru', 'uk', 'tr', 'ku', 'am', 'sw', 'ln', 'sq',
] as const
