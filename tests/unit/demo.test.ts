import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { isValidEnterpriseNumber, isValidIbanNumber } from '../../database/domain/identifiers'
import { PARTNER_ROLES, PARTNERSHIP_STATUSES, STRANDS } from '../../database/domain/vocabulary'
import type { PartnerDetail } from '../../database/partners'
import { loadDemoData } from '../../database/demo'
import { countRows, demoCounts, OFFICER, ok, refused, testWorkspace } from './helpers'

async function loadedDemo() {
  const t = testWorkspace()
  await t.ws.create(path.join(t.dir, 'demo.amif'))
  const info = await ok(t.ws, 'demo.load', {})
  const rows = (await ok(t.ws, 'partners.list', { archived: 'all' })).rows
  const details: PartnerDetail[] = []
  for (const r of rows) details.push(await ok(t.ws, 'partners.get', { id: r.id }))
  return { ...t, info, rows, details }
}

describe('the demonstration data', () => {
  it('fills an empty file with every record it defines, each with its audit row', async () => {
    const { ws, info } = await loadedDemo()
    const expected = demoCounts()
    expect(info.counts).toEqual(expected)
    // Counted again with a plain connection, not through the code under test.
    const file = ws.file().path
    expect(countRows(file, 'organisations')).toBe(expected.organisations)
    expect(countRows(file, 'contacts')).toBe(expected.contacts)
    expect(countRows(file, 'partnerships')).toBe(expected.partnerships)
    const audit = ws.file().sqlite.prepare('SELECT action, officer_name, count(*) AS n FROM audit_log GROUP BY action, officer_name').all()
    expect(audit).toEqual([{ action: 'create', officer_name: OFFICER.name, n: expected.auditEntries }])
  })

  it('names the organisations of the Belgian AMIF programme', async () => {
    const { rows } = await loadedDemo()
    const label = (r: (typeof rows)[number]) => `${r.name} (${r.acronym ?? ''})`
    const labels = rows.map(label)
    for (const pattern of [
      /Fedasil/,
      /Agence FSE/,
      /SPF Intérieur/,
      /\bOIM\b.*\bIOM\b|\bIOM\b.*\bOIM\b/,
      /Caritas International/,
      /Croix-Rouge de Belgique/,
      /Rode Kruis Vlaanderen/,
      /CPAS/,
    ]) {
      expect(
        labels.some((l) => pattern.test(l)),
        String(pattern),
      ).toBe(true)
    }
    const kinds = new Set(rows.map((r) => r.kind))
    for (const kind of ['international_organisation', 'ngo', 'public_authority', 'local_reception_initiative', 'training_operator']) {
      expect(kinds.has(kind as never), kind).toBe(true)
    }
  })

  it('covers every strand, role and status with 2021-2027 dates and framework references', async () => {
    const { details } = await loadedDemo()
    const partnerships = details.flatMap((d) => d.partnerships)
    expect(new Set(partnerships.map((p) => p.strand))).toEqual(new Set(STRANDS))
    expect(new Set(partnerships.map((p) => p.role))).toEqual(new Set(PARTNER_ROLES))
    expect(new Set(partnerships.map((p) => p.status))).toEqual(new Set(PARTNERSHIP_STATUSES))
    for (const p of partnerships) {
      expect(p.startDate >= '2021-01-01' && p.startDate <= '2027-12-31', p.startDate).toBe(true)
      expect(p.endDate === null || (p.endDate >= p.startDate && p.endDate <= '2027-12-31'), String(p.endDate)).toBe(true)
      expect(p.frameworkReference).toMatch(/^[A-Z]+\/AMIF\/202[1-7]\/[A-Z]+-[A-Z0-9]+$/)
    }
    // The registry list shows the strands of each organisation.
    const fedasil = details.find((d) => d.acronym === 'Fedasil')!
    expect(fedasil.partnerships.map((p) => p.strand).sort()).toEqual(['reception', 'resettlement', 'voluntary_return'])
  })

  it('gives every organisation that receives grants a signatory, and only fictitious contacts', async () => {
    const { details, rows } = await loadedDemo()
    for (const d of details) {
      const receivesGrants = d.partnerships.some((p) => p.role === 'beneficiary' || p.role === 'co_beneficiary')
      if (receivesGrants)
        expect(
          d.contacts.some((c) => c.canSign),
          d.name,
        ).toBe(true)
      expect(d.contacts.length, d.name).toBeGreaterThanOrEqual(1)
      expect(d.contacts.length, d.name).toBeLessThanOrEqual(3)
      for (const c of d.contacts) {
        expect(c.email).toMatch(/^[a-z.-]+@example\.org$/)
        expect(c.phone).toMatch(/^\+\d{2,3} [\d ]+$/)
      }
      if (d.country === 'BE')
        expect(
          d.contacts.every((c) => c.phone!.startsWith('+32 ')),
          d.name,
        ).toBe(true)
    }
    expect(rows.every((r) => r.signatories >= 1)).toBe(true)
  })

  it('uses only valid, distinct identifiers and websites', async () => {
    const { details } = await loadedDemo()
    const numbers = details.map((d) => d.enterpriseNumber).filter((n): n is string => n !== null)
    expect(numbers.length).toBeGreaterThanOrEqual(8)
    expect(new Set(numbers).size).toBe(numbers.length)
    for (const n of numbers) expect(isValidEnterpriseNumber(n), n).toBe(true)
    for (const d of details) {
      if (d.iban) expect(isValidIbanNumber(d.iban), d.iban).toBe(true)
      expect(d.website, d.name).toMatch(/^https:\/\/[a-z0-9.-]+\.[a-z]+$/)
      expect(d.workingLanguages.length, d.name).toBeGreaterThanOrEqual(1)
      expect(d.enterpriseNumber !== null || d.foreignRegistration !== null || d.kind === 'international_organisation', d.name).toBe(true)
    }
  })

  it('exercises accents and a non-Latin script, and is found by accent-insensitive search', async () => {
    const { ws, details } = await loadedDemo()
    const names = details.flatMap((d) => [d.name, d.city ?? '', ...d.contacts.map((c) => c.fullName)])
    expect(names.some((n) => /[éèêàçïœ]/i.test(n))).toBe(true)
    expect(names.some((n) => /\p{Script=Arabic}/u.test(n))).toBe(true)
    const liege = (await ok(ws, 'partners.list', { search: 'liege' })).rows
    expect(liege.length).toBeGreaterThanOrEqual(1)
    expect(liege.every((r) => /Liège/.test(`${r.name} ${r.city}`))).toBe(true)
  })

  it('shows in each partner history where the records came from', async () => {
    const { ws, details } = await loadedDemo()
    const caritas = details.find((d) => d.acronym === 'Caritas')!
    const history = await ok(ws, 'partners.history', { id: caritas.id })
    expect(history).toHaveLength(1 + caritas.contacts.length + caritas.partnerships.length)
    expect(history.every((e) => e.action === 'create' && e.officerName === OFFICER.name)).toBe(true)
  })

  it('goes only into an empty file: FILE_NOT_EMPTY otherwise, nothing added', async () => {
    const { ws, info } = await loadedDemo()
    expect((await refused(ws, 'demo.load', {})).code).toBe('FILE_NOT_EMPTY')
    expect((await ok(ws, 'file.info', {})).counts).toEqual(info.counts)

    const other = testWorkspace()
    await other.ws.create(path.join(other.dir, 'mine.amif'))
    await ok(other.ws, 'partners.create', { values: { name: 'Mon partenaire', kind: 'other' } })
    expect((await refused(other.ws, 'demo.load', {})).code).toBe('FILE_NOT_EMPTY')
    expect((await ok(other.ws, 'file.info', {})).counts).toMatchObject({ organisations: 1, contacts: 0, partnerships: 0 })
  })

  it('is written in one transaction: a failure half-way leaves the file empty', async () => {
    const { ws, dir } = testWorkspace()
    await ws.create(path.join(dir, 'half.amif'))
    // Fail on the fifth partnership, well after the first organisations were written.
    ws.file().sqlite.exec(`CREATE TEMP TRIGGER stop_demo BEFORE INSERT ON main.partnerships
      WHEN (SELECT count(*) FROM main.partnerships) >= 4 BEGIN SELECT RAISE(ABORT, 'stopped (test)'); END`)
    expect((await refused(ws, 'demo.load', {})).message).toMatch(/stopped \(test\)/)
    expect((await ok(ws, 'file.info', {})).counts).toEqual({
      organisations: 0,
      contacts: 0,
      partnerships: 0,
      calls: 0,
      projects: 0,
      milestones: 0,
      payments: 0,
      auditEntries: 0,
    })
  })
})

