import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { DEMO_PARTNERS } from '../../database/demo'
import { LATEST_VERSION } from '../../database/migrations'
import { spawnFixture } from '../unit/file-helpers'
import {
  BAD_FILES,
  demoCounts,
  dumpTables,
  expectUntouched,
  makeAmifFile,
  mergePair,
  MERGE_TODAY as TODAY,
  milestoneEdit,
  ok,
  projectByCode,
  projectEdit,
  snapshot,
  tempDir,
} from '../unit/helpers'
import { runHere, runProcess, type Run } from '../unit/cli-helpers'

/**
 * The command line as separate processes (`tsx electron/cli/bin.ts`, as `npm run cli --` runs it):
 * the real entry point, its exit codes and output, and a backup while another process writes.
 * Each process pays for tsx and the module graph, so these are in the slow tier; the unit tier
 * runs the same commands in process (tests/unit/cli.test.ts, cli-merge.test.ts).
 */

/** Node's own diagnostics ("(node:123) Warning...") are not ours; anything else on stderr would be. */
function expectNoStack(run: Run): void {
  expect(run.stdout).not.toMatch(/\n\s+at /)
  expect(run.stderr).not.toMatch(/\n\s+at /)
}

/** Two files: their side added an organisation and changed a project; a milestone changed on both sides. */
async function filesToMerge() {
  const pair = await mergePair()
  const { mine, theirs } = pair
  const org = await ok(theirs, 'partners.create', { values: { name: 'ASBL du collègue', kind: 'ngo' } })
  const rv2 = await projectByCode(theirs, 'AMIF-2024-RV-02')
  await ok(theirs, 'projects.update', { id: rv2.id, values: projectEdit(rv2, { title: 'Titre du collègue' }) })
  const p = await projectByCode(mine, 'AMIF-2024-RV-01')
  const m = p.milestones[1]
  await ok(mine, 'milestones.save', { projectId: p.id, id: m.id, values: milestoneEdit(m, { title: 'Mon titre' }), today: TODAY })
  await ok(theirs, 'milestones.save', { projectId: p.id, id: m.id, values: milestoneEdit(m, { title: 'Leur titre' }), today: TODAY })
  await mine.close()
  await theirs.close()
  return { ...pair, org, milestoneKey: `milestones:${m.id}`, milestoneId: m.id }
}

const PROCESS_TIMEOUT = 90_000

describe('the command line, as a process', () => {
  it(
    'init --demo, then check reports the demonstration counts and changes nothing, partners --json lists them, init again is refused',
    async () => {
      const file = path.join(tempDir(), 'démo partenaires.amif')
      const init = await runProcess(['init', file, '--demo', '--officer', 'Support IT'])
      expect(init.code).toBe(0)
      const created = JSON.parse(init.stdout)
      expect(created).toMatchObject({ ok: true, path: file, schemaVersion: LATEST_VERSION, counts: demoCounts() })
      expect(created.fileId).toMatch(/^[0-9a-f-]{36}$/)
      expectNoStack(init)

      const before = snapshot(file)
      const check = await runProcess(['check', file])
      expect(check.code).toBe(0)
      expect(JSON.parse(check.stdout)).toEqual({
        ok: true,
        path: file,
        schemaVersion: LATEST_VERSION,
        latestVersion: LATEST_VERSION,
        upgradeNeeded: false,
        applicationId: 0x414d4946,
        applicationIdHex: '0x414D4946',
        schema: 'ok',
        integrity: 'ok',
        foreignKeys: [],
        figures: [],
        milestoneSearch: [],
        searchIndex: [],
        claimFigures: [],
        interruptedTransaction: false,
        fileId: created.fileId,
        createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
        createdWithVersion: expect.any(String),
        counts: demoCounts(),
      })
      expectUntouched(file, before)

      const partners = await runProcess(['partners', file, '--json'])
      expect(partners.code).toBe(0)
      const listed = JSON.parse(partners.stdout)
      expect(listed.ok).toBe(true)
      expect(listed.count).toBe(DEMO_PARTNERS.length)
      expect(listed.partners.map((p: { name: string }) => p.name).sort()).toEqual(DEMO_PARTNERS.map((p) => p.organisation.name).sort())
      const caritas = listed.partners.find((p: { acronym: string }) => p.acronym === 'Caritas')
      expect(caritas.contacts.length).toBeGreaterThan(0)
      expect(caritas.partnerships.length).toBeGreaterThan(0)
      expect(caritas.updatedBy).toBe('Support IT')
      expectUntouched(file, before)

      const again = await runProcess(['init', file])
      expect(again.code).toBe(2)
      expect(JSON.parse(again.stdout)).toEqual({ ok: false, code: 'FILE_EXISTS', message: expect.stringContaining('démo partenaires.amif') })
      expectNoStack(again)
      expectUntouched(file, before)
    },
    PROCESS_TIMEOUT,
  )

  it(
    'exits 2 with the code for a refused file, leaving it byte-identical',
    async () => {
      const dir = tempDir()
      const cases = await Promise.all(
        BAD_FILES.filter((b) => b.code === 'CORRUPT' || b.code === 'FOREIGN_FILE').map(async (bad) => {
          const sub = path.join(dir, bad.code)
          fs.mkdirSync(sub)
          const file = await bad.make(sub)
          return { bad, file, before: snapshot(file) }
        }),
      )
      const runs = await Promise.all(cases.map((c) => runProcess(['check', c.file])))
      cases.forEach(({ bad, file, before }, i) => {
        expect(runs[i].code, bad.label).toBe(2)
        expect(JSON.parse(runs[i].stdout), bad.label).toEqual({ ok: false, code: bad.code, message: expect.any(String) })
        expectNoStack(runs[i])
        expectUntouched(file, before)
      })
    },
    PROCESS_TIMEOUT,
  )

  it(
    'backup writes a consistent copy keeping the identity while another process is writing in the file, and never over an existing file',
    async () => {
      const dir = tempDir()
      const file = await makeAmifFile(path.join(dir, 'Partage', 'busy.amif'), { demo: true })
      fs.mkdirSync(path.join(dir, 'writer'))
      const writer = spawnFixture('crash-writer.ts', [file, path.join(dir, 'writer'), 'BACKUP-WHILE-WRITING'])
      const dest = path.join(dir, 'Sauvegardes', 'busy 2026-03-02.amif')
      try {
        await writer.waitFor((m) => typeof m.committed === 'string')
        const run = await runProcess(['backup', file, dest])
        expect(run.code, run.stderr).toBe(0)
        const result = JSON.parse(run.stdout)
        expect(result).toEqual({
          ok: true,
          path: dest,
          bytes: fs.statSync(dest).size,
          integrity: 'ok',
          fileId: expect.any(String),
          sourceFileId: expect.any(String),
        })
        expect(result.fileId).toBe(result.sourceFileId)
        expectNoStack(run)
        // The writer was never stopped: it committed more after the copy.
        const committedBefore = writer.messages.length
        await writer.waitFor((_m) => writer.messages.length > committedBefore + 2)

        const again = await runProcess(['backup', file, dest])
        expect(again.code).toBe(2)
        expect(JSON.parse(again.stdout)).toEqual({ ok: false, code: 'FILE_EXISTS', message: expect.any(String) })
      } finally {
        writer.proc.kill('SIGKILL')
      }
      // The copy is whole: it passes the check, with the file's own identity.
      const copy = new Database(dest, { readonly: true, fileMustExist: true })
      const meta = copy.prepare('SELECT file_id FROM meta').get() as { file_id: string }
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok')
      copy.close()
      const checked = await runHere(['check', dest])
      expect(JSON.parse(checked.stdout)).toMatchObject({ ok: true, integrity: 'ok', fileId: meta.file_id })
      expect(fs.readdirSync(path.dirname(dest))).toEqual(['busy 2026-03-02.amif'])
    },
    PROCESS_TIMEOUT,
  )

  it(
    'prints usage for --help (exit 0) and for an unknown command (exit 1)',
    async () => {
      const [help, unknown] = await Promise.all([runProcess(['--help']), runProcess(['frobnicate', 'x.amif'])])
      expect(help.code).toBe(0)
      expect(help.stdout).toMatch(/Usage:[\s\S]*init <file> \[--demo\][\s\S]*check <file>[\s\S]*partners <file> \[--json\][\s\S]*backup <file> <dest>/)
      expect(unknown.code).toBe(1)
      expect(unknown.stdout).toBe('')
      expect(unknown.stderr).toMatch(/Unknown command: frobnicate[\s\S]*Usage:/)
    },
    PROCESS_TIMEOUT,
  )
})

