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

/** A JSON parameter. drizzle would expand a top-level array into a list, so it goes as text. */
export function sqlJson(value: unknown): SQL {
  return sql`${JSON.stringify(value)}::jsonb`;
}

/** A timestamp parameter; the drivers agree on ISO text, not on Date objects in raw SQL. */
export function sqlTimestamp(date: Date): SQL {
  return sql`${date.toISOString()}::timestamptz`;
}
