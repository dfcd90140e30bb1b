import { performance } from "node:perf_hooks";
import type { EmailTraffic } from "./email-traffic";

/** What one delivery of an email reported: ok, or why not. */
export type DeliveryOutcome = { ok: true; status: string } | { ok: false; problem: string };

export type LoadResult = {
  sent: number;
  completed: number;
  failed: number;
  elapsedMs: number;
  /** Latency of each completed delivery, in milliseconds. */
  latencies: number[];
  /** How many deliveries answered each status (`filed`, `duplicate`, `ok`, …). */
  statuses: Record<string, number>;
  problems: string[];
  timedOut: boolean;
};

export type LoadPlan = {
  label: string;
  total: number;
  concurrency: number;
  timeoutMs: number;
  traffic: EmailTraffic;
  deliver: (body: string) => Promise<DeliveryOutcome>;
  progress?: (line: string) => void;
  /** Called once, when half of `total` were answered: the second half runs on warmed-up code. */
  halfway?: (completed: number) => void;
};

const PROGRESS_EVERY_MS = 2000;

/**
 * A fixed pool of `concurrency` senders, each posting its next email as soon as the last one was
 * answered, until `total` were sent or the time bound passed. Building a payload is not timed.
 */
export async function runLoad(plan: LoadPlan): Promise<LoadResult> {
  const result: LoadResult = {
    sent: 0,
    completed: 0,
    failed: 0,
    elapsedMs: 0,
    latencies: [],
    statuses: {},
    problems: [],
    timedOut: false,
  };
  const started = performance.now();
  const deadline = started + plan.timeoutMs;
  const ticker = setInterval(() => {
    const seconds = (performance.now() - started) / 1000;
    const rate = Math.round(result.completed / seconds);
    plan.progress?.(
      `  ${plan.label}: ${result.completed}/${plan.total} (${rate}/s, ${result.failed} failed)`,
    );
  }, PROGRESS_EVERY_MS);
  ticker.unref();

  const sender = async () => {
    while (result.sent < plan.total) {
      if (performance.now() > deadline) {
        result.timedOut = true;
        return;
      }
      result.sent++;
      const email = plan.traffic.next();
      const begin = performance.now();
      const outcome = await plan
        .deliver(email.body)
        .catch((error: unknown): DeliveryOutcome => ({ ok: false, problem: String(error) }));
      const latency = performance.now() - begin;
      if (outcome.ok) {
        result.completed++;
        if (result.completed === Math.ceil(plan.total / 2)) plan.halfway?.(result.completed);
        result.latencies.push(latency);
        result.statuses[outcome.status] = (result.statuses[outcome.status] ?? 0) + 1;
        email.remember();
      } else {
        result.failed++;
        if (result.problems.length < 5) result.problems.push(outcome.problem);
      }
    }
  };
  await Promise.all(Array.from({ length: plan.concurrency }, sender));
  clearInterval(ticker);
  result.elapsedMs = performance.now() - started;
  return result;
}

/** The value below which `share` of the sorted values lie (nearest rank). */
export function percentile(sorted: number[], share: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(share * sorted.length) - 1));
  return sorted[rank]!;
}
