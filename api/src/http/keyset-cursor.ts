import { type AnyColumn, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { badRequest } from "../errors";

/**
 * Opaque cursors of "newest first" lists: the last row's instant (to the microsecond, as Postgres
 * keeps it) and id. The next page is every row before that key, so rows that arrive meanwhile
 * neither shift nor repeat a page.
 */
export type CursorKey = { at: string; id: string };

const KEY_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** A timestamp column as a cursor key: UTC text with microseconds (a JS Date keeps milliseconds). */
export function cursorKeyOf(column: AnyColumn): SQL<string> {
  return sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

/** Rows strictly before the key, for an order of `(at, id)` descending. */
export function olderThan(atColumn: AnyColumn, idColumn: AnyColumn, key: CursorKey): SQL {
  return sql`(${atColumn}, ${idColumn}) < (${key.at}::timestamptz, ${key.id}::uuid)`;
}

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify([key.at, key.id])).toString("base64url");
}

/** The key a cursor holds; 400 for anything this API did not hand out. */
export function decodeCursor(cursor: string): CursorKey {
  const invalid = () => badRequest("cursor: not a cursor this API handed out");
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) throw invalid();
  const [at, id] = parsed as unknown[];
  if (typeof at !== "string" || !isCursorInstant(at)) throw invalid();
  if (typeof id !== "string" || !z.guid().safeParse(id).success) throw invalid();
  return { at, id };
}

/** A well-formed key that is also a real instant, so Postgres will not refuse the cast. */
function isCursorInstant(at: string): boolean {
  if (!KEY_PATTERN.test(at)) return false;
  const instant = new Date(at);
  return !Number.isNaN(instant.getTime()) && instant.toISOString().slice(0, 19) === at.slice(0, 19);
}
