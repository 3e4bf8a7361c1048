import path from 'node:path'
import { parseArgs } from 'node:util'
import { DOC_LANGUAGES, type DocLanguage } from '../../database/domain/languages'
import { AppError } from '../../database/domain/errors'
import type { SaveDialogRequest } from '../api/dialogs'
import { invokeOk as call } from '../api/index'
import type { Workspace } from '../api/workspace'

/**
 * The command line's `claims import` and `claims template` (issue 15 §5), kept apart from cli.ts
 * so that `claims <file>` (the list of claims) can sit beside them: cli.ts hands over any command
 * line starting with `claims import` or `claims template`.
 */

export const CLAIMS_IMPORT_USAGE = `  claims import <file> --project <code> --xlsx <path> [--claim <id>] [--dry-run] [--json]
                            import a beneficiary's expenditure list (.xlsx or CSV) into a
                            claim of the project: --claim, else the project's latest claim
                            still open to new lines (received, under verification or
                            returned); the template's headers (fr/nl/en) or the partner's
                            remembered mapping are used; rows with problems are left out
                            and reported; --dry-run reports and writes nothing
  claims template --lang fr|nl|en --out <path> [<file> --project <code>]
                            write the expenditure-list template (.xlsx) to send to a
                            beneficiary; with a file and a project, its budget lines listed
`

/** The dialogs the command line answers with the paths it was given (cli.ts's CommandLineDialogs). */
export interface AnsweringDialogs {
  answer: ((request: SaveDialogRequest) => string) | null
  openAnswer: string | null
}

/** What cli.ts lends this module. */
export interface ClaimsCliContext {
  ws: Workspace
  dialogs: AnsweringDialogs
  officerName: (flag: string | undefined) => string
  stdout: (text: string) => void
}

/** A usage error: cli.ts prints it with the usage text (exit 1). */
export class ClaimsUsageError extends Error {}

/** True for a command line this module runs. */
export function isClaimsImportCommand(argv: readonly string[]): boolean {
  const positionals = argv.filter((a) => !a.startsWith('-'))
  return positionals[0] === 'claims' && (positionals[1] === 'import' || positionals[1] === 'template')
}

const OPTIONS = {
  project: { type: 'string' },
  xlsx: { type: 'string' },
  claim: { type: 'string' },
  'dry-run': { type: 'boolean' },
  json: { type: 'boolean' },
  officer: { type: 'string' },
  lang: { type: 'string' },
  out: { type: 'string' },
} as const

/** The id of the project with this code (codes are kept in capitals), or NOT_FOUND. */
async function projectIdByCode(ws: Workspace, code: string): Promise<string> {
  const wanted = code.trim().toUpperCase()
  const { rows } = await call(ws, 'projects.list', { q: wanted })
  const found = rows.find((r) => r.code === wanted)
  if (!found) throw new AppError('NOT_FOUND', `No project with the code ${wanted}`, { entity: 'project', code: wanted })
  return found.id
}

