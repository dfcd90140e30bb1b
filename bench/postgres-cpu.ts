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
  try {
    const pids = readdirSync("/proc").filter((name) => /^\d+$/.test(name));
    return pids.reduce((sum, pid) => sum + processTicks(pid), 0) * MS_PER_TICK;
  } catch {
    return null;
  }
}
