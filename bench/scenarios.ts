import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startChild } from "./bench-child";
import { WEBHOOK_PASSWORD, WEBHOOK_USER } from "./bench-constants";
import { cpuMillis } from "./child-ipc";
import { EmailTraffic } from "./email-traffic";
import { hostLoadSince, sampleHost } from "./host-load";
import { basicAuth, httpPoster } from "./http-client";
import { type LoadResult, percentile, runLoad } from "./load";
import type { BenchOptions, DatabaseKind } from "./options";
import { postgresCpuByProcess, postgresCpuSince } from "./postgres-cpu";
import type { QueryCounts } from "./query-counter";
import { createScratchDatabase } from "./scratch-postgres";

/**
 * `ingest-nosearch`: the webhook with the search documents and their indexes dropped first;
 * `ingest-outside`: the webhook, its traffic posted by a load generator in a process of its own.
 */
export type ScenarioName = "noop" | "ingest" | "ingest-nosearch" | "ingest-outside" | "direct";

export type ScenarioResult = {
  database: DatabaseKind;
  scenario: ScenarioName;
  concurrency: number;
  planned: number;
  completed: number;
  failed: number;
  timedOut: boolean;
  emailsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** CPU of the process doing the work (API child, noop child, or the direct child), per email. */
  cpuMsPerEmail: number;
  /** The same over the measured run's second half, its code warmed up by the first (`ingest` and
   * `noop`): a long-running service's cost per email, without the JIT's warm-up. */
  secondHalfCpuMsPerEmail: number | null;
  /** CPU of the bench's own load generator per email (HTTP scenarios only): it shares the cores. */
  loadGeneratorCpuMsPerEmail: number | null;
  statuses: Record<string, number>;
  problems: string[];
  queries:
    | (QueryCounts & { perEmail: number; transactionsPerEmail: number; autocommitsPerEmail: number })
    | null;
  outboxLeft: number | null;
  /** The whole machine during the measured run: % of all cores busy, 1-minute load average at the end. */
  host: { busyPercent: number; loadAverage: number } | null;
  /** Postgres (every process on the host) during the measured run: CPU per email, and the busiest
   * process's share of the run's wall time (1 = one core all the time). Null on PGlite. */
  postgres: { cpuMsPerEmail: number; busiestShare: number } | null;
};

type Workload = {
  database: DatabaseKind;
  concurrency: number;
  options: BenchOptions;
  log: (line: string) => void;
};

const DRAIN_TIMEOUT_MS = 30_000;
let runCounter = 0;

function summarize(
  base: Pick<ScenarioResult, "database" | "scenario" | "concurrency" | "planned">,
  load: LoadResult,
  cpuMs: number,
): ScenarioResult {
  const sorted = [...load.latencies].sort((a, b) => a - b);
  const completed = Math.max(load.completed, 1);
  return {
    ...base,
    completed: load.completed,
    failed: load.failed,
    timedOut: load.timedOut,
    emailsPerSecond: load.completed / (load.elapsedMs / 1000),
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
    cpuMsPerEmail: cpuMs / completed,
    secondHalfCpuMsPerEmail: null,
    loadGeneratorCpuMsPerEmail: null,
    statuses: load.statuses,
    problems: load.problems,
    queries: null,
    outboxLeft: null,
    host: null,
    postgres: null,
  };
}

const pgliteDirs = new Set<string>();

/** Removes PGlite directories a scenario cut short left behind. */
export function removePgliteDirs(): void {
  for (const dir of pgliteDirs) rmSync(dir, { recursive: true, force: true });
  pgliteDirs.clear();
}

/** A fresh database for one scenario: a scratch database on the server, or a new PGlite directory. */
async function freshDatabase(kind: DatabaseKind, options: BenchOptions) {
  if (kind === "pg") {
    const scratch = await createScratchDatabase(options.pgUrl);
    return { args: ["--database-url", scratch.url], drop: () => scratch.drop() };
  }
  const dir = mkdtempSync(join(tmpdir(), "tisket-bench-pglite-"));
  pgliteDirs.add(dir);
  const drop = async () => {
    rmSync(dir, { recursive: true, force: true });
    pgliteDirs.delete(dir);
  };
  return { args: ["--data-dir", dir], drop };
}

// one directory per scenario: V8 writes a profile per thread (the tsx loader runs in its own)
export function profileFlags(options: BenchOptions, name: string): string[] {
  if (!options.profile) return [];
  const dir = `.bench/profiles/${name}`;
  mkdirSync(dir, { recursive: true });
  return ["--cpu-prof", `--cpu-prof-dir=${dir}`];
}

