import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it, onTestFinished, vi } from 'vitest'
import { openAmifFile } from '../../database/file'
import { migrate, type MigrationProgress } from '../../database/file/migrate'
import { LOCK_REFRESH_MS } from '../../database/file/lock'
import { LATEST_VERSION, MIGRATIONS } from '../../database/migrations'
import type { Workspace } from '../../electron/api/workspace'
import en from '../../renderer/src/i18n/en'
import fr from '../../renderer/src/i18n/fr'
import nl from '../../renderer/src/i18n/nl'
import { olderFileWithData } from '../fixtures/older-files'
import { runHere } from './cli-helpers'
import { dumpTables, expectUntouched, makeFileAtVersion, ok, refused, schemaOf, sha256, snapshot, tempDir, testWorkspace } from './helpers'

/** The steps an update from `from` tells, in order: the copy, each migration, compacting after 005, the statistics. */
function expectedSteps(from: number): MigrationProgress[] {
  const pending = MIGRATIONS.filter((m) => m.version > from)
  return [
    { stage: 'backup' },
    ...pending.map((m, i) => ({ stage: 'migration' as const, step: i + 1, steps: pending.length, version: m.version, name: m.name })),
    ...(from < 5 ? [{ stage: 'compact' as const }] : []),
    { stage: 'statistics' },
  ]
}

/**
 * A version 3 file that passes every check made when opening, and that the update refuses at its
 * second step (005 rebuilds the tables STRICT, and a street stored as bytes cannot be kept).
 */
function fileFailingAtStep2(filePath: string): string {
  olderFileWithData(filePath, 3)
  const db = new Database(filePath)
  db.prepare("UPDATE organisations SET street = X'00ff'").run()
  db.close()
  return filePath
}

/** A workspace as the window makes it: an older file is updated in a worker thread, its steps told. */
function windowWorkspace(dir: string, steps: MigrationProgress[]): Workspace {
  return testWorkspace({ dir, checkInBackground: true, onMigrationProgress: (p) => steps.push(p) }).ws
}

describe('the migration runner tells each migration before it runs', () => {
  it('numbers them 1 to n of n, in order, with their versions and names', () => {
    const db = new Database(':memory:')
    const seen: MigrationProgress[] = []
    migrate(db, 6, MIGRATIONS, (p) => seen.push(p))
    expect(seen).toEqual(MIGRATIONS.slice(0, 6).map((m, i) => ({ stage: 'migration', step: i + 1, steps: 6, version: m.version, name: m.name })))
    seen.length = 0
    expect(migrate(db, LATEST_VERSION, MIGRATIONS, (p) => seen.push(p))).toEqual(MIGRATIONS.slice(6).map((m) => m.version))
    expect(seen.map((p) => p.stage === 'migration' && [p.step, p.steps, p.version])).toEqual(
      MIGRATIONS.slice(6).map((m, i) => [i + 1, LATEST_VERSION - 6, m.version]),
    )
    seen.length = 0
    expect(migrate(db, LATEST_VERSION, MIGRATIONS, (p) => seen.push(p))).toEqual([])
    expect(seen).toEqual([])
    db.close()
  })

  for (const from of [3, 10, LATEST_VERSION - 1]) {
    it(`opening a version ${from} file tells the copy, ${LATEST_VERSION - from} migration(s)${from < 5 ? ', compacting' : ''} and the statistics, in order`, async () => {
      const old = makeFileAtVersion(path.join(tempDir(), `v${from}.amif`), from)
      const seen: MigrationProgress[] = []
      const file = openAmifFile(old, { onMigrationProgress: (p) => seen.push(p) })
      expect(file.schemaVersion).toBe(LATEST_VERSION)
      await file.close()
      expect(seen).toEqual(expectedSteps(from))
    })
  }

  it('tells nothing for a file already at the latest version', async () => {
    const old = makeFileAtVersion(path.join(tempDir(), 'latest.amif'), LATEST_VERSION)
    const seen: MigrationProgress[] = []
    await openAmifFile(old, { onMigrationProgress: (p) => seen.push(p) }).close()
    expect(seen).toEqual([])
  })
})

