import { randomUUID } from "node:crypto";
import { formatRef, subjectOrNone } from "../../../shared/src/subject-tag";
import { inboxFrom, inboxReplyTo } from "../domains/inbox-sender";
import { inboxAddress } from "../inboxes/address";
import type { AckPlan } from "./filing-plan";
import { LOOP_HEADER } from "./headers";
import type { RecipientInbox } from "./look-up-recipients";
import type { InboundEmail } from "./payload";
import { signReplyToken } from "./reply-token";

export { LOOP_HEADER };

export function defaultAckMessage(ref: string): string {
  return `Your request has been received and we'll respond shortly. Reference: ${ref}`;
}

type AckDecision = { acknowledge: true } | { acknowledge: false; reason: string };

/** Whether a new client thread gets an acknowledgement; every "no" says why (it is logged). */
export function shouldAcknowledge(
  recipient: RecipientInbox,
  email: InboundEmail,
  perHour: number,
): AckDecision {
  if (!recipient.inbox.autoAck)
    return { acknowledge: false, reason: "acknowledgements are off for this inbox" };
  if (email.automatic) return { acknowledge: false, reason: email.automatic };
  if (email.loopedBack) return { acknowledge: false, reason: "our own mail came back" };
  const sender = email.from.email;
  if (recipient.isOurs(sender)) return { acknowledge: false, reason: "sender is one of our addresses" };
  if (recipient.recentAcks >= perHour) {
    return {
      acknowledge: false,
      reason: `mail-loop guard: ${sender} got ${perHour} acknowledgements this hour`,
    };
  }
  return { acknowledge: true };
}

/** What a client reads in an acknowledgement: sender, subject with the thread's tag, and the text. */
export type AcknowledgementText = {
  from: { email: string; name: string };
  /** the From header as sent: `"Acme" <support.acme@…>` */
  fromHeader: string;
  subject: string;
  text: string;
};

/**
 * The words of an acknowledgement, for the mail the pipeline sends and for the settings page's
 * preview alike: the inbox's own text (with the reference added when it lacks it) or the default.
 */
export function composeAcknowledgement(input: {
  org: { slug: string; name: string };
  inbox: {
    name: string;
    autoAckMessage: string | null;
    customAddress: string | null;
    customAddressVerified: boolean;
  };
  threadNumber: number;
  subject: string;
  inboundDomain: string;
}): AcknowledgementText {
  const ref = formatRef(input.threadNumber);
  const address = inboxAddress(input.inbox, input.org, input.inboundDomain);
  const subject = `[${ref}] Re: ${subjectOrNone(input.subject.replace(/\[\s*THD-\d+\s*\]\s*/gi, ""))}`;
  const custom = input.inbox.autoAckMessage?.trim();
  const text = custom
    ? custom.includes(ref)
      ? custom
      : `${custom}\n\nReference: ${ref}`
    : defaultAckMessage(ref);
  const from = { email: inboxFrom(input.inbox, address), name: input.org.name };
  return { from, fromHeader: `${quoteName(from.name)} <${from.email}>`, subject, text };
}

/**
 * The acknowledgement email: threaded under the client's message, from the inbox as `inboxFrom`
 * rules, with a reply token as Reply-To unless `inboxReplyTo` names the inbox's custom address.
 */
export function buildAcknowledgement(input: {
  recipient: RecipientInbox;
  threadNumber: number;
  clientEmail: string;
  subject: string;
  clientMessageId: string | null;
  clientReferences: string[];
  inboundDomain: string;
  secretKey: string;
}): AckPlan {
  const { org, inbox } = input.recipient;
  const { threadNumber, inboundDomain } = input;
  // named, not spread: after a spread, Node 20's V8 defines each property on its slow path
  const { from, fromHeader, subject, text } = composeAcknowledgement({
    org,
    inbox,
    threadNumber,
    subject: input.subject,
    inboundDomain,
  });
  const token = signReplyToken(input.secretKey, org.id, threadNumber);
  const replyTo = inboxReplyTo(inbox, inboxAddress(inbox, org, inboundDomain, token));
  const rfcMessageId = `<ack.${randomUUID()}@${inboundDomain}>`;
  const references = input.clientMessageId
    ? [...input.clientReferences, input.clientMessageId].slice(-20)
    : [];
  const headers = [
    { Name: "Message-ID", Value: rfcMessageId },
    { Name: "Auto-Submitted", Value: "auto-replied" },
    { Name: "X-Auto-Response-Suppress", Value: "All" },
    { Name: LOOP_HEADER, Value: inboundDomain },
  ];
  if (input.clientMessageId) {
    headers.push(
      { Name: "In-Reply-To", Value: input.clientMessageId },
      { Name: "References", Value: references.join(" ") },
    );
  }
  return {
    messageId: randomUUID(),
    rfcMessageId,
    from,
    subject,
    text,
    inReplyTo: input.clientMessageId,
    references,
    email: {
      From: fromHeader,
      To: input.clientEmail,
      Subject: subject,
      TextBody: text,
      ReplyTo: replyTo,
      Headers: headers,
    },
  };
}

function quoteName(name: string): string {
  return `"${name.replace(/["\\\r\n]/g, "")}"`;
}
