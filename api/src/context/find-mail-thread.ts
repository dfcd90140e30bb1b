import { findSubjectTag } from "../../../shared/src/subject-tag";
import type { Db } from "../db/client";
import type { Thread } from "../db/schema";
import { messageIdsIn } from "../inbound/headers";
import { threadByMessageIds, threadByNumber } from "../threads/thread-lookup";

/** What an add-on knows of the open message or draft. */
export type MailHeaders = {
  subject?: string | null | undefined;
  messageId?: string | null | undefined;
  inReplyTo?: string | null | undefined;
  references?: string | readonly string[] | null | undefined;
};

const MAX_IDS = 100;

/**
 * The org's thread a message belongs to: by its `[THD-n]` tag (the caller is staff, so the tag is
 * trusted), else by its own Message-ID, In-Reply-To or References against the mail we stored.
 */
export async function findThreadForMail(db: Db, orgId: string, mail: MailHeaders): Promise<Thread | null> {
  const tagNumber = findSubjectTag(mail.subject ?? "");
  if (tagNumber !== null) {
    const tagged = await threadByNumber(db, orgId, tagNumber);
    if (tagged) return tagged;
  }
  return threadByMessageIds(db, orgId, candidateMessageIds(mail));
}

/** The message's own id, then In-Reply-To, then References newest first: closest first. */
export function candidateMessageIds(mail: MailHeaders): string[] {
  const references = typeof mail.references === "string" ? [mail.references] : (mail.references ?? []);
  const chain = references.flatMap((value) => messageIdsIn(value)).reverse();
  const ids = [
    ...messageIdsIn(mail.messageId ?? null).slice(0, 1),
    ...messageIdsIn(mail.inReplyTo ?? null).slice(0, 1),
    ...chain,
  ];
  return [...new Set(ids)].slice(0, MAX_IDS);
}
