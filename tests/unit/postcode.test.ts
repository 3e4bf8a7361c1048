import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { grantorValues } from '../../database/domain/schemas/documents'
import { organisationValues } from '../../database/domain/schemas/partners'
import { applyMerge } from '../../database/merge'
import { mergePair, OFFICER, ok, openNewFile, refused, testWorkspace, writeAsAttacker } from './helpers'

/**
 * A Belgian postcode is four digits, 1000 to 9999 (issue 14): the partner form and the grantor
 * profile refuse anything else for Belgium, other countries keep free postcodes, and files that
 * already hold another form (a colleague's, an older one) still open and merge.
 */

const ORG = { name: 'Centre d’accueil de Liège', kind: 'ngo' as const }
const GRANTOR = { nameFr: 'Fedasil', signatoryName: 'A. Dupont', signatoryTitleFr: 'Directeur' }

const postcodeIssue = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  result.error?.issues.find((i) => i.path.join('.') === 'postcode')?.message ?? null

describe('a Belgian postcode', () => {
  it.each([
    ['organisation', organisationValues, ORG],
    ['grantor', grantorValues, GRANTOR],
  ] as const)('is four digits from 1000 to 9999 in the %s form; other countries are free', (_, schema, base) => {
    for (const postcode of ['123', '0999', '12345', 'B-1000', '1000a', '1 000']) {
      expect(postcodeIssue(schema.safeParse({ ...base, country: 'BE', postcode })), postcode).toBe('postcode')
    }
    // Belgium is the default country, and a lower-case code is Belgium too.
    expect(postcodeIssue(schema.safeParse({ ...base, postcode: '75' }))).toBe('postcode')
    expect(postcodeIssue(schema.safeParse({ ...base, country: 'be', postcode: '75' }))).toBe('postcode')
    for (const postcode of ['1000', '9999', ' 4000 ', '', null]) {
      expect(schema.safeParse({ ...base, country: 'BE', postcode }).success, String(postcode)).toBe(true)
    }
    for (const [country, postcode] of [
      ['FR', '75001'],
      ['NL', '1012 AB'],
      ['MA', '20000'],
      ['LU', 'L-1009'],
    ]) {
      expect(schema.safeParse({ ...base, country, postcode }).success, country).toBe(true)
    }
  })

  it('shows under the postcode even while another field is wrong', () => {
    const result = organisationValues.safeParse({ ...ORG, name: '', country: 'BE', postcode: '99' })
    expect(result.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['name', 'required'],
      ['postcode', 'postcode'],
    ])
  })

  it('is refused by the API on its field, and nothing is written', async () => {
    const { ws, dir } = testWorkspace()
    await openNewFile(ws, path.join(dir, 'postcodes.amif'))
    const error = await refused(ws, 'partners.create', { values: { ...ORG, postcode: 'B-4000' } })
    expect(error.code).toBe('VALIDATION')
    expect((error.details as { issues: unknown[] }).issues).toEqual([expect.objectContaining({ path: 'values.postcode', message: 'postcode' })])
    const grantorError = await refused(ws, 'grantor.save', { values: { ...GRANTOR, postcode: '100' } })
    expect((grantorError.details as { issues: unknown[] }).issues).toEqual([expect.objectContaining({ path: 'values.postcode', message: 'postcode' })])
    expect(ws.file().sqlite.prepare('SELECT count(*) FROM organisations').pluck().get()).toBe(0)
    expect(await ok(ws, 'grantor.get', {})).toBeNull()
    const paris = await ok(ws, 'partners.create', { values: { ...ORG, country: 'FR', postcode: '75001' } })
    expect(paris.postcode).toBe('75001')
  })

  it('a colleague’s file whose organisation holds an older form (B-1000) still merges, the postcode as it is', async () => {
    const { mine, theirs, theirsPath } = await mergePair()
    const org = await ok(theirs, 'partners.create', { values: { ...ORG, postcode: '4000' } })
    await theirs.close()
    writeAsAttacker(theirsPath, (db) => db.prepare("UPDATE organisations SET postcode = 'B-4000' WHERE id = ?").run(org.id))
    const result = await applyMerge(mine.writableFile(), theirsPath, { officer: OFFICER, resolutions: {}, backup: false, prefer: 'theirs' })
    expect(result.refused).toEqual([])
    expect(await ok(mine, 'partners.get', { id: org.id })).toMatchObject({ postcode: 'B-4000', country: 'BE' })
  }, 60_000)
})
