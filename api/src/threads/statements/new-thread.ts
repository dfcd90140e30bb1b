import { eq, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { insertSelect } from "../../db/insert-select";
import { queryRows } from "../../db/query-rows";
import {
  type Address,
  type Direction,
  orgs,
  type ThreadStatus,
  threadParticipants,
  threads,
} from "../../db/schema";
import { sqlTimestamp } from "../../db/sql-params";

/** A thread about to be started, numbered: by a client's email, by staff's, or by staff before any mail. */
export type NewThreadPlan = {
  kind: "new";
  id: string;
  number: number;
  subject: string;
  client: Address;
  startedBy: "client" | "staff";
  linkedThreadId: string | null;
};

/** Where a new thread is written, and the mail it starts with: none when staff start it before writing. */
export type NewThreadWrite = {
  thread: NewThreadPlan;
  orgId: string;
  inboxId: string;
  now: Date;
  opening: { messages: number; direction: Direction; from: string } | null;
};

/** The org's next thread number (the org row lock keeps numbers gap-free and unique). */
export async function takeThreadNumber(db: Db, orgId: string): Promise<number> {
  const [org] = await db
    .update(orgs)
    .set({ threadSeq: sql`${orgs.threadSeq} + 1` })
    .where(eq(orgs.id, orgId))
    .returning({ threadSeq: orgs.threadSeq });
  return org!.threadSeq;
}

/** Writes a thread staff start before any mail, and who takes part, in one statement. */
export async function writeNewThread(
  db: Db,
  write: NewThreadWrite,
  participants: string[],
): Promise<{ id: string; number: number; status: ThreadStatus }> {
  const parts = [newThreadPart(write, null), participantsPart(participants)].filter((part) => part !== null);
  const [row] = await queryRows<{ id: string; number: number; status: ThreadStatus }>(
    db,
    sql`with ${sql.join(parts, sql`, `)} select id, number, status from thread_row`,
  );
  return row!;
}

/**
 * `thread_row`: the new thread's row, returning `id, number, status`. A client's first email
 * starts the response targets' clock. `writtenIf` names a CTE the row is only written with (a
 * filing's claim); null: always.
 */
export function newThreadPart(write: NewThreadWrite, writtenIf: SQL | null): SQL {
  const { thread, opening } = write;
  const clientWrote = opening?.direction === "inbound";
  const from = writtenIf ? sql`from ${writtenIf}` : sql``;
  const row = insertSelect(threads, {
    id: thread.id,
    orgId: write.orgId,
    inboxId: write.inboxId,
    number: thread.number,
    subject: thread.subject,
    clientEmail: thread.client.email,
    clientName: thread.client.name,
    startedBy: thread.startedBy,
    linkedThreadId: thread.linkedThreadId,
    messageCount: opening?.messages ?? 0,
    lastMessageAt: sqlTimestamp(write.now),
    lastMessageDirection: opening?.direction ?? null,
    lastMessageFrom: opening?.from ?? null,
    createdAt: sqlTimestamp(write.now),
    firstClientMessageAt: sql`case when ${clientWrote} then ${sqlTimestamp(write.now)} end`,
    firstResponseDueAt: sql`case when ${clientWrote} then ${targetDueSql(write, "first_response_minutes")} end`,
    resolutionDueAt: sql`case when ${clientWrote} then ${targetDueSql(write, "resolution_minutes")} end`,
  });
  return sql`thread_row as (${row} ${from} returning id, number, status)`;
}

/** When the inbox's target falls due for a client who writes now; null when it has none. */
export function targetDueSql(
  at: { now: Date; inboxId: string },
  target: "first_response_minutes" | "resolution_minutes",
): SQL {
  return sql`${sqlTimestamp(at.now)} + (select make_interval(mins => ${sql.identifier(target)}) from inboxes where id = ${at.inboxId}::uuid)`;
}

/**
 * `participants`: who took part in the thread of `thread_row`, so a subject tag from them is
 * trusted later; null when there is no one to add.
 */
export function participantsPart(emails: readonly string[]): SQL | null {
  const unique = [...new Set(emails.filter(Boolean))];
  if (unique.length === 0) return null;
  const values = unique.map((email) => sql`(${email})`);
  const row = insertSelect(threadParticipants, { threadId: sql`t.id`, email: sql`e.email` });
  return sql`participants as (
    ${row} from thread_row t cross join (values ${sql.join(values, sql`, `)}) as e(email)
    on conflict do nothing)`;
}
