import { and, eq, inArray } from "drizzle-orm";
import { formatRef } from "../../../shared/src/subject-tag";
import { sha256Hex } from "../auth/secrets";
import type { Config } from "../config";
import type { Db } from "../db/client";
import { type Address, inboxes, type Member, members, messages, outbox, type Thread } from "../db/schema";
import { publishEvent } from "../events/publish";
import { endComposing } from "../presence/end-composing";
import { buildAcknowledgement, shouldAcknowledge } from "./acknowledge";
import { inReplyToId, referencesChain, rfcMessageId } from "./headers";
import { matchThread } from "./match-thread";
import type { InboundEmail, InboundRecipient } from "./payload";
import type { InboxRoute } from "./route-inbox";
import { addParticipants, storeMessage } from "./store-message";
import { audit, createThread, recordMessageOnThread } from "./thread-updates";

export type FilingResult =
  | { kind: "duplicate"; threadId: string }
  | { kind: "filed"; thread: Thread; created: boolean; acknowledged: boolean; ackSkipped: string | null };

type FilingContext = { config: Config; now: Date; inboundId: string };

const toAddress = (r: InboundRecipient): Address => ({ email: r.email, name: r.name });

/** Files one email into one org: finds or starts its thread, stores it, acknowledges a new client. */
export async function fileEmail(
  db: Db,
  route: InboxRoute,
  email: InboundEmail,
  ctx: FilingContext,
): Promise<FilingResult> {
  const messageId = rfcMessageId(email.headers);
  const dedupeKey = messageId ? sha256Hex(`${messageId}\n${email.from.email}\n${email.subject}`) : null;
  if (dedupeKey) {
    const [known] = await db
      .select({ threadId: messages.threadId })
      .from(messages)
      .where(and(eq(messages.orgId, route.org.id), eq(messages.dedupeKey, dedupeKey)));
    if (known) return { kind: "duplicate", threadId: known.threadId };
  }
  const people = await lookUpPeople(db, route.org.id, email, ctx.config.INBOUND_DOMAIN);
  const sender = people.staff.get(email.from.email) ?? null;
  const match = await matchThread(db, {
    orgId: route.org.id,
    email,
    mailboxHash: route.mailboxHash,
    senderIsMember: sender !== null,
    secretKey: ctx.config.SECRET_KEY!,
  });
  const created = match.kind === "new";
  let thread =
    match.kind === "existing"
      ? match.thread
      : await startThread(
          db,
          route,
          email,
          { people, sender, linkedThreadId: match.quotedThread?.id ?? null },
          ctx,
        );
  if (match.kind === "new" && match.quotedThread) {
    await audit(db, route.org.id, "thread_tag_not_trusted", {
      sender: email.from.email,
      quoted: formatRef(match.quotedThread.number),
      startedInstead: formatRef(thread.number),
    });
  }
  const direction = sender ? "outbound" : "inbound";
  const storedId = await storeMessage(
    db,
    {
      orgId: route.org.id,
      inboxId: route.inbox.id,
      threadId: thread.id,
      inboundEmailId: ctx.inboundId,
      direction,
      from: email.from,
      to: email.to.map(toAddress),
      cc: email.cc.map(toAddress),
      subject: email.subject,
      html: email.html,
      text: email.text,
      rfcMessageId: messageId,
      dedupeKey,
      inReplyTo: inReplyToId(email.headers),
      references: referencesChain(email.headers),
      createdAt: ctx.now,
    },
    email.attachments,
  );
  const otherPeople = [email.from.email, ...email.to.map((r) => r.email), ...email.cc.map((r) => r.email)];
  await addParticipants(
    db,
    thread.id,
    otherPeople.filter((address) => !people.isOurs(address)),
  );
  thread = await recordMessageOnThread(db, thread, {
    direction,
    from: email.from.email,
    at: ctx.now,
    countsAsActivity: true,
  });
  if (sender) await endComposing(db, thread, sender);
  await publishEvent(db, {
    orgId: route.org.id,
    threadId: thread.id,
    type: "message",
    data: { ref: formatRef(thread.number), messageId: storedId, direction, from: email.from.email },
  });
  if (!created || sender) return { kind: "filed", thread, created, acknowledged: false, ackSkipped: null };
  const ack = await acknowledge(db, route, email, thread, people, ctx);
  return { kind: "filed", thread: ack.thread, created, acknowledged: ack.sent, ackSkipped: ack.skipped };
}

