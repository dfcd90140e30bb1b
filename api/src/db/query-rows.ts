import type { SQL } from "drizzle-orm";
import type { Db } from "./client";
import { type Decoding, decodeRows, dialect, rowsOf } from "./statement";

/**
 * Runs SQL built per call and returns its rows, as `runStatement` does a statement defined at load
 * time (see `statement.ts`): on the database or inside a transaction, date and time types as text
 * unless `decodeAs` names the schema column a field decodes as. Counts differ by driver: cast in SQL
 * (`::int`, `::text`) where it matters.
 */
export async function queryRows<Row>(db: Db, query: SQL, ...[decodeAs]: Decoding<Row>): Promise<Row[]> {
  const { sql: text, params } = dialect.sqlToQuery(query);
  return decodeRows<Row>(await rowsOf(db, text, params), decodeAs);
}
