import { sql } from "drizzle-orm";
import type { Logger } from "../deps";
import type { Database } from "./client";
import { queryRows } from "./query-rows";

export type MaintenanceTiming = {
  /** how often every table is vacuumed and analyzed */
  vacuumMs: number;
  /** how often tables are checked for growth, and the ones that grew analyzed */
  checkMs: number;
};
export const MAINTENANCE_TIMING: MaintenanceTiming = { vacuumMs: 15_000, checkMs: 1_000 };
// at most a tenth of the time goes to maintenance, however long a run takes
const IDLE_RUNS_PER_RUN = 10;
// autovacuum's defaults: a table is analyzed once this many rows changed, plus this share of its rows
const ANALYZE_THRESHOLD = 50;
const ANALYZE_SCALE_FACTOR = 0.1;

/**
 * PGlite runs Postgres in single-user mode: there is no autovacuum, so nothing clears the dead rows
 * that every heartbeat, counter and status change leaves, nor gathers the statistics plans are made
 * from (nor are the activity counters autovacuum would read kept). Measured without this: ingest
 * slowed from ~150 to ~70 emails/s within 4,000 emails; with it, it held at ~150-170. So this runs
 * `vacuum (analyze)` on a timer: VACUUM skips pages with nothing to clear and ANALYZE reads a
 * sample, so a run stays short on a large database.
 *
 * Between those runs it analyzes the tables that changed by autovacuum's rule. Statements keep
 * the plan they were first given (see `prepared-statements.ts`) until their tables are analyzed,
 * and a plan made for an empty table picks any index that starts with `org_id`: looking a
 * message up by its key then read every message of the org (1.2 million index entries for the
 * first 1,500 emails, measured), until the next run. A run holds the one connection, so the pause
 * after it is at least ten times its length.
 */
export function startEmbeddedMaintenance(
  database: Pick<Database, "db" | "driver">,
  log: Pick<Logger, "error">,
  timing = MAINTENANCE_TIMING,
): { stop(): void } {
  if (database.driver !== "pglite") return { stop() {} };
  const { db } = database;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let vacuumedAt = performance.now();
  const schedule = (delayMs: number) => {
    if (stopped) return;
    timer = setTimeout(run, delayMs);
    timer.unref();
  };
  async function run() {
    const started = performance.now();
    try {
      if (started - vacuumedAt >= timing.vacuumMs) {
        vacuumedAt = started;
        await db.execute(sql`vacuum (analyze)`);
      } else {
        await analyzeChangedTables(db);
      }
    } catch (error) {
      log.error("database maintenance failed", {
        error: error instanceof Error ? error.message : String(error),
      });
    }
    schedule(Math.max(timing.checkMs, (performance.now() - started) * IDLE_RUNS_PER_RUN));
  }
  schedule(Math.min(timing.checkMs, timing.vacuumMs));
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

async function analyzeChangedTables(db: Database["db"]): Promise<void> {
  const tables = await queryRows<{ name: string }>(
    db,
    sql`select format('%I.%I', s.schemaname, s.relname) as name
        from pg_stat_user_tables s join pg_class c on c.oid = s.relid
        where s.n_mod_since_analyze > ${ANALYZE_THRESHOLD} + ${ANALYZE_SCALE_FACTOR} * greatest(c.reltuples, 0)`,
  );
  if (tables.length) await db.execute(sql.raw(`analyze ${tables.map((t) => t.name).join(", ")}`));
}
