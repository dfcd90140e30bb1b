import { type ChildProcess, fork } from "node:child_process";
import type { FromChild } from "./child-ipc";

export type BenchChild = {
  pid: number;
  port: number;
  detail: string;
  call<T>(command: string, input?: unknown, timeoutMs?: number): Promise<T>;
  cpuMillis(): Promise<number>;
  stop(): Promise<void>;
};

const running = new Set<ChildProcess>();
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;

/** Kills what is still running; for the bench's exit and signal handlers. */
export function killAllChildren(): void {
  for (const child of running) if (child.exitCode === null) child.kill("SIGKILL");
}

/** Starts `bench/<script>` under tsx with an IPC channel and waits until it says it is ready. */
export function startChild(
  script: string,
  args: string[],
  options: { nodeFlags?: string[]; onProgress?: (line: string) => void } = {},
): Promise<BenchChild> {
  const child = fork(new URL(script, import.meta.url).pathname, args, {
    execArgv: ["--import", "tsx", ...(options.nodeFlags ?? [])],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  running.add(child);
  let nextId = 1;
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  const exited = new Promise<void>((resolve) => {
    child.once("exit", (code, signal) => {
      running.delete(child);
      for (const waiter of pending.values()) waiter.reject(new Error(`${script} exited (${code ?? signal})`));
      pending.clear();
      resolve();
    });
  });

  const call = <T>(command: string, input?: unknown, timeoutMs = 600_000): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`${script}: "${command}" got no answer in ${timeoutMs} ms`));
      }, timeoutMs);
      pending.set(id, {
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value as T);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      child.send({ id, command, input });
    });

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.send({ id: 0, command: "exit", input: null });
    const killer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(killer);
  };

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${script} did not start within ${START_TIMEOUT_MS / 1000} s`));
    }, START_TIMEOUT_MS);
    exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`${script} exited before it was ready`));
    });
    child.on("message", (raw) => {
      const message = raw as FromChild;
      if (message.type === "progress") options.onProgress?.(message.line);
      if (message.type === "reply") pending.get(message.id)?.resolve(message.result);
      if (message.type === "failure") pending.get(message.id)?.reject(new Error(message.message));
      if (message.type === "reply" || message.type === "failure") pending.delete(message.id);
      if (message.type !== "ready") return;
      clearTimeout(timer);
      resolve({
        pid: child.pid!,
        port: message.port,
        detail: message.detail,
        call,
        cpuMillis: () => call<number>("cpu"),
        stop,
      });
    });
  });
}
