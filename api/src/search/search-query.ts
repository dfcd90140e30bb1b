import { type Placeholder, type SQL, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { defineStatement, runStatement } from "../db/statement";
import { badRequest } from "../errors";

/** Search text as people type it: words, "phrases", -word to leave out, or between words. */
export const MAX_QUERY_CHARS = 256;

/** The tsquery of search text, in SQL: `simple`, so names and any language match as typed. */
export function tsquerySql(q: SQL | Placeholder | string): SQL {
  return sql`websearch_to_tsquery('simple', ${q}::text)`;
}

// querytree keeps what an index can look up: '' when there is no word, 'T' when every word is negated
const treeStatement = defineStatement<{ q: string }, { tree: string }>(
  (p) => sql`select querytree(${tsquerySql(p.q)})::text as tree`,
);

/**
 * Refuses search text Postgres would find nothing (or everything) with: only operators or
 * punctuation, or only words to leave out. The database parses it, so the rule is its own.
 */
export async function checkSearchQuery(db: Db, q: string): Promise<void> {
  const [row] = await runStatement(db, treeStatement, { q });
  if (!row || row.tree === "") {
    throw badRequest('q: no word to search for ("-", "or" and quotes alone are operators)');
  }
  if (row.tree === "T") throw badRequest("q: only words to leave out (-word); add a word to search for");
}
