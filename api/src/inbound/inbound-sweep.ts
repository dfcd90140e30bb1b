import { databaseProblem, isDatabaseUnavailable } from "../db/errors";
import type { Deps } from "../deps";
import { refileInbound } from "./ingest";
import { giveUpOn, leaseAbandoned, noteAttemptFailed } from "./statements/lease";

type SweepDeps = Pick<Deps, "db" | "config" | "clock" | "log" | "wakeOutbox">;

export type SweepOptions = {
  /** how often the log is looked at for kept emails whose filing died */
  everyMs: number;
  /** rows leased per run; a full batch is followed by the next at once */
  batch: number;
  /** filings of one email, counting its first delivery's, before it is marked `failed` */
  maxAttempts: number;
};

export const SWEEP_DEFAULTS: SweepOptions = { everyMs: 10_000, batch: 20, maxAttempts: 8 };

export type SweepRun = { filed: number; retrying: number; failed: number };

/**
 * Files the kept emails whose filing died with the process or the database (their lease ran out),
 * and marks `failed` those that ran out of attempts. Every instance runs one: leases keep two
 * instances from filing one email. Throws when the database is unavailable.
 */
export async function sweepAbandonedEmails(
  deps: SweepDeps,
  options: Pick<SweepOptions, "batch" | "maxAttempts"> = SWEEP_DEFAULTS,
): Promise<SweepRun> {
  const run: SweepRun = { filed: 0, retrying: 0, failed: 0 };
  for (const gone of await giveUpOn(deps.db, options.maxAttempts)) {
    run.failed += 1;
    deps.log.error("inbound email not filed; marked failed in the inbound log", {
      inboundId: gone.id,
      ...gone,
    });
  }
  for (;;) {
    const leased = await leaseAbandoned(deps.db, options.batch, options.maxAttempts);
    for (const inboundId of leased) {
      if (await fileOne(deps, inboundId)) run.filed += 1;
      else run.retrying += 1;
    }
    if (leased.length < options.batch) return run;
  }
}

async function fileOne(deps: SweepDeps, inboundId: string): Promise<boolean> {
  try {
    const result = await refileInbound(deps, inboundId, null, ["received"]);
    if (result?.status === "filed" && result.acknowledged > 0) deps.wakeOutbox();
    return true;
  } catch (error) {
    if (!isDatabaseUnavailable(error)) throw error;
    // its lease keeps it until the next attempt; the reason shows in the inbound log meanwhile
    await noteAttemptFailed(deps.db, inboundId, `the last filing broke off: ${databaseProblem(error)}`).catch(
      (noteError: unknown) => {
        deps.log.warn("inbound sweep could not note a failed filing; its lease retries it", {
          inboundId,
          error: databaseProblem(noteError),
        });
      },
    );
    return false;
  }
}

/** Sweeps on a timer, one run at a time; a failed run is logged and the next one tries again. */
export function startInboundSweep(
  deps: SweepDeps,
  options: SweepOptions = SWEEP_DEFAULTS,
): { stop(): Promise<void> } {
  let running: Promise<void> | undefined;
  const timer = setInterval(() => {
    if (running) return;
    running = sweepAbandonedEmails(deps, options)
      .then((run) => {
        if (run.filed + run.retrying + run.failed > 0) deps.log.info("inbound sweep", run);
      })
      .catch((error: unknown) => {
        deps.log.error("inbound sweep failed; retrying at the next run", { error: databaseProblem(error) });
      })
      .finally(() => {
        running = undefined;
      });
  }, options.everyMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
