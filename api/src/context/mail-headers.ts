import { messageIdsIn } from "../inbound/headers";

/** What an add-on knows of the open message or draft. */
export type MailHeaders = {
  subject?: string | null | undefined;
  messageId?: string | null | undefined;
  inReplyTo?: string | null | undefined;
  references?: string | readonly string[] | null | undefined;
};

const MAX_IDS = 100;

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
