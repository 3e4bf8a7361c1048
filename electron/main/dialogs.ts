import path from 'node:path'
import { dialog, shell, type BrowserWindow } from 'electron'
import { readVerifiedForViewer } from '../../database/file/attachment-files'
import type { DialogService, OpenDialogRequest, SaveDialogRequest } from '../api/dialogs'

/**
 * The system's save and open dialogs, attached to the application window. Every path main
 * writes to comes from `saveFile`, that is from the officer's own choice.
 */
export class ElectronDialogs implements DialogService {
  constructor(
    private readonly window: () => BrowserWindow | null,
    /** Where a save dialog starts (the officer's documents folder). */
    private readonly defaultDir: string,
  ) {}

  async saveFile(request: SaveDialogRequest): Promise<string | null> {
    const options = {
      title: request.title,
      defaultPath: path.join(this.defaultDir, path.basename(request.defaultName)),
      filters: request.filters,
      properties: ['createDirectory', 'showOverwriteConfirmation'] as ('createDirectory' | 'showOverwriteConfirmation')[],
    }
    const win = this.window()
    const result = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options)
    return result.canceled || !result.filePath ? null : result.filePath
  }

  async openFile(request: OpenDialogRequest): Promise<string | null> {
    const options = {
      title: request.title,
      defaultPath: this.defaultDir,
      filters: request.filters,
      properties: ['openFile'] as 'openFile'[],
    }
    const win = this.window()
    const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options)
    return result.canceled ? null : (result.filePaths[0] ?? null)
  }

  async revealFile(filePath: string): Promise<void> {
    shell.showItemInFolder(filePath)
  }

  async openWithSystem(filePath: string, sha256: string): Promise<void> {
    // Read back and checked here, right before the system gets it: a .pdf that is a PDF, or an
    // attachment of the type its extension names, with the bytes the file holds.
    readVerifiedForViewer(filePath, sha256)
    // shell.openPath answers with an error message rather than throwing; a viewer that is missing is not our failure.
    const problem = await shell.openPath(filePath)
    if (problem) console.warn('[amif] cannot open', filePath, problem)
  }
}
