import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_LITERAL_CHARS } from "../../../api/src/db/prepared-statements";
import { queryRows } from "../../../api/src/db/query-rows";
import { orgs } from "../../../api/src/db/schema";
import { defineStatement, runStatement, type Statement } from "../../../api/src/db/statement";
import { openTestDatabase, type TestDatabase, testDrivers } from "../../helpers/databases";

// PGlite runs these with their values inlined as literals; each must come back as pg and Neon give it
const text = defineStatement<{ value: unknown }, { value: string | null; length: number | null }>(
  (p) => sql`select ${p.value}::text as value, length(${p.value}::text) as length /* values: text */`,
);
const numbers = defineStatement<{ n: unknown }, { float: string; numeric: string }>(
  (p) => sql`select ${p.n}::float8::text as float, ${p.n}::numeric::text as numeric /* values: numbers */`,
);
const float = defineStatement<{ n: unknown }, { n: number }>(
  (p) => sql`select ${p.n}::float8 as n /* values: float */`,
);
const integer = defineStatement<{ n: unknown }, { n: number }>(
  (p) => sql`select ${p.n}::int as n /* values: int */`,
);
const truth = defineStatement<{ b: unknown }, { b: boolean; text: string }>(
  (p) => sql`select ${p.b}::boolean as b, ${p.b}::text as text /* values: booleans */`,
);
const bytes = defineStatement<{ bytes: unknown }, { hex: string; raw: Uint8Array }>(
  (p) => sql`select encode(${p.bytes}::bytea, 'hex') as hex, ${p.bytes}::bytea as raw /* values: bytes */`,
);
const instant = defineStatement<{ at: unknown }, { at: Date; epoch: string }>(
  (p) =>
    sql`select ${p.at}::timestamptz as at, extract(epoch from ${p.at}::timestamptz)::text as epoch /* values: dates */`,
  // decoded as a timestamptz column of the schema is
  { at: orgs.createdAt },
);
const json = defineStatement<{ doc: unknown }, { doc: unknown; quote: string }>(
  (p) => sql`select ${p.doc}::jsonb as doc, ${p.doc}::jsonb ->> 'quote' as quote /* values: json */`,
);
const list = defineStatement<{ list: unknown }, { list: (string | null)[]; n: number }>(
  (p) => sql`select ${p.list}::text[] as list, cardinality(${p.list}::text[]) as n /* values: arrays */`,
);

const HOSTILE_TEXT = [
  "'",
  "it's",
  "''; drop table orgs; --",
  "\\",
  "ends in a backslash \\",
  "\\'); drop table orgs; --",
  "back\\slash \\' and E'\\x41' \\n \\t \\\\ \\u0041",
  "$1 $$ dollar $tag$ $2 $$",
  "über 回复 🙂",
  "line\nbreak\r\ttab",
  "",
  "'".repeat(MAX_LITERAL_CHARS), // the longest inlined
  "\\".repeat(MAX_LITERAL_CHARS),
  `${"'".repeat(MAX_LITERAL_CHARS)}'`, // bound instead
  "x".repeat(100_000),
];

const DOC = {
  quote: "it's \"so\" \\' $1 $$",
  unicode: "über 🙂",
  nested: { list: [1, -0.5, 1e21, true, null, "x"] },
};

