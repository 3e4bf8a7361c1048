import path from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { openAmifFile } from '../../database/file'
import { migrate, schemaVersion } from '../../database/file/migrate'
import { LATEST_VERSION, MIGRATIONS } from '../../database/migrations'
import type { Migration } from '../../database/migrations/types'
import { expectUntouched, makeAmifFile, makeFileAtVersion, pragmasOf, schemaOf, sha256, snapshot, tempDir } from './helpers'

const EARLIER_VERSIONS = Array.from({ length: LATEST_VERSION }, (_, v) => v)

function schemaRows(db: Database.Database) {
  return db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name').all()
}

describe('the migration list', () => {
  it('is numbered 1, 2, 3... without gaps, each with a name', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1))
    expect(LATEST_VERSION).toBe(MIGRATIONS.length)
    for (const m of MIGRATIONS) expect(m.name).toMatch(/^[a-z0-9_]+$/)
  })
})

describe('opening a file written by an earlier version', () => {
  for (const version of EARLIER_VERSIONS) {
    it(`migrates a version ${version} file to ${LATEST_VERSION}, with the same schema as a new file`, async () => {
      const dir = tempDir()
      const fresh = await makeAmifFile(path.join(dir, 'fresh.amif'))
      const old = makeFileAtVersion(path.join(dir, `v${version}.amif`), version)
      expect(pragmasOf(old).userVersion).toBe(version)
      const bytes = sha256(old)

      const file = openAmifFile(old)
      expect(file.migrated).toEqual(MIGRATIONS.filter((m) => m.version > version).map((m) => m.version))
      expect(file.schemaVersion).toBe(LATEST_VERSION)
      // The file as it was, copied beside it before the first migration ran.
      expect(file.migratedFrom).toBe(version)
      expect(file.backupPath).toBe(path.join(dir, `v${version}.before-v${version}.amif`))
      expect(sha256(file.backupPath!)).toBe(bytes)
      await file.close()

      expect(pragmasOf(old).userVersion).toBe(LATEST_VERSION)
      expect(schemaOf(old)).toEqual(schemaOf(fresh))
      // Opening again migrates nothing.
      const again = openAmifFile(old)
      expect(again.migrated).toEqual([])
      expect(again.backupPath).toBeNull()
      await again.close()
    })

    it(`refuses to migrate a version ${version} file opened read-only, leaving it untouched`, async () => {
      const old = makeFileAtVersion(path.join(tempDir(), `v${version}.amif`), version)
      const before = snapshot(old)
      expect(() => openAmifFile(old, { readOnly: true })).toThrow(expect.objectContaining({ code: 'READ_ONLY' }))
      expectUntouched(old, before)
    })

    it(`inspects a version ${version} file as it is, without migrating it`, async () => {
      const old = makeFileAtVersion(path.join(tempDir(), `v${version}.amif`), version)
      const before = snapshot(old)
      const file = openAmifFile(old, { inspectOnly: true })
      expect(file.schemaVersion).toBe(version)
      expect(file.readOnly).toBe(true)
      expect(file.migrated).toEqual([])
      await file.close()
      expectUntouched(old, before)
    })
  }
})

describe('the migration runner', () => {
  it('stops at the target version', () => {
    const db = new Database(':memory:')
    expect(migrate(db, 0)).toEqual([])
    expect(schemaVersion(db)).toBe(0)
    expect(schemaRows(db)).toEqual([])
    expect(migrate(db)).toEqual(MIGRATIONS.map((m) => m.version))
    expect(schemaVersion(db)).toBe(LATEST_VERSION)
    db.close()
  })

  it('runs each migration in its own transaction with its user_version bump', () => {
    const db = new Database(':memory:')
    migrate(db)
    const seen: boolean[] = []
    const probe: Migration = {
      version: LATEST_VERSION + 1,
      name: 'probe',
      up(d) {
        seen.push(d.inTransaction)
        d.exec('CREATE TABLE probe (x TEXT)')
      },
    }
    expect(migrate(db, LATEST_VERSION + 1, [...MIGRATIONS, probe])).toEqual([LATEST_VERSION + 1])
    expect(seen).toEqual([true])
    expect(schemaVersion(db)).toBe(LATEST_VERSION + 1)
    db.close()
  })

  it('leaves user_version and schema as they were when a migration fails', async () => {
    const filePath = await makeAmifFile(path.join(tempDir(), 'atomic.amif'), { demo: true })
    const db = new Database(filePath)
    const schemaBefore = schemaRows(db)
    const orgsBefore = db.prepare('SELECT * FROM organisations ORDER BY id').all()
    const failing: Migration = {
      version: LATEST_VERSION + 1,
      name: 'fails_half_way',
      up(d) {
        d.exec('CREATE TABLE future_things (id TEXT PRIMARY KEY)')
        d.exec('ALTER TABLE organisations ADD COLUMN region TEXT')
        d.exec("UPDATE organisations SET notes = 'half-migrated'")
        throw new Error('disk full (simulated)')
      },
    }
    expect(() => migrate(db, LATEST_VERSION + 1, [...MIGRATIONS, failing])).toThrow('disk full (simulated)')
    expect(schemaVersion(db)).toBe(LATEST_VERSION)
    expect(schemaRows(db)).toEqual(schemaBefore)
    expect(db.prepare('SELECT * FROM organisations ORDER BY id').all()).toEqual(orgsBefore)
    expect(db.inTransaction).toBe(false)
    db.close()
    // And the file still opens normally.
    const file = openAmifFile(filePath)
    expect(file.schemaVersion).toBe(LATEST_VERSION)
    await file.close()
  })

  it('keeps the migrations that succeeded before the one that failed', () => {
    const db = new Database(':memory:')
    migrate(db)
    const good: Migration = { version: LATEST_VERSION + 1, name: 'good', up: (d) => d.exec('CREATE TABLE good (x)') }
    const bad: Migration = {
      version: LATEST_VERSION + 2,
      name: 'bad',
      up: (d) => {
        d.exec('CREATE TABLE bad (x)')
        d.exec('THIS IS NOT SQL')
      },
    }
    expect(() => migrate(db, LATEST_VERSION + 2, [...MIGRATIONS, good, bad])).toThrow()
    expect(schemaVersion(db)).toBe(LATEST_VERSION + 1)
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name)
    expect(tables).toContain('good')
    expect(tables).not.toContain('bad')
    db.close()
  })
})
