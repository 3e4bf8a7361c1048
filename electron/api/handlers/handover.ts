import fs from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import { todayIso } from '../../../database/domain/dates'
import { handOver, latestHandover, summaryPathFor } from '../../../database/handover'
import { unresolvedConflicts } from '../../../database/merge'
import { openItems } from '../../../database/open-items'
import { readVerifiedPdf } from '../../../database/file/pdf-files'
import { fileMeta } from '../../../database/stats'
import { documentNamer } from '../../../templates/produce'
import type { DocLanguage } from '../../../templates/types'
import { command, query, type QueryContext } from '../channel'
import { AppError } from '../../../database/domain/errors'
import { renderHandoverWith } from '../render-runner'
import { docLanguage } from '../../../database/domain/schemas/documents'
import { isoDate, recordId } from '../../../database/domain/schemas/fields'
import { handoverValues } from '../../../database/domain/schemas/handover'

/** The open items of the open file on `today`: its milestones, payments, agreements, reports and unresolved merge conflicts. */
export async function fileOpenItems(ctx: QueryContext, today: string) {
  const db = ctx.file().db
  const conflicts = await unresolvedConflicts(db)
  return openItems(
    db,
    today,
    conflicts.map((c) => ({ label: c.label, projectCode: c.projectCode })),
  )
}

/** `<file> – passation <date>.amif`, the suggested name of the copy. */
function copyName(filePath: string, lang: DocLanguage, today: string): string {
  const word = { fr: 'passation', nl: 'overdracht', en: 'handover' }[lang]
  return `${path.parse(filePath).name} – ${word} ${today}.amif`
}

/** Where the latest summary was written in this session and its SHA-256, for "open the summary". */
const lastSummary = new WeakMap<QueryContext, { path: string; sha256: string }>()

/**
 * The place the officer chose when a handover was refused because its summary exists, for the
 * open file: asked whether to replace it, the renderer calls again with `replaceSummary` and the
 * handover goes there without a second dialog (paths never come from the renderer).
 */
const pendingDest = new WeakMap<QueryContext, { filePath: string; dest: string }>()

/** Channels of the handover: the open items, writing the handed-over copy and its summary, the note the colleague sees first. */
export const handoverChannels = {
  /** What the app lists by itself for the colleague. */
  'handover.prepare': query(z.object({ today: isoDate.optional() }).default({}), async (ctx, input) => {
    const today = input.today ?? todayIso()
    return { today, openItems: await fileOpenItems(ctx, today) }
  }),

  /**
   * Writes the handed-over copy where the officer chooses (a new file id, the note and the open
   * items inside) and the summary PDF beside it; the handover is recorded in the open file too.
   */
  'handover.write': command(
    z.object({
      values: handoverValues,
      language: docLanguage,
      today: isoDate.optional(),
      title: z.string().min(1).max(200).optional(),
      /** The officer agreed to replace the summary PDF already beside the place chosen last. */
      replaceSummary: z.boolean().default(false),
    }),
    async (ctx, input) => {
      const file = ctx.writableFile()
      const today = input.today ?? todayIso()
      const pending = pendingDest.get(ctx)
      pendingDest.delete(ctx)
      const dest =
        input.replaceSummary && pending?.filePath === file.path
          ? pending.dest
          : await ctx.dialogs.saveFile({
              title: input.title ?? 'Hand over',
              defaultName: copyName(file.path, input.language, today),
              filters: [{ name: 'AMIF Desk', extensions: ['amif'] }],
            })
      if (!dest) return { cancelled: true as const }
      if (path.resolve(dest) === file.path) throw new AppError('SAME_FILE', 'The handover copy cannot replace the open file', { path: dest })
      const summaryPath = summaryPathFor(dest)
      if (!input.replaceSummary && fs.existsSync(summaryPath)) {
        pendingDest.set(ctx, { filePath: file.path, dest })
        throw new AppError('FILE_EXISTS', `${summaryPath} already exists`, { path: summaryPath, summary: true })
      }
      const result = await handOver(file, {
        toName: input.values.toName,
        note: input.values.note,
        destPath: dest,
        officer: ctx.officer(),
        language: input.language,
        today,
        items: await fileOpenItems(ctx, today),
        name: (day) => documentNamer('handover', input.language, null, day)(1, 'final'),
        render: renderHandoverWith(ctx.renderer, input.language),
        replaceSummary: input.replaceSummary,
      })
      lastSummary.set(ctx, { path: result.pdfPath, sha256: result.pdfSha256 })
      return { cancelled: false as const, ...result }
    },
  ),

  /** Opens the summary written last in the system's PDF viewer. */
  'handover.openSummary': query(z.object({}).default({}), async (ctx) => {
    const pdf = lastSummary.get(ctx)
    if (!pdf) throw new AppError('NOT_FOUND', 'No handover summary was written in this session')
    readVerifiedPdf(pdf.path, pdf.sha256)
    await ctx.dialogs.openWithSystem(pdf.path, pdf.sha256)
    return { path: pdf.path }
  }),

  /** The latest handover in the open file; `isCopy` when this file is the copy it made, `seen` once read here. */
  'handover.latest': query(z.object({}).default({}), async (ctx) => {
    const db = ctx.file().db
    const handover = await latestHandover(db)
    const { fileId } = await fileMeta(db)
    return { handover, isCopy: handover?.copyFileId === fileId, seen: handover ? ctx.settings().seenHandovers.includes(handover.id) : false }
  }),

  /** The officer has read the handover note (remembered on this computer, not in the file). */
  'handover.acknowledge': query(z.object({ id: recordId }), async (ctx, input) => {
    const seen = ctx.settings().seenHandovers.filter((id) => id !== input.id)
    ctx.updateSettings({ seenHandovers: [input.id, ...seen].slice(0, 100) })
    return { id: input.id }
  }),
}
