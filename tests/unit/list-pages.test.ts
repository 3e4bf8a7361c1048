import path from 'node:path'
import fs from 'node:fs'
import { describe, expect, it, onTestFinished, vi } from 'vitest'
import type { ApiInput, ApiOutput } from '../../electron/api/index'
import type { Workspace } from '../../electron/api/workspace'
import { historyOf } from '../../database/audit'
import { listAttachments } from '../../database/attachments'
import { COMMITTED_STATUSES, listCalls } from '../../database/calls'
import { listDocuments } from '../../database/documents'
import { newId } from '../../database/ids'
import { listProjects } from '../../database/projects'
import { PAGE_MAX } from '../../database/domain/schemas/paging'
import { projectQuery } from '../../database/domain/schemas/projects'
import { newProjectValues, ok, openNewFile, organisationByAcronym, refused, testWorkspace, type TestWorkspace } from './helpers'

/**
 * Issue 13 §2, the lists after projects, milestones and partners: calls, the documents register,
 * the histories of a project and of a partner, and an owner's attachments are read a page at a
 * time too (keyset on the sort key and the id). Walking the pages gives every row once, in the
 * list's order, ties included; the first page counts the whole filtered list; a page never holds
 * more than PAGE_MAX rows, and a cursor of another list is refused.
 */

const TODAY = '2026-12-03'
const SMALL_PAGE = 4

type Listed = 'calls.list' | 'documents.list' | 'attachments.list' | 'partners.history' | 'projects.history'

/** Every page of a list channel, one after the other, each checked to hold at most `limit` rows. */
async function allPages<C extends Listed>(ws: Workspace, channel: C, input: ApiInput<C>, limit = SMALL_PAGE): Promise<{ ids: string[]; first: ApiOutput<C> }> {
  const ids: string[] = []
  let first: ApiOutput<C> | undefined
  let after: unknown = undefined
  for (let n = 0; n < 1000; n++) {
    const page = (await ok(ws, channel, { ...input, limit, after } as ApiInput<C>)) as ApiOutput<Listed>
    first ??= page as ApiOutput<C>
    expect(page.rows.length).toBeLessThanOrEqual(limit)
    // Counted on the first page; the pages after it do not count the same list again.
    if (page !== first) expect(page.total).toBeNull()
    ids.push(...page.rows.map((r) => r.id))
    if (!page.next) break
    expect(page.rows).toHaveLength(limit)
    after = page.next
  }
  expect(new Set(ids).size).toBe(ids.length)
  return { ids, first: first! }
}

