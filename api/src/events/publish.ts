import { sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { queryRows } from "../db/query-rows";
import { liveEvents } from "../db/schema";
import { sqlJson } from "../db/sql-params";

export const EVENTS_CHANNEL = "tisket_events";

export type LiveEventType = "presence" | "thread" | "message" | "draft" | "note";
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
  const [row] = await queryRows<{ id: number }>(
    db,
    sql`with event as (
          insert into ${liveEvents} (org_id, thread_id, type, data)
          values (${event.orgId}, ${event.threadId}, ${event.type}, ${sqlJson(event.data)})
          returning id)
        select id::int as id, pg_notify(${EVENTS_CHANNEL}, id::text) from event`,
  );
  return row!.id;
}
