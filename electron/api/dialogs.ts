/** A file type offered in a save or open dialog. */
export interface FileFilter {
  name: string
  extensions: string[]
}

export interface SaveDialogRequest {
  title: string
  defaultName: string
  filters: FileFilter[]
}

export interface OpenDialogRequest {
  title: string
  filters: FileFilter[]
}

/**
 * The dialogs through which every path that main writes to is chosen. Main implements it with
 * Electron's dialog module; tests and the end-to-end harness inject one that returns temp paths.
 */
export interface DialogService {
  /** The path the officer chose, or null when cancelled. */
  saveFile(request: SaveDialogRequest): Promise<string | null>
  openFile(request: OpenDialogRequest): Promise<string | null>
  /** Shows a written file in the system's file manager (no-op where there is none). */
  revealFile(filePath: string): Promise<void>
  /**
   * Opens a PDF or an attachment the app has just written in the system's viewer (no-op where
   * there is none). The implementation checks it again first (a `.pdf` file whose bytes are a PDF
   * matching `sha256`, or an attachment whose content is the type its extension names and matches
   * `sha256`) and refuses anything else with DOCUMENT_INVALID or ATTACHMENT_INVALID: nothing
   * unchecked reaches the system.
   */
  openWithSystem(filePath: string, sha256: string): Promise<void>
}

/** No window, so no dialog: every dialog is answered as if cancelled (the command line, the bench). */
export const noDialogs: DialogService = {
  saveFile: async () => null,
  openFile: async () => null,
  revealFile: async () => undefined,
  openWithSystem: async () => undefined,
}
