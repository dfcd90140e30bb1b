import type { Deps } from "../deps";
import { pruneLiveEvents } from "./events.statements";

/** How long events stay replayable after Last-Event-ID. */
export const LIVE_EVENT_RETENTION_MS = 10 * 60_000;
const SWEEP_EVERY_MS = 60_000;

export type LiveEventSweep = { stop(): void };

/**
 * Prunes old live events every minute. Every instance may run one: the delete is idempotent, so
 * several sweeping at once only repeat each other's work.
 */
export function startLiveEventSweep(
  deps: Pick<Deps, "db" | "clock" | "log">,
  options: { everyMs?: number; retentionMs?: number } = {},
): LiveEventSweep {
  const retentionMs = options.retentionMs ?? LIVE_EVENT_RETENTION_MS;
  let running = false;
  const timer = setInterval(async () => {
    if (running) return;
    running = true;
    try {
      await pruneLiveEvents(deps.db, new Date(deps.clock.now().getTime() - retentionMs));
    } catch (error) {
      deps.log.error("live event sweep failed", {
        error: error instanceof Error ? error.message : String(error),
      });
    } finally {
      running = false;
    }
  }, options.everyMs ?? SWEEP_EVERY_MS);
  timer.unref?.();
  return { stop: () => clearInterval(timer) };
}
