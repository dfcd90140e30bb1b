import type { Db } from "../db/client";
import { isUuid } from "../db/ids";
import {
  findOutboxLogEntry,
  type OutboxLogEntry,
  requeueFailedMail,
  selectOutboxLog,
} from "./outbox.statements";

export type OutboxStatus = OutboxLogEntry["status"];

const MAX_LIMIT = 200;

/** The org's outgoing mail, newest first. */
export function listOutbox(
  db: Db,
  orgId: string,
  options: { status?: OutboxStatus; limit?: number } = {},
): Promise<OutboxLogEntry[]> {
  const limit = Math.min(Math.max(options.limit ?? 50, 1), MAX_LIMIT);
  return selectOutboxLog(db, orgId, { status: options.status, limit });
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
  const requeued = await requeueFailedMail(db, orgId, id, now);
  const entry = await findOutboxLogEntry(db, orgId, id);
  return entry ? { ...entry, requeued } : null;
}
