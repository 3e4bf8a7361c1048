import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { integrityProblems, openAmifFile } from '../../database/file'
import type { SaveDialogRequest } from '../../electron/api/dialogs'
import { ERROR_CODES } from '../../database/domain/errors'
import { channels, invoke, type ChannelName } from '../../electron/api/index'
import { expectUntouched, FakeDialogs, makeAmifFile, snapshot, tempDir, testWorkspace } from '../unit/helpers'

/**
 * What the window may send is anything: a compromised or buggy renderer calls every channel of
 * the API table with hostile payloads. Whatever it sends, invoke() answers (never throws), the
 * answer is `{ ok: true, data }` or `{ ok: false, error: { code } }` with a known code and can
 * cross IPC, and the file stays sound; a file open read-only is not changed by a single byte.
 */

/** Deeply nested arrays and objects (a stack-overflow attempt on the validators). */
function nested(depth: number, asObject: boolean): unknown {
  let value: unknown = 'bottom'
  for (let i = 0; i < depth; i++) value = asObject ? { values: value } : [value]
  return value
}

/** Values no well-behaved window sends, each of a kind the structured clone of IPC lets through. */
const HOSTILE: readonly [string, unknown][] = [
  ['undefined', undefined],
  ['null', null],
  ['true', true],
  ['zero', 0],
  ['negative', -1],
  ['negative huge', -1e308],
  ['huge', 1e308],
  ['unsafe integer', 2 ** 53 + 2],
  ['fraction', 1.5],
  ['NaN', NaN],
  ['Infinity', Infinity],
  ['-Infinity', -Infinity],
  ['-0', -0],
  ['BigInt', 10n ** 30n],
  ['empty string', ''],
  ['NUL', '\0'],
  ['NUL first', '\0ASBL'],
  ['huge string', 'A'.repeat(1_000_000)],
  ['long word', 'x'.repeat(50_000)],
  ['lone surrogate', '\ud800'],
  ['bidi override', '\u202eexe.fdp'],
  ['path traversal', '../../../../etc/passwd'],
  ['markup', '<img src=x onerror=alert(1)>'],
  ['not a date', '9999-99-99'],
  ['far date', '9999-12-31'],
  ['empty array', []],
  ['array for an object', [{ name: 'x' }, 1, 'a']],
  ['empty object', {}],
  ['__proto__ pollution', JSON.parse('{"__proto__":{"polluted":true,"isAdmin":true},"id":"x"}')],
  ['constructor pollution', { constructor: { prototype: { polluted: true } } }],
  ['deep array', nested(20_000, false)],
  ['deep object', nested(20_000, true)],
  ['Date', new Date(8.64e15)],
  ['Map', new Map([['a', 1]])],
]

/** A few of them for every field of an otherwise plausible input (the rest are sent as whole inputs). */
const FIELD_VALUES = HOSTILE.filter(([name]) =>
  [
    'null',
    'negative',
    'huge',
    'fraction',
    'NaN',
    'Infinity',
    'BigInt',
    'empty string',
    'NUL first',
    'huge string',
    'lone surrogate',
    'path traversal',
    'not a date',
    'far date',
    'array for an object',
    '__proto__ pollution',
    'deep object',
  ].includes(name),
)

type Def = { type: string; [k: string]: unknown }
const defOf = (s: unknown): Def => (s as { _zod: { def: Def } })._zod.def

/** The object schema a channel's input is, once optional/default/pipe wrappers are peeled off. */
function objectShape(schema: unknown): Record<string, unknown> | null {
  let def = defOf(schema)
  for (let i = 0; i < 10; i++) {
    if (def.type === 'object') return def.shape as Record<string, unknown>
    const inner = (def.innerType ?? def.in) as unknown
    if (!inner) return null
    def = defOf(inner)
  }
  return null
}

