import path from 'node:path'
import { fileURLToPath } from 'node:url'

/** Where the renderer and the preload script are, as built by electron-vite into out/. */
export interface RendererLocation {
  preloadPath: string
  rendererFile: string
  /** The development server's URL under `electron-vite dev`; null in a built or packaged app. */
  devUrl: string | null
}

/**
 * Resolves the built files next to the bundled main script (out/main/index.js), and the
 * development server, which is trusted only in an unpackaged app (so an environment variable
 * cannot point a packaged app at another page).
 */
export function rendererLocation(mainDir: string, isPackaged: boolean, env: NodeJS.ProcessEnv): RendererLocation {
  const devUrl = !isPackaged && env.ELECTRON_RENDERER_URL ? env.ELECTRON_RENDERER_URL : null
  return {
    preloadPath: path.join(mainDir, '../preload/index.js'),
    rendererFile: path.join(mainDir, '../renderer/index.html'),
    devUrl,
  }
}

function samePath(a: string, b: string): boolean {
  const left = path.resolve(a)
  const right = path.resolve(b)
  return process.platform === 'win32' || process.platform === 'darwin' ? left.toLowerCase() === right.toLowerCase() : left === right
}

/**
 * True when a frame's URL is the app's own page: the built index.html (any hash route) or,
 * in development, a page of the development server's origin.
 */
export function isAppUrl(raw: string, location: RendererLocation): boolean {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return false
  }
  if (location.devUrl) {
    return url.origin === new URL(location.devUrl).origin
  }
  if (url.protocol !== 'file:') return false
  url.hash = ''
  url.search = ''
  try {
    return samePath(fileURLToPath(url), location.rendererFile)
  } catch {
    return false
  }
}
