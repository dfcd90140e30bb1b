import type { Db } from "./client";

/** Runs one statement; what `runStatement` needs of a driver. */
export type StatementRunner = { query(text: string, params: unknown[]): Promise<{ rows: unknown[] }> };

type PipelineClient = StatementRunner & {
  connect(): Promise<unknown>;
  end(): Promise<void>;
  on(event: "error" | "end", listener: (error?: Error) => void): unknown;
};

/**
 * One connection in pipeline mode that carries the hot single statements of concurrent requests
 * back to back, each its own implicit transaction. With a connection per statement, every
 * statement wakes an idle Postgres backend, and that wake-up, paid in the API's socket write, cost
 * more than the statement itself (measured: ~0.3 ms of API CPU per statement on a 2-core VM); a
 * pipelined backend stays busy while requests keep coming. A statement that fails fails alone. A
 * broken connection fails the statements in flight and the next statement opens a new one.
 */
export function pipelinedConnection(
  open: () => PipelineClient,
): StatementRunner & { close(): Promise<void> } {
  let current: Promise<PipelineClient> | null = null;
  let closed = false;

  function connect(): Promise<PipelineClient> {
    const client = open();
    const ready = client.connect().then(() => client);
    const forget = () => {
      if (current === ready) current = null;
    };
    // a broken connection must not crash the process: the statements in flight get the error
    client.on("error", forget);
    client.on("end", forget);
    ready.catch(forget);
    return ready;
  }

  return {
    async query(text, params) {
      if (closed) throw new Error("the database is closed");
      current ??= connect();
      const client = await current;
      return client.query(text, params);
    },
    async close() {
      closed = true;
      const client = await current?.catch(() => null);
      current = null;
      await client?.end().catch(() => undefined);
    },
  };
}

const runners = new WeakMap<Db, StatementRunner>();

/** Gives `db` a runner of its own for `runStatement` (otherwise the driver's client runs them). */
export function useStatementRunner(db: Db, runner: StatementRunner): void {
  runners.set(db, runner);
}

/** The runner of `db`'s statements, or undefined for a transaction (it has no client of its own). */
export function statementRunnerOf(db: Db): StatementRunner | undefined {
  return runners.get(db) ?? (db as { $client?: StatementRunner }).$client;
}
