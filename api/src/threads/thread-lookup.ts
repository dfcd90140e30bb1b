import { and, eq, inArray, or } from "drizzle-orm";
import { parseRef } from "../../../shared/src/subject-tag";
import type { Db } from "../db/client";
import { messages, type Thread, threads } from "../db/schema";
import { notFound } from "../errors";
import { postmarkIdOf } from "../inbound/headers";

/** The org's thread with that number (`THD-<number>`). */
export async function threadByNumber(db: Db, orgId: string, threadNumber: number): Promise<Thread | null> {
  const [thread] = await db
    .select()
    .from(threads)
    .where(and(eq(threads.orgId, orgId), eq(threads.number, threadNumber)))
    .limit(1);
  return thread ?? null;
}

/** The org's thread a `THD-42` reference names; null for another org's or a malformed one. */
export function findThreadByRef(db: Db, orgId: string, ref: string): Promise<Thread | null> {
  const threadNumber = parseRef(ref);
  return threadNumber === null ? Promise.resolve(null) : threadByNumber(db, orgId, threadNumber);
}

/**
 * The org's thread holding one of these Message-IDs, the first id found winning (callers list the
 * closest reference first). Mail we sent through Postmark is known by `<PostmarkID@mtasv.net>` too.
 */
export async function threadByMessageIds(db: Db, orgId: string, ids: string[]): Promise<Thread | null> {
  if (ids.length === 0) return null;
  const postmarkIds = ids.map(postmarkIdOf).filter((id): id is string => id !== null);
  const byRfcId = inArray(messages.rfcMessageId, ids);
  const known = await db
    .select({
      threadId: messages.threadId,
      rfcMessageId: messages.rfcMessageId,
      postmarkId: messages.postmarkMessageId,
    })
    .from(messages)
    .where(
      and(
        eq(messages.orgId, orgId),
        postmarkIds.length ? or(byRfcId, inArray(messages.postmarkMessageId, postmarkIds)) : byRfcId,
      ),
    );
  for (const id of ids) {
    const postmarkId = postmarkIdOf(id);
    const hit = known.find(
      (row) => row.rfcMessageId === id || (postmarkId !== null && row.postmarkId === postmarkId),
    );
    if (!hit) continue;
    const [thread] = await db
      .select()
      .from(threads)
      .where(and(eq(threads.id, hit.threadId), eq(threads.orgId, orgId)))
      .limit(1);
    if (thread) return thread;
  }
  return null;
}

/** Like findThreadByRef, for routes: a thread the caller's org does not have is a 404. */
export async function requireThreadByRef(db: Db, orgId: string, ref: string): Promise<Thread> {
  const thread = await findThreadByRef(db, orgId, ref);
  if (!thread) throw notFound("thread");
  return thread;
}
