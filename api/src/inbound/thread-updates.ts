import { eq, sql } from "drizzle-orm";
import { baseSubject } from "../../../shared/src/subject-tag";
import type { Db } from "../db/client";
import { auditLog, orgs, type Thread, threads } from "../db/schema";

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

export async function audit(db: Db, orgId: string | null, kind: string, detail: Record<string, unknown>) {
  await db.insert(auditLog).values({ orgId, kind, detail });
}
