/** Error codes that cross the API; the renderer translates each one (messages `errors.<CODE>`). */
export const ERROR_CODES = [
  'FILE_NOT_FOUND',
  'FILE_EXISTS',
  'FILE_EMPTY',
  'NOT_SQLITE',
  'FILE_TRUNCATED',
  'FOREIGN_FILE',
  'FOREIGN_SCHEMA',
  'NEWER_VERSION',
  'CORRUPT',
  'FILE_UNREADABLE',
  'NO_FILE_OPEN',
  'READ_ONLY',
  'OFFICER_REQUIRED',
  'VALIDATION',
  'NOT_FOUND',
  'DUPLICATE',
  'STALE',
  'PARTNER_REFERENCED',
  'FILE_NOT_EMPTY',
  'IN_USE',
  'TRANSITION_NOT_ALLOWED',
  'FILE_LOCKED',
  'WRITE_FAILED',
  'EXPORT_TARGET_BUSY',
  'FILE_GONE',
  'FILE_CHECKING',
  'MIGRATION_FAILED',
  'FILE_UPDATING',
  'SAME_FILE',
  'DOCUMENT_FINAL',
  'DOCUMENT_INVALID',
  'DOCUMENT_TOO_LARGE',
  'ATTACHMENT_TOO_LARGE',
  'ATTACHMENT_UNSUPPORTED',
  'ATTACHMENT_INVALID',
  'GRANTOR_REQUIRED',
  'RENDER_TIMEOUT',
  'RENDER_TOO_LARGE',
  'WORDING_MISSING',
  // Administrative verification of a claim (issue 15).
  'VERIFICATION_CLOSED',
  'CLAIM_NOT_UNDER_VERIFICATION',
  'VERIFICATION_INCOMPLETE',
  'VERIFICATION_NOT_PREPARED',
  'SELF_APPROVAL_REASON',
  'SAMPLE_HAS_OUTCOMES',
  'LINE_NOT_IN_SAMPLE',
  'CLAIM_PAYMENT_PAID',
  'PAYMENT_OF_CLAIM',
  'QUESTION_ANSWERED',
  'IMPORT_UNREADABLE',
  'IMPORT_TOO_LARGE',
  'IMPORT_EMPTY',
  'IMPORT_FILE_CHANGED',
  'IMPORT_HAS_PROBLEMS',
  'CLAIM_NOT_EDITABLE',
  'CLAIM_MOVE_NOT_ALLOWED',
  'CLAIM_LINE_OTHER_PROJECT',
  'CLAIM_LINE_COST_MODEL',
  'CLAIM_LOCKED',
  // Reminder letters (issue 14 §7).
  'MILESTONE_NOT_LATE',
  'NO_CONTACT',
  'REPORT_NOT_OWED',
  'REPORT_NOT_LATE',
  'UNKNOWN_CHANNEL',
  'INTERNAL',
] as const

export type ErrorCode = (typeof ERROR_CODES)[number]

/** One validation problem: the field path and a message key under `validation.`. */
export interface FieldIssue {
  path: string
  message: string
  /** Values the message names (amounts in cents end in `Cents`: the window formats them). */
  params?: Record<string, string | number>
}

/** The shape of an error once it has crossed IPC. */
export interface ApiErrorPayload {
  code: ErrorCode
  message: string
  details?: unknown
}

/** An expected failure with a stable code; anything else is reported as INTERNAL. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message)
    this.name = 'AppError'
  }

  toPayload(): ApiErrorPayload {
    return { code: this.code, message: this.message, details: this.details }
  }
}

/** Turns anything thrown into a payload without leaking stack traces. */
export function toErrorPayload(err: unknown): ApiErrorPayload {
  if (err instanceof AppError) return err.toPayload()
  const message = err instanceof Error ? err.message : String(err)
  return { code: 'INTERNAL', message }
}
