import { type SQL, sql } from "drizzle-orm";

/**
 * `(a, b, c)` for `in` lists. drizzle expands a JS array inside `sql` the same way, but an empty
 * list would be `()`, which is not SQL: callers get `(null)`, which matches nothing.
 */
export function sqlList(values: readonly (string | number)[]): SQL {
  if (values.length === 0) return sql`(null)`;
  return sql`(${sql.join(
    values.map((value) => sql`${value}`),
    sql`, `,
  )})`;
}
