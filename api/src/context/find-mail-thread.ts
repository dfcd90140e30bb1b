import { and, eq, inArray, or } from "drizzle-orm";
import { findSubjectTag } from "../../../shared/src/subject-tag";
import type { Db } from "../db/client";
import { messages, type Thread, threads } from "../db/schema";
import { messageIdsIn, postmarkIdOf } from "../inbound/headers";

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
    const [tagged] = await db
      .select()
      .from(threads)
      .where(and(eq(threads.orgId, orgId), eq(threads.number, tagNumber)))
      .limit(1);
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

async function threadByMessageIds(db: Db, orgId: string, ids: string[]): Promise<Thread | null> {
  if (ids.length === 0) return null;
  const postmarkIds = ids.map(postmarkIdOf).filter((id): id is string => id !== null);
  const known = await db
    .select({
      threadId: messages.threadId,
      rfcMessageId: messages.rfcMessageId,
      postmarkId: messages.postmarkMessageId,
    })
    .from(messages)
    .where(
      and(
        eq(messages.orgId, orgId),
        postmarkIds.length
          ? or(inArray(messages.rfcMessageId, ids), inArray(messages.postmarkMessageId, postmarkIds))
          : inArray(messages.rfcMessageId, ids),
      ),
    );
  for (const id of ids) {
    const postmarkId = postmarkIdOf(id);
    const hit = known.find(
      (row) => row.rfcMessageId === id || (postmarkId !== null && row.postmarkId === postmarkId),
    );
    if (!hit) continue;
    const [thread] = await db
      .select()
      .from(threads)
      .where(and(eq(threads.id, hit.threadId), eq(threads.orgId, orgId)))
      .limit(1);
    if (thread) return thread;
  }
  return null;
}
