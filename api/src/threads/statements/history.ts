import { sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { type ActionClient, type HistoryField, members, threadHistory } from "../../db/schema";
import { selectColumns } from "../../db/select-columns";
import { defineStatement, runStatement } from "../../db/statement";

export type NewHistoryRow = typeof threadHistory.$inferInsert;

export type HistoryRow = {
  field: HistoryField;
  from: string | null;
  to: string | null;
  actor: string;
  client: ActionClient | null;
  memberEmail: string | null;
  memberName: string | null;
  at: Date;
};

const historyStatement = defineStatement<{ threadId: string }, HistoryRow>(
  (p) => sql`select ${selectColumns({
    field: threadHistory.field,
    from: threadHistory.fromValue,
    to: threadHistory.toValue,
    actor: threadHistory.actor,
    client: threadHistory.client,
    memberEmail: members.email,
    memberName: members.name,
    at: threadHistory.at,
  })}
    from ${threadHistory} left join ${members} on ${members.id} = ${threadHistory.actorId}
    where ${threadHistory.threadId} = ${p.threadId}
    order by ${threadHistory.id}`,
  { at: threadHistory.at },
);

/** The thread's recorded changes, oldest first, with the acting member when they are still one. */
export function selectHistory(db: Db, threadId: string): Promise<HistoryRow[]> {
  return runStatement(db, historyStatement, { threadId });
}

/** Records changes of threads, one row each; at least one. */
export async function insertHistory(db: Db, rows: NewHistoryRow[]): Promise<void> {
  await db.insert(threadHistory).values(rows);
}
