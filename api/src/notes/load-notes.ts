import type { Db } from "../db/client";
import type { Person } from "../threads/summary";
import { type NoteRow, selectThreadNotes } from "./notes.statements";

export type NoteView = {
  id: string;
  author: Person;
  body: string;
  /** the addresses of the members the note mentions (each was emailed) */
  mentions: string[];
  createdAt: string;
};

/** A thread's internal notes, oldest first; an author who left shows as the address recorded. */
export async function loadNotes(db: Db, threadId: string): Promise<NoteView[]> {
  const rows = await selectThreadNotes(db, threadId);
  return rows.map((row) => toNoteView(row, row.authorName ?? ""));
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
