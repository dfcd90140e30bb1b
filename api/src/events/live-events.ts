import { formatRef } from "../../../shared/src/subject-tag";
import type { Db } from "../db/client";
import { type StoredLiveEvent, selectEventsAfter, selectEventsById } from "./events.statements";
import type { LiveEventType } from "./payloads";

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

// JSON.stringify escapes CR and LF inside strings, so the data always fits on one `data:` line
function toLiveEvent(row: StoredLiveEvent): LiveEvent {
  const data = row.threadNumber === null ? row.data : { ...row.data, thread: formatRef(row.threadNumber) };
  const frame = encoder.encode(`event: ${row.type}\nid: ${row.id}\ndata: ${JSON.stringify(data)}\n\n`);
  return { id: row.id, orgId: row.orgId, threadId: row.threadId, type: row.type, frame };
}

/** The events named by their ids, limited to the given orgs (all orgs when `orgIds` is null). */
export async function loadEventsById(db: Db, ids: number[], orgIds: string[] | null): Promise<LiveEvent[]> {
  return (await selectEventsById(db, ids, orgIds)).map(toLiveEvent);
}

/** The scope's events after `afterId` that are still kept, oldest first, at most `limit`. */
export async function loadEventsAfter(
  db: Db,
  scope: StreamScope,
  afterId: number,
  limit: number,
): Promise<LiveEvent[]> {
  return (await selectEventsAfter(db, scope, afterId, limit)).map(toLiveEvent);
}