/** The demonstration file with look-alike calls (same opening day), many documents (same instant and version) and a history with ties. */
async function busyFile(): Promise<TestWorkspace & { projectId: string; partnerId: string }> {
  const t = testWorkspace()
  await openNewFile(t.ws, path.join(t.dir, 'lists.amif'), { demo: true })
  const { ws } = t
  for (let i = 1; i <= 9; i++) {
    await ok(ws, 'calls.create', {
      values: {
        reference: `AMIF-CALL-TIE-${i}`,
        title: `Appel jumeau ${i}`,
        strand: 'integration',
        objectiveCode: 'SO2',
        opensOn: '2026-03-01',
        closesOn: '2026-05-01',
        envelopeCents: 100_000_00,
        notes: null,
      },
    })
  }
  const caritas = await organisationByAcronym(ws, 'Caritas')
  const project = await ok(ws, 'projects.create', { values: newProjectValues(caritas.id, 'AMIF-2026-LIST-01'), today: TODAY })
  const insert = ws.file().sqlite.prepare(
    `INSERT INTO documents (id, kind, project_id, language, version, status, reference, title, file_name, produced_at, produced_by, finalized_at,
        page_count, byte_size, sha256, pdf, data_json, created_at, updated_at, updated_by)
       VALUES (?, ?, ?, ?, ?, 'draft', ?, ?, 'doc.pdf', ?, 'Élise', NULL, 1, 4, ?, ?, '{}', ?, ?, 'Élise')`,
  )
  // Thirteen documents at the same instant (five of them version 2), and a few earlier and later.
  const stamps = [...Array(13).fill('2026-02-01T10:00:00.000Z'), '2026-01-15T08:00:00.000Z', '2026-01-15T08:00:00.000Z', '2026-03-01T09:30:00.000Z']
  stamps.forEach((stamp, i) => {
    const mine = i % 3 !== 0
    insert.run(
      newId(),
      mine ? 'agreement' : 'programme',
      mine ? project.id : null,
      i % 2 ? 'fr' : 'nl',
      i < 5 ? 2 : 1,
      `REF-${String(i).padStart(2, '0')}`,
      mine ? 'Convention de subvention' : 'Rapport de programme',
      stamp,
      'a'.repeat(64),
      Buffer.from('%PDF'),
      stamp,
      stamp,
    )
  })
  // A partner's and a project's histories with ties: their own rows and their children's at the same instant.
  const audit = ws.file().sqlite.prepare(
    `INSERT INTO audit_log (id, at, officer_name, officer_email, entity, record_id, parent_id, action, before_json, after_json)
       VALUES (?, ?, 'Élise', NULL, ?, ?, ?, 'update', NULL, '{}')`,
  )
  for (let i = 0; i < 10; i++) {
    const at = i < 6 ? '2026-02-02T12:00:00.000Z' : `2026-02-0${i - 5}T09:00:00.000Z`
    audit.run(newId(), at, 'organisation', caritas.id, null)
    audit.run(newId(), at, 'contact', newId(), caritas.id)
    audit.run(newId(), at, 'project', project.id, null)
    audit.run(newId(), at, 'milestone', newId(), project.id)
  }
  return { ...t, projectId: project.id, partnerId: caritas.id }
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1')

/** Adds attachments to a project through the channel, as the officer does, some of them at the same instant. */
async function attachMany(t: TestWorkspace, projectId: string, count: number): Promise<void> {
  const picked = path.join(t.dir, 'picked')
  fs.mkdirSync(picked, { recursive: true })
  // Half of them added in the same millisecond (the clock held still): the id orders them.
  vi.useFakeTimers({ toFake: ['Date'] })
  onTestFinished(() => {
    vi.useRealTimers()
  })
  for (let i = 0; i < count; i++) {
    vi.setSystemTime(new Date(i % 2 ? '2026-02-03T10:00:00.000Z' : Date.UTC(2026, 1, 1, 0, i)))
    t.dialogs.nextOpenPath = path.join(picked, `piece-${i}.pdf`)
    fs.writeFileSync(t.dialogs.nextOpenPath, Buffer.concat([PDF, Buffer.from(`% ${i}\n`, 'latin1')]))
    await ok(t.ws, 'attachments.add', { owner: { projectId }, values: { kind: 'partner_report', title: `Pièce ${i}`, documentDate: null } })
  }
  vi.useRealTimers()
}

describe('the other lists read a page at a time', () => {
  it('give every call once, newest opening first then by reference, with the count, and each call’s projects and commitment as the money rule says', async () => {
    const { ws } = await busyFile()
    const db = ws.file().db
    for (const q of [undefined, 'appel jumeau', 'amif']) {
      const full = await listCalls(db, q)
      const { ids, first } = await allPages(ws, 'calls.list', q === undefined ? {} : { q })
      expect(ids, String(q)).toEqual(full.map((c) => c.id))
      expect(first.total).toBe(full.length)
    }
    const all = await listCalls(db)
    expect(all.length).toBeGreaterThan(SMALL_PAGE * 2)
    // Newest opening first, then by reference.
    const order = all.map((c) => [c.opensOn, c.reference] as const)
    expect(order).toEqual([...order].sort((a, b) => (a[0] !== b[0] ? (a[0] < b[0] ? 1 : -1) : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0)))
    // Counted and summed in SQL, the same as over the projects list.
    const projects = await listProjects(db, projectQuery.parse({ today: TODAY }), TODAY)
    for (const c of all) {
      const own = projects.filter((p) => p.callId === c.id)
      const committed = own.reduce((s, p) => s + (COMMITTED_STATUSES.includes(p.status) ? p.euCents : p.status === 'terminated' ? p.paidCents : 0), 0)
      expect({ reference: c.reference, count: c.projectCount, committed: c.committedCents }).toEqual({ reference: c.reference, count: own.length, committed })
      expect(await ok(ws, 'calls.get', { id: c.id })).toMatchObject({ projectCount: own.length, committedCents: committed })
    }
    expect(all.some((c) => c.committedCents > 0)).toBe(true)
  })

  it('give the whole register once, newest first and the higher version first, for each filter, with the count', async () => {
    const { ws, projectId } = await busyFile()
    const db = ws.file().db
    const filters = [{}, { projectId }, { kind: 'programme' as const }, { q: 'convention' }, { projectId, kind: 'agreement' as const }]
    for (const filter of filters) {
      const full = await listDocuments(db, filter)
      const { ids, first } = await allPages(ws, 'documents.list', filter)
      expect(ids, JSON.stringify(filter)).toEqual(full.map((d) => d.id))
      expect(first.total).toBe(full.length)
    }
    const full = await listDocuments(db)
    expect(full.length).toBe(16)
    const keys = full.map((d) => `${d.producedAt} ${d.version}`)
    expect(keys).toEqual([...keys].sort().reverse())
  })

  it('give a partner’s and a project’s whole history once, newest first, their own changes and their records’ merged, with the count', async () => {
    const { ws, projectId, partnerId } = await busyFile()
    const db = ws.file().db
    for (const [channel, id] of [
      ['partners.history', partnerId],
      ['projects.history', projectId],
    ] as const) {
      const full = await historyOf(db, id)
      expect(full.length).toBeGreaterThan(20)
      for (const limit of [1, SMALL_PAGE, 7, PAGE_MAX]) {
        const { ids, first } = await allPages(ws, channel, { id }, limit)
        expect(ids, `${channel} ${limit}`).toEqual(full.map((e) => e.id))
        expect(first.total).toBe(full.length)
      }
      const first = await ok(ws, channel, { id, limit: 3 })
      expect(first.rows.map((e) => e.id)).toEqual(full.slice(0, 3).map((e) => e.id))
      // Newest first.
      const at = full.map((e) => e.at)
      expect(at).toEqual([...at].sort().reverse())
    }
  })

  it('give a project’s attachments once, newest first, with the count', async () => {
    const t = await busyFile()
    await attachMany(t, t.projectId, 11)
    const full = await listAttachments(t.ws.file().db, { projectId: t.projectId })
    expect(full).toHaveLength(11)
    const { ids, first } = await allPages(t.ws, 'attachments.list', { projectId: t.projectId })
    expect(ids).toEqual(full.map((a) => a.id))
    expect(first.total).toBe(11)
    expect(new Set(full.map((a) => a.addedAt)).size).toBe(7)
    expect((await ok(t.ws, 'attachments.list', { organisationId: t.partnerId })).total).toBe(0)
  })

  it('answer a page, never more: an oversized page, a cursor of another list or a made-up one is refused as invalid', async () => {
    const t = await busyFile()
    const { ws, projectId, partnerId } = t
    await attachMany(t, projectId, 2)
    const inputs = {
      'calls.list': {},
      'documents.list': {},
      'attachments.list': { projectId },
      'partners.history': { id: partnerId },
      'projects.history': { id: projectId },
      'projects.list': {},
      'milestones.list': {},
      'partners.list': {},
    } as const
    type Any = keyof typeof inputs
    const cursors: Record<string, unknown> = {}
    for (const [channel, input] of Object.entries(inputs) as [Any, ApiInput<Any>][]) {
      const error = await refused(ws, channel, { ...input, limit: PAGE_MAX + 1 })
      expect(error.code).toBe('VALIDATION')
      expect(error.details).toMatchObject({ issues: [{ path: 'limit', message: 'invalid' }] })
      expect((await refused(ws, channel, { ...input, limit: 0 })).code).toBe('VALIDATION')
      expect((await refused(ws, channel, { ...input, after: ['x'] })).code).toBe('VALIDATION')
      const page = (await ok(ws, channel, { ...input, limit: 1 } as ApiInput<Any>)) as ApiOutput<Listed>
      cursors[channel] = page.next
      // Its own cursor reads on.
      expect(((await ok(ws, channel, { ...input, limit: 1, after: page.next } as ApiInput<Any>)) as ApiOutput<Listed>).rows).toHaveLength(1)
    }
    // Each list takes its own cursor and refuses every other list's, whatever its length.
    for (const [channel, input] of Object.entries(inputs) as [Any, ApiInput<Any>][]) {
      for (const [from, cursor] of Object.entries(cursors)) {
        if (from === channel) continue
        const error = await refused(ws, channel, { ...input, after: cursor })
        expect(error.code, `${from} → ${channel}`).toBe('VALIDATION')
        expect(error.details).toMatchObject({ issues: [{ path: 'after', message: 'invalid' }] })
      }
    }
    // A history's cursor is its record's, an owner's attachments' its owner's: another record refuses it.
    const other = await organisationByAcronym(ws, 'Fedasil')
    expect((await refused(ws, 'partners.history', { id: other.id, after: cursors['partners.history'] })).code).toBe('VALIDATION')
    expect((await refused(ws, 'attachments.list', { organisationId: other.id, after: cursors['attachments.list'] })).code).toBe('VALIDATION')
  })
})
