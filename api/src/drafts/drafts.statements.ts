import { and, eq, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "../db/client";
import { type ActionClient, type Draft, drafts, members } from "../db/schema";
import { defineStatement, runStatement } from "../db/statement";

export async function insertDraft(db: Db, draft: typeof drafts.$inferInsert): Promise<Draft> {
  const [row] = await db.insert(drafts).values(draft).returning();
  return row!;
}

/** Deletes the thread's draft `id`; answers its id, or null when the thread has no such draft. */
export async function deleteDraft(db: Db, threadId: string, id: string): Promise<string | null> {
  const [removed] = await db
    .delete(drafts)
    .where(and(eq(drafts.id, id), eq(drafts.threadId, threadId)))
    .returning({ id: drafts.id });
  return removed?.id ?? null;
}

/** A draft as it is shown: its author by their member's address and name, or the address recorded. */
export type ThreadDraftRow = {
  id: string;
  body: string;
  client: ActionClient;
  createdAt: Date;
  authorEmail: string;
  authorName: string;
};

const d = alias(drafts, "d");
const m = alias(members, "m");

const draftRowSql = sql`
  select ${d.id}, ${d.body}, ${d.client}, ${d.createdAt} as "createdAt",
    coalesce(${m.email}, ${d.author}) as "authorEmail", coalesce(${m.name}, '') as "authorName"
  from ${drafts} ${d} left join ${members} ${m} on ${m.id} = ${d.authorId}`;

const draftStatement = defineStatement<{ thread: string; id: string }, ThreadDraftRow>(
  (p) => sql`${draftRowSql} where ${d.id} = ${p.id}::uuid and ${d.threadId} = ${p.thread}::uuid`,
  { createdAt: drafts.createdAt },
);

// `limit null` is no limit
const threadDraftsStatement = defineStatement<{ thread: string; rows: number | null }, ThreadDraftRow>(
  (p) => sql`${draftRowSql} where ${d.threadId} = ${p.thread}::uuid
    order by ${d.createdAt} desc, ${d.id} desc
    limit ${p.rows}::int`,
  { createdAt: drafts.createdAt },
);

/** The thread's draft `id`, or null. */
export async function selectDraft(db: Db, threadId: string, id: string): Promise<ThreadDraftRow | null> {
  const [row] = await runStatement(db, draftStatement, { thread: threadId, id });
  return row ?? null;
}

/** A thread's drafts, newest first: all of them, or the newest `rows`. */
export function selectThreadDrafts(
  db: Db,
  threadId: string,
  rows: number | null = null,
): Promise<ThreadDraftRow[]> {
  return runStatement(db, threadDraftsStatement, { thread: threadId, rows });
}
