import { execFile } from "node:child_process";
import { chmodSync, chownSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const BIN = "/usr/lib/postgresql/15/bin";

export type PostgresCluster = {
  url: string;
  port: number;
  /** Kills the server and every backend at once, as a power cut would (`pg_ctl stop -m immediate`). */
  crash(): Promise<void>;
  start(): Promise<void>;
  /** Stops the postmaster and every backend (SIGSTOP): connections stay open and get no answer. */
  freeze(): number[];
  thaw(pids: number[]): void;
  destroy(): Promise<void>;
};

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

// the cluster belongs to the postgres user, which Postgres requires of its data directory
const asPostgres = (command: string, args: string[]) =>
  run("runuser", ["-u", "postgres", "--", command, ...args], { timeout: 120_000 });

/** A Postgres 15 cluster of its own, in a temporary directory, on a free port. */
export async function startPostgresCluster(): Promise<PostgresCluster> {
  const root = mkdtempSync(join(tmpdir(), "tisket-chaos-"));
  chmodSync(root, 0o755);
  const postgresUid = Number((await run("id", ["-u", "postgres"])).stdout.trim());
  chownSync(root, postgresUid, postgresUid);
  const dataDir = join(root, "data");
  const port = await freePort();
  await asPostgres(`${BIN}/initdb`, [
    "-D",
    dataDir,
    "-U",
    "postgres",
    "--auth=trust",
    "-E",
    "UTF8",
    "--no-sync",
  ]);
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -k ${root} -c max_connections=100`;
  const pgCtl = (...args: string[]) => asPostgres(`${BIN}/pg_ctl`, ["-D", dataDir, ...args]);
  const start = async () => {
    await pgCtl("start", "-w", "-t", "60", "-l", join(root, "postgres.log"), "-o", options);
  };
  await start();
  await run(`${BIN}/psql`, [
    "-h",
    "127.0.0.1",
    "-p",
    String(port),
    "-U",
    "postgres",
    "-c",
    "create database chaos",
  ]);
  const postmasterPid = () => Number(readFileSync(join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
  let frozen: number[] = [];
  const thaw = (pids: number[]) => {
    for (const pid of pids) {
      try {
        process.kill(pid, "SIGCONT");
      } catch {
        // a backend that ended meanwhile
      }
    }
    frozen = frozen.filter((pid) => !pids.includes(pid));
  };

  return {
    url: `postgres://postgres@127.0.0.1:${port}/chaos`,
    port,
    async crash() {
      await pgCtl("stop", "-m", "immediate");
    },
    start,
    freeze() {
      const postmaster = postmasterPid();
      const pids = [postmaster, ...childrenOf(postmaster)];
      for (const pid of pids) process.kill(pid, "SIGSTOP");
      frozen.push(...pids);
      return pids;
    },
    thaw,
    async destroy() {
      // a run that failed while the server was stopped must not leave it stopped
      thaw(frozen);
      await pgCtl("stop", "-m", "immediate").catch(() => undefined);
      rmSync(root, { recursive: true, force: true });
    },
  };
}

function childrenOf(parent: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // the parent pid is the second field after the parenthesized command name
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === parent) children.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return children;
}
