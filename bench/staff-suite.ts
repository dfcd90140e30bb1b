import { agentTraffic } from "./agent-requests";
import { type BenchChild, startChild } from "./bench-child";
import { type CallLoadResult, type PlannedCall, runCalls } from "./call-load";
import { cpuMillis } from "./child-ipc";
import { type FanOutResult, measureFanOut } from "./fan-out";
import { hostLoadSince, sampleHost } from "./host-load";
import { percentile } from "./load";
import type { BenchOptions } from "./options";
import { postgresCpuMillis } from "./postgres-cpu";
import type { QueryCounts } from "./query-counter";
import { profileFlags } from "./scenarios";
import { createScratchDatabase } from "./scratch-postgres";
import type { StaffDataShape } from "./staff-data";
import { type StaffCall, staffClient } from "./staff-http";
import type { StaffMember } from "./staff-members";
import {
  agedIngestTraffic,
  contextTraffic,
  heartbeatTraffic,
  SEARCHES,
  type SearchScenario,
  searchTraffic,
  threadPageTraffic,
} from "./staff-requests";
import { type SeedReport, seedStaffData } from "./staff-seed";
import { analyticsTraffic, listTraffic, slaTraffic } from "./workflow-requests";

export type StaffRow = {
  scenario:
    | "noop"
    | "context"
    | "heartbeat"
    | "agent"
    | "analytics"
    | "sla-breached"
    | "thread-list"
    | "ingest-aged"
    | SearchScenario
    | "thread-page";
  concurrency: number;
  planned: number;
  completed: number;
  failed: number;
  timedOut: boolean;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** CPU of the serving process (API or noop child) per request. */
  cpuMsPerRequest: number;
  /** CPU of all postgres processes on the host per request (null without /proc). */
  postgresCpuMsPerRequest: number | null;
  /** CPU of the bench's own callers per request: they share the two cores. */
  loadGeneratorCpuMsPerRequest: number;
  /** SQL statements the API sent per request (node-postgres calls), and how many began a transaction. */
  queriesPerRequest: number | null;
  transactionsPerRequest: number | null;
  byKind: Record<string, { count: number; p50Ms: number; p99Ms: number }>;
  outcomes: Record<string, number>;
  problems: string[];
  host: { busyPercent: number; loadAverage: number };
};

export type StaffResults = {
  seed: SeedReport;
  members: number;
  rows: StaffRow[];
  fanOut: FanOutResult;
};

type Phase = {
  options: BenchOptions;
  log: (line: string) => void;
};

type Traffic = { next: () => PlannedCall };

const toMs = (sorted: number[]) => ({ p50Ms: percentile(sorted, 0.5), p99Ms: percentile(sorted, 0.99) });

function summarize(
  scenario: StaffRow["scenario"],
  concurrency: number,
  planned: number,
  load: CallLoadResult,
  cost: { cpuMs: number; selfCpuMs: number; postgresCpuMs: number | null; queries: QueryCounts | null },
  host: StaffRow["host"],
): StaffRow {
  const per = (value: number) => value / Math.max(load.completed, 1);
  const byKind = Object.fromEntries(
    Object.entries(load.latenciesByKind).map(([kind, latencies]) => {
      const sorted = [...latencies].sort((a, b) => a - b);
      return [kind, { count: sorted.length, ...toMs(sorted) }];
    }),
  );
  return {
    scenario,
    concurrency,
    planned,
    completed: load.completed,
    failed: load.failed,
    timedOut: load.timedOut,
    requestsPerSecond: load.completed / (load.elapsedMs / 1000),
    ...toMs([...load.latencies].sort((a, b) => a - b)),
    cpuMsPerRequest: per(cost.cpuMs),
    postgresCpuMsPerRequest: cost.postgresCpuMs === null ? null : per(cost.postgresCpuMs),
    loadGeneratorCpuMsPerRequest: per(cost.selfCpuMs),
    queriesPerRequest: cost.queries ? per(cost.queries.statements) : null,
    transactionsPerRequest: cost.queries ? per(cost.queries.transactions) : null,
    byKind,
    outcomes: load.outcomes,
    problems: load.problems,
    host,
  };
}

const difference = (before: QueryCounts | null, after: QueryCounts | null): QueryCounts | null =>
  before && after
    ? {
        statements: after.statements - before.statements,
        transactions: after.transactions - before.transactions,
        autocommits: after.autocommits - before.autocommits,
      }
    : null;

/** How many requests a run measures, at what concurrency: the suite's defaults unless a scenario says. */
type RunSize = { requests: number; concurrency: number; warmup: number };