describe('the window updates an older file in a worker thread', () => {
  it('answers meanwhile, tells the same steps, and ends with the same file as the update while opening', async () => {
    const dir = tempDir()
    const here = olderFileWithData(path.join(dir, 'here.amif'), 3)
    const there = path.join(dir, 'worker', 'worker.amif')
    fs.mkdirSync(path.dirname(there))
    fs.copyFileSync(here, there)
    const bytes = sha256(there)

    const opened = openAmifFile(here)
    await opened.close()

    const steps: MigrationProgress[] = []
    const ws = windowWorkspace(dir, steps)
    ws.rememberPicked(there)
    const opening = ok(ws, 'file.open', { path: there })
    // The main thread answers while the worker updates the file: which file, and its step.
    await vi.waitFor(async () => expect((await ok(ws, 'file.migrationProgress', {}))?.progress).not.toBeNull(), { timeout: 20_000, interval: 5 })
    expect(await ok(ws, 'file.migrationProgress', {})).toMatchObject({ path: there, name: 'worker.amif' })
    // Nothing else opens meanwhile.
    expect((await refused(ws, 'file.open', { path: there })).code).toBe('FILE_UPDATING')
    const result = await opening
    expect(result).toMatchObject({ cancelled: false, file: { path: there, schemaVersion: LATEST_VERSION, migratedFrom: 3 } })
    expect(await ok(ws, 'file.migrationProgress', {})).toBeNull()
    expect(steps).toEqual(expectedSteps(3))

    const info = await ok(ws, 'file.info', {})
    expect(info.backupPath).toBe(path.join(path.dirname(there), 'worker.before-v3.amif'))
    expect(sha256(info.backupPath!)).toBe(bytes)
    // Open for writing, its lock held, like any file opened for writing.
    expect(info.readOnly).toBe(false)
    expect(fs.existsSync(`${there}.lock`)).toBe(true)
    await ws.close()

    // The same schema and rows as the update made while opening.
    expect(schemaOf(there)).toEqual(schemaOf(here))
    expect(dumpTables(there)).toEqual(dumpTables(here))

    // And it takes changes, as any file opened for writing.
    await ws.open(there)
    await ok(ws, 'partners.create', { values: { name: 'Fedasil', kind: 'public_authority', country: 'BE' } })
  })

  it('keeps the lock of the file being updated fresh, so that no colleague can take an update of many minutes for an old lock', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    onTestFinished(() => void vi.useRealTimers())
    const dir = tempDir()
    const old = olderFileWithData(path.join(dir, 'old.amif'), 3, 5000)
    const ws = windowWorkspace(dir, [])
    ws.rememberPicked(old)
    const opening = ok(ws, 'file.open', { path: old })
    const refreshedAt = () => (JSON.parse(fs.readFileSync(`${old}.lock`, 'utf8')) as { refreshedAt: string }).refreshedAt
    await vi.waitFor(() => expect(ws.migrationProgress()?.progress).toMatchObject({ stage: 'migration' }), { timeout: 20_000 })
    const before = refreshedAt()
    vi.advanceTimersByTime(LOCK_REFRESH_MS)
    // Still updating: the refresh is the update's own, not that of the file once open.
    expect(ws.migrationProgress()).not.toBeNull()
    expect(refreshedAt() > before).toBe(true)
    await opening
  })

  it('leaves a file that fails half-way exactly as it was, unlocked, no copy left, and says so in the officer’s language', async () => {
    const dir = tempDir()
    fs.mkdirSync(path.join(dir, 'Partage'))
    const old = fileFailingAtStep2(path.join(dir, 'Partage', 'Fedasil 2021.amif'))
    const before = snapshot(old)
    const steps: MigrationProgress[] = []
    const ws = windowWorkspace(dir, steps)
    ws.rememberPicked(old)
    const error = await refused(ws, 'file.open', { path: old })
    expect(error.code).toBe('MIGRATION_FAILED')
    expect(error.message).toContain('organisations record')
    // It got as far as the second migration.
    expect(steps.at(-1)).toMatchObject({ stage: 'migration', step: 2, version: 5 })
    expectUntouched(old, before)
    expect(await ok(ws, 'file.migrationProgress', {})).toBeNull()
    for (const messages of [fr, nl, en]) expect(messages.errors.MIGRATION_FAILED).toMatch(/\S/)
    expect(fr.errors.MIGRATION_FAILED).not.toBe(en.errors.MIGRATION_FAILED)
    expect(nl.errors.MIGRATION_FAILED).not.toBe(en.errors.MIGRATION_FAILED)
  })

  it('the same file fails the same way when updated while opening (the command line, the tests)', () => {
    const old = fileFailingAtStep2(path.join(tempDir(), 'here.amif'))
    const before = snapshot(old)
    expect(() => openAmifFile(old)).toThrow(expect.objectContaining({ code: 'MIGRATION_FAILED' }))
    expectUntouched(old, before)
  })
})

describe('the command line', () => {
  it('says each step of updating an older file on stderr, its answer alone on stdout', async () => {
    const dir = tempDir()
    const old = makeFileAtVersion(path.join(dir, 'v10.amif'), 10)
    // A merge writes to <into>, which it updates first; the colleague's file is a new one.
    const colleague = makeFileAtVersion(path.join(dir, 'colleague.amif'), LATEST_VERSION)
    const run = await runHere(['merge', old, colleague, '--json'])
    expect(run, run.stdout + run.stderr).toMatchObject({ code: 0 })
    const lines = run.stderr.trim().split('\n')
    expect(lines[0]).toBe('updating v10.amif: saving a copy of the file before updating it')
    expect(lines.slice(1, -1)).toEqual(
      MIGRATIONS.slice(10).map((m, i) => expect.stringMatching(new RegExp(`^updating v10\\.amif: step ${i + 1} of ${LATEST_VERSION - 10} \\(0*${m.version} `))),
    )
    expect(lines.at(-1)).toBe('updating v10.amif: preparing the search statistics')
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: true })
  })
})