describe('the demonstration projects', () => {
  it('cover every objective and strand, with milestones done, late and coming, whatever the day they are loaded', async () => {
    for (const today of ['2026-11-23', '2031-02-28']) {
      const t = testWorkspace()
      await t.ws.create(path.join(t.dir, 'demo.amif'))
      await loadDemoData(t.ws.writableFile().db, OFFICER, today)
      const { rows } = await ok(t.ws, 'projects.list', { today })
      expect(new Set(rows.map((r) => r.objectiveCode))).toEqual(new Set(['SO1', 'SO2', 'SO3', 'SO4']))
      expect(new Set(rows.map((r) => r.strand))).toEqual(new Set(['reception', 'resettlement', 'voluntary_return', 'integration']))
      expect(rows.some((r) => r.beneficiaryAcronym === 'OIM / IOM' && r.strand === 'voluntary_return')).toBe(true)
      expect(rows.some((r) => r.beneficiaryAcronym === 'Caritas' && r.strand === 'voluntary_return')).toBe(true)
      const d = await ok(t.ws, 'dashboard.summary', { today })
      expect(d.totals.milestones.done).toBeGreaterThan(0)
      expect(d.attention.lateMilestones.length).toBeGreaterThan(0)
      expect(d.attention.dueSoon.length).toBeGreaterThan(0)
      expect(d.attention.agreementsNotSigned.length).toBeGreaterThan(0)
      expect(d.attention.paymentsDue.length).toBeGreaterThan(0)
      expect(d.attention.red.length).toBeGreaterThan(0)
      await t.ws.close()
    }
  })
})

describe('trying the app with the demonstration data', () => {
  it('puts the demonstration in a file of its own, named as such, and leaves the officer’s working file empty', async () => {
    const { ws } = testWorkspace()
    await ws.openAtStartup()
    const working = ws.file().path
    expect(countRows(working, 'organisations')).toBe(0)

    const info = await ok(ws, 'demo.create', { name: 'AMIF Desk – démonstration' })
    expect(info.name).toBe('AMIF Desk – démonstration.amif')
    expect(path.dirname(info.path)).toBe(path.dirname(working))
    expect(info.counts).toEqual(demoCounts())
    expect(ws.file().path).toBe(info.path)
    expect(countRows(working, 'organisations')).toBe(0)

    // A second demonstration does not replace the first; a name that is not a file name is made one.
    expect((await ok(ws, 'demo.create', { name: 'AMIF Desk – démonstration' })).name).toBe('AMIF Desk – démonstration (2).amif')
    expect((await ok(ws, 'demo.create', { name: '../../demo: essai' })).name).toBe('-..-demo- essai.amif')
    expect((await refused(ws, 'demo.create', { name: '' })).code).toBe('VALIDATION')
  })
})
