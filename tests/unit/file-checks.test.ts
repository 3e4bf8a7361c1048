import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { createAmifFile, FULL_CHECK_MAX_BYTES, openAmifFile } from '../../database/file'
import { applyMerge } from '../../database/merge'
import { writeSnapshot } from '../../database/file/snapshot'
import { AppError } from '../../database/domain/errors'
import { newId } from '../../database/ids'
import { asWritable } from '../../database/writable'
import { checkFile } from '../../electron/api/handlers/file-check'
import { APP_VERSION, countRows, makeAmifFile, makeCorruptFile, makeFileAtVersion, ok, OFFICER, syncedTables, tempDir, testWorkspace } from './helpers'

/** The error a call throws (the test fails when it returns). */
function thrown(fn: () => unknown): AppError {
  try {
    fn()
  } catch (err) {
    expect(err).toBeInstanceOf(AppError)
    return err as AppError
  }
  throw new Error('expected a refusal')
}

/** Rows of the planner's statistics for a table (none when the file has none). */
function statistics(filePath: string, table: string): { idx: string | null; stat: string }[] {
  const db = new Database(filePath, { readonly: true, fileMustExist: true })
  try {
    const present = db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'").pluck().get() as number
    return present ? (db.prepare('SELECT idx, stat FROM sqlite_stat1 WHERE tbl = ?').all(table) as { idx: string | null; stat: string }[]) : []
  } finally {
    db.close()
  }
}

/** The row count the statistics give for one of the table's indexes (the first number of `stat`). */
function analysedRows(filePath: string, table: string, index: string): number | null {
  const row = statistics(filePath, table).find((r) => r.idx === index)
  return row ? Number(row.stat.split(' ')[0]) : null
}

/** Damages the first b-tree page of a table (its header and first cell pointers), as a bad sector would. */
function damageTablePage(filePath: string, table: string): void {
  const db = new Database(filePath, { readonly: true })
  const { rootpage } = db.prepare('SELECT rootpage FROM sqlite_master WHERE name = ?').get(table) as { rootpage: number }
  const pageSize = db.pragma('page_size', { simple: true }) as number
  db.close()
  const bytes = fs.readFileSync(filePath)
  const start = (rootpage - 1) * pageSize
  for (const offset of [0, 3, 8, 9]) bytes[start + offset] ^= 0x5a
  fs.writeFileSync(filePath, bytes)
}

describe('opening runs the quick check', () => {
  it('refuses a file whose pages are damaged, as found by quick_check, and leaves it as it was', async () => {
    const filePath = await makeAmifFile(path.join(tempDir(), 'damaged.amif'), { demo: true })
    damageTablePage(filePath, 'organisations')
    const before = fs.readFileSync(filePath)
    const err = thrown(() => openAmifFile(filePath, { integrity: 'quick' }))
    expect(err.code).toBe('CORRUPT')
    // SQLite stops the quick check at the malformed page itself ("database disk image is malformed").
    expect(err.message).toMatch(/malformed|quick check failed/)
    expect(fs.readFileSync(filePath).equals(before)).toBe(true)
  })

  it('leaves matching every index to its table to the full check, which runs on demand (file.check) and before a merge', async () => {
    const dir = tempDir()
    const filePath = await makeCorruptFile(path.join(dir, 'index-damaged.amif'))
    // The quick check reads every page, not every index entry against its row: it opens.
    const opened = openAmifFile(filePath, { integrity: 'quick', readOnly: true })
    await opened.close()
    // The check the officer asks for reads the index against the table and says what is wrong.
    const onDemand = await checkFile(filePath).then(
      () => null,
      (e: unknown) => e as AppError,
    )
    expect(onDemand?.code).toBe('CORRUPT')
    expect((onDemand?.details as { problems: string[] }).problems.join('\n')).toMatch(/organisations_name/)
    // A merge reads the colleague's file with the full check too.
    const mine = createAmifFile(path.join(dir, 'mine.amif'), { appVersion: APP_VERSION })
    try {
      const merged = await applyMerge(asWritable(mine), filePath, { officer: OFFICER, resolutions: {}, backup: false }).then(
        () => null,
        (e: unknown) => e as AppError,
      )
      expect(merged?.code).toBe('CORRUPT')
    } finally {
      await mine.close()
    }
  })

  it('the window runs the full check on the open file on demand (file.check with its path), which stays open', async () => {
    const { ws, dir } = testWorkspace()
    const filePath = await makeAmifFile(path.join(dir, 'open.amif'), { demo: true })
    await ws.open(filePath)
    expect(await ok(ws, 'file.check', { path: filePath })).toMatchObject({ refused: false, path: filePath, integrity: 'ok', foreignKeys: [] })
    expect(ws.file().path).toBe(filePath)
    await ws.close()
  })

  it('runs the full check on open for a small file, the quick one above the limit', () => {
    expect(FULL_CHECK_MAX_BYTES).toBeGreaterThanOrEqual(1024 * 1024)
    expect(FULL_CHECK_MAX_BYTES).toBeLessThanOrEqual(16 * 1024 * 1024)
  })
})

