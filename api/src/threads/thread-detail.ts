import { asc, eq, inArray } from "drizzle-orm";
import type { Db } from "../db/client";
import {
  type ActionClient,
  type Address,
  attachments,
  type Direction,
  type HistoryField,
  type Message,
  members,
  messages,
  threadHistory,
} from "../db/schema";
import { type DraftView, loadDrafts } from "../drafts/drafts";
import { notFound } from "../errors";
import { loadNotes, type NoteView } from "../notes/load-notes";
import { loadThreadTickets, type TicketLink } from "../tickets/thread-tickets";
import { loadThreadSummary, type Person, type SummaryScope, type ThreadSummary } from "./summary";
import { requireThreadByRef } from "./thread-lookup";

export type AttachmentView = {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  inline: boolean;
};

export type MessageView = {
  id: string;
  direction: Direction;
  from: Person;
  to: Address[];
  cc: Address[];
  subject: string;
  html: string;
  text: string;
  messageId: string | null;
  inReplyTo: string | null;
  createdAt: string;
  attachments: AttachmentView[];
};

export type HistoryEntry = {
  field: HistoryField;
  from: string | null;
  to: string | null;
  actor: Person | { system: string };
  /** through which client the member acted; null for a change the mail made */
  client: ActionClient | null;
  at: string;
};

export type ThreadDetail = ThreadSummary & {
  messages: MessageView[];
  notes: NoteView[];
  history: HistoryEntry[];
  tickets: TicketLink[];
  drafts: DraftView[];
};

/** A thread of the org with its messages and notes (oldest first), history, tickets and drafts; 404 when not the org's. */
export async function loadThreadDetail(db: Db, scope: SummaryScope, ref: string): Promise<ThreadDetail> {
  const thread = await requireThreadByRef(db, scope.org.id, ref);
  return loadThreadDetailById(db, scope, thread.id);
}

export async function loadThreadDetailById(
  db: Db,
  scope: SummaryScope,
  threadId: string,
): Promise<ThreadDetail> {
  const [rest, messageViews] = await Promise.all([
    loadThreadWithoutMessages(db, scope, threadId),
    loadMessages(db, threadId),
  ]);
  return { ...rest, messages: messageViews };
}

/** Everything of the thread detail but its messages, for callers that page through those. */
export async function loadThreadWithoutMessages(
  db: Db,
  scope: SummaryScope,
  threadId: string,
): Promise<Omit<ThreadDetail, "messages">> {
  const [summary, notes, history, tickets, drafts] = await Promise.all([
    loadThreadSummary(db, scope, threadId),
    loadNotes(db, threadId),
    loadHistory(db, threadId),
    loadThreadTickets(db, threadId),
    loadDrafts(db, threadId),
  ]);
  if (!summary) throw notFound("thread");
  return { ...summary, notes, history, tickets, drafts };
}

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
type MessageRow = Pick<Message, keyof typeof messageColumns>;

/** The thread's messages oldest first, with their attachments: two queries whatever the count. */
export async function loadMessages(db: Db, threadId: string): Promise<MessageView[]> {
  const rows = await db
    .select(messageColumns)
    .from(messages)
    .where(eq(messages.threadId, threadId))
    .orderBy(asc(messages.createdAt), asc(messages.id));
  return toMessageViews(db, rows);
}

/** Message rows as the API shows them, with their attachments in one more query. */
export async function toMessageViews(db: Db, rows: MessageRow[]): Promise<MessageView[]> {
  const files = await loadAttachmentViews(
    db,
    rows.map((row) => row.id),
  );
  return rows.map((row) => ({
    id: row.id,
    direction: row.direction,
    from: { email: row.fromEmail, name: row.fromName },
    to: row.to,
    cc: row.cc,
    subject: row.subject,
    html: row.html,
    text: row.text,
    messageId: row.rfcMessageId,
    inReplyTo: row.inReplyTo,
    createdAt: row.createdAt.toISOString(),
    attachments: files.get(row.id) ?? [],
  }));
}

async function loadAttachmentViews(db: Db, messageIds: string[]): Promise<Map<string, AttachmentView[]>> {
  const byMessage = new Map<string, AttachmentView[]>();
  if (messageIds.length === 0) return byMessage;
  const rows = await db
    .select({
      id: attachments.id,
      messageId: attachments.messageId,
      filename: attachments.filename,
      contentType: attachments.contentType,
      size: attachments.size,
      inline: attachments.inline,
    })
    .from(attachments)
    .where(inArray(attachments.messageId, messageIds))
    .orderBy(asc(attachments.filename), asc(attachments.id));
  for (const { messageId, ...view } of rows) {
    byMessage.set(messageId, [...(byMessage.get(messageId) ?? []), view]);
  }
  return byMessage;
}

/** Every recorded change of the thread, oldest first; a member who left shows as the text recorded. */
export async function loadHistory(db: Db, threadId: string): Promise<HistoryEntry[]> {
  const rows = await db
    .select({
      field: threadHistory.field,
      from: threadHistory.fromValue,
      to: threadHistory.toValue,
      actor: threadHistory.actor,
      client: threadHistory.client,
      memberEmail: members.email,
      memberName: members.name,
      at: threadHistory.at,
    })
    .from(threadHistory)
    .leftJoin(members, eq(members.id, threadHistory.actorId))
    .where(eq(threadHistory.threadId, threadId))
    .orderBy(asc(threadHistory.id));
  return rows.map((row) => ({
    field: row.field,
    from: row.from,
    to: row.to,
    actor:
      row.memberEmail === null
        ? { system: row.actor }
        : { email: row.memberEmail, name: row.memberName ?? "" },
    client: row.client,
    at: row.at.toISOString(),
  }));
}
