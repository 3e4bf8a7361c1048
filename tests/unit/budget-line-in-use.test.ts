import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { openNewFile, refused, testWorkspace } from './helpers'

describe('a budget line a claim declares against', () => {
  it('cannot be removed from the budget: IN_USE with a clear message, the line and its claim lines kept', async () => {
    const t = testWorkspace()
    await openNewFile(t.ws, path.join(t.dir, 'budget.amif'), { demo: true })
    const db = t.ws.file().db
    const used = await db.selectFrom('claim_lines').select('budget_line_id').limit(1).executeTakeFirstOrThrow()
    const count = async () => (await db.selectFrom('claim_lines').select('id').where('budget_line_id', '=', used.budget_line_id).execute()).length
    const before = await count()
    expect(await refused(t.ws, 'budget.deleteLine', { id: used.budget_line_id })).toMatchObject({ code: 'IN_USE' })
    expect(await db.selectFrom('budget_lines').select('id').where('id', '=', used.budget_line_id).executeTakeFirst()).toBeDefined()
    expect(await count()).toBe(before)
    await t.ws.close()
  })
})
