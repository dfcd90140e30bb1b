import { z } from "zod";
import type { CursorKey } from "../db/keyset";
import { badRequest } from "../errors";

// a float4 as Postgres prints it (shortest exact form), so it reads back as the same value
const RANK_PATTERN = /^-?\d+(\.\d+)?(e[-+]?\d+)?$/;

const KEY_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** The opaque cursor of a "newest first" list: a row's key (see `db/keyset.ts`) as base64url JSON. */
export function encodeCursor(key: CursorKey): string {
  const parts = key.rank === undefined ? [key.at, key.id] : [key.at, key.id, key.rank];
  return Buffer.from(JSON.stringify(parts)).toString("base64url");
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
  if (!Array.isArray(parsed) || parsed.length < 2 || parsed.length > 3) throw invalid();
  const [at, id, rank] = parsed as unknown[];
  if (typeof at !== "string" || !isCursorInstant(at)) throw invalid();
  if (typeof id !== "string" || !z.guid().safeParse(id).success) throw invalid();
  if (rank === undefined) return { at, id };
  if (typeof rank !== "string" || !RANK_PATTERN.test(rank)) throw invalid();
  return { at, id, rank };
}

/** A well-formed key that is also a real instant, so Postgres will not refuse the cast. */
function isCursorInstant(at: string): boolean {
  if (!KEY_PATTERN.test(at)) return false;
  const instant = new Date(at);
  return !Number.isNaN(instant.getTime()) && instant.toISOString().slice(0, 19) === at.slice(0, 19);
}
