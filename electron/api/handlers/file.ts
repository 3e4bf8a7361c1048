import fs from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import { openAmifFile } from '../../../database/file'
import type { ImportReport } from '../../../database/file/import-foreign'
import { lockHolderOf } from '../../../database/file/lock'
import { isSameFile, writeSnapshot, type SnapshotResult } from '../../../database/file/snapshot'
import { query, type QueryContext } from '../channel'
import type { FileFilter } from '../dialogs'
import { AppError } from '../../../database/domain/errors'
import { DEFAULT_FILE_NAME } from '../workspace'
import { fileInfo, type FileInfo } from './app'
import { checkFile, type FileCheckReport, type RefusedFileCheck } from './file-check'

const AMIF_FILTERS: FileFilter[] = [{ name: 'AMIF Desk', extensions: ['amif'] }]

/** A dialog's title and suggested name, translated by the renderer (English when absent). */
const dialogText = {
  title: z.string().trim().min(1).max(200).optional(),
  defaultName: z.string().trim().min(1).max(200).optional(),
}
const filePath = z.string().min(1).max(4096)

/** What a channel that shows a dialog returns when the officer cancels it. */
export interface Cancelled {
  cancelled: true
}
const CANCELLED: Cancelled = { cancelled: true }

/** A path the renderer names must be one the officer already opened or picked: main opens nothing else. */
function knownPath(ctx: QueryContext, p: string): string {
  if (!ctx.isKnownPath(p)) {
    throw new AppError('VALIDATION', 'Only a recent file, or one chosen in a dialog, can be opened by its path', {
      issues: [{ path: 'path', message: 'invalid' }],
    })
  }
  return path.resolve(p)
}

/** `<name> (copy).amif` unless the renderer says otherwise. */
function copyName(sourcePath: string, defaultName: string | undefined): string {
  return defaultName ?? `${path.parse(sourcePath).name} (copy).amif`
}

/**
 * Refuses a destination that would replace the open file, or a file someone has open (its lock
 * is there): a copy goes to a file nobody is working in.
 */
function checkCopyDestination(ctx: QueryContext, dest: string): void {
  if (ctx.hasFile() && isSameFile(dest, ctx.file().path)) {
    throw new AppError('SAME_FILE', 'A copy cannot be written over the open file', { path: dest })
  }
  const holder = lockHolderOf(path.resolve(dest), new Date())
  if (holder) throw new AppError('FILE_LOCKED', `${dest} is open for writing by ${holder.officer ?? 'someone'}`, holder)
}

/**
 * Where the window goes on while a large copy's pages are checked: the copy is written at once
 * (its bytes, verified by their size, header and schema), its full check follows in a worker
 * thread with progress (file.checkProgress), as for the file itself at opening. The command line
 * and the tests check it before answering.
 */
function laterIn(ctx: QueryContext): 'now' | 'later' {
  return ctx.checksInBackground ? 'later' : 'now'
}

/** The recent files, with whether each is still there and which one is open. */
function recentFiles(ctx: QueryContext) {
  const open = ctx.hasFile() ? ctx.file().path : null
  return {
    files: ctx.settings().recentFiles.map((p) => {
      let exists = false
      try {
        exists = fs.statSync(p).isFile()
      } catch {
        exists = false
      }
      return { path: p, name: path.basename(p), exists, open: p === open }
    }),
  }
}

/**
 * File actions (File menu, start screen): new, open (for writing or read-only, taking over an
 * old lock), open a copy of a locked file, save a copy, close, recent files. Every path main
 * writes to comes from the save dialog; a path the renderer names must be a recent file or one
 * the officer picked in a dialog.
 */
