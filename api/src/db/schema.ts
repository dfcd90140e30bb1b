import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigserial,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { bytea } from "./bytea";
import { tsvector } from "./tsvector";

const createdAt = () => timestamp({ withTimezone: true }).notNull().defaultNow();
const clientCheck = (name: string, column: AnyPgColumn) =>
  check(name, sql`${column} in (${sql.raw(ACTION_CLIENTS.map((client) => `'${client}'`).join(", "))})`);

export const THREAD_STATUSES = ["open", "in_progress", "resolved", "closed"] as const;
export type ThreadStatus = (typeof THREAD_STATUSES)[number];
export const MEMBER_ROLES = ["admin", "agent"] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];
export type Direction = "inbound" | "outbound";
/** Through which client a member acted: the staff API itself, an add-on, the web pages or MCP. */
export const ACTION_CLIENTS = ["api", "gmail", "outlook", "web", "mcp"] as const;
export type ActionClient = (typeof ACTION_CLIENTS)[number];
export type Address = { email: string; name: string };

export const orgs = pgTable(
  "orgs",
  {
    id: uuid().primaryKey().defaultRandom(),
    slug: text().notNull(),
    name: text().notNull(),
    // last THD number handed out in this org; bumped under the row lock
    threadSeq: integer().notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("orgs_slug_uq").on(t.slug)],
);
export type Org = typeof orgs.$inferSelect;

export const inboxes = pgTable(
  "inboxes",
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: uuid()
      .notNull()
      .references(() => orgs.id, { onDelete: "cascade" }),
    name: text().notNull(),
    autoAck: boolean().notNull().default(true),
    autoAckMessage: text(),
    customAddress: text(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("inboxes_org_name_uq").on(t.orgId, t.name),
    uniqueIndex("inboxes_custom_address_uq").on(t.customAddress),
  ],
);
export type Inbox = typeof inboxes.$inferSelect;

export const members = pgTable(
  "members",
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: uuid()
      .notNull()
      .references(() => orgs.id, { onDelete: "cascade" }),
    email: text().notNull(),
    name: text().notNull().default(""),
    role: text({ enum: MEMBER_ROLES }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("members_org_email_uq").on(t.orgId, t.email),
    index("members_email_idx").on(t.email),
    check("members_role_ck", sql`${t.role} in ('admin', 'agent')`),
    check("members_email_lower_ck", sql`${t.email} = lower(${t.email})`),
  ],
);
export type Member = typeof members.$inferSelect;

export const apiTokens = pgTable(
  "api_tokens",
  {
    id: uuid().primaryKey().defaultRandom(),
    memberId: uuid()
      .notNull()
      .references(() => members.id, { onDelete: "cascade" }),
    // SHA-256 of the token: tokens are long random strings, so a fast hash is enough
    tokenHash: text().notNull(),
    label: text().notNull().default(""),
    createdAt: createdAt(),
    lastUsedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
  },
  (t) => [uniqueIndex("api_tokens_hash_uq").on(t.tokenHash)],
);
export type ApiToken = typeof apiTokens.$inferSelect;

export const threads = pgTable(
  "threads",
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: uuid()
      .notNull()
      .references(() => orgs.id, { onDelete: "cascade" }),
    inboxId: uuid()
      .notNull()
      .references(() => inboxes.id),
    number: integer().notNull(),
    subject: text().notNull(),
    status: text({ enum: THREAD_STATUSES }).notNull().default("open"),
    clientEmail: text().notNull(),
    clientName: text().notNull().default(""),
    assigneeId: uuid().references(() => members.id, { onDelete: "set null" }),
    startedBy: text({ enum: ["client", "staff"] }).notNull(),
    // a thread started by a stranger quoting another thread's tag links back to it
    linkedThreadId: uuid(),
    messageCount: integer().notNull().default(0),
    lastMessageAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastMessageDirection: text({ enum: ["inbound", "outbound"] }),
    lastMessageFrom: text(),
    createdAt: createdAt(),
    // the thread's own search document: ref, subject, client (functions in the search migration)
    search: tsvector()
      .notNull()
      .generatedAlwaysAs(sql`thread_search_document(number, subject, client_name, client_email)`),
  },
  (t) => [
    uniqueIndex("threads_org_number_uq").on(t.orgId, t.number),
    index("threads_search_idx").using("gin", t.search),
    // newest activity first, in exactly the list's order (`desc` is NULLS FIRST, as in the queries)
    index("threads_org_activity_idx").on(
      t.orgId,
      t.lastMessageAt.desc().nullsFirst(),
      t.id.desc().nullsFirst(),
    ),
    // a client's threads, newest first: compose candidates in the add-ons
    index("threads_org_client_activity_idx").on(t.orgId, t.clientEmail, t.lastMessageAt.desc(), t.id.desc()),
    check("threads_status_ck", sql`${t.status} in ('open', 'in_progress', 'resolved', 'closed')`),
  ],
);
export type Thread = typeof threads.$inferSelect;
export type NewThread = typeof threads.$inferInsert;

