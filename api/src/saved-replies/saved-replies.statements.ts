import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { type SavedReply, savedReplies } from "../db/schema";
import { defineStatement, runStatement } from "../db/statement";

/** The org's saved replies by name. */
export function selectSavedReplies(db: Db, orgId: string): Promise<SavedReply[]> {
  return db
    .select()
    .from(savedReplies)
    .where(eq(savedReplies.orgId, orgId))
    .orderBy(asc(sql`lower(${savedReplies.name})`), asc(savedReplies.id));
}

type NameRow = { id: string; name: string };

const replyNamesStatement = defineStatement<{ org: string }, NameRow>(
  (p) => sql`
    select ${savedReplies.id}, ${savedReplies.name} from ${savedReplies}
    where ${savedReplies.orgId} = ${p.org}::uuid order by lower(${savedReplies.name}), ${savedReplies.id}`,
);

/** The org's saved replies by name, without their bodies: what a draft's card offers to insert. */
export function listSavedReplyNames(db: Db, orgId: string): Promise<NameRow[]> {
  return runStatement(db, replyNamesStatement, { org: orgId });
}

export async function selectSavedReply(db: Db, orgId: string, id: string): Promise<SavedReply | null> {
  const [row] = await db
    .select()
    .from(savedReplies)
    .where(and(eq(savedReplies.id, id), eq(savedReplies.orgId, orgId)));
  return row ?? null;
}

export async function insertSavedReply(db: Db, reply: typeof savedReplies.$inferInsert): Promise<SavedReply> {
  const [row] = await db.insert(savedReplies).values(reply).returning();
  return row!;
}

/** A field left undefined keeps its value. */
export async function changeSavedReply(
  db: Db,
  id: string,
  change: { name: string | undefined; body: string | undefined; updatedAt: Date },
): Promise<SavedReply> {
  const [row] = await db.update(savedReplies).set(change).where(eq(savedReplies.id, id)).returning();
  return row!;
}

export async function removeSavedReply(db: Db, id: string): Promise<void> {
  await db.delete(savedReplies).where(eq(savedReplies.id, id));
}
