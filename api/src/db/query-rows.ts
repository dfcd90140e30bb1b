import type { SQL } from "drizzle-orm";
import type { Db } from "./client";

/**
 * Runs raw SQL and returns its rows. All three drivers answer `execute` with `{ rows }`, but the
 * driver-neutral `Db` type cannot say so; this is the one place that cast lives. Timestamps come
 * back as strings and counts differ by driver: cast in SQL (`::int`, `::text`) where it matters.
 */
export async function queryRows<Row>(db: Db, query: SQL): Promise<Row[]> {
  const result = (await db.execute(query)) as unknown as { rows: Row[] };
  return result.rows;
}