describe.each(testDrivers)("statement values on %s", (driver) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(driver);
  });
  afterAll(() => database?.close());

  const run = <Values, Row>(statement: Statement<Values, Row>, values: Values) =>
    runStatement(database.db, statement, values);
  const one = async <Values, Row>(statement: Statement<Values, Row>, values: Values) =>
    (await run(statement, values))[0];
  const orgCount = async () =>
    (await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from orgs`))[0]!.n;

  it("gives text back exactly: quotes, backslashes, dollars, long text", async () => {
    for (const value of HOSTILE_TEXT)
      expect(await one(text, { value })).toEqual({ value, length: [...value].length });
    expect(await one(text, { value: null })).toEqual({ value: null, length: null });
    expect(await one(text, { value: undefined })).toEqual({ value: null, length: null });
    expect(await orgCount()).toBe(0);
  });

  it.runIf(driver === "pglite")("quotes the same when standard_conforming_strings is off", async () => {
    await database.db.execute(sql`set standard_conforming_strings = off`);
    try {
      for (const value of HOSTILE_TEXT)
        expect(await one(text, { value })).toEqual({ value, length: [...value].length });
    } finally {
      await database.db.execute(sql`set standard_conforming_strings = on`);
    }
    expect(await orgCount()).toBe(0);
  });

  it("refuses NUL in text and replaces a lone surrogate, as text cannot hold them", async () => {
    await expect(run(text, { value: "nul \u0000 byte" })).rejects.toThrow();
    await expect(run(text, { value: `${"'".repeat(MAX_LITERAL_CHARS)}\u0000` })).rejects.toThrow();
    await expect(run(json, { doc: JSON.stringify({ quote: "\u0000" }) })).rejects.toThrow();
    expect(await one(text, { value: "\ud800" })).toEqual({ value: "\ufffd", length: 1 });
    expect(await one(text, { value: "\udfff'\\" })).toEqual({ value: "\ufffd'\\", length: 3 });
    expect(await one(text, { value: "🙂".slice(0, 1) })).toEqual({ value: "\ufffd", length: 1 });
  });

  it("gives numbers back as Postgres reads their text: negative, tiny, huge, -0", async () => {
    const expected: [number | bigint, string, string][] = [
      [-5, "-5", "-5"],
      [0.1, "0.1", "0.1"],
      [-0, "0", "0"],
      [1e21, "1e+21", "1000000000000000000000"],
      [1e-7, "1e-07", "0.0000001"],
      [2 ** 53 + 2, "9.007199254740994e+15", "9007199254740994"],
      [-1.5e-300, "-1.5e-300", `-0.${"0".repeat(299)}15`],
      [12345678901234567890n, "1.2345678901234567e+19", "12345678901234567890"],
    ];
    for (const [n, float, numeric] of expected) expect(await one(numbers, { n })).toEqual({ float, numeric });
    expect(await one(integer, { n: -2147483648 })).toEqual({ n: -2147483648 });
    await expect(run(integer, { n: 1e21 })).rejects.toThrow();
    await expect(run(integer, { n: 0.1 })).rejects.toThrow();
  });

  it("gives NaN and the infinities back as themselves", async () => {
    for (const n of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])
      expect((await one(float, { n }))?.n).toBe(n);
    expect(await one(numbers, { n: Number.NaN })).toEqual({ float: "NaN", numeric: "NaN" });
    expect(await one(numbers, { n: Number.NEGATIVE_INFINITY })).toEqual({
      float: "-Infinity",
      numeric: "-Infinity",
    });
  });

  it("gives booleans back, and reads 1, 0, yes and off as Postgres does", async () => {
    expect(await one(truth, { b: true })).toEqual({ b: true, text: "true" });
    expect(await one(truth, { b: false })).toEqual({ b: false, text: "false" });
    expect(await one(truth, { b: 1 })).toEqual({ b: true, text: "1" });
    expect(await one(truth, { b: 0 })).toEqual({ b: false, text: "0" });
    expect(await one(truth, { b: "yes" })).toEqual({ b: true, text: "yes" });
    expect(await one(truth, { b: "off" })).toEqual({ b: false, text: "off" });
    await expect(run(truth, { b: 2 })).rejects.toThrow();
  });

  it("gives bytes back exactly: NUL, quote, backslash, bytes that are not UTF-8", async () => {
    const awkward = [0x00, 0x27, 0x5c, 0x24, 0xff, 0xfe, 0x80, 0xc3];
    for (const value of [Buffer.from(awkward), new Uint8Array(awkward), Buffer.alloc(0)]) {
      const row = await one(bytes, { bytes: value });
      expect(row?.hex).toBe(Buffer.from(value).toString("hex"));
      expect(Buffer.from(row!.raw)).toEqual(Buffer.from(value));
    }
    // bytea's own text form, as a string
    expect((await one(bytes, { bytes: "\\x00275cff" }))?.hex).toBe("00275cff");
  });

  it("gives instants back from a Date or its text", async () => {
    const at = new Date("2026-12-02T09:41:34.567Z");
    for (const value of [at, at.toISOString(), "2026-12-02T11:41:34.567+02:00"]) {
      const row = await one(instant, { at: value });
      expect(row?.at.toISOString()).toBe(at.toISOString());
      expect(row?.epoch).toBe("1796204494.567000");
    }
  });

  it("gives JSON back from its text or the object, quotes and backslashes in its strings", async () => {
    for (const doc of [JSON.stringify(DOC), DOC])
      expect(await one(json, { doc })).toEqual({ doc: DOC, quote: DOC.quote });
  });

  it("gives arrays back from a list or an array literal", async () => {
    const awkward = [
      "a",
      "it's",
      "back\\slash",
      '"quoted"',
      "{brace}",
      "comma,",
      "",
      "NULL",
      null,
      "über 🙂",
    ];
    expect(await one(list, { list: awkward })).toEqual({ list: awkward, n: awkward.length });
    expect(await one(list, { list: '{a,"b c","it\'s","back\\\\slash",NULL}' })).toEqual({
      list: ["a", "b c", "it's", "back\\slash", null],
      n: 5,
    });
  });

  it.runIf(driver === "pglite")("inlines text, finite numbers and booleans; binds the rest", async () => {
    const runs = async (statement: { text: string }) => {
      const [row] = await queryRows<{ runs: number }>(
        database.db,
        sql`select coalesce(sum(generic_plans + custom_plans), 0)::int as runs
            from pg_prepared_statements where strpos(statement, ${statement.text}) > 0`,
      );
      return row!.runs;
    };
    // runs of the prepared statement that the call made: 1 when its values were inlined
    const executed = async <Values, Row>(statement: Statement<Values, Row>, values: Values) => {
      const before = await runs(statement);
      await run(statement, values).catch(() => undefined);
      return (await runs(statement)) - before;
    };
    expect(await executed(text, { value: "it's" })).toBe(1);
    expect(await executed(text, { value: "'".repeat(MAX_LITERAL_CHARS) })).toBe(1);
    expect(await executed(text, { value: "'".repeat(MAX_LITERAL_CHARS + 1) })).toBe(0);
    expect(await executed(text, { value: "nul \u0000" })).toBe(0);
    expect(await executed(numbers, { n: -0 })).toBe(1);
    expect(await executed(numbers, { n: 12345678901234567890n })).toBe(0);
    expect(await executed(float, { n: 1e21 })).toBe(1);
    for (const n of [Number.NaN, Number.POSITIVE_INFINITY]) expect(await executed(float, { n })).toBe(0);
    expect(await executed(truth, { b: false })).toBe(1);
    expect(await executed(bytes, { bytes: "\\x27" })).toBe(1);
    expect(await executed(bytes, { bytes: Buffer.from("'") })).toBe(0);
    expect(await executed(instant, { at: new Date().toISOString() })).toBe(1);
    expect(await executed(instant, { at: new Date() })).toBe(0);
    expect(await executed(json, { doc: JSON.stringify(DOC) })).toBe(1);
    expect(await executed(json, { doc: DOC })).toBe(0);
    expect(await executed(list, { list: "{a}" })).toBe(1);
    expect(await executed(list, { list: ["a"] })).toBe(0);
  });
});
