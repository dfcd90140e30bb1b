import { type DeliveryDeps, deliverDueMail } from "./deliver";

export type OutboxWorker = {
  /** Look for due mail soon, e.g. right after a webhook committed an acknowledgement. */
  wake(): void;
  /** Stops polling and waits for a run in progress to finish. */
  stop(): Promise<void>;
};

const BATCH = 20;

/**
 * Polls the outbox every `intervalMs`, one run at a time. A failing run (the database is down,
 * say) is logged and the next poll tries again: the worker never stops on its own.
 */
export function startOutboxWorker(
  deps: DeliveryDeps,
  { intervalMs = 5000 }: { intervalMs?: number } = {},
): OutboxWorker {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let wokenWhileRunning = false;
  let stopped = false;

  const schedule = (delayMs: number) => {
    clearTimeout(timer);
    if (stopped) return;
    timer = setTimeout(run, delayMs);
    // polling alone must not keep a process alive that has nothing else to do
    timer.unref();
  };

  const run = () => {
    if (stopped) return;
    if (running) {
      wokenWhileRunning = true;
      return;
    }
    running = deliverAllDue(deps).finally(() => {
      running = undefined;
      const again = wokenWhileRunning;
      wokenWhileRunning = false;
      schedule(again ? 0 : intervalMs);
    });
  };

  schedule(0);
  return {
    wake() {
      if (running) wokenWhileRunning = true;
      else schedule(0);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

// keeps going while batches come back full, so a backlog drains without waiting for the next poll
async function deliverAllDue(deps: DeliveryDeps): Promise<void> {
  try {
    for (;;) {
      const result = await deliverDueMail(deps, { limit: BATCH });
      if (result.sent + result.retried + result.failed < BATCH) return;
    }
  } catch (error) {
    deps.log.error("Outbox delivery run failed; retrying at the next poll", {
      error: error instanceof Error ? error.message : String(error),
      cause: error instanceof Error && error.cause instanceof Error ? error.cause.message : undefined,
    });
  }
}
