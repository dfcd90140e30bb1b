import { sql } from "drizzle-orm";
import type { Db } from "./client";
import { queryRows } from "./query-rows";

/**
 * Answers once the database ran a statement, or throws (as unavailable) after `withinMs`: a health
 * check must answer in time even while the database stalls, when the statement itself would wait.
 */
export async function checkDatabase(db: Db, withinMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(new Error(`the database is not answering: no answer to a health check within ${withinMs} ms`)),
      withinMs,
    );
  });
  const check = queryRows(db, sql`select 1`);
  // the check may still fail after the deadline: its error has no one left to tell
  check.catch(() => undefined);
  try {
    await Promise.race([check, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
