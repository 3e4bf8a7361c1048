import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import en from '../../renderer/src/i18n/en'
import fr from '../../renderer/src/i18n/fr'
import nl from '../../renderer/src/i18n/nl'

/**
 * A message key the window asks for but no catalogue holds shows the officer the raw key
 * (`projects.fields.foo`) instead of a sentence. vue-tsc does not check the keys passed to `t()`,
 * so this reads the renderer's sources and looks every literal key up in fr, nl and en.
 */
const ROOT = path.resolve(__dirname, '../..')
const RENDERER = path.join(ROOT, 'renderer/src')
const CATALOGUES = { fr, nl, en } as Record<string, unknown>

type Use = 'leaf' | 'any' | 'object'

interface KeyUse {
  key: string
  use: Use
  where: string
}

/** The .vue and .ts files under renderer/src (the catalogues themselves excepted). */
function sourceFiles(dir: string): string[] {
  const out: string[] = []
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) out.push(...sourceFiles(full))
    else if (/\.(vue|ts)$/.test(entry.name) && !/\.d\.ts$/.test(entry.name) && !full.includes(`${path.sep}i18n${path.sep}`)) out.push(full)
  }
  return out
}

// t('a.b'), $t("a.b"), te(`a.b`), tm('a'), i18n.global.t('a.b'); not x.t('...') or foot('...').
const CALL = /(?:(?<![\w$.])|(?<=\bi18n\.global\.))(\$?(?:t|te|tm))\(\s*(?:'([^'\\\n]*)'|"([^"\\\n]*)"|`([^`\\]*)`)/g
// <i18n-t keypath="a.b">
const KEYPATH = /<i18n-t\b[^>]*?\bkeypath="([^"]+)"/g

/** Every key a source file asks for by a literal, with what the call needs to find there. */
function keysIn(file: string): KeyUse[] {
  const text = fs.readFileSync(file, 'utf8')
  const rel = path.relative(ROOT, file)
  const uses: KeyUse[] = []
  const lineOf = (index: number) => text.slice(0, index).split('\n').length
  for (const m of text.matchAll(CALL)) {
    const fn = m[1].replace('$', '')
    const where = `${rel}:${lineOf(m.index)}`
    const literal = m[2] ?? m[3]
    const template = m[4]
    const use: Use = fn === 't' ? 'leaf' : fn === 'tm' ? 'object' : 'any'
    if (literal !== undefined) uses.push({ key: literal, use, where })
    else if (!template.includes('${')) uses.push({ key: template, use, where })
    else {
      // A dynamic key: its static part up to the last dot must name a group of messages.
      const prefix = template.slice(0, template.indexOf('${'))
      const group = prefix.slice(0, prefix.lastIndexOf('.'))
      if (group !== '') uses.push({ key: group, use: 'object', where })
    }
  }
  for (const m of text.matchAll(KEYPATH)) uses.push({ key: m[1], use: 'leaf', where: `${rel}:${lineOf(m.index)}` })
  return uses
}

/** The value at a dotted key, or undefined. */
function lookup(catalogue: unknown, key: string): unknown {
  let node = catalogue
  for (const part of key.split('.')) {
    if (node === null || typeof node !== 'object' || !Object.prototype.hasOwnProperty.call(node, part)) return undefined
    node = (node as Record<string, unknown>)[part]
  }
  return node
}

function finds(catalogue: unknown, { key, use }: KeyUse): boolean {
  const value = lookup(catalogue, key)
  if (use === 'leaf') return typeof value === 'string' && value.trim() !== ''
  if (use === 'object') return value !== null && typeof value === 'object'
  return value !== undefined
}

/** Every dotted path to a string in a catalogue. */
function leaves(node: unknown, prefix = ''): string[] {
  if (typeof node !== 'object' || node === null) return [prefix]
  return Object.entries(node).flatMap(([k, v]) => leaves(v, prefix === '' ? k : `${prefix}.${k}`))
}

const USES = sourceFiles(RENDERER).flatMap(keysIn)

describe('message keys used by the window', () => {
  it('are found in the sources (the scan itself works)', () => {
    expect(USES.length).toBeGreaterThan(500)
    expect(USES.some((u) => u.key === 'common.save')).toBe(true)
    expect(USES.some((u) => u.key === 'start.emptyIntro')).toBe(true)
    // a dynamic key is checked by its group
    expect(USES.some((u) => u.key === 'vocab.paymentKinds' && u.use === 'object')).toBe(true)
  })

  it('a key missing from a catalogue is noticed (the check itself works)', () => {
    expect(finds(fr, { key: 'common.save', use: 'leaf', where: '' })).toBe(true)
    expect(finds(fr, { key: 'common.saveTypo', use: 'leaf', where: '' })).toBe(false)
    expect(finds(fr, { key: 'common', use: 'leaf', where: '' })).toBe(false)
    expect(finds(fr, { key: 'vocab.nothingHere', use: 'object', where: '' })).toBe(false)
  })

  it.each(Object.keys(CATALOGUES))('every literal key in t(), $t(), te(), tm() and <i18n-t> exists in %s', (lang) => {
    const missing = USES.filter((u) => !finds(CATALOGUES[lang], u)).map((u) => `${u.key} (${u.use}) at ${u.where}`)
    expect(missing).toEqual([])
  })

  it('fr, nl and en hold the same messages', () => {
    const frLeaves = leaves(fr).sort()
    expect(leaves(nl).sort()).toEqual(frLeaves)
    expect(leaves(en).sort()).toEqual(frLeaves)
  })
})
