import { randomUUID } from "node:crypto";
import type { Db } from "../../../api/src/db/client";
import { type Inbox, type Org, type OutboundEmail, outbox } from "../../../api/src/db/schema";
import type { Logger } from "../../../api/src/deps";
import { makeMessage, makeThread } from "../../helpers/factories";

export type LogLine = {
  level: "info" | "warn" | "error";
  message: string;
  context?: Record<string, unknown>;
};

/** A logger that keeps what it is told, for tests that check what was logged. */
export function recordingLogger(): Logger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const record = (level: LogLine["level"]) => (message: string, context?: Record<string, unknown>) =>
    lines.push({ level, message, ...(context ? { context } : {}) });
  return { lines, info: record("info"), warn: record("warn"), error: record("error") };
}

/**
 * What the inbound pipeline leaves behind for a new client thread: the client's message, the
 * acknowledgement as a pending outbound message of the thread, and its outbox row.
 */
export async function makeAcknowledgement(
  db: Db,
  org: Org,
  inbox: Inbox,
  options: { clientEmail?: string; dueAt?: Date } = {},
) {
  const thread = await makeThread(
    db,
    org,
    inbox,
    options.clientEmail ? { clientEmail: options.clientEmail } : {},
  );
  const original = await makeMessage(db, thread, { rfcMessageId: `<${randomUUID()}@mail.client.example>` });
  const ackMessageId = `<thd-${thread.number}.${randomUUID()}@tisket.test>`;
  const email: OutboundEmail = {
    From: `${inbox.name}@tisket.test`,
    To: thread.clientEmail,
    Subject: `[THD-${thread.number}] Re: ${thread.subject}`,
    TextBody: `Your request has been received and we'll respond shortly. Reference: THD-${thread.number}`,
    ReplyTo: `${inbox.name}+token@tisket.test`,
    Headers: [
      { Name: "Message-ID", Value: ackMessageId },
      { Name: "In-Reply-To", Value: original.rfcMessageId! },
      { Name: "References", Value: original.rfcMessageId! },
      { Name: "Auto-Submitted", Value: "auto-replied" },
      { Name: "X-Auto-Response-Suppress", Value: "All" },
    ],
  };
  const message = await makeMessage(db, thread, {
    direction: "outbound",
    fromEmail: email.From,
    subject: email.Subject,
    text: email.TextBody,
    rfcMessageId: ackMessageId,
    inReplyTo: original.rfcMessageId,
    delivery: "pending",
  });
  const [entry] = await db
    .insert(outbox)
    .values({
      orgId: thread.orgId,
      messageId: message.id,
      kind: "acknowledgement",
      recipient: thread.clientEmail,
      email,
      ...(options.dueAt ? { nextAttemptAt: options.dueAt } : {}),
    })
    .returning();
  return { thread, message, entry: entry!, email };
}
