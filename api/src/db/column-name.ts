import { type Column, type SQL, sql } from "drizzle-orm";
import { dialect } from "./statement";

// the dialect's own casing of a column's name: the schema names columns by their keys only
const { casing } = dialect as unknown as { casing: { getColumnCasing(column: Column): string } };

/**
 * A column's own name, unqualified: where Postgres takes no table name (an update's `set`, an
 * insert's column list, a CTE's `returning` read by name). Elsewhere write the column itself
 * (`${threads.orgId}`, or `${t.orgId}` of `alias(threads, "t")` after `from ${threads} ${t}`).
 */
export function columnName(column: Column): SQL {
  return sql`${sql.identifier(casing.getColumnCasing(column))}`;
}
