import { and, desc, eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { type Draft, drafts, members } from "../db/schema";

/** A draft with its author's name and address while the author is a member. */
export type DraftRow = { draft: Draft; name: string | null; email: string | null };

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

export async function selectDraft(db: Db, threadId: string, id: string): Promise<DraftRow | null> {
  const [row] = await db
    .select({ draft: drafts, name: members.name, email: members.email })
    .from(drafts)
    .leftJoin(members, eq(members.id, drafts.authorId))
    .where(and(eq(drafts.id, id), eq(drafts.threadId, threadId)));
  return row ?? null;
}

/** A thread's drafts, newest first. */
export function selectThreadDrafts(db: Db, threadId: string): Promise<DraftRow[]> {
  return db
    .select({ draft: drafts, name: members.name, email: members.email })
    .from(drafts)
    .leftJoin(members, eq(members.id, drafts.authorId))
    .where(eq(drafts.threadId, threadId))
    .orderBy(desc(drafts.createdAt), desc(drafts.id));
}
