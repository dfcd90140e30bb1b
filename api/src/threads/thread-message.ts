import { parseRef } from "../../../shared/src/subject-tag";
import type { Db } from "../db/client";
import { isUuid } from "../db/ids";
import { selectInlineParts } from "./statements/attachments";
import { selectMessageBody } from "./statements/messages";

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
  const message = await selectMessageBody(db, orgId, number, messageId);
  if (!message) return null;
  const parts = await selectInlineParts(db, messageId);
  return {
    ...message,
    inlineParts: parts.map((part) => ({ ...part, contentId: part.contentId ?? "" })),
  };
}
