import { asc, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { members, threadHistory } from "../../db/schema";

export type NewHistoryRow = typeof threadHistory.$inferInsert;

/** The thread's recorded changes, oldest first, with the acting member when they are still one. */
export function selectHistory(db: Db, threadId: string) {
  return db
    .select({
      field: threadHistory.field,
      from: threadHistory.fromValue,
      to: threadHistory.toValue,
      actor: threadHistory.actor,
      client: threadHistory.client,
      memberEmail: members.email,
      memberName: members.name,
      at: threadHistory.at,
    })
    .from(threadHistory)
    .leftJoin(members, eq(members.id, threadHistory.actorId))
    .where(eq(threadHistory.threadId, threadId))
    .orderBy(asc(threadHistory.id));
}

/** Records changes of threads, one row each; at least one. */
export async function insertHistory(db: Db, rows: NewHistoryRow[]): Promise<void> {
  await db.insert(threadHistory).values(rows);
}
