import type BetterSqlite3 from 'better-sqlite3'
import { CompiledQuery } from 'kysely'
import { resultOf, verifiedLine, type BudgetLineFacts, type ClaimFacts, type ProjectFacts, type VerifiedLineRow } from './claim-result'
import type { ClaimStatus, VisitStatus } from './domain/vocabulary'
import { projectsOfRecords, projectsOfRows, type ProjectLinkedTable } from './record-projects'
import type { WriteTrx } from './writable'

/**
 * What the claims list and the visit ranking read of claims and visits, kept (migration 019):
 * `claim_figures` holds each claim's line count, declared sum and the figures of its verification
 * result the list shows (claimResult's, through claim-result.ts's resultOf: the one rule);
 * `project_risk` holds, for each project with a checked claim line or a visit, the inputs of its
 * risk score that do not depend on today. A claim's result depends on its project's budget, its
 * other approved claims and what was paid, so every write to any of those computes all of the
 * project's rows again. This file's own derived data like `project_figures`: never synced, never
 * merged; kept by the record writer (records.ts) in the write's transaction, rebuilt by the
 * migration, after a merge or an import, and compared with a full computation by `check`.
 */

/** What `claim_figures` keeps of a claim. */
export interface KeptClaimFigures {
  projectId: string
  lineCount: number
  declaredCents: number
  /** The result's direct costs accepted, ineligible amount and amount payable. */
  acceptedCents: number
  ineligibleCents: number
  payableCents: number
}

/**
 * What `project_risk` keeps of a project, as the visit ranking scores it: the lines checked of its
 * verified or paid claims (every line unless a sample was drawn, then the sample's) with what they
 * declare and the part not accepted; its visits, the high findings of those done, the last done.
 */
export interface KeptRiskFacts {
  beneficiaryId: string
  checkedLines: number
  checkedCents: number
  ineligibleCents: number
  visits: number
  highFindings: number
  lastDoneVisit: string | null
}

/** The tables whose records feed the kept claim figures or risk facts (record-projects.ts says how each names its project). */
const CLAIM_FIGURE_TABLES: readonly ProjectLinkedTable[] = ['projects', 'budget_lines', 'payments', 'claims', 'claim_lines', 'visits', 'visit_findings']

// The rows the kept values are computed from, as SQL shared by the synchronous rebuild (migration,
// merge, import) and the refresh in a write transaction: `?` is one project's id, or none for all.
const CLAIM_SOURCES = {
  projects: (one: boolean) =>
    `SELECT id, beneficiary_id, eu_rate_bp, indirect_flat_rate, indirect_rate_bp, staff_flat_rate_bp, remaining_flat_rate_bp FROM projects
     WHERE ${one ? 'id = ?' : 'id IN (SELECT project_id FROM claims)'}`,
  budgetLines: (one: boolean) =>
    `SELECT project_id, category, cost_model, amount_cents, units, unit_cost_cents, public_procurement FROM budget_lines
     WHERE ${one ? 'project_id = ?' : 'project_id IN (SELECT project_id FROM claims)'} ORDER BY project_id, sort_order`,
  // In the order claimResultsOf reads them: approved first in their order (never approved first of all), then by id.
  claims: (one: boolean) =>
    `SELECT id, project_id, approved_at, sampling_method, sample_threshold_cents, apply_extrapolation, status FROM claims
     ${one ? 'WHERE project_id = ?' : ''} ORDER BY project_id, approved_at, id`,
  paid: (one: boolean) =>
    `SELECT project_id, paid_cents, claim_id FROM payments WHERE status = 'paid' AND ${one ? 'project_id = ?' : 'project_id IN (SELECT project_id FROM claims)'}`,
  lines: (one: boolean) =>
    `SELECT l.claim_id, b.category, b.public_procurement, l.declared_cents, l.in_sample, l.outcome, l.accepted_cents, l.error_type
     FROM claim_lines l JOIN budget_lines b ON b.id = l.budget_line_id
     ${one ? 'WHERE l.claim_id IN (SELECT id FROM claims WHERE project_id = ?)' : ''} ORDER BY l.claim_id, l.line_no`,
  visits: (one: boolean) =>
    `SELECT v.project_id, p.beneficiary_id, v.status, v.visit_date,
       (SELECT count(*) FROM visit_findings f WHERE f.visit_id = v.id AND f.severity = 'high') AS high_findings
     FROM visits v JOIN projects p ON p.id = v.project_id ${one ? 'WHERE v.project_id = ?' : ''}`,
} as const

