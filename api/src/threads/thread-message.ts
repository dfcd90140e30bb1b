import { and, eq, isNotNull } from "drizzle-orm";
import { parseRef } from "../../../shared/src/subject-tag";
import type { Db } from "../db/client";
import { isUuid } from "../db/ids";
import { attachments, messages, threads } from "../db/schema";

/** A message's body and the parts its HTML can show inline (`cid:` images). */
export type MessageBody = {
  html: string;
  text: string;
  inlineParts: { id: string; contentId: string; contentType: string }[];
};

/** One message of the org's thread `ref`, for showing its body; null for anything else. */
export async function findMessageBody(
  db: Db,
  orgId: string,
  ref: string,
  messageId: string,
): Promise<MessageBody | null> {
  const number = parseRef(ref);
  if (number === null || !isUuid(messageId)) return null;
  const [message] = await db
    .select({ html: messages.html, text: messages.text })
    .from(messages)
    .innerJoin(threads, eq(threads.id, messages.threadId))
    .where(and(eq(messages.id, messageId), eq(threads.orgId, orgId), eq(threads.number, number)))
    .limit(1);
  if (!message) return null;
  const parts = await db
    .select({ id: attachments.id, contentId: attachments.contentId, contentType: attachments.contentType })
    .from(attachments)
    .where(and(eq(attachments.messageId, messageId), isNotNull(attachments.contentId)));
  return {
    ...message,
    inlineParts: parts.map((part) => ({ ...part, contentId: part.contentId ?? "" })),
  };
}
