import { eq, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { queryRows } from "../../db/query-rows";
import { type Address, type Direction, orgs, type ThreadStatus } from "../../db/schema";
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
  return sql`thread_row as (
        insert into threads (id, org_id, inbox_id, number, subject, client_email, client_name, started_by,
          linked_thread_id, message_count, last_message_at, last_message_direction, last_message_from, created_at,
          first_client_message_at, first_response_due_at, resolution_due_at)
        select ${thread.id}, ${write.orgId}, ${write.inboxId}, ${thread.number}, ${thread.subject}, ${thread.client.email},
          ${thread.client.name}, ${thread.startedBy}, ${thread.linkedThreadId}, ${opening?.messages ?? 0}, ${sqlTimestamp(write.now)},
          ${opening?.direction ?? null}, ${opening?.from ?? null}, ${sqlTimestamp(write.now)},
          case when ${clientWrote} then ${sqlTimestamp(write.now)} end,
          case when ${clientWrote} then ${targetDueSql(write, "first_response_minutes")} end,
          case when ${clientWrote} then ${targetDueSql(write, "resolution_minutes")} end
        ${from}
        returning id, number, status)`;
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
  return sql`participants as (
    insert into thread_participants (thread_id, email)
    select t.id, e.email from thread_row t cross join (values ${sql.join(values, sql`, `)}) as e(email)
    on conflict do nothing)`;
}
