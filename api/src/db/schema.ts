import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigint,
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
export const THREAD_PRIORITIES = ["low", "normal", "high", "urgent"] as const;
export type ThreadPriority = (typeof THREAD_PRIORITIES)[number];
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
    // response targets: a thread's due times follow from them when its client first writes
    firstResponseMinutes: integer(),
    resolutionMinutes: integer(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("inboxes_org_name_uq").on(t.orgId, t.name),
    uniqueIndex("inboxes_custom_address_uq").on(t.customAddress),
    check("inboxes_first_response_minutes_ck", sql`${t.firstResponseMinutes} > 0`),
    check("inboxes_resolution_minutes_ck", sql`${t.resolutionMinutes} > 0`),
  ],
);
export type Inbox = typeof inboxes.$inferSelect;

// a domain an org sends from, registered in Postmark's account (Domains API); the records are the
// DNS entries to publish, the flags what Postmark last answered when asked to verify them
export const customDomains = pgTable(
  "custom_domains",
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: uuid()
      .notNull()
      .references(() => orgs.id, { onDelete: "cascade" }),
    name: text().notNull(),
    postmarkId: bigint({ mode: "number" }).notNull(),
    // the DKIM TXT record to publish: Postmark's pending one until verified, then its current one
    dkimHost: text().notNull(),
    dkimTextValue: text().notNull(),
    returnPathDomain: text().notNull(),
    returnPathCnameValue: text().notNull(),
    dkimVerified: boolean().notNull().default(false),
    returnPathVerified: boolean().notNull().default(false),
    createdAt: createdAt(),
    // when Postmark was last asked to verify the records; null: never
    checkedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex("custom_domains_org_name_uq").on(t.orgId, t.name),
    check("custom_domains_name_ck", sql`${t.name} = lower(${t.name}) and length(${t.name}) <= 253`),
  ],
);
export type CustomDomain = typeof customDomains.$inferSelect;

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
    priority: text({ enum: THREAD_PRIORITIES }).notNull().default("normal"),
    tags: text().array().notNull().default(sql`'{}'::text[]`),
    // measured facts, written when they happen: the response targets' clock starts when the
    // client first writes, and the first resolution is kept when a thread is reopened
    firstClientMessageAt: timestamp({ withTimezone: true }),
    firstResponseDueAt: timestamp({ withTimezone: true }),
    resolutionDueAt: timestamp({ withTimezone: true }),
    firstResponseAt: timestamp({ withTimezone: true }),
    firstResponseBy: uuid().references(() => members.id, { onDelete: "set null" }),
    resolvedAt: timestamp({ withTimezone: true }),
    resolvedBy: uuid().references(() => members.id, { onDelete: "set null" }),
    reopenCount: integer().notNull().default(0),
    // the earliest target still to meet while the thread is open; the `sla` list filter reads it
    // through an index instead of judging every thread
    slaDueAt: timestamp({ withTimezone: true }).generatedAlwaysAs(sql`least(
      case when first_response_at is null and status in ('open', 'in_progress') then first_response_due_at end,
      case when status in ('open', 'in_progress') then resolution_due_at end)`),
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
    // the list filtered by status, inbox or assignee, in the same order: a page reads its rows in
    // order from the index whichever filter is the selective one, instead of sorting the org's threads
    index("threads_org_status_activity_idx").on(
      t.orgId,
      t.status,
      t.lastMessageAt.desc().nullsFirst(),
      t.id.desc().nullsFirst(),
    ),
    index("threads_org_inbox_activity_idx").on(
      t.orgId,
      t.inboxId,
      t.lastMessageAt.desc().nullsFirst(),
      t.id.desc().nullsFirst(),
    ),
    index("threads_org_assignee_activity_idx").on(
      t.orgId,
      t.assigneeId,
      t.lastMessageAt.desc().nullsFirst(),
      t.id.desc().nullsFirst(),
    ),
    // a client's threads, newest first: compose candidates in the add-ons
    index("threads_org_client_activity_idx").on(t.orgId, t.clientEmail, t.lastMessageAt.desc(), t.id.desc()),
    check("threads_status_ck", sql`${t.status} in ('open', 'in_progress', 'resolved', 'closed')`),
    check("threads_priority_ck", sql`${t.priority} in ('low', 'normal', 'high', 'urgent')`),
    check("threads_tags_count_ck", sql`cardinality(${t.tags}) <= 20`),
    // the list filtered by `sla`, newest activity first: only open threads with a target are in it,
    // and the due time is read from the index, not from each row
    // NULLS FIRST, as `order by … desc` sorts: only an index in the query's exact order saves the sort
    index("threads_org_sla_activity_idx")
      .on(t.orgId, t.lastMessageAt.desc().nullsFirst(), t.id.desc().nullsFirst(), t.slaDueAt)
      .where(sql`${t.slaDueAt} is not null`),
    index("threads_tags_idx").using("gin", t.tags).where(sql`${t.tags} <> '{}'::text[]`),
    // analytics windows: each fact by the time it happened, with what its figure reads after the
    // time, so Postgres answers from the index alone (an index-only scan) for the team and an inbox
    index("threads_org_created_idx").on(t.orgId, t.createdAt, t.inboxId),
    index("threads_org_first_response_idx")
      .on(t.orgId, t.firstResponseAt, t.firstClientMessageAt, t.inboxId)
      .where(sql`${t.firstResponseAt} is not null`),
    index("threads_org_resolved_idx")
      .on(t.orgId, t.resolvedAt, t.firstClientMessageAt, t.inboxId)
      .where(sql`${t.resolvedAt} is not null`),
    index("threads_org_first_response_due_idx")
      .on(t.orgId, t.firstResponseDueAt, t.firstResponseAt, t.resolvedAt, t.inboxId)
      .where(sql`${t.firstResponseDueAt} is not null`),
    index("threads_org_resolution_due_idx")
      .on(t.orgId, t.resolutionDueAt, t.resolvedAt, t.inboxId)
      .where(sql`${t.resolutionDueAt} is not null`),
    index("threads_org_open_idx").on(t.orgId, t.inboxId).where(sql`${t.status} in ('open', 'in_progress')`),
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
    // the body as posted; where Postgres text cannot hold it (NUL, invalid UTF-8), readable here
    // with NUL written `\u0000`, and exact in `rawBytes`: nothing that reaches the webhook is lost
    rawBody: text().notNull(),
    rawBytes: bytea(),
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
    // filings started; a `received` row whose lease ran out was left by a filing that died
    attempts: integer().notNull().default(0),
    leaseUntil: timestamp({ withTimezone: true }).notNull().default(sql`now() + interval '30 seconds'`),
  },
  (t) => [
    uniqueIndex("inbound_emails_postmark_id_uq").on(t.postmarkMessageId),
    // the rows the inbound sweep files: few at any time
    index("inbound_emails_due_idx").on(t.leaseUntil).where(sql`${t.status} = 'received'`),
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
    kind: text({ enum: ["acknowledgement", "magic_link", "mention"] }).notNull(),
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

/** What a thread's history records: one row per change, a tag added or removed being one change. */
export const HISTORY_FIELDS = ["status", "assignee", "priority", "tag", "ticket"] as const;
export type HistoryField = (typeof HISTORY_FIELDS)[number];

export const threadHistory = pgTable(
  "thread_history",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    threadId: uuid()
      .notNull()
      .references(() => threads.id, { onDelete: "cascade" }),
    field: text({ enum: HISTORY_FIELDS }).notNull(),
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
    // a member's address, "operator", or "system"; kept when the member is removed
    actor: text().notNull().default("system"),
    actorId: uuid().references(() => members.id, { onDelete: "set null" }),
    // null for what the service did on its own
    client: text({ enum: ACTION_CLIENTS }),
    // what was acted on, in the product's words: THD-42, an inbox name, a member's address
    target: text(),
    detail: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    at: createdAt(),
  },
  (t) => [
    index("audit_log_org_idx").on(t.orgId, t.id),
    index("audit_log_org_actor_idx").on(t.orgId, t.actor, t.id),
    index("audit_log_org_kind_idx").on(t.orgId, t.kind, t.id),
    clientCheck("audit_log_client_ck", t.client),
  ],
);
export type AuditRow = typeof auditLog.$inferSelect;

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
    type: text({ enum: ["presence", "thread", "message", "draft", "note"] }).notNull(),
    data: jsonb().$type<Record<string, unknown>>().notNull(),
    at: createdAt(),
  },
  (t) => [index("live_events_org_idx").on(t.orgId, t.id), index("live_events_at_idx").on(t.at)],
);