/** A value the schema would probably accept, guessed from its type and the field's name. */
function plausible(schema: unknown, key: string, ids: string[], depth = 0): unknown {
  const def = defOf(schema)
  if (depth > 6) return undefined
  switch (def.type) {
    case 'object':
      return Object.fromEntries(Object.entries(def.shape as Record<string, unknown>).map(([k, s]) => [k, plausible(s, k, ids, depth + 1)]))
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'nonoptional':
    case 'readonly':
    case 'catch':
      return plausible(def.innerType, key, ids, depth + 1)
    case 'pipe':
      return plausible(def.in, key, ids, depth + 1)
    case 'string': {
      if (def.format === 'uuid' || def.format === 'guid' || /(^id$|Id$)/.test(key)) return ids[(key.length + depth) % ids.length]
      if (def.format === 'email' || /email/i.test(key)) return 'agent@example.org'
      if (/date|today|at$/i.test(key)) return '2025-03-14'
      if (/iban/i.test(key)) return 'BE68539007547034'
      if (/country/i.test(key)) return 'BE'
      if (/lang/i.test(key)) return 'fr'
      if (/code/i.test(key)) return 'AMIF-2025-FZ-01'
      return 'Texte de test'
    }
    case 'number':
    case 'int':
      return /cents/i.test(key) ? 100_00 : 1
    case 'boolean':
      return false
    case 'enum':
      return Object.values(def.entries as Record<string, unknown>)[0]
    case 'literal':
      return (def.values as unknown[])[0]
    case 'array':
      return [plausible(def.element, key, ids, depth + 1)]
    case 'union':
      return plausible((def.options as unknown[])[0], key, ids, depth + 1)
    case 'record':
      return {}
    default:
      return undefined
  }
}

/** Every payload sent to one channel: hostile whole inputs, then each field of a plausible input made hostile. */
function payloadsFor(name: ChannelName, ids: string[]): unknown[] {
  const schema = (channels[name] as { input: z.ZodType }).input
  const payloads: unknown[] = HOSTILE.map(([, v]) => v)
  const shape = objectShape(schema)
  if (!shape) return payloads
  const base = plausible(schema, '', ids) as Record<string, unknown> | undefined
  if (!base || typeof base !== 'object') return payloads
  payloads.push(base)
  for (const [, v] of FIELD_VALUES) payloads.push(Object.fromEntries(Object.keys(shape).map((k) => [k, v])))
  for (const key of Object.keys(shape)) {
    for (const [, v] of FIELD_VALUES) payloads.push({ ...base, [key]: v })
    // One level down: the `values`, `filters`... objects most commands take.
    const inner = base[key]
    if (inner && typeof inner === 'object' && !Array.isArray(inner)) {
      for (const innerKey of Object.keys(inner)) {
        for (const [, v] of FIELD_VALUES) payloads.push({ ...base, [key]: { ...inner, [innerKey]: v } })
      }
    }
  }
  return payloads
}

/** Save dialogs answer a fresh path in a scratch folder (so exports really write); open dialogs are cancelled. */
class ScratchDialogs extends FakeDialogs {
  private n = 0

  constructor(private readonly scratch: string) {
    super()
  }

  override async saveFile(request: SaveDialogRequest): Promise<string | null> {
    this.saveRequests.length = 0
    const base =
      path
        .basename(String(request.defaultName ?? 'out'))
        .replace(/[^\w. -]/g, '_')
        .slice(0, 80) || 'out'
    const dir = path.join(this.scratch, String(this.n++))
    fs.mkdirSync(dir, { recursive: true })
    return path.join(dir, base)
  }
}

/** Ids of records in the file, for the plausible inputs' references. */
function recordIds(filePath: string): string[] {
  const db = new Database(filePath, { readonly: true, fileMustExist: true })
  try {
    const tables = ['projects', 'organisations', 'contacts', 'milestones', 'budget_lines', 'calls', 'documents', 'payments', 'indicators']
    return tables.flatMap((t) => {
      try {
        return db.prepare(`SELECT id FROM ${t} LIMIT 2`).pluck().all() as string[]
      } catch {
        return []
      }
    })
  } finally {
    db.close()
  }
}

