import fs from 'node:fs'
import path from 'node:path'
import ExcelJS from 'exceljs'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { channels, invoke, type ApiInput } from '../../electron/api/index'
import type { Workspace } from '../../electron/api/workspace'
import { expectUntouched, OFFICER, ok, openNewFile, refused, sha256, snapshot, tempDir, testWorkspace } from './helpers'

type OrgInput = ApiInput<'partners.create'>['values']
type ContactInput = ApiInput<'contacts.create'>['values']
type PartnershipInput = ApiInput<'partnerships.create'>['values']

const LIEGE: OrgInput = {
  name: 'Centre d’accueil de Liège',
  acronym: 'CAL',
  kind: 'ngo',
  enterpriseNumber: '0432.658.107',
  street: 'Rue Saint-Léonard 12',
  postcode: '4000',
  city: 'Liège',
  website: 'www.example.org',
  iban: 'BE68 5390 0754 7034',
  bic: 'GKCCBEBB',
  workingLanguages: ['fr', 'ar'],
}
const SIGNATORY: ContactInput = {
  fullName: 'Élise Lambert',
  jobTitle: 'Directrice',
  email: 'elise.lambert@example.org',
  phone: '+32 4 000 00 01',
  preferredLanguage: 'fr',
  canSign: true,
}
const RECEPTION: PartnershipInput = {
  strand: 'reception',
  role: 'implementing_partner',
  startDate: '2024-01-01',
  endDate: '2027-12-31',
  frameworkReference: 'FED/AMIF/2024/AC-07',
  status: 'active',
}

afterEach(() => {
  vi.useRealTimers()
})

/** Sets the clock the handlers stamp records with (so that timestamps differ and order is known). */
function clockAt(iso: string): void {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(new Date(iso))
}

async function openNew(options: Parameters<typeof testWorkspace>[0] = {}) {
  const t = testWorkspace(options)
  await openNewFile(t.ws, path.join(t.dir, 'registry.amif'))
  return t
}

async function counts(ws: Workspace) {
  return (await ok(ws, 'file.info', {})).counts
}

function auditRows(ws: Workspace) {
  return ws.file().sqlite.prepare('SELECT * FROM audit_log ORDER BY at, rowid').all() as {
    at: string
    officer_name: string
    officer_email: string | null
    entity: string
    record_id: string
    parent_id: string | null
    action: string
    before_json: string | null
    after_json: string | null
  }[]
}

/** Makes every audit insert fail on this connection: a change must then leave no trace. */
function refuseAuditWrites(ws: Workspace): void {
  ws.file().sqlite.exec(`CREATE TEMP TRIGGER refuse_audit BEFORE INSERT ON main.audit_log
    BEGIN SELECT RAISE(ABORT, 'audit log refused (test)'); END`)
}

