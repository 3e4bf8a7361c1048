import { reactive } from 'vue'
import type { MigrationState } from '~/electron/api/workspace'
import { call } from '../api/client'

/**
 * The update of an older file being opened (in a worker thread in main), as
 * `file.migrationProgress` tells it while the call that opens the file is under way: shown over
 * every view by FileUpdateProgress, the File view's and the copy check's pattern.
 */
export const fileUpdate = reactive({ state: null as MigrationState | null })

/** How often the window asks which step the update is on. */
const POLL_MS = 300

/** Waits for a call that opens a file, following the update of an older file meanwhile. */
export async function whileOpening<T>(opening: Promise<T>): Promise<T> {
  let over = false
  const timer = setInterval(() => {
    void call('file.migrationProgress')
      .then((state) => {
        if (!over) fileUpdate.state = state
      })
      .catch(() => undefined)
  }, POLL_MS)
  try {
    return await opening
  } finally {
    over = true
    clearInterval(timer)
    fileUpdate.state = null
  }
}

/** How far the update is, in percent: the copy first, the migrations the bulk, compacting and statistics at the end. */
export function updatePercent(state: MigrationState | null): number {
  const p = state?.progress
  if (!p) return 0
  if (p.stage === 'check') return 2
  if (p.stage === 'backup') return 5
  if (p.stage === 'migration') return 10 + Math.floor((80 * (p.step - 1)) / p.steps)
  return p.stage === 'compact' ? 90 : 95
}
