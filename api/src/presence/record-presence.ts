import { parseRef } from "../../../shared/src/subject-tag";
import type { MemberCaller } from "../auth/caller";
import type { Thread } from "../db/schema";
import type { Deps } from "../deps";
import { notFound } from "../errors";
import { requireThreadByRef } from "../threads/thread-lookup";
import { markPresence } from "./mark-presence";
import { deletePresence, othersPresent } from "./presence.statements";
import { publishPresenceChange } from "./presence-events";
import type { LeaveInput, Presence, PresenceClient, PresenceInput } from "./presence-types";
import { sweepPresenceOccasionally } from "./sweep-presence";

export type PresenceDeps = Pick<Deps, "db" | "clock" | "log" | "lastSweptAt">;

/** Heartbeat: the caller is in the thread `input.thread`; answers who else is there now. */
export async function recordPresence(
  deps: PresenceDeps,
  caller: MemberCaller,
  input: PresenceInput,
): Promise<Presence[]> {
  const number = parseRef(input.thread);
  const now = deps.clock.now();
  const others = number === null ? null : await markPresence(deps.db, caller, number, input, now);
  if (!others) throw notFound("thread");
  await sweepPresenceOccasionally(deps, now);
  return others;
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
    const ended = await deletePresence(tx, {
      threadId: thread.id,
      memberId: caller.member.id,
      client: input.client,
      activity: input.activity,
    });
    if (!ended) return;
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

function changeOf(
  caller: MemberCaller,
  thread: Pick<Thread, "id" | "orgId" | "number">,
  client: PresenceClient,
) {
  return {
    orgId: thread.orgId,
    threadId: thread.id,
    threadNumber: thread.number,
    memberId: caller.member.id,
    member: { email: caller.member.email, name: caller.member.name },
    client,
  };
}
