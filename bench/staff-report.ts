import { cpus } from "node:os";
import { AGENT_MIX } from "./agent-requests";
import type { BenchOptions } from "./options";
import { fixed, type Target, table } from "./report";
import { LONG_THREAD_MESSAGES } from "./staff-data";
import { BENCH_RATE_LIMIT_PER_MINUTE } from "./staff-members";
import { CONTEXT_MIX, SEARCHES } from "./staff-requests";
import { BENCH_TARGETS, PRESENCE_PER_MEMBER } from "./staff-seed";
import type { StaffResults, StaffRow } from "./staff-suite";
import { ANALYTICS_MIX, LIST_MIX, SLA_MIX } from "./workflow-requests";

const busy = (host: { busyPercent: number; loadAverage: number }) =>
  `${fixed(host.busyPercent, 0)}%/${fixed(host.loadAverage, 1)}`;

export function describeStaffSetup(options: BenchOptions, results: StaffResults): string {
  const { seed } = results;
  const flags = options.staff;
  const steps = Object.entries(seed.steps)
    .map(([step, seconds]) => `${step} ${seconds.toFixed(1)} s`)
    .join(", ");
  const sizes = Object.entries(seed.sizesMb)
    .map(([name, mb]) => `${name} ${mb} MB`)
    .join(", ");
  const share = (entries: readonly { share: number; kind: string; what: string }[]) =>
    entries.map((entry) => `${Math.round(entry.share * 100)}% ${entry.kind} (${entry.what})`).join("; ");
  const mix = CONTEXT_MIX.map((entry) => `${Math.round(entry.share * 100)}% ${entry.kind} (${entry.what})`);
  const { firstResponseMinutes, resolutionMinutes } = BENCH_TARGETS;
  return [
    `Tisket staff API bench — ${cpus().length} cores, Node ${process.version}, Postgres scratch database, API in its own process (node-postgres pool of 10)`,
    `  seeded in set-based SQL: 1 org, 1 inbox, ${results.members} members with API tokens, ${seed.threads} threads over ${seed.clients} clients, ${seed.messages} messages, every member present in ${PRESENCE_PER_MEMBER} threads: ${seed.seconds.toFixed(1)} s (${steps}); ${sizes}`,
    `  API config: RATE_LIMIT_PER_MINUTE=${BENCH_RATE_LIMIT_PER_MINUTE} so no request is refused (each request still counts itself in Postgres, as in production)`,
    `  c${flags.concurrency} callers on kept-alive connections, ${flags.requests} measured requests per row after ${flags.warmup} warm-up, a random member per request; every answer checked`,
    `  context mix: ${mix.join("; ")}`,
    "  heartbeat: PUT /api/v1/presence, each member's 50 threads in turn (first round announces arrivals, later rounds extend expiry)",
    `  agent: c${flags.agentConcurrency}, ${flags.agentRequests} measured calls, kinds in turn: ${AGENT_MIX.map((entry) => `${entry.kind} = ${entry.what}`).join("; ")}`,
    `  analytics and sla-breached: c${flags.workflowConcurrency}, ${flags.workflowRequests} measured requests each; the inbox's targets ${firstResponseMinutes} min to the first reply and ${resolutionMinutes} min to resolution, facts on every seeded thread (open threads older than the resolution target are breached); the database vacuumed and analyzed after seeding, as autovacuum keeps a live one`,
    `  analytics mix: ${share(ANALYTICS_MIX)}`,
    `  sla-breached mix: ${share(SLA_MIX)}`,
    `  thread-list: the same size at c${flags.workflowConcurrency} and one caller at a time (c1: a page's own time), first pages under each filter: ${share(LIST_MIX)}`,
    `  ingest-aged: POST /webhooks/postmark/inbound at c16 on the seeded database after the other rows, ${flags.agedEmails} emails (25% replies), acknowledgements off`,
    `  search-*: GET /api/v1/threads?q= at c${flags.search.concurrency}, ${Object.entries(SEARCHES)
      .map(([name, search]) => `${name.slice(7)} ${search.q} (${search.what})`)
      .join("; ")}; every answer a page of threads with highlighted snippets`,
    `  thread-page: GET /admin/threads/THD-${results.seed.threads + 1} (${LONG_THREAD_MESSAGES} messages) with a session cookie, one caller: the page's server time`,
    "  noop = the HTTP stack alone (Hono route that parses the JSON) with the context bodies and headers",
    "  API CPU ms/req = serving process CPU / requests; PG CPU = all postgres processes on the host (other clients included) / requests",
    "  queries/req = statements the API sent through node-postgres; tx/req = how many of them were BEGIN",
  ].join("\n");
}