/** Warm-up (not measured), then the measured run, with the serving child's CPU and queries around it. */
async function measureCalls(
  phase: Phase,
  child: BenchChild,
  scenario: StaffRow["scenario"],
  makeTraffic: (seed: number) => Traffic,
  send: (call: StaffCall) => ReturnType<ReturnType<typeof staffClient>["call"]>,
  size: RunSize = phase.options.staff,
): Promise<StaffRow> {
  const { staff: flags, seed } = phase.options;
  const staff = { ...flags, ...size };
  const label = `staff ${scenario} c${staff.concurrency}`;
  const plan = { concurrency: staff.concurrency, timeoutMs: staff.timeoutMs, send, progress: phase.log };
  await runCalls({
    ...plan,
    label: `${label} warm-up`,
    total: Math.min(staff.warmup, staff.requests),
    next: makeTraffic(seed + 1000).next,
  });
  const queriesBefore = scenario === "noop" ? null : await child.call<QueryCounts | null>("queries");
  const before = {
    child: await child.cpuMillis(),
    self: cpuMillis(),
    postgres: postgresCpuMillis(),
    host: sampleHost(),
  };
  const load = await runCalls({ ...plan, label, total: size.requests, next: makeTraffic(seed).next });
  const host = hostLoadSince(before.host);
  const postgresAfter = postgresCpuMillis();
  const cost = {
    postgresCpuMs:
      before.postgres === null || postgresAfter === null ? null : postgresAfter - before.postgres,
    cpuMs: (await child.cpuMillis()) - before.child,
    selfCpuMs: cpuMillis() - before.self,
    queries: scenario === "noop" ? null : difference(queriesBefore, await child.call("queries")),
  };
  const row = summarize(scenario, size.concurrency, size.requests, load, cost, host);
  phase.log(
    `${label}: ${row.requestsPerSecond.toFixed(0)} req/s, p50 ${row.p50Ms.toFixed(1)} ms, p99 ${row.p99Ms.toFixed(1)} ms, API CPU ${row.cpuMsPerRequest.toFixed(2)} ms/req (host ${host.busyPercent.toFixed(0)}% busy, load ${host.loadAverage.toFixed(1)})`,
  );
  return row;
}

/**
 * The metrics summary, the list of breached threads and the filtered thread list at the workflow
 * concurrency; the thread list also one caller at a time, the time a page takes to answer without
 * waiting behind other callers for the machine's cores.
 */
async function workflowRows(
  phase: Phase,
  child: BenchChild,
  staff: StaffMember[],
  send: (call: StaffCall) => ReturnType<ReturnType<typeof staffClient>["call"]>,
): Promise<StaffRow[]> {
  const flags = phase.options.staff;
  const size = {
    requests: flags.workflowRequests,
    concurrency: flags.workflowConcurrency,
    warmup: Math.min(flags.warmup, Math.ceil(flags.workflowRequests / 4)),
  };
  const analytics = (seed: number) => analyticsTraffic(staff, seed);
  const breached = (seed: number) => slaTraffic(staff, seed);
  return [
    await measureCalls(phase, child, "analytics", analytics, send, size),
    await measureCalls(phase, child, "sla-breached", breached, send, size),
    await measureCalls(phase, child, "thread-list", (seed) => listTraffic(staff, seed), send, size),
    await measureCalls(phase, child, "thread-list", (seed) => listTraffic(staff, seed), send, {
      ...size,
      concurrency: 1,
    }),
  ];
}

/** The HTTP stack alone at the same concurrency, with the context requests' bodies and headers. */
async function noopRow(phase: Phase, shape: StaffDataShape, staff: StaffMember[]): Promise<StaffRow> {
  const child = await startChild("./serve-noop.ts", []);
  const client = staffClient(child.port, phase.options.staff.concurrency);
  try {
    const send = (call: StaffCall) => client.call({ ...call, method: "POST", path: "/noop" });
    const traffic = (seed: number) => {
      const context = contextTraffic(shape, staff, seed);
      return {
        next: () => ({
          ...context.next(),
          kind: "noop",
          judge: (answer: { status: number }) =>
            answer.status === 200
              ? { ok: true as const, outcome: "ok" }
              : { ok: false as const, problem: `HTTP ${answer.status}` },
        }),
      };
    };
    return await measureCalls(phase, child, "noop", traffic, send);
  } finally {
    client.close();
    await child.stop();
  }
}

/** MCP tool calls and the REST calls doing the same work, taking turns at the agent concurrency. */
async function agentRow(phase: Phase, child: BenchChild, shape: StaffDataShape, staff: StaffMember[]) {
  const { agentConcurrency, agentRequests, warmup } = phase.options.staff;
  const size = { concurrency: agentConcurrency, requests: agentRequests, warmup };
  const client = staffClient(child.port, size.concurrency);
  try {
    const traffic = (seed: number) => agentTraffic(shape, staff, seed);
    return await measureCalls(phase, child, "agent", traffic, client.call, size);
  } finally {
    client.close();
  }
}

