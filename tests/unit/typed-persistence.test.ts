/**
 * Typed persistence (issue 12 §2): the record writer takes each table's own columns, so a misspelt
 * column or a value outside a closed vocabulary does not compile; only a command handler reaches a
 * writable database, so a query that writes does not compile either. The `@ts-expect-error` lines are
 * checked by the typecheck (tsc fails when the line they mark compiles); at run time SQLite refuses
 * the same writes, and nothing is changed.
 */
import path from 'node:path'
import { describe, expect, expectTypeOf, it } from 'vitest'
import { z } from 'zod'
import { deleteCall } from '../../database/calls'
import { createAmifFile, openAmifFile } from '../../database/file'
import { command, query } from '../../electron/api/channel'
import { asWritable } from '../../database/writable'
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
    const file = asWritable(createAmifFile(path.join(tempDir(), 'typed.amif'), { appVersion: APP_VERSION }))
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

describe('only command handlers reach a writable database', () => {
  it('gives a query handler no writable file, and the write functions refuse anything else', () => {
    const channels = {
      // Never called: the typecheck reads these handlers.
      reads: query(z.object({ id: z.string() }), async (ctx, { id }) => {
        // @ts-expect-error a query handler is given no writableFile()
        ctx.writableFile()
        // @ts-expect-error a write function requires a WritableDb, which a query never holds
        await deleteCall(ctx.file().db, OFFICER, id)
      }),
      writes: command(z.object({ id: z.string() }), async (ctx, { id }) => deleteCall(ctx.writableFile().db, ctx.officer(), id)),
    }
    expect([channels.reads.writesFile, channels.writes.writesFile]).toEqual([false, true])
  })

  it('refuses write access to a file opened read-only', async () => {
    const filePath = path.join(tempDir(), 'read-only.amif')
    await createAmifFile(filePath, { appVersion: APP_VERSION }).close()
    const file = openAmifFile(filePath, { readOnly: true })
    try {
      expect(() => asWritable(file)).toThrow(expect.objectContaining({ code: 'READ_ONLY' }))
    } finally {
      await file.close()
    }
  })
})
