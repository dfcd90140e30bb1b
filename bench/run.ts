import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { killAllChildren } from "./bench-child";
import { type BenchOptions, parseOptions } from "./options";
import { ceilingLines, DATABASE_TITLES, databaseTable, targetLines, targets } from "./report";
import { databaseScenario, noopScenario, removePgliteDirs, type ScenarioResult } from "./scenarios";
import { type CommitCeiling, dropAllScratch, pgbenchCeiling } from "./scratch-postgres";
import { describeStaffSetup, fanOutLines, kindTable, staffTable, staffTargets } from "./staff-report";
import { runStaffSuite, type StaffResults } from "./staff-suite";

const log = (line: string) => console.log(line);

function describeSetup(options: BenchOptions): string {
  const emails = `${options.emails} at ${options.concurrencies.map((c) => `c${c}`).join(", ")}`;
  return [
    `Tisket inbound bench — ${cpus().length} cores, Node ${process.version}`,
    `  emails per scenario: ${emails} (+${options.warmup} warm-up, not measured); ${Math.round(options.replyShare * 100)}% replies (In-Reply-To an earlier email, a fifth from staff)`,
    `  acknowledgements: ${options.acks ? "ON — written in the ingest transaction; the outbox worker delivers them to the development mail sink during the run, and CPU includes draining it" : "OFF (inbox autoAck=false: no acknowledgement rows)"}`,
    "  noop = Hono route that only parses the JSON; ingest = POST /webhooks/postmark/inbound on the real service (separate process);",
    "  ingest-nosearch = the same, with the search documents (generated tsvector columns) and their GIN indexes dropped first;",
    "  direct = ingestInbound() called in the API process, no HTTP, same pool and outbox worker.",
    "  ingest-outside = the same webhook traffic posted by a load generator in a process of its own (kept-alive node:http).",
    "  Fresh database per scenario, used right after the service started: no analysis of the bench's own (the service analyzes as tables grow).",
    "  CPU ms/email = CPU time of the serving process (API, noop or direct) during the run / emails;",
    "  2nd half = the same over the run's second half, the JIT's warm-up behind it (ingest and noop).",
  ].join("\n");
}

async function runDatabase(database: "pg" | "pglite", options: BenchOptions): Promise<ScenarioResult[]> {
  const results: ScenarioResult[] = [];
  for (const concurrency of options.concurrencies) {
    const work = { database, concurrency, options, log };
    const scenarios = [
      "noop",
      "ingest",
      "ingest-outside",
      ...(options.searchCost ? (["ingest-nosearch"] as const) : []),
      "direct",
    ] as const;
    for (const scenario of scenarios) {
      log(`${database} ${scenario} c${concurrency}: starting`);
      const result = scenario === "noop" ? await noopScenario(work) : await databaseScenario(work, scenario);
      log(
        `${database} ${scenario} c${concurrency}: ${result.emailsPerSecond.toFixed(0)} emails/s, p99 ${result.p99Ms.toFixed(1)} ms, CPU ${result.cpuMsPerEmail.toFixed(2)} ms/email (host ${result.host?.busyPercent.toFixed(0)}% busy, load ${result.host?.loadAverage.toFixed(1)})`,
      );
      results.push(result);
    }
  }
  return results;
}

async function runIngestSuite(options: BenchOptions) {
  log(describeSetup(options));
  const ceilings: CommitCeiling[] = [];
  if (options.pgbench && options.databases.includes("pg")) {
    for (const concurrency of options.concurrencies) {
      log(`pgbench c${concurrency}: measuring the durable-commit ceiling (5 s)`);
      ceilings.push(await pgbenchCeiling(options.pgUrl, concurrency));
    }
  }
  const byDatabase = new Map<string, ScenarioResult[]>();
  for (const database of options.databases) byDatabase.set(database, await runDatabase(database, options));
  return { ceilings, byDatabase, targets: targets(byDatabase, options.concurrencies) };
}

type IngestResults = Awaited<ReturnType<typeof runIngestSuite>>;

function printIngest(options: BenchOptions, ingest: IngestResults) {
  const sections = [...ingest.byDatabase].map(
    ([database, results]) => `\n${DATABASE_TITLES[database as "pg" | "pglite"]}\n${databaseTable(results)}`,
  );
  console.log(`\n${describeSetup(options)}`);
  console.log(sections.join("\n"));
  if (ingest.ceilings.length)
    console.log(`\nContext — the machine's durable-commit ceiling:\n${ceilingLines(ingest.ceilings)}`);
}

function printStaff(options: BenchOptions, staff: StaffResults) {
  const context = staff.rows.find((row) => row.scenario === "context");
  console.log(`\n${describeStaffSetup(options, staff)}`);
  console.log(`\nStaff API on Postgres 15, beside the no-op baseline of this run\n${staffTable(staff.rows)}`);
  if (context) console.log(`\n${kindTable(context)}`);
  const agent = staff.rows.find((row) => row.scenario === "agent");
  if (agent)
    console.log(
      `\nAI agent reads, MCP beside REST (same load, kinds in turn)\n${kindTable(agent, "agent call")}`,
    );
  console.log(`\nFan-out of presence changes (SSE)\n${fanOutLines(staff)}`);
}

async function main() {
  const options = parseOptions(process.argv.slice(2));
  const startedAt = new Date();
  const ingest = options.suites.includes("ingest") ? await runIngestSuite(options) : null;
  const staff = options.suites.includes("staff") ? await runStaffSuite(options, log) : null;
  const found = [...(ingest?.targets ?? []), ...(staff ? staffTargets(staff) : [])];

  if (ingest) printIngest(options, ingest);
  if (staff) printStaff(options, staff);
  console.log(`\nTargets:\n${targetLines(found)}`);

  mkdirSync(".bench", { recursive: true });
  const file = `.bench/results-${startedAt.toISOString().replace(/[:.]/g, "-")}.json`;
  const report = {
    startedAt,
    options,
    ceilings: ingest?.ceilings ?? [],
    results: ingest ? Object.fromEntries(ingest.byDatabase) : {},
    staff,
    targets: found,
  };
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nResults written to ${file}`);
  if (options.profile)
    console.log("CPU profiles in .bench/profiles (summarize: npx tsx bench/cpu-profile-summary.ts <file>)");
}

async function cleanUp(options: BenchOptions | null) {
  killAllChildren();
  removePgliteDirs();
  if (options?.databases.includes("pg") || options?.suites.includes("staff"))
    await dropAllScratch(options.pgUrl);
}

let parsed: BenchOptions | null = null;
try {
  parsed = parseOptions(process.argv.slice(2));
} catch {
  // main() reports the problem
}
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    log(`\n${signal}: stopping children and dropping scratch databases`);
    cleanUp(parsed).finally(() => process.exit(130));
  });
}

main()
  .then(() => cleanUp(parsed))
  .catch(async (error: unknown) => {
    console.error("bench failed:", error instanceof Error ? error.message : error);
    await cleanUp(parsed);
    process.exitCode = 1;
  });
