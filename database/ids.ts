import { randomUUID } from 'node:crypto'

/** A new primary key: UUID text, so that two officers' files can be merged later. */
export function newId(): string {
  return randomUUID()
}
