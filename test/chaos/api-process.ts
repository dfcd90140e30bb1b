import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";

export type ApiProcess = {
  base: string;
  pid(): number;
  /** Kills the API's whole process group at once (SIGKILL): no shutdown, no finished requests. */
  kill(): Promise<void>;
  start(): Promise<void>;
  /** The API process's peak resident memory in MB since it started (Linux VmHWM). */
  peakRssMb(): number;
  output(): string;
  stop(): Promise<void>;
};

/** The real API server (`api/src/server.ts`) in a process group of its own, on a fixed port. */
export async function startApiProcess(env: Record<string, string>, port: number): Promise<ApiProcess> {
  let child: ChildProcess | null = null;
  let output = "";
  let exited: Promise<void> = Promise.resolve();

  const start = async () => {
    child = spawn(process.execPath, ["--import", "tsx", "api/src/server.ts"], {
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env, PORT: String(port) },
      stdio: ["ignore", "pipe", "pipe"],
      // its own process group, so that killing the group kills all of it
      detached: true,
    });
    const started = child;
    started.stdout?.on("data", (chunk) => {
      output += String(chunk);
    });
    started.stderr?.on("data", (chunk) => {
      output += String(chunk);
    });
    exited = new Promise((resolve) => started.once("exit", () => resolve()));
    // detached, it would outlive a test run that ends without stopping it
    const orphaned = () => {
      try {
        process.kill(-started.pid!, "SIGKILL");
      } catch {
        // already gone
      }
    };
    process.once("exit", orphaned);
    started.once("exit", () => process.off("exit", orphaned));
    const from = output.length;
    for (const deadline = Date.now() + 90_000; Date.now() < deadline; ) {
      if (output.slice(from).includes("Tisket Threads API on")) return;
      if (started.exitCode !== null) throw new Error(`the API exited at start:\n${output.slice(from)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`the API did not start in time:\n${output.slice(from)}`);
  };
  const kill = async () => {
    if (!child || child.exitCode !== null) return;
    process.kill(-child.pid!, "SIGKILL");
    await exited;
  };
  await start();
  return {
    base: `http://127.0.0.1:${port}`,
    pid: () => child!.pid!,
    kill,
    start,
    peakRssMb() {
      const status = readFileSync(`/proc/${child!.pid}/status`, "utf8");
      return Math.round(Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
    },
    output: () => output,
    async stop() {
      if (!child || child.exitCode !== null) return;
      child.kill("SIGTERM");
      const forced = setTimeout(() => void kill(), 15_000);
      await exited;
      clearTimeout(forced);
    },
  };
}
