import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

/**
 * The packaged app's Electron fuses. They are flipped in the binary at packaging time, which no
 * test here runs; what a test can hold in place is the packaging configuration that sets them.
 */

const CONFIG = path.join(__dirname, '..', '..', '..', 'electron-builder.yml')

/** The `key: value` lines of a top-level block of electron-builder.yml (flat blocks only). */
function topLevelBlock(name: string): Record<string, string> {
  const lines = fs.readFileSync(CONFIG, 'utf8').split(/\r?\n/)
  const start = lines.findIndex((l) => l === `${name}:`)
  if (start < 0) return {}
  const entries: Record<string, string> = {}
  for (const line of lines.slice(start + 1)) {
    if (/^\S/.test(line)) break // the next top-level key
    const m = /^\s+([A-Za-z]+):\s*(\S+)\s*(#.*)?$/.exec(line)
    if (m) entries[m[1]!] = m[2]!
  }
  return entries
}

/** A top-level scalar of electron-builder.yml, or undefined. */
function topLevelValue(name: string): string | undefined {
  const m = new RegExp(`^${name}:\\s*(\\S+)`, 'm').exec(fs.readFileSync(CONFIG, 'utf8'))
  return m?.[1]
}

describe('Electron fuses (electron-builder.yml, electronFuses)', () => {
  const fuses = topLevelBlock('electronFuses')

  it.each([
    ['runAsNode', 'false', 'ELECTRON_RUN_AS_NODE cannot turn the app into a plain Node.js'],
    ['enableNodeOptionsEnvironmentVariable', 'false', 'NODE_OPTIONS cannot inject code or flags'],
    ['enableNodeCliInspectArguments', 'false', '--inspect cannot attach a debugger to main'],
    ['enableEmbeddedAsarIntegrityValidation', 'true', 'app.asar is checked against the hash in the signed binary'],
    ['onlyLoadAppFromAsar', 'true', 'only app.asar is loaded, never an app folder put beside it'],
    ['enableCookieEncryption', 'true', 'the cookie store is encrypted with the OS keys'],
  ])('sets %s to %s (%s)', (fuse, value) => {
    expect(fuses[fuse]).toBe(value)
  })

  it('packs the app into app.asar (the two asar fuses would otherwise stop it from starting)', () => {
    expect(topLevelValue('asar')).not.toBe('false')
    // The native module is unpacked beside app.asar: loading it does not go through the archive.
    expect(fs.readFileSync(CONFIG, 'utf8')).toMatch(/asarUnpack:\s*\n\s+- node_modules\/better-sqlite3\/\*\*\/\*\.node/)
  })
})
