import type BetterSqlite3 from 'better-sqlite3'
import { CompiledQuery } from 'kysely'
import type { WriteTrx } from './writable'

/**
 * How a record names the project whose kept values it feeds (project_figures, claim_figures,
 * project_risk): by the column holding its project's id, or its parent's id (a claim line's claim),
 * whose row holds the project's. Which tables feed which kept values is their writers' own list
 * (FIGURE_TABLES, CLAIM_FIGURE_TABLES); how a record names its project is said once, here.
 */
interface ProjectLink {
  column: string
  parent?: 'project_indicators' | 'claims' | 'visits'
}

const PROJECT_LINKS = {
  projects: { column: 'id' },
  budget_lines: { column: 'project_id' },
  payments: { column: 'project_id' },
  project_indicators: { column: 'project_id' },
  milestones: { column: 'project_id' },
  claims: { column: 'project_id' },
  visits: { column: 'project_id' },
  indicator_measurements: { column: 'project_indicator_id', parent: 'project_indicators' },
  claim_lines: { column: 'claim_id', parent: 'claims' },
  visit_findings: { column: 'visit_id', parent: 'visits' },
} as const satisfies Record<string, ProjectLink>

/** A table whose records name a project. */
export type ProjectLinkedTable = keyof typeof PROJECT_LINKS

/** The one lookup SQL: the project of a row of this table, by the row's id (a project's id is its own, so none for `projects`). */
function projectOfRowSql(table: Exclude<ProjectLinkedTable, 'projects'>): string {
  const link: ProjectLink = PROJECT_LINKS[table]
  return link.parent
    ? `SELECT p.project_id FROM ${table} x JOIN ${link.parent} p ON p.id = x.${link.column} WHERE x.id = ?`
    : `SELECT project_id FROM ${table} WHERE id = ?`
}

/** True when `tables` (a kept value's sources) holds this table. */
function linkedIn(tables: readonly ProjectLinkedTable[], table: string): table is ProjectLinkedTable {
  return (tables as readonly string[]).includes(table)
}

/**
 * The projects these rows of `table` name, when `tables` (the tables a kept value is computed from)
 * holds it: the record writer's rows, before and after a write. The row itself may be gone (a
 * delete), so a child's project is read through its parent's id, by the parent table's lookup SQL.
 */
export async function projectsOfRows(
  trx: WriteTrx,
  tables: readonly ProjectLinkedTable[],
  table: string,
  rows: readonly Record<string, unknown>[],
): Promise<Set<string>> {
  const projects = new Set<string>()
  if (!linkedIn(tables, table)) return projects
  const link: ProjectLink = PROJECT_LINKS[table]
  for (const row of rows) {
    const ref = row[link.column]
    if (typeof ref !== 'string') continue
    if (!link.parent) projects.add(ref)
    else
      for (const r of (await trx.executeQuery(CompiledQuery.raw(projectOfRowSql(link.parent), [ref]))).rows as { project_id: string }[])
        projects.add(r.project_id)
  }
  return projects
}

/**
 * The projects these records name, when `tables` holds their table, as the file holds them now (a
 * merge's steps, read before it writes and after). A project named by a step is named whether or
 * not it is still there: a project deleted takes its kept rows along.
 */
export function projectsOfRecords(
  sqlite: BetterSqlite3.Database,
  tables: readonly ProjectLinkedTable[],
  refs: readonly { table: string; id: string }[],
): Set<string> {
  const projects = new Set<string>()
  const statements = new Map<string, BetterSqlite3.Statement>()
  for (const { table, id } of refs) {
    if (!linkedIn(tables, table)) continue
    if (table === 'projects') {
      projects.add(id)
      continue
    }
    let stmt = statements.get(table)
    if (!stmt) statements.set(table, (stmt = sqlite.prepare(projectOfRowSql(table)).pluck()))
    for (const project of stmt.all(id) as string[]) projects.add(project)
  }
  return projects
}
