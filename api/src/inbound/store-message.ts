import { createHash } from "node:crypto";
import type { Db } from "../db/client";
import {
  type Address,
  attachmentBlobs,
  attachments,
  type Direction,
  messages,
  threadParticipants,
} from "../db/schema";
import type { InboundAttachment } from "./payload";

export type NewMessage = {
  orgId: string;
  inboxId: string;
  threadId: string;
  inboundEmailId: string | null;
  direction: Direction;
  from: Address;
  to: Address[];
  cc: Address[];
  subject: string;
  html: string;
  text: string;
  rfcMessageId: string | null;
  dedupeKey?: string | null;
  inReplyTo: string | null;
  references: string[];
  delivery?: "pending";
  createdAt: Date;
};

/** Stores one message of a thread with its attachments; returns its id. */
export async function storeMessage(
  db: Db,
  message: NewMessage,
  files: InboundAttachment[] = [],
): Promise<string> {
  const { from, ...rest } = message;
  const [row] = await db
    .insert(messages)
    .values({ ...rest, fromEmail: from.email, fromName: from.name })
    .returning({ id: messages.id });
  const messageId = row!.id;
  for (const file of files) await storeAttachment(db, message.orgId, messageId, file, message.html);
  return messageId;
}

/** Attachment content is kept once per org, keyed by its SHA-256. */
async function storeAttachment(
  db: Db,
  orgId: string,
  messageId: string,
  file: InboundAttachment,
  html: string,
) {
  const sha256 = createHash("sha256").update(file.content).digest("hex");
  await db
    .insert(attachmentBlobs)
    .values({ orgId, sha256, size: file.content.length, content: file.content })
    .onConflictDoNothing();
  const inline =
    file.contentId !== null && (file.disposition === "inline" || html.includes(`cid:${file.contentId}`));
  await db.insert(attachments).values({
    orgId,
    messageId,
    sha256,
    filename: file.filename,
    contentType: file.contentType,
    size: file.content.length,
    contentId: file.contentId,
    inline,
  });
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
