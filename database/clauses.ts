import type { Kysely } from 'kysely'
import { AppError } from './domain/errors'
import { isClauseKey, type ClauseKey } from './domain/clauses'
import type { DocLanguage } from './domain/languages'
import type { Officer } from './audit'
import { deleteRecord, insertRecord, updateRecord, type NewRecord, type RecordTarget } from './records'
import type { DB } from './schema'
import type { WritableDb } from './writable'

/**
 * The officer's edits of agreement articles, kept in the file (a handover keeps them). Only edits
 * are stored, with the id `<clause>:<language>`; an article without one reads as its default. The
 * default texts ship with the documents (templates/clauses.ts): the caller hands them in.
 */

export interface ClauseEdit {
  key: string
  language: DocLanguage
  title: string
  body: string
  updatedAt: string
  updatedBy: string
}

const TARGET: RecordTarget<'agreement_clauses'> = { table: 'agreement_clauses', entity: 'agreement_clause', parentId: null }

function checkKey(key: string): ClauseKey {
  if (!isClauseKey(key)) throw new AppError('VALIDATION', `Unknown clause ${key}`, { issues: [{ path: 'key', message: 'invalid' }] })
  return key
}

/** The file's edits in a language. */
export async function listClauseEdits(db: Kysely<DB>, language: DocLanguage): Promise<ClauseEdit[]> {
  const rows = await db.selectFrom('agreement_clauses').selectAll().where('language', '=', language).execute()
  return rows
    .filter((r) => isClauseKey(r.clause_key))
    .map((r) => ({ key: r.clause_key, language: r.language, title: r.title, body: r.body, updatedAt: r.updated_at, updatedBy: r.updated_by }))
}

/** An article's shipped title and body in a language. */
export type DefaultClause = (key: ClauseKey, language: DocLanguage) => { title: string; body: string }

/** Keeps an edit; the default text again removes the edit, so "modified" always means different. */
export async function saveClause(
  db: WritableDb,
  officer: Officer,
  edit: { key: string; language: DocLanguage; title: string; body: string },
  defaultClause: DefaultClause,
): Promise<void> {
  const d = defaultClause(checkKey(edit.key), edit.language)
  const id = `${edit.key}:${edit.language}`
  await db.transaction().execute(async (trx) => {
    const exists = await trx.selectFrom('agreement_clauses').select('id').where('id', '=', id).executeTakeFirst()
    if (edit.title === d.title && edit.body === d.body) {
      if (exists) await deleteRecord(trx, officer, TARGET, id)
      return
    }
    const columns: NewRecord<'agreement_clauses'> = { clause_key: edit.key, language: edit.language, title: edit.title, body: edit.body }
    if (exists) await updateRecord(trx, officer, TARGET, id, columns)
    else await insertRecord(trx, officer, TARGET, { id, ...columns })
  })
}

/** Goes back to the default text of an article. */
export async function resetClause(db: WritableDb, officer: Officer, key: string, language: DocLanguage): Promise<void> {
  checkKey(key)
  const id = `${key}:${language}`
  await db.transaction().execute(async (trx) => {
    const exists = await trx.selectFrom('agreement_clauses').select('id').where('id', '=', id).executeTakeFirst()
    if (exists) await deleteRecord(trx, officer, TARGET, id)
  })
}
