import { z } from 'zod'
import { listClauseEdits, resetClause, saveClause } from '../../../database/clauses'
import { agreementData, programmeData, reportData } from '../document-data'
import {
  claimSubject,
  letterLanguage,
  reminderLetterData,
  reminderSubject,
  verificationReportData,
  visitReportData,
  visitSubject,
} from '../claim-document-data'
import { deleteDraft, documentPdf, finalizeDocument, getDocument, pageDocuments, produceDocument } from '../../../database/documents'
import { todayIso } from '../../../database/domain/dates'
import { pageParams } from '../../../database/domain/schemas/paging'
import { namedPage } from '../../../database/paging'
import { getEvaluation, saveEvaluation } from '../../../database/evaluations'
import { getGrantor, saveGrantor } from '../../../database/grantor'
import { writeVerifiedPdf } from '../../../database/file/pdf-files'
import { documentFileName, documentNamer } from '../../../templates/produce'
import { CLAUSE_KEYS, defaultClause } from '../../../templates/clauses'
import { DOCUMENT_KINDS } from '../../../templates/types'
import { command, query } from '../channel'
import { AppError } from '../../../database/domain/errors'
import { renderDocumentWith } from '../render-runner'
import {
  clauseEdit,
  docLanguage,
  evaluationValues,
  generateRequest,
  grantorValues,
  programmeRequest,
  reminderRequest,
  reportId,
  verificationDocumentRequest,
} from '../../../database/domain/schemas/documents'
import { recordId } from '../../../database/domain/schemas/fields'

const expectedUpdatedAt = z.string().optional()

