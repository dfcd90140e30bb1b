import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "../../../api/src/db/client";
import { isDatabaseUnavailable, pgErrorCode } from "../../../api/src/db/errors";
import { queryRows } from "../../../api/src/db/query-rows";
import { orgs } from "../../../api/src/db/schema";
import { DEFAULT_TIMEOUTS } from "../../../api/src/db/timeouts";
import { openTestDatabase, type TestDatabase, testDrivers } from "../../helpers/databases";
import { type FreezableProxy, startFreezableProxy } from "../../helpers/freezable-proxy";
import { startWsProxy } from "../../helpers/ws-proxy";

const TIMEOUTS = { statementMs: 300, connectMs: 500, poolMs: 500, idleInTransactionMs: 700 };

/** What a promise settles to: its value, or the error it was rejected with. */
const settled = <T>(promise: Promise<T>) =>
  promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );

/** "unavailable" and the error with its causes, so a failing assertion says what the error was. */
function described(error: unknown): string {
  const messages: string[] = [];
  for (let current = error; current instanceof Error; current = current.cause) messages.push(current.message);
  return `${isDatabaseUnavailable(error) ? "unavailable" : "other"}: ${messages.join(" <- ")}`;
}

type PooledClient = { query(text: string): Promise<unknown>; release(): void };

const postgresDrivers = testDrivers.filter((driver) => driver !== "pglite") as ("pg" | "neon")[];

describe.skipIf(postgresDrivers.length === 0).each(postgresDrivers)("bounded time on %s", (driver) => {
  let created: TestDatabase;
  let proxy: FreezableProxy;
  let wsProxy: Awaited<ReturnType<typeof startWsProxy>> | null = null;
  let database: Database;

  beforeAll(async () => {
    created = await openTestDatabase("pg");
    const url = new URL(created.url!);
    proxy = await startFreezableProxy({ host: url.hostname, port: Number(url.port || 5432) });
    url.port = String(proxy.port);
    wsProxy = driver === "neon" ? await startWsProxy() : null;
    database = await openDatabase({
      url: url.toString(),
      driver,
      timeouts: TIMEOUTS,
      neonWsProxy: wsProxy?.address,
    });
  });
  afterAll(async () => {
    await database?.close().catch(() => undefined);
    await wsProxy?.close();
    await proxy?.close();
    await created?.close();
  });

  it("starts every connection with the configured server-side timeouts, and no JIT compilation", async () => {
    const [row] = await queryRows<{ statement: string; idle: string; jit: string }>(
      database.db,
      sql`select current_setting('statement_timeout') as statement,
                 current_setting('idle_in_transaction_session_timeout') as idle,
                 current_setting('jit') as jit`,
    );
    expect(row).toEqual({ statement: "300ms", idle: "700ms", jit: "off" });
  });

  it("has the server cancel a statement past the statement timeout, as unavailable", async () => {
    const result = await settled(queryRows(database.db, sql`select pg_sleep(2)`));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(pgErrorCode(result.error)).toBe("57014");
    expect(isDatabaseUnavailable(result.error)).toBe(true);
    expect(await queryRows(database.db, sql`select 1 as one`)).toEqual([{ one: 1 }]);
  });

  it("has the server end a transaction left idle, and the pool drop its connection", async () => {
    const result = await settled(
      database.db.transaction(async (tx) => {
        await tx.execute(sql`select 1`);
        await new Promise((resolve) => setTimeout(resolve, 1500));
        await tx.execute(sql`select 1`);
      }),
    );
    expect(result.ok).toBe(false);
    if (!result.ok) expect(isDatabaseUnavailable(result.error)).toBe(true);
    expect((await database.db.select().from(orgs)).length).toBeGreaterThanOrEqual(0);
  });

  it("closes a pooled connection whose statement got no answer, so no one else is lent it stuck", async () => {
    const pool = (database.db as unknown as { $client: { connect(): Promise<PooledClient> } }).$client;
    const client = await pool.connect();
    proxy.freeze();
    try {
      const stuck = await settled(client.query("select 1"));
      const next = await settled(client.query("select 2"));
      expect(stuck.ok || described(stuck.error)).toMatch(/^unavailable: Query read timeout/);
      // the connection was closed at once: the next statement fails now instead of queuing behind
      expect(next.ok || described(next.error)).toMatch(/^unavailable: .*not queryable/);
    } finally {
      proxy.thaw();
      client.release();
    }
    expect(await queryRows(database.db, sql`select 1 as one`)).toEqual([{ one: 1 }]);
  });

  it("fails statements on a stalled server in bounded time, then works again without a restart", async () => {
    await queryRows(database.db, sql`select 1`);
    proxy.freeze();
    const during = await Promise.all([
      // single statements share the pipelined connection, the drizzle query builder takes the pool
      settled(queryRows(database.db, sql`select 1 as one`)),
      settled(database.db.select().from(orgs)),
      settled(database.db.transaction(async (tx) => tx.execute(sql`select 1`))),
    ]);
    // a new connection during the stall does not open either
    const reconnect = await settled(queryRows(database.db, sql`select 2 as two`));
    proxy.thaw();
    for (const result of [...during, reconnect]) {
      expect(result.ok).toBe(false);
      if (!result.ok) expect(described(result.error)).toMatch(/^unavailable/);
    }
    expect(await queryRows(database.db, sql`select 3 as three`)).toEqual([{ three: 3 }]);
    expect(Array.isArray(await database.db.select().from(orgs))).toBe(true);
    expect(await database.db.transaction((tx) => queryRows(tx, sql`select 4 as four`))).toEqual([
      { four: 4 },
    ]);
  });
});

describe("bounded time on pglite", () => {
  let database: Database;
  beforeAll(async () => {
    database = await openDatabase({ url: "memory://", timeouts: { ...DEFAULT_TIMEOUTS, poolMs: 200 } });
  });
  afterAll(() => database?.close());

  it("fails a statement that could not start in time as unavailable, and runs the next one", async () => {
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const holding = database.db.transaction(async (tx) => {
      await tx.execute(sql`select 1`);
      await held;
    });
    const waiting = await settled(database.db.execute(sql`select 1`));
    expect(waiting.ok).toBe(false);
    if (!waiting.ok) expect(isDatabaseUnavailable(waiting.error)).toBe(true);
    release();
    await holding;
    expect(await queryRows(database.db, sql`select 2 as two`)).toEqual([{ two: 2 }]);
  });
});
