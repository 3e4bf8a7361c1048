import path from 'node:path'
import { checkPages } from '../file/page-check'
import { readSqliteHeader } from '../file/sqlite-header'

/**
 * The full check of a colleague's file before it is merged (issue 13 §3), run once: a preview
 * starts it in a worker thread and goes on the quick check's verdict (which the full check gives
 * first), the merge that follows waits for the full verdict instead of running it again. A verdict
 * holds only for the file as it was checked: its size, time of change and SQLite's change counter
 * (every transaction that changes a file in rollback mode increments it) say whether it is still
 * that file; if anything differs, the check runs again.
 */

/** A check of one state of a file: the quick verdict first, then the full one (problems; empty when sound). */
export interface SourceCheck {
  signature: string
  quick: Promise<string[]>
  full: Promise<string[]>
  /** Lets a second worker thread join the check (once the window's thread has nothing else to do). */
  help(): void
}

/** What says the file is still the one checked; null when it cannot be read as a SQLite file. */
export function fileSignature(filePath: string): string | null {
  try {
    const { stat, changeCounter } = readSqliteHeader(filePath)
    return `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeMs}:${changeCounter}`
  } catch {
    return null
  }
}

/** The checks started, by path: a few at most (an officer previews one file at a time). */
const checks = new Map<string, SourceCheck>()
const KEPT = 4

/**
 * The check of the file as it is now: the one already started for this very state, or a new one.
 * Its verdicts are promises that never reject (a file that cannot be read is a problem).
 */
export function sourceCheck(filePath: string): SourceCheck {
  const key = path.resolve(filePath)
  const signature = fileSignature(key) ?? `unreadable:${Date.now()}`
  const known = checks.get(key)
  if (known && known.signature === signature) return known
  let quickSaid!: (problems: string[]) => void
  const quick = new Promise<string[]>((resolve) => (quickSaid = resolve))
  let help!: () => void
  const helpFrom = new Promise<void>((resolve) => (help = resolve))
  const full = checkPages(key, 'full', { helpFrom, onQuick: (problems) => quickSaid(problems) }).then(
    (problems) => {
      // A check that could not say its quick verdict (an unreadable file) says it here.
      quickSaid(problems)
      // Changed while it was checked: the verdict is of no one state; the next caller checks again.
      if (fileSignature(key) !== signature && checks.get(key) === check) checks.delete(key)
      return problems
    },
    (err: unknown) => {
      const problems = [err instanceof Error ? err.message : String(err)]
      quickSaid(problems)
      if (checks.get(key) === check) checks.delete(key)
      return problems
    },
  )
  const check: SourceCheck = { signature, quick, full, help }
  checks.delete(key)
  checks.set(key, check)
  while (checks.size > KEPT) checks.delete(checks.keys().next().value as string)
  return check
}
