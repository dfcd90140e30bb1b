import { type AnyColumn, type Placeholder, type SQL, sql } from "drizzle-orm";

/**
 * The key of a row in a "newest first" list: its instant (to the microsecond, as Postgres keeps it)
 * and id. The next page is every row before that key, so rows that arrive meanwhile neither shift
 * nor repeat a page. A list ordered by search relevance puts the rank first.
 */
export type CursorKey = { at: string; id: string; rank?: string };

/** A timestamp column as a cursor key: UTC text with microseconds (a JS Date keeps milliseconds). */
export function cursorKeyOf(column: AnyColumn): SQL<string> {
  return sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

/** Rows strictly before the key, for an order of `(at, id)` descending. */
export function olderThan(
  atColumn: AnyColumn,
  idColumn: AnyColumn,
  key: { at: string | Placeholder; id: string | Placeholder },
): SQL {
  return sql`(${atColumn}, ${idColumn}) < (${key.at}::timestamptz, ${key.id}::uuid)`;
}
