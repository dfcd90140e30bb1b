import { and, eq, ilike, or, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../db/client";
import { inboxes, type ThreadStatus, threads } from "../db/schema";
import { badRequest } from "../errors";
import {
  type SummaryRow,
  type SummaryScope,
  selectSummaryRows,
  type ThreadSummary,
  toThreadSummary,
} from "./summary";

export type ThreadListQuery = {
  status?: ThreadStatus | undefined;
  inbox?: string | undefined;
  q?: string | undefined;
  cursor?: string | undefined;
  limit: number;
};

export type ThreadPage = { threads: ThreadSummary[]; nextCursor: string | null };

type CursorKey = { at: string; id: string };

const ACTIVITY_KEY_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** One page of the org's threads, newest activity first, continued by an opaque keyset cursor. */
export async function listThreads(db: Db, scope: SummaryScope, query: ThreadListQuery): Promise<ThreadPage> {
  const after = query.cursor ? decodeCursor(query.cursor) : null;
  const rows = await selectSummaryRows(db, scope.org.id, {
    where: and(...threadFilters(query), after ? olderThan(after) : undefined),
    limit: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    threads: page.map((row) => toThreadSummary(row, scope)),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null,
  };
}

function threadFilters(query: ThreadListQuery): SQL[] {
  const filters: SQL[] = [];
  if (query.status) filters.push(eq(threads.status, query.status));
  if (query.inbox) filters.push(eq(inboxes.name, query.inbox.toLowerCase()));
  if (query.q) {
    const pattern = `%${escapeLike(query.q)}%`;
    filters.push(or(ilike(threads.subject, pattern), ilike(threads.clientEmail, pattern))!);
  }
  return filters;
}

/** `%` and `_` typed by a person mean themselves, not wildcards (backslash is LIKE's default escape). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

function olderThan(key: CursorKey): SQL {
  return sql`(${threads.lastMessageAt}, ${threads.id}) < (${key.at}::timestamptz, ${key.id}::uuid)`;
}

export function encodeCursor(row: Pick<SummaryRow, "activityKey" | "id">): string {
  return Buffer.from(JSON.stringify([row.activityKey, row.id])).toString("base64url");
}

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
  if (typeof at !== "string" || !isActivityKey(at)) throw invalid();
  if (typeof id !== "string" || !z.guid().safeParse(id).success) throw invalid();
  return { at, id };
}

/** A well-formed key that is also a real instant, so Postgres will not refuse the cast. */
function isActivityKey(at: string): boolean {
  if (!ACTIVITY_KEY_PATTERN.test(at)) return false;
  const instant = new Date(at);
  return !Number.isNaN(instant.getTime()) && instant.toISOString().slice(0, 19) === at.slice(0, 19);
}
