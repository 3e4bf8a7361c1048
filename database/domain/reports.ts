/**
 * The reports an agreement asks for are computed from the project's dates, never stored
 * (database/reporting.ts). A reminder letter about one of them still needs a stable name for it,
 * as its subject in the documents register: `<projectId>:report:final` for the final report,
 * `<projectId>:report:progress:<n>` for the n-th progress report (counted from 1, in date order).
 */

/** Which report of a project: the final one, or the n-th progress report. */
export type ReportRef = { kind: 'final'; number: null } | { kind: 'progress'; number: number }

/** A report's subject id; a progress report's number runs from 1 to 99 (a project of a hundred years is no project). */
const PATTERN = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}):report:(final|progress:([1-9][0-9]?))$/i

/** The register's subject id of a project's report. */
export function reportSubjectId(projectId: string, ref: ReportRef): string {
  return ref.kind === 'final' ? `${projectId}:report:final` : `${projectId}:report:progress:${ref.number}`
}

/** The project and report a subject id names, or null when it is not a report's subject id. */
export function parseReportSubjectId(id: string): { projectId: string; ref: ReportRef } | null {
  const m = PATTERN.exec(id)
  if (!m) return null
  return { projectId: m[1].toLowerCase(), ref: m[3] ? { kind: 'progress', number: Number(m[3]) } : { kind: 'final', number: null } }
}
