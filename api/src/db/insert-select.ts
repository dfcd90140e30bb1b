import { type Column, getTableColumns, type SQL, sql, type Table } from "drizzle-orm";
import { columnName } from "./column-name";

/** What each column of a row gets: a value (sent as a parameter) or SQL (a CTE's column, say). */
export type InsertValues<T extends Table> = { [Key in keyof T["$inferInsert"]]?: unknown };

/**
 * `insert into <table> (<columns>) select <values>`, for a data-modifying CTE to finish with its
 * `from`/`returning`. The columns are named by the schema's keys (`{ orgId: … }`), so a renamed
 * or mistyped column fails the type-check instead of the statement at run time.
 */
export function insertSelect<T extends Table>(table: T, values: InsertValues<T>): SQL {
  const columns = getTableColumns(table) as Record<string, Column>;
  const entries = Object.entries(values);
  const names = entries.map(([key]) => columnName(columns[key]!));
  return sql`insert into ${table} (${sql.join(names, sql`, `)}) select ${sql.join(
    entries.map(([, value]) => sql`${value}`),
    sql`, `,
  )}`;
}
