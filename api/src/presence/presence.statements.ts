import { and, type Column, eq, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "../db/client";
import { columnName } from "../db/column-name";
import { insertSelect } from "../db/insert-select";
import { queryRows } from "../db/query-rows";
import { liveEvents, members, presence, threads } from "../db/schema";
import { defineStatement, type Placeholders, runStatement } from "../db/statement";
import { jsonbObjectSql, liveEventDataSql } from "../events/events.statements";
import { PresenceEventSchema, type PresenceReason } from "../events/payloads";
import { PersonSchema } from "../http/openapi";
import type { Presence, PresenceActivity, PresenceClient } from "./presence-types";

const iso = (column: Column) => sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const m = alias(members, "m");
const t = alias(threads, "t");

/** The JSON list of `presence` rows (joined with their member `m`) as `Presence[]`, longest-present first. */
const presenceListSql = sql`coalesce(jsonb_agg(jsonb_build_object(
    'member', jsonb_build_object('email', ${m.email}, 'name', ${m.name}),
    'activity', ${presence.activity}, 'client', ${presence.client},
    'since', ${iso(presence.since)}, 'expiresAt', ${iso(presence.expiresAt)})
  order by ${presence.since}, ${m.email}, ${presence.client}), '[]'::jsonb)`;

/**
 * A CTE `others`: in its one row, `presence` lists who else is in the thread of the CTE `found`
 * now (unexpired presence of every member but `member`), longest-present first.
 */
export function othersSql(p: Placeholders<{ member: string; now: string }>): SQL {
  return sql`
    others as (
      select ${presenceListSql} as presence
      from found
      join ${presence} on ${presence.threadId} = found.id
      join ${members} ${m} on ${m.id} = ${presence.memberId}
      where ${presence.memberId} <> ${p.member} and ${presence.expiresAt} > ${p.now}::timestamptz)`;
}

const othersStatement = defineStatement<
  { thread: string; member: string; now: string },
  { presence: Presence[] }
>(
  (p) => sql`
    with found as (select ${p.thread}::uuid as id),
    ${othersSql(p)}
    select presence from others`,
);

/** Who else is in the thread now: unexpired presence of every member but `memberId`, longest-present first. */
export async function othersPresent(
  db: Db,
  threadId: string,
  memberId: string,
  now: Date,
): Promise<Presence[]> {
  const [row] = await runStatement(db, othersStatement, {
    thread: threadId,
    member: memberId,
    now: now.toISOString(),
  });
  return row?.presence ?? [];
}

const byThreadStatement = defineStatement<
  { org: string; numbers: string; member: string; now: string },
  { number: number; presence: Presence[] }
>(
  (p) => sql`
    select ${t.number}, ${presenceListSql} as presence
    from ${threads} ${t}
    join ${presence} on ${presence.threadId} = ${t.id}
    join ${members} ${m} on ${m.id} = ${presence.memberId}
    where ${t.orgId} = ${p.org}
      and ${t.number} in (select jsonb_array_elements_text(${p.numbers}::jsonb)::int)
      and ${presence.memberId} <> ${p.member} and ${presence.expiresAt} > ${p.now}::timestamptz
    group by ${t.number}`,
);

/** Who else is in each of the org's threads numbered `numbers` now, by thread number (a list page's worth). */
export async function othersPresentByThread(
  db: Db,
  orgId: string,
  numbers: readonly number[],
  memberId: string,
  now: Date,
): Promise<Map<number, Presence[]>> {
  if (numbers.length === 0) return new Map();
  const rows = await runStatement(db, byThreadStatement, {
    org: orgId,
    numbers: JSON.stringify(numbers),
    member: memberId,
    now: now.toISOString(),
  });
  return new Map(rows.map((row) => [row.number, row.presence]));
}

/** The parameters of `markPresenceSql`. */
export type MarkValues = {
  org: string;
  member: string;
  client: string;
  activity: string;
  now: string;
  expiresAt: string;
  event: string;
  refPrefix: string;
  channel: string;
};

/**
 * CTEs that record the caller's presence on the thread in a CTE named `found` (id, org_id, number;
 * none: nothing is recorded) and read the others there: `others.presence` is their JSON list, and
 * `notified` must be read by the statement for the live event to go out. `since` survives while the
 * same activity continues unexpired; only an arrival or a change of activity is news to others (a
 * live event). `previous` reads the statement's snapshot: the caller's row as it was.
 */
export function markPresenceSql(p: Placeholders<MarkValues>): SQL {
  const name = {
    threadId: columnName(presence.threadId),
    activity: columnName(presence.activity),
    since: columnName(presence.since),
    expiresAt: columnName(presence.expiresAt),
  };
  const found = {
    orgId: sql`found.${columnName(threads.orgId)}`,
    number: sql`found.${columnName(threads.number)}`,
  };
  const eventId = columnName(liveEvents.id);
  return sql`
    previous as (
      select 1 from ${presence}, found
      where ${presence.threadId} = found.id and ${presence.memberId} = ${p.member}
        and ${presence.client} = ${p.client} and ${presence.activity} = ${p.activity} and ${presence.expiresAt} > ${p.now}::timestamptz),
    upserted as (
      ${insertSelect(presence, {
        threadId: sql`found.id`,
        memberId: p.member,
        client: p.client,
        orgId: found.orgId,
        activity: p.activity,
        since: sql`${p.now}::timestamptz`,
        expiresAt: sql`${p.expiresAt}::timestamptz`,
      })}
      from found
      on conflict (${name.threadId}, ${columnName(presence.memberId)}, ${columnName(presence.client)})
      do update set
        ${name.activity} = excluded.${name.activity},
        ${name.expiresAt} = excluded.${name.expiresAt},
        ${name.since} = case when exists (select 1 from previous) then ${presence.since}
          else excluded.${name.since} end
      returning ${name.threadId}),
    event as (
      ${insertSelect(liveEvents, {
        orgId: found.orgId,
        threadId: sql`found.id`,
        type: sql`'presence'`,
        data: sql`${p.event}::jsonb || jsonb_build_object('ref', ${p.refPrefix}::text || ${found.number})`,
      })}
      from found join upserted on upserted.${name.threadId} = found.id
      where not exists (select 1 from previous)
      returning ${eventId}),
    notified as (select pg_notify(${p.channel}, ${eventId}::text) from event),
    ${othersSql(p)}`;
}

/** A CTE `found`: the org's thread with the number. */
export function foundByNumberSql(p: Placeholders<{ org: string; number: number | null }>): SQL {
  return sql`found as (
    select ${threads.id}, ${threads.orgId}, ${threads.number} from ${threads}
    where ${threads.orgId} = ${p.org} and ${threads.number} = ${p.number}::int)`;
}

const heartbeatStatement = defineStatement<MarkValues & { number: number }, { presence: Presence[] }>(
  (p) => sql`
    with ${foundByNumberSql(p)},
    ${markPresenceSql(p)}
    select (select presence from others) as presence, (select count(*)::int from notified) as notified
    from found`,
);

/**
 * A heartbeat in one statement: records the mark on the org's thread `number` and answers the
 * others present, or null when the org has no such thread.
 */
export async function recordHeartbeat(
  db: Db,
  values: MarkValues & { number: number },
): Promise<Presence[] | null> {
  const [row] = await runStatement(db, heartbeatStatement, values);
  return row?.presence ?? null;
}

/** The caller's presence on one client of a thread (only `activity`, when given). */
export type PresenceKey = {
  threadId: string;
  memberId: string;
  client: PresenceClient;
  activity?: PresenceActivity | undefined;
};

/** Deletes the presence; answers whether there was any. */
export async function deletePresence(db: Db, key: PresenceKey): Promise<boolean> {
  const ended = await db
    .delete(presence)
    .where(
      and(
        eq(presence.threadId, key.threadId),
        eq(presence.memberId, key.memberId),
        eq(presence.client, key.client),
        key.activity ? eq(presence.activity, key.activity) : undefined,
      ),
    )
    .returning({ activity: presence.activity });
  return ended.length > 0;
}

/** A presence the sweep deleted, with its thread's number and its member (null: deleted since). */
export type SweptPresence = {
  orgId: string;
  threadId: string;
  memberId: string;
  client: PresenceClient;
  number: number | null;
  email: string | null;
  name: string | null;
};

// the sweep's rows: `due` and `gone` are its CTEs, read by their columns' names
const swept = alias(presence, "p");
const due = {
  threadId: sql`due.${columnName(presence.threadId)}`,
  memberId: sql`due.${columnName(presence.memberId)}`,
  client: sql`due.${columnName(presence.client)}`,
};
const gone = {
  orgId: sql`gone.${columnName(presence.orgId)}`,
  threadId: sql`gone.${columnName(presence.threadId)}`,
  memberId: sql`gone.${columnName(presence.memberId)}`,
  client: sql`gone.${columnName(presence.client)}`,
};

/**
 * Deletes at most `batch` presence rows that expired by `now`, the longest expired first. Rows a
 * concurrent heartbeat holds are skipped, so two instances sweeping at once do not collide.
 */
export function deleteExpiredPresence(db: Db, now: Date, batch: number): Promise<SweptPresence[]> {
  return queryRows<SweptPresence>(
    db,
    sql`with due as (
          select ${presence.threadId}, ${presence.memberId}, ${presence.client} from ${presence}
          where ${presence.expiresAt} <= ${now.toISOString()}::timestamptz
          order by ${presence.expiresAt}
          limit ${batch}
          for update skip locked
        ), gone as (
          delete from ${presence} ${swept} using due
          where ${swept.threadId} = ${due.threadId} and ${swept.memberId} = ${due.memberId}
            and ${swept.client} = ${due.client}
          returning ${swept.orgId}, ${swept.threadId}, ${swept.memberId}, ${swept.client}
        )
        select ${gone.orgId} as "orgId", ${gone.threadId} as "threadId", ${gone.memberId} as "memberId",
               ${gone.client}, ${t.number}, ${m.email}, ${m.name}
        from gone
        left join ${threads} ${t} on ${t.id} = ${gone.threadId}
        left join ${members} ${m} on ${m.id} = ${gone.memberId}`,
  );
}

/** SQL for the parts of an ended presence's live event that a statement knows. */
export type PresenceEndedSql = {
  ref: SQL;
  memberId: SQL;
  member: { email: SQL; name: SQL };
  client: SQL;
  reason: Exclude<PresenceReason, "heartbeat">;
};

/**
 * The payload of the live event saying a presence ended, built in SQL with the keys of its schema:
 * what `presenceEventData` builds for the same change, for a statement that ends presence itself.
 */
export function presenceEndedEventSql(ended: PresenceEndedSql): SQL {
  const reason = PresenceEventSchema.shape.reason.parse(ended.reason);
  return liveEventDataSql("presence", {
    ref: ended.ref,
    memberId: ended.memberId,
    member: jsonbObjectSql(PersonSchema, ended.member),
    client: ended.client,
    activity: sql`null`,
    since: sql`null`,
    expiresAt: sql`null`,
    // one of the schema's fixed words, parsed above: safe to write into the SQL text
    reason: sql.raw(`'${reason}'`),
  });
}