/** The serving process's CPU when `completed` emails of the measured run were answered. */
type CpuReading = { cpuMs: number; completed: number };

/**
 * Posts the traffic over HTTP: warm-up first (not measured), then `afterWarmUp`, then the
 * measured run, the serving process's CPU read before it and halfway through.
 */
async function httpLoad(
  work: Workload,
  scenario: ScenarioName,
  port: number,
  path: string,
  childCpu: () => Promise<number>,
  afterWarmUp: () => Promise<unknown> = async () => {},
) {
  const { options, concurrency } = work;
  const poster = httpPoster(port, path, concurrency, basicAuth(WEBHOOK_USER, WEBHOOK_PASSWORD));
  const tag = `r${++runCounter}`;
  const total = options.emails;
  const label = `${work.database} ${scenario} c${concurrency}`;
  try {
    if (options.warmup > 0) {
      await runLoad({
        label: `${label} warm-up`,
        total: options.warmup,
        concurrency,
        timeoutMs: options.timeoutMs,
        traffic: new EmailTraffic(`${tag}w`, options.seed + 1000, options.replyShare),
        deliver: poster.deliver,
        progress: work.log,
      });
    }
    await afterWarmUp();
    const before = { child: await childCpu(), self: cpuMillis(), host: sampleHost() };
    let halfway: Promise<CpuReading> | undefined;
    const load = await runLoad({
      label,
      total,
      concurrency,
      timeoutMs: options.timeoutMs,
      traffic: new EmailTraffic(tag, options.seed, options.replyShare),
      deliver: poster.deliver,
      progress: work.log,
      halfway: (completed) => {
        halfway = childCpu().then((cpuMs) => ({ cpuMs, completed }));
      },
    });
    return { load, before, halfway: await halfway, total, host: hostLoadSince(before.host) };
  } finally {
    poster.close();
  }
}

export async function noopScenario(work: Workload): Promise<ScenarioResult> {
  const child = await startChild("./serve-noop.ts", []);
  try {
    const { load, before, halfway, total, host } = await httpLoad(
      work,
      "noop",
      child.port,
      "/noop",
      child.cpuMillis,
    );
    const cpuAfter = await child.cpuMillis();
    const result = summarize(
      { database: work.database, scenario: "noop", concurrency: work.concurrency, planned: total },
      load,
      cpuAfter - before.child,
    );
    result.secondHalfCpuMsPerEmail = secondHalfCpu(halfway, cpuAfter, load.completed);
    result.loadGeneratorCpuMsPerEmail = (cpuMillis() - before.self) / Math.max(load.completed, 1);
    result.host = host;
    return result;
  } finally {
    await child.stop();
  }
}

function secondHalfCpu(halfway: CpuReading | undefined, cpuAfter: number, completed: number) {
  if (!halfway || completed <= halfway.completed) return null;
  return (cpuAfter - halfway.cpuMs) / (completed - halfway.completed);
}

function queriesPerEmail(before: QueryCounts | null, after: QueryCounts | null, emails: number) {
  if (!before || !after) return null;
  const statements = after.statements - before.statements;
  const transactions = after.transactions - before.transactions;
  const autocommits = after.autocommits - before.autocommits;
  const per = (n: number) => n / Math.max(emails, 1);
  return {
    statements,
    transactions,
    autocommits,
    perEmail: per(statements),
    transactionsPerEmail: per(transactions),
    autocommitsPerEmail: per(autocommits),
  };
}