interface Tally {
  calls: number
  ok: number
  codes: Record<string, number>
  internal: string[]
  escaped: string[]
  badShape: string[]
}

/** Sends every payload to every channel, reopening the file whenever a channel closed it or opened another. */
async function fuzz(filePath: string, readOnly: boolean): Promise<Tally> {
  const scratch = tempDir('amif-fuzz-out-')
  const t = testWorkspace()
  const dialogs = new ScratchDialogs(scratch)
  Object.assign(t.dialogs, { saveFile: dialogs.saveFile.bind(dialogs) })
  const { ws } = t
  await ws.open(filePath, { readOnly })
  const ids = recordIds(filePath)
  const tally: Tally = { calls: 0, ok: 0, codes: {}, internal: [], escaped: [], badShape: [] }
  const names = Object.keys(channels) as ChannelName[]
  for (const name of names) {
    for (const payload of payloadsFor(name, ids)) {
      tally.calls++
      let result: unknown
      try {
        result = await invoke(ws, name, payload)
      } catch (err) {
        tally.escaped.push(`${name}: ${String(err)}`)
        continue
      }
      const r = result as { ok?: unknown; data?: unknown; error?: { code?: unknown; message?: unknown } }
      let cloneable = true
      try {
        structuredClone(result)
      } catch {
        cloneable = false
      }
      if (r.ok === true && 'data' in r && cloneable) {
        tally.ok++
      } else if (r.ok === false && ERROR_CODES.includes(r.error?.code as never) && typeof r.error?.message === 'string' && cloneable) {
        const code = String(r.error.code)
        tally.codes[code] = (tally.codes[code] ?? 0) + 1
        if (code === 'INTERNAL') tally.internal.push(`${name}: ${String(r.error.message).slice(0, 200)}`)
      } else {
        tally.badShape.push(`${name}: ${JSON.stringify(result)?.slice(0, 200)}`)
      }
      if (!ws.hasFile() || ws.file().path !== filePath) await ws.open(filePath, { readOnly })
    }
  }
  await ws.close()
  return tally
}

function expectSound(filePath: string): void {
  const db = new Database(filePath, { readonly: true, fileMustExist: true })
  try {
    expect(integrityProblems(db)).toEqual([])
    expect(db.pragma('foreign_key_check')).toEqual([])
  } finally {
    db.close()
  }
}

describe('every channel, hostile payloads', () => {
  it('on a file open for writing: every answer is { ok } or a known error code, the file stays sound', async () => {
    const dir = tempDir()
    const file = await makeAmifFile(path.join(dir, 'fuzz.amif'), { demo: true })
    const tally = await fuzz(file, false)
    console.info(`[fuzz] writable: ${tally.calls} calls over ${Object.keys(channels).length} channels, ${tally.ok} ok, ${JSON.stringify(tally.codes)}`)
    expect(tally.escaped).toEqual([])
    expect(tally.badShape).toEqual([])
    expect(tally.internal).toEqual([])
    expectSound(file)
    // Still a file the app opens (its own checks: identity, version, integrity).
    await openAmifFile(file).close()
  }, 900_000)

  it('on a file open read-only: the same, and the file is byte for byte what it was', async () => {
    const dir = tempDir()
    const file = await makeAmifFile(path.join(dir, 'fuzz-readonly.amif'), { demo: true })
    const before = snapshot(file)
    const tally = await fuzz(file, true)
    console.info(`[fuzz] read-only: ${tally.calls} calls, ${tally.ok} ok, ${JSON.stringify(tally.codes)}`)
    expect(tally.escaped).toEqual([])
    expect(tally.badShape).toEqual([])
    expect(tally.internal).toEqual([])
    expectUntouched(file, before)
    expectSound(file)
  }, 900_000)
})
