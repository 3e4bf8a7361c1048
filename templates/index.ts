import { buildAgreement } from './agreement'
import type { DocumentDefinition } from './definition'
import { buildHandoverSummary } from './handover'
import { buildProgrammeReport } from './programme'
import { renderPdf } from './render'
import { buildEvaluationReport } from './report'
import type {
  AgreementData,
  DocLanguage,
  DocumentKind,
  HandoverData,
  ProgrammeData,
  ReminderLetterData,
  ReportData,
  VerificationReportData,
  VisitReportData,
} from './types'
import { buildVerificationReport } from './verification'
import { buildReminderLetter } from './reminder'
import { buildVisitReport } from './visit'

/**
 * Any document kind built and rendered from its data (the tests' way in; the app goes through
 * produce.ts and the render worker). Templates never touch the database: a handler gathers the
 * data, a template lays it out.
 */

export type { DocumentDefinition } from './definition'
export * from './types'

/** What each kind of document is built from. */
export interface DocumentDataByKind {
  agreement: AgreementData
  report: ReportData
  programme: ProgrammeData
  handover: HandoverData
  verification_report: VerificationReportData
  visit_report: VisitReportData
  reminder_letter: ReminderLetterData
}

/** The definition of any document kind from its data. */
export function buildDocument<K extends DocumentKind>(kind: K, data: DocumentDataByKind[K], lang: DocLanguage): DocumentDefinition {
  switch (kind) {
    case 'agreement':
      return buildAgreement(data as AgreementData, lang)
    case 'report':
      return buildEvaluationReport(data as ReportData, lang)
    case 'programme':
      return buildProgrammeReport(data as ProgrammeData, lang)
    case 'handover':
      return buildHandoverSummary(data as HandoverData, lang)
    case 'verification_report':
      return buildVerificationReport(data as VerificationReportData, lang)
    case 'visit_report':
      return buildVisitReport(data as VisitReportData, lang)
    case 'reminder_letter':
      return buildReminderLetter(data as ReminderLetterData, lang)
  }
  throw new Error(`Unknown document kind: ${String(kind)}`)
}

/** Builds and renders any document kind: the PDF bytes and their exact page count. */
export async function produceDocument<K extends DocumentKind>(
  kind: K,
  data: DocumentDataByKind[K],
  lang: DocLanguage,
): Promise<{ bytes: Buffer; pageCount: number }> {
  return renderPdf(buildDocument(kind, data, lang))
}