describe('merge on the command line, as a process', () => {
  it(
    '--dry-run reports what a merge would do and writes nothing, to either file',
    async () => {
      const { minePath, theirsPath, org, milestoneKey } = await filesToMerge()
      const mineBefore = snapshot(minePath)
      const theirsBefore = snapshot(theirsPath)
      const run = await runProcess(['merge', minePath, theirsPath, '--json', '--dry-run'])
      expect(run.code).toBe(0)
      const report = JSON.parse(run.stdout)
      expect(report).toMatchObject({
        ok: true,
        dryRun: true,
        sameIdentity: false,
        added: 1,
        updated: 1,
        deleted: 0,
        resolved: 0,
        backupPath: null,
        mergeId: null,
      })
      expect(report.conflicts).toHaveLength(1)
      expect(report.conflicts[0]).toMatchObject({
        key: milestoneKey,
        kind: 'edit_edit',
        mine: { title: 'Mon titre' },
        theirs: { title: 'Leur titre' },
        canTakeTheirs: true,
      })
      expect(run.stdout).not.toContain(org.id) // a dry run lists counts and conflicts, not every change
      expectUntouched(minePath, mineBefore)
      expectUntouched(theirsPath, theirsBefore)
    },
    PROCESS_TIMEOUT,
  )

  it(
    'applies what does not conflict, and the conflicts too with --prefer, stamped with --officer',
    async () => {
      const { minePath, theirsPath, milestoneId } = await filesToMerge()
      const theirsBefore = snapshot(theirsPath)
      const run = await runProcess(['merge', minePath, theirsPath, '--json', '--prefer', 'theirs', '--officer', 'Support IT'])
      expect(run.code).toBe(0)
      const report = JSON.parse(run.stdout)
      expect(report).toMatchObject({ ok: true, dryRun: false, added: 1, updated: 2, deleted: 0, resolved: 1, conflicts: [] })
      expect(fs.existsSync(report.backupPath)).toBe(true)
      expect(report.mergeId).toMatch(/^[0-9a-f-]{36}$/)
      const milestones = dumpTables(minePath, ['milestones']).milestones.map((r) => JSON.parse(r as string))
      expect(milestones.find((r) => r.id === milestoneId).title).toBe('Leur titre')
      const officers = dumpTables(minePath, ['audit_log'])
        .audit_log.map((r) => JSON.parse(r as string))
        .filter((r) => r.action === 'import')
        .map((r) => r.officer_name)
      expect(new Set(officers)).toEqual(new Set(['Support IT']))
      expectUntouched(theirsPath, theirsBefore)
    },
    PROCESS_TIMEOUT,
  )
})