function notes(row: StaffRow): string {
  const parts: string[] = [];
  if (row.failed) parts.push(`${row.failed} failed (${row.problems[0] ?? ""})`);
  if (row.timedOut) parts.push(`cut at ${row.completed}/${row.planned} (time bound)`);
  return parts.join("; ");
}

/** A row per scenario, the noop baseline first. */
export function staffTable(rows: StaffRow[]): string {
  const header = [
    "scenario",
    "requests",
    "req/s",
    "p50 ms",
    "p99 ms",
    "API CPU ms/req",
    "PG CPU ms/req",
    "bench CPU ms/req",
    "queries/req",
    "tx/req",
    "host busy/load",
    "notes",
  ];
  const body = rows.map((row) => [
    `${row.scenario} c${row.concurrency}`,
    String(row.completed),
    fixed(row.requestsPerSecond, 0),
    fixed(row.p50Ms, 1),
    fixed(row.p99Ms, 1),
    fixed(row.cpuMsPerRequest, 2),
    fixed(row.postgresCpuMsPerRequest, 2),
    fixed(row.loadGeneratorCpuMsPerRequest, 2),
    fixed(row.queriesPerRequest, 1),
    fixed(row.transactionsPerRequest, 2),
    busy(row.host),
    notes(row),
  ]);
  return table([header, ...body]);
}

/** A row by kind of request (context kinds, agent calls), with what the answers held. */
export function kindTable(row: StaffRow, title = "context kind"): string {
  const header = [title, "requests", "p50 ms", "p99 ms", "answers"];
  const body = Object.entries(row.byKind).map(([kind, figures]) => [
    kind,
    String(figures.count),
    fixed(figures.p50Ms, 1),
    fixed(figures.p99Ms, 1),
    Object.entries(row.outcomes)
      .filter(([outcome]) => outcome.startsWith(`${kind}: `))
      .map(([outcome, n]) => `${n} ${outcome.slice(kind.length + 2)}`)
      .join(", "),
  ]);
  return table([header, ...body]);
}

export function fanOutLines(results: StaffResults): string {
  const f = results.fanOut;
  const m = f.memory;
  return [
    `  ${f.opened}/${f.subscribers} streams on GET /api/v1/threads/${f.thread}/events (Bearer tokens of ${results.members - 1} members), opened in ${f.openSeconds.toFixed(1)} s`,
    `  ${f.rounds} presence changes (PUT presence viewing<->composing, client web), ${f.completeRounds} reached every stream within 5 s:`,
    `    PUT sent -> last stream received the event: p50 ${fixed(f.lastDeliveryMs.p50, 0)} ms, p99 ${fixed(f.lastDeliveryMs.p99, 0)} ms, max ${fixed(f.lastDeliveryMs.max, 0)} ms (median stream p50 ${fixed(f.medianDeliveryP50Ms, 0)} ms; the PUT itself p50 ${fixed(f.putP50Ms, 1)} ms)`,
    `  API process memory: RSS ${fixed(m.rssBeforeMb, 0)} MB before the streams, ${fixed(m.rssWithStreamsMb, 0)} MB with them open (V8 heap used ${fixed(m.heapUsedMb, 0)} MB); peak RSS over the whole run ${fixed(m.peakRssMb, 0)} MB`,
    `  host during the rounds: ${busy(f.host)} (busy/load)${f.problems.length ? `; problems: ${f.problems.join("; ")}` : ""}`,
  ].join("\n");
}

