/**
 * `npm run bench [-- --scale 100 | --partners 5000 --projects 3000] [--runs 20] [--only <pattern>] [--strict]`
 *
 * Measures AMIF Desk through the same `invoke()` the window uses, on a generated file
 * (scripts/portfolio.ts): with `--scale N` a cached file N times a real Belgian portfolio (copied,
 * never written), otherwise a fresh temp file of `--partners` and `--projects`. It times opening,
 * a project and a partner page, copying, every list a page at a time with every filter and sort,
 * search as you type, the dashboard with each filter, documents, a claim's verification and
 * import, a handover and a merge of two copies with 1 000 edits each, the memory of the process
 * after the lists and the dashboard, and, side by side in the same run, each hot query through
 * Kysely against its own SQL through raw prepared better-sqlite3 statements, and pdfmake against
 * LibreOffice headless when `soffice` is installed. Prints a table (operation, median, p95,
 * target, PASS/FAIL) with issue 13's targets at `--scale` (older, looser ones otherwise); exits 0
 * unless `--strict` is given and a target is missed. `--only <pattern>` runs the sections whose
 * name matches (open, project-page, copy, partners, projects, milestones, list-pages, search,
 * dashboard, kysely, memory, documents, libreoffice, verification, import, handover, merge).
 * Not a test: never part of `npm test`.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { monitorEventLoopDelay, performance } from 'node:perf_hooks'
import BetterSqlite3 from 'better-sqlite3'
import type Database from 'better-sqlite3'
import { createQueryId, Kysely, SqliteDialect, type CompiledQuery, type KyselyPlugin, type OperationNode } from 'kysely'
import { invoke } from '../electron/api'
import { noDialogs } from '../electron/api/dialogs'
import { JsonSettingsStore } from '../electron/api/settings'
import { Workspace } from '../electron/api/workspace'
import { WorkerRenderer } from '../electron/api/render-runner'
import { execFileSync } from 'node:child_process'
import { newId } from '../database/ids'
import { applyMerge, previewMerge } from '../database/merge'
import { asWritable } from '../database/writable'
import { writeSnapshot } from '../database/file/snapshot'
import { checkPages } from '../database/file/page-check'
import { rebuildClaimFigures } from '../database/claim-figures'
import { sourceCheck } from '../database/merge/source-check'
import { todayIso } from '../database/domain/dates'
import { agreementData } from '../electron/api/document-data'
import { cachingStatements } from '../database/file'
import type { DB } from '../database/schema'
import { confirmImport, previewImport } from '../database/claims-import'
import { IMPORT_FIELDS, TEMPLATE_HEADERS } from '../database/domain/claims-import'
import { insertRecord } from '../database/records'
import { MILESTONE_SORT_KEYS, PROJECT_SORT_KEYS } from '../database/domain/schemas/projects'
import { PARTNER_SORT_FIELDS } from '../database/domain/schemas/partners'
import type { AgreementSource } from '../templates/produce'
import { fill, fillProjects, PORTFOLIO, random, scaleFile } from './portfolio'

/** Issue 13's targets at scale 100 on 2 cores (ms; the ratio and the memory as said): what `--scale` is measured against. */
const TARGET = {
  dashboard: 50,
  page: 20,
  search: 20,
  detail: 20,
  open: 500,
  agreementMedian: 150,
  callBatch: 15_000,
  copy: 2_000,
  mergePreview: 10_000,
  kyselyRatio: 1.3,
  memoryMb: 400,
} as const

/** True at `--scale`: the issue's targets apply; a run of `--partners`/`--projects` keeps the older, looser ones. */
let scaled = false
/** The target in ms: the issue's at `--scale`, `otherwise` without it. */
const goal = (issueMs: number, otherwise: number) => (scaled ? issueMs : otherwise)

interface Options {
  partners: number
  projects: number
  runs: number
  strict: boolean
  /** `--scale N`: a cached file N times a real Belgian portfolio instead of a fresh one. */
  scale: number | null
  /** `--only <pattern>`: the sections whose name matches (a case-insensitive regular expression). */
  only: RegExp | null
}

function parseOptions(argv: string[]): Options {
  const options: Options = { partners: 5000, projects: 3000, runs: 20, strict: false, scale: null, only: null }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '--strict') options.strict = true
    else if (arg === '--partners') options.partners = Number(argv[++i])
    else if (arg === '--projects') options.projects = Number(argv[++i])
    else if (arg === '--runs') options.runs = Number(argv[++i])
    else if (arg === '--scale') options.scale = Number(argv[++i])
    else if (arg === '--only') options.only = new RegExp(argv[++i] ?? '', 'i')
    else throw new Error(`Unknown option ${arg} (use --scale N, --partners N, --projects N, --runs N, --only <pattern>, --strict)`)
  }
  if (!Number.isInteger(options.partners) || options.partners < 1) throw new Error('--partners takes a positive whole number')
  if (!Number.isInteger(options.projects) || options.projects < 0) throw new Error('--projects takes a whole number')
  if (!Number.isInteger(options.runs) || options.runs < 1) throw new Error('--runs takes a positive whole number')
  if (options.scale !== null) {
    if (!Number.isInteger(options.scale) || options.scale < 1) throw new Error('--scale takes a positive whole number')
    options.partners = PORTFOLIO.partners * options.scale
    options.projects = PORTFOLIO.projects * options.scale
  }
  return options
}

/** Times a channel `runs` times and adds a row with its median and p95 against a target. */
async function measureChannel(ws: Workspace, rows: Row[], runs: number, measure: string, channel: string, input: unknown, targetMs: number): Promise<void> {
  const samples: number[] = []
  for (let r = 0; r < runs; r++) samples.push((await timed(() => call(ws, channel, input)))[1])
  rows.push(timing(measure, samples, targetMs))
}

/** A row of timings: median and p95, PASS when the p95 (or, with `on: 'median'`, the median) is under `targetMs`. */
function timing(measure: string, samples: number[], targetMs: number | null, on: 'p95' | 'median' = 'p95'): Row {
  const st = stats(samples)
  const judged = on === 'p95' ? st.p95 : st.median
  return {
    measure: samples.length > 1 ? `${measure} (${st.n})` : measure,
    median: st.median,
    p95: samples.length > 1 ? st.p95 : undefined,
    target: targetMs === null ? '' : `${on === 'median' ? 'median ' : samples.length > 1 ? 'p95 ' : ''}< ${targetMs} ms`,
    pass: targetMs === null ? null : judged < targetMs,
  }
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN
  const index = Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)
  return sorted[Math.max(0, index)]
}

interface Stats {
  median: number
  p95: number
  n: number
}

function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b)
  return { median: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), n: sorted.length }
}

/**
 * The CPU time (ms) the calling thread has used: on Linux its own (`/proc/thread-self/schedstat`, in
 * nanoseconds, though some kernels count it in ticks of a few ms), elsewhere the process's (every
 * thread: the garbage collector's helpers, a check's worker).
 */
