import type { Kysely } from 'kysely'
import { AppError } from './domain/errors'
import type { EvaluationValues } from './domain/schemas/documents'
import { DAC_CRITERIA, type DacCriterion } from './domain/vocabulary'
import type { Officer } from './audit'
import { insertRecord, updateRecord, type RecordChanges, type RecordTarget } from './records'
import type { DB } from './schema'
import type { WritableDb, WriteTrx } from './writable'

/** The officer's evaluation of a project on the six OECD-DAC criteria (one per project, with the project's id). */

export interface Evaluation extends EvaluationValues {
  projectId: string
  /** Null until the officer first saves it. */
  updatedAt: string | null
  updatedBy: string | null
}

type CriterionColumns = { [K in `${DacCriterion}_score`]: number | null } & { [K in `${DacCriterion}_comment`]: string | null }

function emptyEvaluation(projectId: string): Evaluation {
  return {
    projectId,
    evaluatedOn: null,
    criteria: Object.fromEntries(DAC_CRITERIA.map((c) => [c, { score: null, comment: null }])) as Evaluation['criteria'],
    conclusions: null,
    recommendations: null,
    updatedAt: null,
    updatedBy: null,
  }
}

/** A project's evaluation; an empty one (nothing scored) when the officer has not written it yet. */
export async function getEvaluation(db: Kysely<DB>, projectId: string): Promise<Evaluation> {
  const project = await db.selectFrom('projects').select('id').where('id', '=', projectId).executeTakeFirst()
  if (!project) throw new AppError('NOT_FOUND', `No project ${projectId}`, { entity: 'project', id: projectId })
  const row = await db.selectFrom('project_evaluations').selectAll().where('id', '=', projectId).executeTakeFirst()
  if (!row) return emptyEvaluation(projectId)
  const r = row as unknown as CriterionColumns
  return {
    projectId,
    evaluatedOn: row.evaluated_on,
    criteria: Object.fromEntries(DAC_CRITERIA.map((c) => [c, { score: r[`${c}_score`], comment: r[`${c}_comment`] }])) as Evaluation['criteria'],
    conclusions: row.conclusions,
    recommendations: row.recommendations,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  }
}

/** Writes a project's evaluation in the caller's transaction (STALE-checked once it exists). */
export async function writeEvaluation(trx: WriteTrx, officer: Officer, projectId: string, v: EvaluationValues, expectedUpdatedAt?: string): Promise<void> {
  const columns: RecordChanges<'project_evaluations'> = { evaluated_on: v.evaluatedOn, conclusions: v.conclusions, recommendations: v.recommendations }
  for (const c of DAC_CRITERIA) {
    columns[`${c}_score`] = v.criteria[c].score
    columns[`${c}_comment`] = v.criteria[c].comment
  }
  const target: RecordTarget<'project_evaluations'> = { table: 'project_evaluations', entity: 'project_evaluation', parentId: projectId }
  const project = await trx.selectFrom('projects').select('id').where('id', '=', projectId).executeTakeFirst()
  if (!project) throw new AppError('NOT_FOUND', `No project ${projectId}`, { entity: 'project', id: projectId })
  const exists = await trx.selectFrom('project_evaluations').select('id').where('id', '=', projectId).executeTakeFirst()
  if (exists) await updateRecord(trx, officer, target, projectId, columns, expectedUpdatedAt)
  else await insertRecord(trx, officer, target, { id: projectId, ...columns })
}

/** Saves a project's evaluation (STALE-checked once it exists). */
export async function saveEvaluation(
  db: WritableDb,
  officer: Officer,
  projectId: string,
  v: EvaluationValues,
  expectedUpdatedAt?: string,
): Promise<Evaluation> {
  await db.transaction().execute((trx) => writeEvaluation(trx, officer, projectId, v, expectedUpdatedAt))
  return getEvaluation(db, projectId)
}