type SourceRows = {
  projects: ProjectFacts & { beneficiary_id: string }
  budgetLines: BudgetLineFacts
  claims: ClaimFacts & { status: ClaimStatus }
  paid: { project_id: string; paid_cents: number | null; claim_id: string | null }
  lines: VerifiedLineRow & { claim_id: string }
  visits: { project_id: string; beneficiary_id: string; status: VisitStatus; visit_date: string; high_findings: number }
}
type Read = <K extends keyof SourceRows>(source: K) => SourceRows[K][]

/** What claims and visits keep, computed from their source rows. */
interface ClaimKept {
  claims: Map<string, KeptClaimFigures>
  risk: Map<string, KeptRiskFacts>
}

function group<R, K>(rows: readonly R[], key: (r: R) => K): Map<K, R[]> {
  const out = new Map<K, R[]>()
  for (const r of rows) {
    const list = out.get(key(r))
    if (list) list.push(r)
    else out.set(key(r), [r])
  }
  return out
}

/** The one computation of the kept claim figures and risk facts, from the source rows (the result by claim-result.ts's resultOf). */
function claimKeptFrom(read: Read): ClaimKept {
  const projects = new Map(read('projects').map((p) => [p.id, p]))
  const budgetLines = group(read('budgetLines'), (b) => b.project_id)
  const claims = read('claims')
  const claimsBy = group(claims, (c) => c.project_id)
  const paidBy = group(read('paid'), (p) => p.project_id)
  const lineRows = group(read('lines'), (l) => l.claim_id)
  const linesBy = new Map([...lineRows].map(([id, rows]) => [id, rows.map(verifiedLine)]))
  const out: ClaimKept = { claims: new Map(), risk: new Map() }
  const risk = (projectId: string, beneficiaryId: string) => {
    let r = out.risk.get(projectId)
    if (!r)
      out.risk.set(projectId, (r = { beneficiaryId, checkedLines: 0, checkedCents: 0, ineligibleCents: 0, visits: 0, highFindings: 0, lastDoneVisit: null }))
    return r
  }
  for (const c of claims) {
    const project = projects.get(c.project_id)
    if (!project) continue
    const result = resultOf(c, project, budgetLines.get(c.project_id) ?? [], claimsBy.get(c.project_id) ?? [], paidBy.get(c.project_id) ?? [], linesBy)
    const lines = lineRows.get(c.id) ?? []
    out.claims.set(c.id, {
      projectId: c.project_id,
      lineCount: lines.length,
      declaredCents: lines.reduce((sum, l) => sum + l.declared_cents, 0),
      acceptedCents: result.acceptedDirectCents,
      ineligibleCents: result.ineligibleCents,
      payableCents: result.payableCents,
    })
    if (c.status !== 'verified' && c.status !== 'paid') continue
    // Checked lines as claimResult counts them: every line unless a sample was drawn, then the sample's.
    for (const l of lines) {
      if (l.outcome === null || (c.sampling_method !== null && c.sampling_method !== 'all' && l.in_sample !== 1)) continue
      const r = risk(c.project_id, project.beneficiary_id)
      r.checkedLines++
      r.checkedCents += l.declared_cents
      // A line without an accepted amount counts nothing not accepted (as SQL's sum leaves a null out).
      if (l.accepted_cents !== null) r.ineligibleCents += l.declared_cents - l.accepted_cents
    }
  }
  for (const v of read('visits')) {
    const r = risk(v.project_id, v.beneficiary_id)
    r.visits++
    if (v.status !== 'done') continue
    r.highFindings += Number(v.high_findings)
    if (r.lastDoneVisit === null || v.visit_date > r.lastDoneVisit) r.lastDoneVisit = v.visit_date
  }
  return out
}

