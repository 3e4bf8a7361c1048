import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { BAD_FILES, expectUntouched, makeAmifFile, ok, snapshot, tempDir, testWorkspace } from './helpers'

const DEFAULT_FILE = path.join('Documents', 'AMIF Desk', 'AMIF Desk.amif')

describe('start-up', () => {
  it('creates "AMIF Desk.amif" in a visible AMIF Desk folder of the documents on first start', async () => {
    const { ws, dir } = testWorkspace()
    const started = await ok(ws, 'file.openAtStartup', {})
    const expected = path.join(dir, DEFAULT_FILE)
    expect(started).toMatchObject({ created: true, lastFileProblem: null, file: { path: expected, name: 'AMIF Desk.amif', readOnly: false } })
    expect(started.file.counts).toEqual({ organisations: 0, contacts: 0, partnerships: 0, calls: 0, projects: 0, milestones: 0, payments: 0, auditEntries: 0 })
    expect(fs.existsSync(expected)).toBe(true)
    expect(ws.settings()).toMatchObject({ lastFile: expected, recentFiles: [expected] })
    // The settings are kept on disk, not in the file.
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'userData', 'settings.json'), 'utf8')).lastFile).toBe(expected)
  })

  it('reopens the same file at the next start', async () => {
    const dir = tempDir()
    const first = testWorkspace({ dir })
    const created = await ok(first.ws, 'file.openAtStartup', {})
    await ok(first.ws, 'demo.load', {})
    await first.ws.close()

    const second = testWorkspace({ dir })
    const reopened = await ok(second.ws, 'file.openAtStartup', {})
    expect(reopened.created).toBe(false)
    expect(reopened.lastFileProblem).toBeNull()
    expect(reopened.file.fileId).toBe(created.file.fileId)
    expect(reopened.file.counts.organisations).toBeGreaterThan(0)
  })

  it('reopens the last file the officer used, wherever it is', async () => {
    const dir = tempDir()
    const elsewhere = await makeAmifFile(path.join(dir, 'Partage', 'Fedasil 2025.amif'))
    const first = testWorkspace({ dir })
    await first.ws.open(elsewhere)
    await first.ws.close()

    const { ws } = testWorkspace({ dir })
    const started = await ok(ws, 'file.openAtStartup', {})
    expect(started).toMatchObject({ created: false, lastFileProblem: null, file: { path: elsewhere } })
    expect(fs.existsSync(path.join(dir, DEFAULT_FILE))).toBe(false)
  })

  it('does nothing when a file is already open', async () => {
    const { ws, dir } = testWorkspace()
    const mine = await makeAmifFile(path.join(dir, 'mine.amif'))
    await ws.open(mine)
    expect(await ok(ws, 'file.openAtStartup', {})).toMatchObject({ created: false, lastFileProblem: null, file: { path: mine } })
    expect(fs.existsSync(path.join(dir, DEFAULT_FILE))).toBe(false)
  })

  for (const bad of BAD_FILES) {
    it(`falls back to the default file when the last file is ${bad.label}, saying why and leaving it as it was`, async () => {
      const dir = tempDir()
      const shared = path.join(dir, 'Partage')
      fs.mkdirSync(shared)
      const last = await bad.make(shared)
      const before = snapshot(last)
      const { ws, settings } = testWorkspace({ dir })
      settings.write({ ...settings.read(), lastFile: last, recentFiles: [last] })

      const started = await ok(ws, 'file.openAtStartup', {})
      expect(started.lastFileProblem?.code).toBe(bad.code)
      expect(started.file.path).toBe(path.join(dir, DEFAULT_FILE))
      expect(ws.settings().lastFile).toBe(path.join(dir, DEFAULT_FILE))
      expectUntouched(last, before)
    })
  }

  it('opens the existing default file when the last one is gone', async () => {
    const dir = tempDir()
    const first = testWorkspace({ dir })
    const created = await ok(first.ws, 'file.openAtStartup', {})
    const other = await makeAmifFile(path.join(dir, 'other.amif'))
    await first.ws.open(other)
    await first.ws.close()
    fs.rmSync(other)

    const { ws } = testWorkspace({ dir })
    const started = await ok(ws, 'file.openAtStartup', {})
    expect(started).toMatchObject({ created: false, lastFileProblem: { code: 'FILE_NOT_FOUND' } })
    expect(started.file.fileId).toBe(created.file.fileId)
  })

  it('starts a new dated file beside a default file that is itself refused, keeping the bad one', async () => {
    const dir = tempDir()
    const defaultPath = path.join(dir, DEFAULT_FILE)
    fs.mkdirSync(path.dirname(defaultPath), { recursive: true })
    fs.writeFileSync(defaultPath, 'damaged by a sync tool')
    const before = snapshot(defaultPath)
    const { ws, settings } = testWorkspace({ dir })
    settings.write({ ...settings.read(), lastFile: defaultPath })

    const started = await ok(ws, 'file.openAtStartup', {})
    expect(started.created).toBe(true)
    expect(started.lastFileProblem?.code).toBe('NOT_SQLITE')
    expect(path.dirname(started.file.path)).toBe(path.dirname(defaultPath))
    expect(started.file.name).toMatch(/^AMIF Desk \d{4}-\d{2}-\d{2}\.amif$/)
    const after = snapshot(defaultPath)
    expect(after.hash).toBe(before.hash)
    // The new file is open for writing, so its lock lies beside it; the bad one has none.
    expect(after.siblings).toEqual([started.file.name, `${started.file.name}.lock`, 'AMIF Desk.amif'].sort())
  })
})

describe('recent files', () => {
  it('lists the files opened, most recent first, without duplicates', async () => {
    const { ws, dir } = testWorkspace()
    const a = await makeAmifFile(path.join(dir, 'a.amif'))
    const b = await makeAmifFile(path.join(dir, 'b.amif'))
    await ws.open(a)
    await ws.open(b)
    await ws.open(a)
    expect((await ok(ws, 'app.state', {})).recentFiles).toEqual([a, b])
  })
})
