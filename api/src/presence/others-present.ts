import { and, asc, eq, gt, ne } from "drizzle-orm";
import type { Db } from "../db/client";
import { members, presence } from "../db/schema";
import type { Presence } from "./presence-types";

/** Who else is in the thread now: unexpired presence of every member but `memberId`, longest-present first. */
export async function othersPresent(
  db: Db,
  threadId: string,
  memberId: string,
  now: Date,
): Promise<Presence[]> {
  const rows = await db
    .select({
      email: members.email,
      name: members.name,
      activity: presence.activity,
      client: presence.client,
      since: presence.since,
      expiresAt: presence.expiresAt,
    })
    .from(presence)
    .innerJoin(members, eq(members.id, presence.memberId))
    .where(and(eq(presence.threadId, threadId), ne(presence.memberId, memberId), gt(presence.expiresAt, now)))
    .orderBy(asc(presence.since), asc(members.email), asc(presence.client));
  return rows.map((row) => ({
    member: { email: row.email, name: row.name },
    activity: row.activity,
    client: row.client,
    since: row.since.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
  }));
}
