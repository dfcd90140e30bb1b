import { REF_PREFIX } from "../../../shared/src/subject-tag";
import type { MemberCaller } from "../auth/caller";
import type { Db } from "../db/client";
import { EVENTS_CHANNEL } from "../events/events.statements";
import { type MarkValues, recordHeartbeat } from "./presence.statements";
import { presenceDetails } from "./presence-events";
import {
  DEFAULT_TTL_SECONDS,
  type Presence,
  type PresenceActivity,
  type PresenceClient,
} from "./presence-types";

/** The caller's presence to record: what it is doing where, for how long. */
export type Mark = { client: PresenceClient; activity: PresenceActivity; ttlSeconds?: number | undefined };

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

/**
 * A heartbeat in one statement: records the caller on the org's thread `number` and answers the
 * others present, or null when the org has no such thread.
 */
export function markPresence(
  db: Db,
  caller: MemberCaller,
  number: number,
  mark: Mark,
  now: Date,
): Promise<Presence[] | null> {
  return recordHeartbeat(db, { ...markValues(caller, mark, now), number });
}
