import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isUniqueViolation } from "../../../api/src/db/errors";
import { queryRows } from "../../../api/src/db/query-rows";
import { orgs } from "../../../api/src/db/schema";
import { openTestDatabase, type TestDatabase, testDrivers } from "../../helpers/databases";

describe.each(testDrivers)("database on %s", (driver) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(driver);
  });
  afterAll(() => database?.close());

  it("applies the committed migrations, presence and rate limits unlogged", async () => {
    const rows = await queryRows<{ relname: string; relpersistence: string }>(
      database.db,
      sql`select relname, relpersistence from pg_class where relname in ('presence', 'rate_limits', 'live_events', 'threads') order by relname`,
    );
    expect(rows.map((row) => `${row.relname}:${row.relpersistence}`)).toEqual([
      "live_events:u",
      "presence:u",
      "rate_limits:u",
      "threads:p",
    ]);
  });

  it("enforces unique org slugs in the database", async () => {
    await database.db.insert(orgs).values({ slug: "uniq", name: "One" });
    const error = await database.db
      .insert(orgs)
      .values({ slug: "uniq", name: "Two" })
      .then(
        () => null,
        (caught: unknown) => caught,
      );
    expect(isUniqueViolation(error)).toBe(true);
  });

  it("delivers NOTIFY to a listener", async () => {
    const received: string[] = [];
    const listener = await database.listen("tisket_probe", (payload) => received.push(payload));
    await database.db.execute(sql`select pg_notify('tisket_probe', 'hello')`);
    await expect.poll(() => received).toEqual(["hello"]);
    await listener.close();
  });
});
