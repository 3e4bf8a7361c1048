import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { AppError } from '../../database/domain/errors'
import { ChannelError, invokeOk } from '../../electron/api/index'
import { LATEST_VERSION } from '../../database/migrations'
import { demoCounts, expectUntouched, makeAmifFile, makeFileAtVersion, mergePair, ok, projectByCode, projectEdit, snapshot, testWorkspace } from './helpers'

describe('invokeOk', () => {
  it('returns a channel’s data, and throws its refusal as an AppError with the code, message and details it had', async () => {
    const { ws } = testWorkspace()
    expect(await invokeOk(ws, 'app.setLanguage', { language: 'nl' })).toBe('nl')
    const err = await invokeOk(ws, 'partners.get', { id: '00000000-0000-4000-8000-000000000000' }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(AppError)
    expect(err).toBeInstanceOf(ChannelError)
    expect(err).toMatchObject({ channel: 'partners.get', code: 'NO_FILE_OPEN', message: 'No file is open' })
    expect(ok).toBe(invokeOk)
  })
})

describe('file.check', () => {
  it('reports on the file chosen in the open dialog without opening it in the workspace or changing a byte of it', async () => {
    const { ws, dir, dialogs } = testWorkspace()
    const filePath = await makeAmifFile(path.join(dir, 'mine.amif'), { demo: true })
    const before = snapshot(filePath)
    dialogs.nextOpenPath = filePath
    const report = await ok(ws, 'file.check', {})
    if (report.cancelled) throw new Error('cancelled')
    expect(report).toMatchObject({
      refused: false,
      path: filePath,
      schemaVersion: LATEST_VERSION,
      upgradeNeeded: false,
      schema: 'ok',
      integrity: 'ok',
      foreignKeys: [],
    })
    expect(report.refused === false && report.counts.organisations).toBe(demoCounts().organisations)
    expect(ws.hasFile()).toBe(false)
    expectUntouched(filePath, before)
    dialogs.nextOpenPath = null
    expect(await ok(ws, 'file.check', {})).toEqual({ cancelled: true })
    // A path from the window must be one the officer chose or opened: the one just picked is, no other.
    expect(await ok(ws, 'file.check', { path: filePath })).toMatchObject({ refused: false, path: filePath })
    const err = await invokeOk(ws, 'file.check', { path: path.join(dir, 'other.amif') }).catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'VALIDATION' })
  })

  it('counts an older file on a migrated copy in memory, and reports a file refused for its schema with what differs', async () => {
    const { ws, dir, dialogs } = testWorkspace()
    const old = makeFileAtVersion(path.join(dir, 'old.amif'), 2)
    const before = snapshot(old)
    dialogs.nextOpenPath = old
    expect(await ok(ws, 'file.check', {})).toMatchObject({ refused: false, schemaVersion: 2, upgradeNeeded: true, counts: { projects: 0 } })
    expectUntouched(old, before)

    const foreign = await makeAmifFile(path.join(dir, 'foreign.amif'))
    const db = new Database(foreign)
    db.exec('CREATE TABLE extra (x)')
    db.close()
    dialogs.nextOpenPath = foreign
    const report = await ok(ws, 'file.check', {})
    expect(report).toMatchObject({ refused: true, code: 'FOREIGN_SCHEMA', path: foreign })
    expect(report.cancelled === false && report.refused && report.schema).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'extra' })]))
  })
})

describe('file.importForeign from the open dialog (the command line’s import)', () => {
  it('imports the records of the file chosen in the open dialog into the new file chosen in the save dialog, and opens it', async () => {
    const { ws, dir, dialogs } = testWorkspace()
    const foreign = await makeAmifFile(path.join(dir, 'foreign.amif'), { demo: true })
    const db = new Database(foreign)
    db.exec('CREATE TABLE extra (x)')
    db.close()
    const before = snapshot(foreign)
    const clean = path.join(dir, 'clean.amif')
    dialogs.nextOpenPath = foreign
    dialogs.nextSavePath = clean
    const result = await ok(ws, 'file.importForeign', {})
    if (result.cancelled) throw new Error('cancelled')
    expect(result.report).toMatchObject({ path: clean, source: { path: foreign }, refusedTotal: 0 })
    expect(result.report.removed.map((d) => d.name)).toEqual(['extra'])
    expect(result.file).toMatchObject({ path: clean, readOnly: false, counts: { organisations: demoCounts().organisations, projects: demoCounts().projects } })
    expect(snapshot(foreign).hash).toBe(before.hash)
    dialogs.nextOpenPath = null
    expect(await ok(ws, 'file.importForeign', {})).toEqual({ cancelled: true })
  })
})

describe('merge.dryRun', () => {
  it('says what merge.apply would do with the same choices, on a file open read-only, and writes nothing', async () => {
    const pair = await mergePair()
    const rv1 = await projectByCode(pair.theirs, 'AMIF-2024-RV-01')
    await ok(pair.theirs, 'projects.update', { id: rv1.id, values: projectEdit(rv1, { title: 'Titre du collègue' }) })
    await pair.theirs.close()
    await pair.mine.close()
    const before = snapshot(pair.minePath)
    await pair.mine.open(pair.minePath, { readOnly: true })
    pair.dialogs.nextOpenPath = pair.theirsPath
    await ok(pair.mine, 'merge.preview', {})
    const result = await ok(pair.mine, 'merge.dryRun', { prefer: 'theirs' })
    expect(result).toMatchObject({ dryRun: true, updated: 1, backupPath: null, mergeId: null })
    expectUntouched(pair.minePath, before)
  })
})

describe('file.saveCopy with replace: false (the command line’s backup)', () => {
  it('refuses an existing destination with FILE_EXISTS and leaves it as it was', async () => {
    const { ws, dir, dialogs } = testWorkspace()
    await ws.open(await makeAmifFile(path.join(dir, 'mine.amif')))
    const other = path.join(dir, 'notes.txt')
    fs.writeFileSync(other, 'keep me')
    dialogs.nextSavePath = other
    const err = await invokeOk(ws, 'file.saveCopy', { newIdentity: false, replace: false }).catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'FILE_EXISTS' })
    expect(fs.readFileSync(other, 'utf8')).toBe('keep me')
  })
})

describe('the command line', () => {
  it('reaches files only through the API: it imports no module of the database that reads or writes a file', () => {
    const source = fs.readFileSync(path.join(__dirname, '../../electron/cli/cli.ts'), 'utf8')
    const runtimeImports = [...source.matchAll(/^import (?!type )[^\n]*from '([^']+)'/gm)].map((m) => m[1])
    expect(runtimeImports.filter((m) => /database\/(merge|file|stats)/.test(m) || m === 'better-sqlite3' || m === 'kysely')).toEqual([])
  })
})
