import { and, eq, type SQL, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { queryRows } from "../db/query-rows";
import { presence } from "../db/schema";
import { defineStatement, type Placeholders, runStatement } from "../db/statement";
import { jsonbObjectSql, liveEventDataSql } from "../events/events.statements";
import { PresenceEventSchema, type PresenceReason } from "../events/payloads";
import { PersonSchema } from "../http/openapi";
import type { Presence, PresenceActivity, PresenceClient } from "./presence-types";

const iso = (column: string) =>
  sql.raw(`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);

/** The JSON list of `presence` rows (joined with their member `m`) as `Presence[]`, longest-present first. */
const presenceListSql = sql`coalesce(jsonb_agg(jsonb_build_object(
    'member', jsonb_build_object('email', m.email, 'name', m.name),
    'activity', presence.activity, 'client', presence.client,
    'since', ${iso("presence.since")}, 'expiresAt', ${iso("presence.expires_at")})
  order by presence.since, m.email, presence.client), '[]'::jsonb)`;

/**
 * A CTE `others`: in its one row, `presence` lists who else is in the thread of the CTE `found`
 * now (unexpired presence of every member but `member`), longest-present first.
 */
export function othersSql(p: Placeholders<{ member: string; now: string }>): SQL {
  return sql`
    others as (
      select ${presenceListSql} as presence
      from found
      join presence on presence.thread_id = found.id
      join members m on m.id = presence.member_id
      where presence.member_id <> ${p.member} and presence.expires_at > ${p.now}::timestamptz)`;
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
    select t.number, ${presenceListSql} as presence
    from threads t
    join presence on presence.thread_id = t.id
    join members m on m.id = presence.member_id
    where t.org_id = ${p.org} and t.number in (select jsonb_array_elements_text(${p.numbers}::jsonb)::int)
      and presence.member_id <> ${p.member} and presence.expires_at > ${p.now}::timestamptz
    group by t.number`,
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
  return sql`
    previous as (
      select 1 from presence, found
      where presence.thread_id = found.id and member_id = ${p.member} and client = ${p.client}
        and activity = ${p.activity} and expires_at > ${p.now}::timestamptz),
    upserted as (
      insert into presence (thread_id, member_id, client, org_id, activity, since, expires_at)
      select found.id, ${p.member}, ${p.client}, found.org_id, ${p.activity}, ${p.now}::timestamptz,
        ${p.expiresAt}::timestamptz
      from found
      on conflict (thread_id, member_id, client) do update set
        activity = excluded.activity,
        expires_at = excluded.expires_at,
        since = case when exists (select 1 from previous) then presence.since else excluded.since end
      returning thread_id),
    event as (
      insert into live_events (org_id, thread_id, type, data)
      select found.org_id, found.id, 'presence',
        ${p.event}::jsonb || jsonb_build_object('ref', ${p.refPrefix}::text || found.number)
      from found join upserted on upserted.thread_id = found.id
      where not exists (select 1 from previous)
      returning id),
    notified as (select pg_notify(${p.channel}, id::text) from event),
    ${othersSql(p)}`;
}

/** A CTE `found`: the org's thread with the number. */
export function foundByNumberSql(p: Placeholders<{ org: string; number: number | null }>): SQL {
  return sql`found as (select id, org_id, number from threads where org_id = ${p.org} and number = ${p.number}::int)`;
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

/**
 * Deletes at most `batch` presence rows that expired by `now`, the longest expired first. Rows a
 * concurrent heartbeat holds are skipped, so two instances sweeping at once do not collide.
 */
export function deleteExpiredPresence(db: Db, now: Date, batch: number): Promise<SweptPresence[]> {
  return queryRows<SweptPresence>(
    db,
    sql`with due as (
          select thread_id, member_id, client from presence
          where expires_at <= ${now.toISOString()}::timestamptz
          order by expires_at
          limit ${batch}
          for update skip locked
        ), gone as (
          delete from presence p using due
          where p.thread_id = due.thread_id and p.member_id = due.member_id and p.client = due.client
          returning p.org_id, p.thread_id, p.member_id, p.client
        )
        select gone.org_id as "orgId", gone.thread_id as "threadId", gone.member_id as "memberId",
               gone.client, t.number, m.email, m.name
        from gone
        left join threads t on t.id = gone.thread_id
        left join members m on m.id = gone.member_id`,
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
