import { and, eq } from "drizzle-orm";
import type { AuditActor } from "../../audit/record-audit";
import type { Db } from "../../db/client";
import { presence, type Thread, threadHistory, threads } from "../../db/schema";

export type UnassignedThread = Pick<Thread, "id" | "number" | "status">;

/** Clears the assignee of every thread of the org assigned to `memberId`; answers those threads. */
export function unassignThreadsOf(db: Db, orgId: string, memberId: string): Promise<UnassignedThread[]> {
  return db
    .update(threads)
    .set({ assigneeId: null })
    .where(and(eq(threads.orgId, orgId), eq(threads.assigneeId, memberId)))
    .returning({ id: threads.id, number: threads.number, status: threads.status });
}

/** One history row per thread: its assignee went from `from` to none, by `by`, at `at`. */
export async function insertUnassignedHistory(
  db: Db,
  threadIds: readonly string[],
  change: { from: string; by: AuditActor; at: Date },
): Promise<void> {
  await db.insert(threadHistory).values(
    threadIds.map((threadId) => ({
      threadId,
      field: "assignee" as const,
      fromValue: change.from,
      toValue: null,
      actorId: change.by.actorId,
      actor: change.by.actor,
      client: change.by.client,
      at: change.at,
    })),
  );
}

/** Deletes the member's presence on every thread; answers where they were present, and with what client. */
export function deletePresenceOf(db: Db, memberId: string) {
  return db
    .delete(presence)
    .where(eq(presence.memberId, memberId))
    .returning({ threadId: presence.threadId, client: presence.client });
}

/** The thread's number (THD-n); null when there is no such thread. */
export async function findThreadNumber(db: Db, threadId: string): Promise<number | null> {
  const [thread] = await db.select({ number: threads.number }).from(threads).where(eq(threads.id, threadId));
  return thread?.number ?? null;
}
