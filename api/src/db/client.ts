import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { Client as NeonClient, Pool as NeonPool, neonConfig } from "@neondatabase/serverless";
import { drizzle as drizzleNeon } from "drizzle-orm/neon-serverless";
import { migrate as migrateNeon } from "drizzle-orm/neon-serverless/migrator";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import pg from "pg";
import ws from "ws";
import { gateEmbedded } from "./embedded-gate";
import { pipelinedConnection, pipelinePool, usePipeline } from "./pipeline";
import { preparePgliteStatements, preparingClient } from "./prepared-statements";
import * as schema from "./schema";
import { CLIENT_GRACE_MS, type DatabaseTimeouts, DEFAULT_TIMEOUTS, sessionSetup } from "./timeouts";

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type DriverName = "pglite" | "pg" | "neon";

/** Receives `NOTIFY` payloads on one channel; `close` stops listening. */
export type Listener = { close(): Promise<void> };

export type Database = {
  db: Db;
  driver: DriverName;
  /**
   * LISTEN on a channel; PGlite delivers only within its own process, which is all it serves.
   * `onLost` hears when the listening connection breaks (Postgres restarted, say): listen again.
   */
  listen(
    channel: string,
    onPayload: (payload: string) => void,
    onLost?: (error: Error) => void,
  ): Promise<Listener>;
  close(): Promise<void>;
};

export type DatabaseOptions = {
  url?: string | undefined;
  driver?: DriverName | undefined;
  dataDir?: string | undefined;
  /** Neon only: where the WebSocket proxy listens (tests and local runs), e.g. `127.0.0.1:4444/v2`. */
  neonWsProxy?: string | undefined;
  poolSize?: number | undefined;
  /** pg only: pipelined connections that carry single statements (see `pipeline.ts`) */
  pipelines?: number | undefined;
  timeouts?: DatabaseTimeouts | undefined;
};

export const migrationsFolder = fileURLToPath(new URL("../../drizzle", import.meta.url));

export function pickDriver(url: string | undefined, forced?: DriverName): DriverName {
  if (forced) return forced;
  if (!url || url.startsWith("memory://")) return "pglite";
  if (new URL(url).hostname.endsWith(".neon.tech")) return "neon";
  return "pg";
}

/** Opens the database named by the options and applies the committed migrations. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const driver = pickDriver(options.url, options.driver);
  const timeouts = options.timeouts ?? DEFAULT_TIMEOUTS;
  const database =
    driver === "pglite"
      ? await openPglite(options.url?.startsWith("memory://") ? undefined : options.dataDir, timeouts)
      : driver === "pg"
        ? openPg(options, timeouts)
        : openNeon(options, timeouts);
  return database;
}

async function openPglite(dataDir: string | undefined, timeouts: DatabaseTimeouts): Promise<Database> {
  const client = new PGlite(dataDir);
  await preparePgliteStatements(client);
  gateEmbedded(client, timeouts.poolMs);
  const db = drizzlePglite({ client, schema, casing: "snake_case" });
  await migratePglite(db, { migrationsFolder });
  return {
    db: db as unknown as Db,
    driver: "pglite",
    async listen(channel, onPayload) {
      const unlisten = await client.listen(channel, onPayload);
      return { close: () => unlisten() };
    },
    close: () => client.close(),
  };
}

type NotifyingConnection = {
  on(event: "notification", listener: (message: { channel: string; payload?: string }) => void): unknown;
  on(event: "error", listener: (error: Error) => void): unknown;
  query(text: string): Promise<unknown>;
  release(error?: Error): void;
};

function poolListen(pool: { connect(): Promise<NotifyingConnection> }) {
  return async (
    channel: string,
    onPayload: (payload: string) => void,
    onLost?: (error: Error) => void,
  ): Promise<Listener> => {
    const connection = await pool.connect();
    let lost = false;
    connection.on("notification", (message) => {
      if (message.channel === channel) onPayload(message.payload ?? "");
    });
    // the pool stops watching a connection it lent out: without this a dropped one crashes the process
    connection.on("error", (error) => {
      if (lost) return;
      lost = true;
      connection.release(error);
      onLost?.(error);
    });
    await connection.query(`LISTEN "${channel}"`);
    return {
      async close() {
        if (lost) return;
        lost = true;
        await connection.query(`UNLISTEN "${channel}"`).catch(() => undefined);
        connection.release();
      },
    };
  };
}

/**
 * What every connection of the pg and Neon drivers is opened with: the client gives up on a
 * statement the server should have canceled by then, and on a connection that does not open.
 */
function clientOptions(url: string | undefined, timeouts: DatabaseTimeouts) {
  return {
    connectionString: url,
    connectionTimeoutMillis: timeouts.connectMs,
    query_timeout: timeouts.statementMs + CLIENT_GRACE_MS,
  };
}

// a pool's `connectionTimeoutMillis` bounds the wait for a free connection (and opening one)
const poolOptions = (options: DatabaseOptions, timeouts: DatabaseTimeouts) => ({
  ...clientOptions(options.url, timeouts),
  max: options.poolSize ?? 10,
  connectionTimeoutMillis: timeouts.poolMs,
});

function openPg(options: DatabaseOptions, timeouts: DatabaseTimeouts): Promise<Database> {
  const Client = preparingClient(pg.Client, sessionSetup(timeouts));
  const pool = new pg.Pool({ ...poolOptions(options, timeouts), Client });
  pool.on("error", (error) => console.error("[db] idle connection error:", error.message));
  const drizzled = drizzlePg({ client: pool, schema, casing: "snake_case" });
  const db = drizzled as unknown as Db;
  const openPipelined = () => new Client({ ...clientOptions(options.url, timeouts), pipeline: true });
  const statements = pipelinePool(
    Array.from({ length: options.pipelines ?? 2 }, () => pipelinedConnection(openPipelined)),
  );
  usePipeline(db, statements);
  return migratePg(drizzled, { migrationsFolder }).then(() => ({
    db,
    driver: "pg" as const,
    listen: poolListen(pool),
    async close() {
      await statements.close();
      await pool.end();
    },
  }));
}

/**
 * Neon's Pool sets its own `Client` after taking the options, so a `Client` option is ignored;
 * the pool's connections are made from this property, which pg-pool reads for each new one.
 */
function useClientClass(pool: NeonPool, Client: typeof NeonClient): void {
  Object.assign(pool, { Client });
}

function openNeon(options: DatabaseOptions, timeouts: DatabaseTimeouts): Promise<Database> {
  neonConfig.webSocketConstructor = ws;
  if (options.neonWsProxy) {
    const proxy = options.neonWsProxy;
    neonConfig.wsProxy = (host, port) => `${proxy}?address=${host}:${port}`;
    neonConfig.useSecureWebSocket = false;
    neonConfig.pipelineConnect = false;
    neonConfig.coalesceWrites = false;
  }
  const pool = new NeonPool(poolOptions(options, timeouts));
  useClientClass(pool, preparingClient(NeonClient, sessionSetup(timeouts)));
  pool.on("error", (error: Error) => console.error("[db] idle connection error:", error.message));
  const db = drizzleNeon({ client: pool, schema, casing: "snake_case" });
  return migrateNeon(db, { migrationsFolder }).then(() => ({
    db: db as unknown as Db,
    driver: "neon" as const,
    listen: poolListen(pool),
    close: () => pool.end(),
  }));
}
