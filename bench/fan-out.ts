import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { hostLoadSince, sampleHost } from "./host-load";
import { percentile } from "./load";
import { openSubscribers, type ReceivedEvent } from "./sse-subscribers";
import { staffClient } from "./staff-http";
import type { StaffMember } from "./staff-members";

export type FanOutResult = {
  thread: string;
  subscribers: number;
  opened: number;
  openSeconds: number;
  rounds: number;
  /** Rounds in which every open stream received the change within the round's time bound. */
  completeRounds: number;
  /** Per round: from sending the PUT to the last stream receiving its event, ms. */
  lastDeliveryMs: { p50: number; p99: number; max: number };
  /** Per round: the median stream's delay, ms (p50 over the rounds). */
  medianDeliveryP50Ms: number;
  /** The PUT's own round trip, p50 over the rounds, ms. */
  putP50Ms: number;
  memory: { rssBeforeMb: number; rssWithStreamsMb: number; peakRssMb: number; heapUsedMb: number };
  host: { busyPercent: number; loadAverage: number };
  problems: string[];
};

export type FanOutPlan = {
  port: number;
  pid: number;
  staff: StaffMember[];
  subscribers: number;
  rounds: number;
  roundTimeoutMs: number;
  openTimeoutMs: number;
  heapUsedMb(): Promise<number>;
  log(line: string): void;
};

const THREAD = "THD-1";
const WARM_UP_ROUNDS = 2;
const PAUSE_MS = 100;

/** VmRSS (now) and VmHWM (peak) of a process, in MB, from /proc. */
export function residentMb(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? Number.NaN);
  return { rss: kb("VmRSS") / 1024, peak: kb("VmHWM") / 1024 };
}

type Round = { activity: "viewing" | "composing"; sentAt: number; arrivals: number[]; done: () => void };

/**
 * Opens `subscribers` streams on one thread, then has one member switch activity there round after
 * round (each switch publishes a presence event) and times each change to its last subscriber.
 */
export async function measureFanOut(plan: FanOutPlan): Promise<FanOutResult> {
  const [changer, ...others] = plan.staff;
  const problems: string[] = [];
  const rssBeforeMb = residentMb(plan.pid).rss;
  let round: Round | null = null;
  let opened = 0;
  const onEvent = (_subscriber: number, event: ReceivedEvent) => {
    const current = round;
    if (!current || event.type !== "presence" || !event.data.includes(changer!.email)) return;
    const data = JSON.parse(event.data) as { activity: string | null; reason: string };
    if (data.activity !== current.activity || data.reason !== "heartbeat") return;
    current.arrivals.push(event.at - current.sentAt);
    if (current.arrivals.length >= opened) current.done();
  };
  plan.log(`fan-out: opening ${plan.subscribers} streams on ${THREAD}`);
  const streams = await openSubscribers({
    port: plan.port,
    path: `/api/v1/threads/${THREAD}/events`,
    tokens: others.map((member) => member.token),
    count: plan.subscribers,
    parallel: 50,
    timeoutMs: plan.openTimeoutMs,
    onEvent,
    progress: plan.log,
  });
  opened = streams.opened;
  problems.push(...streams.failures);
  const client = staffClient(plan.port, 1);
  try {
    await sleep(500);
    const rssWithStreamsMb = residentMb(plan.pid).rss;
    const heapUsedMb = await plan.heapUsedMb();
    plan.log(
      `fan-out: ${opened} streams open in ${streams.openSeconds.toFixed(1)} s; API RSS ${rssWithStreamsMb.toFixed(0)} MB`,
    );
    const hostBefore = sampleHost();
    const last: number[] = [];
    const medians: number[] = [];
    const puts: number[] = [];
    let complete = 0;
    for (let r = 0; r < plan.rounds + WARM_UP_ROUNDS; r++) {
      const activity = r % 2 === 0 ? "viewing" : "composing";
      const arrivals: number[] = [];
      let done = () => {};
      const arrived = new Promise<boolean>((resolve) => {
        done = () => resolve(true);
        setTimeout(() => resolve(false), plan.roundTimeoutMs).unref();
      });
      round = { activity, sentAt: performance.now(), arrivals, done };
      const body = { thread: THREAD, activity, client: "web" };
      const answer = await client.call({
        method: "PUT",
        path: "/api/v1/presence",
        token: changer!.token,
        body,
      });
      const putMs = performance.now() - round.sentAt;
      if (answer.status !== 200 && problems.length < 5) problems.push(`PUT presence: HTTP ${answer.status}`);
      const allArrived = await arrived;
      round = null;
      if (r < WARM_UP_ROUNDS) continue;
      const sorted = arrivals.sort((a, b) => a - b);
      puts.push(putMs);
      // a round cut short counts at its time bound, so a miss cannot improve the percentiles
      last.push(allArrived ? sorted.at(-1)! : plan.roundTimeoutMs);
      if (allArrived) complete += 1;
      else if (problems.length < 5) problems.push(`round ${r}: ${arrivals.length}/${opened} streams in time`);
      medians.push(percentile(sorted, 0.5));
      await sleep(PAUSE_MS);
    }
    const host = hostLoadSince(hostBefore);
    const sortedLast = [...last].sort((a, b) => a - b);
    return {
      thread: THREAD,
      subscribers: plan.subscribers,
      opened,
      openSeconds: streams.openSeconds,
      rounds: plan.rounds,
      completeRounds: complete,
      lastDeliveryMs: {
        p50: percentile(sortedLast, 0.5),
        p99: percentile(sortedLast, 0.99),
        max: sortedLast.at(-1) ?? Number.NaN,
      },
      medianDeliveryP50Ms: percentile(
        medians.sort((a, b) => a - b),
        0.5,
      ),
      putP50Ms: percentile(
        puts.sort((a, b) => a - b),
        0.5,
      ),
      memory: { rssBeforeMb, rssWithStreamsMb, peakRssMb: residentMb(plan.pid).peak, heapUsedMb },
      host,
      problems,
    };
  } finally {
    client.close();
    streams.close();
  }
}