/** The webhook over HTTP (with or without search documents), or `ingestInbound` called inside the API process ("direct"). */
export async function databaseScenario(
  work: Workload,
  scenario: Exclude<ScenarioName, "noop">,
): Promise<ScenarioResult> {
  const { options, concurrency, database } = work;
  const db = await freshDatabase(database, options);
  const name = `${database}-${scenario}-c${concurrency}`;
  const args = [...db.args, "--acks", options.acks ? "on" : "off"];
  if (options.pipelines !== undefined) args.push("--pipelines", String(options.pipelines));
  if (scenario === "ingest-nosearch") args.push("--search", "off");
  try {
    const child = await startChild("./serve-api.ts", args, {
      nodeFlags: profileFlags(options, name),
      onProgress: work.log,
    });
    try {
      const postgresBefore = database === "pg" ? postgresCpuByProcess() : null;
      const measured =
        scenario === "direct"
          ? await directLoad(work, child)
          : scenario === "ingest-outside"
            ? await outsideLoad(work, child)
            : await ingestLoad(work, child, scenario);
      const postgresSpent = database === "pg" ? postgresCpuSince(postgresBefore) : null;
      const outboxLeft = await child.call<number>("drain", DRAIN_TIMEOUT_MS, DRAIN_TIMEOUT_MS + 5000);
      const cpuAfter = await child.cpuMillis();
      const queries = queriesPerEmail(
        measured.queriesBefore,
        await child.call("queries"),
        measured.load.completed,
      );
      const result = summarize(
        { database, scenario, concurrency, planned: measured.total },
        measured.load,
        cpuAfter - measured.cpuBefore,
      );
      result.secondHalfCpuMsPerEmail = secondHalfCpu(measured.halfway, cpuAfter, measured.load.completed);
      result.loadGeneratorCpuMsPerEmail =
        measured.selfCpuMs === null ? null : measured.selfCpuMs / Math.max(measured.load.completed, 1);
      result.queries = queries;
      result.outboxLeft = outboxLeft;
      result.host = measured.host;
      result.postgres = postgresSpent && {
        cpuMsPerEmail: postgresSpent.total / Math.max(measured.load.completed, 1),
        busiestShare: postgresSpent.busiest / Math.max(measured.load.elapsedMs, 1),
      };
      return result;
    } finally {
      await child.stop();
    }
  } finally {
    await db.drop();
  }
}

type Child = Awaited<ReturnType<typeof startChild>>;

async function ingestLoad(work: Workload, child: Child, scenario: "ingest" | "ingest-nosearch") {
  const counters: { before: QueryCounts | null } = { before: null };
  const { load, before, halfway, total, host } = await httpLoad(
    work,
    scenario,
    child.port,
    "/webhooks/postmark/inbound",
    child.cpuMillis,
    async () => {
      counters.before = await child.call<QueryCounts | null>("queries");
    },
  );
  const selfCpuMs = cpuMillis() - before.self;
  return {
    load,
    total,
    cpuBefore: before.child,
    halfway,
    queriesBefore: counters.before,
    selfCpuMs,
    host,
  };
}

/** The webhook's traffic posted by a separate process, warm-up included, the API measured as for `ingest`. */
async function outsideLoad(work: Workload, child: Child) {
  const { options, concurrency, database } = work;
  const total = options.emails;
  const tag = `r${++runCounter}`;
  const poster = await startChild("./outside-load.ts", [], { onProgress: work.log });
  const input = (label: string, count: number, runTag: string, seed: number) => ({
    port: child.port,
    label,
    total: count,
    concurrency,
    timeoutMs: options.timeoutMs,
    seed,
    replyShare: options.replyShare,
    runTag,
  });
  const callTimeout = options.timeoutMs + 30_000;
  const label = `${database} ingest-outside c${concurrency}`;
  try {
    if (options.warmup > 0) {
      await poster.call(
        "post",
        input(`${label} warm-up`, options.warmup, `${tag}w`, options.seed + 1000),
        callTimeout,
      );
    }
    const queriesBefore = await child.call<QueryCounts | null>("queries");
    const cpuBefore = await child.cpuMillis();
    const posterBefore = await poster.cpuMillis();
    const hostBefore = sampleHost();
    const load = await poster.call<LoadResult>("post", input(label, total, tag, options.seed), callTimeout);
    const selfCpuMs = (await poster.cpuMillis()) - posterBefore;
    const host = hostLoadSince(hostBefore);
    return { load, total, cpuBefore, halfway: undefined, queriesBefore, selfCpuMs, host };
  } finally {
    await poster.stop();
  }
}

async function directLoad(work: Workload, child: Child) {
  const { options, concurrency, database } = work;
  const total = options.emails;
  const tag = `r${++runCounter}`;
  const input = (label: string, count: number, runTag: string, seed: number) => ({
    label,
    total: count,
    concurrency,
    timeoutMs: options.timeoutMs,
    seed,
    replyShare: options.replyShare,
    runTag,
  });
  const callTimeout = options.timeoutMs + 30_000;
  const label = `${database} direct c${concurrency}`;
  if (options.warmup > 0) {
    await child.call(
      "direct",
      input(`${label} warm-up`, options.warmup, `${tag}w`, options.seed + 1000),
      callTimeout,
    );
  }
  const queriesBefore = await child.call<QueryCounts | null>("queries");
  const cpuBefore = await child.cpuMillis();
  const hostBefore = sampleHost();
  const load = await child.call<LoadResult>("direct", input(label, total, tag, options.seed), callTimeout);
  const host = hostLoadSince(hostBefore);
  return { load, total, cpuBefore, halfway: undefined, queriesBefore, selfCpuMs: null, host };
}
