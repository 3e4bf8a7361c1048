/**
 * The Electron main process (bundled by electron-vite into out/main/index.js).
 * `AMIF Desk --headless <command>` runs the command line; otherwise the windowed app starts.
 * See app.ts for the lifecycle, window.ts, security.ts, ipc.ts, dialogs.ts and menu.ts.
 */
import { startApp } from './app'

void startApp(process.argv, __dirname)