function threadCpuMs(): number {
  try {
    return Number(fs.readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e6
  } catch {
    const used = process.cpuUsage()
    return (used.user + used.system) / 1000
  }
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now()
  const value = await fn()
  return [value, performance.now() - start]
}

/** Calls a channel like the window does, failing loudly on an error result. */
async function call(ws: Workspace, channel: string, input: unknown): Promise<unknown> {
  const result = await invoke(ws, channel, input)
  if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`)
  return result.data
}

/** Every sort of a list channel, both ways, with each of its filter sets: the inputs the page measures go through. */
function listInputs(): { channel: string; input: Record<string, unknown> }[] {
  const inputs: { channel: string; input: Record<string, unknown> }[] = []
  const projectFilters = [
    {},
    { objective: ['SO3'], status: ['running'] },
    { rag: ['red', 'amber'] },
    { strand: ['reception'], from: '2024-01-01', to: '2025-12-31' },
  ]
  for (const key of PROJECT_SORT_KEYS)
    for (const order of ['asc', 'desc'])
      for (const filters of projectFilters) inputs.push({ channel: 'projects.list', input: { ...filters, sort: { key, order } } })
  const milestoneFilters = [{}, { lateOnly: true }, { status: ['planned', 'in_progress'], objective: ['SO2'] }]
  for (const key of MILESTONE_SORT_KEYS)
    for (const order of ['asc', 'desc'])
      for (const filters of milestoneFilters) inputs.push({ channel: 'milestones.list', input: { ...filters, sort: { key, order } } })
  const partnerFilters = [{}, { archived: 'all' }, { kinds: ['ngo'], strands: ['reception', 'integration'] }]
  for (const field of PARTNER_SORT_FIELDS)
    for (const direction of ['asc', 'desc'])
      for (const filters of partnerFilters) inputs.push({ channel: 'partners.list', input: { ...filters, sort: { field, direction } } })
  return inputs
}

/**
 * "A page of any list, any filter and sort" (issue 13 §5): for every list, sort, order and filter
 * set, the first page of 100 rows and the third (read after the second page's cursor), p95 < 20 ms.
 */
async function measureListPages(ws: Workspace, rows: Row[], runs: number): Promise<void> {
  const perList = new Map<string, number[]>()
  const inputs = listInputs()
  for (let r = 0; r < Math.max(1, Math.ceil(runs / 10)); r++) {
    for (const { channel, input } of inputs) {
      const samples = perList.get(channel) ?? []
      perList.set(channel, samples)
      let after: unknown = undefined
      for (let page = 0; page < 3; page++) {
        const [answer, took] = await timed(() => call(ws, channel, { ...input, limit: 100, after }))
        if (page !== 1) samples.push(took)
        after = (answer as { next: unknown }).next
        if (!after) break
      }
    }
  }
  const all: number[] = []
  for (const [channel, samples] of perList) {
    all.push(...samples)
    rows.push(timing(`a page of ${channel}, any filter and sort`, samples, TARGET.page))
  }
  rows.push(timing('a page of any list, any filter and sort', all, TARGET.page))
}

/** "Search as you type (first page)": each keystroke of a few words in the projects, milestones and partners lists, p95 < 20 ms. */
async function measureSearchAsYouType(ws: Workspace, rows: Row[], runs: number): Promise<void> {
  const typed: [string, string, string][] = [
    ['projects.list', 'q', 'projet 12'],
    ['projects.list', 'q', 'amif-2024'],
    ['projects.list', 'q', 'caritas'],
    ['milestones.list', 'q', 'rapport'],
    ['partners.list', 'search', 'liege'],
    ['partners.list', 'search', 'zzz'],
  ]
  const samples: number[] = []
  // Each keystroke's slowest time and CPU time, to name the slow ones: the CPU time is the main thread's (threadCpuMs),
  // steadier than wall time on a shared machine.
  const slowest = new Map<string, { ms: number; cpu: number }>()
  for (let r = 0; r < Math.max(1, Math.ceil(runs / 10)); r++) {
    for (const [channel, field, word] of typed) {
      for (let k = 1; k <= word.length; k++) {
        const cpu = threadCpuMs()
        const took = (await timed(() => call(ws, channel, { [field]: word.slice(0, k), limit: 100 })))[1]
        const used = threadCpuMs() - cpu
        samples.push(took)
        const key = `${channel.split('.')[0]} "${word.slice(0, k)}"`
        const seen = slowest.get(key)
        slowest.set(key, { ms: Math.max(seen?.ms ?? 0, took), cpu: Math.max(seen?.cpu ?? 0, used) })
      }
    }
  }
  rows.push(timing('search as you type (first page), keystrokes', samples, TARGET.search))
  const over = [...slowest].filter(([, t]) => t.ms >= TARGET.search).sort((a, b) => b[1].ms - a[1].ms)
  const shown = over.slice(0, 6).map(([key, t]) => `${key} ${t.ms.toFixed(0)}/${t.cpu.toFixed(0)}`)
  rows.push({
    measure: `search as you type: keystrokes over ${TARGET.search} ms, slowest first (ms / CPU ms)`,
    value: over.length ? `${over.length}: ${shown.join(', ')}${over.length > shown.length ? '...' : ''}` : 'none',
    target: '',
    pass: null,
  })
}

/** Producing a project's agreement and evaluation report (rendered and stored in the register), and a programme report. */
async function measureDocuments(ws: Workspace, rows: Row[], runs: number): Promise<void> {
  // Run alone (`--only documents`), the file may still be checked in the background: writes wait for it.
  await ws.pagesChecked()
  await call(ws, 'grantor.save', {
    values: {
      nameFr: 'Agence fédérale pour l’accueil des demandeurs d’asile',
      signatoryName: 'Anne Dupont',
      signatoryTitleFr: 'Directrice générale',
      city: 'Bruxelles',
    },
  })
  const { rows: projects } = (await call(ws, 'projects.list', {})) as { rows: { id: string }[] }
  const projectId = projects[Math.floor(projects.length / 2)].id
  // The first one loads the fonts; the officer waits for the ones after.
  await call(ws, 'documents.generate', { projectId, kind: 'agreement', language: 'fr' })
  const agreements: number[] = []
  const cpu = process.cpuUsage()
  for (let r = 0; r < runs; r++) agreements.push((await timed(() => call(ws, 'documents.generate', { projectId, kind: 'agreement', language: 'nl' })))[1])
  const used = process.cpuUsage(cpu)
  const cpuMs = (used.user + used.system) / 1000 / runs
  // The issue's target is on the median (a batch takes the rest); without --scale, the older p95 < 1 s.
  rows.push(timing('produce an agreement (PDF rendered and stored)', agreements, goal(TARGET.agreementMedian, 1000), scaled ? 'median' : 'p95'))
  // On a shared machine the wall time waits for the others: the CPU (every thread, the render worker's too) is the work itself.
  rows.push({ measure: 'CPU per agreement, every thread of the process', value: ms(cpuMs), target: '', pass: null })
  await measureChannel(ws, rows, runs, 'produce an evaluation report', 'documents.generate', { projectId, kind: 'report', language: 'en' }, 1000)
  await measureChannel(ws, rows, 2, 'programme report, one objective', 'documents.generateProgramme', { language: 'fr', objective: 'SO2' }, 10_000)
  // A word with no break opportunity made layout quadratic (14 s, and 300 s and more for a 40 KB title); now it is broken.
  const word = 'Subventionnementsansaucuneespace'.repeat(700).slice(0, 20_000)
  await call(ws, 'clauses.save', { key: 'object', language: 'fr', title: 'Objet', body: word })
  await measureChannel(
    ws,
    rows,
    2,
    'agreement with a 20 000-char unbroken clause',
    'documents.generate',
    { projectId, kind: 'agreement', language: 'fr' },
    5_000,
  )
  await call(ws, 'clauses.reset', { key: 'object', language: 'fr' })
}

/**
 * "100 agreements of a call" (issue 13 §4-5): the agreements of 100 projects produced through the
 * channel as the call's batch dialog does (BatchAgreementsDialog.vue: RENDERS_AT_ONCE requests in
 * flight, the next project as soon as one is answered), in French; the generated file has no calls,
 * so the first 100 projects of the list stand in for a call's. Rendering runs in the render
 * workers: the longest stall of this thread (the window's main process in the app) is told beside it.
 */
async function measureCallBatch(ws: Workspace, rows: Row[]): Promise<void> {
  const { RENDERS_AT_ONCE } = await import('../database/domain/documents')
  await ws.pagesChecked()
  const { rows: projects } = (await call(ws, 'projects.list', { limit: 100 })) as { rows: { id: string }[] }
  const batch = projects.slice(0, 100)
  const stalls = monitorEventLoopDelay({ resolution: 10 })
  stalls.enable()
  const cpu = process.cpuUsage()
  const [, totalMs] = await timed(async () => {
    let next = 0
    const lane = async () => {
      while (next < batch.length) await call(ws, 'documents.generate', { projectId: batch[next++].id, kind: 'agreement', language: 'fr' })
    }
    await Promise.all(Array.from({ length: RENDERS_AT_ONCE }, lane))
  })
  const used = process.cpuUsage(cpu)
  const cpuMs = (used.user + used.system) / 1000
  stalls.disable()
  rows.push({
    measure: `${batch.length} agreements of a call, ${RENDERS_AT_ONCE} in flight as the dialog runs them`,
    value: ms(totalMs),
    target: '< 15000 ms',
    pass: totalMs < 15_000,
  })
  rows.push({ measure: 'CPU of that batch, every thread of the process', value: ms(cpuMs), target: '', pass: null })
  const longest = stalls.max / 1e6
  rows.push({ measure: 'longest stall of the calling thread during that batch', value: ms(longest), target: '< 200 ms', pass: longest < 200 })
}

/**
 * Verifying a claim of 5 000 declared lines: a project of its own (no payment schedule), the claim
 * and its lines written in one transaction, then what the officer does through the channels: read
 * the verification, draw a threshold-and-random sample, answer the checklist, set the outcome of
 * every line to check (one in ten reduced), read the result, prepare, approve as a second officer.
 */
async function measureVerification(ws: Workspace, rows: Row[]): Promise<void> {
  const LINES = 5000
  const { rows: partners } = (await call(ws, 'partners.list', {})) as { rows: { id: string }[] }
  const project = (await call(ws, 'projects.create', {
    values: {
      code: 'BENCH-CLAIM-01',
      title: 'Vérification d’une demande de 5 000 lignes',
      beneficiaryId: partners[0].id,
      strand: 'reception',
      objectiveCode: 'SO1',
      startDate: '2025-01-01',
      endDate: '2027-12-31',
      officerName: 'Bench',
    },
  })) as { id: string }
  const withLine = (await call(ws, 'budget.saveLine', {
    projectId: project.id,
    values: { category: 'staff', costModel: 'actual_costs', description: 'Accueil', amountCents: 2_000_000_000 },
  })) as { budget: { lines: { id: string }[] } }
  const budgetLineId = withLine.budget.lines[0].id
  const rnd = random(74)
  const claimId = newId()
  const sqlite = ws.file().sqlite
  const at = new Date().toISOString()
  sqlite.transaction(() => {
    sqlite
      .prepare(
        `INSERT INTO claims (id, project_id, kind, reference, period_start, period_end, submitted_on, status, created_at, updated_at, updated_by)
         VALUES (?, ?, 'interim', 'DP-BENCH', '2025-01-01', '2025-12-31', ?, 'received', ?, ?, 'Bench')`,
      )
      .run(claimId, project.id, todayIso(), at, at)
    const line = sqlite.prepare(`INSERT INTO claim_lines (id, claim_id, budget_line_id, line_no, kind, expense_date, supplier, reference,
      amount_excl_cents, amount_incl_cents, declared_cents, created_at, updated_at, updated_by)
      VALUES (?, ?, ?, ?, 'actual', '2025-06-30', ?, ?, ?, ?, ?, ?, ?, 'Bench')`)
    for (let i = 1; i <= LINES; i++) {
      // Mostly small expenses, one in a hundred above the 5 000 € threshold.
      const cents = rnd() < 0.01 ? 500_000 + Math.floor(rnd() * 2_000_000) : 2_000 + Math.floor(rnd() * 300_000)
      line.run(newId(), claimId, budgetLineId, i, `Fournisseur ${i % 97}`, `F-2025-${i}`, cents, cents, cents, at, at)
    }
  })()
  const [, getMs] = await timed(() => call(ws, 'verification.get', { claimId }))
  rows.push({ measure: `open the verification of a claim of ${LINES} lines`, value: ms(getMs), target: '< 1000 ms', pass: getMs < 1000 })
  const sampling = { method: 'threshold_random', thresholdCents: 500_000, sampleSize: 60, seed: 'bench-2025' }
  const [drawn, drawMs] = await timed(() => call(ws, 'verification.drawSample', { claimId, values: sampling }))
  const v = drawn as { lines: { id: string; toCheck: boolean; declaredCents: number }[]; checklist: { questionId: string }[] }
  const toCheck = v.lines.filter((l) => l.toCheck)
  rows.push({
    measure: `draw the sample (${toCheck.length} lines: above the threshold and 60 drawn)`,
    value: ms(drawMs),
    target: '< 1000 ms',
    pass: drawMs < 1000,
  })
  for (const q of v.checklist) await call(ws, 'verification.answer', { claimId, questionId: q.questionId, values: { answer: 'yes' } })
  const outcomeSamples: number[] = []
  for (const [i, l] of toCheck.entries()) {
    const values = i % 10 === 0 ? { outcome: 'reduced', acceptedCents: Math.floor(l.declaredCents / 2), errorType: 'ineligible_cost' } : { outcome: 'accepted' }
    outcomeSamples.push((await timed(() => call(ws, 'verification.setOutcome', { lineId: l.id, values })))[1])
  }
  // Each answer carries the claim's whole result again (5 000 lines read): the window shows it at once.
  rows.push(timing("set a line's outcome", outcomeSamples, 200))
  const [, resultMs] = await timed(() => call(ws, 'verification.setExtrapolation', { claimId, apply: true }))
  rows.push({ measure: 'apply the extrapolation and compute the result', value: ms(resultMs), target: '< 500 ms', pass: resultMs < 500 })
  await call(ws, 'verification.prepare', { claimId })
  const officer = ws.settings().officer
  ws.updateSettings({ officer: { name: 'Bench Approver', email: null } })
  try {
    const [, approveMs] = await timed(() => call(ws, 'verification.approve', { claimId }))
    rows.push({ measure: 'approve as a second officer (result, status, payment)', value: ms(approveMs), target: '< 1000 ms', pass: approveMs < 1000 })
  } finally {
    ws.updateSettings({ officer })
  }
}

/** Edits written with plain SQL (the triggers keep the version vectors as for any edit): project titles and milestones' status, by the ids the queries select. */
function editPlainly(sqlite: Database.Database, side: string, projects: string, milestones: string | null): void {
  const at = new Date().toISOString()
  sqlite.transaction(() => {
    sqlite.prepare(`UPDATE projects SET title = title || ' (${side})', updated_at = ? WHERE id IN (${projects})`).run(at)
    if (milestones) {
      sqlite
        .prepare(`UPDATE milestones SET status = CASE status WHEN 'planned' THEN 'in_progress' ELSE 'planned' END, updated_at = ? WHERE id IN (${milestones})`)
        .run(at)
    }
  })()
}

/** The edits of one side of a pair: the projects and milestones (queries of ids) it changes. */
interface PairEdits {
  projects: string
  milestones: string | null
}

/**
 * A colleague's copy of the open file (written as the window writes one: a new identity, its full
 * check in a worker thread after it is written) and 1 000 edits on each side, written with plain
 * SQL, some on the same records (conflicts). Returns the copy's path and how long writing it took.
 */
async function editedPair(
  ws: Workspace,
  dir: string,
  name: string,
  theirs: PairEdits,
  mine: PairEdits,
): Promise<{ copy: string; copyMs: number; checkMs: number }> {
  const copy = path.join(dir, name)
  const [written, copyMs] = await timed(async () => writeSnapshot(ws.file().sqlite, ws.file().path, copy, { newIdentity: true, pages: 'later' }))
  // The window goes on while the copy's pages are checked; measured apart, and waited for so that it weighs on nothing else.
  const [problems, checkMs] = await timed(async () => (written.integrity === 'pending' ? checkPages(copy, 'full') : []))
  if (problems.length > 0) throw new Error(`the copy failed its full check: ${problems.join('; ')}`)
  const db = new BetterSqlite3(copy)
  try {
    editPlainly(db, 'leur', theirs.projects, theirs.milestones)
  } finally {
    db.close()
  }
  editPlainly(ws.writableFile().sqlite, 'mien', mine.projects, mine.milestones)
  return { copy, copyMs, checkMs }
}

/** Saving a copy, and merging a colleague's copy back after each side changed 1 000 projects, 200 of them on both sides. */
async function measureHandover(ws: Workspace, rows: Row[], dir: string): Promise<void> {
  const { copy, copyMs, checkMs } = await editedPair(
    ws,
    dir,
    'colleague.amif',
    { projects: 'SELECT id FROM projects ORDER BY code LIMIT 1000', milestones: null },
    { projects: 'SELECT id FROM projects ORDER BY code LIMIT 1000 OFFSET 800', milestones: null },
  )
  // Two more copies, as the copy rows above take three samples: on this VM the first write of
  // 800 MB into memory the process has not used yet costs a second more than the next ones.
  const more: number[] = []
  for (let r = 0; r < 2; r++) {
    const spare = path.join(dir, 'spare-copy.amif')
    more.push((await timed(async () => writeSnapshot(ws.file().sqlite, ws.file().path, spare, { newIdentity: true, pages: 'later' })))[1])
    fs.rmSync(spare, { force: true })
  }
  rows.push(timing('save a copy (consistent snapshot, flushed to disk, header and schema checked)', [copyMs, ...more], goal(TARGET.copy, 3000), 'median'))
  rows.push({ measure: 'full check of the copy, in a worker thread once it is written', value: ms(checkMs), target: '', pass: null })
  const mine = ws.file()
  const [, previewMs] = await timed(() => previewMerge(mine, copy))
  rows.push({ measure: 'merge preview, two copies with 1 000 edits each', value: ms(previewMs), target: '< 10000 ms', pass: previewMs < 10_000 })
  // As the window merges: their file's full check started by the preview and waited for here, the backup's left for after.
  const [result, applyMs] = await timed(() =>
    applyMerge(asWritable(mine), copy, { officer: { name: 'Bench', email: null }, resolutions: {}, backup: true, backupPages: 'later' }),
  )
  rows.push({ measure: `merge it (backup first, ${result.updated} records updated)`, value: ms(applyMs), target: '< 15000 ms', pass: applyMs < 15_000 })
  if (result.backupPath) {
    const [problems, backupCheckMs] = await timed(() => checkPages(result.backupPath!, 'full'))
    rows.push({
      measure: `full check of the backup, in a worker thread after the merge${problems.length ? ' (FAILED)' : ''}`,
      value: ms(backupCheckMs),
      target: '',
      pass: null,
    })
    fs.rmSync(result.backupPath, { force: true })
  }
  fs.rmSync(copy, { force: true })
}

/**
 * "Merge preview of two 100x copies with 1 000 edits each" (issue 13 §5): a copy of the open file
 * with a new identity, then 1 000 edits on each side (500 projects' titles and 500 milestones'
 * status, 50 of the projects edited on both sides, so conflicts too), and the preview of merging
 * that copy into the open file.
 */
async function measureMergePair(ws: Workspace, rows: Row[], dir: string): Promise<void> {
  // The first 50 projects are edited on both sides, differently: conflicts for the preview to find.
  const { copy } = await editedPair(
    ws,
    dir,
    'pair.amif',
    { projects: 'SELECT id FROM projects ORDER BY code LIMIT 500', milestones: "SELECT id FROM milestones WHERE status = 'planned' ORDER BY id LIMIT 500" },
    {
      projects:
        'SELECT id FROM (SELECT id FROM projects ORDER BY code LIMIT 50) UNION ALL SELECT id FROM (SELECT id FROM projects ORDER BY code DESC LIMIT 450)',
      milestones: "SELECT id FROM milestones WHERE status = 'in_progress' ORDER BY id LIMIT 500",
    },
  )
  const [preview, previewMs] = await timed(() => previewMerge(ws.file(), copy))
  rows.push({
    ...timing(`merge preview, two copies with 1 000 edits each (${preview.conflicts.length} conflicts)`, [previewMs], TARGET.mergePreview),
  })
  // The full check the preview started for a merge to come: over before the file goes.
  const [, checkMs] = await timed(() => sourceCheck(copy).full)
  rows.push({ measure: 'their file’s full check, in a worker thread from the preview on (after it)', value: ms(checkMs), target: '', pass: null })
  fs.rmSync(copy, { force: true })
}

/** The first page of a list channel and its third (read after the second page's cursor), `runs` times: the samples of the first and third. */
async function pageSamples(ws: Workspace, runs: number, channel: string, input: Record<string, unknown>): Promise<number[]> {
  const samples: number[] = []
  for (let r = 0; r < runs; r++) {
    let after: unknown = undefined
    for (let page = 0; page < 3; page++) {
      const [answer, took] = await timed(() => call(ws, channel, { ...input, limit: 100, after }))
      if (page !== 1) samples.push(took)
      after = (answer as { next: unknown }).next
      if (!after) break
    }
  }
  return samples
}

/**
 * The lists of the Verifications and Visits sections, a page of 100 (the first and the third), p95
 * < 20 ms: the visit ranking on the file as generated (no claim, no visit: every project under
 * way scores by its EU contribution), then, in a transaction rolled back after (the file's other
 * measures see it as generated), with a claim on each project under way (one in ten returned for
 * information, one in twenty verified with an error found) and a visit on one in ten (a high
 * finding on a third of them, an open recommendation on half): the ranking again, the claims list,
 * the open recommendations and a project's visits.
 */
async function measureVisitAndClaimPages(ws: Workspace, rows: Row[], runs: number): Promise<void> {
  const ranking = await pageSamples(ws, runs, 'visits.ranking', {})
  rows.push(timing('visit ranking, a page of 100 (first and third), every project under way', ranking, TARGET.page))
  // Run alone (`--only dashboard`), the file may still be checked in the background: the plain writes below wait for it.
  await ws.pagesChecked()
  const sqlite = ws.file().sqlite
  const rnd = random(80)
  const at = new Date().toISOString()
  const day = (from: string, days: number) => new Date(Date.parse(from) + Math.floor(rnd() * days) * 86_400_000).toISOString().slice(0, 10)
  const projects = sqlite
    .prepare(
      `SELECT p.id, (SELECT b.id FROM budget_lines b WHERE b.project_id = p.id AND b.cost_model = 'actual_costs' LIMIT 1) AS line
       FROM projects p WHERE p.status IN ('running', 'final_report_received')`,
    )
    .all() as { id: string; line: string | null }[]
  sqlite.exec('BEGIN')
  try {
    const claim = sqlite.prepare(`INSERT INTO claims (id, project_id, kind, reference, period_start, period_end, submitted_on, status,
      withdrawn_reason, prepared_by, prepared_at, approved_by, approved_at, created_at, updated_at, updated_by)
      VALUES (?, ?, 'interim', ?, '2025-01-01', '2025-12-31', ?, ?, ?, ?, ?, ?, ?, ?, ?, 'Bench')`)
    const line = sqlite.prepare(`INSERT INTO claim_lines (id, claim_id, budget_line_id, line_no, kind, expense_date, supplier, reference,
      amount_excl_cents, amount_incl_cents, declared_cents, outcome, accepted_cents, error_type, verified_by, verified_at, created_at, updated_at, updated_by)
      VALUES (?, ?, ?, ?, 'actual', '2025-06-30', 'Fournisseur', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'Bench')`)
    const suspension = sqlite.prepare(`INSERT INTO claim_suspensions (id, claim_id, stopped_on, reason, resumed_on, created_at, updated_at, updated_by)
      VALUES (?, ?, ?, 'Pièces manquantes', ?, ?, ?, 'Bench')`)
    const visit =
      sqlite.prepare(`INSERT INTO visits (id, project_id, visit_date, place, officers, scope, status, conclusion, created_at, updated_at, updated_by)
      VALUES (?, ?, ?, 'Sur place', 'Bench', NULL, 'done', NULL, ?, ?, 'Bench')`)
    const finding = sqlite.prepare(`INSERT INTO visit_findings (id, visit_id, severity, description, created_at, updated_at, updated_by)
      VALUES (?, ?, 'high', 'Constat', ?, ?, 'Bench')`)
    const recommendation =
      sqlite.prepare(`INSERT INTO visit_recommendations (id, visit_id, finding_id, recommendation, due_date, status, created_at, updated_at, updated_by)
      VALUES (?, ?, NULL, 'Suivi', ?, 'open', ?, ?, 'Bench')`)
    let visited: string | null = null
    for (const [i, p] of projects.entries()) {
      if (p.line) {
        const id = newId()
        const verified = rnd() < 0.05
        const submitted = day('2025-10-01', verified ? 60 : 400)
        const status = verified ? pickOf(rnd, ['verified', 'paid']) : pickOf(rnd, ['received', 'received', 'under_verification', 'withdrawn'])
        const approval = verified ? ['Bench', at, 'Bench Approver', at] : [null, null, null, null]
        const shownStatus = rnd() < 0.1 && !verified ? 'returned' : status
        claim.run(id, p.id, `DP-${i}`, submitted, shownStatus, shownStatus === 'withdrawn' ? 'Doublon' : null, ...approval, at, at)
        for (let n = 1; n <= 3; n++) {
          const cents = 10_000 + Math.floor(rnd() * 1_000_000)
          const outcome = verified
            ? n === 1
              ? ['reduced', Math.floor(cents / 2), 'ineligible_cost', 'Bench', at]
              : ['accepted', cents, null, 'Bench', at]
            : [null, null, null, null, null]
          line.run(newId(), id, p.line, n, `F-${i}-${n}`, cents, cents, cents, ...outcome, at, at)
        }
        if (rnd() < 0.1) {
          const stopped = day(submitted, 30)
          suspension.run(newId(), id, stopped, rnd() < 0.5 ? null : day(stopped, 40), at, at)
        }
      }
      if (rnd() < 0.1) {
        const v = newId()
        visit.run(v, p.id, day('2023-01-01', 1000), at, at)
        visited ??= p.id
        if (rnd() < 0.33) finding.run(newId(), v, at, at)
        if (rnd() < 0.5) recommendation.run(newId(), v, day('2025-06-01', 700), at, at)
      }
    }
    // Written past the record writer: the kept claim figures and risk facts are rebuilt as after a merge.
    rebuildClaimFigures(sqlite)
    // The statistics the app keeps (ANALYZE when a file is opened, merged or closed) for the tables just filled.
    for (const table of ['claims', 'claim_lines', 'claim_suspensions', 'visits', 'visit_findings', 'visit_recommendations', 'claim_figures', 'project_risk'])
      sqlite.exec(`ANALYZE ${table}`)
    const seeded = await pageSamples(ws, runs, 'visits.ranking', {})
    rows.push(timing('visit ranking, a page of 100, with claims and visits', seeded, TARGET.page))
    const claims = [
      ...(await pageSamples(ws, runs, 'claims.list', {})),
      ...(await pageSamples(ws, runs, 'claims.list', { status: ['received', 'under_verification', 'returned', 'verified'] })),
      ...(await pageSamples(ws, runs, 'claims.list', { q: 'projet 1' })),
    ]
    rows.push(timing(`a page of claims.list, with and without filters (${projects.length} claims)`, claims, TARGET.page))
    // The CPU time a page takes, to tell its work from the machine's waits (the targets are on the wall time above): the main
    // thread's, where the page runs, and every thread's (the garbage collector's helpers work beside it). A mean over every
    // page read: this machine's kernel counts a thread's time in ticks of 4 ms, too coarse for one page.
    const cpuOf = async (measure: string, channel: string, input: Record<string, unknown>) => {
      let pages = 0
      let main = 0
      let all = 0
      for (let r = 0; r < runs; r++) {
        let after: unknown = undefined
        for (let page = 0; page < 3; page++) {
          const startMain = threadCpuMs()
          const startAll = process.cpuUsage()
          const answer = (await call(ws, channel, { ...input, limit: 100, after })) as { next: unknown }
          const used = process.cpuUsage(startAll)
          main += threadCpuMs() - startMain
          all += (used.user + used.system) / 1000
          pages++
          after = answer.next
          if (!after) break
        }
      }
      rows.push({
        measure: `${measure}, CPU per page: main thread; every thread (mean of ${pages})`,
        value: `${ms(main / pages)}; ${ms(all / pages)}`,
        target: '',
        pass: null,
      })
    }
    await cpuOf('visit ranking with claims and visits', 'visits.ranking', {})
    await cpuOf('claims.list, no filter', 'claims.list', {})
    await cpuOf('claims.list, by status', 'claims.list', { status: ['received', 'under_verification', 'returned', 'verified'] })
    await cpuOf('claims.list, searched', 'claims.list', { q: 'projet 1' })
    const open = await pageSamples(ws, runs, 'visits.openRecommendations', {})
    rows.push(timing('a page of visits.openRecommendations', open, TARGET.page))
    if (visited)
      rows.push(timing("a page of a project's visits (visits.list)", await pageSamples(ws, runs, 'visits.list', { projectId: visited }), TARGET.page))
  } finally {
    sqlite.exec('ROLLBACK')
  }
}

/** One of the choices, by the generator given. */
const pickOf = <T>(rnd: () => number, list: readonly T[]): T => list[Math.floor(rnd() * list.length)]

/** "Dashboard, any filter": the summary with no filter, then by strand, officer, period and call (when the file has one). */
async function measureDashboard(ws: Workspace, rows: Row[], runs: number): Promise<void> {
  const calls = (await call(ws, 'calls.list', {})) as { id: string }[]
  const filters: Record<string, unknown>[] = [
    {},
    { strand: 'reception' },
    { strand: 'integration' },
    { officer: 'Pieter Janssens' },
    { from: '2024-01-01', to: '2024-12-31' },
    ...(calls[0] ? [{ callId: calls[0].id }] : []),
  ]
  const samples: number[] = []
  for (let r = 0; r < Math.max(2, Math.ceil(runs / 2)); r++) {
    for (const input of filters) samples.push((await timed(() => call(ws, 'dashboard.summary', input)))[1])
  }
  rows.push(timing(`dashboard, any filter (${filters.length} filter sets)`, samples, goal(TARGET.dashboard, 500)))
}

/** One query a channel ran, as compiled, and whether Kysely compiled it at the call (built then) or it came compiled (compiled-once.ts). */
interface RunQuery {
  compiled: CompiledQuery
  compiledAtCall: boolean
}

/**
 * The queries a channel runs, in order: the handler runs on a Kysely over the same connection that
 * logs every query it executes (subqueries are parts of theirs) and notes each operation tree it
 * compiles (the open file's own Kysely is put back after).
 */
async function queriesOf(ws: Workspace, run: () => Promise<unknown>): Promise<RunQuery[]> {
  const file = ws.file()
  const ran: CompiledQuery[] = []
  const compiled = new Set<OperationNode>()
  const plugin: KyselyPlugin = {
    transformQuery: ({ node }) => {
      compiled.add(node)
      return node
    },
    transformResult: async ({ result }) => result,
  }
  const logging = new Kysely<DB>({
    dialect: new SqliteDialect({ database: cachingStatements(file.sqlite) }),
    log: (event) => {
      if (event.level === 'query') ran.push(event.query)
    },
  })
  const watched = { ...file, db: logging.withPlugin(plugin) }
  // Once before: a query compiled once is compiled at the first call ever.
  await run()
  const own = ws.file
  ws.file = () => watched
  try {
    await run()
  } finally {
    ws.file = own
  }
  return ran.map((q) => ({ compiled: q, compiledAtCall: compiled.has(q.query) }))
}

/** How long a sample of Kysely / raw lasts at least (ms), in runs of a channel's queries, and the most runs a sample takes. */
const SAMPLE_MS = 5
const MAX_REPEAT = 100
/** Samples of a channel whose queries take less than SAMPLE_MS together. */
const SMALL_SAMPLES = 25

/**
 * Kysely against raw SQL on the same queries (issue 13 §5): the queries each hot channel (list
 * pages, dashboard, project and partner pages) runs are caught as Kysely ran them, then run
 * alternately in the same loop through Kysely (compiled again when the channel has Kysely compile
 * it at each call, then executed by its driver, as each call does) and as the compiled SQL through
 * raw better-sqlite3 statements prepared once. The ratio of the medians (all the channel's queries
 * together) must stay under 1.3: medians of the process's CPU time, what the code costs whatever
 * else the machine runs (on a shared 2-core machine the wall clock of a run of a fraction of a
 * millisecond is mostly others' work; its ratio is shown beside). Nothing else runs in the
 * process meanwhile: the file's quick check (a worker thread) has passed.
 */
async function measureKyselyVsRaw(ws: Workspace, rows: Row[], runs: number): Promise<void> {
  await ws.pagesChecked()
  const { sqlite, db } = ws.file()
  const executor = db.getExecutor()
  const projectId = (sqlite.prepare('SELECT id FROM projects ORDER BY code LIMIT 1 OFFSET 7').get() as { id: string } | undefined)?.id
  const partnerId = (sqlite.prepare('SELECT id FROM organisations ORDER BY name LIMIT 1 OFFSET 7').get() as { id: string } | undefined)?.id
  const hot: [string, string, Record<string, unknown>][] = [
    ['projects, first page', 'projects.list', {}],
    ['projects, SO3 running', 'projects.list', { objective: ['SO3'], status: ['running'] }],
    ['projects, by EU contribution', 'projects.list', { sort: { key: 'eu', order: 'desc' } }],
    ['projects, search "projet 12"', 'projects.list', { q: 'projet 12' }],
    ['milestones, first page', 'milestones.list', {}],
    ['milestones, late only', 'milestones.list', { lateOnly: true }],
    ['partners, first page', 'partners.list', {}],
    ['partners, search "liege"', 'partners.list', { search: 'liege' }],
    ['dashboard, all objectives', 'dashboard.summary', {}],
    ['dashboard, reception', 'dashboard.summary', { strand: 'reception' }],
  ]
  if (projectId) hot.push(['a project page', 'projects.get', { id: projectId }])
  if (partnerId) hot.push(['a partner page', 'partners.get', { id: partnerId }])
  const n = Math.max(5, runs)
  const all = { kysely: 0, raw: 0 }
  const afterwards: (() => Promise<void>)[] = []
  for (const [name, channel, input] of hot) {
    const caught = (await queriesOf(ws, () => call(ws, channel, input))).filter(
      (q) => q.compiled.query.kind === 'SelectQueryNode' || q.compiled.query.kind === 'RawNode',
    )
    const raw = caught.map(({ compiled }) => ({ sql: compiled.sql, statement: sqlite.prepare(compiled.sql), args: compiled.parameters as unknown[] }))
    const reads = raw.filter((r) => r.statement.reader)
    const kyselyReads = caught.filter((_, i) => raw[i].statement.reader)
    const once = kyselyReads.filter((q) => !q.compiledAtCall).length
    const runKysely = async () => {
      for (const { compiled, compiledAtCall } of kyselyReads) {
        const queryId = createQueryId()
        await db.executeQuery(compiledAtCall ? executor.compileQuery(compiled.query, queryId) : { ...compiled, queryId })
      }
    }
    const runRaw = async () => {
      for (const { statement, args } of reads) statement.all(...args)
    }
    // Raw again, preparing each statement at each run as Kysely's driver does: tells how much of the gap is SQLite's planning.
    const runReprepared = async () => {
      for (const { sql, args } of reads) sqlite.prepare(sql).all(...args)
    }
    // A sample of a channel of small queries (a page: a fraction of a millisecond) is several runs, so that it lasts a few
    // milliseconds: one run alone is mostly the clock's and the machine's noise.
    const repeat = Math.min(MAX_REPEAT, Math.ceil(SAMPLE_MS / Math.max((await timed(runRaw))[1], 0.001)))
    const sides = [runKysely, runRaw].map((run) => ({ run, cpu: [] as number[], wall: [] as number[] }))
    const [kysely, direct] = sides
    const reprepared = { run: runReprepared, cpu: [] as number[], wall: [] as number[] }
    // A sample is `repeat` rounds of the sides, one after the other, each side's CPU time (of the process) and wall time
    // summed apart (ms a run): the sides alternate run by run, so that the machine's load weighs on them alike.
    const sample = async (group: typeof sides) => {
      const cpu = group.map(() => 0)
      const wall = group.map(() => 0)
      for (let i = 0; i < repeat; i++) {
        for (const [s, side] of group.entries()) {
          const before = process.cpuUsage()
          const [, ms] = await timed(side.run)
          const used = process.cpuUsage(before)
          cpu[s] += (used.user + used.system) / 1000
          wall[s] += ms
        }
      }
      for (const [s, side] of group.entries()) {
        side.cpu.push(cpu[s] / repeat)
        side.wall.push(wall[s] / repeat)
      }
    }
    // More samples of a small channel, whose few milliseconds a sample the machine's noise still moves.
    const samples = repeat > 1 ? Math.max(n, SMALL_SAMPLES) : n
    for (let r = 0; r < samples; r++) await sample(sides)
    // Apart, once every channel's sides are measured: the statements it prepares and drops are finalized by the garbage
    // collector, at a time that would weigh on whichever side runs then (the project page's largest costs half a
    // millisecond to prepare).
    afterwards.push(async () => {
      for (let r = 0; r < samples; r++) await sample([reprepared])
      row.measure += `; raw prepared at each run: ${ms(stats(reprepared.cpu).median)})`
    })
    const k = stats(kysely.cpu).median
    const d = stats(direct.cpu).median
    all.kysely += k
    all.raw += d
    const ratio = k / Math.max(d, 0.001)
    const wallRatio = stats(kysely.wall).median / Math.max(stats(direct.wall).median, 0.001)
    const row: Row = {
      measure: `Kysely / raw, ${name} (${channel}, ${reads.length} queries, ${once} compiled once; wall-clock ratio ${wallRatio.toFixed(2)}`,
      value: `${ratio.toFixed(2)} (${ms(k)} / ${ms(d)})`,
      target: `< ${TARGET.kyselyRatio}`,
      pass: ratio < TARGET.kyselyRatio,
    }
    rows.push(row)
  }
  for (const measure of afterwards) await measure()
  const ratio = all.kysely / Math.max(all.raw, 0.001)
  rows.push({
    measure: 'Kysely / raw, every hot query above together',
    value: `${ratio.toFixed(2)} (${ms(all.kysely)} / ${ms(all.raw)})`,
    target: `< ${TARGET.kyselyRatio}`,
    pass: ratio < TARGET.kyselyRatio,
  })
}

/**
 * The memory of the main process after the lists and the dashboard (issue 13 §5): measured in a
 * process of its own that does only what the window's main process does (open a copy of the file,
 * every list's first pages with each filter and sort, search, the dashboard with each filter),
 * since this one also generated the file, copied it and keeps what other sections left.
 */
async function measureMemory(rows: Row[], file: string): Promise<void> {
  // This script, as tsx was given it.
  const script = process.argv[1]
  const out = execFileSync(process.execPath, [...process.execArgv, '--expose-gc', script, '--memory-probe', file], { encoding: 'utf8', maxBuffer: 1024 * 1024 })
  const { rss, heapUsed } = JSON.parse(out.trim().split('\n').pop()!) as { rss: number; heapUsed: number }
  const mb = (bytes: number) => bytes / 1024 / 1024
  rows.push({
    measure: 'memory of a process that opened the file and read the lists and the dashboard (rss; heap used)',
    value: `${mb(rss).toFixed(0)} MB; ${mb(heapUsed).toFixed(0)} MB`,
    target: `rss < ${TARGET.memoryMb} MB`,
    pass: mb(rss) < TARGET.memoryMb,
  })
}

/** `--memory-probe <file>`: what measureMemory runs in its own process; prints the process's memory as JSON. */
async function memoryProbe(source: string): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amif-memory-'))
  const file = path.join(dir, 'probe.amif')
  fs.copyFileSync(source, file)
  const ws = new Workspace({
    settings: new JsonSettingsStore(path.join(dir, 'settings.json')),
    dialogs: noDialogs,
    documentsDir: dir,
    appVersion: 'bench',
    checkInBackground: true,
  })
  try {
    await ws.open(file)
    await ws.pagesChecked()
    for (const { channel, input } of listInputs()) {
      let after: unknown = undefined
      for (let page = 0; page < 3; page++) {
        after = ((await call(ws, channel, { ...input, limit: 100, after })) as { next: unknown }).next
        if (!after) break
      }
    }
    for (const q of ['p', 'projet 12', 'caritas']) await call(ws, 'projects.list', { q, limit: 100 })
    for (const q of ['r', 'rapport']) await call(ws, 'milestones.list', { q, limit: 100 })
    for (const input of [{}, { strand: 'reception' }, { officer: 'Pieter Janssens' }, { from: '2024-01-01', to: '2024-12-31' }]) {
      await call(ws, 'dashboard.summary', input)
    }
    global.gc?.()
    const { rss, heapUsed } = process.memoryUsage()
    console.log(JSON.stringify({ rss, heapUsed }))
  } finally {
    await ws.close()
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

/** Where `soffice` is on PATH, or null. */
function findSoffice(): string | null {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, 'soffice')
    if (dir && fs.existsSync(candidate)) return candidate
  }
  return null
}

const escapeHtml = (text: string | null | undefined) =>
  (text ?? '').replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c)
const euros = (cents: number | null) => (cents === null ? '' : `${(cents / 100).toFixed(2).replace('.', ',')} €`)

/**
 * The agreement as HTML, for LibreOffice to convert: the same data as the PDF (parties, object,
 * budget, payments, indicators, milestones, reporting, signatures), plainly laid out. Only for the
 * comparison: the app's documents are pdfmake's.
 */
function agreementHtml(a: AgreementSource): string {
  const table = (head: string[], body: (string | number)[][]) =>
    `<table border="1" cellspacing="0" cellpadding="3"><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr>${body
      .map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(String(c))}</td>`).join('')}</tr>`)
      .join('')}</table>`
  const party = (p: { name: string; street: string | null; postcode: string | null; city: string | null; enterpriseNumber: string | null }) =>
    `<p><b>${escapeHtml(p.name)}</b><br>${escapeHtml(p.street)}, ${escapeHtml(p.postcode)} ${escapeHtml(p.city)}<br>${escapeHtml(p.enterpriseNumber)}</p>`
  return `<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>${escapeHtml(a.project.code)}</title>
