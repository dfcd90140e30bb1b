import type { Db } from "../db/client";
import type { Deps } from "../deps";
import { deleteExpiredPresence } from "./presence.statements";
import { publishPresenceChange } from "./presence-events";

/** Requests sweep at most this often per process, where no timer sweeps (serverless, tests). */
export const SWEEP_INTERVAL_MS = 30_000;
// the timer's sweep, in the background: an expiry reaches open pages and task panes within a few
// seconds; a sweep with nothing due is one indexed look-up
export const TIMER_SWEEP_MS = 2_000;
const SWEEP_BATCH = 500;

/**
 * Deletes presence that expired by `now` (one batch) and tells live subscribers it ended. Rows a
 * concurrent heartbeat holds are skipped, so two instances sweeping at once do not collide.
 */
export async function sweepExpiredPresence(db: Db, now: Date): Promise<number> {
  return db.transaction(async (tx) => {
    const swept = await deleteExpiredPresence(tx, now, SWEEP_BATCH);
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