describe('the planner has statistics', () => {
  it('from the moment a file is created', async () => {
    const filePath = path.join(tempDir(), 'new.amif')
    const file = createAmifFile(filePath, { appVersion: APP_VERSION })
    await file.close()
    // The reference data the migrations load is analysed (the Annex VIII indicators).
    expect(analysedRows(filePath, 'indicators', 'indicators_objective')).toBe(countRows(filePath, 'indicators'))
  })

  it('after a file is migrated', async () => {
    const filePath = makeFileAtVersion(path.join(tempDir(), 'old.amif'), 2)
    expect(statistics(filePath, 'indicators')).toEqual([])
    const file = openAmifFile(filePath)
    expect(file.migrated.length).toBeGreaterThan(0)
    await file.close()
    expect(analysedRows(filePath, 'indicators', 'indicators_objective')).toBe(countRows(filePath, 'indicators'))
  })

  it('after a merge brings rows in', async () => {
    const dir = tempDir()
    const theirs = await makeAmifFile(path.join(dir, 'theirs.amif'), { demo: true })
    const mine = createAmifFile(path.join(dir, 'mine.amif'), { appVersion: APP_VERSION })
    try {
      expect(analysedRows(mine.path, 'projects', 'projects_objective') ?? 0).toBe(0)
      const result = await applyMerge(asWritable(mine), theirs, { officer: OFFICER, resolutions: {}, backup: false })
      expect(result.added).toBeGreaterThan(0)
      expect(analysedRows(mine.path, 'projects', 'projects_objective')).toBe(countRows(theirs, 'projects'))
    } finally {
      await mine.close()
    }
  })

  it('refreshed on close after the file grew', async () => {
    const filePath = path.join(tempDir(), 'grown.amif')
    const file = createAmifFile(filePath, { appVersion: APP_VERSION })
    const insert = file.sqlite.prepare(
      `INSERT INTO audit_log (id, at, officer_name, entity, record_id, action) VALUES (?, '2026-01-01T00:00:00.000Z', 'T', 'organisation', ?, 'create')`,
    )
    file.sqlite.transaction(() => {
      for (let i = 0; i < 2000; i++) insert.run(newId(), i === 5 ? 'r-5' : newId())
    })()
    file.sqlite.prepare("SELECT count(*) FROM audit_log WHERE record_id = 'r-5'").get()
    await file.close()
    expect(analysedRows(filePath, 'audit_log', 'audit_log_record')).toBe(2000)
  })
})

describe('a copy', () => {
  it('opens with every record of the original in it', async () => {
    const dir = tempDir()
    const source = await makeAmifFile(path.join(dir, 'source.amif'), { demo: true })
    const file = openAmifFile(source)
    let copied: string
    try {
      copied = (await writeSnapshot(file.sqlite, file.path, path.join(dir, 'backup.amif'), { newIdentity: false })).path
    } finally {
      await file.close()
    }
    const copy = openAmifFile(copied, { integrity: 'full', readOnly: true })
    await copy.close()
    for (const table of [...syncedTables(source), 'audit_log', 'meta']) expect([table, countRows(copied, table)]).toEqual([table, countRows(source, table)])
  })
})
