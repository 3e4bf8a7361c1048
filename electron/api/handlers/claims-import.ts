import fs from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import { confirmImport, currentSha256, importClaimInfo, latestEditableClaim, previewImport } from '../../../database/claims-import'
import { buildExpenditureTemplate, templateBudgetLines } from '../../../database/claims-template'
import { IMPORT_FIELDS, type ImportField } from '../../../database/domain/claims-import'
import { AppError } from '../../../database/domain/errors'
import { DOC_LANGUAGES } from '../../../database/domain/languages'
import { recordId } from '../../../database/domain/schemas/fields'
import { command, query, type QueryContext } from '../channel'

/** A column mapping as the window sends it: field -> the file's header (null or absent: no column). */
const importMapping = z
  .object(
    Object.fromEntries(IMPORT_FIELDS.map((f) => [f, z.string().max(300).nullable().optional()])) as Record<
      ImportField,
      z.ZodOptional<z.ZodNullable<z.ZodString>>
    >,
  )
  .strict()

const OPEN_FILTERS = [{ name: 'Excel, CSV', extensions: ['xlsx', 'csv', 'txt'] }]

/** The list `claims.importPreview` chose for this claim of the open file, or STALE. */
function importSourceFor(ctx: QueryContext, claimId: string): NonNullable<QueryContext['importSource']> {
  const source = ctx.importSource
  if (!source || source.intoPath !== ctx.file().path || source.claimId !== claimId)
    throw new AppError('STALE', 'Choose the expenditure list again: no preview belongs to this claim')
  return source
}

/** Writes bytes beside the target and renames them over it, so nobody sees half a workbook. */
function replaceFile(target: string, bytes: Buffer): void {
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`)
  try {
    fs.writeFileSync(tmp, bytes)
    fs.renameSync(tmp, target)
  } finally {
    fs.rmSync(tmp, { force: true })
  }
}

/** Channels of the import of a beneficiary's expenditure list into a claim (database/claims-import.ts). */
export const claimsImportChannels = {
  /**
   * Asks for the list (.xlsx or CSV) in the open dialog, or reads again the one chosen before for
   * this claim (`again`, when the officer changes the mapping), and returns every row with its
   * problems. Writes nothing. Without a mapping, the one proposed from the headers.
   */
  'claims.importPreview': query(
    z.object({ claimId: recordId, mapping: importMapping.nullish(), again: z.boolean().default(false), title: z.string().min(1).max(200).optional() }).strict(),
    async (ctx, input) => {
      const file = ctx.file()
      let chosen: string
      if (input.again) chosen = importSourceFor(ctx, input.claimId).fromPath
      else {
        const picked = await ctx.dialogs.openFile({ title: input.title ?? 'AMIF Desk', filters: OPEN_FILTERS })
        if (!picked) return { cancelled: true as const }
        chosen = picked
      }
      // Read again with another mapping: the rows already read serve if the file has not changed.
      const kept = input.again ? importSourceFor(ctx, input.claimId).sheet : null
      const fresh = kept && kept.sha256 === currentSha256(chosen) ? kept : null
      const { sheet, ...preview } = await previewImport(file.db, input.claimId, chosen, input.mapping ?? null, fresh)
      ctx.importSource = { intoPath: file.path, claimId: input.claimId, fromPath: chosen, sha256: preview.sha256, sheet }
      return { cancelled: false as const, preview }
    },
  ),

  /**
   * Imports the rows without problems of the list last previewed for this claim, with this
   * mapping (remembered for the partner), in one transaction. With `allOrNothing`, a single row
   * with a problem refuses everything (IMPORT_HAS_PROBLEMS). A list changed since its preview is
   * refused (IMPORT_FILE_CHANGED); so is a claim verified, paid or withdrawn (CLAIM_NOT_EDITABLE).
   */
  'claims.importConfirm': command(
    z.object({ claimId: recordId, mapping: importMapping, allOrNothing: z.boolean().default(false) }).strict(),
    async (ctx, input) => {
      const file = ctx.writableFile()
      const source = importSourceFor(ctx, input.claimId)
      const result = await confirmImport(file.db, ctx.officer(), {
        claimId: input.claimId,
        filePath: source.fromPath,
        sha256: source.sha256,
        mapping: input.mapping,
        allOrNothing: input.allOrNothing,
        sheet: source.sheet,
      })
      ctx.importSource = null
      return result
    },
  ),

  /** The claim imported into: its project (code, title), period, status and whether lines can still be added. */
  'claims.importInfo': query(z.object({ claimId: recordId }).strict(), async (ctx, input) => importClaimInfo(ctx.file().db, input.claimId)),

  /** The claim an import goes into when none is named: the project's latest claim still open to new lines (NOT_FOUND if none). */
  'claims.importTarget': query(z.object({ projectId: recordId }).strict(), async (ctx, input) => latestEditableClaim(ctx.file().db, input.projectId)),

  /**
   * Writes the expenditure-list template (.xlsx) in a language where the officer chooses in the
   * save dialog; for a project, with its budget lines listed. Filled in, it imports without any
   * mapping step.
   */
  'claims.template': query(
    z.object({ language: z.enum(DOC_LANGUAGES), projectId: recordId.nullish(), fileName: z.string().min(1).max(120).optional() }).strict(),
    async (ctx, input) => {
      const lines = input.projectId ? await templateBudgetLines(ctx.file().db, input.projectId, input.language) : null
      const bytes = await buildExpenditureTemplate(input.language, lines)
      const name = `${(input.fileName ?? { fr: 'liste-des-depenses', nl: 'uitgavenlijst', en: 'expenditure-list' }[input.language]).replace(/[\\/:*?"<>|\0]/g, '_')}.xlsx`
      const chosen = await ctx.dialogs.saveFile({ title: name, defaultName: name, filters: [{ name: 'Excel', extensions: ['xlsx'] }] })
      if (!chosen) return { cancelled: true as const }
      const target = path.extname(chosen).toLowerCase() === '.xlsx' ? chosen : `${chosen}.xlsx`
      replaceFile(target, bytes)
      return { cancelled: false as const, path: target, bytes: bytes.length, language: input.language }
    },
  ),
}
