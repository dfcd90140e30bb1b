import { and, eq, getTableColumns, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { type Thread, threads } from "../../db/schema";
import { selectColumns } from "../../db/select-columns";
import { defineStatement, runStatement } from "../../db/statement";

const threadColumns = getTableColumns(threads);

// every request naming a thread by its ref starts here
const threadByNumberStatement = defineStatement<{ orgId: string; number: number }, Thread>(
  (p) => sql`select ${selectColumns(threadColumns)} from ${threads}
    where ${threads.orgId} = ${p.orgId} and ${threads.number} = ${p.number}`,
  threadColumns,
);

/** The org's thread with that number (`THD-<number>`). */
export async function threadByNumber(db: Db, orgId: string, threadNumber: number): Promise<Thread | null> {
  const [thread] = await runStatement(db, threadByNumberStatement, { orgId, number: threadNumber });
  return thread ?? null;
}

/** The org's thread with that number, locked for update until the transaction ends. */
export async function lockThreadByNumber(
  db: Db,
  orgId: string,
  threadNumber: number,
): Promise<Thread | null> {
  const [thread] = await db
    .select()
    .from(threads)
    .where(and(eq(threads.orgId, orgId), eq(threads.number, threadNumber)))
    .for("update");
  return thread ?? null;
}

/** What a member's update may set on a thread. */
export type ThreadColumns = Partial<
  Pick<Thread, "status" | "assigneeId" | "priority" | "tags" | "resolvedAt" | "resolvedBy" | "reopenCount">
>;

export async function updateThreadColumns(db: Db, threadId: string, set: ThreadColumns): Promise<void> {
  await db.update(threads).set(set).where(eq(threads.id, threadId));
}
