import { sql, type Kysely } from 'kysely'
import { AppError } from './domain/errors'
import type { IndicatorLabels, IndicatorValues } from './domain/schemas/projects'
import type { Officer } from './audit'
import { deleteRecord, insertRecord, recordRow, updateRecord, type RecordTarget } from './records'
import type { DB } from './schema'
import { searchPattern } from './search'
import type { DocLanguage } from './domain/languages'
import type { IndicatorType, ObjectiveCode, Strand } from './domain/vocabulary'
import { isPersonUnit } from './migrations/data/reference-2021-2027'
import type { WritableDb } from './writable'

/** The reference section: objectives, strand objectives, the indicator catalogue, target groups. */

export interface ObjectiveRow {
  code: ObjectiveCode
  shortFr: string
  shortNl: string
  shortEn: string
  wordingFr: string
  wordingNl: string | null
  wordingEn: string
  source: string
  /** Where each language's wording comes from (null: not recorded). */
  sourceFr: string | null
  sourceNl: string | null
  sourceEn: string | null
  /** A wording known to be only part of the official text (SO4 in Dutch as shipped). */
  incompleteFr: boolean
  incompleteNl: boolean
  incompleteEn: boolean
  updatedAt: string
}

/** An objective's official wording in one language, as the officer completes or corrects it. */
export interface ObjectiveWordingValues {
  language: DocLanguage
  wording: string | null
  source: string | null
  incomplete: boolean
}

export interface StrandObjectiveRow {
  id: string
  strand: Strand
  code: string
  sortOrder: number
  labelFr: string
  labelNl: string
  labelEn: string
  source: string
}

export interface IndicatorRow {
  id: string
  code: string
  type: IndicatorType
  objectiveCode: ObjectiveCode
  parentId: string | null
  parentCode: string | null
  labelFr: string
  labelNl: string
  labelEn: string
  unit: string
  /** From the regulation's Annex VIII (true) or added for the programme (false). */
  common: boolean
  /** Counts persons: measured with the age and gender breakdown (Annex VIII). */
  aboutPersons: boolean
  source: string
  /** How many projects follow it. */
  usedBy: number
  updatedAt: string
}

export interface TargetGroupRow {
  id: string
  code: string
  vulnerability: boolean
  labelFr: string
  labelNl: string
  labelEn: string
  source: string
}

export const PROGRAMME_INDICATOR_SOURCE = 'Indicateur spécifique au programme'

/** The four specific objectives. */
export async function listObjectives(db: Kysely<DB>): Promise<ObjectiveRow[]> {
  const rows = await db.selectFrom('specific_objectives').selectAll().orderBy('code').execute()
  return rows.map((r) => ({
    code: r.code,
    shortFr: r.short_fr,
    shortNl: r.short_nl,
    shortEn: r.short_en,
    wordingFr: r.wording_fr,
    wordingNl: r.wording_nl,
    wordingEn: r.wording_en,
    source: r.source,
    sourceFr: r.source_fr,
    sourceNl: r.source_nl,
    sourceEn: r.source_en,
    incompleteFr: r.incomplete_fr === 1,
    incompleteNl: r.incomplete_nl === 1,
    incompleteEn: r.incomplete_en === 1,
    updatedAt: r.updated_at,
  }))
}

/** The wording a document in `lang` may quote: the file's own in that language, null when missing or incomplete. */
export function usableWording(o: ObjectiveRow, lang: DocLanguage): string | null {
  const [text, incomplete] = lang === 'fr' ? [o.wordingFr, o.incompleteFr] : lang === 'nl' ? [o.wordingNl, o.incompleteNl] : [o.wordingEn, o.incompleteEn]
  return text && text.trim() && !incomplete ? text : null
}

const OBJECTIVE: RecordTarget<'specific_objectives'> = { table: 'specific_objectives', entity: 'objective', parentId: null }

/**
 * Completes or corrects an objective's official wording in one language, with its source (the
 * audit keeps the old text). French and English cannot be emptied (the regulation's text exists);
 * Dutch can, when the officer prefers no wording to a wrong one.
 */
export async function updateObjectiveWording(
  db: WritableDb,
  officer: Officer,
  code: ObjectiveCode,
  v: ObjectiveWordingValues,
  expectedUpdatedAt?: string,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('specific_objectives').select('id').where('code', '=', code).executeTakeFirst()
    if (!row) throw new AppError('NOT_FOUND', `No objective ${code}`, { entity: 'objective', id: code })
    if (v.language !== 'nl' && !v.wording) {
      throw new AppError('VALIDATION', 'The French and English wording cannot be empty', { issues: [{ path: 'values.wording', message: 'required' }] })
    }
    const l = v.language
    await updateRecord(
      trx,
      officer,
      OBJECTIVE,
      row.id,
      { [`wording_${l}`]: v.wording, [`source_${l}`]: v.source, [`incomplete_${l}`]: v.incomplete ? 1 : 0 },
      expectedUpdatedAt,
    )
  })
}

/** The strands' own objectives (Fedasil's axes, the Agence FSE priorities...). */
export async function listStrandObjectives(db: Kysely<DB>): Promise<StrandObjectiveRow[]> {
  const rows = await db.selectFrom('strand_objectives').selectAll().orderBy('sort_order').execute()
  return rows.map((r) => ({
    id: r.id,
    strand: r.strand,
    code: r.code,
    sortOrder: r.sort_order,
    labelFr: r.label_fr,
    labelNl: r.label_nl,
    labelEn: r.label_en,
    source: r.source,
  }))
}

