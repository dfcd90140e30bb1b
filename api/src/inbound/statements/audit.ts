import type { Db } from "../../db/client";
import { auditLog } from "../../db/schema";

/**
 * A stranger quoted another thread's tag: a new thread was started instead, linked to the quoted
 * one, and the org's audit log says so.
 */
export async function recordUntrustedTag(
  db: Db,
  entry: { orgId: string; sender: string; quoted: string; quotedThreadId: string; startedInstead: string },
): Promise<void> {
  await db.insert(auditLog).values({
    orgId: entry.orgId,
    kind: "thread_tag_not_trusted",
    actor: entry.sender,
    detail: {
      sender: entry.sender,
      quoted: entry.quoted,
      quotedThreadId: entry.quotedThreadId,
      startedInstead: entry.startedInstead,
    },
  });
}
