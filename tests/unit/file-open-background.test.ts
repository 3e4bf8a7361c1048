import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it, onTestFinished } from 'vitest'
import { FULL_CHECK_MAX_BYTES } from '../../database/file'
import { checkPages } from '../../database/file/page-check'
import { JsonSettingsStore } from '../../electron/api/settings'
import { Workspace } from '../../electron/api/workspace'
import { APP_VERSION, expectUntouched, FakeDialogs, makeAmifFile, makeCorruptFile, ok, OFFICER, refused, snapshot, tempDir } from './helpers'

const PARTNER = { name: 'Caritas International Belgique', acronym: 'Caritas', kind: 'ngo', country: 'BE' } as const

/** A file of the demonstration data made larger than the size up to which every open runs the full check. */
async function largeFile(filePath: string): Promise<string> {
  return padded(await makeAmifFile(filePath, { demo: true }))
}

/** The file with history rows added until it is larger than the size up to which every open runs the full check. */
function padded(filePath: string): string {
  const db = new Database(filePath)
  try {
    const insert = db.prepare(
      "INSERT INTO audit_log (id, at, officer_name, officer_email, entity, record_id, parent_id, action, before_json, after_json) VALUES (?, '2026-01-01T00:00:00.000Z', 'Bench', NULL, 'organisation', ?, NULL, 'update', NULL, ?)",
    )
    const rows = Math.ceil((FULL_CHECK_MAX_BYTES * 1.2) / 2000)
    db.transaction(() => {
      for (let i = 0; i < rows; i++) insert.run(randomBytes(16).toString('hex'), randomBytes(16).toString('hex'), JSON.stringify({ notes: 'x'.repeat(1900) }))
    })()
  } finally {
    db.close()
  }
  expect(fs.statSync(filePath).size).toBeGreaterThan(FULL_CHECK_MAX_BYTES)
  return filePath
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

/** A workspace as the window makes it: a large file opens at once and is checked in a worker thread. */
function windowWorkspace(dir: string): Workspace {
  const ws = new Workspace({
    settings: new JsonSettingsStore(path.join(dir, 'userData', 'settings.json')),
    dialogs: new FakeDialogs(),
    documentsDir: path.join(dir, 'Documents'),
    appVersion: APP_VERSION,
    checkInBackground: true,
  })
  ws.updateSettings({ officer: OFFICER })
  onTestFinished(() => ws.close())
  return ws
}

describe('a large file opens at once, its pages checked meanwhile', () => {
  it('reads at once, refuses changes while it is checked (FILE_CHECKING), and takes them once the check has passed', async () => {
    const dir = tempDir()
    const filePath = await largeFile(path.join(dir, 'large.amif'))
    const ws = windowWorkspace(dir)
    await ws.open(filePath)
    expect(ws.fileAccess()).toMatchObject({ readOnly: true, readOnlyReason: 'checking' })
    expect(await ok(ws, 'file.info', {})).toMatchObject({ readOnly: true, readOnlyReason: 'checking' })
    expect((await refused(ws, 'partners.create', { values: PARTNER })).code).toBe('FILE_CHECKING')
    await ws.pagesChecked()
    expect(ws.fileAccess()).toMatchObject({ readOnly: false, readOnlyReason: null })
    await ok(ws, 'partners.create', { values: PARTNER })
  })

  it('a damaged file found by the check turns read-only with the damaged-file error (CORRUPT), and is left as it was', async () => {
    const dir = tempDir()
    const filePath = await largeFile(path.join(tempDir(), 'damaged.amif'))
    damageTablePage(filePath, 'organisations')
    const before = snapshot(filePath)
    const ws = windowWorkspace(dir)
    await ws.open(filePath)
    await ws.pagesChecked()
    expect(ws.fileAccess()).toMatchObject({ readOnly: true, readOnlyReason: 'damaged' })
    const error = await refused(ws, 'partners.create', { values: PARTNER })
    expect(error.code).toBe('CORRUPT')
    await ws.close()
    expectUntouched(filePath, before)
  })

  it('without the window (the command line, a small file) the check runs while opening, as before', async () => {
    const dir = tempDir()
    const filePath = await largeFile(path.join(tempDir(), 'damaged.amif'))
    damageTablePage(filePath, 'organisations')
    const before = snapshot(filePath)
    const ws = new Workspace({
      settings: new JsonSettingsStore(path.join(dir, 'userData', 'settings.json')),
      dialogs: new FakeDialogs(),
      documentsDir: path.join(dir, 'Documents'),
      appVersion: APP_VERSION,
    })
    await expect(ws.open(filePath)).rejects.toMatchObject({ code: 'CORRUPT' })
    expect(ws.hasFile()).toBe(false)
    expectUntouched(filePath, before)
  })
})

describe('the full check says how far it is', () => {
  it('reports progress table by table up to the whole, and finds what the quick check does not (an index against its table)', async () => {
    const dir = tempDir()
    const filePath = await makeAmifFile(path.join(dir, 'sound.amif'), { demo: true })
    const seen: number[] = []
    expect(await checkPages(filePath, 'full', { onProgress: (p) => seen.push(p.done / p.total) })).toEqual([])
    expect(seen.length).toBeGreaterThan(5)
    expect(seen).toEqual([...seen].sort((a, b) => a - b))
    expect(seen.at(-1)).toBe(1)
    // An index that no longer matches its table: only the full check sees it.
    const damaged = await makeCorruptFile(path.join(dir, 'index-damaged.amif'))
    expect(await checkPages(damaged, 'quick')).toEqual([])
    expect((await checkPages(damaged, 'full')).join('\n')).toMatch(/organisations_name/)
  })

  it('file.check of a large file runs in a worker thread: file.checkProgress says how far it is, file.checkStop stops it', async () => {
    const dir = tempDir()
    const filePath = await largeFile(path.join(tempDir(), 'large.amif'))
    const ws = windowWorkspace(dir)
    ws.rememberPicked(filePath)
    expect(await ok(ws, 'file.checkProgress', {})).toBeNull()
    const running = ok(ws, 'file.check', { path: filePath })
    await new Promise((r) => setTimeout(r, 50))
    expect(await ok(ws, 'file.checkProgress', {})).toMatchObject({ total: expect.any(Number) })
    expect(await ok(ws, 'file.checkStop', {})).toEqual({ stopped: true })
    expect(await running).toEqual({ cancelled: true })
    expect(await ok(ws, 'file.checkProgress', {})).toBeNull()
    expect(await ok(ws, 'file.check', { path: filePath })).toMatchObject({ cancelled: false, refused: false, integrity: 'ok' })
  })

  it('file.check of a large file whose index no longer matches its table says it is damaged (CORRUPT)', async () => {
    const dir = tempDir()
    const filePath = padded(await makeCorruptFile(path.join(tempDir(), 'index-damaged.amif')))
    const ws = windowWorkspace(dir)
    ws.rememberPicked(filePath)
    const error = await refused(ws, 'file.check', { path: filePath })
    expect(error.code).toBe('CORRUPT')
    expect(JSON.stringify(error.details)).toMatch(/organisations_name/)
  })

  it('stops when asked', async () => {
    const filePath = await largeFile(path.join(tempDir(), 'large.amif'))
    const stop = new AbortController()
    const running = checkPages(filePath, 'full', { signal: stop.signal })
    stop.abort(new Error('stopped'))
    await expect(running).rejects.toThrow('stopped')
  })
})

describe('a large copy is written at once, its full check following in a worker thread', () => {
  /** The copy's check as file.checkProgress tells it, once it has said its verdict. */
  async function copyVerdict(ws: Workspace, copyPath: string) {
    for (;;) {
      const p = await ok(ws, 'file.checkProgress', {})
      expect(p).toMatchObject({ subject: 'copy', path: copyPath, total: expect.any(Number) })
      if (p!.problems !== null) return p!
      await new Promise((r) => setTimeout(r, 20))
    }
  }

  it('file.saveCopy answers before the check (integrity pending); file.checkProgress says how far it is, then that the copy is sound', async () => {
    const dir = tempDir()
    const filePath = await largeFile(path.join(dir, 'large.amif'))
    const ws = windowWorkspace(dir)
    await ws.open(filePath)
    await ws.pagesChecked()
    ;(ws.dialogs as FakeDialogs).nextSavePath = path.join(dir, 'copy.amif')
    const copy = await ok(ws, 'file.saveCopy', {})
    expect(copy).toMatchObject({ cancelled: false, integrity: 'pending', path: path.join(dir, 'copy.amif') })
    const verdict = await copyVerdict(ws, path.join(dir, 'copy.amif'))
    expect(verdict).toMatchObject({ problems: [], done: verdict.total })
    expect(await checkPages(path.join(dir, 'copy.amif'), 'full')).toEqual([])
  })

  it('the check of a copy whose index no longer matches its table (unseen by the quick check at opening) says what is wrong', async () => {
    const dir = tempDir()
    const filePath = padded(await makeCorruptFile(path.join(dir, 'index-damaged.amif')))
    const ws = windowWorkspace(dir)
    await ws.open(filePath)
    await ws.pagesChecked()
    expect(ws.fileAccess().readOnly).toBe(false)
    ;(ws.dialogs as FakeDialogs).nextSavePath = path.join(dir, 'copy.amif')
    expect(await ok(ws, 'file.saveCopy', {})).toMatchObject({ integrity: 'pending' })
    expect((await copyVerdict(ws, path.join(dir, 'copy.amif'))).problems!.join('\n')).toMatch(/organisations_name/)
  })
})
