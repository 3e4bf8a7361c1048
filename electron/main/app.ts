import path from 'node:path'
import { app, dialog, session, type BrowserWindow } from 'electron'
import { toErrorPayload } from '../../database/domain/errors'
import { WorkerRenderer } from '../api/render-runner'
import { JsonSettingsStore } from '../api/settings'
import { Workspace } from '../api/workspace'
import { runCli } from '../cli/cli'
import { ElectronDialogs } from './dialogs'
import { IPC_MENU, type MenuCommand } from '../preload/bridge'
import { registerIpc } from './ipc'
import { installMenu } from './menu'
import { mainMessages } from './messages'
import { rendererLocation } from './paths'
import { UtilityRenderer } from './render-service'
import { guardWebContents, secureSession } from './security'
import { createMainWindow } from './window'

export const HEADLESS_FLAG = '--headless'
export const APP_USER_MODEL_ID = 'be.amif.desk'

/** The command after `--headless` (`check <file>`, ...), or null for the windowed app. */
export function headlessArgs(argv: readonly string[]): string[] | null {
  const at = argv.indexOf(HEADLESS_FLAG)
  return at === -1 ? null : argv.slice(at + 1)
}

/**
 * A `.amif` file the system asked the app to open (a double-click on Windows puts it on the
 * command line; macOS sends an `open-file` event instead), or null.
 */
export function fileArgument(argv: readonly string[]): string | null {
  for (let i = argv.length - 1; i >= 1; i--) {
    const arg = argv[i]
    if (!arg.startsWith('-') && arg.toLowerCase().endsWith('.amif')) return arg
  }
  return null
}

/** The bundled scripts that render documents, beside main's index.js (electron.vite.config.ts). */
export const RENDER_PROCESS_FILE = 'render-process.js'
export const RENDER_WORKER_FILE = 'render-worker.js'
/** Channels the window polls for progress: they change nothing the menu shows. */
const PROGRESS_CHANNELS = new Set(['file.checkProgress', 'file.migrationProgress'])

/** The bundled script that updates an older file off the main thread, beside main's index.js. */
export const MIGRATE_WORKER_FILE = 'migrate-worker.js'

/**
 * `AMIF Desk --headless <command> ...`: runs the command line (the same handlers as the window,
 * for IT support and scripts) and exits with its code. No window, no menu, no single-instance
 * lock: a check can run while an officer has the app open. Documents render in a worker thread
 * (no utility process before the app is ready).
 */
export async function runHeadless(args: string[], mainDir: string): Promise<number> {
  app.dock?.hide()
  let code: number
  try {
    code = await runCli(
      args,
      {
        stdout: (text: string) => process.stdout.write(text),
        stderr: (text: string) => process.stderr.write(text),
      },
      { appVersion: app.getVersion(), renderer: new WorkerRenderer({ workerFile: path.join(mainDir, RENDER_WORKER_FILE) }) },
    )
  } catch (err) {
    // runCli never throws; this only keeps a stack trace off the console if it ever did.
    process.stderr.write(`${JSON.stringify({ ok: false, ...toErrorPayload(err) })}\n`)
    code = 1
  }
  // Exit once what was written has reached the pipe (a script may read it after we are gone).
  await new Promise<void>((resolve) => process.stdout.write('', () => resolve()))
  app.exit(code)
  return code
}

