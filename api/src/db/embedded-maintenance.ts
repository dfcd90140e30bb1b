import { sql } from "drizzle-orm";
import type { Logger } from "../deps";
import type { Database } from "./client";

export const MAINTENANCE_INTERVAL_MS = 15_000;
// at most a tenth of the time goes to maintenance, however long a run takes
const IDLE_RUNS_PER_RUN = 10;

/**
 * PGlite runs Postgres in single-user mode: there is no autovacuum, so nothing clears the dead rows
 * that every heartbeat, counter and status change leaves, nor gathers the statistics plans are made
 * from (nor are the activity counters autovacuum would read kept). Measured without this: ingest
 * slowed from ~150 to ~70 emails/s within 4,000 emails; with it, it held at ~150-170. So this runs
 * `vacuum (analyze)` on a timer: VACUUM skips pages with nothing to clear and ANALYZE reads a
 * sample, so a run stays short on a large database. It holds the one connection while it runs, so
 * the pause after a run is at least ten times its length.
 */
export function startEmbeddedMaintenance(
  database: Pick<Database, "db" | "driver">,
  log: Pick<Logger, "error">,
  intervalMs = MAINTENANCE_INTERVAL_MS,
): { stop(): void } {
  if (database.driver !== "pglite") return { stop() {} };
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const schedule = (delayMs: number) => {
    if (stopped) return;
    timer = setTimeout(run, delayMs);
    timer.unref();
  };
  async function run() {
    const started = performance.now();
    try {
      await database.db.execute(sql`vacuum (analyze)`);
    } catch (error) {
      log.error("database maintenance failed", {
        error: error instanceof Error ? error.message : String(error),
      });
    }
    schedule(Math.max(intervalMs, (performance.now() - started) * IDLE_RUNS_PER_RUN));
  }
  schedule(intervalMs);
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
