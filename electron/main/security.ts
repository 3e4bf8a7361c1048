import { shell, type Session, type WebContents } from 'electron'

/**
 * The Content-Security-Policy the app's pages get as a response header, as defence in depth
 * beside the renderer's own `<meta>` CSP (which is the same policy).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  // No inline styles: Element Plus and Vue set styles through the CSSOM (el.style), which CSP does
  // not govern; the charts draw on a canvas. Only the development server injects <style> elements.
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ')

/**
 * The policy for a renderer served by a development server: the same, plus that server's
 * origin for scripts, its websocket for hot reload and the `<style>` elements it injects for
 * the CSS it serves. `devUrl` is null in a built app.
 */
export function contentSecurityPolicy(devUrl: string | null): string {
  if (!devUrl) return CONTENT_SECURITY_POLICY
  const origin = new URL(devUrl).origin
  const socket = origin.replace(/^http/, 'ws')
  return CONTENT_SECURITY_POLICY.replace("script-src 'self'", `script-src 'self' ${origin}`)
    .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
    .replace("connect-src 'self'", `connect-src 'self' ${origin} ${socket}`)
}

/**
 * The URL to hand to the system browser, or null. Only http and https leave the app, and only
 * after parsing: javascript:, file:, data:, custom schemes and garbage are refused.
 */
export function externalUrl(raw: string): string | null {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return null
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null
  if (url.username || url.password) return null
  return url.toString()
}

/** Opens an http(s) link in the system browser; anything else is ignored. True when opened. */
export function openExternalLink(raw: string): boolean {
  const url = externalUrl(raw)
  if (!url) return false
  shell.openExternal(url).catch((err: unknown) => console.error('[amif] cannot open link', url, err))
  return true
}

/**
 * Locks one web contents: it never navigates away from the app and never opens a window.
 * An http(s) link the officer clicks opens in the system browser instead.
 */
export function guardWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    event.preventDefault()
    openExternalLink(url)
  })
  contents.on('will-redirect', (event) => event.preventDefault())
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(({ url }) => {
    openExternalLink(url)
    return { action: 'deny' }
  })
}

/**
 * Locks a session: every permission (camera, notifications, geolocation, clipboard, HID...) is
 * refused, and every response carries the app's Content-Security-Policy.
 */
export function secureSession(session: Session, devUrl: string | null): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  session.setPermissionCheckHandler(() => false)
  session.setDevicePermissionHandler(() => false)
  const policy = contentSecurityPolicy(devUrl)
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers: Record<string, string[]> = {}
    for (const [name, value] of Object.entries(details.responseHeaders ?? {})) {
      if (name.toLowerCase() !== 'content-security-policy') headers[name] = value
    }
    headers['Content-Security-Policy'] = [policy]
    callback({ responseHeaders: headers })
  })
}
