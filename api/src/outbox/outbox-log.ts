import { and, desc, eq, type SQL, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { isUuid } from "../db/ids";
import { queryRows } from "../db/query-rows";
import { type OutboxEntry, outbox } from "../db/schema";

export type OutboxStatus = OutboxEntry["status"];

/** What an admin sees of one outgoing mail. */
export type OutboxLogEntry = Pick<
  OutboxEntry,
  "id" | "kind" | "recipient" | "status" | "attempts" | "lastError" | "nextAttemptAt" | "createdAt" | "sentAt"
> & { subject: string };

const MAX_LIMIT = 200;

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

/** The org's outgoing mail, newest first. */
export function listOutbox(
  db: Db,
  orgId: string,
  options: { status?: OutboxStatus; limit?: number } = {},
): Promise<OutboxLogEntry[]> {
  const filters: SQL[] = [eq(outbox.orgId, orgId)];
  if (options.status) filters.push(eq(outbox.status, options.status));
  const limit = Math.min(Math.max(options.limit ?? 50, 1), MAX_LIMIT);
  return db
    .select(logFields)
    .from(outbox)
    .where(and(...filters))
    .orderBy(desc(outbox.createdAt), desc(outbox.id))
    .limit(limit);
}

/**
 * Queues a failed mail again, due at `now` with a fresh count of attempts. Mail in any other state
 * is returned unchanged (a sent mail is never sent twice this way), `requeued` saying which; null
 * when the org has no such mail.
 */
export async function retryOutboxEntry(
  db: Db,
  orgId: string,
  id: string,
  now: Date = new Date(),
): Promise<(OutboxLogEntry & { requeued: boolean }) | null> {
  if (!isUuid(id)) return null;
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
  const [entry] = await db
    .select(logFields)
    .from(outbox)
    .where(and(eq(outbox.id, id), eq(outbox.orgId, orgId)));
  return entry ? { ...entry, requeued: (change?.requeued ?? 0) > 0 } : null;
}
