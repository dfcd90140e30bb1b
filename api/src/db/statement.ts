import { fillPlaceholders, type Placeholder, type SQL, sql } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import type { Db } from "./client";
import { pipelineFor } from "./pipeline";
import { reserveStatementName } from "./prepared-statements";

/**
 * A hot statement, turned into SQL text once at load time instead of on every request (building a
 * query is most of drizzle's cost per request), and run by the driver as a named prepared statement
 * (see `prepared-statements.ts`). `Values` names its parameters; `Row` is what each row holds.
 */
export type Statement<Values, Row> = {
  text: string;
  params: unknown[];
  /** Types only: what the statement takes and answers. */
  readonly shape?: { values: Values; row: Row };
};

/** One placeholder per parameter of a statement, for the fragments that build it. */
export type Placeholders<Values> = { [Key in keyof Values]: Placeholder<string & Key> };

/** SQL text and parameters as drizzle renders them for our schema. */
export const dialect = new PgDialect({ casing: "snake_case" });

/** Defines a statement; `build` receives one placeholder per parameter name. */
export function defineStatement<Values extends Record<string, unknown>, Row>(
  build: (parameters: Placeholders<Values>) => SQL,
): Statement<Values, Row> {
  const parameters = new Proxy({} as Placeholders<Values>, {
    get: (_, name) => sql.placeholder(String(name)),
  });
  const { sql: text, params } = dialect.sqlToQuery(build(parameters));
  reserveStatementName(text);
  return { text, params };
}

type Client = { query(text: string, params: unknown[]): Promise<{ rows: unknown[] }> };

/**
 * Runs a statement with its values, through the pipeline on Postgres, else the driver's client.
 * Rows come back as the driver types them (timestamps as Date, json parsed). Inside a transaction
 * use drizzle: this runs on the database itself, and refuses a transaction rather than run outside it.
 */
export async function runStatement<Values, Row>(
  db: Db,
  statement: Statement<Values, Row>,
  values: Values,
): Promise<Row[]> {
  const params = fillPlaceholders(statement.params, values as Record<string, unknown>);
  const pipeline = pipelineFor(db, params);
  if (pipeline) return (await pipeline.query({ text: statement.text, values: params })).rows as Row[];
  const client = (db as { $client?: Client }).$client;
  if (!client) throw new Error("runStatement runs on the database, not inside a transaction");
  return (await client.query(statement.text, params)).rows as Row[];
}
