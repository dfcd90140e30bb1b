import { type SQL, sql } from "drizzle-orm";
import { REF_PREFIX } from "../../../shared/src/subject-tag";
import type { MemberCaller } from "../auth/caller";
import type { Db } from "../db/client";
import { defineStatement, type Placeholders, runStatement } from "../db/statement";
import { EVENTS_CHANNEL } from "../events/publish";
import { othersSql } from "./others-present";
import { presenceDetails } from "./presence-events";
import {
  DEFAULT_TTL_SECONDS,
  type Presence,
  type PresenceActivity,
  type PresenceClient,
} from "./presence-types";

/** The caller's presence to record: what it is doing where, for how long. */
export type Mark = { client: PresenceClient; activity: PresenceActivity; ttlSeconds?: number | undefined };

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

/** The values of `markPresenceSql` for the caller's mark at `now`. */
export function markValues(caller: MemberCaller, mark: Mark, now: Date): MarkValues {
  const expiresAt = new Date(now.getTime() + (mark.ttlSeconds ?? DEFAULT_TTL_SECONDS) * 1000);
  const event = presenceDetails({
    memberId: caller.member.id,
    member: { email: caller.member.email, name: caller.member.name },
    client: mark.client,
    activity: mark.activity,
    since: now,
    expiresAt,
    reason: "heartbeat",
  });
  return {
    org: caller.org.id,
    member: caller.member.id,
    client: mark.client,
    activity: mark.activity,
    now: now.toISOString(),
    expiresAt: expiresAt.toISOString(),
    event: JSON.stringify(event),
    refPrefix: REF_PREFIX,
    channel: EVENTS_CHANNEL,
  };
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
 * A heartbeat in one statement: records the caller on the org's thread `number` and answers the
 * others present, or null when the org has no such thread.
 */
export async function markPresence(
  db: Db,
  caller: MemberCaller,
  number: number,
  mark: Mark,
  now: Date,
): Promise<Presence[] | null> {
  const [row] = await runStatement(db, heartbeatStatement, { ...markValues(caller, mark, now), number });
  return row?.presence ?? null;
}
