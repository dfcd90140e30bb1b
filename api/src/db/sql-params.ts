import { type SQL, sql } from "drizzle-orm";

/**
 * A set of values for `in`, as one parameter holding their JSON list: the statement's text is the
 * same however many values there are (so it stays one prepared statement), and an empty list
 * matches nothing.
 */
export function jsonListSql(list: unknown): SQL {
  return sql`(select jsonb_array_elements_text(${list}::jsonb))`;
}

/** A JSON parameter. drizzle would expand a top-level array into a list, so it goes as text. */
export function sqlJson(value: unknown): SQL {
  return sql`${JSON.stringify(value)}::jsonb`;
}
