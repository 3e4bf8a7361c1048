/**
 * Typed persistence (issue 12 §2): the record writer takes each table's own columns, so a misspelt
 * column or a value outside a closed vocabulary does not compile. The `@ts-expect-error` lines are
 * checked by the typecheck (tsc fails when the line they mark compiles); at run time SQLite refuses
 * the same writes, and nothing is changed.
 */
import path from 'node:path'
import { describe, expect, expectTypeOf, it } from 'vitest'
import { createAmifFile } from '../../database/file'
import { insertRecord, updateRecord, type NewRecord, type RecordChanges, type RecordTarget } from '../../database/records'
import type { Strand } from '../../database/domain/vocabulary'
import { APP_VERSION, OFFICER, tempDir } from './helpers'

const CALL: RecordTarget<'calls'> = { table: 'calls', entity: 'call', parentId: null }
const call = {
  reference: 'AMIF/2026/01',
  title: 'Accueil 2026',
  strand: 'reception',
  objective_code: 'SO2',
  opens_on: '2026-01-05',
  closes_on: '2026-03-31',
  envelope_cents: 150_000_00,
  notes: null,
} satisfies NewRecord<'calls'>

describe('the record writer takes the columns of its table', () => {
  it('knows each table’s columns and their closed vocabularies', () => {
    expectTypeOf<NewRecord<'calls'>>().toHaveProperty('envelope_cents')
    expectTypeOf<NewRecord<'calls'>>().not.toHaveProperty('envelope_cent')
    expectTypeOf<NewRecord<'calls'>['strand']>().toEqualTypeOf<Strand>()
    // The writer stamps a record itself.
    expectTypeOf<RecordChanges<'calls'>>().not.toHaveProperty('updated_by')
  })

  it('refuses a misspelt column or an unknown strand, in the typecheck and in the file', async () => {
    const file = createAmifFile(path.join(tempDir(), 'typed.amif'), { appVersion: APP_VERSION })
    try {
      const id = await file.db.transaction().execute((trx) => insertRecord(trx, OFFICER, CALL, call))
      await expect(
        // @ts-expect-error `envelope_cent` is not a column of calls
        file.db.transaction().execute((trx) => updateRecord(trx, OFFICER, CALL, id, { envelope_cent: 1 })),
      ).rejects.toThrow(/envelope_cent/)
      await expect(
        // @ts-expect-error `asylum` is not a strand
        file.db.transaction().execute((trx) => insertRecord(trx, OFFICER, CALL, { ...call, reference: 'AMIF/2026/02', strand: 'asylum' })),
      ).rejects.toThrow(/CHECK/)
      const rows = await file.db.selectFrom('calls').select(['reference', 'strand', 'envelope_cents']).execute()
      expect(rows).toEqual([{ reference: 'AMIF/2026/01', strand: 'reception', envelope_cents: 150_000_00 }])
    } finally {
      await file.close()
    }
  })
})
