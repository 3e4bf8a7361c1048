import type { Kysely, Transaction, TransactionBuilder } from 'kysely'
import { AppError } from './domain/errors'
import type { AmifFile } from './file'
import type { DB } from './schema'

/**
 * Write access as a type. Every function of database/ that changes a file requires a WritableDb
 * (or a WriteTrx, a WritableFile), and only `Workspace.writableFile()` hands one out, after its
 * read-only checks: query handlers never see it, so a query that writes does not compile. The
 * mark exists only for the typecheck; at run time a WritableDb is the file's Kysely instance.
 */
declare const canWrite: unique symbol
interface CanWrite {
  readonly [canWrite]: true
}

/** A transaction opened on a WritableDb: what the record writer and the audit log write through. */
export type WriteTrx = Transaction<DB> & CanWrite

interface WriteTransactionBuilder extends TransactionBuilder<DB> {
  execute<T>(callback: (trx: WriteTrx) => Promise<T>): Promise<T>
}

/** The database of a file open for writing; its transactions are WriteTrx. */
export interface WritableDb extends Kysely<DB>, CanWrite {
  transaction(): WriteTransactionBuilder
}

/** A file open for writing. */
export interface WritableFile extends AmifFile {
  db: WritableDb
}

/**
 * The file with write access, for whoever opened it for writing (the workspace, an import, the
 * tests' set-up); READ_ONLY for a file opened read-only. Handlers get it from the workspace.
 */
export function asWritable(file: AmifFile): WritableFile {
  if (file.readOnly) throw new AppError('READ_ONLY', `${file.path} is open read-only`, { path: file.path })
  return file as WritableFile
}
