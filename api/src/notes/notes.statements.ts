import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db } from "../db/client";
import { type Member, members, type ThreadNote, threadNotes } from "../db/schema";

// every column a view needs, not the search document the database keeps beside them
const noteColumns = {
  id: threadNotes.id,
  authorEmail: threadNotes.authorEmail,
  body: threadNotes.body,
  mentions: threadNotes.mentions,
  createdAt: threadNotes.createdAt,
};
export type NoteRow = Pick<ThreadNote, keyof typeof noteColumns>;

/** A thread's notes, oldest first, with their author's name while the author is a member. */
export function selectThreadNotes(
  db: Db,
  threadId: string,
): Promise<{ note: NoteRow; authorName: string | null }[]> {
  return db
    .select({ note: noteColumns, authorName: members.name })
    .from(threadNotes)
    .leftJoin(members, eq(members.id, threadNotes.authorId))
    .where(eq(threadNotes.threadId, threadId))
    .orderBy(asc(threadNotes.createdAt), asc(threadNotes.id));
}

export async function insertNote(db: Db, note: typeof threadNotes.$inferInsert): Promise<NoteRow> {
  const [row] = await db.insert(threadNotes).values(note).returning(noteColumns);
  return row!;
}

/** The org's members with these addresses, in no particular order. */
export function selectMembersByEmail(db: Db, orgId: string, emails: string[]): Promise<Member[]> {
  return db
    .select()
    .from(members)
    .where(and(eq(members.orgId, orgId), inArray(members.email, emails)));
}
