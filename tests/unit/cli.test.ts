import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { DEMO_PARTNERS } from '../../database/demo'
import { todayIso } from '../../database/domain/dates'
import { LATEST_VERSION } from '../../database/migrations'
import { AppError } from '../../database/domain/errors'
import { Workspace } from '../../electron/api/workspace'
import { cliOfficerName } from '../../electron/cli/cli'
import { folderState, makeHotJournalFile } from './file-helpers'
import { BAD_FILES, countRows, demoCounts, expectUntouched, makeAmifFile, makeFileAtVersion, pragmasOf, snapshot, tempDir } from './helpers'
import { runHere, type Run } from './cli-helpers'

/** Node's own diagnostics ("(node:123) Warning...") are not ours; anything else on stderr would be. */
function expectNoStack(run: Run): void {
  expect(run.stdout).not.toMatch(/\n\s+at /)
  expect(run.stderr).not.toMatch(/\n\s+at /)
}

afterEach(() => {
  vi.restoreAllMocks()
})

// The same commands as separate processes (the real entry point, exit codes, a writer in another
// process): tests/slow/cli-process.test.ts.
describe('the command line, in process', () => {
  it('init --demo, then check reports the demonstration counts and changes nothing, partners --json lists them, init again is refused', async () => {
    const file = path.join(tempDir(), 'démo partenaires.amif')
    const init = await runHere(['init', file, '--demo', '--officer', 'Support IT'])
    expect(init.code).toBe(0)
    const created = JSON.parse(init.stdout)
    expect(created).toMatchObject({ ok: true, path: file, schemaVersion: LATEST_VERSION, counts: demoCounts() })
    const before = snapshot(file)
    const check = await runHere(['check', file])
    expect(check.code).toBe(0)
    expect(JSON.parse(check.stdout)).toMatchObject({
      ok: true,
      path: file,
      schema: 'ok',
      integrity: 'ok',
      foreignKeys: [],
      fileId: created.fileId,
      counts: demoCounts(),
    })
    const partners = await runHere(['partners', file, '--json'])
    expect(partners.code).toBe(0)
    const listed = JSON.parse(partners.stdout)
    expect(listed.count).toBe(DEMO_PARTNERS.length)
    expect(listed.partners.find((p: { acronym: string }) => p.acronym === 'Caritas').updatedBy).toBe('Support IT')
    const again = await runHere(['init', file])
    expect(again.code).toBe(2)
    expect(JSON.parse(again.stdout)).toEqual({ ok: false, code: 'FILE_EXISTS', message: expect.stringContaining('démo partenaires.amif') })
    expectUntouched(file, before)
  })

  it('prints usage for --help (exit 0) and for an unknown command (exit 1)', async () => {
    const help = await runHere(['--help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toMatch(/Usage:[\s\S]*init <file> \[--demo\][\s\S]*check <file>[\s\S]*partners <file> \[--json\][\s\S]*backup <file> <dest>/)
    const unknown = await runHere(['frobnicate', 'x.amif'])
    expect(unknown.code).toBe(1)
    expect(unknown.stdout).toBe('')
    expect(unknown.stderr).toMatch(/Unknown command: frobnicate[\s\S]*Usage:/)
  })

  for (const bad of BAD_FILES) {
    it(`check refuses ${bad.label}: exit 2, ${bad.code}, file byte-identical`, async () => {
      const file = await bad.make(tempDir())
      const before = snapshot(file)
      const run = await runHere(['check', file])
      expect(run.code).toBe(2)
      expect(JSON.parse(run.stdout)).toEqual({ ok: false, code: bad.code, message: expect.any(String) })
      expect(run.stderr).toBe('')
      expectUntouched(file, before)
      // partners reads the file the same careful way.
      expect((await runHere(['partners', file, '--json'])).code).toBe(2)
      expectUntouched(file, before)
    })
  }

  it('backup refuses every bad file with its code, leaving it as it was and writing nothing', async () => {
    for (const bad of BAD_FILES) {
      const dir = tempDir()
      const file = await bad.make(dir)
      const before = snapshot(file)
      const dest = path.join(dir, 'Sauvegardes', 'copy.amif')
      const run = await runHere(['backup', file, dest])
      expect(run.code, bad.label).toBe(2)
      expect(JSON.parse(run.stdout).code, bad.label).toBe(bad.code)
      expectUntouched(file, before)
      expect(fs.existsSync(dest), bad.label).toBe(false)
    }
  })

  it('backup refuses the file itself, an existing destination of any kind, and a missing destination', async () => {
    const dir = tempDir()
    const file = await makeAmifFile(path.join(dir, 'mine.amif'), { demo: true })
    const other = path.join(dir, 'notes.txt')
    fs.writeFileSync(other, 'keep me')
    const before = snapshot(file)
    expect(JSON.parse((await runHere(['backup', file, file])).stdout).code).toBe('SAME_FILE')
    expect(JSON.parse((await runHere(['backup', file, path.join(dir, '.', 'mine.amif')])).stdout).code).toBe('SAME_FILE')
    expect(JSON.parse((await runHere(['backup', file, other])).stdout).code).toBe('FILE_EXISTS')
    expect(fs.readFileSync(other, 'utf8')).toBe('keep me')
    const usage = await runHere(['backup', file])
    expect(usage.code).toBe(1)
    expect(usage.stderr).toMatch(/backup needs a destination file[\s\S]*Usage:/)
    expect((await runHere(['backup', file, path.join(dir, 'a.amif'), path.join(dir, 'b.amif')])).code).toBe(1)
    expect((await runHere(['backup', file, path.join(dir, 'a.amif'), '--json'])).code).toBe(1)
    expectUntouched(file, before)
  })

  it('backup copies a file left with a hot journal as it is once rolled back, leaving the file and its journal as they were', async () => {
    const dir = tempDir()
    const hot = await makeHotJournalFile(path.join(dir, 'crashed.amif'))
    const before = folderState(dir)
    const dest = path.join(tempDir(), 'copy.amif')
    const run = await runHere(['backup', hot.path, dest])
    expect(run.code).toBe(0)
    expect(folderState(dir)).toEqual(before)
    expect(countRows(dest, 'audit_log')).toBe(hot.committed.auditRows)
    expect(pragmasOf(dest).journalMode).toBe('delete')
  })

  it('check reads a file left with a hot journal as rolled back, says so, and changes nothing', async () => {
    const dir = tempDir()
    const hot = await makeHotJournalFile(path.join(dir, 'crashed.amif'))
    const before = folderState(dir)
    const run = await runHere(['check', hot.path])
    expect(run.code).toBe(0)
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: true, integrity: 'ok', interruptedTransaction: true, counts: { auditEntries: hot.committed.auditRows } })
    expect(folderState(dir)).toEqual(before)
  })

  it('backup copies an older file as it is, at its own version', async () => {
    const dir = tempDir()
    const file = makeFileAtVersion(path.join(dir, 'old.amif'), LATEST_VERSION - 1)
    const before = snapshot(file)
    const dest = path.join(dir, 'Sauvegardes', 'old copy.amif')
    expect((await runHere(['backup', file, dest])).code).toBe(0)
    expect(pragmasOf(dest).userVersion).toBe(LATEST_VERSION - 1)
    expect(fs.readdirSync(dir).filter((n) => n.includes('.before-v'))).toEqual([])
    expect(snapshot(file).hash).toBe(before.hash)
  })

  it('init refuses an existing file of any kind, leaving it as it was', async () => {
    const dir = tempDir()
    for (const bad of BAD_FILES.filter((b) => b.code !== 'FILE_NOT_FOUND')) {
      const file = await bad.make(dir)
      const before = snapshot(file)
      const run = await runHere(['init', file, '--demo'])
      expect(run.code, bad.label).toBe(2)
      expect(JSON.parse(run.stdout).code, bad.label).toBe('FILE_EXISTS')
      expectUntouched(file, before)
    }
  })

  it('checks a file from an earlier schema version without migrating it', async () => {
    const file = makeFileAtVersion(path.join(tempDir(), 'old.amif'), LATEST_VERSION - 1)
    const before = snapshot(file)
    const run = await runHere(['check', file])
    expect(run.code).toBe(0)
    expect(JSON.parse(run.stdout)).toMatchObject({
      ok: true,
      schemaVersion: LATEST_VERSION - 1,
      latestVersion: LATEST_VERSION,
      upgradeNeeded: true,
      integrity: 'ok',
      counts: { organisations: 0, contacts: 0, partnerships: 0, calls: 0, projects: 0, milestones: 0, payments: 0, auditEntries: 0 },
    })
    expectUntouched(file, before)
  })

  it('lists partners as text without --json, archived ones marked', async () => {
    const file = await makeAmifFile(path.join(tempDir(), 'p.amif'), { demo: true })
    const run = await runHere(['partners', file])
    expect(run.code).toBe(0)
    const lines = run.stdout.trimEnd().split('\n')
    expect(lines).toHaveLength(DEMO_PARTNERS.length)
    expect(lines.find((l) => l.startsWith('Caritas International Belgique\t'))).toMatch(/\tngo\t0419\.815\.208\t/)
  })

  it('stamps init changes with --officer, then $AMIF_OFFICER, then the system user', async () => {
    expect(cliOfficerName('Jan Peeters', { AMIF_OFFICER: 'Env Officer' })).toBe('Jan Peeters')
    expect(cliOfficerName(undefined, { AMIF_OFFICER: 'Env Officer' })).toBe('Env Officer')
    expect(cliOfficerName(undefined, { USER: 'jdoe' })).toMatch(/^command line \(.+\)$/)

    const file = path.join(tempDir(), 'stamped.amif')
    expect((await runHere(['init', file, '--demo', '--officer', 'Jan Peeters'])).code).toBe(0)
    const db = new Database(file, { readonly: true })
    const names = (db.prepare('SELECT DISTINCT officer_name AS name FROM audit_log').all() as { name: string }[]).map((r) => r.name)
    db.close()
    expect(names).toEqual(['Jan Peeters'])
  })

  it('refuses an empty officer name without creating anything', async () => {
    const file = path.join(tempDir(), 'nobody.amif')
    const run = await runHere(['init', file, '--officer', ' '])
    expect(run.code).toBe(2)
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: false, code: 'VALIDATION' })
    expect(fs.existsSync(file)).toBe(false)
  })

  it('removes the file it just created when the demonstration data cannot be loaded', async () => {
    const file = path.join(tempDir(), 'half.amif')
    vi.spyOn(Workspace.prototype, 'officer').mockImplementation(() => {
      throw new AppError('OFFICER_REQUIRED', 'no officer (test)')
    })
    const run = await runHere(['init', file, '--demo'])
    expect(run.code).toBe(2)
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: false, code: 'OFFICER_REQUIRED' })
    expect(fs.readdirSync(path.dirname(file))).toEqual([])
  })

  it('reports an unexpected failure as INTERNAL with exit 1 and no stack trace', async () => {
    vi.spyOn(Workspace.prototype, 'create').mockImplementation(() => {
      throw new TypeError('something nobody expected')
    })
    const run = await runHere(['init', path.join(tempDir(), 'x.amif')])
    expect(run.code).toBe(1)
    expect(JSON.parse(run.stdout)).toEqual({ ok: false, code: 'INTERNAL', message: 'something nobody expected' })
    expectNoStack(run)
  })

  it('refuses usage errors with exit 1 and the usage text', async () => {
    for (const args of [
      [],
      ['check'],
      ['check', 'a.amif', 'b.amif'],
      ['check', 'a.amif', '--demo'],
      ['partners', 'a.amif', '--officer', 'x'],
      ['init', 'a.amif', '--force'],
      ['init', 'a.amif', '--officer'],
    ]) {
      const run = await runHere(args)
      expect(run.code, args.join(' ')).toBe(1)
      expect(run.stdout, args.join(' ')).toBe('')
      expect(run.stderr, args.join(' ')).toMatch(/Usage:/)
      expectNoStack(run)
    }
  })
})

