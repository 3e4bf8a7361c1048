import { z } from 'zod'
import { getEvaluation, saveEvaluation } from '../../../database/evaluations'
import { getGrantor, saveGrantor } from '../../../database/grantor'
import { command, query } from '../channel'
import { evaluationValues, grantorValues } from '../schemas/documents'
import { recordId } from '../schemas/fields'

const expectedUpdatedAt = z.string().optional()

/** Channels of the documents: the file's grantor, project evaluations, clauses and the register. */
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
}
