import { sql } from "drizzle-orm";
import type { Database, Db } from "./client";
import { queryRows } from "./query-rows";

export type MaintenanceTiming = {
  /** how often every table is vacuumed and analyzed (PGlite only) */
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
/** One instance at a time analyzes a shared Postgres; the others skip that turn. */
export const ANALYZE_LOCK_KEY = 7_410_262;

type MaintenanceLog = {
  warn(message: string, context?: Record<string, unknown>): void;
  error(message: string, context?: Record<string, unknown>): void;
};

/**
 * Keeps the statistics plans are made from current, on every driver. Statements keep the plan
 * they were first given (see `prepared-statements.ts`) until their tables are analyzed, and a plan
 * made for an empty table picks any index that starts with `org_id`: looking a message up by its
 * key then read every message of the org (1.2 million index entries for the first 1,500 emails,
 * measured). So every `checkMs` the tables that changed by autovacuum's rule are analyzed.
 *
 * On Postgres autovacuum does the same, but only after its naptime, and not at all when it is off
 * (a warning at start says so). PGlite runs Postgres in single-user mode with no autovacuum at all,
 * so nothing would clear the dead rows every heartbeat and counter leaves: there `vacuum (analyze)`
 * also runs on a timer (measured without it: ingest fell from ~150 to ~70 emails/s within 4,000
 * emails). A run holds PGlite's one connection, so the pause after it is at least ten times its length.
 */
export function startDatabaseMaintenance(
  database: Pick<Database, "db" | "driver">,
  log: MaintenanceLog,
  timing = MAINTENANCE_TIMING,
): { stop(): void } {
  const { db, driver } = database;
  const embedded = driver === "pglite";
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
      if (embedded && started - vacuumedAt >= timing.vacuumMs) {
        vacuumedAt = started;
        await db.execute(sql`vacuum (analyze)`);
      } else if (embedded) {
        await analyzeChangedTables(db);
      } else {
        await analyzeSharedDatabase(db);
      }
    } catch (error) {
      log.error("database maintenance failed", {
        error: error instanceof Error ? error.message : String(error),
      });
    }
    schedule(Math.max(timing.checkMs, (performance.now() - started) * IDLE_RUNS_PER_RUN));
  }
  if (!embedded) void warnWithoutAutovacuum(db, log);
  schedule(embedded ? Math.min(timing.checkMs, timing.vacuumMs) : timing.checkMs);
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

async function analyzeChangedTables(db: Db): Promise<void> {
  const tables = await queryRows<{ name: string }>(
    db,
    sql`select format('%I.%I', s.schemaname, s.relname) as name
        from pg_stat_user_tables s join pg_class c on c.oid = s.relid
        where s.n_mod_since_analyze > ${ANALYZE_THRESHOLD} + ${ANALYZE_SCALE_FACTOR} * greatest(c.reltuples, 0)`,
  );
  if (tables.length) await db.execute(sql.raw(`analyze ${tables.map((t) => t.name).join(", ")}`));
}

// ANALYZE may run in a transaction, so a transaction-scoped lock keeps instances from doubling it
async function analyzeSharedDatabase(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    const [lock] = await queryRows<{ locked: boolean }>(
      tx,
      sql`select pg_try_advisory_xact_lock(${ANALYZE_LOCK_KEY}) as locked`,
    );
    if (lock?.locked) await analyzeChangedTables(tx);
  });
}

async function warnWithoutAutovacuum(db: Db, log: MaintenanceLog): Promise<void> {
  try {
    const [row] = await queryRows<{ on: boolean }>(
      db,
      sql`select current_setting('autovacuum') = 'on' as on`,
    );
    if (row && !row.on) {
      log.warn(
        "autovacuum is off on this Postgres: the service analyzes tables as they grow, but nothing vacuums them; turn autovacuum on",
      );
    }
  } catch (error) {
    log.error("could not read the autovacuum setting", {
      error: error instanceof Error ? error.message : String(error),
    });
  }
}
