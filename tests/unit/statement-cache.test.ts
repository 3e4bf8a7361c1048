import Database from 'better-sqlite3'
import { sql } from 'kysely'
import { describe, expect, it, onTestFinished, vi } from 'vitest'
import { cachingStatements, kyselyOn, STATEMENT_CACHE_SIZE } from '../../database/file'

/**
 * Kysely's queries reuse their prepared statements (issue 13 §5: a project page cost three times
 * its SQL because every query was prepared again), with the same results as fresh statements.
 */

function memoryDb() {
  const sqlite = new Database(':memory:')
  sqlite.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)')
  sqlite.exec("INSERT INTO t (name) VALUES ('Caritas'), ('OIM'), ('Fedasil')")
  onTestFinished(() => {
    if (sqlite.open) sqlite.close()
  })
  return sqlite
}

describe('the statement cache', () => {
  it('prepares a query once and answers it again with fresh values', async () => {
    const sqlite = memoryDb()
    const prepare = vi.spyOn(sqlite, 'prepare')
    const db = kyselyOn(sqlite)
    const read = (id: number) => sql<{ name: string }>`select name from t where id = ${id}`.execute(db)
    expect((await read(1)).rows).toEqual([{ name: 'Caritas' }])
    expect((await read(3)).rows).toEqual([{ name: 'Fedasil' }])
    expect(prepare.mock.calls.filter(([text]) => text === 'select name from t where id = ?')).toHaveLength(1)
  })

  it('sees a write made through the same connection and survives a change of schema', async () => {
    const sqlite = memoryDb()
    const db = kyselyOn(sqlite)
    const count = async () => Number((await sql<{ n: number }>`select count(*) as n from t`.execute(db)).rows[0].n)
    expect(await count()).toBe(3)
    await sql`insert into t (name) values ('Croix-Rouge')`.execute(db)
    expect(await count()).toBe(4)
    sqlite.exec('DROP TABLE t; CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, city TEXT)')
    expect(await count()).toBe(0)
  })

  it('keeps at most STATEMENT_CACHE_SIZE statements, the least recently used dropped', () => {
    const sqlite = memoryDb()
    const prepare = vi.spyOn(sqlite, 'prepare')
    const cache = cachingStatements(sqlite)
    for (let i = 0; i <= STATEMENT_CACHE_SIZE; i++) cache.prepare(`select ${i}`)
    prepare.mockClear()
    // The first was pushed out by the last; the second is still kept.
    cache.prepare('select 1')
    expect(prepare).not.toHaveBeenCalled()
    cache.prepare('select 0')
    expect(prepare).toHaveBeenCalledTimes(1)
  })

  it('gives a second caller its own statement while the first is still being read', () => {
    const sqlite = memoryDb()
    const cache = cachingStatements(sqlite)
    const first = cache.prepare('select name from t order by id')
    const rows = first.iterate([])
    expect(rows.next().value).toEqual({ name: 'Caritas' })
    const second = cache.prepare('select name from t order by id')
    expect(second).not.toBe(first)
    expect(second.all([])).toHaveLength(3)
    expect([...rows]).toEqual([{ name: 'OIM' }, { name: 'Fedasil' }])
    expect(cache.prepare('select name from t order by id')).toBe(first)
  })

  it('closes the connection with the query builder', async () => {
    const sqlite = memoryDb()
    const db = kyselyOn(sqlite)
    await sql`select 1`.execute(db)
    await db.destroy()
    expect(sqlite.open).toBe(false)
  })
})
