import { formatRef } from "../../../shared/src/subject-tag";
import type { Db } from "../db/client";
import type { PresenceEventData, PresenceReason } from "../events/payloads";
import { publishEvent } from "../events/publish";
import type { Person } from "../threads/summary";
import type { PresenceActivity, PresenceClient } from "./presence-types";

export type PresenceChange = {
  orgId: string;
  threadId: string;
  threadNumber: number;
  memberId: string;
  member: Person;
  client: PresenceClient;
  /** null: the member left this client's presence (or it expired) */
  activity: PresenceActivity | null;
  since: Date | null;
  expiresAt: Date | null;
  reason: PresenceReason;
};

/** Tells live subscribers that a presence others can see appeared, changed or ended. */
export async function publishPresenceChange(db: Db, change: PresenceChange): Promise<void> {
  await publishEvent(db, {
    orgId: change.orgId,
    threadId: change.threadId,
    type: "presence",
    data: presenceEventData(change),
  });
}

/** What a presence event says, the same wherever it is published from. */
export function presenceEventData(change: PresenceChange): PresenceEventData {
  return { ref: formatRef(change.threadNumber), ...presenceDetails(change) };
}

/** A presence event without its thread's `ref`, for a statement that adds the ref itself. */
export function presenceDetails(
  change: Omit<PresenceChange, "orgId" | "threadId" | "threadNumber">,
): Omit<PresenceEventData, "ref"> {
  return {
    memberId: change.memberId,
    member: change.member,
    client: change.client,
    activity: change.activity,
    since: change.since?.toISOString() ?? null,
    expiresAt: change.expiresAt?.toISOString() ?? null,
    reason: change.reason,
  };
}
