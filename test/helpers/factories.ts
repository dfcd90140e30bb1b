import { createHash, randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { createApiToken } from "../../api/src/auth/api-tokens";
import type { Db } from "../../api/src/db/client";
import {
  type Attachment,
  attachmentBlobs,
  attachments,
  type Inbox,
  inboxes,
  type Member,
  type MemberRole,
  type Message,
  members,
  messages,
  type Org,
  orgs,
  type Thread,
  threads,
} from "../../api/src/db/schema";

const unique = () => randomBytes(4).toString("hex");

export async function makeOrg(db: Db, values: Partial<Pick<Org, "slug" | "name">> = {}): Promise<Org> {
  const slug = values.slug ?? `org-${unique()}`;
  const [org] = await db
    .insert(orgs)
    .values({ slug, name: values.name ?? slug })
    .returning();
  return org!;
}

export async function makeInbox(
  db: Db,
  org: Org,
  values: Partial<Pick<Inbox, "name" | "autoAck" | "autoAckMessage" | "customAddress">> = {},
): Promise<Inbox> {
  const [inbox] = await db
    .insert(inboxes)
    .values({ orgId: org.id, name: values.name ?? "support", ...values })
    .returning();
  return inbox!;
}

export async function makeMember(
  db: Db,
  org: Org,
  values: { email?: string; name?: string; role?: MemberRole } = {},
): Promise<Member & { token: string }> {
  const [member] = await db
    .insert(members)
    .values({
      orgId: org.id,
      email: (values.email ?? `agent-${unique()}@staff.example`).toLowerCase(),
      name: values.name ?? "Agent",
      role: values.role ?? "agent",
    })
    .returning();
  const { token } = await createApiToken(db, member!);
  return { ...member!, token };
}

/** An org with one inbox `support` and an admin: the usual starting point of a test. */
export async function makeOrgWithInbox(db: Db, inboxValues: Parameters<typeof makeInbox>[2] = {}) {
  const org = await makeOrg(db);
  const inbox = await makeInbox(db, org, inboxValues);
  const admin = await makeMember(db, org, { role: "admin", name: "Ada Admin" });
  return { org, inbox, admin };
}

/** A thread numbered from the org's sequence, as the inbound pipeline would file it. */
export async function makeThread(
  db: Db,
  org: Org,
  inbox: Inbox,
  values: Partial<Omit<typeof threads.$inferInsert, "id" | "orgId" | "inboxId" | "number">> = {},
): Promise<Thread> {
  const [seq] = await db
    .update(orgs)
    .set({ threadSeq: sql`${orgs.threadSeq} + 1` })
    .where(eq(orgs.id, org.id))
    .returning({ number: orgs.threadSeq });
  const [thread] = await db
    .insert(threads)
    .values({
      orgId: org.id,
      inboxId: inbox.id,
      number: seq!.number,
      subject: "Printer on fire",
      clientEmail: `client-${unique()}@client.example`,
      clientName: "Cleo Client",
      startedBy: "client",
      ...values,
    })
    .returning();
  return thread!;
}

/** A message in a thread; the thread's count and last activity follow, as filing would do. */
export async function makeMessage(
  db: Db,
  thread: Thread,
  values: Partial<Omit<typeof messages.$inferInsert, "id" | "orgId" | "inboxId" | "threadId">> = {},
): Promise<Message> {
  const direction = values.direction ?? "inbound";
  const [message] = await db
    .insert(messages)
    .values({
      orgId: thread.orgId,
      inboxId: thread.inboxId,
      threadId: thread.id,
      direction,
      fromEmail: direction === "inbound" ? thread.clientEmail : "agent@staff.example",
      subject: thread.subject,
      text: "Hello",
      html: "<p>Hello</p>",
      rfcMessageId: `<${unique()}@mail.example>`,
      ...values,
    })
    .returning();
  await db
    .update(threads)
    .set({
      messageCount: sql`${threads.messageCount} + 1`,
      lastMessageAt: message!.createdAt,
      lastMessageDirection: message!.direction,
      lastMessageFrom: message!.fromEmail,
    })
    .where(eq(threads.id, thread.id));
  return message!;
}

/** An attachment of a message, its bytes kept once per org by SHA-256 as the pipeline does. */
export async function makeAttachment(
  db: Db,
  message: Message,
  values: {
    filename?: string;
    contentType?: string;
    content?: Buffer;
    inline?: boolean;
    contentId?: string;
  } = {},
): Promise<Attachment> {
  const content = values.content ?? Buffer.from(`file ${unique()}`);
  const sha256 = createHash("sha256").update(content).digest("hex");
  await db
    .insert(attachmentBlobs)
    .values({ orgId: message.orgId, sha256, size: content.byteLength, content })
    .onConflictDoNothing();
  const [attachment] = await db
    .insert(attachments)
    .values({
      orgId: message.orgId,
      messageId: message.id,
      sha256,
      filename: values.filename ?? "notes.txt",
      contentType: values.contentType ?? "text/plain",
      size: content.byteLength,
      inline: values.inline ?? false,
      contentId: values.contentId ?? null,
    })
    .returning();
  return attachment!;
}
