import type { Db } from "../db/client";
import { badRequest } from "../errors";
import { selectQueryTree } from "./statements/query";

/** Search text as people type it: words, "phrases", -word to leave out, or between words. */
export const MAX_QUERY_CHARS = 256;

/**
 * Refuses search text Postgres would find nothing (or everything) with: only operators or
 * punctuation, or only words to leave out. The database parses it, so the rule is its own.
 */
export async function checkSearchQuery(db: Db, q: string): Promise<void> {
  const tree = await selectQueryTree(db, q);
  if (tree === undefined || tree === "") {
    throw badRequest('q: no word to search for ("-", "or" and quotes alone are operators)');
  }
  if (tree === "T") throw badRequest("q: only words to leave out (-word); add a word to search for");
}
