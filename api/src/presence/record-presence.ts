import { and, eq, sql } from "drizzle-orm";
import type { MemberCaller } from "../auth/caller";
import type { Db } from "../db/client";
import { liveEvents, presence, type Thread } from "../db/schema";
import { sqlJson, sqlTimestamp } from "../db/sql-params";
import type { Deps } from "../deps";
import { EVENTS_CHANNEL } from "../events/publish";
import { requireThreadByRef } from "../threads/thread-lookup";
import { othersPresent } from "./others-present";
import { presenceEventData, publishPresenceChange } from "./presence-events";
import {
  DEFAULT_TTL_SECONDS,
  type LeaveInput,
  type Presence,
  type PresenceActivity,
  type PresenceClient,
  type PresenceInput,
} from "./presence-types";
import { sweepPresenceOccasionally } from "./sweep-presence";

export type PresenceDeps = Pick<Deps, "db" | "clock"> & Partial<Pick<Deps, "log">>;

type Mark = {
  thread: Pick<Thread, "id" | "orgId" | "number">;
  activity: PresenceActivity;
  client: PresenceClient;
  ttlSeconds?: number | undefined;
};

/** Heartbeat: the caller is in the thread `input.thread`; answers who else is there now. */
export async function recordPresence(
  deps: PresenceDeps,
  caller: MemberCaller,
  input: PresenceInput,
): Promise<Presence[]> {
  const thread = await requireThreadByRef(deps.db, caller.org.id, input.thread);
  return markPresent(deps, caller, { ...input, thread });
}

/** Records the caller's presence on a thread of its org and answers the others present. */
export async function markPresent(deps: PresenceDeps, caller: MemberCaller, mark: Mark): Promise<Presence[]> {
  const now = deps.clock.now();
  await upsertPresence(deps.db, caller, mark, now);
  await sweepPresenceOccasionally(deps, now);
  return othersPresent(deps.db, mark.thread.id, caller.member.id, now);
}

/** The caller leaves the thread on one client (only that activity, when given); answers the others. */
export async function leavePresence(
  deps: PresenceDeps,
  caller: MemberCaller,
  input: LeaveInput,
): Promise<Presence[]> {
  const thread = await requireThreadByRef(deps.db, caller.org.id, input.thread);
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const ended = await tx
      .delete(presence)
      .where(
        and(
          eq(presence.threadId, thread.id),
          eq(presence.memberId, caller.member.id),
          eq(presence.client, input.client),
          input.activity ? eq(presence.activity, input.activity) : undefined,
        ),
      )
      .returning({ activity: presence.activity });
    if (ended.length === 0) return;
    await publishPresenceChange(tx, {
      ...changeOf(caller, thread, input.client),
      activity: null,
      since: null,
      expiresAt: null,
      reason: "left",
    });
  });
  return othersPresent(deps.db, thread.id, caller.member.id, now);
}

/**
 * Upserts the caller's row in one statement. `since` survives while the same activity continues
 * unexpired; only an arrival or a change of activity is news to others (a live event), a heartbeat
 * that merely extends expiry is not. `previous` reads the statement's snapshot: the row as it was.
 */
async function upsertPresence(db: Db, caller: MemberCaller, mark: Mark, now: Date): Promise<void> {
  const expiresAt = new Date(now.getTime() + (mark.ttlSeconds ?? DEFAULT_TTL_SECONDS) * 1000);
  const change = presenceEventData({
    ...changeOf(caller, mark.thread, mark.client),
    activity: mark.activity,
    since: now,
    expiresAt,
    reason: "heartbeat",
  });
  await db.execute(
    sql`with previous as (
          select 1 from presence
          where thread_id = ${mark.thread.id} and member_id = ${caller.member.id} and client = ${mark.client}
            and activity = ${mark.activity} and expires_at > ${sqlTimestamp(now)}),
        upserted as (
          insert into presence (thread_id, member_id, client, org_id, activity, since, expires_at)
          values (${mark.thread.id}, ${caller.member.id}, ${mark.client}, ${mark.thread.orgId}, ${mark.activity},
            ${sqlTimestamp(now)}, ${sqlTimestamp(expiresAt)})
          on conflict (thread_id, member_id, client) do update set
            activity = excluded.activity,
            expires_at = excluded.expires_at,
            since = case when exists (select 1 from previous) then presence.since else excluded.since end
          returning 1),
        event as (
          insert into ${liveEvents} (org_id, thread_id, type, data)
          select ${mark.thread.orgId}, ${mark.thread.id}, 'presence', ${sqlJson(change)}
          from upserted where not exists (select 1 from previous)
          returning id)
        select pg_notify(${EVENTS_CHANNEL}, id::text) from event`,
  );
}

function changeOf(caller: MemberCaller, thread: Mark["thread"], client: PresenceClient) {
  return {
    orgId: thread.orgId,
    threadId: thread.id,
    threadNumber: thread.number,
    memberId: caller.member.id,
    member: { email: caller.member.email, name: caller.member.name },
    client,
  };
}
