import { type SQL, type SQLWrapper, sql } from "drizzle-orm";

/** A select list, `column as "key"` for each entry, so the rows come back named as the object's keys. */
export function selectColumns(columns: Record<string, SQLWrapper>): SQL {
  return sql.join(
    Object.entries(columns).map(([name, column]) => sql`${column} as ${sql.identifier(name)}`),
    sql`, `,
  );
}
