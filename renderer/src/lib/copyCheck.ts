import { reactive } from 'vue'
import { call } from '../api/client'

/**
 * The full check of a copy or a backup just written (a large one is checked after it is written,
 * in a worker thread: issue 13 §3), as `file.checkProgress` tells it: the File view's pattern,
 * polled while it runs, shown above every view by FileNotices.
 */
export const copyCheck = reactive({
  subject: null as 'copy' | 'backup' | null,
  path: '',
  percent: 0,
  /** Once over: what the check found, empty when the copy is sound. */
  problems: null as string[] | null,
})

/** How often the window asks how far the check is (as the File view does). */
const POLL_MS = 300
let timer: ReturnType<typeof setInterval> | null = null

function stopPolling(): void {
  if (timer) clearInterval(timer)
  timer = null
}

/** Follows the check of the copy or backup just written, if one runs (a small copy was checked before it was written). */
export function watchCopyCheck(): void {
  stopPolling()
  timer = setInterval(() => {
    void call('file.checkProgress')
      .then((p) => {
        // The officer's own check runs meanwhile: the copy's goes on behind it.
        if (p?.subject === 'file') return
        if (!p) {
          stopPolling()
          return
        }
        Object.assign(copyCheck, {
          subject: p.subject,
          path: p.path ?? '',
          percent: p.problems ? 100 : Math.min(99, Math.floor((100 * p.done) / Math.max(1, p.total))),
          problems: p.problems,
        })
        if (p.problems) stopPolling()
      })
      .catch(() => stopPolling())
  }, POLL_MS)
}

/** Hides the verdict once read. */
export function dismissCopyCheck(): void {
  copyCheck.subject = null
}
