import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { readLock } from '../../database/file/lock'
import { HOSTNAME, spawnFixture } from './file-helpers'
import { makeAmifFile, ok, refused, tempDir, testWorkspace } from './helpers'

const PROCESS_TIMEOUT = 60_000

describe('two processes on one file', () => {
  it(
    'while another process holds the file: FILE_LOCKED here with its details, read-only works, a copy can be opened; once it exits the lock is gone',
    async () => {
      const dir = tempDir()
      const file = await makeAmifFile(path.join(dir, 'Partage', 'Fedasil.amif'), { demo: true })
      const childData = path.join(dir, 'child')
      fs.mkdirSync(childData)
      const child = spawnFixture('lock-holder.ts', [file, childData])
      try {
        const ready = await child.waitFor((m) => m.ready === true)
        expect(ready.pid).toBe(child.proc.pid)

        // Opening for writing is refused, with who holds it; a fresh lock cannot be taken over.
        const { ws, settings, dialogs } = testWorkspace()
        for (const takeOver of [false, true]) {
          const err = await ws.open(file, { takeOver }).then(
            () => null,
            (e: unknown) => e as { code: string; details: unknown },
          )
          expect(err?.code).toBe('FILE_LOCKED')
          expect(err?.details).toEqual({
            path: file,
            officer: 'Jan Peeters',
            email: 'child.officer@example.org',
            machine: HOSTNAME,
            pid: child.proc.pid,
            since: expect.any(String),
            refreshedAt: expect.any(String),
            sameMachine: true,
            old: false,
            canTakeOver: false,
          })
        }

        // Read-only works, says who holds it, and refuses changes; the holder goes on writing.
        await ws.open(file, { readOnly: true })
        expect(await ok(ws, 'file.info', {})).toMatchObject({
          readOnly: true,
          readOnlyReason: 'locked',
          lockHolder: { officer: 'Jan Peeters', pid: child.proc.pid },
        })
        const indicators = async () => (await ok(ws, 'reference.indicators', {})).filter((i: { code: string }) => i.code.startsWith('CHILD-')).length
        expect(await indicators()).toBe(0)
        child.send('write')
        expect(await child.waitFor((m) => 'written' in m || 'writeRefused' in m)).toEqual({ written: true })
        expect(await indicators()).toBe(1)
        const change = {
          values: { code: 'HERE-1', type: 'output' as const, objectiveCode: 'SO1' as const, labelFr: 'a', labelNl: 'b', labelEn: 'c', unit: 'd' },
        }
        expect((await refused(ws, 'reference.createIndicator', change)).code).toBe('READ_ONLY')

        // At the next start, the last file is reopened read-only rather than refused.
        await ws.close()
        settings.write({ ...settings.read(), lastFile: file })
        const started = await ok(ws, 'file.openAtStartup', {})
        expect(started).toMatchObject({ created: false, lastFileProblem: null, file: { path: file, readOnly: true, readOnlyReason: 'locked' } })

        // A copy of it can be opened for writing meanwhile.
        dialogs.nextSavePath = path.join(dir, 'Mes fichiers', 'Fedasil (copie).amif')
        const copied = await ok(ws, 'file.openCopy', { path: file })
        expect(copied).toMatchObject({ cancelled: false, file: { path: dialogs.nextSavePath, readOnly: false } })
        await ok(ws, 'reference.createIndicator', change)

        // The holder closes: its lock goes, and the file opens for writing here.
        child.send('close')
        expect(await child.exited).toBe(0)
        expect(readLock(file)).toEqual({ state: 'none' })
        await ws.open(file)
        expect(await ok(ws, 'file.info', {})).toMatchObject({ readOnly: false, readOnlyReason: null })
        await ok(ws, 'reference.createIndicator', change)
        expect(readLock(file)).toMatchObject({ state: 'held', record: { pid: process.pid } })
      } finally {
        child.proc.kill('SIGKILL')
      }
    },
    PROCESS_TIMEOUT,
  )
})
