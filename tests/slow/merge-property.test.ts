import path from 'node:path'
import Database from 'better-sqlite3'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { applyMerge, previewMerge, type MergeOptions } from '../../database/merge'
import { writeSnapshot } from '../../database/file/snapshot'
import type { Workspace } from '../../electron/api/workspace'
import { COLLEAGUE, dumpTables, makeAmifFile, OFFICER, ok, syncedTables, tempDir, testWorkspace } from '../unit/helpers'

/**
 * Merge as a property (issue 10): two copies made by the app from one file, random creations,
 * edits and deletions on both sides through the API, merged both ways. No edit is lost, every
 * record changed on both sides is a conflict, a second merge changes nothing, and once the
 * conflicts are settled both files hold the same records.
 */

const BASE_ORGS = 3
const CLAUSES = ['object', 'legal_basis', 'duration'] as const
const NAMES = ['Alpha', 'Beta', 'Gamma', 'Delta'] as const

type Side = 'a' | 'b'
type Op =
  | { side: Side; kind: 'create'; name: string }
  | { side: Side; kind: 'edit'; org: number; name: string }
  | { side: Side; kind: 'delete'; org: number }
  | { side: Side; kind: 'clause'; clause: number; text: string }

const side = fc.constantFrom<Side>('a', 'b')
const name = fc.constantFrom(...NAMES)
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ side, kind: fc.constant('create' as const), name }),
  fc.record({ side, kind: fc.constant('edit' as const), org: fc.nat(BASE_ORGS - 1), name }),
  fc.record({ side, kind: fc.constant('delete' as const), org: fc.nat(BASE_ORGS - 1) }),
  fc.record({ side, kind: fc.constant('clause' as const), clause: fc.nat(CLAUSES.length - 1), text: name }),
)

let dir = ''
let basePath = ''
const baseOrgs: string[] = []

/** The file both copies come from: three organisations, no clause edited. */
async function makeBase(): Promise<void> {
  dir = tempDir('amif-merge-property-')
  basePath = await makeAmifFile(path.join(dir, 'base.amif'))
  const { ws } = testWorkspace({ dir: path.join(dir, 'base-ws') })
  await ws.open(basePath)
  for (let i = 0; i < BASE_ORGS; i++) baseOrgs.push((await ok(ws, 'partners.create', { values: { name: `Base ${i}`, kind: 'ngo' } })).id)
  await ws.close()
}

/** A row of a file by key `table:id` (the vector aside), or null when the file has none. */
function row(filePath: string, key: string): string | null {
  const [table, ...rest] = key.split(':')
  const db = new Database(filePath, { readonly: true, fileMustExist: true })
  try {
    const r = db.prepare(`SELECT * FROM ${table} WHERE id = ?`).get(rest.join(':')) as Record<string, unknown> | undefined
    if (!r) return null
    delete r.sync_vv
    return JSON.stringify(r)
  } finally {
    db.close()
  }
}

let run = 0

async function openCopy(name: string, officer = OFFICER): Promise<{ ws: Workspace; file: string }> {
  const file = path.join(dir, `${run}`, name, `${name}.amif`)
  const src = new Database(basePath, { readonly: true, fileMustExist: true })
  try {
    writeSnapshot(src, basePath, file, { newIdentity: true })
  } finally {
    src.close()
  }
  const { ws } = testWorkspace({ dir: path.dirname(file), officer })
  await ws.open(file)
  return { ws, file }
}

