import type { Db } from "../db/client";
import { threadParticipants } from "../db/schema";

/** Remembers who took part, so a subject tag from them is trusted later. */
export async function addParticipants(db: Db, threadId: string, emails: string[]): Promise<void> {
  const unique = [...new Set(emails.filter(Boolean))];
  if (unique.length === 0) return;
  await db
    .insert(threadParticipants)
    .values(unique.map((email) => ({ threadId, email })))
    .onConflictDoNothing();
}