/** The webhook at concurrency 16 on the seeded database, as an instance a year old files mail. */
async function agedIngestRow(phase: Phase, child: BenchChild): Promise<StaffRow> {
  const size = { concurrency: 16, requests: phase.options.staff.agedEmails, warmup: 200 };
  const client = staffClient(child.port, size.concurrency);
  try {
    return await measureCalls(phase, child, "ingest-aged", agedIngestTraffic, client.call, size);
  } finally {
    client.close();
  }
}

/** Full-text search at concurrency 8: a common word, a rare word, a phrase. */
async function searchRows(phase: Phase, child: BenchChild, staff: StaffMember[]): Promise<StaffRow[]> {
  const { search } = phase.options.staff;
  const client = staffClient(child.port, search.concurrency);
  try {
    const rows: StaffRow[] = [];
    for (const scenario of Object.keys(SEARCHES) as SearchScenario[]) {
      const traffic = (seed: number) => searchTraffic(staff, scenario, seed);
      rows.push(await measureCalls(phase, child, scenario, traffic, client.call, search));
    }
    return rows;
  } finally {
    client.close();
  }
}

/** The page of a thread of 200 messages, one browser at a time: its server time. */
async function threadPageRow(
  phase: Phase,
  child: BenchChild,
  shape: StaffDataShape,
  staff: StaffMember[],
): Promise<StaffRow> {
  const cookie = await child.call<string>("webSession", staff[0]!.email);
  const { search } = phase.options.staff;
  const client = staffClient(child.port, 1);
  try {
    const traffic = () => threadPageTraffic(shape, cookie);
    const size = { concurrency: 1, requests: search.requests, warmup: search.warmup };
    return await measureCalls(phase, child, "thread-page", traffic, client.call, size);
  } finally {
    client.close();
  }
}

/**
 * The staff API on a seeded Postgres scratch database: the no-op baseline, context requests,
 * presence heartbeats, what AI agents read (MCP beside REST), then the fan-out of presence changes to many streams of one thread.
 * presence heartbeats, full-text search, the page of a long thread, then the fan-out of presence
 * changes to many streams of one thread.
 */
export async function runStaffSuite(
  options: BenchOptions,
  log: (line: string) => void,
): Promise<StaffResults> {
  const phase = { options, log };
  const { staff: flags } = options;
  const shape: StaffDataShape = { threads: flags.threads, messages: flags.messages, clients: flags.clients };
  const scratch = await createScratchDatabase(options.pgUrl);
  try {
    log(`staff: scratch database ${scratch.name}; starting the API`);
    const pipelines = options.pipelines === undefined ? [] : ["--pipelines", String(options.pipelines)];
    const child = await startChild(
      "./serve-api.ts",
      ["--database-url", scratch.url, "--acks", "off", ...pipelines],
      {
        nodeFlags: profileFlags(options, "pg-staff"),
        onProgress: log,
      },
    );
    try {
      const staff = await child.call<StaffMember[]>("staffMembers", flags.members);
      log(`staff: seeding ${shape.threads} threads and ${shape.messages} messages in SQL`);
      const seed = await seedStaffData(scratch.url, shape, log);
      log(`staff: seeded in ${seed.seconds.toFixed(1)} s`);
      const rows = [await noopRow(phase, shape, staff)];
      const client = staffClient(child.port, flags.concurrency);
      try {
        const context = (seed: number) => contextTraffic(shape, staff, seed);
        rows.push(await measureCalls(phase, child, "context", context, client.call));
        const heartbeats = (seed: number) => heartbeatTraffic(shape, staff, seed);
        rows.push(await measureCalls(phase, child, "heartbeat", heartbeats, client.call));
        rows.push(...(await workflowRows(phase, child, staff, client.call)));
      } finally {
        client.close();
      }
      rows.push(await agentRow(phase, child, shape, staff));
      rows.push(...(await searchRows(phase, child, staff)));
      rows.push(await threadPageRow(phase, child, shape, staff));
      const fanOut = await measureFanOut({
        port: child.port,
        pid: child.pid,
        staff,
        subscribers: flags.subscribers,
        rounds: flags.rounds,
        roundTimeoutMs: 5_000,
        openTimeoutMs: flags.timeoutMs,
        heapUsedMb: async () => (await child.call<{ heapUsed: number }>("memory")).heapUsed / 1048576,
        log,
      });
      log(
        `fan-out: last of ${fanOut.opened} streams p50 ${fanOut.lastDeliveryMs.p50.toFixed(0)} ms, p99 ${fanOut.lastDeliveryMs.p99.toFixed(0)} ms; RSS ${fanOut.memory.rssWithStreamsMb.toFixed(0)} MB`,
      );
      // last: the emails it files change what the read rows above would see
      rows.push(await agedIngestRow(phase, child));
      return { seed, members: staff.length, rows, fanOut };
    } finally {
      await child.stop();
    }
  } finally {
    await scratch.drop();
  }
}