describe('merge, as a property', () => {
  it('loses no edit, makes every two-sided change a conflict, is a no-op the second time, and converges once settled', async () => {
    await makeBase()
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 10 }), async (ops) => {
        run++
        const a = await openCopy('a')
        const b = await openCopy('b', COLLEAGUE)
        const files = { a, b }
        const touched = { a: new Set<string>(), b: new Set<string>() }
        const created = { a: [] as string[], b: [] as string[] }
        const gone = { a: new Set<string>(), b: new Set<string>() }
        try {
          for (const o of ops) {
            const ws = files[o.side].ws
            if (o.kind === 'create') {
              created[o.side].push((await ok(ws, 'partners.create', { values: { name: o.name, kind: 'ngo' } })).id)
            } else if (o.kind === 'clause') {
              await ok(ws, 'clauses.save', { key: CLAUSES[o.clause], language: 'fr', title: `Article ${o.text}`, body: `Texte ${o.text} (${o.side})` })
              touched[o.side].add(`agreement_clauses:${CLAUSES[o.clause]}:fr`)
            } else {
              const id = baseOrgs[o.org]
              if (gone[o.side].has(id)) continue
              if (o.kind === 'delete') {
                await ok(ws, 'partners.delete', { id })
                gone[o.side].add(id)
              } else {
                await ok(ws, 'partners.update', { id, values: { name: `${o.name} ${o.side}`, kind: 'ngo' } })
              }
              touched[o.side].add(`organisations:${id}`)
            }
          }
          await a.ws.close()
          await b.ws.close()
          await a.ws.open(a.file)
          const options: MergeOptions = { officer: OFFICER, resolutions: {}, backup: false }

          // What each side made of the records, before any merge.
          const keys = new Set([...touched.a, ...touched.b])
          const before = new Map([...keys].map((k) => [k, { a: row(a.file, k), b: row(b.file, k) }]))
          const ab = await previewMerge(a.ws.file(), b.file)
          const conflicted = new Set(ab.conflicts.map((c) => c.key))
          for (const k of keys) {
            const { a: mineRow, b: theirRow } = before.get(k)!
            const both = touched.a.has(k) && touched.b.has(k)
            // Every record changed on both sides to a different end is a conflict; no other is.
            expect(conflicted.has(k), k).toBe(both && mineRow !== theirRow)
          }
          const first = await applyMerge(a.ws.writableFile(), b.file, options)
          expect(new Set(first.conflicts.map((c) => c.key))).toEqual(conflicted)
          for (const k of keys) {
            const { a: mineRow, b: theirRow } = before.get(k)!
            // No edit is lost: one side's change is taken, a conflict keeps mine until settled.
            const expected = touched.b.has(k) && !conflicted.has(k) ? theirRow : mineRow
            expect(row(a.file, k), k).toBe(expected)
          }
          for (const id of [...created.a, ...created.b]) expect(row(a.file, `organisations:${id}`), id).not.toBeNull()

          // A second merge of the same file changes nothing.
          const tables = [...syncedTables(a.file), 'sync_tombstones']
          const settledOnce = dumpTables(a.file, tables)
          const again = await applyMerge(a.ws.writableFile(), b.file, options)
          expect(again).toMatchObject({ added: 0, updated: 0, deleted: 0, mergeId: null })
          expect(new Set(again.conflicts.map((c) => c.key))).toEqual(conflicted)
          expect(dumpTables(a.file, tables)).toEqual(settledOnce)

          // The other way round, the same records are in conflict.
          await b.ws.open(b.file)
          const ba = await previewMerge(b.ws.file(), a.file)
          expect(new Set(ba.conflicts.map((c) => c.key))).toEqual(conflicted)

          // Settled (theirs wins in A), then merged back: both files hold the same records.
          const settle = await applyMerge(a.ws.writableFile(), b.file, { ...options, prefer: 'theirs' })
          expect(settle.conflicts).toEqual([])
          const back = await applyMerge(b.ws.writableFile(), a.file, { ...options, officer: COLLEAGUE })
          expect(back.conflicts).toEqual([])
          expect(dumpTables(b.file, tables)).toEqual(dumpTables(a.file, tables))
          const still = await applyMerge(a.ws.writableFile(), b.file, options)
          expect(still).toMatchObject({ added: 0, updated: 0, deleted: 0, conflicts: [] })
        } finally {
          await a.ws.close()
          await b.ws.close()
        }
      }),
      { numRuns: 25 },
    )
  }, 120_000)
})
