import { and, count, desc, eq, getTableColumns, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { type CursorKey, cursorKeyOf, olderThan } from "../../db/keyset";
import { type Message, messages, threads } from "../../db/schema";
import { selectColumns } from "../../db/select-columns";
import { defineStatement, runStatement } from "../../db/statement";

// every column a view needs, not the search document the database keeps beside them
const messageColumns = {
  id: messages.id,
  direction: messages.direction,
  fromEmail: messages.fromEmail,
  fromName: messages.fromName,
  to: messages.to,
  cc: messages.cc,
  subject: messages.subject,
  html: messages.html,
  text: messages.text,
  rfcMessageId: messages.rfcMessageId,
  inReplyTo: messages.inReplyTo,
  createdAt: messages.createdAt,
};

/** What a message view is made from: the columns above. */
export type MessageRow = Pick<Message, keyof typeof messageColumns>;

const threadMessagesStatement = defineStatement<{ threadId: string }, MessageRow>(
  (p) => sql`select ${selectColumns(messageColumns)} from ${messages}
    where ${messages.threadId} = ${p.threadId}
    order by ${messages.createdAt}, ${messages.id}`,
  { createdAt: messages.createdAt },
);

/** The thread's messages oldest first. */
export function selectMessages(db: Db, threadId: string): Promise<MessageRow[]> {
  return runStatement(db, threadMessagesStatement, { threadId });
}

/** A message with its cursor key: its instant to the microsecond. */
export type KeyedMessageRow = Message & { key: string };

/** The thread's newest `rows` messages before the key (all of them without one), newest first. */
export function selectMessagesBefore(
  db: Db,
  threadId: string,
  before: CursorKey | null,
  rows: number,
): Promise<KeyedMessageRow[]> {
  return db
    .select({ ...getTableColumns(messages), key: cursorKeyOf(messages.createdAt) })
    .from(messages)
    .where(
      and(
        eq(messages.threadId, threadId),
        before ? olderThan(messages.createdAt, messages.id, before) : undefined,
      ),
    )
    .orderBy(desc(messages.createdAt), desc(messages.id))
    .limit(rows);
}

/** How many of the thread's messages come before the key. */
export async function countMessagesBefore(db: Db, threadId: string, key: CursorKey): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(messages)
    .where(and(eq(messages.threadId, threadId), olderThan(messages.createdAt, messages.id, key)));
  return row?.n ?? 0;
}

/** The body of one message of the org's thread numbered `threadNumber`, or null. */
export async function selectMessageBody(
  db: Db,
  orgId: string,
  threadNumber: number,
  messageId: string,
): Promise<{ html: string; text: string } | null> {
  const [message] = await db
    .select({ html: messages.html, text: messages.text })
    .from(messages)
    .innerJoin(threads, eq(threads.id, messages.threadId))
    .where(and(eq(messages.id, messageId), eq(threads.orgId, orgId), eq(threads.number, threadNumber)))
    .limit(1);
  return message ?? null;
}
