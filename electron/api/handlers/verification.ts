import { z } from 'zod'
import { todayIso } from '../../../database/domain/dates'
import { DOC_LANGUAGES, type DocLanguage } from '../../../database/domain/languages'
import { isoDate, optionalText, recordId, requiredText } from '../../../database/domain/schemas/fields'
import { checkAnswerValues, lineOutcomeValues, questionId, questionValues, samplingValues } from '../../../database/domain/schemas/verification'
import {
  answerCheck,
  approveVerification,
  deleteQuestion,
  drawSample,
  listQuestions,
  prepareVerification,
  saveQuestion,
  setExtrapolation,
  setLineOutcome,
  undoApproval,
  verificationOf,
} from '../../../database/verification'
import { command, query, type QueryContext } from '../channel'

const today = isoDate.optional()
const lang = z.enum(DOC_LANGUAGES).optional()
const expectedUpdatedAt = z.string().optional()
const claim = { claimId: recordId, lang, today }

/** The verification as the window shows it, in the language asked or the officer's own. */
function view(ctx: QueryContext, input: { claimId: string; lang?: DocLanguage; today?: string }, onlyLines?: readonly string[]) {
  const officer = ctx.settings().officer
  return verificationOf(ctx.file().db, input.claimId, input.lang ?? ctx.settings().language, input.today ?? todayIso(), officer, onlyLines)
}

/**
 * Channels of a claim's administrative verification (issue 15): read it, answer the checklist,
 * draw the sample, set line outcomes, apply the extrapolation, prepare, approve (four eyes) and undo
 * an approval; and the checklist's questions as reference data. Every write returns the verification
 * as it now stands (`setOutcome`: with only the line changed, the totals for all).
 */
export const verificationChannels = {
  'verification.get': query(z.object(claim), async (ctx, input) => view(ctx, input)),

  'verification.answer': command(z.object({ ...claim, questionId, expectedUpdatedAt, values: checkAnswerValues }), async (ctx, input) => {
    await answerCheck(ctx.writableFile().db, ctx.officer(), input)
    return view(ctx, input)
  }),

  /** Draws the sample (or chooses every line); returns the verification with the seed recorded. */
  'verification.drawSample': command(z.object({ ...claim, expectedUpdatedAt, values: samplingValues }), async (ctx, input) => {
    await drawSample(ctx.writableFile().db, ctx.officer(), input)
    return view(ctx, input)
  }),

  'verification.setOutcome': command(z.object({ lineId: recordId, lang, today, expectedUpdatedAt, values: lineOutcomeValues }), async (ctx, input) => {
    const claimId = await setLineOutcome(ctx.writableFile().db, ctx.officer(), input)
    return view(ctx, { ...input, claimId }, [input.lineId])
  }),

  'verification.setExtrapolation': command(z.object({ ...claim, apply: z.boolean() }), async (ctx, input) => {
    await setExtrapolation(ctx.writableFile().db, ctx.officer(), input)
    return view(ctx, input)
  }),

  'verification.prepare': command(z.object(claim), async (ctx, input) => {
    await prepareVerification(ctx.writableFile().db, ctx.officer(), input)
    return view(ctx, input)
  }),

  /** Approves as the current officer; `reason` is required when that officer prepared it. */
  'verification.approve': command(z.object({ ...claim, expectedUpdatedAt, reason: optionalText(20000) }), async (ctx, input) => {
    await approveVerification(ctx.writableFile().db, ctx.officer(), { ...input, today: input.today ?? todayIso() })
    return view(ctx, input)
  }),

  'verification.undoApproval': command(z.object({ ...claim, reason: requiredText(20000) }), async (ctx, input) => {
    await undoApproval(ctx.writableFile().db, ctx.officer(), input)
    return view(ctx, input)
  }),

  'verification.questions': query(z.object({}), async (ctx) => listQuestions(ctx.file().db)),

  'verification.saveQuestion': command(z.object({ id: questionId.optional(), expectedUpdatedAt, values: questionValues }), async (ctx, input) => {
    const db = ctx.writableFile().db
    const id = await saveQuestion(db, ctx.officer(), input)
    return (await listQuestions(db)).find((q) => q.id === id)!
  }),

  'verification.deleteQuestion': command(z.object({ id: questionId }), async (ctx, { id }) => {
    await deleteQuestion(ctx.writableFile().db, ctx.officer(), id)
    return { deleted: id }
  }),
}
