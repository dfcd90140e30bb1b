import { readdirSync, readFileSync } from "node:fs";

// USER_HZ: 100 on Linux
const MS_PER_TICK = 10;

function processTicks(pid: string): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const close = stat.lastIndexOf(")");
    if (stat.slice(stat.indexOf("(") + 1, close) !== "postgres") return 0;
    // after "pid (comm)": state is field 3, utime and stime fields 14 and 15
    const fields = stat.slice(close + 2).split(" ");
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0; // the process ended meanwhile
  }
}

/**
 * CPU time of every `postgres` process on the host (server and backends) in milliseconds, from
 * /proc: the database's share of a request's cost. Backends that exit in between are lost and
 * other clients' queries count too, so it is read beside the host load. Null without /proc.
 */
export function postgresCpuMillis(): number | null {
  const byProcess = postgresCpuByProcess();
  return byProcess === null ? null : [...byProcess.values()].reduce((sum, ms) => sum + ms, 0);
}

/** CPU time of each `postgres` process on the host in milliseconds, by pid; null without /proc. */
export function postgresCpuByProcess(): Map<string, number> | null {
  try {
    const pids = readdirSync("/proc").filter((name) => /^\d+$/.test(name));
    const byProcess = new Map<string, number>();
    for (const pid of pids) {
      const ticks = processTicks(pid);
      if (ticks > 0) byProcess.set(pid, ticks * MS_PER_TICK);
    }
    return byProcess;
  } catch {
    return null;
  }
}

/**
 * Postgres' CPU between two readings: the total, and the busiest single process's (a backend
 * that carries a pipelined connection, say), both in milliseconds.
 */
export function postgresCpuSince(
  before: Map<string, number> | null,
): { total: number; busiest: number } | null {
  const after = postgresCpuByProcess();
  if (!before || !after) return null;
  let total = 0;
  let busiest = 0;
  for (const [pid, ms] of after) {
    const spent = ms - (before.get(pid) ?? 0);
    total += spent;
    busiest = Math.max(busiest, spent);
  }
  return { total, busiest };
}
