import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { channels } from '../../electron/api/index'
import { dumpTables, expectUntouched, mergePair, ok, projectByCode, projectEdit, refused, snapshot, testWorkspace } from './helpers'

/** A pair where their side changed a project's title, and my workspace has fake dialogs I steer. */
async function setup() {
  const pair = await mergePair()
  const rv1 = await projectByCode(pair.theirs, 'AMIF-2024-RV-01')
  await ok(pair.theirs, 'projects.update', { id: rv1.id, values: projectEdit(rv1, { title: 'Titre du collègue' }) })
  await pair.theirs.close()
  return { ...pair, projectId: rv1.id }
}

describe('merge channels', () => {
  it('merge.preview asks for the colleague’s file; cancelled, it returns { cancelled: true } and keeps nothing', async () => {
    const { mine, dialogs } = await setup()
    dialogs.nextOpenPath = null
    expect(await ok(mine, 'merge.preview', {})).toEqual({ cancelled: true })
    expect(mine.mergeSource).toBeNull()
    expect((await refused(mine, 'merge.apply', { resolutions: {} })).code).toBe('STALE')
  })

  it('merge.preview then merge.apply merge the chosen file; the path never comes from the renderer', async () => {
    const { mine, theirsPath, minePath, dialogs, projectId } = await setup()
    const theirsBefore = snapshot(theirsPath)
    dialogs.nextOpenPath = theirsPath
    const preview = await ok(mine, 'merge.preview', { title: 'Fusionner le fichier d’un collègue' })
    if (preview.cancelled) throw new Error('cancelled')
    expect(preview.preview.updated.map((c) => c.key)).toEqual([`projects:${projectId}`])
    expect(mine.mergeSource).toEqual({ intoPath: minePath, fromPath: theirsPath })
    // Inputs are strict: a path (or anything else) from the renderer is refused.
    expect((await refused(mine, 'merge.apply', { resolutions: {}, path: '/etc/passwd' })).code).toBe('VALIDATION')
    expect((await refused(mine, 'merge.apply', { resolutions: { x: 'both' } })).code).toBe('VALIDATION')
    expect((await refused(mine, 'merge.preview', { path: theirsPath })).code).toBe('VALIDATION')

    const result = await ok(mine, 'merge.apply', { resolutions: {} })
    expect(result).toMatchObject({ updated: 1, added: 0, deleted: 0, conflicts: [] })
    expect(path.dirname(result.backupPath!)).toBe(path.dirname(minePath))
    expect((await ok(mine, 'projects.get', { id: projectId })).title).toBe('Titre du collègue')
    expectUntouched(theirsPath, theirsBefore)
    // Applying again finds nothing to do.
    expect(await ok(mine, 'merge.apply', { resolutions: {} })).toMatchObject({ updated: 0, mergeId: null })
  })

  it('merge.apply is a command: refused with READ_ONLY on a read-only file, which stays byte-identical', async () => {
    const { mine, minePath, theirsPath } = await setup()
    expect(channels['merge.apply'].writesFile).toBe(true)
    expect(channels['merge.preview'].writesFile).toBe(false)
    await mine.close()
    const before = snapshot(minePath)
    const t = testWorkspace()
    await t.ws.open(minePath, { readOnly: true })
    t.dialogs.nextOpenPath = theirsPath
    const preview = await ok(t.ws, 'merge.preview', {}) // a preview only reads
    expect(preview.cancelled).toBe(false)
    expect((await refused(t.ws, 'merge.apply', { resolutions: {} })).code).toBe('READ_ONLY')
    await t.ws.close()
    expectUntouched(minePath, before)
  })

  it('merge.apply refuses a preview made for another open file (STALE)', async () => {
    const { mine, theirsPath, minePath, dialogs, dir } = await setup()
    dialogs.nextOpenPath = theirsPath
    await ok(mine, 'merge.preview', {})
    const before = dumpTables(minePath)
    await mine.create(path.join(dir, 'another.amif'))
    expect((await refused(mine, 'merge.apply', { resolutions: {} })).code).toBe('STALE')
    expect(dumpTables(minePath)).toEqual(before)
  })

  it('merge.preview refuses the open file itself (SAME_FILE) and keeps nothing', async () => {
    const { mine, minePath, dialogs } = await setup()
    dialogs.nextOpenPath = minePath
    expect((await refused(mine, 'merge.preview', {})).code).toBe('SAME_FILE')
    expect(mine.mergeSource).toBeNull()
  })
})
