import type { SQL } from "drizzle-orm";
import pg from "pg";
import type { Db } from "./client";
import { hasPipeline, pipelineFor } from "./pipeline";
import { dialect } from "./statement";

// as drizzle's own node-postgres driver reads them: date and time types stay text
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

/**
 * Runs raw SQL and returns its rows. All three drivers answer `execute` with `{ rows }`, but the
 * driver-neutral `Db` type cannot say so; this is the one place that cast lives. Timestamps come
 * back as strings and counts differ by driver: cast in SQL (`::int`, `::text`) where it matters.
 * Outside a transaction on Postgres, the statement takes the pipeline (see `pipeline.ts`).
 */
export async function queryRows<Row>(db: Db, query: SQL): Promise<Row[]> {
  if (hasPipeline(db)) {
    const { sql: text, params } = dialect.sqlToQuery(query);
    const pipeline = pipelineFor(db, params);
    if (pipeline) return (await pipeline.query({ text, values: params, types: drizzleTypes })).rows as Row[];
  }
  const result = (await db.execute(query)) as unknown as { rows: Row[] };
  return result.rows;
}
