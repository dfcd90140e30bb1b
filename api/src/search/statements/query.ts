import { type Placeholder, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { defineStatement, runStatement } from "../../db/statement";

/** The tsquery of search text, in SQL: `simple`, so names and any language match as typed. */
export function tsquerySql(q: SQL | Placeholder | string): SQL {
  return sql`websearch_to_tsquery('simple', ${q}::text)`;
}

// querytree keeps what an index can look up: '' when there is no word, 'T' when every word is negated
const treeStatement = defineStatement<{ q: string }, { tree: string }>(
  (p) => sql`select querytree(${tsquerySql(p.q)})::text as tree`,
);

/** What of the search text an index can look up, as Postgres parses it (see `treeStatement`). */
export async function selectQueryTree(db: Db, q: string): Promise<string | undefined> {
  const [row] = await runStatement(db, treeStatement, { q });
  return row?.tree;
}
