import { type Placeholder, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { insertSelect } from "../../db/insert-select";
import {
  type Address,
  type Direction,
  inboxes,
  orgs,
  type ThreadStatus,
  threadParticipants,
  threads,
} from "../../db/schema";
import { setColumns } from "../../db/set-columns";
import { defineStatement, type Placeholders, runStatement } from "../../db/statement";

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

/**
 * `seq`: the org's next thread number, as `thread_seq`, taken when `when` holds (the org row lock
 * keeps numbers gap-free and unique). Every thread number is taken here.
 */
export function nextThreadNumberPart(orgId: SQL, when: SQL): SQL {
  return sql`seq as (
    update ${orgs} set ${setColumns(orgs, { threadSeq: sql`${orgs.threadSeq} + 1` })}
    where ${orgs.id} = ${orgId} and ${when}
    returning ${orgs.threadSeq})`;
}

const threadNumberStatement = defineStatement<{ org: string }, { threadSeq: number }>(
  (p) =>
    sql`with ${nextThreadNumberPart(sql`${p.org}::uuid`, sql`true`)} select thread_seq as "threadSeq" from seq`,
);

/** The org's next thread number. */
export async function takeThreadNumber(db: Db, orgId: string): Promise<number> {
  const [row] = await runStatement(db, threadNumberStatement, { org: orgId });
  return row!.threadSeq;
}

/** The values a new thread's row is written with (`newThreadPart`). */
export type NewThreadValues = {
  threadId: string;
  orgId: string;
  inboxId: string;
  number: number;
  subject: string;
  clientEmail: string;
  clientName: string;
  startedBy: "client" | "staff";
  linkedThreadId: string | null;
  messageCount: number;
  lastMessageDirection: Direction | null;
  lastMessageFrom: string | null;
  /** ISO text */
  now: string;
  clientWrote: boolean;
};

export function newThreadValues(write: NewThreadWrite): NewThreadValues {
  const { thread, opening } = write;
  return {
    threadId: thread.id,
    orgId: write.orgId,
    inboxId: write.inboxId,
    number: thread.number,
    subject: thread.subject,
    clientEmail: thread.client.email,
    clientName: thread.client.name,
    startedBy: thread.startedBy,
    linkedThreadId: thread.linkedThreadId,
    messageCount: opening?.messages ?? 0,
    lastMessageDirection: opening?.direction ?? null,
    lastMessageFrom: opening?.from ?? null,
    now: write.now.toISOString(),
    clientWrote: opening?.direction === "inbound",
  };
}

const newThreadStatement = defineStatement<
  NewThreadValues & { participants: string },
  { id: string; number: number; status: ThreadStatus }
>(
  (p) =>
    sql`with ${newThreadPart(p, null)}, ${participantsPart(p.participants)} select id, number, status from thread_row`,
);

/** Writes a thread staff start before any mail, and who takes part, in one statement. */
export async function writeNewThread(
  db: Db,
  write: NewThreadWrite,
  participants: string[],
): Promise<{ id: string; number: number; status: ThreadStatus }> {
  const values = { ...newThreadValues(write), participants: participantsValue(participants) };
  const [row] = await runStatement(db, newThreadStatement, values);
  return row!;
}

/**
 * `thread_row`: the new thread's row, returning `id, number, status`. A client's first email
 * starts the response targets' clock. `writtenIf` names a CTE the row is only written with (a
 * filing's claim); null: always.
 */
export function newThreadPart(p: Placeholders<NewThreadValues>, writtenIf: SQL | null): SQL {
  const from = writtenIf ? sql`from ${writtenIf}` : sql``;
  const now = sql`${p.now}::timestamptz`;
  const row = insertSelect(threads, {
    id: p.threadId,
    orgId: p.orgId,
    inboxId: p.inboxId,
    number: p.number,
    subject: p.subject,
    clientEmail: p.clientEmail,
    clientName: p.clientName,
    startedBy: p.startedBy,
    linkedThreadId: sql`${p.linkedThreadId}::uuid`,
    messageCount: sql`${p.messageCount}::int`,
    lastMessageAt: now,
    lastMessageDirection: sql`${p.lastMessageDirection}::text`,
    lastMessageFrom: sql`${p.lastMessageFrom}::text`,
    createdAt: now,
    firstClientMessageAt: sql`case when ${p.clientWrote}::boolean then ${now} end`,
    firstResponseDueAt: sql`case when ${p.clientWrote}::boolean then ${targetDueSql(p, inboxes.firstResponseMinutes)} end`,
    resolutionDueAt: sql`case when ${p.clientWrote}::boolean then ${targetDueSql(p, inboxes.resolutionMinutes)} end`,
  });
  return sql`thread_row as (${row} ${from} returning ${threads.id}, ${threads.number}, ${threads.status})`;
}

/** When the inbox's target falls due for a client who writes now; null when it has none. */
export function targetDueSql(
  p: Placeholders<{ now: string; inboxId: string }>,
  target: typeof inboxes.firstResponseMinutes | typeof inboxes.resolutionMinutes,
): SQL {
  return sql`${p.now}::timestamptz + (select make_interval(mins => ${target}) from ${inboxes} where ${inboxes.id} = ${p.inboxId}::uuid)`;
}

/** Who took part in a thread, as `participantsPart` takes them: each address once, none empty. */
export function participantsValue(emails: readonly string[]): string {
  return JSON.stringify([...new Set(emails.filter(Boolean))]);
}

/**
 * `participants`: who took part in the thread of `thread_row` (a JSON list, `participantsValue`),
 * so a subject tag from them is trusted later.
 */
export function participantsPart(emails: Placeholder): SQL {
  const row = insertSelect(threadParticipants, { threadId: sql`t.id`, email: sql`e.email` });
  return sql`participants as (
    ${row} from thread_row t cross join jsonb_array_elements_text(${emails}::jsonb) as e(email)
    on conflict do nothing)`;
}
