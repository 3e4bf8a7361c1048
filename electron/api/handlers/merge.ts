import { z } from 'zod'
import { applyMerge, dryRunMerge, previewMerge } from '../../../database/merge'
import { command, query, type QueryContext } from '../channel'
import { AppError } from '../../../database/domain/errors'

const choice = z.enum(['mine', 'theirs'])
/** The officer's decisions: conflict key -> 'mine' | 'theirs'. */
const resolutions = z.record(z.string().max(400), choice).default({})

/** The colleague's file `merge.preview` chose for the open file at `intoPath`, or STALE. */
function mergeSourceFor(ctx: QueryContext, intoPath: string): string {
  const source = ctx.mergeSource
  if (!source || source.intoPath !== intoPath) {
    throw new AppError('STALE', 'Choose the colleague’s file again: no merge preview belongs to the open file')
  }
  return source.fromPath
}

/** Channels for merging a colleague's file into the open one (database/merge/). */
export const mergeChannels = {
  /**
   * Asks for the colleague's file and says what merging it would do; writes nothing. The chosen
   * file is kept for `merge.apply`. `title` is the dialog's translated title.
   */
  'merge.preview': query(
    z
      .object({ title: z.string().min(1).max(200).optional() })
      .strict()
      .default({}),
    async (ctx, input) => {
      const file = ctx.file()
      const chosen = await ctx.dialogs.openFile({ title: input.title ?? 'AMIF Desk', filters: [{ name: 'AMIF Desk', extensions: ['amif'] }] })
      if (!chosen) return { cancelled: true as const }
      let preview
      try {
        preview = await previewMerge(file, chosen)
      } catch (err) {
        // The way out of a refused schema names this file: `file.importForeign` may take its path.
        if (err instanceof AppError && err.code === 'FOREIGN_SCHEMA') ctx.rememberPicked(chosen)
        throw err
      }
      ctx.mergeSource = { intoPath: file.path, fromPath: preview.theirs.path }
      return { cancelled: false as const, preview }
    },
  ),

  /**
   * What `merge.apply` would do with these decisions, computed and not written (no backup
   * either): works on a file open read-only (the command line's `merge --dry-run`).
   */
  'merge.dryRun': query(z.object({ resolutions, prefer: choice.optional() }).strict(), async (ctx, input) => {
    const file = ctx.file()
    // Nobody is stamped on a merge that writes nothing: the officer need not have said who they are.
    const officer = ctx.settings().officer ?? { name: '', email: null }
    return dryRunMerge(file, mergeSourceFor(ctx, file.path), { officer, resolutions: input.resolutions, prefer: input.prefer })
  }),

  /**
   * Merges the file chosen in `merge.preview` into the open file, with the officer's decisions
   * (conflict key -> 'mine' | 'theirs') and, for the other conflicts, `prefer` if given.
   */
  'merge.apply': command(z.object({ resolutions, prefer: choice.optional() }).strict(), async (ctx, input) => {
    const file = ctx.writableFile()
    // In the window, the backup's full check follows the merge in a worker thread with progress (file.checkProgress).
    const backupPages = ctx.checksInBackground ? 'later' : 'now'
    const result = await applyMerge(file, mergeSourceFor(ctx, file.path), {
      officer: ctx.officer(),
      resolutions: input.resolutions,
      prefer: input.prefer,
      backup: true,
      backupPages,
    })
    if (result.backupPath && backupPages === 'later') void ctx.checkCopyLater('backup', result.backupPath)
    return result
  }),
}