// every address that took part in a thread: who may thread by quoting its tag
export const threadParticipants = pgTable(
  "thread_participants",
  {
    threadId: uuid()
      .notNull()
      .references(() => threads.id, { onDelete: "cascade" }),
    email: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.threadId, t.email] }), index("thread_participants_email_idx").on(t.email)],
);

export const inboundEmails = pgTable(
  "inbound_emails",
  {
    id: uuid().primaryKey().defaultRandom(),
    postmarkMessageId: text(),
    // the body exactly as posted: nothing that reaches the webhook is lost
    rawBody: text().notNull(),
    status: text({ enum: ["received", "filed", "duplicate", "unrouted", "rejected", "failed"] })
      .notNull()
      .default("received"),
    error: text(),
    fromEmail: text(),
    subject: text(),
    recipients: jsonb().$type<string[]>().notNull().default([]),
    orgId: uuid().references(() => orgs.id, { onDelete: "set null" }),
    receivedAt: createdAt(),
    processedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex("inbound_emails_postmark_id_uq").on(t.postmarkMessageId),
    index("inbound_emails_status_idx").on(t.status, t.receivedAt),
    // the inbound log, newest first: an org's, and the operator's across every org
    index("inbound_emails_org_received_idx").on(t.orgId, t.receivedAt, t.id),
    index("inbound_emails_received_idx").on(t.receivedAt, t.id),
  ],
);
export type InboundEmail = typeof inboundEmails.$inferSelect;

export const messages = pgTable(
  "messages",
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: uuid()
      .notNull()
      .references(() => orgs.id, { onDelete: "cascade" }),
    inboxId: uuid()
      .notNull()
      .references(() => inboxes.id),
    threadId: uuid()
      .notNull()
      .references(() => threads.id, { onDelete: "cascade" }),
    inboundEmailId: uuid().references(() => inboundEmails.id),
    direction: text({ enum: ["inbound", "outbound"] }).notNull(),
    fromEmail: text().notNull(),
    fromName: text().notNull().default(""),
    to: jsonb().$type<Address[]>().notNull().default([]),
    cc: jsonb().$type<Address[]>().notNull().default([]),
    subject: text().notNull().default(""),
    html: text().notNull().default(""),
    text: text().notNull().default(""),
    rfcMessageId: text(),
    inReplyTo: text(),
    references: jsonb().$type<string[]>().notNull().default([]),
    postmarkMessageId: text(),
    // SHA-256 of Message-ID, sender and subject: a redelivered email repeats all three, while two
    // different emails that reuse one Message-ID (broken mailers do) do not
    dedupeKey: text(),
    // only for mail we send ourselves: pending until the outbox delivered it
    delivery: text({ enum: ["pending", "sent", "failed"] }),
    sentAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
    // computed by the database as the message is written: subject, people and body text; none
    // for mail the service sent itself (acknowledgements)
    search: tsvector()
      .notNull()
      .generatedAlwaysAs(
        sql`message_search_document(subject, from_name, from_email, "to", cc, text, html, direction = 'outbound' and inbound_email_id is null)`,
      ),
  },
  (t) => [
    index("messages_search_idx").using("gin", t.search),
    // one email is filed once per org, whichever of its inboxes it reached first
    uniqueIndex("messages_org_dedupe_uq").on(t.orgId, t.dedupeKey),
    index("messages_org_rfc_id_idx").on(t.orgId, t.rfcMessageId),
    index("messages_org_postmark_id_idx").on(t.orgId, t.postmarkMessageId),
    index("messages_thread_idx").on(t.threadId, t.createdAt),
  ],
);
export type Message = typeof messages.$inferSelect;

export const attachmentBlobs = pgTable(
  "attachment_blobs",
  {
    orgId: uuid()
      .notNull()
      .references(() => orgs.id, { onDelete: "cascade" }),
    sha256: text().notNull(),
    size: integer().notNull(),
    content: bytea().notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.sha256] })],
);

export const attachments = pgTable(
  "attachments",
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: uuid()
      .notNull()
      .references(() => orgs.id, { onDelete: "cascade" }),
    messageId: uuid()
      .notNull()
      .references(() => messages.id, { onDelete: "cascade" }),
    sha256: text().notNull(),
    filename: text().notNull(),
    contentType: text().notNull(),
    size: integer().notNull(),
    contentId: text(),
    inline: boolean().notNull().default(false),
  },
  (t) => [index("attachments_message_idx").on(t.messageId)],
);
export type Attachment = typeof attachments.$inferSelect;

export type OutboundEmail = {
  From: string;
  To: string;
  Subject: string;
  TextBody: string;
  HtmlBody?: string;
  ReplyTo?: string;
  Headers: { Name: string; Value: string }[];
  MessageStream?: string;
};