describe('summary and projects', () => {
  it('summary shows all four objectives with projects, and its sums equal the sums of projects', async () => {
    const file = await makeAmifFile(path.join(tempDir(), 'demo.amif'), { demo: true })
    const today = todayIso()
    const before = snapshot(file)
    const summary = await runHere(['summary', file, '--json', '--today', today])
    expect(summary.code).toBe(0)
    const s = JSON.parse(summary.stdout) as {
      today: string
      objectives: {
        code: string
        projects: number
        eligibleCents: number
        euCents: number
        paidCents: number
        milestones: { total: number; done: number; late: number }
      }[]
    }
    expect(s.today).toBe(today)
    expect(s.objectives.map((o) => o.code)).toEqual(['SO1', 'SO2', 'SO3', 'SO4'])
    for (const o of s.objectives) {
      expect(o.projects, o.code).toBeGreaterThan(0)
      expect(o.milestones.total, o.code).toBeGreaterThan(0)
    }
    expect(s.objectives.reduce((n, o) => n + o.milestones.late, 0)).toBeGreaterThan(0)

    const listed = await runHere(['projects', file, '--json', '--today', today])
    expect(listed.code).toBe(0)
    const projects = JSON.parse(listed.stdout) as {
      code: string
      objective: string
      eligibleCents: number
      euCents: number
      ownCents: number
      paidCents: number
      euRate: number
      rag: string
    }[]
    expect(projects.length).toBeGreaterThanOrEqual(12)
    for (const o of s.objectives) {
      const own = projects.filter((p) => p.objective === o.code)
      const sum = (key: 'eligibleCents' | 'euCents' | 'paidCents') => own.reduce((n, p) => n + p[key], 0)
      expect({ projects: own.length, eligibleCents: sum('eligibleCents'), euCents: sum('euCents'), paidCents: sum('paidCents') }).toEqual({
        projects: o.projects,
        eligibleCents: o.eligibleCents,
        euCents: o.euCents,
        paidCents: o.paidCents,
      })
    }
    for (const p of projects) expect(p.euCents + p.ownCents).toBe(p.eligibleCents)
    expect(new Set(projects.map((p) => p.rag))).toEqual(new Set(['green', 'amber', 'red', 'none']))
    expectUntouched(file, before)
  })

  it('prints text without --json and refuses a --today that is not a date', async () => {
    const file = await makeAmifFile(path.join(tempDir(), 'demo.amif'), { demo: true })
    const text = await runHere(['summary', file, '--today', '2026-01-31'])
    expect(text.code).toBe(0)
    expect(text.stdout).toMatch(/^Today: 2026-01-31\nSO1\t\d+ projects/)
    const bad = await runHere(['summary', file, '--json', '--today', '31/01/2026'])
    expect(bad.code).toBe(1)
    expect(bad.stderr).toContain('--today must be a date written YYYY-MM-DD')
    expect((await runHere(['projects', file, '--demo'])).code).toBe(1)
  })
})