<style>body{font-family:Roboto,sans-serif;font-size:10pt} table{border-collapse:collapse;width:100%} th{background:#e8edf6}</style></head><body>
<h1>Convention de subvention ${escapeHtml(a.project.code)}</h1>
<h2>Entre</h2>${party(a.grantor)}<h2>Et</h2>${party(a.beneficiary)}
<h2>Article 1 – Objet</h2><p>${escapeHtml(a.project.title)}</p><p>${escapeHtml(a.project.objective.code)} – ${escapeHtml(a.project.objective.wording)}</p>
<p>Du ${escapeHtml(a.project.startDate)} au ${escapeHtml(a.project.endDate)}</p>
<h2>Article 2 – Budget</h2>${table(
    ['Catégorie', 'Description', 'Montant'],
    a.budget.lines.map((l) => [l.category, l.description, euros(l.cents)]),
  )}<p>Éligible : ${euros(a.budget.eligibleCents)} ; UE : ${euros(a.budget.euCents)} ; propre : ${euros(a.budget.ownCents)}</p>
<h2>Article 3 – Paiements</h2>${table(
    ['Type', 'Date', 'Montant'],
    a.payments.map((p) => [p.kind, p.plannedDate, euros(p.amountCents)]),
  )}
<h2>Article 4 – Indicateurs</h2>${table(
    ['Code', 'Indicateur', 'Base', 'Cible'],
    a.indicators.map((i) => [i.code, i.label, i.baseline, i.target]),
  )}
<h2>Article 5 – Jalons</h2>${table(
    ['Jalon', 'Échéance', 'Responsable'],
    a.milestones.map((m) => [m.title, m.dueDate, m.responsible ?? '']),
  )}
<h2>Article 6 – Rapports</h2>${table(
    ['Rapport', 'Période', 'Échéance'],
    a.reporting.map((r) => [r.kind, `${r.periodStart} – ${r.periodEnd}`, r.dueDate]),
  )}
<h2>Signatures</h2><p>${escapeHtml(a.grantor.signatory.name)}</p><p>${escapeHtml(a.beneficiary.signatory?.name)}</p>
</body></html>`
}

/**
 * pdfmake against LibreOffice headless (issue 13 §5), on the same agreement: the officer's wait for
 * pdfmake's (gathered, laid out, stored) beside `soffice --headless --convert-to pdf` of the same
 * data as .html (a process each, as a converter would be run). "Not measured" without `soffice`.
 */
async function measurePdfVsLibreOffice(ws: Workspace, rows: Row[], dir: string, runs: number): Promise<void> {
  const soffice = findSoffice()
  if (!soffice) {
    rows.push({
      measure: 'agreement PDF: LibreOffice headless (.html of the same agreement)',
      value: 'not measured (LibreOffice not installed)',
      target: '',
      pass: null,
    })
    return
  }
  // The agreement names the grantor: the same as the other document measures save (run alone with --only, none is saved yet).
  await call(ws, 'grantor.save', {
    values: {
      nameFr: 'Agence fédérale pour l’accueil des demandeurs d’asile',
      signatoryName: 'Anne Dupont',
      signatoryTitleFr: 'Directrice générale',
      city: 'Bruxelles',
    },
  })
  const projectId = (ws.file().sqlite.prepare('SELECT id FROM projects ORDER BY code LIMIT 1 OFFSET 11').get() as { id: string }).id
  const pdfmake: number[] = []
  for (let r = 0; r < Math.max(3, Math.min(runs, 10)); r++) {
    pdfmake.push((await timed(() => call(ws, 'documents.generate', { projectId, kind: 'agreement', language: 'fr' })))[1])
  }
  const html = path.join(dir, 'agreement.html')
  fs.writeFileSync(html, agreementHtml(await agreementData(ws.file().db, projectId, 'fr', todayIso(), null, [])))
  // A profile of its own, so that a LibreOffice the officer runs is not in the way; the first start makes it.
  const profile = `file://${path.join(dir, 'lo-profile')}`
  const convert = async () => {
    execFileSync(soffice, [`-env:UserInstallation=${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, html], {
      stdio: 'ignore',
      timeout: 120_000,
    })
  }
  await convert()
  const office: number[] = []
  for (let r = 0; r < 3; r++) office.push((await timed(convert))[1])
  if (!fs.readFileSync(path.join(dir, 'agreement.pdf')).subarray(0, 5).equals(Buffer.from('%PDF-'))) throw new Error('soffice wrote no PDF')
  const p = stats(pdfmake).median
  const o = stats(office).median
  rows.push(timing('agreement PDF: pdfmake (gathered, laid out, stored)', pdfmake, null))
  rows.push(timing(`agreement PDF: LibreOffice headless, the same agreement as .html (${(o / p).toFixed(1)} × pdfmake)`, office, null))
}

/**
 * Importing a beneficiary's expenditure list of 5 000 lines (an .xlsx as the template is filled
 * in) into a claim: the preview (read, every row checked) and the confirmation (5 000 lines and
 * their audit rows in one transaction).
 */
async function measureClaimImport(ws: Workspace, rows: Row[], dir: string): Promise<void> {
  const db = ws.writableFile().db
  const project = await db
    .selectFrom('projects')
    .select(['id', 'start_date', 'end_date'])
    .where((eb) =>
      eb.exists(eb.selectFrom('budget_lines').select('id').whereRef('budget_lines.project_id', '=', 'projects.id').where('cost_model', '=', 'actual_costs')),
    )
    .orderBy('code')
    .executeTakeFirstOrThrow()
  const officer = { name: 'Bench', email: null }
  const claimId = await db.transaction().execute((trx) =>
    insertRecord(
      trx,
      officer,
      { table: 'claims', entity: 'claim', parentId: project.id },
      {
        project_id: project.id,
        kind: 'interim',
        period_start: project.start_date,
        period_end: project.end_date,
        submitted_on: project.end_date,
        status: 'received',
        reference: 'BENCH-1',
      },
    ),
  )
  const { default: ExcelJS } = await import('exceljs')
  const workbook = new ExcelJS.Workbook()
  const sheet = workbook.addWorksheet('Dépenses')
  sheet.addRow(IMPORT_FIELDS.map((f) => TEMPLATE_HEADERS.fr[f]))
  const start = Date.parse(`${project.start_date}T00:00:00Z`)
  const days = Math.max(1, (Date.parse(`${project.end_date}T00:00:00Z`) - start) / 86_400_000)
  const n = 5000
  for (let i = 0; i < n; i++) {
    const date = new Date(start + (i % days) * 86_400_000)
    const excl = 1000 + ((i * 7919) % 500_000) / 100
    sheet.addRow([
      'Coût réel',
      1,
      date,
      `Fournisseur ${i % 250}`,
      `F-${100000 + i}`,
      `Dépense ${i}`,
      excl,
      Math.round(excl * 121) / 100,
      i % 3 === 0 ? 'oui' : 'non',
      date,
    ])
  }
  const list = path.join(dir, 'depenses-5000.xlsx')
  await workbook.xlsx.writeFile(list)
  const [preview, previewMs] = await timed(() => previewImport(ws.file().db, claimId, list))
  rows.push({
    measure: `import preview, ${n} expenditure lines (.xlsx read, every row checked)`,
    value: ms(previewMs),
    target: '< 5000 ms',
    pass: previewMs < 5000,
  })
  const [result, confirmMs] = await timed(() =>
    confirmImport(db, officer, { claimId, filePath: list, sha256: preview.sha256, mapping: preview.mapping, allOrNothing: true, sheet: preview.sheet }),
  )
  rows.push({
    measure: `import confirm, ${result.imported} lines written with audit`,
    value: ms(confirmMs),
    target: '< 10000 ms',
    pass: confirmMs < 10_000 && result.imported === n,
  })
}

/** The partner registry: the first page cold and warm, search as you type, a filter, every sort, a partner's page. */
async function measurePartners(ws: Workspace, rows: Row[], runs: number): Promise<void> {
  const page = goal(TARGET.page, 100)
  const [first, firstMs] = await timed(() => call(ws, 'partners.list', {}))
  const total = (first as { total: number }).total
  rows.push({ measure: `partners: first page, cold (${total} active rows)`, value: ms(firstMs), target: `< ${page} ms`, pass: firstMs < page })

  const listSamples: number[] = []
  for (let r = 0; r < runs; r++) listSamples.push((await timed(() => call(ws, 'partners.list', {})))[1])
  rows.push(timing('partners: first page, no search', listSamples, page))

  // What an officer types, one keystroke at a time: a name, an accent-free city, digits, nothing found.
  const typed = ['caritas', 'liege', 'vluchtelingen', '0400', 'zzz']
  const searchSamples: number[] = []
  for (let r = 0; r < Math.max(1, Math.ceil(runs / 5)); r++) {
    for (const word of typed) {
      for (let k = 1; k <= word.length; k++) {
        searchSamples.push((await timed(() => call(ws, 'partners.list', { search: word.slice(0, k) })))[1])
      }
    }
  }
  rows.push(timing('partners: search as you type, keystrokes', searchSamples, goal(TARGET.search, 100)))

  const filterSamples: number[] = []
  for (let r = 0; r < runs; r++) {
    filterSamples.push((await timed(() => call(ws, 'partners.list', { kinds: ['ngo'], strands: ['reception', 'integration'] })))[1])
  }
  rows.push(timing('partners: filter by kind and strand', filterSamples, page))

  const sorts = ['name', 'acronym', 'kind', 'enterpriseNumber', 'city', 'updatedAt'] as const
  const sortSamples: number[] = []
  for (let r = 0; r < Math.max(1, Math.ceil(runs / 5)); r++) {
    for (const field of sorts) {
      for (const direction of ['asc', 'desc'] as const) {
        sortSamples.push((await timed(() => call(ws, 'partners.list', { archived: 'all', sort: { field, direction } })))[1])
      }
    }
  }
  rows.push(timing('partners: sort change, archived too', sortSamples, page))

  const firstRows = (first as { rows: { id: string }[] }).rows
  const someId = firstRows[Math.floor(firstRows.length / 2)]?.id
  if (someId) {
    const detailSamples: number[] = []
    for (let r = 0; r < runs; r++) detailSamples.push((await timed(() => call(ws, 'partners.get', { id: someId })))[1])
    rows.push(timing('a partner page', detailSamples, goal(TARGET.detail, 50)))
  }
}

/** Opening: the quick check the app runs against the full integrity check, each on a connection of its own. */
async function measureOpening(ws: Workspace, rows: Row[], file: string, runs: number): Promise<void> {
  for (const pragma of ['quick_check', 'integrity_check'] as const) {
    const samples: number[] = []
    for (let r = 0; r < Math.min(runs, 3); r++) {
      const db = new BetterSqlite3(file, { readonly: true })
      samples.push((await timed(async () => db.pragma(pragma)))[1])
      db.close()
    }
    rows.push({ ...timing(`PRAGMA ${pragma}`, samples, null), target: pragma === 'quick_check' ? '' : 'on demand' })
  }
  const samples: number[] = []
  const writable: number[] = []
  for (let r = 0; r < Math.min(runs, 5); r++) {
    samples.push((await timed(() => ws.open(file)))[1])
    // The quick check runs in a worker thread meanwhile: the file can be changed once it has passed.
    writable.push(samples[r] + (await timed(() => ws.pagesChecked()))[1])
    await ws.close()
  }
  rows.push(timing('open with checks (header, identity, schema; quick_check in a worker thread)', samples, TARGET.open))
  rows.push(timing('open until the quick check has passed (file writable)', writable, null))
  await ws.open(file)
  await ws.pagesChecked()
}

/** A project page, and gathering an agreement's data (what the PDF is made from, without the layout). */
async function measureProjectPages(ws: Workspace, rows: Row[], runs: number): Promise<void> {
  // The grantor is written once the quick check has passed (the file is opened as the window does, its pages checked meanwhile).
  await ws.pagesChecked()
  await call(ws, 'grantor.save', {
    values: {
      nameFr: 'Agence fédérale pour l’accueil des demandeurs d’asile',
      signatoryName: 'Anne Dupont',
      signatoryTitleFr: 'Directrice générale',
      city: 'Bruxelles',
    },
  })
  const ids = (ws.file().sqlite.prepare('SELECT id FROM projects ORDER BY code').all() as { id: string }[]).map((r) => r.id)
  const pickId = (r: number) => ids[Math.floor(((r + 1) * ids.length) / (runs + 2))]
  const page: number[] = []
  const gather: number[] = []
  const today = todayIso()
  for (let r = 0; r < runs; r++) {
    page.push((await timed(() => call(ws, 'projects.get', { id: pickId(r) })))[1])
    gather.push((await timed(() => agreementData(ws.file().db, pickId(r), 'fr', today, null, [])))[1])
  }
  rows.push(timing('a project page', page, TARGET.detail))
  rows.push(timing('gather an agreement’s data', gather, 20))
}

/** The ways to copy the open file: SQLite's online backup, VACUUM INTO, and the bytes under a read transaction. */
async function measureCopies(ws: Workspace, rows: Row[], dir: string): Promise<void> {
  const sqlite = ws.file().sqlite
  const target = path.join(dir, 'copy-method.amif')
  const methods: [string, () => Promise<unknown>][] = [
    ['online backup(), all pages in one step', () => sqlite.backup(target, { progress: () => 1_000_000_000 })],
    ['online backup(), 4096 pages a step', () => sqlite.backup(target, { progress: () => 4096 })],
    ['VACUUM INTO', async () => sqlite.prepare('VACUUM INTO ?').run(target)],
    [
      'file bytes under a read transaction',
      async () => {
        sqlite.exec('BEGIN')
        try {
          sqlite.prepare('SELECT count(*) FROM meta').get()
          fs.copyFileSync(ws.file().path, target)
        } finally {
          sqlite.exec('COMMIT')
        }
      },
    ],
  ]
  const measured = new Map<string, number[]>()
  for (const [name, run] of methods) {
    const samples: number[] = []
    for (let r = 0; r < 3; r++) {
      fs.rmSync(target, { force: true })
      samples.push((await timed(run))[1])
    }
    measured.set(name, samples)
  }
  // The app copies the file's bytes (database/file/snapshot.ts), the fastest here: the target is on it, the others are compared with it.
  const chosen = 'file bytes under a read transaction'
  const chosenMedian = stats(measured.get(chosen)!).median
  for (const [name, samples] of measured) {
    if (name === chosen) rows.push(timing(`copy: ${name} (the app's copy)`, samples, TARGET.copy, 'median'))
    else {
      const median = stats(samples).median
      rows.push(timing(`copy: ${name} (${(median / chosenMedian).toFixed(1)} × the app's copy)`, samples, null))
    }
  }
  fs.rmSync(target, { force: true })
  // As `check` and the copies run it: in a worker thread, on a read-only connection of its own.
  const [, checkMs] = await timed(() => checkPages(ws.file().path, 'full'))
  rows.push({ measure: 'full integrity check of the open file (worker thread)', value: ms(checkMs), target: '', pass: null })
}

/** A line of the table: a timing (median and p95, in ms) or a value of another kind (a size, a ratio), against its target. */
interface Row {
  measure: string
  median?: number
  p95?: number
  /** Shown in the median column when the row is not a timing. */
  value?: string
  target: string
  pass: boolean | null
}

/** What a row shows in its median and p95 columns. */
function cells(r: Row): [string, string] {
  return [r.median !== undefined ? ms(r.median) : (r.value ?? ''), r.p95 !== undefined ? ms(r.p95) : '']
}

/** The table's rows, each also told on stderr as it is measured: a run at scale 100 takes a while. */
class Rows extends Array<Row> {
  override push(...rows: Row[]): number {
    for (const r of rows) {
      const [median, p95] = cells(r)
      process.stderr.write(`  ${r.measure}: ${median}${p95 ? ` / ${p95}` : ''}${r.pass === null ? '' : r.pass ? ' PASS' : ' FAIL'}\n`)
    }
    return super.push(...rows)
  }
}

const ms = (v: number) => `${v.toFixed(1)} ms`

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2))
  scaled = options.scale !== null
  /** True when the section of that name is to be run (all of them without `--only`). */
  const want = (section: string) => options.only === null || options.only.test(section)
  /** Runs a section when wanted; one that fails (a render stopped at its time limit) is a FAIL row, and the others still run. */
  const section = async (name: string, measure: () => unknown): Promise<void> => {
    if (!want(name)) return
    try {
      await measure()
    } catch (err) {
      rows.push({ measure: `${name}: stopped by an error`, value: err instanceof Error ? err.message : String(err), target: '', pass: false })
    }
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amif-bench-'))
  const ws = new Workspace({
    settings: new JsonSettingsStore(path.join(dir, 'settings.json')),
    dialogs: noDialogs,
    documentsDir: dir,
    appVersion: 'bench',
    // As the window opens files: a large one at once, its pages checked in a worker thread.
    checkInBackground: true,
    // As the window's render process renders: both workers started with the first document.
    renderer: new WorkerRenderer({ wholePool: true }),
  })
  ws.updateSettings({ officer: { name: 'Bench', email: null } })
  const file = path.join(dir, 'bench.amif')
  const rows: Row[] = new Rows()
  try {
    if (options.scale !== null) {
      const scale = await scaleFile(options.scale)
      const g = scale.generated
      rows.push(
        g
          ? {
              measure: `generate scale ${options.scale}: ${g.partners} partners, ${g.projects} projects, ${g.milestones} milestones, ${g.audit} audit rows`,
              value: ms(g.ms),
              target: '',
              pass: null,
            }
          : {
              measure: `generated file (cached: ${scale.path})`,
              value: `${(fs.statSync(scale.path).size / 1024 / 1024).toFixed(0)} MB`,
              target: '',
              pass: null,
            },
      )
      // The cached file is never written: the bench works on a copy.
      fs.copyFileSync(scale.path, file)
      if (want('open')) await section('open', () => measureOpening(ws, rows, file, options.runs))
      else await ws.open(file)
    } else {
      const [, createMs] = await timed(() => ws.create(file))
      rows.push({ measure: 'create a new file', value: ms(createMs), target: '< 300 ms', pass: createMs < 300 })

      const [counts, fillMs] = await timed(async () => fill(ws.file().sqlite, options.partners))
      rows.push({
        measure: `generate ${counts.organisations} organisations, ${counts.contacts} contacts, ${counts.partnerships} partnerships`,
        value: ms(fillMs),
        target: '',
        pass: null,
      })
      const [projectCounts, projectFillMs] = await timed(async () => fillProjects(ws.file().sqlite, options.projects))
      rows.push({
        measure: `generate ${projectCounts.projects} projects, ${projectCounts.milestones} milestones`,
        value: ms(projectFillMs),
        target: '',
        pass: null,
      })
      await ws.close()

      const [, openMs] = await timed(() => ws.open(file))
      await ws.pagesChecked()
      rows.push({ measure: `open the file (${options.partners} partners, quick check)`, value: ms(openMs), target: '< 300 ms', pass: openMs < 300 })
    }
    if (options.scale !== null) {
      await section('project-page', () => measureProjectPages(ws, rows, options.runs))
      await section('copy', () => measureCopies(ws, rows, dir))
    }

    await section('partners', () => measurePartners(ws, rows, options.runs))

    if (options.projects > 0) {
      // Every run of a page's measure is a sample (20 by default): a p95 of 5 samples would be their slowest.
      const runs = options.runs
      const page = goal(TARGET.page, 300)
      await section('projects', async () => {
        await measureChannel(ws, rows, runs, `projects list, first page of ${options.projects} with money and traffic lights`, 'projects.list', {}, page)
        await measureChannel(ws, rows, runs, 'projects list filtered (SO3, running)', 'projects.list', { objective: ['SO3'], status: ['running'] }, page)
        await measureChannel(ws, rows, runs, 'projects search "projet 12"', 'projects.list', { q: 'projet 12' }, goal(TARGET.search, 300))
        await measureChannel(ws, rows, runs, 'projects sorted by EU contribution', 'projects.list', { sort: { key: 'eu', order: 'desc' } }, page)
      })
      await section('milestones', async () => {
        const milestones = options.projects * (options.scale === null ? 4 : PORTFOLIO.milestonesPerProject)
        await measureChannel(ws, rows, runs, `milestones list, first page of ${milestones}`, 'milestones.list', {}, page)
        await measureChannel(ws, rows, runs, 'milestones late only', 'milestones.list', { lateOnly: true }, page)
      })
      await section('list-pages', () => measureListPages(ws, rows, runs))
      await section('search', () => measureSearchAsYouType(ws, rows, runs))
      await section('dashboard', async () => {
        await measureChannel(ws, rows, runs, 'dashboard, all objectives', 'dashboard.summary', {}, goal(TARGET.dashboard, 500))
        await measureDashboard(ws, rows, runs)
        await measureVisitAndClaimPages(ws, rows, runs)
      })
      // Each of its samples is already many runs of a channel's queries, and each side alternates: 5 samples by default.
      await section('kysely', () => measureKyselyVsRaw(ws, rows, Math.max(3, Math.ceil(runs / 4))))
      await section('memory', () => measureMemory(rows, file))
      await section('documents', () => measureDocuments(ws, rows, runs))
      await section('call-batch', () => measureCallBatch(ws, rows))
      await section('libreoffice', () => measurePdfVsLibreOffice(ws, rows, dir, runs))
      await section('verification', () => measureVerification(ws, rows))
      await section('import', () => measureClaimImport(ws, rows, dir))
    }
    await section('handover', () => measureHandover(ws, rows, dir))
    await section('merge', () => measureMergePair(ws, rows, dir))

    await ws.close()
    const size = fs.statSync(file).size
    const perPartner = size / options.partners
    rows.push({
      measure: 'file size',
      value: `${(size / 1024 / 1024).toFixed(2)} MB (${(perPartner / 1024).toFixed(1)} KB per partner)`,
      target: options.scale === null ? '< 50 MB' : '',
      pass: options.scale === null ? size < 50 * 1024 * 1024 : null,
    })
  } finally {
    await ws.close()
    fs.rmSync(dir, { recursive: true, force: true })
  }

  const table = rows.map((r) => [r.measure, ...cells(r), r.target, r.pass === null ? '' : r.pass ? 'PASS' : 'FAIL'])
  const head = ['Operation', 'Median', 'p95', 'Target', 'Result']
  const widths = head.map((h, i) => Math.max(h.length, ...table.map((cells) => cells[i].length)))
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 || i === 3 ? c.padEnd(widths[i]) : i === cells.length - 1 ? c : c.padStart(widths[i])))
      .join('  ')
      .trimEnd()
  console.log(`AMIF Desk bench: ${options.partners} partners, ${options.projects} projects${options.scale === null ? '' : ` (scale ${options.scale})`}`)
  console.log(`Machine: ${machine()}`)
  console.log(line(head))
  console.log(line(widths.map((w) => '-'.repeat(w))))
  for (const cells of table) console.log(line(cells))
  const failed = rows.filter((r) => r.pass === false).length
  console.log(failed === 0 ? '\nAll targets met.' : `\n${failed} target(s) missed${options.strict ? '' : ' (exit 0; use --strict to fail)'}.`)
  return failed > 0 && options.strict ? 1 : 0
}

/** The machine the numbers come from: CPU, cores, memory, load, Node. */
function machine(): string {
  const cpus = os.cpus()
  const load = os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')
  return `${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${cpus.length} cores, ${(os.totalmem() / 1024 ** 3).toFixed(0)} GB, load ${load}; node ${process.version}, ${os.platform()} ${os.arch()}`
}

const probe = process.argv.indexOf('--memory-probe')
;(probe >= 0 ? memoryProbe(process.argv[probe + 1]).then(() => 0) : main()).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : String(err))
    process.exit(2)
  },
)
