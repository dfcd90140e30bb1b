import { and, desc, eq, type SQL, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { queryRows } from "../db/query-rows";
import { mailSink, type OutboundEmail, type OutboxEntry, outbox } from "../db/schema";

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

/** Claims the due mail, oldest due first, leased until `leaseUntil`; rows another sender holds are skipped. */
export function claimDueMail(db: Db, now: Date, leaseUntil: Date, limit: number): Promise<ClaimedEntry[]> {
  return queryRows<ClaimedEntry>(
    db,
    sql`update outbox set attempts = attempts + 1, next_attempt_at = ${leaseUntil.toISOString()}::timestamptz
        where id in (
          select id from outbox
          where status = 'pending' and next_attempt_at <= ${now.toISOString()}::timestamptz
          order by next_attempt_at
          limit ${limit}
          for update skip locked)
        returning id, org_id as "orgId", message_id as "messageId", kind, recipient, email, attempts`,
  );
}

/** Records a batch's sent mail in one statement: outbox rows and their thread messages together. */
export async function markSent(
  db: Db,
  sent: { id: string; postmarkMessageId: string }[],
  now: Date,
): Promise<void> {
  if (sent.length === 0) return;
  const rows = sent.map(({ id, postmarkMessageId }) => sql`(${id}::uuid, ${postmarkMessageId})`);
  const sentAt = now.toISOString();
  await queryRows(
    db,
    sql`with done(id, postmark_id) as (values ${sql.join(rows, sql`, `)}),
        sent as (
          update outbox o set status = 'sent', postmark_message_id = d.postmark_id, sent_at = ${sentAt}::timestamptz
          from done d
          where o.id = d.id and o.status = 'pending'
          returning o.message_id, d.postmark_id)
        update messages m set delivery = 'sent', postmark_message_id = s.postmark_id, sent_at = ${sentAt}::timestamptz
        from sent s
        where m.id = s.message_id`,
  );
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

/** A pending mail failed for good: its thread message says so and the org's audit log records it. */
export async function markFailed(db: Db, id: string, message: string, now: Date): Promise<void> {
  await queryRows(
    db,
    sql`with failed as (
          update outbox set status = 'failed', last_error = ${message}
          where id = ${id} and status = 'pending'
          returning id, org_id, message_id, kind, recipient, attempts, email->>'Subject' as subject),
        undelivered as (
          update messages set delivery = 'failed' where id in (select message_id from failed))
        insert into audit_log (org_id, kind, detail, at)
        select org_id, 'mail_failed',
          jsonb_build_object('outboxId', id, 'messageId', message_id, 'kind', kind, 'recipient', recipient,
            'subject', subject, 'attempts', attempts, 'error', ${message}::text),
          ${now.toISOString()}::timestamptz
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
          update outbox set status = 'pending', attempts = 0, next_attempt_at = ${now.toISOString()}::timestamptz
          where id = ${id} and org_id = ${orgId} and status = 'failed'
          returning message_id),
        delivering as (
          update messages set delivery = 'pending' where id in (select message_id from requeued))
        select count(*)::int as requeued from requeued`,
  );
  return (change?.requeued ?? 0) > 0;
}

/** Keeps mail the development sink took instead of sending it. */
export async function keepSinkMail(db: Db, mail: (typeof mailSink.$inferInsert)[]): Promise<void> {
  await db.insert(mailSink).values(mail);
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
