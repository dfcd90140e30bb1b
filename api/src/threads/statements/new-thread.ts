import { eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { orgs, type Thread, threadParticipants, threads } from "../../db/schema";

/** A new thread with the org's next number (the org row lock keeps numbers gap-free and unique). */
export async function createThread(
  db: Db,
  input: {
    orgId: string;
    inboxId: string;
    subject: string;
    client: { email: string; name: string };
    startedBy: "client" | "staff";
    linkedThreadId: string | null;
    now: Date;
  },
): Promise<Thread> {
  const [org] = await db
    .update(orgs)
    .set({ threadSeq: sql`${orgs.threadSeq} + 1` })
    .where(eq(orgs.id, input.orgId))
    .returning({ threadSeq: orgs.threadSeq });
  const [thread] = await db
    .insert(threads)
    .values({
      orgId: input.orgId,
      inboxId: input.inboxId,
      number: org!.threadSeq,
      subject: input.subject,
      clientEmail: input.client.email,
      clientName: input.client.name,
      startedBy: input.startedBy,
      linkedThreadId: input.linkedThreadId,
      lastMessageAt: input.now,
      createdAt: input.now,
    })
    .returning();
  return thread!;
}

/** Remembers who took part, so a subject tag from them is trusted later. */
export async function addParticipants(db: Db, threadId: string, emails: string[]): Promise<void> {
  const unique = [...new Set(emails.filter(Boolean))];
  if (unique.length === 0) return;
  await db
    .insert(threadParticipants)
    .values(unique.map((email) => ({ threadId, email })))
    .onConflictDoNothing();
}
