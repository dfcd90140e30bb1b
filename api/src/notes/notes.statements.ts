import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { type Member, members, type ThreadNote, threadNotes } from "../db/schema";
import { selectColumns } from "../db/select-columns";
import { defineStatement, runStatement } from "../db/statement";

// every column a view needs, not the search document the database keeps beside them
const noteColumns = {
  id: threadNotes.id,
  authorEmail: threadNotes.authorEmail,
  body: threadNotes.body,
  mentions: threadNotes.mentions,
  createdAt: threadNotes.createdAt,
};
export type NoteRow = Pick<ThreadNote, keyof typeof noteColumns>;
/** A note with its author's name while the author is a member. */
export type ThreadNoteRow = NoteRow & { authorName: string | null };

const threadNotesStatement = defineStatement<{ threadId: string }, ThreadNoteRow>(
  (p) => sql`select ${selectColumns({ ...noteColumns, authorName: members.name })}
    from ${threadNotes} left join ${members} on ${members.id} = ${threadNotes.authorId}
    where ${threadNotes.threadId} = ${p.threadId}
    order by ${threadNotes.createdAt}, ${threadNotes.id}`,
  { createdAt: threadNotes.createdAt },
);

/** A thread's notes, oldest first, with their author's name while the author is a member. */
export function selectThreadNotes(db: Db, threadId: string): Promise<ThreadNoteRow[]> {
  return runStatement(db, threadNotesStatement, { threadId });
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
