import { type SQL, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "../../../api/src/db/client";
import { ANALYZE_LOCK_KEY, startDatabaseMaintenance } from "../../../api/src/db/maintenance";
import { queryRows } from "../../../api/src/db/query-rows";
import { openTestDatabase, type TestDatabase, testDrivers } from "../../helpers/databases";

const quietLog = () => ({ error: vi.fn(), warn: vi.fn() });

async function lastAnalyzed(db: Db, table: string) {
  const [row] = await queryRows<{ at: string | null }>(
    db,
    sql`select greatest(last_analyze, last_autoanalyze)::text as at from pg_stat_user_tables where relname = ${table}`,
  );
  return row?.at ?? null;
}

async function lastVacuumed(db: Db, table: string) {
  const [row] = await queryRows<{ at: string | null }>(
    db,
    sql`select last_vacuum::text as at from pg_stat_user_tables where relname = ${table}`,
  );
  return row?.at ?? null;
}

// Postgres counts a backend's changes when it flushes its statistics, which may wait for seconds
async function writeCounted(db: Db, statement: SQL) {
  await db.transaction(async (tx) => {
    await tx.execute(statement);
    await tx.execute(sql`select pg_stat_force_next_flush()`);
  });
}

async function changedSinceAnalyze(db: Db, table: string) {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select n_mod_since_analyze::int as n from pg_stat_user_tables where relname = ${table}`,
  );
  return row?.n ?? 0;
}

async function eventually(check: () => Promise<boolean>) {
  for (let i = 0; i < 300; i++) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return false;
}

describe.each(testDrivers)("maintenance of the database (%s)", (driver) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(driver);
  });
  afterAll(() => database?.close());

  it("analyzes a table once it changed by autovacuum's rule, and leaves the rest", async () => {
    const { db } = database;
    const [org] = await queryRows<{ id: string }>(
      db,
      sql`insert into orgs (slug, name) values ('growing', 'Growing') returning id`,
    );
    await db.execute(sql`analyze audit_log, inboxes`);
    const before = {
      auditLog: await lastAnalyzed(db, "audit_log"),
      inboxes: await lastAnalyzed(db, "inboxes"),
    };
    // 51 new rows in an empty table pass the threshold of 50; 3 do not
    await writeCounted(
      db,
      sql`insert into audit_log (org_id, kind, detail) select ${org!.id}, 'token_created', '{}'::jsonb from generate_series(1, 51)`,
    );
    await writeCounted(
      db,
      sql`insert into inboxes (org_id, name) select ${org!.id}, 'inbox-' || n from generate_series(1, 3) n`,
    );
    const log = quietLog();
    const maintenance = startDatabaseMaintenance(database, log, { vacuumMs: 60_000, checkMs: 20 });
    try {
      expect(await eventually(async () => (await lastAnalyzed(db, "audit_log")) !== before.auditLog)).toBe(
        true,
      );
    } finally {
      maintenance.stop();
    }
    expect(await lastAnalyzed(db, "inboxes")).toBe(before.inboxes);
    expect(log.error).not.toHaveBeenCalled();
  });
});

describe("maintenance of the embedded database", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase("pglite");
  });
  afterAll(() => database?.close());

  it("vacuums and analyzes PGlite, which has no autovacuum, on a timer", async () => {
    expect(await lastAnalyzed(database.db, "threads")).toBeNull();
    const log = quietLog();
    const maintenance = startDatabaseMaintenance(database, log, { vacuumMs: 20, checkMs: 20 });
    try {
      expect(await eventually(async () => (await lastVacuumed(database.db, "threads")) !== null)).toBe(true);
    } finally {
      maintenance.stop();
    }
    expect(log.error).not.toHaveBeenCalled();
    expect(log.warn).not.toHaveBeenCalled();
  });

  it("logs a failed run and tries again at the next one", async () => {
    const execute = vi.fn().mockRejectedValue(new Error("disk full"));
    const log = quietLog();
    const maintenance = startDatabaseMaintenance(
      { driver: "pglite", db: { execute } as unknown as Db },
      log,
      {
        vacuumMs: 10,
        checkMs: 10,
      },
    );
    try {
      expect(await eventually(async () => execute.mock.calls.length >= 2)).toBe(true);
    } finally {
      maintenance.stop();
    }
    expect(log.error).toHaveBeenCalledWith("database maintenance failed", { error: "disk full" });
  });
});

describe.runIf(testDrivers.includes("pg"))("maintenance of a shared Postgres", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase("pg");
  });
  afterAll(() => database?.close());

  it("never vacuums (autovacuum's work), and warns when autovacuum is off", async () => {
    const { db } = database;
    const [setting] = await queryRows<{ on: boolean }>(
      db,
      sql`select current_setting('autovacuum') = 'on' as on`,
    );
    const log = quietLog();
    const maintenance = startDatabaseMaintenance(database, log, { vacuumMs: 1, checkMs: 5 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    maintenance.stop();
    expect(await lastVacuumed(db, "threads")).toBeNull();
    expect(log.warn).toHaveBeenCalledTimes(setting?.on ? 0 : 1);
    expect(log.error).not.toHaveBeenCalled();
  });

  it("lets one instance analyze at a time", async () => {
    const { db } = database;
    await writeCounted(
      db,
      sql`insert into orgs (slug, name) select 'org-' || n, 'Org' from generate_series(1, 60) n`,
    );
    const before = await lastAnalyzed(db, "orgs");
    expect(await eventually(async () => (await changedSinceAnalyze(db, "orgs")) >= 60)).toBe(true);
    // another instance holds the lock for its turn: this one skips it
    const held = db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${ANALYZE_LOCK_KEY})`);
      const log = quietLog();
      const maintenance = startDatabaseMaintenance(database, log, { vacuumMs: 60_000, checkMs: 5 });
      await new Promise((resolve) => setTimeout(resolve, 200));
      maintenance.stop();
      expect(log.error).not.toHaveBeenCalled();
    });
    await held;
    expect(await lastAnalyzed(db, "orgs")).toBe(before);
  });
});