/** Channels of the documents: the file's grantor, project evaluations, agreement clauses and the register of PDFs. */
export const documentChannels = {
  /** The file's own organisation, or null before it is set. */
  'grantor.get': query(z.object({}), async (ctx) => getGrantor(ctx.file().db)),

  'grantor.save': command(z.object({ values: grantorValues, expectedUpdatedAt }), async (ctx, input) =>
    saveGrantor(ctx.writableFile().db, ctx.officer(), input.values, input.expectedUpdatedAt),
  ),

  /** A project's evaluation on the six OECD-DAC criteria (empty until first saved). */
  'evaluations.get': query(z.object({ projectId: recordId }), async (ctx, input) => getEvaluation(ctx.file().db, input.projectId)),

  'evaluations.save': command(z.object({ projectId: recordId, values: evaluationValues, expectedUpdatedAt }), async (ctx, input) =>
    saveEvaluation(ctx.writableFile().db, ctx.officer(), input.projectId, input.values, input.expectedUpdatedAt),
  ),

  /** Every agreement article in a language: the default text, the file's edit if any, and whether it differs. */
  'clauses.list': query(z.object({ language: docLanguage }), async (ctx, { language }) => {
    const edits = new Map((await listClauseEdits(ctx.file().db, language)).map((e) => [e.key, e]))
    return CLAUSE_KEYS.map((key) => {
      const d = defaultClause(key, language)
      const edit = edits.get(key)
      return {
        key,
        language,
        title: edit?.title ?? d.title,
        body: edit?.body ?? d.body,
        defaultTitle: d.title,
        defaultBody: d.body,
        modified: Boolean(edit),
        updatedBy: edit?.updatedBy ?? null,
        updatedAt: edit?.updatedAt ?? null,
      }
    })
  }),

  /** Keeps the officer's text of an article in this file (the default again removes the edit). */
  'clauses.save': command(clauseEdit, async (ctx, input) => {
    await saveClause(ctx.writableFile().db, ctx.officer(), input, defaultClause)
    return { key: input.key, language: input.language }
  }),

  'clauses.reset': command(z.object({ key: z.string().min(1).max(60), language: docLanguage }), async (ctx, input) => {
    await resetClause(ctx.writableFile().db, ctx.officer(), input.key, input.language)
    return { key: input.key, language: input.language }
  }),

  /** The register a page at a time: the PDFs produced, newest first (of one project, of one kind, or about one claim, visit, milestone or report; `q` searches it). */
  'documents.list': query(
    z.object({
      projectId: recordId.optional(),
      kind: z.enum(DOCUMENT_KINDS).optional(),
      subjectId: z.union([recordId, reportId]).optional(),
      q: z.string().trim().max(200).optional(),
      ...pageParams,
    }),
    async (ctx, q) => namedPage('documents', q.after, (after) => pageDocuments(ctx.file().db, { ...q, after })),
  ),

  /** Produces a project's agreement or evaluation report as a draft (replacing the latest draft of its version). */
  'documents.generate': command(generateRequest, async (ctx, input) => {
    const db = ctx.writableFile().db
    const today = input.today ?? todayIso()
    const data =
      input.kind === 'agreement'
        ? await agreementData(db, input.projectId, input.language, today, input.signatoryId, await listClauseEdits(db, input.language))
        : await reportData(db, input.projectId, input.language, today)
    return produceDocument(db, ctx.officer(), {
      kind: input.kind,
      projectId: input.projectId,
      language: input.language,
      data,
      params: { today, signatoryId: input.signatoryId },
      name: documentNamer(input.kind, input.language, data.project.code, today),
      render: renderDocumentWith(ctx.renderer, input.kind, input.language),
    })
  }),

  /**
   * The verification report of a claim (`{kind: 'verification_report', claimId, language}`) or the
   * report of a visit (`{kind: 'visit_report', visitId, language}`), as a draft in the register,
   * versioned per claim or visit (replacing the latest draft of its version).
   */
  'documents.generateVerification': command(verificationDocumentRequest, async (ctx, input) => {
    const db = ctx.writableFile().db
    const today = input.today ?? todayIso()
    const aboutClaim = input.kind === 'verification_report'
    const subjectId = aboutClaim ? input.claimId : input.visitId
    const subject = aboutClaim ? await claimSubject(db, subjectId) : await visitSubject(db, subjectId)
    const data = aboutClaim ? await verificationReportData(db, subjectId, input.language, today) : await visitReportData(db, subjectId, input.language, today)
    return produceDocument(db, ctx.officer(), {
      kind: input.kind,
      projectId: subject.projectId,
      subjectId,
      language: input.language,
      data,
      params: { today },
      name: documentNamer(input.kind, input.language, subject.projectCode, today, subject.day),
      render: renderDocumentWith(ctx.renderer, input.kind, input.language),
    })
  }),

  /**
   * The reminder letter about a late milestone (`milestoneId`) or a late report (`reportId`, as
   * database/domain/reports.ts names it) to a contact of the beneficiary, in the contact's language
   * unless the officer picks one, as a draft in the register versioned per milestone or report.
   */
  'documents.generateReminder': command(reminderRequest, async (ctx, input) => {
    const db = ctx.writableFile().db
    const today = input.today ?? todayIso()
    const subject = await reminderSubject(db, input, input.contactId, today)
    const language = input.language ?? letterLanguage(subject.contact.preferredLanguage)
    const data = await reminderLetterData(db, subject, language, today)
    return produceDocument(db, ctx.officer(), {
      kind: 'reminder_letter',
      projectId: subject.projectId,
      subjectId: subject.subjectId,
      language,
      data,
      params: { today, contactId: subject.contact.id },
      name: documentNamer('reminder_letter', language, subject.projectCode, today, subject.day),
      render: renderDocumentWith(ctx.renderer, 'reminder_letter', language),
    })
  }),

  /** The programme report for a period, strand, call or objective. */
  'documents.generateProgramme': command(programmeRequest, async (ctx, input) => {
    const db = ctx.writableFile().db
    const today = input.today ?? todayIso()
    return produceDocument(db, ctx.officer(), {
      kind: 'programme',
      projectId: null,
      language: input.language,
      data: await programmeData(db, input, today),
      params: input,
      name: documentNamer('programme', input.language, null, today),
      render: renderDocumentWith(ctx.renderer, 'programme', input.language),
    })
  }),

  /** Marks a draft final (rendered again without the watermark); a final version is never changed. */
  'documents.finalize': command(z.object({ id: recordId, expectedUpdatedAt }), async (ctx, input) => {
    const db = ctx.writableFile().db
    const doc = await getDocument(db, input.id)
    // A handover summary received from another file is accepted as it is, like any received document.
    if (doc.kind === 'handover' && !doc.receivedFromFileId) throw new AppError('DOCUMENT_FINAL', 'A handover summary is final as written', { id: input.id })
    const day = doc.producedAt.slice(0, 10)
    return finalizeDocument(
      db,
      ctx.officer(),
      input.id,
      documentNamer(doc.kind, doc.language, doc.projectCode, day),
      renderDocumentWith(ctx.renderer, doc.kind, doc.language),
      input.expectedUpdatedAt,
    )
  }),

  'documents.delete': command(z.object({ id: recordId }), async (ctx, { id }) => {
    await deleteDraft(ctx.writableFile().db, ctx.officer(), id)
    return { deleted: id }
  }),

  /**
   * Writes a document to a file the officer picks and opens it in the system's PDF viewer. The
   * name is made from the register entry and ends in `.pdf`; the bytes are checked (a PDF,
   * matching its SHA-256) before they are written and once written, and only that file is opened.
   */
  'documents.save': query(z.object({ id: recordId, open: z.boolean().default(true) }), async (ctx, input) => {
    const pdf = await documentPdf(ctx.file().db, input.id)
    const name = documentFileName(pdf)
    const chosen = await ctx.dialogs.saveFile({ title: name, defaultName: name, filters: [{ name: 'PDF', extensions: ['pdf'] }] })
    if (!chosen) return { cancelled: true as const }
    const target = writeVerifiedPdf(chosen, pdf.bytes, pdf.sha256)
    if (input.open) await ctx.dialogs.openWithSystem(target, pdf.sha256)
    return { cancelled: false as const, path: target, bytes: pdf.bytes.length, sha256: pdf.sha256 }
  }),
}
