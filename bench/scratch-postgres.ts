import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import pg from "pg";

const run = promisify(execFile);
const created = new Set<string>();

async function adminQuery(serverUrl: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

export type ScratchDatabase = { name: string; url: string; drop(): Promise<void> };

/** A new, empty database on the server, dropped by `drop` (or by `dropAllScratch` on the way out). */
export async function createScratchDatabase(serverUrl: string): Promise<ScratchDatabase> {
  const name = `tisket_bench_${randomBytes(5).toString("hex")}`;
  await adminQuery(serverUrl, `CREATE DATABASE ${name}`);
  created.add(name);
  return {
    name,
    url: withDatabase(serverUrl, name),
    async drop() {
      await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      created.delete(name);
    },
  };
}

export async function dropAllScratch(serverUrl: string): Promise<void> {
  for (const name of [...created]) {
    await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch((error: unknown) =>
      console.error(`could not drop scratch database ${name}: ${String(error)}`),
    );
    created.delete(name);
  }
}

export type CommitCeiling = { concurrency: number; tps: number; latencyMs: number } | { skipped: string };

/**
 * The machine's durable-commit ceiling: pgbench committing one single-row insert per transaction.
 * Context for the table, not a target.
 */
export async function pgbenchCeiling(
  serverUrl: string,
  concurrency: number,
  seconds = 5,
): Promise<CommitCeiling> {
  const which = await run("which", ["pgbench"]).catch(() => null);
  if (!which) return { skipped: "pgbench is not installed (apt-get install postgresql-client)" };
  const scratch = await createScratchDatabase(serverUrl);
  try {
    await adminQuery(
      scratch.url,
      "create table commits (id bigserial primary key, at timestamptz default now())",
    );
    const script = join(tmpdir(), `tisket-bench-${process.pid}.sql`);
    writeFileSync(script, "insert into commits default values;\n");
    const { stdout } = await run("pgbench", [
      "-n",
      `-c${concurrency}`,
      "-j2",
      `-T${seconds}`,
      `-f${script}`,
      scratch.url,
    ]);
    const tps = Number(/tps = ([\d.]+)/.exec(stdout)?.[1]);
    const latencyMs = Number(/latency average = ([\d.]+) ms/.exec(stdout)?.[1]);
    return { concurrency, tps, latencyMs };
  } catch (error) {
    return { skipped: `pgbench failed: ${String(error).split("\n")[0]}` };
  } finally {
    await scratch.drop();
  }
}
