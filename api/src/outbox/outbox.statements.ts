import { and, desc, eq, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "../db/client";
import { columnName } from "../db/column-name";
import { insertSelect } from "../db/insert-select";
import { queryRows } from "../db/query-rows";
import { auditLog, mailSink, messages, type OutboundEmail, type OutboxEntry, outbox } from "../db/schema";
import { defineStatement, runStatement } from "../db/statement";

// unqualified, as an update's `set` and a CTE's columns read by name take them
const name = {
  id: columnName(outbox.id),
  orgId: columnName(outbox.orgId),
  messageId: columnName(outbox.messageId),
  kind: columnName(outbox.kind),
  recipient: columnName(outbox.recipient),
  status: columnName(outbox.status),
  attempts: columnName(outbox.attempts),
  nextAttemptAt: columnName(outbox.nextAttemptAt),
  lastError: columnName(outbox.lastError),
  postmarkMessageId: columnName(outbox.postmarkMessageId),
  sentAt: columnName(outbox.sentAt),
};
const messageName = {
  delivery: columnName(messages.delivery),
  postmarkMessageId: columnName(messages.postmarkMessageId),
  sentAt: columnName(messages.sentAt),
};
const o = alias(outbox, "o");
const m = alias(messages, "m");

/** A mail to queue: sent by the outbox worker once it is due. */
export type QueuedMail = typeof outbox.$inferInsert;

/** Queues mail in the outbox, in the caller's transaction when it is one. */
export async function queueMail(db: Db, mail: QueuedMail[]): Promise<void> {
  if (mail.length === 0) return;
  await db.insert(outbox).values(mail);
}

/** A due mail the worker holds the lease of, its attempts counted already. */
export type ClaimedEntry = {
  id: string;
  orgId: string;
  messageId: string | null;
  kind: string;
  recipient: string;
  email: OutboundEmail;
  attempts: number;
};

const claimedReturning = sql`returning ${outbox.id}, ${outbox.orgId} as "orgId",
  ${outbox.messageId} as "messageId", ${outbox.kind}, ${outbox.recipient}, ${outbox.email}, ${outbox.attempts}`;

const claimStatement = defineStatement<{ now: string; leaseUntil: string; limit: number }, ClaimedEntry>(
  (p) => sql`update ${outbox} set ${name.attempts} = ${outbox.attempts} + 1,
          ${name.nextAttemptAt} = ${p.leaseUntil}::timestamptz
        where ${outbox.id} in (
          select ${outbox.id} from ${outbox}
          where ${outbox.status} = 'pending' and ${outbox.nextAttemptAt} <= ${p.now}::timestamptz
          order by ${outbox.nextAttemptAt}
          limit ${p.limit}::int
          for update skip locked)
        ${claimedReturning}`,
);

/** Claims the due mail, oldest due first, leased until `leaseUntil`; rows another sender holds are skipped. */
export function claimDueMail(db: Db, now: Date, leaseUntil: Date, limit: number): Promise<ClaimedEntry[]> {
  return runStatement(db, claimStatement, {
    now: now.toISOString(),
    leaseUntil: leaseUntil.toISOString(),
    limit,
  });
}

// a batch of any size is one statement: its rows go as one JSON parameter
const markSentStatement = defineStatement<{ sent: string; sentAt: string }, never>(
  (p) => sql`with done as (
          select (d->>'id')::uuid as id, d->>'postmarkMessageId' as postmark_id
          from jsonb_array_elements(${p.sent}::jsonb) d),
        sent as (
          update ${outbox} ${o} set ${name.status} = 'sent', ${name.postmarkMessageId} = d.postmark_id,
            ${name.sentAt} = ${p.sentAt}::timestamptz
          from done d
          where ${o.id} = d.id and ${o.status} = 'pending'
          returning ${o.messageId}, d.postmark_id)
        update ${messages} ${m} set ${messageName.delivery} = 'sent',
          ${messageName.postmarkMessageId} = s.postmark_id, ${messageName.sentAt} = ${p.sentAt}::timestamptz
        from sent s
        where ${m.id} = s.${name.messageId}`,
);

/** Records a batch's sent mail in one statement: outbox rows and their thread messages together. */
export async function markSent(
  db: Db,
  sent: { id: string; postmarkMessageId: string }[],
  now: Date,
): Promise<void> {
  if (sent.length === 0) return;
  await runStatement(db, markSentStatement, { sent: JSON.stringify(sent), sentAt: now.toISOString() });
}

/** A pending mail is tried again at `nextAttemptAt`; the error is kept for the outbox page. */
export async function markForRetry(
  db: Db,
  id: string,
  nextAttemptAt: Date,
  lastError: string,
): Promise<void> {
  await db
    .update(outbox)
    .set({ nextAttemptAt, lastError })
    .where(and(eq(outbox.id, id), eq(outbox.status, "pending")));
}

const failedReturning = sql`returning ${outbox.id}, ${outbox.orgId}, ${outbox.messageId}, ${outbox.kind},
  ${outbox.recipient}, ${outbox.attempts}, ${outbox.email}->>'Subject' as subject`;
const failedDetail = sql`'outboxId', ${name.id}, 'messageId', ${name.messageId}, 'kind', ${name.kind},
  'recipient', ${name.recipient}, 'subject', subject, 'attempts', ${name.attempts}`;

/** A pending mail failed for good: its thread message says so and the org's audit log records it. */
export async function markFailed(db: Db, id: string, message: string, now: Date): Promise<void> {
  await queryRows(
    db,
    sql`with failed as (
          update ${outbox} set ${name.status} = 'failed', ${name.lastError} = ${message}
          where ${outbox.id} = ${id} and ${outbox.status} = 'pending'
          ${failedReturning}),
        undelivered as (
          update ${messages} set ${messageName.delivery} = 'failed'
          where ${messages.id} in (select ${name.messageId} from failed))
        ${insertSelect(auditLog, {
          orgId: name.orgId,
          kind: sql`'mail_failed'`,
          detail: sql`jsonb_build_object(${failedDetail}, 'error', ${message}::text)`,
          at: sql`${now.toISOString()}::timestamptz`,
        })}
        from failed`,
  );
}

/** What an admin sees of one outgoing mail. */
export type OutboxLogEntry = Pick<
  OutboxEntry,
  "id" | "kind" | "recipient" | "status" | "attempts" | "lastError" | "nextAttemptAt" | "createdAt" | "sentAt"
> & { subject: string };

const logFields = {
  id: outbox.id,
  kind: outbox.kind,
  recipient: outbox.recipient,
  subject: sql<string>`coalesce(${outbox.email}->>'Subject', '')`,
  status: outbox.status,
  attempts: outbox.attempts,
  lastError: outbox.lastError,
  nextAttemptAt: outbox.nextAttemptAt,
  createdAt: outbox.createdAt,
  sentAt: outbox.sentAt,
};

/** The org's outgoing mail, newest first, of one status when given. */
export function selectOutboxLog(
  db: Db,
  orgId: string,
  filter: { status: OutboxEntry["status"] | undefined; limit: number },
): Promise<OutboxLogEntry[]> {
  const filters: SQL[] = [eq(outbox.orgId, orgId)];
  if (filter.status) filters.push(eq(outbox.status, filter.status));
  return db
    .select(logFields)
    .from(outbox)
    .where(and(...filters))
    .orderBy(desc(outbox.createdAt), desc(outbox.id))
    .limit(filter.limit);
}

export async function findOutboxLogEntry(db: Db, orgId: string, id: string): Promise<OutboxLogEntry | null> {
  const [entry] = await db
    .select(logFields)
    .from(outbox)
    .where(and(eq(outbox.id, id), eq(outbox.orgId, orgId)));
  return entry ?? null;
}

/** Queues the org's failed mail `id` again, due at `now` with no attempts; false for mail in any other state. */
export async function requeueFailedMail(db: Db, orgId: string, id: string, now: Date): Promise<boolean> {
  // one statement keeps the outbox row and its thread message in step without a transaction
  const [change] = await queryRows<{ requeued: number }>(
    db,
    sql`with requeued as (
          update ${outbox} set ${name.status} = 'pending', ${name.attempts} = 0,
            ${name.nextAttemptAt} = ${now.toISOString()}::timestamptz
          where ${outbox.id} = ${id} and ${outbox.orgId} = ${orgId} and ${outbox.status} = 'failed'
          returning ${name.messageId}),
        delivering as (
          update ${messages} set ${messageName.delivery} = 'pending'
          where ${messages.id} in (select ${name.messageId} from requeued))
        select count(*)::int as requeued from requeued`,
  );
  return (change?.requeued ?? 0) > 0;
}

type SinkMail = Pick<typeof mailSink.$inferInsert, "recipient" | "subject" | "email" | "postmarkMessageId">;

const keepSinkStatement = defineStatement<{ mail: string }, never>(
  (p) =>
    sql`${insertSelect(mailSink, {
      recipient: sql`r->>'recipient'`,
      subject: sql`r->>'subject'`,
      email: sql`r->'email'`,
      postmarkMessageId: sql`r->>'postmarkMessageId'`,
    })} from jsonb_array_elements(${p.mail}::jsonb) r`,
);

/** Keeps mail the development sink took instead of sending it. */
export async function keepSinkMail(db: Db, mail: SinkMail[]): Promise<void> {
  await runStatement(db, keepSinkStatement, { mail: JSON.stringify(mail) });
}

/** The newest mail the sink kept that the org's own outbox sent, matched by the id the sink handed back. */
export function selectSinkMail(db: Db, orgId: string, limit: number) {
  return db
    .select({
      at: mailSink.createdAt,
      kind: outbox.kind,
      to: mailSink.recipient,
      subject: mailSink.subject,
      email: mailSink.email,
    })
    .from(mailSink)
    .innerJoin(outbox, eq(outbox.postmarkMessageId, mailSink.postmarkMessageId))
    .where(and(eq(outbox.orgId, orgId), eq(outbox.status, "sent")))
    .orderBy(desc(mailSink.createdAt), desc(mailSink.id))
    .limit(limit);
}
