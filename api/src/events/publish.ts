import { sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { liveEvents } from "../db/schema";

export const EVENTS_CHANNEL = "tisket_events";

export type LiveEventType = "presence" | "thread" | "message";
export type LiveEventInput = {
  orgId: string;
  threadId: string | null;
  type: LiveEventType;
  data: Record<string, unknown>;
};

/**
 * Records a live event and wakes every API instance. Called inside the transaction that made the
 * change, so subscribers hear of it only once it is committed.
 */
export async function publishEvent(db: Db, event: LiveEventInput): Promise<number> {
  const [row] = await db.insert(liveEvents).values(event).returning({ id: liveEvents.id });
  const id = row!.id;
  await db.execute(sql`select pg_notify(${EVENTS_CHANNEL}, ${String(id)})`);
  return id;
}