type People = { staff: Map<string, Member>; isOurs: (email: string) => boolean };

/** Which addresses on the email are staff of this org, and which are our own inbox addresses. */
async function lookUpPeople(
  db: Db,
  orgId: string,
  email: InboundEmail,
  inboundDomain: string,
): Promise<People> {
  const addresses = [email.from, ...email.to, ...email.cc, ...email.bcc].map((r) => r.email).filter(Boolean);
  if (addresses.length === 0) return { staff: new Map(), isOurs: () => false };
  const staff = await db
    .select()
    .from(members)
    .where(and(eq(members.orgId, orgId), inArray(members.email, addresses)));
  const custom = await db
    .select({ address: inboxes.customAddress })
    .from(inboxes)
    .where(inArray(inboxes.customAddress, addresses));
  const ours = new Set(custom.map((row) => row.address));
  const domainSuffix = `@${inboundDomain}`;
  return {
    staff: new Map(staff.map((member) => [member.email, member])),
    isOurs: (address) => address.endsWith(domainSuffix) || ours.has(address),
  };
}

async function startThread(
  db: Db,
  route: InboxRoute,
  email: InboundEmail,
  {
    people,
    sender,
    linkedThreadId,
  }: { people: People; sender: Member | null; linkedThreadId: string | null },
  ctx: FilingContext,
): Promise<Thread> {
  // staff who start a thread by mail (inbox in CC): the client is the first outside recipient
  const client = sender
    ? ([...email.to, ...email.cc].find((r) => !people.staff.has(r.email) && !people.isOurs(r.email)) ??
      email.from)
    : email.from;
  return createThread(db, {
    orgId: route.org.id,
    inboxId: route.inbox.id,
    subject: email.subject,
    client: { email: client.email, name: client.name },
    startedBy: sender ? "staff" : "client",
    linkedThreadId,
    now: ctx.now,
  });
}

async function acknowledge(
  db: Db,
  route: InboxRoute,
  email: InboundEmail,
  thread: Thread,
  people: People,
  ctx: FilingContext,
): Promise<{ thread: Thread; sent: boolean; skipped: string | null }> {
  const decision = await shouldAcknowledge(db, {
    org: route.org,
    inbox: route.inbox,
    email,
    isOurAddress: people.isOurs,
    now: ctx.now,
    perHour: ctx.config.ACK_LIMIT_PER_HOUR,
  });
  if (!decision.acknowledge) return { thread, sent: false, skipped: decision.reason };
  const ack = buildAcknowledgement({
    org: route.org,
    inbox: route.inbox,
    threadNumber: thread.number,
    clientEmail: thread.clientEmail,
    subject: email.subject,
    clientMessageId: rfcMessageId(email.headers),
    clientReferences: referencesChain(email.headers),
    inboundDomain: ctx.config.INBOUND_DOMAIN,
    secretKey: ctx.config.SECRET_KEY!,
  });
  const messageId = await storeMessage(db, {
    orgId: route.org.id,
    inboxId: route.inbox.id,
    threadId: thread.id,
    inboundEmailId: null,
    direction: "outbound",
    from: { email: ack.from, name: route.org.name },
    to: [{ email: thread.clientEmail, name: thread.clientName }],
    cc: [],
    subject: ack.subject,
    html: "",
    text: ack.text,
    rfcMessageId: ack.messageId,
    inReplyTo: ack.inReplyTo,
    references: ack.references,
    delivery: "pending",
    // one millisecond after the client's message, so a thread always reads in order
    createdAt: new Date(ctx.now.getTime() + 1),
  });
  await db.insert(outbox).values({
    orgId: route.org.id,
    messageId,
    kind: "acknowledgement",
    recipient: thread.clientEmail,
    email: ack.email,
    nextAttemptAt: ctx.now,
    createdAt: ctx.now,
  });
  // the acknowledgement counts as a message, not as activity someone must look at
  const updated = await recordMessageOnThread(db, thread, {
    direction: "outbound",
    from: ack.from,
    at: ctx.now,
    countsAsActivity: false,
  });
  return { thread: updated, sent: true, skipped: null };
}
