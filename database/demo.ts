import type { Kysely } from 'kysely'
import type { Officer } from './audit'
import type { DB } from './schema'

/** Fills an empty file with the demonstration registry (fictitious people, example.org addresses). */
export async function loadDemoData(_db: Kysely<DB>, _officer: Officer): Promise<void> {
  throw new Error('demo data: being written')
}
