import { type SQL, sql } from "drizzle-orm";

/**
 * A set of values for `in`, as one JSON parameter: the statement's text is the same however many
 * values there are (so it stays one prepared statement), and an empty list matches nothing.
 */
export function sqlList(values: readonly (string | number)[]): SQL {
  return jsonListSql(JSON.stringify(values));
}

/** `sqlList` of a parameter holding the JSON list (a statement's placeholder). */
export function jsonListSql(list: unknown): SQL {
  return sql`(select jsonb_array_elements_text(${list}::jsonb))`;
}

/** A JSON parameter. drizzle would expand a top-level array into a list, so it goes as text. */
export function sqlJson(value: unknown): SQL {
  return sql`${JSON.stringify(value)}::jsonb`;
}

/** A timestamp parameter; the drivers agree on ISO text, not on Date objects in raw SQL. */
export function sqlTimestamp(date: Date): SQL {
  return sql`${date.toISOString()}::timestamptz`;
}
