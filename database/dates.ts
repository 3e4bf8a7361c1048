/** The current instant as an ISO-8601 UTC timestamp (what `created_at` and audit rows hold). */
export function nowTimestamp(): string {
  return new Date().toISOString()
}

/** True for a real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false
  const d = new Date(`${value}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value
}
