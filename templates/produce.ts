import { safeFileName } from '../database/file/file-names'
import { buildAgreement } from './agreement'
import { clauseTexts, clauseValues, type ClauseOverride } from './clauses'
import { buildHandoverSummary } from './handover'
import { buildProgrammeReport } from './programme'
import { renderPdf } from './render'
import { buildEvaluationReport } from './report'
import type {
  AgreementData,
  DocLanguage,
  DocumentKind,
  DocumentStamp,
  HandoverData,
  ProgrammeData,
  ReportData,
  VerificationReportData,
  ReminderLetterData,
  VisitReportData,
} from './types'
import { buildVerificationReport } from './verification'
import { buildReminderLetter } from './reminder'
import { buildVisitReport } from './visit'
import { wording } from './wording'

/**
 * How the register names and renders each kind of document (pure: no database). The data a
 * document is made of is kept with it; rendering combines it with a stamp (reference, version,
 * draft or final), so a final version is its draft without the watermark.
 */

/** What an agreement is made of before its stamp: the file's clause edits travel with it, filled in at rendering. */
export type AgreementSource = Omit<AgreementData, 'stamp' | 'clauses'> & { clauseEdits: ClauseOverride[] }

/** A document's data without its stamp, by kind. */
export interface SourceByKind {
  agreement: AgreementSource
  report: Omit<ReportData, 'stamp'>
  programme: Omit<ProgrammeData, 'stamp'>
  handover: Omit<HandoverData, 'stamp'>
  verification_report: Omit<VerificationReportData, 'stamp'>
  visit_report: Omit<VisitReportData, 'stamp'>
  reminder_letter: Omit<ReminderLetterData, 'stamp'>
}

/** The articles of an agreement: the file's edits or the defaults, placeholders filled from the agreement itself. */
function withClauses(source: AgreementSource, stamp: DocumentStamp, lang: DocLanguage): AgreementData {
  const { clauseEdits, ...rest } = source
  const data = { ...rest, stamp, clauses: [] }
  return { ...data, clauses: clauseTexts(lang, clauseEdits, clauseValues(data, lang)) }
}

/** Renders a document of a kind in a language from its data and a stamp. */
export function documentRenderer(kind: DocumentKind, lang: DocLanguage) {
  return async (stamp: DocumentStamp, source: unknown): Promise<{ bytes: Buffer; pageCount: number }> => {
    switch (kind) {
      case 'agreement':
        return renderPdf(buildAgreement(withClauses(source as AgreementSource, stamp, lang), lang))
      case 'report':
        return renderPdf(buildEvaluationReport({ ...(source as SourceByKind['report']), stamp }, lang))
      case 'programme':
        return renderPdf(buildProgrammeReport({ ...(source as SourceByKind['programme']), stamp }, lang))
      case 'handover':
        return renderPdf(buildHandoverSummary({ ...(source as SourceByKind['handover']), stamp }, lang))
      case 'verification_report':
        return renderPdf(buildVerificationReport({ ...(source as SourceByKind['verification_report']), stamp }, lang))
      case 'visit_report':
        return renderPdf(buildVisitReport({ ...(source as SourceByKind['visit_report']), stamp }, lang))
      case 'reminder_letter':
        return renderPdf(buildReminderLetter({ ...(source as SourceByKind['reminder_letter']), stamp }, lang))
    }
  }
}

/**
 * One document to render, as plain data (it crosses to the render worker by structured clone:
 * no functions, no class instances): its kind, language, stamp and data without the stamp.
 */
export interface RenderJob {
  kind: DocumentKind
  language: DocLanguage
  stamp: DocumentStamp
  source: unknown
}

/** Renders a job: what the render worker runs for each document. */
export function renderJob(job: RenderJob): Promise<{ bytes: Buffer; pageCount: number }> {
  return documentRenderer(job.kind, job.language)(job.stamp, job.source)
}

/** The register's short code of each kind, in references (language-neutral, so every language's version shares it). */
const REFERENCE_CODES: Record<DocumentKind, string> = {
  agreement: 'CONV',
  report: 'EVAL',
  programme: 'PROG',
  handover: 'PASS',
  verification_report: 'VERIF',
  visit_report: 'VISIT',
  reminder_letter: 'RAPPEL',
}

/**
 * Names a version of a document: its reference (`AMIF-2025-RE-01/CONV/v2`), its title in the
 * document's language and the file name it is saved under (`AMIF-2025-RE-01 Convention de
 * subvention v2 (brouillon).pdf`). A document about a claim or a visit has the day of its subject
 * (submission, visit) in its reference, so that two claims' reports differ
 * (`AMIF-2025-RE-01/VERIF/2026-02-16/v1`).
 */
export function documentNamer(kind: DocumentKind, lang: DocLanguage, projectCode: string | null, day: string, subjectDay: string | null = null) {
  const w = wording(lang)
  const title = w[kind].title
  return (version: number, status: 'draft' | 'final') => {
    const code = subjectDay ? `${REFERENCE_CODES[kind]}/${subjectDay}` : REFERENCE_CODES[kind]
    const reference = projectCode ? `${projectCode}/${code}/v${version}` : `${code}/${day}/${version}`
    const draft = status === 'draft' ? ` (${w.common.statusDraft})` : ''
    const base = projectCode ? `${projectCode} ${title} v${version}${draft}` : `${title} ${day}${kind === 'programme' ? ` n${version}` : ''}${draft}`
    return { reference, title: projectCode ? `${title} ${projectCode}` : title, fileName: safeFileName(base) }
  }
}

/**
 * The name a stored document is saved under, made from its register entry: kind, project code,
 * version, status, language and production day; never the file name stored with it (a
 * colleague's file may hold any). Always a safe name ending in `.pdf`.
 */
export function documentFileName(doc: {
  kind: DocumentKind
  language: DocLanguage
  projectCode: string | null
  version: number
  status: 'draft' | 'final'
  producedAt: string
}): string {
  const day = /^\d{4}-\d{2}-\d{2}/.test(doc.producedAt) ? doc.producedAt.slice(0, 10) : ''
  return documentNamer(doc.kind, doc.language, doc.projectCode, day)(doc.version, doc.status).fileName
}
