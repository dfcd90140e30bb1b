import { and, eq } from "drizzle-orm";
import type { MemberCaller } from "../auth/caller";
import type { Db } from "../db/client";
import { presence, type Thread } from "../db/schema";
import type { Deps } from "../deps";
import { notFound } from "../errors";
import { findThreadByRef } from "../threads/thread-lookup";
import { othersPresent } from "./others-present";
import { publishPresenceChange } from "./presence-events";
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
  const thread = await findThreadByRef(deps.db, caller.org.id, input.thread);
  if (!thread) throw notFound("thread");
  return markPresent(deps, caller, { ...input, thread });
}

/** Records the caller's presence on a thread of its org and answers the others present. */
export async function markPresent(deps: PresenceDeps, caller: MemberCaller, mark: Mark): Promise<Presence[]> {
  const now = deps.clock.now();
  await deps.db.transaction((tx) => upsertPresence(tx, caller, mark, now));
  await sweepPresenceOccasionally(deps, now);
  return othersPresent(deps.db, mark.thread.id, caller.member.id, now);
}

/** The caller leaves the thread on one client (only that activity, when given); answers the others. */
export async function leavePresence(
  deps: PresenceDeps,
  caller: MemberCaller,
  input: LeaveInput,
): Promise<Presence[]> {
  const thread = await findThreadByRef(deps.db, caller.org.id, input.thread);
  if (!thread) throw notFound("thread");
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
 * Upserts the caller's row. `since` survives while the same activity continues unexpired; only an
 * arrival or a change of activity is news to others, a heartbeat that merely extends expiry is not.
 */
async function upsertPresence(db: Db, caller: MemberCaller, mark: Mark, now: Date): Promise<void> {
  const key = { threadId: mark.thread.id, memberId: caller.member.id, client: mark.client };
  const [current] = await db
    .select({ activity: presence.activity, since: presence.since, expiresAt: presence.expiresAt })
    .from(presence)
    .where(
      and(
        eq(presence.threadId, key.threadId),
        eq(presence.memberId, key.memberId),
        eq(presence.client, key.client),
      ),
    )
    .for("update");
  const continues = current !== undefined && current.expiresAt > now && current.activity === mark.activity;
  const since = continues ? current.since : now;
  const expiresAt = new Date(now.getTime() + (mark.ttlSeconds ?? DEFAULT_TTL_SECONDS) * 1000);
  await db
    .insert(presence)
    .values({ ...key, orgId: mark.thread.orgId, activity: mark.activity, since, expiresAt })
    .onConflictDoUpdate({
      target: [presence.threadId, presence.memberId, presence.client],
      set: { activity: mark.activity, since, expiresAt },
    });
  if (continues) return;
  await publishPresenceChange(db, {
    ...changeOf(caller, mark.thread, mark.client),
    activity: mark.activity,
    since,
    expiresAt,
    reason: "heartbeat",
  });
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
