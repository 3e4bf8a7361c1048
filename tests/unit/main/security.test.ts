import fs from 'node:fs'
import type { Session, WebContents } from 'electron'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import * as electron from './fake-electron'
import { CONTENT_SECURITY_POLICY, contentSecurityPolicy, externalUrl, guardWebContents, secureSession } from '../../../electron/main/security'

vi.mock('electron', () => import('./fake-electron'))

function guarded() {
  const contents = new electron.FakeWebContents('file:///app/out/renderer/index.html')
  guardWebContents(contents as unknown as WebContents)
  return contents
}

beforeEach(() => {
  electron.shell.openExternal.mockClear()
})

describe('navigation and new windows', () => {
  it('denies navigation, sending an https link to the system browser', () => {
    const contents = guarded()
    expect(contents.navigate('will-navigate', 'https://home-affairs.ec.europa.eu/funding/amif_en')).toBe(true)
    expect(electron.shell.openExternal).toHaveBeenCalledWith('https://home-affairs.ec.europa.eu/funding/amif_en')
  })

  it('denies javascript:, file:, data: and custom-scheme navigation without opening anything', () => {
    const contents = guarded()
    for (const url of ['javascript:alert(1)', 'file:///etc/passwd', 'data:text/html,<b>x</b>', 'ms-settings:', 'not a url']) {
      expect(contents.navigate('will-navigate', url)).toBe(true)
    }
    expect(electron.shell.openExternal).not.toHaveBeenCalled()
  })

  it('denies redirects and webviews', () => {
    const contents = guarded()
    expect(contents.navigate('will-redirect', 'https://example.org/')).toBe(true)
    expect(contents.navigate('will-attach-webview', 'https://example.org/')).toBe(true)
    expect(electron.shell.openExternal).not.toHaveBeenCalled()
  })

  it('denies window.open; an http(s) target opens in the system browser', () => {
    const contents = guarded()
    expect(contents.openHandler).not.toBeNull()
    expect(contents.openHandler!({ url: 'https://www.fedasil.be/' })).toEqual({ action: 'deny' })
    expect(electron.shell.openExternal).toHaveBeenCalledWith('https://www.fedasil.be/')
    electron.shell.openExternal.mockClear()
    expect(contents.openHandler!({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' })
    expect(contents.openHandler!({ url: 'file:///C:/Windows/System32/calc.exe' })).toEqual({ action: 'deny' })
    expect(electron.shell.openExternal).not.toHaveBeenCalled()
  })

  it('parses before trusting a link', () => {
    expect(externalUrl('HTTPS://Example.org/a b')).toBe('https://example.org/a%20b')
    expect(externalUrl('http://user:pw@example.org/')).toBeNull()
    expect(externalUrl(' javascript:alert(1)')).toBeNull()
    expect(externalUrl('//example.org')).toBeNull()
  })
})

describe('session', () => {
  function secured(devUrl: string | null = null) {
    const s = electron.fakeSession()
    secureSession(s as unknown as Session, devUrl)
    return s
  }

  it('denies every permission request and check', () => {
    const s = secured()
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      const callback = vi.fn()
      s.permissionRequest!({}, permission, callback)
      expect(callback).toHaveBeenCalledWith(false)
    }
    expect(s.permissionCheck!({}, 'media', 'file:///', {})).toBe(false)
    expect(s.devicePermission!({})).toBe(false)
  })

  it('puts the CSP on every response, replacing any other', () => {
    const s = secured()
    const callback = vi.fn()
    s.headersListener!({ url: 'file:///app/index.html', responseHeaders: { 'content-security-policy': ['default-src *'], 'X-Other': ['1'] } }, callback)
    const headers = callback.mock.calls[0][0].responseHeaders as Record<string, string[]>
    expect(headers['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY])
    expect(headers['content-security-policy']).toBeUndefined()
    expect(headers['X-Other']).toEqual(['1'])
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self';")
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'")
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval')
  })

  it('allows no inline style, in a <style> element or an attribute (only the development server gets them)', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("style-src 'self';")
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-inline')
    expect(contentSecurityPolicy('http://localhost:5173')).toContain("style-src 'self' 'unsafe-inline';")
  })

  it('is the same policy as the renderer page declares', () => {
    const html = fs.readFileSync(new URL('../../../renderer/index.html', import.meta.url), 'utf8')
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)
    expect(meta?.[1]).toBe(CONTENT_SECURITY_POLICY)
  })

  it('lets the development server in only when there is one', () => {
    const policy = contentSecurityPolicy('http://localhost:5173')
    expect(policy).toContain("script-src 'self' http://localhost:5173;")
    expect(policy).toContain('ws://localhost:5173')
    expect(contentSecurityPolicy(null)).toBe(CONTENT_SECURITY_POLICY)
  })
})
