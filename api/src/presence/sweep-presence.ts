import { sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { queryRows } from "../db/query-rows";
import type { Deps } from "../deps";
import { publishPresenceChange } from "./presence-events";
import type { PresenceClient } from "./presence-types";

/** Requests sweep at most this often per process, where no timer sweeps (serverless, tests). */
export const SWEEP_INTERVAL_MS = 30_000;
// the timer's sweep, in the background: an expiry reaches open pages and task panes within a few
// seconds; a sweep with nothing due is one indexed look-up
export const TIMER_SWEEP_MS = 2_000;
const SWEEP_BATCH = 500;

type SweptRow = {
  orgId: string;
  threadId: string;
  memberId: string;
  client: PresenceClient;
  number: number | null;
  email: string | null;
  name: string | null;
};

/**
 * Deletes presence that expired by `now` (one batch) and tells live subscribers it ended. Rows a
 * concurrent heartbeat holds are skipped, so two instances sweeping at once do not collide.
 */
export async function sweepExpiredPresence(db: Db, now: Date): Promise<number> {
  return db.transaction(async (tx) => {
    const swept = await queryRows<SweptRow>(
      tx,
      sql`with due as (
            select thread_id, member_id, client from presence
            where expires_at <= ${now.toISOString()}::timestamptz
            order by expires_at
            limit ${SWEEP_BATCH}
            for update skip locked
          ), gone as (
            delete from presence p using due
            where p.thread_id = due.thread_id and p.member_id = due.member_id and p.client = due.client
            returning p.org_id, p.thread_id, p.member_id, p.client
          )
          select gone.org_id as "orgId", gone.thread_id as "threadId", gone.member_id as "memberId",
                 gone.client, t.number, m.email, m.name
          from gone
          left join threads t on t.id = gone.thread_id
          left join members m on m.id = gone.member_id`,
    );
    for (const row of swept) {
      // presence of a deleted thread has no one left to tell
      if (row.number === null) continue;
      await publishPresenceChange(tx, {
        orgId: row.orgId,
        threadId: row.threadId,
        threadNumber: row.number,
        memberId: row.memberId,
        member: { email: row.email ?? "", name: row.name ?? "" },
        client: row.client,
        activity: null,
        since: null,
        expiresAt: null,
        reason: "expired",
      });
    }
    return swept.length;
  });
}

type SweepDeps = Pick<Deps, "db" | "log" | "lastSweptAt">;

/**
 * Sweeps at most once per `everyMs` for this app (heartbeats sweep now and then, without a timer
 * of their own); a failure is logged, not thrown.
 */
export async function sweepPresenceOccasionally(
  deps: SweepDeps,
  now: Date,
  everyMs = SWEEP_INTERVAL_MS,
): Promise<void> {
  const last = deps.lastSweptAt.presence;
  if (last !== undefined && now.getTime() - last < everyMs && now.getTime() >= last) return;
  deps.lastSweptAt.presence = now.getTime();
  try {
    await sweepExpiredPresence(deps.db, now);
  } catch (error) {
    // expired rows are already invisible to readers; the next sweep will try again
    deps.log.error("presence sweep failed", {
      error: error instanceof Error ? error.message : String(error),
    });
  }
}

/**
 * Sweeps on a timer too, every few seconds, so presence that expired in a thread nobody heartbeats
 * any more ends with an event soon, and requests (whose sweeps it makes unneeded) never wait on
 * one. One sweep at a time. Stops with `stop()`; never keeps a process alive on its own.
 */
export function startPresenceSweep(deps: SweepDeps & Pick<Deps, "clock">): { stop(): void } {
  let sweeping = false;
  const timer = setInterval(() => {
    if (sweeping) return;
    sweeping = true;
    void sweepPresenceOccasionally(deps, deps.clock.now(), TIMER_SWEEP_MS).finally(() => {
      sweeping = false;
    });
  }, TIMER_SWEEP_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
