import { eq, sql } from "drizzle-orm";
import { baseSubject, formatRef } from "../../../shared/src/subject-tag";
import type { Db } from "../db/client";
import { auditLog, type Direction, orgs, type Thread, threadHistory, threads } from "../db/schema";
import { publishEvent } from "../events/publish";

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
      subject: baseSubject(input.subject) || input.subject.trim() || "(no subject)",
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

/** Counts a new message on its thread; a client writing to a finished thread reopens it. */
export async function recordMessageOnThread(
  db: Db,
  thread: Thread,
  message: { direction: Direction; from: string; at: Date; countsAsActivity: boolean },
): Promise<Thread> {
  const reopen =
    message.direction === "inbound" && (thread.status === "resolved" || thread.status === "closed");
  const activity = message.countsAsActivity
    ? { lastMessageAt: message.at, lastMessageDirection: message.direction, lastMessageFrom: message.from }
    : {};
  const [updated] = await db
    .update(threads)
    .set({
      messageCount: sql`${threads.messageCount} + 1`,
      ...activity,
      ...(reopen ? { status: "open" } : {}),
    })
    .where(eq(threads.id, thread.id))
    .returning();
  if (reopen) {
    await db.insert(threadHistory).values({
      threadId: thread.id,
      field: "status",
      fromValue: thread.status,
      toValue: "open",
      actor: `client reply from ${message.from}`,
      at: message.at,
    });
    await publishEvent(db, {
      orgId: thread.orgId,
      threadId: thread.id,
      type: "thread",
      data: { ref: formatRef(thread.number), status: "open", previousStatus: thread.status },
    });
  }
  return updated!;
}

export async function audit(db: Db, orgId: string | null, kind: string, detail: Record<string, unknown>) {
  await db.insert(auditLog).values({ orgId, kind, detail });
}