// transactional outbox: written with the thread, delivered with retries by the outbox worker
export const outbox = pgTable(
  "outbox",
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: uuid()
      .notNull()
      .references(() => orgs.id, { onDelete: "cascade" }),
    messageId: uuid().references(() => messages.id, { onDelete: "cascade" }),
    kind: text({ enum: ["acknowledgement", "magic_link"] }).notNull(),
    recipient: text().notNull(),
    email: jsonb().$type<OutboundEmail>().notNull(),
    status: text({ enum: ["pending", "sent", "failed"] })
      .notNull()
      .default("pending"),
    attempts: integer().notNull().default(0),
    nextAttemptAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastError: text(),
    postmarkMessageId: text(),
    sentAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    index("outbox_due_idx").on(t.status, t.nextAttemptAt),
    index("outbox_recipient_idx").on(t.orgId, t.recipient, t.createdAt),
  ],
);
export type OutboxEntry = typeof outbox.$inferSelect;

// mail kept instead of sent when no Postmark token is configured (development)
export const mailSink = pgTable("mail_sink", {
  id: uuid().primaryKey().defaultRandom(),
  recipient: text().notNull(),
  subject: text().notNull(),
  email: jsonb().$type<OutboundEmail>().notNull(),
  postmarkMessageId: text().notNull(),
  createdAt: createdAt(),
});

export const threadHistory = pgTable(
  "thread_history",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    threadId: uuid()
      .notNull()
      .references(() => threads.id, { onDelete: "cascade" }),
    field: text({ enum: ["status", "assignee"] }).notNull(),
    fromValue: text(),
    toValue: text(),
    // a member, or a system actor such as "client reply"
    actorId: uuid().references(() => members.id, { onDelete: "set null" }),
    actor: text().notNull(),
    // null for changes the mail itself made (a client's reply reopening the thread)
    client: text({ enum: ACTION_CLIENTS }),
    at: createdAt(),
  },
  (t) => [
    index("thread_history_thread_idx").on(t.threadId, t.id),
    clientCheck("thread_history_client_ck", t.client),
  ],
);

export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    orgId: uuid().references(() => orgs.id, { onDelete: "cascade" }),
    kind: text().notNull(),
    actor: text().notNull().default("system"),
    // null for what the service did on its own
    client: text({ enum: ACTION_CLIENTS }),
    detail: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    at: createdAt(),
  },
  (t) => [index("audit_log_org_idx").on(t.orgId, t.id), clientCheck("audit_log_client_ck", t.client)],
);

// presence is ephemeral: the table is UNLOGGED (see the migration), no disk flush per heartbeat
export const presence = pgTable(
  "presence",
  {
    threadId: uuid().notNull(),
    memberId: uuid().notNull(),
    client: text({ enum: ["gmail", "outlook", "web"] }).notNull(),
    orgId: uuid().notNull(),
    activity: text({ enum: ["viewing", "composing"] }).notNull(),
    since: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.threadId, t.memberId, t.client] }),
    index("presence_expires_idx").on(t.expiresAt),
  ],
);

// UNLOGGED: per-member request counters per minute
export const rateLimits = pgTable(
  "rate_limits",
  {
    key: text().notNull(),
    windowStart: timestamp({ withTimezone: true }).notNull(),
    count: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.key, t.windowStart] })],
);

// UNLOGGED: recent live events, so a stream can resume after Last-Event-ID
export const liveEvents = pgTable(
  "live_events",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    orgId: uuid().notNull(),
    threadId: uuid(),
    type: text({ enum: ["presence", "thread", "message"] }).notNull(),
    data: jsonb().$type<Record<string, unknown>>().notNull(),
    at: createdAt(),
  },
  (t) => [index("live_events_org_idx").on(t.orgId, t.id), index("live_events_at_idx").on(t.at)],
);

// ---- Web sign-in (the viewer and settings pages at /admin) ----

// one-time sign-in links mailed to a person, who may be a member of several orgs
export const signInLinks = pgTable(
  "sign_in_links",
  {
    id: uuid().primaryKey().defaultRandom(),
    // SHA-256 of the link's token: the token itself is only ever in the email
    tokenHash: text().notNull(),
    email: text().notNull(),
    createdAt: createdAt(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    usedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex("sign_in_links_token_uq").on(t.tokenHash),
    index("sign_in_links_email_idx").on(t.email, t.createdAt),
  ],
);

// a signed-in browser: the cookie holds a random id, the database only its hash
export const webSessions = pgTable(
  "web_sessions",
  {
    id: uuid().primaryKey().defaultRandom(),
    tokenHash: text().notNull(),
    email: text().notNull(),
    // the membership the person acts as; null until they choose an org, or once it was removed
    memberId: uuid().references(() => members.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    lastSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("web_sessions_token_uq").on(t.tokenHash),
    index("web_sessions_last_seen_idx").on(t.lastSeenAt),
  ],
);
export type WebSession = typeof webSessions.$inferSelect;