const CLAIM_COLUMNS = ['project_id', 'line_count', 'declared_cents', 'accepted_cents', 'ineligible_cents', 'payable_cents'] as const
const RISK_COLUMNS = ['beneficiary_id', 'checked_lines', 'checked_cents', 'ineligible_cents', 'visits', 'high_findings', 'last_done_visit'] as const
const CLAIM_INSERT = `INSERT INTO claim_figures (claim_id, ${CLAIM_COLUMNS.join(', ')}) VALUES (?${', ?'.repeat(CLAIM_COLUMNS.length)})`
const RISK_INSERT = `INSERT INTO project_risk (project_id, ${RISK_COLUMNS.join(', ')}) VALUES (?${', ?'.repeat(RISK_COLUMNS.length)})`
const claimParams = (id: string, k: KeptClaimFigures) => [id, k.projectId, k.lineCount, k.declaredCents, k.acceptedCents, k.ineligibleCents, k.payableCents]
const riskParams = (id: string, r: KeptRiskFacts) => [
  id,
  r.beneficiaryId,
  r.checkedLines,
  r.checkedCents,
  r.ineligibleCents,
  r.visits,
  r.highFindings,
  r.lastDoneVisit,
]

/** True once migration 019 made the kept tables (a file written before it has none to keep). */
function hasClaimFigures(sqlite: BetterSqlite3.Database): boolean {
  return sqlite.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'claim_figures'").get() !== undefined
}

/** Every claim's and project's kept values as computed now from the records (what the tables must hold). */
function computeClaimKept(sqlite: BetterSqlite3.Database): ClaimKept {
  return claimKeptFrom((source) => sqlite.prepare(CLAIM_SOURCES[source](false)).all() as never)
}

/**
 * Rebuilds `claim_figures` and `project_risk` whole, synchronously, inside the caller's
 * transaction (migration 019, a merge, an import, the bench's generator); nothing before the
 * migration made them (rebuildProjectFigures calls it for every version).
 */
export function rebuildClaimFigures(sqlite: BetterSqlite3.Database): void {
  if (!hasClaimFigures(sqlite)) return
  const kept = computeClaimKept(sqlite)
  sqlite.prepare('DELETE FROM claim_figures').run()
  sqlite.prepare('DELETE FROM project_risk').run()
  const claim = sqlite.prepare(CLAIM_INSERT)
  for (const [id, k] of kept.claims) claim.run(...claimParams(id, k))
  const risk = sqlite.prepare(RISK_INSERT)
  for (const [id, r] of kept.risk) risk.run(...riskParams(id, r))
}

/**
 * The projects whose kept claim rows the named records feed (a merge's steps), read now: called
 * before a merge writes (records it deletes or moves) and after (records it adds or moves).
 */
export function claimFigureProjects(sqlite: BetterSqlite3.Database, refs: readonly { table: string; id: string }[]): Set<string> {
  if (!hasClaimFigures(sqlite)) return new Set()
  return projectsOfRecords(sqlite, CLAIM_FIGURE_TABLES, refs)
}

/**
 * The statements that store one project's kept rows as computed (its old rows deleted, the new
 * inserted), as SQL text and parameters: one text for both writers, each runs it with its own I/O
 * (the merge's better-sqlite3 handle, the record writer's Kysely transaction).
 */
function projectKeptWrites(projectId: string, kept: ClaimKept): [sql: string, params: unknown[]][] {
  const writes: [string, unknown[]][] = [
    ['DELETE FROM claim_figures WHERE project_id = ?', [projectId]],
    ['DELETE FROM project_risk WHERE project_id = ?', [projectId]],
  ]
  for (const [id, k] of kept.claims) writes.push([CLAIM_INSERT, claimParams(id, k)])
  const risk = kept.risk.get(projectId)
  if (risk) writes.push([RISK_INSERT, riskParams(projectId, risk)])
  return writes
}

