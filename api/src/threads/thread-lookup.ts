import { and, eq } from "drizzle-orm";
import { parseRef } from "../../../shared/src/subject-tag";
import type { Db } from "../db/client";
import { type Thread, threads } from "../db/schema";
import { notFound } from "../errors";

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

/** Like findThreadByRef, for routes: a thread the caller's org does not have is a 404. */
export async function requireThreadByRef(db: Db, orgId: string, ref: string): Promise<Thread> {
  const thread = await findThreadByRef(db, orgId, ref);
  if (!thread) throw notFound("thread");
  return thread;
}
