import type { Db } from "../db/client";
import { countUnresolvedThreadRows } from "./inboxes.statements";

/** How many of an inbox's threads wait on someone: `open`, and `in_progress`. */
export type InboxThreadCounts = { openThreads: number; inProgressThreads: number };

/** Counts per inbox of the org, in one query; an inbox without such threads is left out (zero). */
export async function countUnresolvedThreads(db: Db, orgId: string): Promise<Map<string, InboxThreadCounts>> {
  const rows = await countUnresolvedThreadRows(db, orgId);
  const counts = new Map<string, InboxThreadCounts>();
  for (const row of rows) {
    const entry = counts.get(row.inboxId) ?? { openThreads: 0, inProgressThreads: 0 };
    if (row.status === "open") entry.openThreads = row.n;
    else entry.inProgressThreads = row.n;
    counts.set(row.inboxId, entry);
  }
  return counts;
}
