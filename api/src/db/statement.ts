import { type Column, fillPlaceholders, type Placeholder, type SQL, sql } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import pg from "pg";
import type { Db } from "./client";
import { pipelineFor } from "./pipeline";
import { reserveStatementName } from "./prepared-statements";

/**
 * The one way SQL runs: `runStatement` for a statement defined at load time, `queryRows` (in
 * `query-rows.ts`) for SQL built per call. Both run on the database or inside a transaction alike,
 * and answer rows the same way on every driver: as drizzle reads them (date and time types as text,
 * json parsed), then decoded by the schema columns the statement names (`decodeAs`), so a
 * timestamp column comes back a `Date` exactly where the schema says so.
 */

/** Which of a row's fields decode as which schema column (`{ lastSeenAt: sessions.lastSeenAt }`). */
export type RowColumns<Row> = { [Key in keyof Row]?: Column };

// a field typed as a Date must name the column that decodes it: the type-checker finds a missing one
type DateKeys<Row> = {
  [Key in keyof Row]-?: unknown extends Row[Key] ? never : Date extends NonNullable<Row[Key]> ? Key : never;
}[keyof Row];
export type Decoding<Row> = [DateKeys<Row>] extends [never]
  ? [decodeAs?: RowColumns<Row>]
  : [decodeAs: RowColumns<Row> & { [Key in DateKeys<Row>]: Column }];

/**
 * A hot statement, turned into SQL text once at load time instead of on every request (building a
 * query is most of drizzle's cost per request), and run by the driver as a named prepared statement
 * (see `prepared-statements.ts`). `Values` names its parameters; `Row` is what each row holds.
 */
export type Statement<Values, Row> = {
  text: string;
  params: unknown[];
  decodeAs: RowColumns<Row> | undefined;
  /** Types only: what the statement takes and answers. */
  readonly shape?: { values: Values; row: Row };
};

/** One placeholder per parameter of a statement, for the fragments that build it. */
export type Placeholders<Values> = { [Key in keyof Values]-?: Placeholder<string & Key> };

/** SQL text and parameters as drizzle renders them for our schema. */
export const dialect = new PgDialect({ casing: "snake_case" });

/** Defines a statement; `build` receives one placeholder per parameter name. */
export function defineStatement<Values extends Record<string, unknown>, Row>(
  build: (parameters: Placeholders<Values>) => SQL,
  ...[decodeAs]: Decoding<Row>
): Statement<Values, Row> {
  const parameters = new Proxy({} as Placeholders<Values>, {
    get: (_, name) => sql.placeholder(String(name)),
  });
  const { sql: text, params } = dialect.sqlToQuery(build(parameters));
  reserveStatementName(text);
  return { text, params, decodeAs };
}

/**
 * Statements whose text depends on a few facts of their values, their shape (a new thread or a
 * reply, how many attachments): each shape is defined once, the first time it runs, and from then
 * on runs as any defined statement does. `keyOf` names a shape; few names, or the statements pile up.
 */
export function defineStatementsByShape<Shape, Values extends Record<string, unknown>, Row>(
  keyOf: (shape: Shape) => string,
  build: (shape: Shape, parameters: Placeholders<Values>) => SQL,
  ...decoding: Decoding<Row>
): (shape: Shape) => Statement<Values, Row> {
  const defined = new Map<string, Statement<Values, Row>>();
  return (shape) => {
    const key = keyOf(shape);
    let statement = defined.get(key);
    if (!statement) {
      statement = defineStatement<Values, Row>((parameters) => build(shape, parameters), ...decoding);
      defined.set(key, statement);
    }
    return statement;
  };
}

/** Runs a statement with its values; see the top of this file for how its rows come back. */
export async function runStatement<Values, Row>(
  db: Db,
  statement: Statement<Values, Row>,
  values: Values,
): Promise<Row[]> {
  const params = fillPlaceholders(statement.params, values as Record<string, unknown>);
  return decodeRows(await rowsOf(db, statement.text, params), statement.decodeAs);
}

// as drizzle's own drivers read them: date and time types stay text
const TEXT_TYPES = new Set([
  pg.types.builtins.TIMESTAMPTZ,
  pg.types.builtins.TIMESTAMP,
  pg.types.builtins.DATE,
  pg.types.builtins.INTERVAL,
  1115, // timestamp[]
  1182, // date[]
  1185, // timestamptz[]
  1187, // interval[]
  1231, // numeric[]
]);
const drizzleTypes = {
  getTypeParser: (oid: number, format?: "text" | "binary") =>
    TEXT_TYPES.has(oid) ? (value: string) => value : pg.types.getTypeParser(oid, format),
};

type PreparedQuery = { execute(): Promise<{ rows: unknown[] }> };
type Session = { prepareQuery(query: { sql: string; params: unknown[] }, ...rest: unknown[]): PreparedQuery };

/**
 * The rows of SQL text with its parameters. On Postgres outside a transaction, the statement takes
 * the pipeline (see `pipeline.ts`); otherwise the session of `db` runs it, the transaction's when
 * `db` is one. The `Db` type cannot say that every driver's session prepares raw text: this is the
 * one place that cast lives.
 */
export async function rowsOf(db: Db, text: string, params: unknown[]): Promise<Record<string, unknown>[]> {
  const pipeline = pipelineFor(db, params);
  if (pipeline)
    return (await pipeline.query({ text, values: params, types: drizzleTypes })).rows as Record<
      string,
      unknown
    >[];
  const { session } = db as unknown as { session: Session };
  const result = await session.prepareQuery({ sql: text, params }, undefined, undefined, false).execute();
  return result.rows as Record<string, unknown>[];
}

/** Rows decoded by the columns named: each named field that is not null, as its column reads it. */
export function decodeRows<Row>(
  rows: Record<string, unknown>[],
  decodeAs: RowColumns<Row> | undefined,
): Row[] {
  if (!decodeAs) return rows as Row[];
  const fields = Object.entries(decodeAs) as [string, Column][];
  for (const row of rows)
    for (const [field, column] of fields) {
      const value = row[field];
      if (value !== null && value !== undefined) row[field] = column.mapFromDriverValue(value);
    }
  return rows as Row[];
}
