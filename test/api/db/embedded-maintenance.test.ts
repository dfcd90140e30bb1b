import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "../../../api/src/db/client";
import { startEmbeddedMaintenance } from "../../../api/src/db/embedded-maintenance";
import { queryRows } from "../../../api/src/db/query-rows";
import { openTestDatabase, type TestDatabase } from "../../helpers/databases";

const quiet = { error: vi.fn() };

async function lastAnalyzed(db: Db, table: string) {
  const [row] = await queryRows<{ at: string | null }>(
    db,
    sql`select last_analyze::text as at from pg_stat_user_tables where relname = ${table}`,
  );
  return row?.at ?? null;
}

async function eventually(check: () => Promise<boolean>) {
  for (let i = 0; i < 200; i++) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return false;
}

describe("maintenance of the embedded database", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase("pglite");
  });
  afterAll(() => database?.close());

  it("vacuums and analyzes PGlite, which has no autovacuum, on a timer", async () => {
    expect(await lastAnalyzed(database.db, "threads")).toBeNull();
    const maintenance = startEmbeddedMaintenance(database, quiet, 20);
    try {
      expect(await eventually(async () => (await lastAnalyzed(database.db, "threads")) !== null)).toBe(true);
    } finally {
      maintenance.stop();
    }
    expect(quiet.error).not.toHaveBeenCalled();
  });

  it("logs a failed run and tries again at the next one", async () => {
    const execute = vi.fn().mockRejectedValue(new Error("disk full"));
    const log = { error: vi.fn() };
    const maintenance = startEmbeddedMaintenance(
      { driver: "pglite", db: { execute } as unknown as Db },
      log,
      10,
    );
    try {
      expect(await eventually(async () => execute.mock.calls.length >= 2)).toBe(true);
    } finally {
      maintenance.stop();
    }
    expect(log.error).toHaveBeenCalledWith("database maintenance failed", { error: "disk full" });
  });

  it("leaves Postgres to its own autovacuum", async () => {
    const execute = vi.fn();
    const maintenance = startEmbeddedMaintenance(
      { driver: "pg", db: { execute } as unknown as Db },
      quiet,
      1,
    );
    await new Promise((resolve) => setTimeout(resolve, 30));
    maintenance.stop();
    expect(execute).not.toHaveBeenCalled();
  });
});
