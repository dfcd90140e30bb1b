import type { Db } from "./client";
import { isDatabaseUnavailable } from "./errors";

/** A statement as node-postgres takes it. */
export type PipelinedQuery = { text: string; values: unknown[]; types?: unknown };

type PipelineClient = {
  connect(): Promise<unknown>;
  query(query: PipelinedQuery): Promise<{ rows: unknown[] }>;
  end(): Promise<void>;
  on(event: "error" | "end", listener: (error?: Error) => void): unknown;
};

export type Pipeline = {
  query(query: PipelinedQuery): Promise<{ rows: unknown[] }>;
  close(): Promise<void>;
};

/**
 * One connection in pipeline mode that carries the single statements of concurrent requests back
 * to back, each its own implicit transaction. With a connection per statement, every statement
 * wakes an idle Postgres backend, and that wake-up, paid in the API's socket write, cost more than
 * the statement itself (measured: ~0.3 ms of API CPU per statement on a 2-core VM); a pipelined
 * backend stays busy while requests keep coming. A statement that fails fails alone. A broken
 * connection fails the statements in flight, and the next statement opens a new one.
 */
export function pipelinedConnection(open: () => PipelineClient): Pipeline {
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
    async query(query) {
      if (closed) throw new Error("the database is closed");
      current ??= connect();
      const ready = current;
      const client = await ready;
      return client.query(query).catch((error: unknown) => {
        // the connection broke (the server may not have said so yet): the next statement reconnects
        if (isDatabaseUnavailable(error) && current === ready) current = null;
        throw error;
      });
    },
    async close() {
      closed = true;
      const client = await current?.catch(() => null);
      current = null;
      await client?.end().catch(() => undefined);
    },
  };
}

/**
 * Several pipelined connections behind one: a statement goes to the connection with the fewest in
 * flight, the first on a tie. Under light load every statement takes the first, whose backend
 * stays awake; under heavy load the others share the work, so one backend (one core of Postgres)
 * is no ceiling for the instance.
 */
export function pipelinePool(members: readonly Pipeline[]): Pipeline {
  const inFlight = members.map(() => 0);
  return {
    async query(query) {
      let chosen = 0;
      for (let index = 1; index < members.length; index++) {
        if (inFlight[index]! < inFlight[chosen]!) chosen = index;
      }
      inFlight[chosen]! += 1;
      try {
        return await members[chosen]!.query(query);
      } finally {
        inFlight[chosen]! -= 1;
      }
    },
    async close() {
      await Promise.all(members.map((member) => member.close()));
    },
  };
}

// keyed by the handle, not held in Deps: a statement gets only its `db`, and a transaction (another
// handle) must find no pipeline; `openDatabase` registers it and its `close` closes it
const pipelines = new WeakMap<Db, Pipeline>();

/** Gives `db` (not its transactions) a pipeline for its single statements. */
export function usePipeline(db: Db, pipeline: Pipeline): void {
  pipelines.set(db, pipeline);
}

// a statement this large (a raw email with attachments, say) would hold up the ones behind it
const MAX_PIPELINED_CHARS = 256 * 1024;

/** Whether `db` has a pipeline: not a transaction, nor a driver without one (PGlite, Neon). */
export function hasPipeline(db: Db): boolean {
  return pipelines.has(db);
}

/** The pipeline for a single statement with these values on `db`, unless it is too large to share. */
export function pipelineFor(db: Db, values: readonly unknown[]): Pipeline | undefined {
  const pipeline = pipelines.get(db);
  if (!pipeline) return undefined;
  let chars = 0;
  for (const value of values) {
    if (typeof value === "string") chars += value.length;
    else if (Buffer.isBuffer(value)) chars += value.length;
  }
  return chars > MAX_PIPELINED_CHARS ? undefined : pipeline;
}