/** The indicator catalogue, optionally for one objective and a search on code and labels. */
export async function listIndicators(db: Kysely<DB>, q: { objective?: ObjectiveCode; q?: string; id?: string } = {}): Promise<IndicatorRow[]> {
  let query = db
    .selectFrom('indicators as i')
    .leftJoin('indicators as parent', 'parent.id', 'i.parent_id')
    .selectAll('i')
    .select(['parent.code as parent_code', sql<number>`(select count(*) from project_indicators pi where pi.indicator_id = i.id)`.as('used_by')])
  if (q.objective) query = query.where('i.objective_code', '=', q.objective)
  if (q.id) query = query.where('i.id', '=', q.id)
  const search = searchPattern(q.q)
  if (search) {
    const pattern = sql`${search} escape '\\'`
    query = query.where((eb) =>
      eb.or([
        eb(sql`amif_fold(i.code)`, 'like', pattern),
        eb(sql`amif_fold(i.label_fr)`, 'like', pattern),
        eb(sql`amif_fold(i.label_nl)`, 'like', pattern),
        eb(sql`amif_fold(i.label_en)`, 'like', pattern),
      ]),
    )
  }
  const rows = await query.orderBy('i.objective_code').orderBy('i.common', 'desc').orderBy('i.code').execute()
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    type: r.type,
    objectiveCode: r.objective_code,
    parentId: r.parent_id,
    parentCode: r.parent_code,
    labelFr: r.label_fr,
    labelNl: r.label_nl,
    labelEn: r.label_en,
    unit: r.unit,
    common: r.common === 1,
    aboutPersons: r.about_persons === 1,
    source: r.source,
    usedBy: Number(r.used_by),
    updatedAt: r.updated_at,
  }))
}

/** One catalogue entry. */
export async function getIndicator(db: Kysely<DB>, id: string): Promise<IndicatorRow> {
  const [row] = await listIndicators(db, { id })
  if (!row) throw new AppError('NOT_FOUND', `No indicator ${id}`, { entity: 'indicator', id })
  return row
}

const INDICATOR: RecordTarget<'indicators'> = { table: 'indicators', entity: 'indicator', parentId: null }

/** Adds a programme-specific indicator (its code is unique; a parent must be of the same objective). */
export async function createIndicator(db: WritableDb, officer: Officer, v: IndicatorValues): Promise<string> {
  return db.transaction().execute(async (trx) => {
    if (await trx.selectFrom('indicators').select('id').where('code', '=', v.code).executeTakeFirst()) {
      throw new AppError('DUPLICATE', `Indicator code ${v.code} is already used`, { field: 'code' })
    }
    if (v.parentId) {
      const parent = await recordRow(trx, 'indicators', v.parentId)
      if (parent.objective_code !== v.objectiveCode) {
        throw new AppError('VALIDATION', 'Parent of another objective', { issues: [{ path: 'values.parentId', message: 'invalid' }] })
      }
    }
    return insertRecord(trx, officer, INDICATOR, {
      code: v.code,
      type: v.type,
      objective_code: v.objectiveCode,
      parent_id: v.parentId,
      label_fr: v.labelFr,
      label_nl: v.labelNl,
      label_en: v.labelEn,
      unit: v.unit,
      common: 0,
      about_persons: isPersonUnit(v.unit) ? 1 : 0,
      source: PROGRAMME_INDICATOR_SOURCE,
    })
  })
}

/** Corrects an entry's labels and unit (its code, type, objective and source stay; the audit keeps the old text). */
export async function updateIndicatorLabels(db: WritableDb, officer: Officer, id: string, v: IndicatorLabels, expectedUpdatedAt?: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    // A programme indicator counts persons by its unit; the catalogue's marks follow Annex VIII and stay.
    const row = await recordRow(trx, 'indicators', id)
    const persons = row.common === 1 ? {} : { about_persons: isPersonUnit(v.unit) ? 1 : 0 }
    await updateRecord(
      trx,
      officer,
      INDICATOR,
      id,
      { label_fr: v.labelFr, label_nl: v.labelNl, label_en: v.labelEn, unit: v.unit, ...persons },
      expectedUpdatedAt,
    )
  })
}

/** Deletes a programme-specific indicator no project follows; the common catalogue stays. */
export async function deleteIndicator(db: WritableDb, officer: Officer, id: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await recordRow(trx, 'indicators', id)
    const used = await trx.selectFrom('project_indicators').select('id').where('indicator_id', '=', id).executeTakeFirst()
    const child = await trx.selectFrom('indicators').select('id').where('parent_id', '=', id).executeTakeFirst()
    if (row.common === 1 || used || child) throw new AppError('IN_USE', `Indicator ${String(row.code)} cannot be deleted`, { common: row.common === 1 })
    await deleteRecord(trx, officer, INDICATOR, id)
  })
}

/** Target groups and vulnerability categories. */
export async function listTargetGroups(db: Kysely<DB>): Promise<TargetGroupRow[]> {
  const rows = await db.selectFrom('target_groups').selectAll().orderBy('vulnerability').orderBy('code').execute()
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    vulnerability: r.vulnerability === 1,
    labelFr: r.label_fr,
    labelNl: r.label_nl,
    labelEn: r.label_en,
    source: r.source,
  }))
}
