import { readFileSync } from "node:fs";
import { loadavg } from "node:os";

export type HostSample = { busy: number; total: number };

/** All cores' busy and total jiffies from /proc/stat (zeros where there is no /proc). */
export function sampleHost(): HostSample {
  try {
    const fields = readFileSync("/proc/stat", "utf8")
      .split("\n")[0]!
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
    const total = fields.reduce((sum, value) => sum + value, 0);
    return { busy: total - idle, total };
  } catch {
    return { busy: 0, total: 0 };
  }
}

/**
 * How busy the whole machine was between two samples, and its 1-minute load average: the bench
 * shares two cores with the database and whatever else runs, so a figure is read beside these.
 */
export function hostLoadSince(before: HostSample): { busyPercent: number; loadAverage: number } {
  const after = sampleHost();
  const total = after.total - before.total;
  return {
    busyPercent: total > 0 ? ((after.busy - before.busy) / total) * 100 : Number.NaN,
    loadAverage: loadavg()[0] ?? Number.NaN,
  };
}
