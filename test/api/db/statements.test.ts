import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_BUILT_NAMED, namedQuery } from "../../../api/src/db/prepared-statements";
import { queryRows } from "../../../api/src/db/query-rows";
import { orgs } from "../../../api/src/db/schema";
import { defineStatement, defineStatementsByShape, runStatement } from "../../../api/src/db/statement";
import { openTestDatabase, type TestDatabase, testDrivers } from "../../helpers/databases";

const echo = defineStatement<{ value: string | null }, { value: string | null; length: number | null }>(
  (p) => sql`select ${p.value}::text as value, length(${p.value}::text) as length`,
);
// the sum of as many values as its shape says: `n0`, `n1`, …
const sumOf = defineStatementsByShape<number, Record<string, number>, { sum: number }>(
  (count) => String(count),
  (count) =>
    sql`select (0 ${sql.join(
      Array.from({ length: count }, (_, i) => sql` + ${sql.placeholder(`n${i}`)}::int`),
      sql``,
    )})::int as sum`,
);

const orgBySlug = defineStatement<{ slug: string }, { name: string }>(
  (p) => sql`select name from orgs where slug = ${p.slug}`,
);
const orgCreated = defineStatement<{ slug: string }, { createdAt: Date; asText: string }>(
  (p) => sql`select created_at as "createdAt", created_at::text as "asText" from orgs where slug = ${p.slug}`,
  { createdAt: orgs.createdAt },
);

// what a statement's values may hold that must come back exactly, never read as SQL
const AWKWARD = [
  "it's",
  "''; drop table orgs; --",
  "back\\slash \\' and E'\\x41'",
  "$1 $$ dollar $tag$",
  "über 回复 🙂",
  "line\nbreak\ttab",
  "",
  "x".repeat(100_000),
];

