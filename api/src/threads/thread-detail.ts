import type { Db } from "../db/client";
import type { ActionClient, Address, Direction, HistoryField } from "../db/schema";
import { type DraftView, loadDrafts } from "../drafts/drafts";
import { notFound } from "../errors";
import { loadNotes, type NoteView } from "../notes/load-notes";
import { loadThreadTickets, type TicketLink } from "../tickets/thread-tickets";
import { selectAttachmentViews } from "./statements/attachments";
import { selectHistory } from "./statements/history";
import { type MessageRow, selectMessages } from "./statements/messages";
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

/** The thread's messages oldest first, with their attachments: two queries whatever the count. */
export async function loadMessages(db: Db, threadId: string): Promise<MessageView[]> {
  return toMessageViews(db, await selectMessages(db, threadId));
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
  for (const { messageId, ...view } of await selectAttachmentViews(db, messageIds)) {
    byMessage.set(messageId, [...(byMessage.get(messageId) ?? []), view]);
  }
  return byMessage;
}

/** Every recorded change of the thread, oldest first; a member who left shows as the text recorded. */
export async function loadHistory(db: Db, threadId: string): Promise<HistoryEntry[]> {
  const rows = await selectHistory(db, threadId);
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
