import { z } from 'zod'
import { enterpriseDigits, isValidEnterpriseNumber } from '../identifiers'
import { DOC_LANGUAGES } from '../languages'
import { parseReportSubjectId } from '../reports'
import { DAC_CRITERIA, OBJECTIVE_CODES, STRANDS } from '../vocabulary'
import { isoDate, optionalText, recordId, refinePostcode, requiredText } from './fields'

/**
 * Input schemas of the documents: the file's own organisation (the grantor), edited agreement
 * clauses, a project's evaluation, and requests to produce a PDF. The renderer's forms validate
 * with the same schemas.
 */

export const docLanguage = z.enum(DOC_LANGUAGES, { message: 'required' })

/** The grantor's fields: the organisation that signs the file's agreements, named in each language it uses. */
const grantorFields = z.object({
  nameFr: requiredText(200),
  nameNl: optionalText(200),
  nameEn: optionalText(200),
  acronym: optionalText(40),
  enterpriseNumber: optionalText(20)
    .refine((v) => v === null || isValidEnterpriseNumber(v), { message: 'enterpriseNumber' })
    .transform((v) => (v === null ? null : enterpriseDigits(v))),
  street: optionalText(200),
  postcode: optionalText(12),
  city: optionalText(100),
  country: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2}$/, { message: 'country' })
    .default('BE'),
  signatoryName: requiredText(200),
  signatoryTitleFr: requiredText(200),
  signatoryTitleNl: optionalText(200),
  signatoryTitleEn: optionalText(200),
  signaturePlace: optionalText(100),
  /** The address and place of signature in a document language where they have a form of their own. */
  streetFr: optionalText(200),
  streetNl: optionalText(200),
  streetEn: optionalText(200),
  cityFr: optionalText(100),
  cityNl: optionalText(100),
  cityEn: optionalText(100),
  signaturePlaceFr: optionalText(100),
  signaturePlaceNl: optionalText(100),
  signaturePlaceEn: optionalText(100),
  programmeReferenceFr: optionalText(300),
  programmeReferenceNl: optionalText(300),
  programmeReferenceEn: optionalText(300),
  nationalBasisFr: optionalText(2000),
  nationalBasisNl: optionalText(2000),
  nationalBasisEn: optionalText(2000),
})
/** The grantor as its profile form and the handler validate it (a Belgian postcode is four digits). */
export const grantorValues = grantorFields.superRefine(refinePostcode)
export type GrantorValues = z.output<typeof grantorValues>

/** An officer's edit of one agreement article in one language. */
export const clauseEdit = z.object({
  key: z.string().min(1).max(60),
  language: docLanguage,
  title: requiredText(200),
  body: requiredText(20000),
})

/** A score from 1 (unsatisfactory) to 4 (highly satisfactory), or none yet. */
const score = z
  .number()
  .int({ message: 'invalid' })
  .min(1, { message: 'score' })
  .max(4, { message: 'score' })
  .nullish()
  .transform((v) => v ?? null)

/** The officer's evaluation of a project on the six OECD-DAC criteria. */
export const evaluationValues = z.object({
  evaluatedOn: isoDate.nullish().transform((v) => v ?? null),
  criteria: z.object(
    Object.fromEntries(DAC_CRITERIA.map((c) => [c, z.object({ score, comment: optionalText(5000) })])) as Record<
      (typeof DAC_CRITERIA)[number],
      z.ZodObject<{ score: typeof score; comment: ReturnType<typeof optionalText> }>
    >,
  ),
  conclusions: optionalText(10000),
  recommendations: optionalText(10000),
})
export type EvaluationValues = z.output<typeof evaluationValues>

/** Produce (or reproduce, while it is a draft) a project's agreement or evaluation report. */
export const generateRequest = z.object({
  projectId: recordId,
  kind: z.enum(['agreement', 'report']),
  language: docLanguage,
  /** The beneficiary's contact who signs; by default its first contact who may sign. */
  signatoryId: recordId.nullish().transform((v) => v ?? null),
  today: isoDate.optional(),
})

/**
 * Produce (or reproduce, while it is a draft) the verification report of a claim or the report of
 * an on-the-spot visit; each is versioned per claim or visit.
 */
export const verificationDocumentRequest = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('verification_report'), claimId: recordId, language: docLanguage, today: isoDate.optional() }),
  z.object({ kind: z.literal('visit_report'), visitId: recordId, language: docLanguage, today: isoDate.optional() }),
])

/** The programme report: the dashboard's figures for a period, strand, call or objective. */
export const programmeRequest = z
  .object({
    language: docLanguage,
    from: isoDate.nullish().transform((v) => v ?? null),
    to: isoDate.nullish().transform((v) => v ?? null),
    strand: z
      .enum(STRANDS)
      .nullish()
      .transform((v) => v ?? null),
    callId: recordId.nullish().transform((v) => v ?? null),
    objective: z
      .enum(OBJECTIVE_CODES)
      .nullish()
      .transform((v) => v ?? null),
    today: isoDate.optional(),
  })
  .refine((r) => !r.from || !r.to || r.to >= r.from, { message: 'endBeforeStart', path: ['to'] })
export type ProgrammeRequest = z.output<typeof programmeRequest>

/** Export the open deadlines as an iCalendar file: in a language, for one officer's projects or all. */
export const calendarRequest = z.object({
  language: docLanguage,
  officer: optionalText(200).default(null),
  today: isoDate.optional(),
})

/** A report of a project as the documents register names it (database/domain/reports.ts). */
export const reportId = z
  .string({ message: 'reportId' })
  .max(100, { message: 'reportId' })
  .refine((v) => parseReportSubjectId(v) !== null, { message: 'reportId' })

/**
 * Produce (or reproduce, while it is a draft) the reminder letter about a late milestone
 * (`milestoneId`) or a late report (`reportId`), one of the two, to a contact of the beneficiary
 * (by default its first contact who can sign, else its first contact), in the contact's preferred
 * language unless the officer picks another; versioned per milestone or report.
 */
export const reminderRequest = z
  .object({
    milestoneId: recordId.optional(),
    reportId: reportId.optional(),
    contactId: recordId.nullish().transform((v) => v ?? null),
    language: docLanguage.nullish().transform((v) => v ?? null),
    today: isoDate.optional(),
  })
  .refine((r) => (r.milestoneId === undefined) !== (r.reportId === undefined), { message: 'required', path: ['milestoneId'] })
