import type { z } from "@hono/zod-openapi";
import { and, asc, desc, eq, gt, inArray, type SQL, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { columnName } from "../db/column-name";
import { queryRows } from "../db/query-rows";
import { liveEvents, type Member, members, type Org, orgs, threads } from "../db/schema";
import { sqlJson } from "../db/sql-params";
import { type LiveEventData, type LiveEventType, liveEventSchemas } from "./payloads";

/** The channel NOTIFY wakes every API instance on, with the new live event's id. */
export const EVENTS_CHANNEL = "tisket_events";

/** A live event as recorded; its `data` is whatever the publisher said. */
export type LiveEventRow = {
  orgId: string;
  threadId: string | null;
  type: LiveEventType;
  data: Record<string, unknown>;
};

const eventId = columnName(liveEvents.id);
const insertedColumns = sql.join(
  [liveEvents.orgId, liveEvents.threadId, liveEvents.type, liveEvents.data].map(columnName),
  sql`, `,
);

/** Records a live event and notifies EVENTS_CHANNEL of it (delivered when the transaction commits). */
export async function insertLiveEvent(db: Db, event: LiveEventRow): Promise<number> {
  const [row] = await queryRows<{ id: number }>(
    db,
    sql`with event as (
          insert into ${liveEvents} (${insertedColumns})
          values (${event.orgId}, ${event.threadId}, ${event.type}, ${sqlJson(event.data)})
          returning ${eventId})
        select ${eventId}::int as id, pg_notify(${EVENTS_CHANNEL}, ${eventId}::text) from event`,
  );
  return row!.id;
}

/** A kept live event with the number of its thread (null: an org-wide event, or the thread is gone). */
export type StoredLiveEvent = LiveEventRow & { id: number; threadNumber: number | null };

const eventColumns = {
  id: liveEvents.id,
  orgId: liveEvents.orgId,
  threadId: liveEvents.threadId,
  type: liveEvents.type,
  data: liveEvents.data,
  threadNumber: threads.number,
};

async function selectEvents(db: Db, where: SQL | undefined, limit: number): Promise<StoredLiveEvent[]> {
  const rows = await db
    .select(eventColumns)
    .from(liveEvents)
    .leftJoin(threads, eq(threads.id, liveEvents.threadId))
    .where(where)
    .orderBy(asc(liveEvents.id))
    .limit(limit);
  return rows;
}

/** The events named by their ids, limited to the given orgs (all orgs when `orgIds` is null). */
export function selectEventsById(db: Db, ids: number[], orgIds: string[] | null): Promise<StoredLiveEvent[]> {
  const inOrgs = orgIds === null ? undefined : inArray(liveEvents.orgId, orgIds);
  return selectEvents(db, and(inArray(liveEvents.id, ids), inOrgs), ids.length);
}

/** The org's (or one thread's) events after `afterId` that are still kept, oldest first, at most `limit`. */
export function selectEventsAfter(
  db: Db,
  scope: { orgId: string; threadId: string | null },
  afterId: number,
  limit: number,
): Promise<StoredLiveEvent[]> {
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

/** Deletes live events recorded before `before`; answers how many went. */
export async function pruneLiveEvents(db: Db, before: Date): Promise<number> {
  const [row] = await queryRows<{ deleted: number }>(
    db,
    sql`with gone as (delete from ${liveEvents} where ${liveEvents.at} < ${before.toISOString()} returning 1)
        select count(*)::int as deleted from gone`,
  );
  return row?.deleted ?? 0;
}

/** The member a stream ticket names, with their org, while they are still in it. */
export async function findTicketHolder(
  db: Db,
  ticket: { memberId: string; orgId: string },
): Promise<{ member: Member; org: Org } | null> {
  const [found] = await db
    .select({ member: members, org: orgs })
    .from(members)
    .innerJoin(orgs, eq(orgs.id, members.orgId))
    .where(and(eq(members.id, ticket.memberId), eq(members.orgId, ticket.orgId)))
    .limit(1);
  return found ?? null;
}

/** SQL giving a value for each key of an object schema: optional keys may be left out. */
export type JsonbValues<Shape> = { [K in keyof Shape]: SQL };

// the keys come from our own schemas; checked anyway, since they are written into the SQL text
const JSON_KEY = /^[A-Za-z][A-Za-z0-9_]*$/;

/**
 * `jsonb_build_object` over the keys of `schema`, in the schema's order, with the SQL given for
 * each: a payload built in SQL has the keys the schema says, no more and no fewer.
 */
export function jsonbObjectSql<S extends z.ZodObject>(schema: S, values: JsonbValues<z.infer<S>>): SQL {
  const given = values as Record<string, SQL | undefined>;
  const pairs = Object.keys(schema.shape).flatMap((key) => {
    const value = given[key];
    if (value === undefined) return [];
    if (!JSON_KEY.test(key)) throw new Error(`not a plain JSON key: ${key}`);
    return [sql`${sql.raw(`'${key}'`)}, ${value}`];
  });
  return sql`jsonb_build_object(${sql.join(pairs, sql`, `)})`;
}

/** The payload of a live event of `type` built in SQL, keyed as its schema says. */
export function liveEventDataSql<T extends LiveEventType>(
  type: T,
  values: JsonbValues<LiveEventData<T>>,
): SQL {
  return jsonbObjectSql(liveEventSchemas[type], values);
}