/** Computes the kept claim rows of these projects again, synchronously, in the caller's transaction (a merge that wrote only some records). */
export function refreshClaimFiguresOf(sqlite: BetterSqlite3.Database, projectIds: Iterable<string>): void {
  if (!hasClaimFigures(sqlite)) return
  const statements = new Map<string, BetterSqlite3.Statement>()
  const statement = (text: string) => {
    let stmt = statements.get(text)
    if (!stmt) statements.set(text, (stmt = sqlite.prepare(text)))
    return stmt
  }
  for (const projectId of projectIds) {
    const kept = claimKeptFrom((source) => statement(CLAIM_SOURCES[source](true)).all(projectId) as never)
    for (const [text, params] of projectKeptWrites(projectId, kept)) statement(text).run(...params)
  }
}

/** Computes one project's kept claim figures and risk facts again and stores them, in the write transaction that changed its records. */
async function refreshProjectClaims(trx: WriteTrx, projectId: string): Promise<void> {
  const run = (query: string, params: unknown[]) => trx.executeQuery(CompiledQuery.raw(query, params))
  const rows: Partial<Record<keyof SourceRows, unknown[]>> = {}
  for (const source of Object.keys(CLAIM_SOURCES) as (keyof SourceRows)[]) rows[source] = (await run(CLAIM_SOURCES[source](true), [projectId])).rows
  const kept = claimKeptFrom((source) => rows[source] as never)
  for (const [text, params] of projectKeptWrites(projectId, kept)) await run(text, params)
}

/** The projects whose rows a transaction computes once its many writes are done (keepClaimFiguresAfter), by transaction. */
const deferred = new WeakMap<WriteTrx, Set<string>>()

/**
 * Runs many writes of one transaction (an import's lines, a claim deleted line by line) with the
 * kept rows of the projects they touch computed once, after the last, instead of after each.
 */
export async function keepClaimFiguresAfter<T>(trx: WriteTrx, writes: () => Promise<T>): Promise<T> {
  if (deferred.has(trx)) return writes()
  const projects = new Set<string>()
  deferred.set(trx, projects)
  try {
    const out = await writes()
    deferred.delete(trx)
    for (const projectId of projects) await refreshProjectClaims(trx, projectId)
    return out
  } finally {
    deferred.delete(trx)
  }
}

/**
 * Keeps `claim_figures` and `project_risk` true in the record writer's transaction: a write to a
 * record they are computed from computes its project's rows again (before and after, should a
 * record move to another project).
 */
export async function refreshClaimFigures(trx: WriteTrx, table: string, rows: readonly Record<string, unknown>[]): Promise<void> {
  const projects = await projectsOfRows(trx, CLAIM_FIGURE_TABLES, table, rows)
  const later = deferred.get(trx)
  for (const projectId of projects) {
    if (later) later.add(projectId)
    else await refreshProjectClaims(trx, projectId)
  }
}

/** The kept rows that are not what the records give (a claim's figures, a project's risk facts), one line each: the command line's `check`. */
export function claimFigureDifferences(sqlite: BetterSqlite3.Database): string[] {
  const computed = computeClaimKept(sqlite)
  const out: string[] = []
  const compare = (table: string, keptRows: Record<string, unknown>[], key: string, columns: readonly string[], params: Map<string, unknown[]>) => {
    const kept = new Map(keptRows.map((r) => [r[key] as string, JSON.stringify([r[key], ...columns.map((c) => r[c])])]))
    for (const [id, values] of params) {
      if (kept.get(id) !== JSON.stringify(values)) out.push(`${table} ${id}`)
      kept.delete(id)
    }
    for (const id of kept.keys()) out.push(`${table} ${id}`)
  }
  compare(
    'claim_figures',
    sqlite.prepare('SELECT * FROM claim_figures').all() as Record<string, unknown>[],
    'claim_id',
    CLAIM_COLUMNS,
    new Map([...computed.claims].map(([id, k]) => [id, claimParams(id, k)])),
  )
  compare(
    'project_risk',
    sqlite.prepare('SELECT * FROM project_risk').all() as Record<string, unknown>[],
    'project_id',
    RISK_COLUMNS,
    new Map([...computed.risk].map(([id, r]) => [id, riskParams(id, r)])),
  )
  return out
}
