import { AliasNode, ColumnNode, IdentifierNode, ReferenceNode, sql, type Expression, type RawBuilder, type SelectQueryNode } from 'kysely'

/** Rows of type O as one JSON array, as SQLite returns it (text): read it with parseRows. */
export type JsonRows<O> = string & { readonly rowType?: O }

/** The type of the rows a JsonRows holds. */
export type RowOf<J> = J extends JsonRows<infer O> ? O : never

/** A select query (a builder) whose rows are of type O. */
interface RowsQuery<O> extends Expression<O> {
  toOperationNode(): SelectQueryNode
}

/** A column of the rows to order them by, ascending, or descending with ` desc`. */
type OrderColumn<O> = (keyof O & string) | `${keyof O & string} desc`

/** The names of a query's columns: json_object takes them one by one (no `*`). */
function columnNames(query: RowsQuery<unknown>): string[] {
  return (query.toOperationNode().selections ?? []).map(({ selection: s }) => {
    if (AliasNode.is(s) && IdentifierNode.is(s.alias)) return s.alias.name
    if (ReferenceNode.is(s) && ColumnNode.is(s.column)) return s.column.column.name
    if (ColumnNode.is(s)) return s.column.name
    throw new Error('jsonRows: name each column (selectAll cannot be read as JSON)')
  })
}

/**
 * The rows of a subquery as one JSON array in its parent's row, in the order of `order` (an
 * ordered aggregate: json_group_array keeps no other order for certain): a page reads its record
 * and the record's short lists in one statement instead of one each (issue 13 §5).
 */
export function jsonRows<O>(query: RowsQuery<O>, order: readonly OrderColumn<O>[]): RawBuilder<JsonRows<O>> {
  const object = sql.join(columnNames(query).flatMap((name) => [sql.lit(name), sql.ref(`agg.${name}`)]))
  const by = sql.join(order.map((o) => (o.endsWith(' desc') ? sql`${sql.ref(`agg.${o.slice(0, -5)}`)} desc` : sql.ref(`agg.${o}`))))
  return sql`(select json_group_array(json_object(${object}) order by ${by}) from ${query} as agg)`
}

/** The rows jsonRows read, each as the subquery gave it (numbers, text and nulls alike). */
export function parseRows<O>(text: JsonRows<O>): O[] {
  return JSON.parse(text) as O[]
}

/**
 * A list of values as one JSON parameter, read back by json_each (`x in ${jsonValues(ids)}`): one
 * SQL text, so one prepared statement, whatever the list's length, and no limit on how many.
 */
export function jsonValues<T extends string | number>(values: Iterable<T>): RawBuilder<T> {
  return sql<T>`(select value from json_each(${JSON.stringify([...values])}))`
}