describe('the API wrapper', () => {
  it('refuses an unknown channel, including names inherited from Object', async () => {
    const { ws } = await openNew()
    for (const name of ['partners.drop', '', 'constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      expect((await refused(ws, name, {})).code, name).toBe('UNKNOWN_CHANNEL')
    }
    expect((await refused(ws, 42, {})).code).toBe('UNKNOWN_CHANNEL')
  })

  it('refuses file channels with NO_FILE_OPEN before a file is open', async () => {
    const { ws } = testWorkspace()
    expect((await refused(ws, 'partners.list', {})).code).toBe('NO_FILE_OPEN')
    expect((await refused(ws, 'file.info', {})).code).toBe('NO_FILE_OPEN')
    expect((await refused(ws, 'partners.create', { values: LIEGE })).code).toBe('NO_FILE_OPEN')
    expect((await ok(ws, 'app.state', {})).file).toBeNull()
  })

  it('refuses changes with OFFICER_REQUIRED until the officer has said who they are', async () => {
    const { ws } = await openNew({ officer: null })
    expect((await refused(ws, 'partners.create', { values: LIEGE })).code).toBe('OFFICER_REQUIRED')
    expect((await refused(ws, 'demo.load', {})).code).toBe('OFFICER_REQUIRED')
    expect(await counts(ws)).toEqual({ organisations: 0, contacts: 0, partnerships: 0, calls: 0, projects: 0, milestones: 0, payments: 0, auditEntries: 0 })

    expect((await refused(ws, 'app.setOfficer', { name: '  ', email: 'not-an-email' })).details).toEqual({
      issues: [
        { path: 'name', message: 'required' },
        { path: 'email', message: 'email' },
      ],
    })
    await ok(ws, 'app.setOfficer', { name: 'Jan Peeters', email: '' })
    expect(ws.settings().officer).toEqual({ name: 'Jan Peeters', email: null })
    const org = await ok(ws, 'partners.create', { values: LIEGE })
    expect(org.updatedBy).toBe('Jan Peeters')
    expect(auditRows(ws).map((r) => [r.officer_name, r.officer_email])).toEqual([['Jan Peeters', null]])
  })
})

describe('invalid input', () => {
  it('is refused with VALIDATION, field by field, and nothing is written', async () => {
    const { ws } = await openNew()
    const org = await ok(ws, 'partners.create', { values: LIEGE })
    const before = await counts(ws)
    const hash = sha256(ws.file().path)

    const cases: [string, unknown, { path: string; message: string }[]][] = [
      [
        'partners.create',
        { values: { ...LIEGE, name: '   ', enterpriseNumber: '0432.658.108', iban: 'BE68 5390 0754 7035', kind: 'club' } },
        [
          { path: 'values.name', message: 'required' },
          { path: 'values.kind', message: 'required' },
          { path: 'values.enterpriseNumber', message: 'enterpriseNumber' },
          { path: 'values.iban', message: 'iban' },
        ],
      ],
      ['partners.create', { values: { ...LIEGE, name: 'x'.repeat(201) } }, [{ path: 'values.name', message: 'tooLong' }]],
      ['partners.create', { values: { ...LIEGE, website: 'ftp://example.org' } }, [{ path: 'values.website', message: 'url' }]],
      ['partners.update', { id: 'not-a-uuid', values: LIEGE }, [{ path: 'id', message: 'id' }]],
      [
        'contacts.create',
        { organisationId: org.id, values: { ...SIGNATORY, email: 'elise@', phone: 'call me' } },
        [
          { path: 'values.email', message: 'email' },
          { path: 'values.phone', message: 'phone' },
        ],
      ],
      [
        'partnerships.create',
        { organisationId: org.id, values: { ...RECEPTION, startDate: '2025-06-01', endDate: '2024-12-31' } },
        [{ path: 'values.endDate', message: 'endBeforeStart' }],
      ],
      ['partnerships.create', { organisationId: org.id, values: { ...RECEPTION, startDate: '2025-02-30' } }, [{ path: 'values.startDate', message: 'date' }]],
    ]
    for (const [channel, input, issues] of cases) {
      const error = await refused(ws, channel, input)
      expect(error.code, channel).toBe('VALIDATION')
      expect((error.details as { issues: unknown[] }).issues, channel).toEqual(expect.arrayContaining(issues))
      expect((error.details as { issues: unknown[] }).issues.length, channel).toBe(issues.length)
    }
    // Wrong shapes are refused too, never a crash.
    for (const input of [null, 'x', [], { values: null }, { values: LIEGE, extra: { deep: 1 } }]) {
      const result = await invoke(ws, 'contacts.create', input)
      expect(result.ok).toBe(false)
    }
    expect((await refused(ws, 'partners.list', { sort: { field: 'password', direction: 'asc' } })).code).toBe('VALIDATION')

    expect(await counts(ws)).toEqual(before)
    expect(sha256(ws.file().path)).toBe(hash)
  })
})

describe('a read-only file', () => {
  it('refuses every channel that writes with READ_ONLY and stays byte-identical', async () => {
    const setup = await openNew()
    const org = await ok(setup.ws, 'partners.create', { values: LIEGE })
    const contact = await ok(setup.ws, 'contacts.create', { organisationId: org.id, values: SIGNATORY })
    const partnership = await ok(setup.ws, 'partnerships.create', { organisationId: org.id, values: RECEPTION })
    const filePath = setup.ws.file().path
    await setup.ws.close()

    // A valid input for each writing channel: the refusal must come from READ_ONLY, not validation.
    const samples: Record<string, unknown> = {
      'demo.load': {},
      'partners.create': { values: { ...LIEGE, enterpriseNumber: null } },
      'partners.update': { id: org.id, values: { ...LIEGE, name: 'Renamed' } },
      'partners.setArchived': { id: org.id, archived: true },
      'partners.delete': { id: org.id },
      'contacts.create': { organisationId: org.id, values: SIGNATORY },
      'contacts.update': { id: contact.id, values: { ...SIGNATORY, canSign: false } },
      'contacts.delete': { id: contact.id },
      'partnerships.create': { organisationId: org.id, values: RECEPTION },
      'partnerships.update': { id: partnership.id, values: { ...RECEPTION, status: 'ended' } },
      'partnerships.delete': { id: partnership.id },
    }
    // The registry's writing channels (tests/unit/projects-api.test.ts covers the projects' ones).
    const writing = Object.entries(channels)
      .filter(([name, c]) => c.writesFile && /^(demo|partners|contacts|partnerships)\./.test(name))
      .map(([name]) => name)
    expect(Object.keys(samples).sort()).toEqual(writing.sort())

    const before = snapshot(filePath)
    const { ws } = testWorkspace({ dir: setup.dir })
    await ws.open(filePath, { readOnly: true })
    expect((await ok(ws, 'file.info', {})).readOnly).toBe(true)
    for (const [channel, input] of Object.entries(samples)) {
      expect((await refused(ws, channel, input)).code, channel).toBe('READ_ONLY')
    }
    // Reading works.
    expect((await ok(ws, 'partners.get', { id: org.id })).contacts).toHaveLength(1)
    expect((await ok(ws, 'partners.history', { id: org.id })).rows).toHaveLength(3)
    await ws.close()
    expectUntouched(filePath, before)
  })
})

describe('the partner registry', () => {
  it('saves a partner and finds it again by accent-insensitive name, city, acronym or enterprise number', async () => {
    const { ws } = await openNew()
    const created = await ok(ws, 'partners.create', { values: LIEGE })
    await ok(ws, 'partners.create', { values: { name: 'CPAS de Namur', kind: 'public_authority', city: 'Namur', enterpriseNumber: '0216.894.770' } })
    expect(created).toMatchObject({
      name: 'Centre d’accueil de Liège',
      enterpriseNumber: '0432658107',
      iban: 'BE68539007547034',
      website: 'https://www.example.org',
      country: 'BE',
      archived: false,
      updatedBy: OFFICER.name,
    })
    expect(await ok(ws, 'partners.get', { id: created.id })).toMatchObject({ ...created, contacts: [], partnerships: [] })

    const find = async (search: string) => (await ok(ws, 'partners.list', { search })).rows.map((r) => r.name)
    for (const search of ['liege', 'LIÈGE', 'Liege', 'accueil de li', 'cal', '0432658107', '0432.658.107', 'BE 0432 658 107', '658.107']) {
      expect(await find(search), search).toEqual(['Centre d’accueil de Liège'])
    }
    expect(await find('namur')).toEqual(['CPAS de Namur'])
    expect(await find('antwerpen')).toEqual([])
    // LIKE wildcards typed by the officer are literal.
    expect(await find('%')).toEqual([])
    expect(await find('_')).toEqual([])
    expect(await find('')).toHaveLength(2)
    const row = (await ok(ws, 'partners.list', { search: 'liege' })).rows[0]
    expect(row).toMatchObject({ enterpriseNumberDisplay: '0432.658.107', city: 'Liège', contacts: 0, signatories: 0, strands: [] })
  })

  it('filters by kind, strand and archived, and sorts by any column', async () => {
    const { ws } = await openNew()
    const make = async (name: string, kind: OrgInput['kind'], city: string, strands: PartnershipInput['strand'][]) => {
      const org = await ok(ws, 'partners.create', { values: { name, kind, city } })
      for (const strand of strands) await ok(ws, 'partnerships.create', { organisationId: org.id, values: { ...RECEPTION, strand } })
      return org
    }
    await make('Delta Formation', 'training_operator', 'Namur', ['integration'])
    await make('Élan Accueil', 'ngo', 'Liège', ['reception', 'voluntary_return'])
    const fox = await make('Fox Return', 'international_organisation', 'Bruxelles', ['voluntary_return', 'resettlement'])
    await make('alpha ILA', 'local_reception_initiative', 'Gembloux', [])
    await ok(ws, 'partners.setArchived', { id: fox.id, archived: true })

    const names = async (q: ApiInput<'partners.list'>) => (await ok(ws, 'partners.list', q)).rows.map((r) => r.name)
    // Default: active ones, by name, accents and case ignored.
    expect(await names({})).toEqual(['alpha ILA', 'Delta Formation', 'Élan Accueil'])
    expect(await names({ archived: 'all' })).toEqual(['alpha ILA', 'Delta Formation', 'Élan Accueil', 'Fox Return'])
    expect(await names({ archived: 'archived' })).toEqual(['Fox Return'])
    expect(await names({ kinds: ['ngo', 'training_operator'] })).toEqual(['Delta Formation', 'Élan Accueil'])
    expect(await names({ strands: ['voluntary_return'], archived: 'all' })).toEqual(['Élan Accueil', 'Fox Return'])
    expect(await names({ strands: ['voluntary_return'] })).toEqual(['Élan Accueil'])
    expect(await names({ strands: ['resettlement', 'integration'], archived: 'all' })).toEqual(['Delta Formation', 'Fox Return'])
    expect(await names({ kinds: ['ngo'], strands: ['integration'] })).toEqual([])
    expect(await names({ sort: { field: 'name', direction: 'desc' } })).toEqual(['Élan Accueil', 'Delta Formation', 'alpha ILA'])
    expect(await names({ sort: { field: 'city', direction: 'asc' }, archived: 'all' })).toEqual([
      'Fox Return', // Bruxelles
      'alpha ILA', // Gembloux
      'Élan Accueil', // Liège
      'Delta Formation', // Namur
    ])
    expect(await names({ sort: { field: 'kind', direction: 'asc' } })).toEqual(['alpha ILA', 'Élan Accueil', 'Delta Formation'])

    const list = await ok(ws, 'partners.list', { archived: 'all' })
    expect(list.total).toBe(4)
    expect(list.rows.find((r) => r.name === 'Élan Accueil')!.strands.sort()).toEqual(['reception', 'voluntary_return'])
    expect(list.rows.find((r) => r.name === 'Fox Return')!.archived).toBe(true)
  })

  it('refuses an update based on a stale copy with STALE, keeping the newer values', async () => {
    const { ws } = await openNew()
    clockAt('2025-03-01T09:00:00.000Z')
    const org = await ok(ws, 'partners.create', { values: LIEGE })
    const contact = await ok(ws, 'contacts.create', { organisationId: org.id, values: SIGNATORY })
    const partnership = await ok(ws, 'partnerships.create', { organisationId: org.id, values: RECEPTION })

    clockAt('2025-03-01T09:05:00.000Z')
    const colleague = await ok(ws, 'partners.update', { id: org.id, expectedUpdatedAt: org.updatedAt, values: { ...LIEGE, acronym: 'CALg' } })
    expect(colleague.updatedAt).toBe('2025-03-01T09:05:00.000Z')
    const stale = await refused(ws, 'partners.update', { id: org.id, expectedUpdatedAt: org.updatedAt, values: { ...LIEGE, acronym: 'OLD' } })
    expect(stale).toMatchObject({ code: 'STALE', details: { id: org.id, updatedAt: colleague.updatedAt } })
    expect((await ok(ws, 'partners.get', { id: org.id })).acronym).toBe('CALg')

    await ok(ws, 'contacts.update', { id: contact.id, expectedUpdatedAt: contact.updatedAt, values: { ...SIGNATORY, jobTitle: 'Présidente' } })
    expect((await refused(ws, 'contacts.update', { id: contact.id, expectedUpdatedAt: contact.updatedAt, values: SIGNATORY })).code).toBe('STALE')
    await ok(ws, 'partnerships.update', { id: partnership.id, expectedUpdatedAt: partnership.updatedAt, values: { ...RECEPTION, status: 'suspended' } })
    expect((await refused(ws, 'partnerships.update', { id: partnership.id, expectedUpdatedAt: partnership.updatedAt, values: RECEPTION })).code).toBe('STALE')
    const detail = await ok(ws, 'partners.get', { id: org.id })
    expect(detail.contacts[0].jobTitle).toBe('Présidente')
    expect(detail.partnerships[0].status).toBe('suspended')
    // An unknown record is NOT_FOUND, not a crash.
    expect((await refused(ws, 'partners.update', { id: '00000000-0000-4000-8000-000000000000', values: LIEGE })).code).toBe('NOT_FOUND')
  })

  it('refuses a second organisation with the same enterprise number with DUPLICATE', async () => {
    const { ws } = await openNew()
    const first = await ok(ws, 'partners.create', { values: LIEGE })
    const before = await counts(ws)
    const dup = await refused(ws, 'partners.create', { values: { ...LIEGE, name: 'Autre ASBL', enterpriseNumber: 'BE 0432 658 107' } })
    expect(dup).toMatchObject({ code: 'DUPLICATE', details: { field: 'enterpriseNumber', existingId: first.id, existingName: LIEGE.name } })
    expect(await counts(ws)).toEqual(before)

    const other = await ok(ws, 'partners.create', { values: { name: 'Autre ASBL', kind: 'ngo', enterpriseNumber: '0765.432.146' } })
    expect((await refused(ws, 'partners.update', { id: other.id, values: { name: 'Autre ASBL', kind: 'ngo', enterpriseNumber: '0432658107' } })).code).toBe(
      'DUPLICATE',
    )
    // Saving an organisation with its own number is not a duplicate; several without a number are fine.
    await ok(ws, 'partners.update', { id: first.id, values: { ...LIEGE, notes: 'ok' } })
    await ok(ws, 'partners.create', { values: { name: 'Sans numéro 1', kind: 'other' } })
    await ok(ws, 'partners.create', { values: { name: 'Sans numéro 2', kind: 'other' } })
  })

  it('archives and restores a partner, with history', async () => {
    const { ws } = await openNew()
    const org = await ok(ws, 'partners.create', { values: LIEGE })
    const archived = await ok(ws, 'partners.setArchived', { id: org.id, archived: true })
    expect(archived.archived).toBe(true)
    expect((await ok(ws, 'partners.list', {})).rows).toEqual([])
    // Archiving again changes nothing and writes no history.
    await ok(ws, 'partners.setArchived', { id: org.id, archived: true })
    const restored = await ok(ws, 'partners.setArchived', { id: org.id, archived: false })
    expect(restored.archived).toBe(false)
    expect((await ok(ws, 'partners.list', {})).rows.map((r) => r.id)).toEqual([org.id])
    const actions = auditRows(ws).map((r) => r.action)
    expect(actions).toEqual(['create', 'archive', 'restore'])
  })

  it('deletes a partner only when nothing refers to it, and its contacts with it', async () => {
    const { ws } = await openNew()
    const org = await ok(ws, 'partners.create', { values: LIEGE })
    const contact = await ok(ws, 'contacts.create', { organisationId: org.id, values: SIGNATORY })
    const partnership = await ok(ws, 'partnerships.create', { organisationId: org.id, values: RECEPTION })

    const refusedDelete = await refused(ws, 'partners.delete', { id: org.id })
    expect(refusedDelete).toMatchObject({ code: 'PARTNER_REFERENCED', details: { id: org.id, references: { partnerships: 1 } } })
    expect((await ok(ws, 'partners.get', { id: org.id })).references).toEqual({ partnerships: 1, projects: 0 })
    expect(await counts(ws)).toMatchObject({ organisations: 1, contacts: 1, partnerships: 1 })

    await ok(ws, 'partnerships.delete', { id: partnership.id })
    expect(await ok(ws, 'partners.delete', { id: org.id })).toEqual({ deleted: org.id })
    expect(await counts(ws)).toMatchObject({ organisations: 0, contacts: 0, partnerships: 0 })
    expect((await refused(ws, 'partners.get', { id: org.id })).code).toBe('NOT_FOUND')

    const deletes = auditRows(ws).filter((r) => r.action === 'delete')
    expect(deletes.map((r) => [r.entity, r.record_id])).toEqual([
      ['partnership', partnership.id],
      ['contact', contact.id],
      ['organisation', org.id],
    ])
    expect(JSON.parse(deletes[1].before_json!)).toMatchObject({ fullName: SIGNATORY.fullName })
    expect(JSON.parse(deletes[2].before_json!)).toMatchObject({ name: LIEGE.name })
    // The history of a deleted partner stays readable.
    expect((await ok(ws, 'partners.history', { id: org.id })).rows.map((e) => e.action)).toContain('delete')
  })
})

describe('the audit log', () => {
  it('records who, when, which record, what action and the values before and after', async () => {
    const { ws } = await openNew()
    clockAt('2025-04-01T08:00:00.000Z')
    const org = await ok(ws, 'partners.create', { values: LIEGE })
    clockAt('2025-04-01T08:01:00.000Z')
    const updated = await ok(ws, 'partners.update', { id: org.id, values: { ...LIEGE, name: 'Centre d’accueil de Liège-Guillemins' } })

    const [create, update] = auditRows(ws)
    expect(create).toMatchObject({
      at: '2025-04-01T08:00:00.000Z',
      officer_name: OFFICER.name,
      officer_email: OFFICER.email,
      entity: 'organisation',
      record_id: org.id,
      parent_id: null,
      action: 'create',
      before_json: null,
    })
    expect(JSON.parse(create.after_json!)).toEqual(org)
    expect(update).toMatchObject({ at: '2025-04-01T08:01:00.000Z', action: 'update', record_id: org.id })
    expect(JSON.parse(update.before_json!)).toEqual(org)
    expect(JSON.parse(update.after_json!)).toEqual(updated)
    expect(updated.updatedAt).toBe(update.at)
  })

  it('is written in the same transaction as the change: no audit row, no change', async () => {
    const { ws } = await openNew()
    const org = await ok(ws, 'partners.create', { values: LIEGE })
    const contact = await ok(ws, 'contacts.create', { organisationId: org.id, values: SIGNATORY })
    const before = await counts(ws)
    refuseAuditWrites(ws)

    const attempts: [string, unknown][] = [
      ['partners.create', { values: { name: 'Sans trace', kind: 'ngo' } }],
      ['partners.update', { id: org.id, values: { ...LIEGE, name: 'Renamed' } }],
      ['partners.setArchived', { id: org.id, archived: true }],
      ['contacts.create', { organisationId: org.id, values: { ...SIGNATORY, fullName: 'Autre' } }],
      ['contacts.update', { id: contact.id, values: { ...SIGNATORY, canSign: false } }],
      ['contacts.delete', { id: contact.id }],
      ['partnerships.create', { organisationId: org.id, values: RECEPTION }],
      ['demo.load', {}],
    ]
    for (const [channel, input] of attempts) {
      const error = await refused(ws, channel, input)
      expect(error.code, channel).toBe(channel === 'demo.load' ? 'FILE_NOT_EMPTY' : 'INTERNAL')
    }
    expect(await counts(ws)).toEqual(before)
    const detail = await ok(ws, 'partners.get', { id: org.id })
    expect(detail).toMatchObject({ name: LIEGE.name, archived: false })
    expect(detail.contacts).toEqual([contact])
    expect(ws.file().sqlite.inTransaction).toBe(false)
  })

  it('gives a partner its history, newest first, with its contacts and partnerships', async () => {
    const { ws } = await openNew()
    clockAt('2025-05-01T10:00:00.000Z')
    const org = await ok(ws, 'partners.create', { values: LIEGE })
    const other = await ok(ws, 'partners.create', { values: { name: 'Autre', kind: 'other' } })
    clockAt('2025-05-01T10:01:00.000Z')
    const contact = await ok(ws, 'contacts.create', { organisationId: org.id, values: SIGNATORY })
    await ok(ws, 'contacts.create', { organisationId: other.id, values: SIGNATORY })
    clockAt('2025-05-01T10:02:00.000Z')
    const partnership = await ok(ws, 'partnerships.create', { organisationId: org.id, values: RECEPTION })
    clockAt('2025-05-01T10:03:00.000Z')
    await ok(ws, 'partners.update', { id: org.id, values: { ...LIEGE, acronym: 'CAL2' } })
    clockAt('2025-05-01T10:04:00.000Z')
    await ok(ws, 'contacts.update', { id: contact.id, values: { ...SIGNATORY, phone: '+32 4 000 00 02' } })
    clockAt('2025-05-01T10:05:00.000Z')
    await ok(ws, 'partnerships.update', { id: partnership.id, values: { ...RECEPTION, status: 'ended' } })

    const history = (await ok(ws, 'partners.history', { id: org.id })).rows
    expect(history.map((e) => [e.at.slice(11, 16), e.entity, e.action])).toEqual([
      ['10:05', 'partnership', 'update'],
      ['10:04', 'contact', 'update'],
      ['10:03', 'organisation', 'update'],
      ['10:02', 'partnership', 'create'],
      ['10:01', 'contact', 'create'],
      ['10:00', 'organisation', 'create'],
    ])
    expect(history.every((e) => e.officerName === OFFICER.name && e.officerEmail === OFFICER.email)).toBe(true)
    expect(history[1]).toMatchObject({ recordId: contact.id, parentId: org.id })
    expect(history[1].before).toMatchObject({ phone: SIGNATORY.phone })
    expect(history[1].after).toMatchObject({ phone: '+32 4 000 00 02' })
    expect((await ok(ws, 'partners.history', { id: other.id })).rows.map((e) => e.entity)).toEqual(['contact', 'organisation'])
  })
})

describe('export of the visible rows', () => {
  const columns = [
    { key: 'name', label: 'Nom' },
    { key: 'kind', label: 'Type' },
    { key: 'enterpriseNumber', label: 'N° d’entreprise' },
    { key: 'city', label: 'Localité' },
    { key: 'strands', label: 'Volets' },
    { key: 'signatories', label: 'Signataires' },
  ]
  const labels = {
    kind: { ngo: 'ONG', public_authority: 'Autorité publique', training_operator: 'Opérateur de formation' },
    strand: { reception: 'Accueil', integration: 'Intégration' },
  }

  async function registry() {
    const t = await openNew()
    const { ws } = t
    const a = await ok(ws, 'partners.create', { values: LIEGE })
    await ok(ws, 'contacts.create', { organisationId: a.id, values: SIGNATORY })
    await ok(ws, 'partnerships.create', { organisationId: a.id, values: RECEPTION })
    const b = await ok(ws, 'partners.create', { values: { name: 'Lire, Écrire & "Parler" ASBL', kind: 'training_operator', city: 'Bruxelles' } })
    await ok(ws, 'partnerships.create', { organisationId: b.id, values: { ...RECEPTION, strand: 'integration' } })
    await ok(ws, 'partners.create', { values: { name: 'CPAS de Namur', kind: 'public_authority', city: 'Namur' } })
    const archived = await ok(ws, 'partners.create', { values: { name: 'Ancien partenaire', kind: 'ngo', city: 'Arlon' } })
    await ok(ws, 'partners.setArchived', { id: archived.id, archived: true })
    return t
  }
  const query = { sort: { field: 'city' as const, direction: 'desc' as const } }

  it('writes an Excel workbook with the rows the list shows, in its order', async () => {
    const { ws, dir, dialogs } = await registry()
    const target = path.join(dir, 'partenaires.xlsx')
    dialogs.nextSavePath = target
    const result = await ok(ws, 'partners.export', { format: 'xlsx', query, title: 'Partenaires', defaultName: 'partenaires', columns, labels })
    expect(result).toEqual({ path: target, rows: 3 })
    expect(dialogs.saveRequests[0]).toMatchObject({ defaultName: 'partenaires.xlsx', filters: [{ extensions: ['xlsx'] }] })

    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.readFile(target)
    const sheet = workbook.worksheets[0]
    expect(sheet.name).toBe('Partenaires')
    const cells = (n: number) => columns.map((_, i) => sheet.getRow(n).getCell(i + 1).value)
    const visible = (await ok(ws, 'partners.list', query)).rows.map((r) => r.name)
    expect(visible).toEqual(['CPAS de Namur', 'Centre d’accueil de Liège', 'Lire, Écrire & "Parler" ASBL'])
    expect(sheet.rowCount).toBe(4)
    expect(cells(1)).toEqual(columns.map((c) => c.label))
    expect(cells(2)).toEqual(['CPAS de Namur', 'Autorité publique', null, 'Namur', null, 0])
    expect(cells(3)).toEqual(['Centre d’accueil de Liège', 'ONG', '0432.658.107', 'Liège', 'Accueil', 1])
    expect(cells(4)).toEqual(['Lire, Écrire & "Parler" ASBL', 'Opérateur de formation', null, 'Bruxelles', 'Intégration', 0])
  })

  it('writes a CSV file (UTF-8 with BOM, `;` in French as Belgian Excel expects, quoted where needed) with the same rows', async () => {
    const { ws, dir, dialogs } = await registry()
    const target = path.join(dir, 'partenaires.csv')
    dialogs.nextSavePath = target
    const result = await ok(ws, 'partners.export', {
      format: 'csv',
      query: { ...query, search: 'e' },
      title: 'Partenaires',
      defaultName: 'partenaires',
      columns,
      labels,
    })
    expect(result).toEqual({ path: target, rows: 3 })
    expect(fs.readFileSync(target, 'utf8')).toBe(
      '\uFEFF' +
        'Nom;Type;N° d’entreprise;Localité;Volets;Signataires\n' +
        'CPAS de Namur;Autorité publique;;Namur;;0\n' +
        'Centre d’accueil de Liège;ONG;0432.658.107;Liège;Accueil;1\n' +
        '"Lire, Écrire & ""Parler"" ASBL";Opérateur de formation;;Bruxelles;Intégration;0\n',
    )
    // In English, the comma Excel expects there.
    await ok(ws, 'partners.export', { format: 'csv', query, title: 'Partners', defaultName: 'partners', columns: columns.slice(0, 3), labels, language: 'en' })
    expect(fs.readFileSync(target, 'utf8')).toBe(
      '\uFEFF' +
        'Nom,Type,N° d’entreprise\n' +
        'CPAS de Namur,Autorité publique,\n' +
        'Centre d’accueil de Liège,ONG,0432.658.107\n' +
        '"Lire, Écrire & ""Parler"" ASBL",Opérateur de formation,\n',
    )
  })

  it('writes nothing and returns null when the officer cancels the dialog', async () => {
    const { ws, dir, dialogs } = await registry()
    dialogs.nextSavePath = null
    const before = fs.readdirSync(dir).sort()
    expect(await ok(ws, 'partners.export', { format: 'xlsx', query, title: 'Partenaires', defaultName: 'p', columns, labels })).toBeNull()
    expect(fs.readdirSync(dir).sort()).toEqual(before)
    expect(dialogs.saveRequests).toHaveLength(1)
  })
})

describe('temp folders', () => {
  it('are removed after each test', () => {
    const dir = tempDir()
    expect(fs.existsSync(dir)).toBe(true)
  })
})