// ---- team workflow: internal notes and saved replies ----

// staff-to-staff text on a thread: never part of any mail to the client
export const threadNotes = pgTable(
  "thread_notes",
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: uuid()
      .notNull()
      .references(() => orgs.id, { onDelete: "cascade" }),
    threadId: uuid()
      .notNull()
      .references(() => threads.id, { onDelete: "cascade" }),
    authorId: uuid().references(() => members.id, { onDelete: "set null" }),
    // kept so a note still says who wrote it after its author left the org
    authorEmail: text().notNull(),
    body: text().notNull(),
    // the members the note mentions, by address: each was sent an email
    mentions: jsonb().$type<string[]>().notNull().default([]),
    createdAt: createdAt(),
    // the note's words, computed by the database as it is written, for the thread search
    search: tsvector()
      .notNull()
      .generatedAlwaysAs(sql`to_tsvector('simple', translate(left(body, 100000), '<>', '  '))`),
  },
  (t) => [
    index("thread_notes_thread_idx").on(t.threadId, t.createdAt),
    index("thread_notes_search_idx").using("gin", t.search),
  ],
);
export type ThreadNote = typeof threadNotes.$inferSelect;

export const savedReplies = pgTable(
  "saved_replies",
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: uuid()
      .notNull()
      .references(() => orgs.id, { onDelete: "cascade" }),
    name: text().notNull(),
    body: text().notNull(),
    createdBy: uuid().references(() => members.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: createdAt(),
  },
  // two replies a person cannot tell apart in a menu are one name
  (t) => [uniqueIndex("saved_replies_org_name_uq").on(t.orgId, sql`lower(${t.name})`)],
);
export type SavedReply = typeof savedReplies.$inferSelect;

