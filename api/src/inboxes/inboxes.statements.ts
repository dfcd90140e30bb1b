import { and, count, eq, inArray } from "drizzle-orm";
import type { Db } from "../db/client";
import { type Thread, threads } from "../db/schema";

export type UnresolvedCountRow = { inboxId: string; status: Thread["status"]; n: number };

/** How many of the org's threads are `open` and `in_progress`, per inbox and status, in one query. */
export function countUnresolvedThreadRows(db: Db, orgId: string): Promise<UnresolvedCountRow[]> {
  return db
    .select({ inboxId: threads.inboxId, status: threads.status, n: count() })
    .from(threads)
    .where(and(eq(threads.orgId, orgId), inArray(threads.status, ["open", "in_progress"])))
    .groupBy(threads.inboxId, threads.status);
}
