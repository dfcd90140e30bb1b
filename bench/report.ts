import type { ScenarioResult } from "./scenarios";
import type { CommitCeiling } from "./scratch-postgres";

export const DATABASE_TITLES = {
  pg: "Postgres 15 (node-postgres, pool of 10)",
  pglite: "PGlite (embedded, on disk)",
};

export type Target = { name: string; value: string; pass: boolean };

export const fixed = (value: number | null | undefined, digits: number) =>
  value === null || value === undefined || Number.isNaN(value) ? "-" : value.toFixed(digits);

export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const line = (row: string[]) =>
    row
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
      .join("  ");
  const [head, ...body] = rows;
  return [line(head!), widths.map((w) => "-".repeat(w)).join("  "), ...body.map(line)].join("\n");
}

function notes(result: ScenarioResult): string {
  const parts: string[] = [];
  const other = Object.entries(result.statuses).filter(([status]) => status !== "filed" && status !== "ok");
  if (other.length) parts.push(other.map(([status, n]) => `${n} ${status}`).join(", "));
  if (result.failed) parts.push(`${result.failed} failed`);
  if (result.timedOut) parts.push(`cut at ${result.completed}/${result.planned} (time bound)`);
  if (result.outboxLeft) parts.push(`${result.outboxLeft} acks undelivered`);
  return parts.join("; ");
}

/** One table per database: a row per scenario, the figures the issue asks for. */
export function databaseTable(results: ScenarioResult[]): string {
  const header = [
    "scenario",
    "emails",
    "emails/s",
    "p50 ms",
    "p99 ms",
    "CPU ms/email",
    "2nd half",
    "PG CPU ms/email",
    "busiest backend",
    "queries/email",
    "tx+autocommit/email",
    "host busy/load",
    "notes",
  ];
  const rows = results.map((r) => [
    `${r.scenario} c${r.concurrency}`,
    String(r.completed),
    fixed(r.emailsPerSecond, 0),
    fixed(r.p50Ms, 1),
    fixed(r.p99Ms, 1),
    fixed(r.cpuMsPerEmail, 2),
    r.secondHalfCpuMsPerEmail === null ? "-" : fixed(r.secondHalfCpuMsPerEmail, 2),
    r.postgres ? fixed(r.postgres.cpuMsPerEmail, 2) : "-",
    r.postgres ? `${fixed(r.postgres.busiestShare * 100, 0)}%` : "-",
    r.queries ? fixed(r.queries.perEmail, 1) : "-",
    r.queries
      ? `${fixed(r.queries.transactionsPerEmail, 2)}+${fixed(r.queries.autocommitsPerEmail, 2)}`
      : "-",
    r.host ? `${fixed(r.host.busyPercent, 0)}%/${fixed(r.host.loadAverage, 1)}` : "-",
    notes(r),
  ]);
  return table([header, ...rows]);
}

const find = (results: ScenarioResult[], scenario: string, concurrency: number) =>
  results.find((r) => r.scenario === scenario && r.concurrency === concurrency);

/** The three targets, computed from the measured rows: PASS or MISS, never hidden. */
export function targets(byDatabase: Map<string, ScenarioResult[]>, concurrencies: number[]): Target[] {
  const found: Target[] = [];
  for (const [database, results] of byDatabase) {
    const ingest = find(results, "ingest", 16);
    const direct = find(results, "direct", 16);
    if (ingest && direct) {
      const ratio = ingest.emailsPerSecond / direct.emailsPerSecond;
      found.push({
        name: `${database}: ingest c16 >= 70% of direct c16`,
        value: `${(ratio * 100).toFixed(0)}% (${ingest.emailsPerSecond.toFixed(0)} vs ${direct.emailsPerSecond.toFixed(0)} emails/s)`,
        pass: ratio >= 0.7,
      });
    }
    for (const c of concurrencies) {
      const inside = find(results, "ingest", c);
      const outside = find(results, "ingest-outside", c);
      if (!inside || !outside) continue;
      const gap = Math.abs(outside.emailsPerSecond / inside.emailsPerSecond - 1);
      found.push({
        name: `${database}: an outside load generator agrees within 15%, c${c}`,
        value: `${(gap * 100).toFixed(1)}% apart (outside ${outside.emailsPerSecond.toFixed(0)}, bench ${inside.emailsPerSecond.toFixed(0)} emails/s)`,
        pass: gap <= 0.15,
      });
    }
    for (const c of concurrencies) {
      const withSearch = find(results, "ingest", c);
      const without = find(results, "ingest-nosearch", c);
      if (!withSearch || !without) continue;
      const slower = 1 - withSearch.emailsPerSecond / without.emailsPerSecond;
      found.push({
        name: `${database}: search documents cost ingest <= 10%, c${c}`,
        value: `${(slower * 100).toFixed(1)}% (${withSearch.emailsPerSecond.toFixed(0)} vs ${without.emailsPerSecond.toFixed(0)} emails/s; CPU ${withSearch.cpuMsPerEmail.toFixed(2)} vs ${without.cpuMsPerEmail.toFixed(2)} ms/email)`,
        pass: slower <= 0.1,
      });
    }
    for (const c of concurrencies) {
      const row = find(results, "ingest", c);
      if (!row) continue;
      // a running service's cost per email: the second half, once the JIT has compiled the hot code
      const perEmail = row.secondHalfCpuMsPerEmail ?? row.cpuMsPerEmail;
      found.push({
        name: `${database}: API CPU <= 1 ms/email, ingest c${c}, 2nd half of the run`,
        // PGlite runs in the API process: its CPU is the database's work too
        value: `${perEmail.toFixed(2)} ms (whole run ${row.cpuMsPerEmail.toFixed(2)} ms)${database === "pglite" ? ", the embedded database's work included" : ""}`,
        pass: perEmail <= 1,
      });
    }
    if (database !== "pglite") continue;
    for (const c of concurrencies) {
      const row = find(results, "ingest", c);
      if (!row) continue;
      found.push({
        name: `pglite: ingest >= 300 emails/s, c${c}`,
        value: `${row.emailsPerSecond.toFixed(0)} emails/s`,
        pass: row.emailsPerSecond >= 300,
      });
    }
  }
  return found;
}

export function targetLines(found: Target[]): string {
  const width = Math.max(...found.map((t) => t.name.length));
  return found.map((t) => `  ${t.pass ? "PASS" : "MISS"}  ${t.name.padEnd(width)}  ${t.value}`).join("\n");
}

export function ceilingLines(ceilings: CommitCeiling[]): string {
  return ceilings
    .map((c) =>
      "skipped" in c
        ? `  pgbench: ${c.skipped}`
        : `  pgbench c${c.concurrency}: ${c.tps.toFixed(0)} single-insert commits/s (latency ${c.latencyMs.toFixed(2)} ms)`,
    )
    .join("\n");
}
