import { type Column, getTableColumns, type SQL, sql, type Table } from "drizzle-orm";
import { columnName } from "./column-name";
import type { InsertValues } from "./insert-select";

/**
 * An update's `set` list, the columns named by the schema's keys (`{ messageCount: … }`): a value
 * (sent as a parameter) or SQL for each, so a renamed column fails the type-check, not the statement.
 */
export function setColumns<T extends Table>(table: T, values: InsertValues<T>): SQL {
  const columns = getTableColumns(table) as Record<string, Column>;
  const pairs = Object.entries(values).map(([key, value]) => sql`${columnName(columns[key]!)} = ${value}`);
  return sql.join(pairs, sql`, `);
}
