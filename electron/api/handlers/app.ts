import path from 'node:path'
import { z } from 'zod'
import { loadDemoData } from '../../../database/demo'
import { fileCounts, fileMeta } from '../../../database/stats'
import { command, query, type QueryContext } from '../channel'
import { AppError } from '../../../database/domain/errors'
import { optionalEmail, requiredText } from '../../../database/domain/schemas/fields'
import { UI_LANGUAGES } from '../settings'

/**
 * What the renderer shows about the open file: where it is, whether it can be changed (and if
 * not why, and who holds it), what happened while opening it (migrated, with the copy made
 * first; a crashed transaction rolled back), its identity and counts.
 */
export async function fileInfo(ctx: QueryContext) {
  const file = ctx.file()
  const access = ctx.fileAccess()
  return {
    path: file.path,
    name: path.basename(file.path),
    readOnly: access.readOnly,
    readOnlyReason: access.readOnlyReason,
    lockHolder: access.lockHolder,
    lockLost: access.lockLost,
    migratedFrom: file.migratedFrom,
    backupPath: file.backupPath,
    recovered: file.recovered,
    interruptedTransaction: file.interruptedTransaction,
    schemaVersion: file.schemaVersion,
    ...(await fileMeta(file.db)),
    counts: await fileCounts(file.db),
  }
}
export type FileInfo = Awaited<ReturnType<typeof fileInfo>>

const empty = z.object({}).strict().default({})

/** Channels for the app itself: who the officer is, the UI language, the open file, demo data. */
export const appChannels = {
  /** Settings and the open file, for the renderer's first paint. */
  'app.state': query(empty, async (ctx) => {
    const s = ctx.settings()
    return {
      appVersion: ctx.appVersion,
      officer: s.officer,
      language: s.language,
      recentFiles: s.recentFiles,
      file: ctx.hasFile() ? await fileInfo(ctx) : null,
    }
  }),

  /** Records who the officer is (kept in the app's settings, not in the file). */
  'app.setOfficer': query(z.object({ name: requiredText(120), email: optionalEmail() }), async (ctx, input) => {
    return ctx.updateSettings({ officer: { name: input.name, email: input.email } }).officer
  }),

  'app.setLanguage': query(z.object({ language: z.enum(UI_LANGUAGES) }), async (ctx, input) => {
    return ctx.updateSettings({ language: input.language }).language
  }),

  /**
   * Reopens the last file (read-only, saying who holds it, when someone else has it open for
   * writing) or creates the default one in the documents folder.
   */
  'file.openAtStartup': query(empty, async (ctx) => {
    // A file the system handed main as the app started may still be opening (an older one, updated).
    await ctx.openingSettled()
    const result = ctx.hasFile() ? { created: false, lastFileProblem: null } : await ctx.openAtStartup()
    return { ...result, file: await fileInfo(ctx) }
  }),

  'file.info': query(empty, async (ctx) => fileInfo(ctx)),

  /** Fills an empty file with the demonstration organisations, contacts and partnerships. */
  'demo.load': command(empty, async (ctx) => {
    const file = ctx.writableFile()
    const counts = await fileCounts(file.db)
    if (counts.organisations > 0) throw new AppError('FILE_NOT_EMPTY', 'Demonstration data goes only into an empty file')
    await loadDemoData(file.db, ctx.officer())
    return fileInfo(ctx)
  }),

  /**
   * The window's way to try the app: the demonstration data in a new file of its own, named as
   * demonstration data (`name`, in the officer's language), opened in place of the current file.
   */
  'demo.create': query(z.object({ name: requiredText(80) }).strict(), async (ctx, input) => {
    await ctx.createDemo(input.name)
    return fileInfo(ctx)
  }),
}
