import { randomUUID } from "node:crypto";
import { and, count, eq, gt } from "drizzle-orm";
import { formatRef } from "../../../shared/src/subject-tag";
import type { Db } from "../db/client";
import { type Inbox, type Org, type OutboundEmail, outbox } from "../db/schema";
import { inboxAddress } from "../inboxes/address";
import { automaticMailReason } from "./auto-reply";
import type { InboundEmail } from "./payload";
import { signReplyToken } from "./reply-token";

export const LOOP_HEADER = "X-Tisket-Loop";

export function defaultAckMessage(ref: string): string {
  return `Your request has been received and we'll respond shortly. Reference: ${ref}`;
}

type AckDecision = { acknowledge: true } | { acknowledge: false; reason: string };

/** Whether a new client thread gets an acknowledgement; every "no" says why (kept in the log). */
export async function shouldAcknowledge(
  db: Db,
  input: {
    org: Org;
    inbox: Inbox;
    email: InboundEmail;
    isOurAddress: (email: string) => boolean;
    now: Date;
    perHour: number;
  },
): Promise<AckDecision> {
  if (!input.inbox.autoAck) return { acknowledge: false, reason: "acknowledgements are off for this inbox" };
  const machine = automaticMailReason(input.email);
  if (machine) return { acknowledge: false, reason: machine };
  if (input.email.headers.some((h) => h.name.toLowerCase() === LOOP_HEADER.toLowerCase())) {
    return { acknowledge: false, reason: "our own mail came back" };
  }
  const sender = input.email.from.email;
  if (input.isOurAddress(sender)) return { acknowledge: false, reason: "sender is one of our addresses" };
  const since = new Date(input.now.getTime() - 60 * 60 * 1000);
  const [recent] = await db
    .select({ n: count() })
    .from(outbox)
    .where(
      and(
        eq(outbox.orgId, input.org.id),
        eq(outbox.recipient, sender),
        eq(outbox.kind, "acknowledgement"),
        gt(outbox.createdAt, since),
      ),
    );
  if ((recent?.n ?? 0) >= input.perHour) {
    return {
      acknowledge: false,
      reason: `mail-loop guard: ${sender} got ${input.perHour} acknowledgements this hour`,
    };
  }
  return { acknowledge: true };
}

export type Acknowledgement = {
  email: OutboundEmail;
  from: string;
  subject: string;
  text: string;
  messageId: string;
  inReplyTo: string | null;
  references: string[];
};

/** The acknowledgement email: threaded under the client's message, with a reply token as Reply-To. */
export function buildAcknowledgement(input: {
  org: Org;
  inbox: Inbox;
  threadNumber: number;
  clientEmail: string;
  subject: string;
  clientMessageId: string | null;
  clientReferences: string[];
  inboundDomain: string;
  secretKey: string;
}): Acknowledgement {
  const ref = formatRef(input.threadNumber);
  const address = inboxAddress(input.inbox, input.org, input.inboundDomain);
  const [local, domain] = address.split("@") as [string, string];
  const replyTo = `${local}+${signReplyToken(input.secretKey, input.org.id, input.threadNumber)}@${domain}`;
  const subject = `[${ref}] Re: ${input.subject.replace(/\[\s*THD-\d+\s*\]\s*/gi, "").trim() || "(no subject)"}`;
  const custom = input.inbox.autoAckMessage?.trim();
  const text = custom
    ? custom.includes(ref)
      ? custom
      : `${custom}\n\nReference: ${ref}`
    : defaultAckMessage(ref);
  const messageId = `<ack.${randomUUID()}@${input.inboundDomain}>`;
  const references = input.clientMessageId
    ? [...input.clientReferences, input.clientMessageId].slice(-20)
    : [];
  const headers = [
    { Name: "Message-ID", Value: messageId },
    { Name: "Auto-Submitted", Value: "auto-replied" },
    { Name: "X-Auto-Response-Suppress", Value: "All" },
    { Name: LOOP_HEADER, Value: input.inboundDomain },
  ];
  if (input.clientMessageId) {
    headers.push(
      { Name: "In-Reply-To", Value: input.clientMessageId },
      { Name: "References", Value: references.join(" ") },
    );
  }
  const from = `${quoteName(input.org.name)} <${address}>`;
  return {
    email: {
      From: from,
      To: input.clientEmail,
      Subject: subject,
      TextBody: text,
      ReplyTo: replyTo,
      Headers: headers,
    },
    from: address,
    subject,
    text,
    messageId,
    inReplyTo: input.clientMessageId,
    references,
  };
}

function quoteName(name: string): string {
  return `"${name.replace(/["\\\r\n]/g, "")}"`;
}
