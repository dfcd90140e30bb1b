import { asc, eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { members, type ThreadNote, threadNotes } from "../db/schema";
import type { Person } from "../threads/summary";

export type NoteView = {
  id: string;
  author: Person;
  body: string;
  /** the addresses of the members the note mentions (each was emailed) */
  mentions: string[];
  createdAt: string;
};

// every column a view needs, not the search document the database keeps beside them
export const noteColumns = {
  id: threadNotes.id,
  authorEmail: threadNotes.authorEmail,
  body: threadNotes.body,
  mentions: threadNotes.mentions,
  createdAt: threadNotes.createdAt,
};
type NoteRow = Pick<ThreadNote, keyof typeof noteColumns>;

/** A thread's internal notes, oldest first; an author who left shows as the address recorded. */
export async function loadNotes(db: Db, threadId: string): Promise<NoteView[]> {
  const rows = await db
    .select({ note: noteColumns, authorName: members.name })
    .from(threadNotes)
    .leftJoin(members, eq(members.id, threadNotes.authorId))
    .where(eq(threadNotes.threadId, threadId))
    .orderBy(asc(threadNotes.createdAt), asc(threadNotes.id));
  return rows.map(({ note, authorName }) => toNoteView(note, authorName ?? ""));
}

export function toNoteView(note: NoteRow, authorName: string): NoteView {
  return {
    id: note.id,
    author: { email: note.authorEmail, name: authorName },
    body: note.body,
    mentions: note.mentions,
    createdAt: note.createdAt.toISOString(),
  };
}