describe.each(testDrivers)("prepared statements on %s", (driver) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(driver);
  });
  afterAll(() => database?.close());

  it("gives every value back exactly, quotes and all, however often the statement runs", async () => {
    for (let round = 0; round < 3; round++) {
      for (const value of AWKWARD) {
        const [row] = await runStatement(database.db, echo, { value });
        expect(row).toEqual({ value, length: [...value].length });
      }
    }
    expect(await runStatement(database.db, echo, { value: null })).toEqual([{ value: null, length: null }]);
    expect(await queryRows(database.db, sql`select count(*)::int as n from orgs`)).toEqual([{ n: 0 }]);
  });

  it("treats what text cannot hold the same on every driver: NUL refused, a lone surrogate replaced", async () => {
    await expect(runStatement(database.db, echo, { value: "nul \u0000 byte" })).rejects.toThrow();
    expect(await runStatement(database.db, echo, { value: "half \ud800 pair" })).toEqual([
      { value: "half \ufffd pair", length: 11 },
    ]);
    // a statement that failed leaves the connection and the prepared statement usable
    expect(await runStatement(database.db, echo, { value: "after" })).toEqual([
      { value: "after", length: 5 },
    ]);
  });

  it("runs many statements at once, and one that fails fails alone", async () => {
    await database.db.insert(orgs).values({ slug: "pipelined", name: "Pipelined Org" });
    const results = await Promise.allSettled(
      Array.from({ length: 60 }, (_, i) =>
        i % 10 === 5
          ? queryRows(database.db, sql`select 1 / ${i - i}::int as boom`)
          : runStatement(database.db, orgBySlug, { slug: "pipelined" }),
      ),
    );
    expect(results.filter((result) => result.status === "rejected")).toHaveLength(6);
    for (const result of results.filter((result) => result.status === "fulfilled"))
      expect(result.value).toEqual([{ name: "Pipelined Org" }]);
  });

  it("runs inside a transaction on the transaction: it sees the transaction's rows, and they go with its rollback", async () => {
    const seen = await database.db
      .transaction(async (tx) => {
        await tx.insert(orgs).values({ slug: "in-transaction", name: "Uncommitted Org" });
        const rows = await runStatement(tx, orgBySlug, { slug: "in-transaction" });
        const built = await queryRows<{ name: string }>(
          tx,
          sql`select name from orgs where slug = ${"in-transaction"}`,
        );
        tx.rollback();
        return { rows, built };
      })
      .catch((error: unknown) => ({ error }));
    expect(seen).toHaveProperty("error");
    expect(await runStatement(database.db, orgBySlug, { slug: "in-transaction" })).toEqual([]);
    const inside = await database.db.transaction(async (tx) => {
      await tx.insert(orgs).values({ slug: "in-transaction", name: "Committed Org" });
      return {
        rows: await runStatement(tx, orgBySlug, { slug: "in-transaction" }),
        built: await queryRows<{ name: string }>(
          tx,
          sql`select name from orgs where slug = ${"in-transaction"}`,
        ),
      };
    });
    expect(inside).toEqual({ rows: [{ name: "Committed Org" }], built: [{ name: "Committed Org" }] });
  });

  it("decodes a row's timestamps as the columns it names say, the same on and off a transaction", async () => {
    const [org] = await database.db.select().from(orgs).where(eq(orgs.slug, "pipelined"));
    const outside = await runStatement(database.db, orgCreated, { slug: "pipelined" });
    const inside = await database.db.transaction((tx) => runStatement(tx, orgCreated, { slug: "pipelined" }));
    const built = await queryRows<{ createdAt: Date; asText: string }>(
      database.db,
      sql`select created_at as "createdAt", created_at::text as "asText" from orgs where slug = ${"pipelined"}`,
      { createdAt: orgs.createdAt },
    );
    for (const rows of [outside, inside, built]) {
      expect(rows[0]!.createdAt).toBeInstanceOf(Date);
      expect(rows[0]!.createdAt.getTime()).toBe(org!.createdAt.getTime());
      expect(typeof rows[0]!.asText).toBe("string");
    }
  });

  it("defines a statement once per shape and runs each shape with its own values", async () => {
    expect(sumOf(2)).toBe(sumOf(2));
    expect(sumOf(3)).not.toBe(sumOf(2));
    expect(await runStatement(database.db, sumOf(2), { n0: 1, n1: 2 })).toEqual([{ sum: 3 }]);
    expect(await runStatement(database.db, sumOf(3), { n0: 1, n1: 2, n2: 40 })).toEqual([{ sum: 43 }]);
    expect(await database.db.transaction((tx) => runStatement(tx, sumOf(2), { n0: 5, n1: 5 }))).toEqual([
      { sum: 10 },
    ]);
    // a value its shape needs and was not given fails the call, before anything runs
    await expect(runStatement(database.db, sumOf(3), { n0: 1, n1: 2 })).rejects.toThrow(/n2/);
  });

  it.runIf(driver === "pg")("opens a new pipelined connection after its backend is killed", async () => {
    const pid = async () =>
      (await queryRows<{ pid: number }>(database.db, sql`select pg_backend_pid() as pid`))[0]!.pid;
    const killed = await pid();
    await database.db.execute(sql`select pg_terminate_backend(${killed})`);
    // a statement racing the news of the broken connection may fail; the next one is served
    await runStatement(database.db, orgBySlug, { slug: "pipelined" }).catch(() => null);
    expect(await runStatement(database.db, orgBySlug, { slug: "pipelined" })).toEqual([
      { name: "Pipelined Org" },
    ]);
    expect(await pid()).not.toBe(killed);
  });
});

describe("statement names", () => {
  it("names a parameterized statement after its text, and leaves others unnamed", () => {
    const one = namedQuery({ text: "select $1::int", values: [1] }, undefined) as { name: string };
    const again = namedQuery("select $1::int", [2]) as { name: string };
    expect(one.name).toMatch(/^tt_[0-9a-f]{20}$/);
    expect(again.name).toBe(one.name);
    expect(namedQuery("begin", undefined)).toBe("begin");
    expect(namedQuery({ text: "select 1", values: [] }, undefined)).toEqual({ text: "select 1", values: [] });
    const named = { text: "select $1::int", name: "mine", values: [1] };
    expect(namedQuery(named, undefined)).toBe(named);
  });

  it("names only so many texts built per call, and every statement defined at load time", () => {
    // texts of their own, so the other tests' names do not count towards the cap here
    const built = Array.from(
      { length: MAX_BUILT_NAMED + 1 },
      (_, i) => `select $1::int + ${i} /* cap test */`,
    );
    const names = built.map((text) => (namedQuery(text, [1]) as { name?: string }).name);
    expect(names.at(-1)).toBeUndefined();
    expect(namedQuery(built[0]!, [1])).toMatchObject({ name: names[0] });

    const defined = defineStatement<{ n: number }, { n: number }>(
      (p) => sql`select ${p.n}::int as n /* defined late */`,
    );
    expect(namedQuery(defined.text, [1])).toMatchObject({ name: expect.stringMatching(/^tt_/) });
  });
});
