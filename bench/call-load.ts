import { performance } from "node:perf_hooks";
import type { StaffAnswer, StaffCall } from "./staff-http";

/** One planned call: its kind (for per-kind latencies) and what a right answer looks like. */
export type PlannedCall = {
  kind: string;
  call: StaffCall;
  /** The outcome to count (`thread`, `no thread`, …), or a problem when the answer is wrong. */
  judge(answer: StaffAnswer): { ok: true; outcome: string } | { ok: false; problem: string };
};

export type CallLoadPlan = {
  label: string;
  total: number;
  concurrency: number;
  timeoutMs: number;
  next(): PlannedCall;
  send(call: StaffCall): Promise<StaffAnswer>;
  progress?: (line: string) => void;
};

export type CallLoadResult = {
  sent: number;
  completed: number;
  failed: number;
  elapsedMs: number;
  latencies: number[];
  latenciesByKind: Record<string, number[]>;
  outcomes: Record<string, number>;
  problems: string[];
  timedOut: boolean;
};

const PROGRESS_EVERY_MS = 2000;

/**
 * `concurrency` callers, each sending its next call as soon as the last one was answered, until
 * `total` were sent or the time bound passed. Only the round trip is timed.
 */
export async function runCalls(plan: CallLoadPlan): Promise<CallLoadResult> {
  const result: CallLoadResult = {
    sent: 0,
    completed: 0,
    failed: 0,
    elapsedMs: 0,
    latencies: [],
    latenciesByKind: {},
    outcomes: {},
    problems: [],
    timedOut: false,
  };
  const started = performance.now();
  const deadline = started + plan.timeoutMs;
  const ticker = setInterval(() => {
    const rate = Math.round(result.completed / ((performance.now() - started) / 1000));
    plan.progress?.(
      `  ${plan.label}: ${result.completed}/${plan.total} (${rate}/s, ${result.failed} failed)`,
    );
  }, PROGRESS_EVERY_MS);
  ticker.unref();

  const fail = (problem: string) => {
    result.failed++;
    if (result.problems.length < 5) result.problems.push(problem);
  };
  const caller = async () => {
    while (result.sent < plan.total) {
      if (performance.now() > deadline) {
        result.timedOut = true;
        return;
      }
      result.sent++;
      const planned = plan.next();
      const begin = performance.now();
      const answer = await plan.send(planned.call).catch((error: unknown) => String(error));
      const latency = performance.now() - begin;
      if (typeof answer === "string") {
        fail(answer);
        continue;
      }
      const verdict = planned.judge(answer);
      if (!verdict.ok) {
        fail(`${planned.kind}: ${verdict.problem}`);
        continue;
      }
      result.completed++;
      result.latencies.push(latency);
      const ofKind = result.latenciesByKind[planned.kind] ?? [];
      ofKind.push(latency);
      result.latenciesByKind[planned.kind] = ofKind;
      const outcome = `${planned.kind}: ${verdict.outcome}`;
      result.outcomes[outcome] = (result.outcomes[outcome] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: plan.concurrency }, caller));
  clearInterval(ticker);
  result.elapsedMs = performance.now() - started;
  return result;
}
