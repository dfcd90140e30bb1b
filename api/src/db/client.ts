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
import { pipelinedConnection, usePipeline } from "./pipeline";
import { preparePgliteStatements, preparingClient } from "./prepared-statements";
import * as schema from "./schema";

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
  const database =
    driver === "pglite"
      ? await openPglite(options.url?.startsWith("memory://") ? undefined : options.dataDir)
      : driver === "pg"
        ? openPg(options)
        : openNeon(options);
  return database;
}

async function openPglite(dataDir: string | undefined): Promise<Database> {
  const client = new PGlite(dataDir);
  await preparePgliteStatements(client);
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

function openPg(options: DatabaseOptions): Promise<Database> {
  const Client = preparingClient(pg.Client);
  const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10, Client });
  pool.on("error", (error) => console.error("[db] idle connection error:", error.message));
  const drizzled = drizzlePg({ client: pool, schema, casing: "snake_case" });
  const db = drizzled as unknown as Db;
  const statements = pipelinedConnection(() => new Client({ connectionString: options.url, pipeline: true }));
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

function openNeon(options: DatabaseOptions): Promise<Database> {
  neonConfig.webSocketConstructor = ws;
  if (options.neonWsProxy) {
    const proxy = options.neonWsProxy;
    neonConfig.wsProxy = (host, port) => `${proxy}?address=${host}:${port}`;
    neonConfig.useSecureWebSocket = false;
    neonConfig.pipelineConnect = false;
    neonConfig.coalesceWrites = false;
  }
  const pool = new NeonPool({
    connectionString: options.url,
    max: options.poolSize ?? 10,
    Client: preparingClient(NeonClient),
  });
  pool.on("error", (error: Error) => console.error("[db] idle connection error:", error.message));
  const db = drizzleNeon({ client: pool, schema, casing: "snake_case" });
  return migrateNeon(db, { migrationsFolder }).then(() => ({
    db: db as unknown as Db,
    driver: "neon" as const,
    listen: poolListen(pool),
    close: () => pool.end(),
  }));
}
