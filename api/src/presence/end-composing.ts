import { and, eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { type Member, presence, type Thread } from "../db/schema";
import { publishPresenceChange } from "./presence-events";

/** A member's reply landed in the thread: they are no longer composing it, on any client. */
export async function endComposing(db: Db, thread: Thread, member: Member): Promise<void> {
  const ended = await db
    .delete(presence)
    .where(
      and(
        eq(presence.threadId, thread.id),
        eq(presence.memberId, member.id),
        eq(presence.activity, "composing"),
      ),
    )
    .returning({ client: presence.client });
  for (const { client } of ended) {
    await publishPresenceChange(db, {
      orgId: thread.orgId,
      threadId: thread.id,
      threadNumber: thread.number,
      memberId: member.id,
      member: { email: member.email, name: member.name },
      client,
      activity: null,
      since: null,
      expiresAt: null,
      reason: "replied",
    });
  }
}
