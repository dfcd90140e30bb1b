import { randomUUID } from "node:crypto";
import { findSubjectTag, formatRef, threadSubject } from "../../../shared/src/subject-tag";
import { sha256Hex } from "../auth/secrets";
import type { Config } from "../config";
import type { Db } from "../db/client";
import type { Address } from "../db/schema";
import { buildAcknowledgement, shouldAcknowledge } from "./acknowledge";
import type { FilingPlan, NewThreadPlan, StoredAttachment } from "./filing-plan";
import type { RecipientInbox } from "./look-up-recipients";
import { matchThread } from "./match-thread";
import type { InboundAttachment, InboundEmail, InboundRecipient } from "./payload";
import { recordUntrustedTag } from "./statements/audit";
import { writeFiling } from "./statements/write";

export type FilingResult =
  | { kind: "duplicate" }
  | { kind: "filed"; ref: string; created: boolean; acknowledged: boolean; ackSkipped: string | null };

export type FilingContext = {
  config: Config;
  now: Date;
  inboundId: string;
  fileable: FilingPlan["fileable"];
  dedupeKey: string | null;
};

const toAddress = (r: InboundRecipient): Address => ({ email: r.email, name: r.name });

/** Files one email into one org: finds or starts its thread, stores it, acknowledges a new client. */
export async function fileEmail(
  db: Db,
  recipient: RecipientInbox,
  email: InboundEmail,
  ctx: FilingContext,
): Promise<FilingResult> {
  if (recipient.duplicateThreadId) return { kind: "duplicate" };
  const sender = recipient.senderMember;
  const match =
    recipient.match ??
    (await matchThread(db, {
      orgId: recipient.org.id,
      email,
      mailboxHash: recipient.mailboxHash,
      senderIsMember: sender !== null,
      secretKey: ctx.config.SECRET_KEY!,
    }));
  const thread =
    match.kind === "existing"
      ? { kind: "existing" as const, id: match.threadId, number: match.number }
      : newThread(recipient, email, match);
  const decision =
    thread.kind === "new" && thread.startedBy === "client"
      ? shouldAcknowledge(recipient, email, ctx.config.ACK_LIMIT_PER_HOUR)
      : null;
  const ack =
    decision?.acknowledge && thread.kind === "new"
      ? buildAcknowledgement({
          recipient,
          threadNumber: thread.number,
          clientEmail: thread.client.email,
          subject: email.subject,
          clientMessageId: email.messageId,
          clientReferences: email.references,
          inboundDomain: ctx.config.INBOUND_DOMAIN,
          secretKey: ctx.config.SECRET_KEY!,
        })
      : null;
  const everyone = [email.from.email, ...email.to.map((r) => r.email), ...email.cc.map((r) => r.email)];
  const claimed = await writeFiling(db, {
    inboundId: ctx.inboundId,
    fileable: ctx.fileable,
    now: ctx.now,
    orgId: recipient.org.id,
    inboxId: recipient.inbox.id,
    thread,
    message: {
      id: randomUUID(),
      direction: sender ? "outbound" : "inbound",
      from: email.from,
      to: email.to.map(toAddress),
      cc: email.cc.map(toAddress),
      subject: email.subject,
      html: email.html,
      text: email.text,
      rfcMessageId: email.messageId,
      dedupeKey: ctx.dedupeKey,
      inReplyTo: email.inReplyTo,
      references: email.references,
    },
    attachments: email.attachments.map((file) => toStored(file, email.html)),
    participants: everyone.filter((address) => address && !recipient.isOurs(address)),
    replyingMember: sender,
    ack,
  });
  if (!claimed) return { kind: "duplicate" };
  if (match.kind === "new" && match.quotedThreadId) {
    await recordUntrustedTag(db, {
      orgId: recipient.org.id,
      sender: email.from.email,
      quoted: formatRef(findSubjectTag(email.subject) ?? 0),
      quotedThreadId: match.quotedThreadId,
      startedInstead: formatRef(thread.number),
    });
  }
  return {
    kind: "filed",
    ref: formatRef(thread.number),
    created: thread.kind === "new",
    acknowledged: ack !== null,
    ackSkipped: decision && !decision.acknowledge ? decision.reason : null,
  };
}

/** A new thread; staff who start one by mail (inbox in CC) make the first outside recipient the client. */
function newThread(
  recipient: RecipientInbox,
  email: InboundEmail,
  match: { number: number; quotedThreadId: string | null },
): NewThreadPlan {
  const client = recipient.senderMember
    ? ([...email.to, ...email.cc].find((r) => !recipient.staff.has(r.email) && !recipient.isOurs(r.email)) ??
      email.from)
    : email.from;
  return {
    kind: "new",
    id: randomUUID(),
    number: match.number,
    subject: threadSubject(email.subject),
    client: { email: client.email, name: client.name },
    startedBy: recipient.senderMember ? "staff" : "client",
    linkedThreadId: match.quotedThreadId,
  };
}

function toStored(file: InboundAttachment, html: string): StoredAttachment {
  const inline =
    file.contentId !== null && (file.disposition === "inline" || html.includes(`cid:${file.contentId}`));
  return { ...file, sha256: sha256Hex(file.content), inline };
}
