import { z } from 'zod'
import { applyMerge, previewMerge } from '../../../database/merge'
import { command, query } from '../channel'
import { AppError } from '../../../database/domain/errors'

const choice = z.enum(['mine', 'theirs'])

/** Channels for merging a colleague's file into the open one (database/merge/). */
export const mergeChannels = {
  /**
   * Asks for the colleague's file and says what merging it would do; writes nothing. The chosen
   * file is kept for `merge.apply`. `title` is the dialog's translated title.
   */
  'merge.preview': query(z.object({ title: z.string().min(1).max(200).optional() }).strict().default({}), async (ctx, input) => {
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
  }),

  /**
   * Merges the file chosen in `merge.preview` into the open file, with the officer's decisions
   * (conflict key -> 'mine' | 'theirs') and, for the other conflicts, `prefer` if given.
   */
  'merge.apply': command(
    z.object({ resolutions: z.record(z.string().max(400), choice).default({}), prefer: choice.optional() }).strict(),
    async (ctx, input) => {
      const file = ctx.writableFile()
      const source = ctx.mergeSource
      if (!source || source.intoPath !== file.path) {
        throw new AppError('STALE', 'Choose the colleague’s file again: no merge preview belongs to the open file')
      }
      return applyMerge(file, source.fromPath, { officer: ctx.officer(), resolutions: input.resolutions, prefer: input.prefer, backup: true })
    },
  ),
}