/** Runs `claims import ...` or `claims template ...`; returns the exit code (errors are thrown to cli.ts). */
export async function runClaimsImport(argv: string[], c: ClaimsCliContext): Promise<number> {
  const print = (value: unknown) => c.stdout(`${JSON.stringify(value, null, 2)}\n`)
  let parsed
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true })
  } catch (err) {
    throw new ClaimsUsageError((err as Error).message)
  }
  const [, sub, file, ...extra] = parsed.positionals
  const v = parsed.values
  if (extra.length > 0) throw new ClaimsUsageError(`Unexpected argument: ${extra[0]}`)
  const only = (allowed: readonly string[]) => {
    const misplaced = Object.keys(v).find((k) => v[k as keyof typeof v] !== undefined && !allowed.includes(k))
    if (misplaced) throw new ClaimsUsageError(`--${misplaced} does not apply to claims ${sub}.`)
  }
  if (sub === 'template') {
    only(['lang', 'out', 'project'])
    const lang = v.lang ?? 'fr'
    if (!(DOC_LANGUAGES as readonly string[]).includes(lang)) throw new ClaimsUsageError(`--lang takes fr, nl or en, not "${lang}".`)
    if (!v.out) throw new ClaimsUsageError('claims template needs --out.')
    if ((file === undefined) !== (v.project === undefined)) throw new ClaimsUsageError('claims template takes a file and --project together, or neither.')
    let projectId: string | null = null
    if (file !== undefined) {
      await c.ws.open(file, { readOnly: true })
      projectId = await projectIdByCode(c.ws, v.project!)
    }
    const out = path.resolve(v.out)
    c.dialogs.answer = () => out
    const r = await call(c.ws, 'claims.template', { language: lang as DocLanguage, projectId })
    if (r.cancelled) throw new Error('A dialog of the command line was cancelled')
    print({ ok: true, path: r.path, bytes: r.bytes, language: r.language })
    return 0
  }

  only(['project', 'xlsx', 'claim', 'dry-run', 'json', 'officer'])
  if (!file) throw new ClaimsUsageError('claims import needs a file.')
  if (!v.project) throw new ClaimsUsageError('claims import needs --project.')
  if (!v.xlsx) throw new ClaimsUsageError('claims import needs --xlsx <path> (the expenditure list, .xlsx or CSV).')
  const dryRun = v['dry-run'] ?? false
  if (!dryRun) await call(c.ws, 'app.setOfficer', { name: c.officerName(v.officer), email: null })
  await c.ws.open(file, { readOnly: dryRun })
  const projectId = await projectIdByCode(c.ws, v.project)
  const claimId = v.claim ?? (await call(c.ws, 'claims.importTarget', { projectId })).claimId
  const claim = await call(c.ws, 'claims.importInfo', { claimId })
  if (claim.projectId !== projectId) throw new AppError('NOT_FOUND', `No claim ${claimId} in project ${v.project}`, { entity: 'claim', id: claimId })
  // As in the window: the list is chosen in the open dialog.
  c.dialogs.openAnswer = path.resolve(v.xlsx)
  const r = await call(c.ws, 'claims.importPreview', { claimId })
  if (r.cancelled) throw new Error('A dialog of the command line was cancelled')
  const p = r.preview
  const result = dryRun ? null : await call(c.ws, 'claims.importConfirm', { claimId, mapping: p.mapping })
  const report = {
    ok: true,
    dryRun,
    file: p.fileName,
    format: p.format,
    claim: { id: claim.claimId, reference: claim.reference, status: claim.status, periodStart: claim.periodStart, periodEnd: claim.periodEnd },
    mappingSource: p.mappingSource,
    mapping: p.mapping,
    counts: p.counts,
    imported: result?.imported ?? 0,
    skipped: result?.skipped ?? p.counts.withProblems,
    firstLineNo: result?.firstLineNo ?? null,
    lastLineNo: result?.lastLineNo ?? null,
    rows: p.rows.map((row) => ({
      rowNo: row.rowNo,
      budgetLine: row.budgetLineNumber,
      kind: row.values?.kind ?? null,
      declaredCents: row.declaredCents,
      problems: row.problems,
      warnings: row.warnings,
    })),
  }
  if (v.json) {
    print(report)
    return 0
  }
  const euros = (cents: number) => (cents / 100).toFixed(2)
  c.stdout(
    `${dryRun ? 'Would import' : 'Imported'} ${dryRun ? p.counts.good : report.imported} of ${p.counts.rows} rows into claim ${claim.reference ?? claim.claimId} (declared ${euros(p.counts.declaredCents)}); ${p.counts.withProblems} left out\n`,
  )
  for (const row of p.rows) {
    for (const x of row.problems) c.stdout(`row ${row.rowNo}\tproblem\t${x.code}\t${x.field ?? ''}\t${JSON.stringify(x.params ?? {})}\n`)
    for (const x of row.warnings) c.stdout(`row ${row.rowNo}\twarning\t${x.code}\t${x.field ?? ''}\t${JSON.stringify(x.params ?? {})}\n`)
  }
  return 0
}
