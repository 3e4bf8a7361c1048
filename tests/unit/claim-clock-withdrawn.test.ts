import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ok, openNewFile, testWorkspace } from './helpers'

describe('a withdrawn claim in the lists', () => {
  it('is never shown late on the 80-day clock, however long ago it was submitted', async () => {
    const t = testWorkspace()
    await openNewFile(t.ws, path.join(t.dir, 'withdrawn.amif'), { demo: true })
    const list = await ok(t.ws, 'claims.list', { status: ['withdrawn'], today: '2031-02-28' })
    expect(list.rows.length).toBeGreaterThan(0)
    for (const row of list.rows) expect(row.clock.overdue, row.reference ?? row.id).toBe(false)
    await t.ws.close()
  })
})
