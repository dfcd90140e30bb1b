import { and, asc, desc, eq, gt, inArray, type SQL } from "drizzle-orm";
import { formatRef } from "../../../shared/src/subject-tag";
import type { Db } from "../db/client";
import { liveEvents, threads } from "../db/schema";
import type { LiveEventType } from "./publish";

/** A committed live event, its Server-Sent Events frame encoded once for every subscriber. */
export type LiveEvent = {
  id: number;
  orgId: string;
  threadId: string | null;
  type: LiveEventType;
  frame: Uint8Array;
};

const encoder = new TextEncoder();

/** What one stream follows: a whole org, or one thread of it. */
export type StreamScope = { orgId: string; threadId: string | null };

const eventColumns = {
  id: liveEvents.id,
  orgId: liveEvents.orgId,
  threadId: liveEvents.threadId,
  type: liveEvents.type,
  data: liveEvents.data,
  threadNumber: threads.number,
};

type EventRow = {
  id: number;
  orgId: string;
  threadId: string | null;
  type: LiveEventType;
  data: Record<string, unknown>;
  threadNumber: number | null;
};

// JSON.stringify escapes CR and LF inside strings, so the data always fits on one `data:` line
function toLiveEvent(row: EventRow): LiveEvent {
  const data = row.threadNumber === null ? row.data : { ...row.data, thread: formatRef(row.threadNumber) };
  const frame = encoder.encode(`event: ${row.type}\nid: ${row.id}\ndata: ${JSON.stringify(data)}\n\n`);
  return { id: row.id, orgId: row.orgId, threadId: row.threadId, type: row.type, frame };
}

async function selectEvents(db: Db, where: SQL | undefined, limit: number): Promise<LiveEvent[]> {
  const rows = await db
    .select(eventColumns)
    .from(liveEvents)
    .leftJoin(threads, eq(threads.id, liveEvents.threadId))
    .where(where)
    .orderBy(asc(liveEvents.id))
    .limit(limit);
  return rows.map(toLiveEvent);
}

/** The events named by their ids, limited to the given orgs (all orgs when `orgIds` is null). */
export function loadEventsById(db: Db, ids: number[], orgIds: string[] | null): Promise<LiveEvent[]> {
  const inOrgs = orgIds === null ? undefined : inArray(liveEvents.orgId, orgIds);
  return selectEvents(db, and(inArray(liveEvents.id, ids), inOrgs), ids.length);
}

/** The scope's events after `afterId` that are still kept, oldest first, at most `limit`. */
export function loadEventsAfter(
  db: Db,
  scope: StreamScope,
  afterId: number,
  limit: number,
): Promise<LiveEvent[]> {
  const inThread = scope.threadId === null ? undefined : eq(liveEvents.threadId, scope.threadId);
  return selectEvents(
    db,
    and(eq(liveEvents.orgId, scope.orgId), inThread, gt(liveEvents.id, afterId)),
    limit,
  );
}

/** The id of the org's newest kept event (0 when none): a stream opened later resumes after it. */
export async function latestEventId(db: Db, orgId: string): Promise<number> {
  const [row] = await db
    .select({ id: liveEvents.id })
    .from(liveEvents)
    .where(eq(liveEvents.orgId, orgId))
    .orderBy(desc(liveEvents.id))
    .limit(1);
  return row?.id ?? 0;
}
