import { z } from 'zod'
import { enterpriseDigits, isValidBicCode, isValidEnterpriseNumber, isValidIbanNumber, isValidVat, normaliseIban, normaliseVat } from '../identifiers'
import { CONTACT_LANGUAGES, ORGANISATION_KINDS, PARTNER_ROLES, PARTNERSHIP_STATUSES, STRANDS, WORKING_LANGUAGES } from '../vocabulary'
import { isoDate, optionalEmail, optionalText, optionalWebsite, recordId, refinePostcode, requiredText } from './fields'
import { pageParams } from './paging'

/** What an officer enters for an organisation, field by field. */
const organisationFields = z.object({
  name: requiredText(200),
  acronym: optionalText(40),
  kind: z.enum(ORGANISATION_KINDS, { message: 'required' }),
  enterpriseNumber: optionalText(20)
    .refine((v) => v === null || isValidEnterpriseNumber(v), { message: 'enterpriseNumber' })
    .transform((v) => (v === null ? null : enterpriseDigits(v))),
  foreignRegistration: optionalText(60),
  vatNumber: optionalText(20)
    .refine((v) => v === null || isValidVat(v), { message: 'vat' })
    .transform((v) => (v === null ? null : normaliseVat(v))),
  street: optionalText(200),
  postcode: optionalText(12),
  city: optionalText(100),
  country: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2}$/, { message: 'country' })
    .default('BE'),
  website: optionalWebsite(),
  iban: optionalText(42)
    .refine((v) => v === null || isValidIbanNumber(v), { message: 'iban' })
    .transform((v) => (v === null ? null : normaliseIban(v))),
  bic: optionalText(14)
    .refine((v) => v === null || isValidBicCode(v), { message: 'bic' })
    .transform((v) => (v === null ? null : v.replace(/\s/g, '').toUpperCase())),
  workingLanguages: z
    .array(z.enum(WORKING_LANGUAGES, { message: 'language' }))
    .max(20)
    .default([]),
  notes: optionalText(5000),
  /** The name, street and city in a document language where they have a form of their own (Bruxelles / Brussel / Brussels). */
  nameFr: optionalText(200),
  nameNl: optionalText(200),
  nameEn: optionalText(200),
  streetFr: optionalText(200),
  streetNl: optionalText(200),
  streetEn: optionalText(200),
  cityFr: optionalText(100),
  cityNl: optionalText(100),
  cityEn: optionalText(100),
})
/** What an officer enters for an organisation; the form and the handler validate with it. */
export const organisationValues = organisationFields.superRefine(refinePostcode)
export type OrganisationValues = z.output<typeof organisationValues>
export type OrganisationValuesInput = z.input<typeof organisationValues>

export const contactValues = z.object({
  fullName: requiredText(200),
  jobTitle: optionalText(200),
  email: optionalEmail(),
  phone: optionalText(40).refine((v) => v === null || /^\+?[0-9 ()./-]{6,}$/.test(v), { message: 'phone' }),
  preferredLanguage: z.enum(CONTACT_LANGUAGES, { message: 'required' }).default('fr'),
  canSign: z.boolean().default(false),
})
export type ContactValues = z.output<typeof contactValues>

export const partnershipValues = z
  .object({
    strand: z.enum(STRANDS, { message: 'required' }),
    role: z.enum(PARTNER_ROLES, { message: 'required' }),
    startDate: isoDate,
    endDate: isoDate.nullish().transform((v) => v ?? null),
    frameworkReference: optionalText(100),
    status: z.enum(PARTNERSHIP_STATUSES, { message: 'required' }),
    notes: optionalText(5000),
  })
  .refine((p) => p.endDate === null || p.endDate >= p.startDate, { message: 'endBeforeStart', path: ['endDate'] })
export type PartnershipValues = z.output<typeof partnershipValues>

export const PARTNER_SORT_FIELDS = ['name', 'acronym', 'kind', 'enterpriseNumber', 'city', 'updatedAt'] as const

/** The registry list's search, filters and sort; export takes the same, so it writes the visible rows. */
export const partnerQuery = z.object({
  search: z.string().trim().max(200).default(''),
  kinds: z.array(z.enum(ORGANISATION_KINDS)).default([]),
  strands: z.array(z.enum(STRANDS)).default([]),
  archived: z.enum(['active', 'archived', 'all']).default('active'),
  sort: z
    .object({
      field: z.enum(PARTNER_SORT_FIELDS),
      direction: z.enum(['asc', 'desc']),
    })
    .default({ field: 'name', direction: 'asc' }),
})
export type PartnerQuery = z.output<typeof partnerQuery>
export type PartnerQueryInput = z.input<typeof partnerQuery>

/** A page of the registry list. */
export const partnerPageQuery = partnerQuery.extend(pageParams)
export type PartnerPageQuery = z.output<typeof partnerPageQuery>

export { recordId }
