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
    const maintenance = startEmbeddedMaintenance(database, quiet, { vacuumMs: 20, checkMs: 20 });
    try {
      expect(await eventually(async () => (await lastAnalyzed(database.db, "threads")) !== null)).toBe(true);
    } finally {
      maintenance.stop();
    }
    expect(quiet.error).not.toHaveBeenCalled();
  });

  it("analyzes a table between vacuums once it changed by autovacuum's rule, and leaves the rest", async () => {
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
    await db.execute(
      sql`insert into audit_log (org_id, kind, detail) select ${org!.id}, 'token_created', '{}'::jsonb from generate_series(1, 51)`,
    );
    await db.execute(
      sql`insert into inboxes (org_id, name) select ${org!.id}, 'inbox-' || n from generate_series(1, 3) n`,
    );
    const maintenance = startEmbeddedMaintenance(database, quiet, { vacuumMs: 60_000, checkMs: 20 });
    try {
      expect(await eventually(async () => (await lastAnalyzed(db, "audit_log")) !== before.auditLog)).toBe(
        true,
      );
    } finally {
      maintenance.stop();
    }
    expect(await lastAnalyzed(db, "inboxes")).toBe(before.inboxes);
    expect(quiet.error).not.toHaveBeenCalled();
  });

  it("logs a failed run and tries again at the next one", async () => {
    const execute = vi.fn().mockRejectedValue(new Error("disk full"));
    const log = { error: vi.fn() };
    const maintenance = startEmbeddedMaintenance(
      { driver: "pglite", db: { execute } as unknown as Db },
      log,
      { vacuumMs: 10, checkMs: 10 },
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
    const maintenance = startEmbeddedMaintenance({ driver: "pg", db: { execute } as unknown as Db }, quiet, {
      vacuumMs: 1,
      checkMs: 1,
    });
    await new Promise((resolve) => setTimeout(resolve, 30));
    maintenance.stop();
    expect(execute).not.toHaveBeenCalled();
  });
});