// Tickets and drafted replies: what AI agents (MCP) and staff attach to a thread

// a thread's links to engineering tickets (`TKT-42` in a `.tickets` repo), one per thread and ticket
export const threadTickets = pgTable(
  "thread_tickets",
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: uuid()
      .notNull()
      .references(() => orgs.id, { onDelete: "cascade" }),
    threadId: uuid()
      .notNull()
      .references(() => threads.id, { onDelete: "cascade" }),
    ticket: text().notNull(),
    repo: text(),
    url: text(),
    linkedById: uuid().references(() => members.id, { onDelete: "set null" }),
    // the linking member's address, kept for when the member has left
    linkedBy: text().notNull(),
    linkedAt: createdAt(),
  },
  (t) => [
    uniqueIndex("thread_tickets_thread_ticket_uq").on(t.threadId, t.ticket),
    // the threads of one ticket: GET /tickets/:ticket/threads
    index("thread_tickets_org_ticket_idx").on(t.orgId, t.ticket),
    check("thread_tickets_ticket_ck", sql`${t.ticket} ~ '^[A-Z][A-Z0-9]*-[0-9]+$'`),
  ],
);
export type ThreadTicket = typeof threadTickets.$inferSelect;

// suggested replies kept on a thread for staff to review and send themselves: never mailed
export const drafts = pgTable(
  "drafts",
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: uuid()
      .notNull()
      .references(() => orgs.id, { onDelete: "cascade" }),
    threadId: uuid()
      .notNull()
      .references(() => threads.id, { onDelete: "cascade" }),
    body: text().notNull(),
    authorId: uuid().references(() => members.id, { onDelete: "set null" }),
    // the author's address, kept for when the member has left
    author: text().notNull(),
    client: text({ enum: ACTION_CLIENTS }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index("drafts_thread_created_idx").on(t.threadId, t.createdAt.desc(), t.id.desc()),
    clientCheck("drafts_client_ck", t.client),
    check("drafts_body_size_ck", sql`octet_length(${t.body}) <= 102400`),
  ],
);
export type Draft = typeof drafts.$inferSelect;
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
