import { type DeliveryDeps, deliverDueMail } from "./deliver";

export type OutboxWorker = {
  /** Look for due mail soon, e.g. right after a webhook committed an acknowledgement. */
  wake(): void;
  /** Stops polling and waits for a run in progress to finish. */
  stop(): Promise<void>;
};

const BATCH = 20;

type WorkerOptions = {
  /** how often the outbox is polled when nothing wakes the worker */
  intervalMs?: number;
  /**
   * how long a wake waits for more: acknowledgements committed within it are claimed and
   * recorded together, two statements for the lot instead of two for each
   */
  gatherMs?: number;
};

/**
 * Polls the outbox every `intervalMs`, one run at a time. A failing run (the database is down,
 * say) is logged and the next poll tries again: the worker never stops on its own.
 */
export function startOutboxWorker(
  deps: DeliveryDeps,
  { intervalMs = 5000, gatherMs = 50 }: WorkerOptions = {},
): OutboxWorker {
  let timer: NodeJS.Timeout | undefined;
  let dueAt = Number.POSITIVE_INFINITY;
  let running: Promise<void> | undefined;
  let wokenWhileRunning = false;
  let stopped = false;

  // a run already due sooner is kept: a steady stream of wakes must not keep pushing it back
  const schedule = (delayMs: number) => {
    if (stopped || Date.now() + delayMs >= dueAt) return;
    clearTimeout(timer);
    dueAt = Date.now() + delayMs;
    timer = setTimeout(run, delayMs);
    // polling alone must not keep a process alive that has nothing else to do
    timer.unref();
  };

  const run = () => {
    dueAt = Number.POSITIVE_INFINITY;
    if (stopped) return;
    if (running) {
      wokenWhileRunning = true;
      return;
    }
    running = deliverAllDue(deps).finally(() => {
      running = undefined;
      const again = wokenWhileRunning;
      wokenWhileRunning = false;
      schedule(again ? gatherMs : intervalMs);
    });
  };

  schedule(0);
  return {
    wake() {
      if (running) wokenWhileRunning = true;
      else schedule(gatherMs);
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
