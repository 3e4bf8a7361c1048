import { createQueryId, sql, type CompiledQuery, type Compilable, type Kysely, type RawBuilder } from 'kysely'
import type { DB } from './schema'

/** Stands, in a query compiled once, for the value of one of its parameters. */
class Parameter {
  constructor(readonly name: string) {}
}

/** The value of a named parameter, inside a query compiled once. */
export type ParameterOf<Values> = <K extends keyof Values & string>(name: K) => RawBuilder<Values[K]>

/**
 * A query whose shape never changes (no list of varying length, no optional filter), built and
 * compiled once per process and then run with each call's values in place of its parameters:
 * Kysely builds and compiles a query again at every call, which on a project page cost as much as
 * SQLite's work (issue 13 §5). The SQL is the same on every connection (one dialect). `build`
 * gets its values through `value` only: anything else it reads is fixed for good at the first call.
 */
export function compiledOnce<Values extends Record<string, unknown>, Row>(
  build: (db: Kysely<DB>, value: ParameterOf<Values>) => Compilable<Row>,
): (db: Kysely<DB>, values: Values) => Promise<Row[]> {
  let compiled: CompiledQuery<Row> | null = null
  return async (db, values) => {
    compiled ??= build(db, (name) => sql.val(new Parameter(name)) as RawBuilder<never>).compile()
    const parameters = compiled.parameters.map((p) => (p instanceof Parameter ? values[p.name] : p))
    const { rows } = await db.executeQuery<Row>({ ...compiled, parameters, queryId: createQueryId() })
    return rows
  }
}