export const fileChannels = {
  /** Creates a file where the officer chooses (never over an existing one) and opens it. */
  'file.new': query(z.object(dialogText).strict().default({}), async (ctx, input): Promise<Cancelled | { cancelled: false; file: FileInfo }> => {
    const chosen = await ctx.dialogs.saveFile({ title: input.title ?? 'New file', defaultName: input.defaultName ?? DEFAULT_FILE_NAME, filters: AMIF_FILTERS })
    if (!chosen) return CANCELLED
    await ctx.create(chosen)
    return { cancelled: false, file: await fileInfo(ctx) }
  }),

  /**
   * Opens a file chosen in the open dialog, or a recent one by its path. For writing by default:
   * FILE_LOCKED (with who, where, since when, and whether it may be taken over) when someone has
   * it open; then `mode: 'readOnly'`, `takeOver: true` (old locks only) or `file.openCopy`.
   */
  'file.open': query(
    z
      .object({
        path: filePath.optional(),
        mode: z.enum(['write', 'readOnly']).default('write'),
        takeOver: z.boolean().default(false),
        title: dialogText.title,
      })
      .strict()
      .default({ mode: 'write', takeOver: false }),
    async (ctx, input): Promise<Cancelled | { cancelled: false; file: FileInfo }> => {
      let target: string
      if (input.path !== undefined) {
        target = knownPath(ctx, input.path)
      } else {
        const chosen = await ctx.dialogs.openFile({ title: input.title ?? 'Open a file', filters: AMIF_FILTERS })
        if (!chosen) return CANCELLED
        ctx.rememberPicked(chosen)
        target = chosen
      }
      await ctx.open(target, { readOnly: input.mode === 'readOnly', takeOver: input.takeOver })
      return { cancelled: false, file: await fileInfo(ctx) }
    },
  ),

  /**
   * For a file someone else has open: writes a copy of it (a new file id, the original as its
   * parent) where the officer chooses, and opens the copy for writing. The original is only read.
   */
  'file.openCopy': query(
    z.object({ path: filePath, ...dialogText }).strict(),
    async (ctx, input): Promise<Cancelled | { cancelled: false; copy: SnapshotResult; file: FileInfo }> => {
      const source = knownPath(ctx, input.path)
      const chosen = await ctx.dialogs.saveFile({
        title: input.title ?? 'Open a copy',
        defaultName: copyName(source, input.defaultName),
        filters: AMIF_FILTERS,
      })
      if (!chosen) return CANCELLED
      if (isSameFile(chosen, source)) throw new AppError('SAME_FILE', 'A copy cannot be written over the file itself', { path: chosen })
      checkCopyDestination(ctx, chosen)
      const openHere = ctx.hasFile() && isSameFile(source, ctx.file().path)
      // Read as it is, without a lock: the holder goes on writing; an older file is copied as it
      // is and the copy brought up to date.
      const reader = openHere ? null : openAmifFile(source, { inspectOnly: true })
      let copy: SnapshotResult
      try {
        copy = writeSnapshot((reader ?? ctx.file()).sqlite, source, chosen, { newIdentity: true, pages: laterIn(ctx) })
      } finally {
        await reader?.close()
      }
      await ctx.open(copy.path)
      if (copy.integrity === 'pending') void ctx.checkCopyLater('copy', copy.path)
      return { cancelled: false, copy, file: await fileInfo(ctx) }
    },
  ),

  /**
   * Save a copy as: writes a consistent copy of the open file where the officer chooses, and
   * keeps working in the open file. A copy for someone to work in gets its own file id
   * (`newIdentity`, the default); a backup keeps the original's. Works on a read-only file too.
   * `replace: false` refuses an existing destination with FILE_EXISTS (the command line's
   * `backup`, where no dialog asked before replacing).
   */
  'file.saveCopy': query(
    z
      .object({ ...dialogText, newIdentity: z.boolean().default(true), replace: z.boolean().default(true) })
      .strict()
      .default({ newIdentity: true, replace: true }),
    async (ctx, input): Promise<Cancelled | ({ cancelled: false; newIdentity: boolean } & SnapshotResult)> => {
      const file = ctx.file()
      const chosen = await ctx.dialogs.saveFile({
        title: input.title ?? 'Save a copy',
        defaultName: copyName(file.path, input.defaultName),
        filters: AMIF_FILTERS,
      })
      if (!chosen) return CANCELLED
      checkCopyDestination(ctx, chosen)
      const copy = writeSnapshot(file.sqlite, file.path, chosen, { newIdentity: input.newIdentity, replace: input.replace, pages: laterIn(ctx) })
      if (copy.integrity === 'pending') void ctx.checkCopyLater(input.newIdentity ? 'copy' : 'backup', copy.path)
      return { cancelled: false, newIdentity: input.newIdentity, ...copy }
    },
  ),

  /**
   * "Import its records into a new file", for a file refused because its schema is not the app's
   * (FOREIGN_SCHEMA): `path` is that file (one the officer opened or picked), or, without it, the
   * file chosen in the open dialog (the command line's `import`); the new file's path comes from
   * the save dialog. Its records go into a file the app creates, which is then opened; returns the
   * report of what was imported and what was refused. The refused file is only read.
   */
  'file.importForeign': query(
    z.object({ path: filePath.optional(), ...dialogText }).strict(),
    async (ctx, input): Promise<Cancelled | { cancelled: false; report: ImportReport; file: FileInfo }> => {
      let source: string
      if (input.path !== undefined) {
        source = knownPath(ctx, input.path)
      } else {
        const picked = await ctx.dialogs.openFile({ title: 'Import the records of a file', filters: AMIF_FILTERS })
        if (!picked) return CANCELLED
        ctx.rememberPicked(picked)
        source = path.resolve(picked)
      }
      ctx.officer()
      const defaultName = input.defaultName ?? `${path.parse(source).name} (imported).amif`
      const chosen = await ctx.dialogs.saveFile({ title: input.title ?? 'Import its records into a new file', defaultName, filters: AMIF_FILTERS })
      if (!chosen) return CANCELLED
      if (isSameFile(chosen, source)) throw new AppError('SAME_FILE', 'The new file cannot be the file itself', { path: chosen })
      checkCopyDestination(ctx, chosen)
      const report = await ctx.importForeign(source, chosen)
      return { cancelled: false, report, file: await fileInfo(ctx) }
    },
  ),

  /**
   * Checks a file without changing it (the command line's `check`): the one chosen in the open
   * dialog, or a recent one by its path. Read on a connection of its own: the open file stays
   * open. A file refused for its schema is reported (`refused: true`), and may then be named to
   * `file.importForeign`.
   */
  'file.check': query(
    z.object({ path: filePath.optional(), title: dialogText.title }).strict().default({}),
    async (ctx, input): Promise<Cancelled | ({ cancelled: false } & (FileCheckReport | RefusedFileCheck))> => {
      let target: string
      if (input.path !== undefined) {
        target = knownPath(ctx, input.path)
      } else {
        const chosen = await ctx.dialogs.openFile({ title: input.title ?? 'Check a file', filters: AMIF_FILTERS })
        if (!chosen) return CANCELLED
        ctx.rememberPicked(chosen)
        target = chosen
      }
      // The full check of a large file runs in a worker thread: file.checkProgress says how far it is.
      const report = await ctx.runCheck((options) => checkFile(target, options))
      return report ? { cancelled: false, ...report } : CANCELLED
    },
  ),

  /** How far the running `file.check` is (`done` of `total`); null when none runs. */
  'file.checkProgress': query(z.object({}).strict().default({}), async (ctx) => ctx.checkProgress()),

  /**
   * The update of an older file being opened (in a worker thread, in the window): which file, and
   * the step it is on; null when none runs. The window asks while `file.open` or
   * `file.openAtStartup` is under way.
   */
  'file.migrationProgress': query(z.object({}).strict().default({}), async (ctx) => ctx.migrationProgress()),

  /** Stops the running `file.check`, which then answers `{ cancelled: true }`. */
  'file.checkStop': query(z.object({}).strict().default({}), async (ctx) => ({ stopped: ctx.stopCheck() })),

  /** Closes the open file and removes its lock. */
  'file.close': query(z.object({}).strict().default({}), async (ctx) => {
    await ctx.close()
    return { closed: true }
  }),

  /** The recent files, most recent first: path, name, whether it still exists, whether it is the open one. */
  'file.recent': query(z.object({}).strict().default({}), async (ctx) => recentFiles(ctx)),

  /** Removes a file from the recent list (a file gone, or not to be offered again). */
  'file.forgetRecent': query(z.object({ path: filePath }).strict(), async (ctx, input) => {
    const gone = path.resolve(input.path)
    ctx.updateSettings({ recentFiles: ctx.settings().recentFiles.filter((p) => path.resolve(p) !== gone) })
    return recentFiles(ctx)
  }),
}