/** The issue's staff targets, computed from the measured figures: PASS or MISS, never hidden. */
export function staffTargets(results: StaffResults): Target[] {
  const context = results.rows.find((row) => row.scenario === "context");
  const heartbeat = results.rows.find((row) => row.scenario === "heartbeat");
  const noop = results.rows.find((row) => row.scenario === "noop");
  const found: Target[] = [];
  if (context) {
    const share = noop
      ? ` (${((context.requestsPerSecond / noop.requestsPerSecond) * 100).toFixed(0)}% of noop)`
      : "";
    found.push({
      name: `staff: context >= 2000 req/s, c${context.concurrency}`,
      value: `${context.requestsPerSecond.toFixed(0)} req/s${share}`,
      pass: context.requestsPerSecond >= 2000 && context.failed === 0,
    });
    found.push({
      name: `staff: context p99 < 20 ms, c${context.concurrency}`,
      value: `${context.p99Ms.toFixed(1)} ms`,
      pass: context.p99Ms < 20,
    });
  }
  if (heartbeat) {
    found.push({
      name: `staff: heartbeats >= 3000/s, c${heartbeat.concurrency}`,
      value: `${heartbeat.requestsPerSecond.toFixed(0)}/s (p99 ${heartbeat.p99Ms.toFixed(1)} ms)`,
      pass: heartbeat.requestsPerSecond >= 3000 && heartbeat.failed === 0,
    });
  }
  for (const scenario of ["analytics", "sla-breached"] as const) {
    const row = results.rows.find((candidate) => candidate.scenario === scenario);
    if (!row) continue;
    found.push({
      name: `staff: ${scenario === "analytics" ? "analytics summary" : "sla=breached list"} p99 < 100 ms, c${row.concurrency}`,
      value: `${row.p99Ms.toFixed(1)} ms (${row.requestsPerSecond.toFixed(0)} req/s)`,
      pass: row.p99Ms < 100 && row.failed === 0 && !row.timedOut,
    });
  }
  for (const list of results.rows.filter((candidate) => candidate.scenario === "thread-list")) {
    found.push({
      name: `staff: thread list (filtered first pages) p99 < 10 ms, c${list.concurrency}`,
      value: `${list.p99Ms.toFixed(1)} ms (p50 ${list.p50Ms.toFixed(1)} ms, ${list.requestsPerSecond.toFixed(0)} req/s)`,
      pass: list.p99Ms < 10 && list.failed === 0 && !list.timedOut,
    });
  }
  for (const row of results.rows.filter(
    (r) => r.scenario.startsWith("search-") || r.scenario === "thread-page",
  )) {
    found.push({
      name: `staff: ${row.scenario} p99 < 50 ms, c${row.concurrency}`,
      value: `${row.p99Ms.toFixed(1)} ms (p50 ${row.p50Ms.toFixed(1)} ms, ${row.requestsPerSecond.toFixed(0)} req/s)`,
      pass: row.p99Ms < 50 && row.failed === 0,
    });
  }
  const f = results.fanOut;
  found.push({
    name: `staff: fan-out to ${f.subscribers} streams p99 < 250 ms`,
    value: `${fixed(f.lastDeliveryMs.p99, 0)} ms (${f.completeRounds}/${f.rounds} rounds complete)`,
    pass: f.lastDeliveryMs.p99 < 250 && f.completeRounds === f.rounds && f.opened === f.subscribers,
  });
  found.push({
    name: `staff: API RSS with ${f.subscribers} streams < 300 MB`,
    value: `${fixed(f.memory.rssWithStreamsMb, 0)} MB (${f.opened} open)`,
    pass: f.memory.rssWithStreamsMb < 300 && f.opened === f.subscribers,
  });
  return found;
}