/** The windowed app: one instance, one window, the API on IPC, the workspace closed on quit. */
export function startWindowed(argv: readonly string[], mainDir: string): void {
  if (!app.requestSingleInstanceLock()) {
    // Another instance is running: it receives our arguments in 'second-instance'.
    app.quit()
    return
  }
  if (process.platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID)

  const location = rendererLocation(mainDir, app.isPackaged, process.env)
  const isDev = !app.isPackaged
  const documentsDir = app.getPath('documents')
  let mainWindow: BrowserWindow | null = null
  let pendingFile: string | null = fileArgument(argv)
  let ready = false

  // Documents render in a utility process, so the window stays responsive and main cannot be exhausted.
  const renderer = new UtilityRenderer(path.join(mainDir, RENDER_PROCESS_FILE))
  const workspace = new Workspace({
    settings: new JsonSettingsStore(path.join(app.getPath('userData'), 'settings.json')),
    dialogs: new ElectronDialogs(() => mainWindow, documentsDir),
    documentsDir,
    appVersion: app.getVersion(),
    renderer,
    // A large file opens at once, its pages checked in a worker thread meanwhile; an older file
    // is updated in a worker thread, the window showing its steps.
    checkInBackground: true,
    migrateWorkerFile: path.join(mainDir, MIGRATE_WORKER_FILE),
  })

  const language = () => workspace.settings().language

  const showAbout = () => {
    const t = mainMessages(language())
    const options = {
      type: 'info' as const,
      title: t.about,
      message: 'AMIF Desk',
      detail: `${t.version(app.getVersion())}\n\n${t.aboutDetail}`,
      buttons: [t.ok],
    }
    void (mainWindow ? dialog.showMessageBox(mainWindow, options) : dialog.showMessageBox(options))
  }

  const refreshMenu = () =>
    installMenu({
      language: language(),
      isDev,
      platform: process.platform,
      onAbout: showAbout,
      recentFiles: workspace.settings().recentFiles,
      onCommand: (command) => mainWindow?.webContents.send(IPC_MENU, command),
    })

  /** Opens a file the system handed us; true when it is now the open file. */
  const openRequested = async (filePath: string): Promise<boolean> => {
    try {
      try {
        await workspace.open(filePath)
      } catch (err) {
        // Someone else has it open: read-only, as at start-up; the window says who has it.
        if (toErrorPayload(err).code !== 'FILE_LOCKED') throw err
        await workspace.open(filePath, { readOnly: true })
      }
      return true
    } catch (err) {
      const problem = toErrorPayload(err)
      console.warn('[amif] cannot open', filePath, problem.code)
      const t = mainMessages(language())
      const options = { type: 'warning' as const, message: t.cannotOpen(path.basename(filePath)), detail: problem.message, buttons: [t.ok] }
      await (mainWindow ? dialog.showMessageBox(mainWindow, options) : dialog.showMessageBox(options))
      return false
    }
  }

  /**
   * A file the system hands over while the window is up (a second instance, macOS `open-file`):
   * the window opens it as it opens a recent file, so an older file's update shows its steps and a
   * locked file its choices. While the page is still loading, it cannot hear that yet: main opens
   * the file, and the page shows it once loaded.
   */
  const openWhileRunning = async (filePath: string) => {
    if (!mainWindow) return
    if (mainWindow.webContents.isLoading()) {
      if (await openRequested(filePath)) mainWindow?.webContents.reload()
      return
    }
    workspace.rememberPicked(filePath)
    mainWindow.webContents.send(IPC_MENU, { action: 'openRecent', path: filePath } satisfies MenuCommand)
  }

  const focusWindow = () => {
    if (!mainWindow) return
    if (mainWindow.isMinimized()) mainWindow.restore()
    mainWindow.focus()
  }

  registerIpc({
    workspace,
    location,
    mainWindow: () => mainWindow,
    afterInvoke: (channel, result) => {
      // The menu speaks the settings' language and lists the recent files (not rebuilt for the
      // progress the window asks for several times a second).
      if (result.ok && (channel === 'app.setLanguage' || channel.startsWith('file.')) && !PROGRESS_CHANNELS.has(channel)) refreshMenu()
    },
  })

  app.on('web-contents-created', (_event, contents) => guardWebContents(contents))

  app.on('second-instance', (_event, otherArgv) => {
    focusWindow()
    const file = fileArgument(otherArgv)
    if (file) void openWhileRunning(file)
  })

  app.on('open-file', (event, filePath) => {
    event.preventDefault()
    if (ready && mainWindow) void openWhileRunning(filePath)
    else pendingFile = filePath
  })

  app.on('window-all-closed', () => {
    // One window, one open file: closing the window quits, on macOS too, so the file is released.
    app.quit()
  })

  let workspaceClosed = false
  app.on('before-quit', (event) => {
    if (workspaceClosed) return
    event.preventDefault()
    workspace
      .close()
      .catch((err: unknown) => console.error('[amif] closing the file failed', err))
      .finally(() => {
        workspaceClosed = true
        void renderer.close()
        app.quit()
      })
  })

  app
    .whenReady()
    .then(async () => {
      secureSession(session.defaultSession, location.devUrl)
      refreshMenu()
      if (pendingFile) {
        // Opening while the window starts: `file.openAtStartup` waits for it, then keeps it (an
        // older file is updated meanwhile, the window showing its steps).
        void openRequested(pendingFile)
        pendingFile = null
      }
      mainWindow = createMainWindow(location, () => mainMessages(language()))
      mainWindow.on('closed', () => {
        mainWindow = null
      })
      ready = true
    })
    .catch((err: unknown) => {
      console.error('[amif] start-up failed', err)
      app.exit(1)
    })
}

/** The main process: the command line after `--headless`, the windowed app otherwise. */
export async function startApp(argv: readonly string[], mainDir: string): Promise<void> {
  const args = headlessArgs(argv)
  if (args) {
    await runHeadless(args, mainDir)
    return
  }
  startWindowed(argv, mainDir)
}
